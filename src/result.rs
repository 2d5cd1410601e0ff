//! The output contract: results as `../shared/spec/records.md` defines them.
//! Field names and meanings are fixed; fields beyond the contract are additions.

use crate::model::{Assertion, Modifier};
use crate::note::Span;
use serde::Serialize;

/// A cited span of the note with the rule that found it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evidence {
    /// Offsets and text; `text == note[start..end]`.
    #[serde(flatten)]
    pub span: Span,
    /// The lexicon rule (trigger id, or `history.note` for a stated prior procedure).
    pub rule: String,
    /// The note section the span is in.
    pub section: String,
    /// What the note says about it.
    pub assertion: Assertion,
    /// `supports` or `opposes` the suggestion, or `context` (a fact it rests on).
    pub effect: &'static str,
}

/// One modifier considered for a line.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Suggestion {
    /// The modifier.
    pub modifier: Modifier,
    /// 0 to 1.
    pub score: f64,
    /// Why, in a sentence or two naming the facts and phrases.
    pub rationale: String,
    /// Spans that support or oppose it.
    pub evidence: Vec<Evidence>,
}

/// The global period a line was judged against.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GlobalPeriod {
    /// `within`, `same_day`, `outside`, `not_applicable`, `unknown`, `not_bound` or `none`.
    pub status: &'static str,
    /// The index procedure's code.
    pub index_code: Option<String>,
    /// The index procedure's date.
    pub index_date: Option<String>,
    /// 0, 10, 90, or `XXX`/`ZZZ`/`YYY`/`MMM`.
    pub global_days: Option<serde_json::Value>,
    /// Last day of the window.
    pub ends: Option<String>,
    /// Days from the index to this encounter.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub day: Option<i64>,
    /// `history` or `note`.
    pub source: &'static str,
    /// Spans stating the prior procedure, when read from the note.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<Evidence>,
}

/// The result for one procedure line.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LineResult {
    /// The line's code (null when unknown).
    pub code: Option<String>,
    /// Modifiers to append, best first; empty when none applies.
    pub recommended: Vec<Modifier>,
    /// The global period judged, when there is an index procedure.
    pub global_period: Option<GlobalPeriod>,
    /// Every modifier considered, ranked by score.
    pub suggestions: Vec<Suggestion>,
    /// Present when a person should check this line before billing: the
    /// decision rests on an assumption or on close, conflicting evidence. The
    /// recommendation is still the best answer found.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub review: Option<Review>,
}

/// Why a line is routed to a person.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Review {
    /// Plain-word reasons, most important first.
    pub reasons: Vec<String>,
}

/// An audit finding: what was billed against what the documentation supports.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    /// Machine-readable kind.
    pub kind: &'static str,
    /// `error` or `warning`.
    pub severity: &'static str,
    /// The line's code.
    pub code: Option<String>,
    /// The modifier concerned, if any.
    pub modifier: Option<String>,
    /// What is wrong and what fits instead.
    pub message: String,
}

/// A hit that was considered, for `--explain`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Considered {
    /// The span and rule.
    #[serde(flatten)]
    pub evidence: Evidence,
    /// The trigger category.
    pub category: &'static str,
    /// `kept` (counts as evidence) or `dropped`.
    pub outcome: &'static str,
    /// Why it was dropped (the cue or section rule), if it was.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The lexicon entry that matched: a phrase of the trigger, or one of its
    /// regular expressions or token patterns.
    pub matched_by: MatchedBy,
}

/// Which lexicon entry found a hit, and where it is written.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MatchedBy {
    /// `phrase`, `regex` or `tokens`.
    pub kind: &'static str,
    /// The pattern id: the trigger id, with `/patterns[N]` for a regex or token pattern.
    pub id: String,
    /// `file:line` of the phrase list's table or of the pattern.
    pub origin: String,
    /// The regex or token pattern as written (absent for phrases).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub written: Option<String>,
}

/// Provenance of the code tables an analysis used, so an audit can say which
/// edits applied.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CodeTableSources {
    /// Global-period sources, in the order they are layered.
    pub global_days: Vec<String>,
    /// NCCI procedure-to-procedure edit sources.
    pub ncci: Vec<String>,
}

/// The result for one encounter.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EncounterResult {
    /// The caller's id, echoed.
    pub id: Option<String>,
    /// One entry per procedure line, in input order.
    pub procedures: Vec<LineResult>,
    /// Audit findings.
    pub findings: Vec<Finding>,
    /// What could not be checked.
    pub warnings: Vec<String>,
    /// The code tables the global periods and NCCI pairs were read from.
    pub code_tables: CodeTableSources,
    /// Every trigger hit considered (only with `--explain`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub considered: Option<Vec<Considered>>,
}
