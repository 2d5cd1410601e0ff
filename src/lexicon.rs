//! Lexicons: the domain knowledge, as data.
//!
//! This module owns the lexicon schema (documented for users in
//! `lexicons/README.md`), loading the built-in TOML files embedded in the binary,
//! layering user files given with `--lexicon PATH` over them, and validating
//! everything with `file:line: message` errors. It knows nothing about notes:
//! the matcher compiles what is loaded here into automata.
//!
//! Layering: a user entry whose `id` (or section `name`) equals a built-in one
//! replaces it; any other entry is added. Two entries with the same id in the
//! same layer are an error.

use crate::model::{Assertion, Category, Modifier};
use crate::strlist::StrList;
use regex_automata::meta;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};
use toml::Spanned;

/// A lexicon regular expression over the case-folded note view.
///
/// It carries its *lead literals*: a finite set of strings one of which
/// begins every match (`taken`, `brought` for `\b(?:taken|brought) back`),
/// found by regex-syntax's prefix extraction. The matcher finds the leads
/// with its phrase automaton and runs the expression anchored at those
/// places only, which finds exactly what a scan of the whole note would.
/// A pattern with no finite lead set (`leads() == None`) is scanned whole.
///
/// The compiled form is built on first use and shared by clones: a one-note
/// `suggest` compiles only the expressions whose leads occur in its note.
/// `\b` and classes are ASCII (much faster to build and run); a pattern that
/// needs Unicode (say `.` on any character) is built with Unicode instead.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(into = "RegexData", from = "RegexData")]
pub struct Regex(Arc<RegexInner>);

/// What a [`Regex`] holds; clones share it (a matcher built per note copies
/// a hundred of them).
#[derive(Debug)]
struct RegexInner {
    data: RegexData,
    compiled: OnceLock<meta::Regex>,
    /// The forward-only form for one note (see [`Regex::quick`]).
    quick: OnceLock<meta::Regex>,
}

/// What is known of a checked expression without compiling it; what the
/// pre-built lexicon stores (it is compiled again, on first use).
#[derive(Debug, Clone, Serialize, Deserialize)]
struct RegexData {
    source: String,
    syntax: Syntax,
    leads: Option<StrList>,
    /// Every match begins at an ASCII word boundary (`\b` first, ASCII mode).
    word_start: bool,
    /// Literals one of which ends every match (`None`: unknown).
    tails: Option<StrList>,
    /// For a token pattern: the words a note must hold for it to match.
    requires: Vec<Vec<crate::tokens::WordHead>>,
    /// For a token pattern: the same as a backtracking program (no compiling).
    program: Option<crate::tokens::PackedProgram>,
}

impl From<Regex> for RegexData {
    fn from(r: Regex) -> RegexData {
        r.0.data.clone()
    }
}

impl From<RegexData> for Regex {
    fn from(data: RegexData) -> Regex {
        Regex(Arc::new(RegexInner { data, compiled: OnceLock::new(), quick: OnceLock::new() }))
    }
}

/// How an expression's syntax is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
enum Syntax {
    /// `\b` and classes are ASCII (much faster to build and run).
    Ascii,
    /// Unicode, for a pattern that needs it (`.` on any character, say).
    Unicode,
    /// A compiled token pattern: ASCII, and a negated class (a gap word)
    /// matches bytes rather than characters, which builds far smaller
    /// automata. Safe on any note: every token pattern begins and ends with
    /// `\b` and a gap word lies between ASCII separators, so matches begin
    /// and end on character boundaries and a gap covers whole characters.
    /// Its `\b` is ASCII (a non-ASCII letter next to a pattern's edge word
    /// counts as a boundary; documented in `lexicons/README.md`).
    Tokens,
    /// ASCII, with negated classes over bytes, for an expression that is
    /// not valid ASCII syntax only because a negated class (`[^.]`) could
    /// match part of a character, and whose matches begin and end with ASCII
    /// bytes (see [`ascii_edged`]): a match then begins and ends on character
    /// boundaries. It builds several times faster than Unicode syntax (a
    /// consent-list pseudo-trigger: a third of a millisecond against 55 µs);
    /// a bounded repetition of such a class counts bytes, not characters.
    Bytes,
}

impl Syntax {
    fn config(self) -> regex_automata::util::syntax::Config {
        let config = regex_automata::util::syntax::Config::new();
        match self {
            Syntax::Ascii => config.unicode(false),
            Syntax::Unicode => config.unicode(true),
            Syntax::Tokens | Syntax::Bytes => config.unicode(false).utf8(false),
        }
    }
}

/// Whether every match of `source` (read with byte classes) is non-empty and
/// begins and ends with an ASCII byte, so that it begins and ends on
/// character boundaries whatever its negated classes match in between.
fn ascii_edged(source: &str) -> bool {
    let Ok(hir) = regex_automata::util::syntax::parse_with(source, &Syntax::Bytes.config()) else { return false };
    hir.properties().minimum_len().is_some_and(|n| n > 0) && edge_is_ascii(&hir, Edge::First) && edge_is_ascii(&hir, Edge::Last)
}

#[derive(Clone, Copy, PartialEq)]
enum Edge {
    First,
    Last,
}

/// Whether every non-empty match of `hir` has an ASCII byte at `edge`.
fn edge_is_ascii(hir: &regex_syntax::hir::Hir, edge: Edge) -> bool {
    use regex_syntax::hir::{Class, HirKind};
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => true,
        HirKind::Literal(lit) => {
            let byte = if edge == Edge::First { lit.0.first() } else { lit.0.last() };
            byte.is_none_or(u8::is_ascii)
        }
        HirKind::Class(Class::Bytes(c)) => c.ranges().iter().all(|r| r.end().is_ascii()),
        HirKind::Class(Class::Unicode(c)) => c.ranges().iter().all(|r| r.end().is_ascii()),
        HirKind::Repetition(rep) => edge_is_ascii(&rep.sub, edge),
        HirKind::Capture(cap) => edge_is_ascii(&cap.sub, edge),
        HirKind::Alternation(branches) => branches.iter().all(|b| edge_is_ascii(b, edge)),
        HirKind::Concat(items) => match edge {
            Edge::First => concat_edge_is_ascii(items.iter(), edge),
            Edge::Last => concat_edge_is_ascii(items.iter().rev(), edge),
        },
    }
}

/// The edge byte of a concatenation comes from the first item, from that
/// side, that matches something; items that may match nothing pass it on.
fn concat_edge_is_ascii<'h>(from_edge: impl Iterator<Item = &'h regex_syntax::hir::Hir>, edge: Edge) -> bool {
    for item in from_edge {
        if !edge_is_ascii(item, edge) {
            return false;
        }
        if item.properties().minimum_len().is_some_and(|n| n > 0) {
            return true;
        }
    }
    true
}

/// At most this many lead literals per expression; more and it is scanned whole.
const MAX_LEADS: usize = 256;

impl RegexInner {
    fn with_compiled(source: &str, syntax: Syntax, compiled: meta::Regex) -> RegexInner {
        let (leads, word_start, tails) = literals(source, syntax);
        let data =
            RegexData { source: source.to_string(), syntax, leads, word_start, tails, requires: Vec::new(), program: None };
        RegexInner { data, compiled: OnceLock::from(compiled), quick: OnceLock::new() }
    }
}

impl Regex {
    fn build(source: &str, syntax: Syntax, prefilter: bool) -> Result<meta::Regex, meta::BuildError> {
        let config =
            meta::Config::new().auto_prefilter(prefilter).nfa_size_limit(Some(1 << 20)).hybrid_cache_capacity(1 << 22);
        meta::Builder::new()
            .configure(config)
            .syntax(syntax.config())
            .build(source)
    }

    /// Compiles `source` (checking it) and extracts its lead literals.
    pub fn new(source: &str) -> Result<Regex, meta::BuildError> {
        match Regex::build(source, Syntax::Ascii, false) {
            Ok(r) => Ok(Regex(Arc::new(RegexInner::with_compiled(source, Syntax::Ascii, r)))),
            Err(_) => {
                let bytes = ascii_edged(source).then(|| Regex::build(source, Syntax::Bytes, false).ok()).flatten();
                let (syntax, compiled) = match bytes {
                    Some(compiled) => (Syntax::Bytes, compiled),
                    None => (Syntax::Unicode, Regex::build(source, Syntax::Unicode, false)?),
                };
                Ok(Regex(Arc::new(RegexInner::with_compiled(source, syntax, compiled))))
            }
        }
    }

    /// Compiles a token pattern's expression (in a byte-class syntax: a gap
    /// word matches bytes, `\b` is ASCII), keeping its program and the words
    /// a note must hold for it to match (see [`crate::tokens::compile_all`]).
    pub fn from_tokens(tokens: crate::tokens::Compiled) -> Result<Regex, meta::BuildError> {
        let compiled = Regex::build(&tokens.regex, Syntax::Tokens, false)?;
        let mut inner = RegexInner::with_compiled(&tokens.regex, Syntax::Tokens, compiled);
        // With a program nothing is compiled for one note, so its suffix
        // literals (which only spare a compile) are not kept.
        inner.data.tails = None;
        (inner.data.requires, inner.data.program) = (tokens.requires, Some(crate::tokens::PackedProgram::new(tokens.program)));
        Ok(Regex(Arc::new(inner)))
    }


    /// The pattern as written in the lexicon.
    pub fn as_str(&self) -> &str {
        &self.0.data.source
    }

    /// Literals one of which begins every match, or `None` when a match may
    /// begin anywhere.
    pub fn leads(&self) -> Option<&StrList> {
        self.0.data.leads.as_ref()
    }

    /// Whether every match begins where an ASCII word begins (the expression
    /// opens with `\b` and is ASCII): a lead made of word characters can then
    /// only match at the start of a note word that begins with it.
    pub fn starts_words(&self) -> bool {
        self.0.data.word_start && self.0.data.syntax != Syntax::Unicode
    }

    /// Whether compiling this expression for `hay` can be skipped outright:
    /// every match ends with one of its suffix literals and none occurs.
    pub fn cannot_match(&self, hay: &str) -> bool {
        self.0.data.tails.as_ref().is_some_and(|tails| !tails.iter().any(|t| hay.contains(t)))
    }

    /// For a token pattern, the words a note must hold for it to match: one
    /// of each list, as whole ASCII words (or word starts, for inflections).
    pub fn required_words(&self) -> &[Vec<crate::tokens::WordHead>] {
        &self.0.data.requires
    }

    /// For a token pattern, the backtracking program that finds what the
    /// expression finds, with nothing to compile.
    pub fn program(&self) -> Option<&crate::tokens::Program> {
        self.0.data.program.as_ref().map(crate::tokens::PackedProgram::get)
    }

    /// Whether a compiled form has been built.
    pub fn is_compiled(&self) -> bool {
        self.0.compiled.get().is_some() || self.0.quick.get().is_some()
    }

    /// A form that builds in about half the time and searches slower: only
    /// the forward automaton, run by the bounded backtracker or the PikeVM
    /// (no lazy DFA, hence no reverse automaton to build). For the few
    /// anchored searches of one note (`suggest`); it finds exactly what
    /// [`Regex::compiled`] finds.
    pub fn quick(&self) -> &meta::Regex {
        self.0.quick.get_or_init(|| {
            let config = meta::Config::new().auto_prefilter(false).onepass(false).dfa(false).hybrid(false);
            meta::Builder::new()
                .configure(config)
                .syntax(self.0.data.syntax.config())
                .build(&self.0.data.source)
                .unwrap_or_else(|_| self.compiled().clone())
        })
    }

    /// The compiled form (no literal prefilter: the matcher searches it
    /// anchored at lead literals), built on first use.
    pub fn compiled(&self) -> &meta::Regex {
        self.0.compiled.get_or_init(|| {
            Regex::build(&self.0.data.source, self.0.data.syntax, false).expect("lexicon expressions are checked when loaded")
        })
    }

    /// The same expression with a literal prefilter, for scanning whole notes
    /// (expressions without leads) in runs over many notes.
    pub fn for_many_notes(&self) -> meta::Regex {
        Regex::build(&self.0.data.source, self.0.data.syntax, true).unwrap_or_else(|_| self.compiled().clone())
    }
}

/// The prefix literals of `source` (every match begins with one of them;
/// `None` when the set is infinite, too large, or holds the empty string),
/// whether the expression opens with a word boundary, and its suffix literals.
fn literals(source: &str, syntax: Syntax) -> (Option<StrList>, bool, Option<StrList>) {
    use regex_syntax::hir::literal::ExtractKind;
    let Ok(hir) = regex_automata::util::syntax::parse_with(source, &syntax.config()) else { return (None, false, None) };
    let word_start = match hir.kind() {
        regex_syntax::hir::HirKind::Concat(parts) => parts.first().is_some_and(|p| {
            use regex_syntax::hir::{HirKind, Look};
            matches!(p.kind(), HirKind::Look(Look::WordAscii | Look::WordStartAscii | Look::WordStartHalfAscii))
        }),
        _ => false,
    };
    (extract(&hir, ExtractKind::Prefix), word_start, extract(&hir, ExtractKind::Suffix))
}

fn extract(hir: &regex_syntax::hir::Hir, kind: regex_syntax::hir::literal::ExtractKind) -> Option<StrList> {
    use regex_syntax::hir::literal::Extractor;
    if hir.properties().minimum_len().is_none_or(|n| n == 0) {
        return None;
    }
    let seq = Extractor::new().kind(kind).extract(hir);
    let literals = seq.literals()?;
    if literals.is_empty() || literals.len() > MAX_LEADS {
        return None;
    }
    let mut leads = Vec::with_capacity(literals.len());
    for lit in literals {
        if lit.as_bytes().is_empty() {
            return None;
        }
        leads.push(String::from_utf8(lit.as_bytes().to_vec()).ok()?);
    }
    leads.sort();
    leads.dedup();
    Some(leads.into())
}

/// The lexicon files compiled into the binary, by their path in the repository.
pub const BUILTIN_FILES: &[(&str, &str)] = &[
    ("lexicons/triggers.toml", include_str!("../lexicons/triggers.toml")),
    ("lexicons/context.toml", include_str!("../lexicons/context.toml")),
    ("lexicons/sections.toml", include_str!("../lexicons/sections.toml")),
    ("lexicons/procedures.toml", include_str!("../lexicons/procedures.toml")),
    ("lexicons/patterns.toml", include_str!("../lexicons/patterns.toml")),
    ("lexicons/classes.toml", include_str!("../lexicons/classes.toml")),
    ("lexicons/services.toml", include_str!("../lexicons/services.toml")),
    ("lexicons/scoring.toml", include_str!("../lexicons/scoring.toml")),
];

/// Where an entry came from, for error messages and `--explain`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Origin {
    /// File path as given (or the built-in path).
    pub file: Arc<str>,
    /// 1-based line of the entry's table header.
    pub line: usize,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.file, self.line)
    }
}

/// One problem found in a lexicon file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}: {message}")]
pub struct LexiconIssue {
    /// The file, as given.
    pub file: String,
    /// 1-based line (0 when the problem concerns the whole file).
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

/// Every problem found while loading lexicons; loading fails if there is any.
#[derive(Debug, Clone, thiserror::Error)]
pub struct LexiconError {
    /// The problems, in file order.
    pub issues: Vec<LexiconIssue>,
}

impl fmt::Display for LexiconError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, issue) in self.issues.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{issue}")?;
        }
        Ok(())
    }
}

/// Which way from a cue its scope runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// The cue governs words after it ("no hematoma").
    Forward,
    /// The cue governs words before it ("hematoma was ruled out").
    Backward,
    /// Either side.
    Both,
}

/// What a regular-expression pattern extracts; the engine reads its named groups.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PatternKind {
    /// A calendar date: groups `y`, `m`, `d` (numbers) or `month` (a month name).
    Date,
    /// A post-operative day count: group `n`.
    PostOpDay,
    /// Time before this encounter ("6 weeks ago"): groups `n`, `unit`.
    Ago,
    /// Time after a prior surgery ("3 days after surgery"): groups `n`, `unit`.
    After,
    /// A CPT code named in the text: group `code`.
    Cpt,
    /// The date of service as a note's opening lines state it: groups as `date`.
    ServiceDate,
    /// The date of service as an addendum corrects it ("Correction - date of
    /// service on this note should read 03/10/2025"): groups as `date`. It
    /// wins over every other date of service the note states.
    CorrectedServiceDate,
    /// The date of a visit ("Seen 8/4 for a pearly papule"): groups as `date`.
    /// It dates no operation named beside it (a visit is not an operation),
    /// only one a later sentence says was done "that day".
    VisitDate,
    /// A block of clock time ("10:02-10:15", "1:30 to 2:10 pm"): groups `h1`,
    /// `m1`, `h2`, `m2`, optional `p1`/`p2` (am/pm).
    TimeRange,
    /// A clock time ("09:15", "9:40 pm"): groups `h`, `m`, optional `p`.
    ClockTime,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TriggerDef {
    id: String,
    category: Category,
    #[serde(default)]
    phrases: Vec<Spanned<String>>,
    #[serde(default)]
    patterns: Vec<Spanned<String>>,
    #[serde(default)]
    tokens: Vec<Spanned<String>>,
    #[serde(default)]
    supports: Vec<Modifier>,
    #[serde(default)]
    opposes: Vec<Modifier>,
    weight: f64,
    #[serde(default)]
    codes: Vec<String>,
    #[serde(default)]
    within: Option<String>,
    #[serde(default)]
    diagnoses: Vec<String>,
    #[serde(default)]
    single_line: bool,
    #[serde(default)]
    any_kind: bool,
    #[serde(default)]
    index_failure: bool,
    #[serde(default)]
    overrides_plan: bool,
    #[serde(default)]
    note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CueDef {
    id: String,
    assertion: Assertion,
    direction: Direction,
    #[serde(default)]
    max_words: u32,
    #[serde(default)]
    phrases: Vec<Spanned<String>>,
    #[serde(default)]
    patterns: Vec<Spanned<String>>,
    #[serde(default)]
    tokens: Vec<Spanned<String>>,
    #[serde(default)]
    categories: Vec<Category>,
    #[serde(default)]
    except_categories: Vec<Category>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ClassDef {
    name: String,
    words: Vec<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct StagedSequenceDef {
    id: String,
    says: String,
    first: Vec<Spanned<String>>,
    then: Vec<Spanned<String>>,
    #[serde(default)]
    either_side: bool,
    #[serde(default)]
    first_named: Vec<String>,
    #[serde(default)]
    after_failure: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PhraseListDef {
    id: String,
    #[serde(default)]
    phrases: Vec<Spanned<String>>,
    #[serde(default)]
    patterns: Vec<Spanned<String>>,
    #[serde(default)]
    tokens: Vec<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SectionDef {
    name: String,
    aliases: Vec<Spanned<String>>,
    #[serde(default)]
    narrative: bool,
    #[serde(default)]
    paragraph: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SectionRuleDef {
    id: String,
    section: String,
    assertion: Assertion,
    #[serde(default)]
    categories: Vec<Category>,
    #[serde(default)]
    when_body: Vec<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ProcedureDef {
    id: String,
    #[serde(default)]
    code: Option<String>,
    #[serde(default)]
    global: Option<String>,
    #[serde(default)]
    region: Option<String>,
    #[serde(default)]
    by_region: std::collections::BTreeMap<String, String>,
    phrases: Vec<Spanned<String>>,
    #[serde(default)]
    tokens: Vec<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PatternDef {
    id: String,
    kind: PatternKind,
    regex: Spanned<String>,
}

/// Weights and thresholds of the ranking model (see `rank`).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct Scoring {
    /// Steepness of `score = gate * (1 - exp(-gain * evidence))`.
    pub gain: f64,
    /// A modifier is recommended when its score reaches this.
    pub threshold: f64,
    /// Gate for 58/78/79 when the index procedure comes from the note text alone.
    pub text_only_gate: f64,
    /// Fact weight for 79: the line's side differs from the index procedure's.
    pub other_side: f64,
    /// Fact weight for 79: the line's body region differs from the index's.
    pub other_region: f64,
    /// Fact weight for 79: the line and the index are different organs of one
    /// body area (a gallbladder and an appendix; see `Lexicon::other_organ`).
    pub other_organ: f64,
    /// Fact weight for 79: the line's diagnoses share no ICD-10 category with the index's.
    pub other_diagnosis: f64,
    /// Fact weight for 79 (usually negative): the diagnoses match the index's.
    pub same_diagnosis: f64,
    /// Fact weight for 79 in place of `same_diagnosis` on a line on the other
    /// side than the index: the same disease in the other knee is weaker
    /// evidence of one problem (bilateral disease is common).
    pub same_diagnosis_other_side: f64,
    /// Fact weight for 79: the line treats an injury (S code) of a body
    /// region the index's diagnoses do not name: a new injury.
    pub new_injury: f64,
    /// Fact weight for 78/58: same side and region as the index.
    pub same_site: f64,
    /// Fact weight for XS: the two lines of a pair are on different sides.
    pub pair_other_side: f64,
    /// Score factor for plain 59 when the payer is Medicare and a subset fits.
    pub medicare_plain_59: f64,
    /// Fact weight for 76/77: the same code twice on the same day.
    pub same_code_same_day: f64,
    /// Weight of the same trigger id seen again (each extra hit), before capping.
    pub repeat_hit_factor: f64,
    /// How much opposing evidence counts against a modifier, relative to supporting evidence.
    pub oppose_factor: f64,
    /// Fact weight for 78 (and against 79, and by `oppose_factor` against 58): a line
    /// diagnosis is a complication of care (one of `complication_dx_prefixes`).
    pub complication_diagnosis: f64,
    /// Gate for 78 when the setting is unknown (neither an operating/procedure room nor the bedside).
    pub unknown_setting_gate: f64,
    /// ICD-10-CM prefixes of complication-of-care diagnoses (T80-T88).
    pub complication_dx_prefixes: Vec<String>,
    /// ICD-10-CM prefixes of diseases no complication word describes (a worn
    /// joint, a cataract, an enlarged prostate): where the only diagnosis a
    /// line shares with its index is one of these, infection, bleeding or
    /// wound words cannot name what the index treated, and count in full.
    pub quiet_dx_prefixes: Vec<String>,
    /// ICD-10-CM prefixes whose fifth character names the spinal region or
    /// level (M48.54 thoracic, M48.56 lumbar): codes of one category that
    /// differ there are diseases of different places, not the same diagnosis.
    pub level_dx_prefixes: Vec<String>,
    /// Code-table regions whose places anatomic modifiers name (fingers
    /// F1-FA, toes T1-TA, eyelids E1-E4, coronary arteries): the same code on
    /// two lines at two such places is told apart by those, not by 59.
    pub anatomic_modifier_regions: Vec<String>,
    /// Codes for taking out what an operation left in (wires and pins,
    /// sutures, a cast): at the bedside or in the office, inside the
    /// global period of the operation at that site, such work is its
    /// post-operative care, in its global package, whatever plan the note
    /// tells ("pin pull as planned"): no 58.
    pub post_op_care_codes: Vec<String>,
    /// Days of post-operative window assumed for the author's own earlier
    /// operation stated in prose ("I placed his port on 3/14") when no table
    /// knows its global period; such lines are flagged for review.
    pub prose_prior_window: i64,
    /// A present staged-intent hit at least this strong (trigger weight)
    /// explains the complication words of a note (see `rank`), unless an
    /// `unplanned` hit says otherwise.
    pub plan_explains_complications: f64,
    /// How much complication words count on a line on another side or body
    /// region than the index procedure.
    pub other_site_complication: f64,
    /// How much staged, more-extensive and therapy-after-diagnostic words
    /// count on a line in another body region than the index procedure.
    pub other_region_plan: f64,
    /// How much those words count on a line whose diagnosis is not the
    /// index's but another earlier operation's (a bladder tumour resected
    /// last month, during a nephrectomy's global): the plan is that
    /// operation's course.
    pub plan_of_another_course: f64,
    /// How much words bearing on 58/78/79 count on a line when their sentence
    /// names only another line's places (see `rank`).
    pub other_line_words: f64,
    /// Added to 58 when the line's diagnosis is the index procedure's own
    /// (and not a complication code): a related return, planned unless a
    /// complication is documented.
    pub same_diagnosis_58: f64,
    /// Scores this close to each other (or half this close to the threshold)
    /// flag a line for review.
    pub review_margin: f64,
    /// Fact weight for XS/59: the note places the two lines of a pair at different anatomic sites.
    pub pair_other_site: f64,
    /// Fact weight for 58 (and, by `oppose_factor`, against 79): the index is a
    /// diagnostic procedure and the line is not.
    pub diagnostic_index: f64,
    /// Fact weight for 58 (and, by `oppose_factor`, against 79): the line
    /// completes a course its index began (`staged_sequence`).
    pub course_sequel: f64,
    /// How much complication words count on a line whose diagnosis is the
    /// index procedure's own (not a complication code).
    pub indication_complication: f64,
    /// A present `unrelated` hit at least this strong (trigger weight) says
    /// the problem is not the index's: complication words then count
    /// `other_site_complication` as much (see `rank`).
    pub unrelated_explains_complications: f64,
    /// A present `more_extensive` hit at least this strong (trigger weight),
    /// with no `unrelated` hit strong enough to explain complications, says
    /// the line completes the index (a completion thyroidectomy): the other
    /// side is then no sign of a new problem for 79.
    pub sequel_explains_other_side: f64,
    /// How much `unrelated` words count on a line at the index's site (same
    /// body region, not the other side) when another line of the claim is
    /// elsewhere (another side or region, or no known site with other
    /// diagnoses): the unrelated problem is that line's.
    pub unrelated_at_index_site: f64,
    /// How much `unrelated` words count on a line at its index's site whose
    /// diagnosis is a new complication of care: the code says the problem
    /// came of an operation ("new problem" of a hematoma at the nail's
    /// incision).
    pub unrelated_beside_complication_code: f64,
    /// How much complication, return and unplanned words count on a line
    /// away from the index's site (another side or region) when another line
    /// of the claim is at it: the complication and the return are that
    /// line's.
    pub return_words_away_from_index: f64,
    /// Fact weight for XU/59: the note times the two lines of a pair in
    /// separate, non-overlapping blocks of clock time.
    pub pair_separate_times: f64,
    /// How much complication words count where the note never speaks of the
    /// index and the line's diagnoses are of another ICD-10 chapter (and no
    /// complication code): they describe the line's own problem.
    pub unlinked_complication: f64,
    /// Timed blocks of two paired services at least this many minutes apart
    /// are separate sessions (XE); closer, one session's non-overlapping
    /// services (XU).
    pub separate_session_minutes: i64,
    /// Fact weight for XE/59: the note times the two lines of a pair in
    /// blocks `separate_session_minutes` or more apart (separate encounters).
    pub pair_separate_sessions: f64,
}

/// The compiled-in `anatomic_modifier_regions` (as in `scoring.toml`).
const ANATOMIC_MODIFIER_REGIONS: &[&str] = &["hand", "foot", "eye", "heart"];

/// The compiled-in `post_op_care_codes` (as in `scoring.toml`).
const POST_OP_CARE_CODES: &[&str] = &["20670", "15851", "29700", "29705", "29710"];

/// The compiled-in `level_dx_prefixes` (as in `scoring.toml`).
const LEVEL_DX_PREFIXES: &[&str] = &["M43.0", "M43.1", "M46", "M47.8", "M48.0", "M48.5", "M50", "M51", "M53.2", "M54.1", "S22.0", "S32.0", "M65.3"];

/// The compiled-in `quiet_dx_prefixes` (as in `scoring.toml`).
const QUIET_DX_PREFIXES: &[&str] = &[
    "M15", "M16", "M17", "M18", "M19", "M20", "M21", "M22", "M23", "M40", "M41", "M42", "M43", "M45", "M47", "M48", "M50", "M51",
    "M53", "M54", "M65.3", "M67", "M70", "M72.0", "M75", "M76", "M77", "G56", "G57", "H25", "H26", "H40", "J34.2", "J34.3", "J35", "N18", "N40", "N81", "N39.3",
];

impl Default for Scoring {
    fn default() -> Self {
        Scoring {
            gain: 1.5,
            threshold: 0.5,
            text_only_gate: 0.85,
            other_side: 1.0,
            other_region: 0.8,
            other_organ: 0.65,
            other_diagnosis: 0.5,
            same_diagnosis: -0.6,
            same_diagnosis_other_side: -0.3,
            new_injury: 0.6,
            same_site: 0.1,
            pair_other_side: 0.8,
            medicare_plain_59: 0.6,
            same_code_same_day: 0.6,
            repeat_hit_factor: 0.25,
            oppose_factor: 0.5,
            complication_diagnosis: 0.8,
            unknown_setting_gate: 0.6,
            complication_dx_prefixes: [
                "T79.A", "T80", "T81", "T82", "T83", "T84", "T85", "T86", "T87", "T88", "I97", "K91", "K94", "K95", "K68.11", "O86.0",
                "O90.0", "O90.1", "O90.2", "N99", "J95", "G97", "H59", "H95", "E89", "M96.0", "M96.6", "M96.8", "L76", "D78", "K43.0", "K43.1", "K43.2", "R50.82",
            ]
                .iter()
                .map(|s| s.to_string())
                .collect(),
            quiet_dx_prefixes: QUIET_DX_PREFIXES.iter().map(|s| s.to_string()).collect(),
            level_dx_prefixes: LEVEL_DX_PREFIXES.iter().map(|s| s.to_string()).collect(),
            anatomic_modifier_regions: ANATOMIC_MODIFIER_REGIONS.iter().map(|s| s.to_string()).collect(),
            post_op_care_codes: POST_OP_CARE_CODES.iter().map(|s| s.to_string()).collect(),
            prose_prior_window: 90,
            plan_explains_complications: 0.88,
            other_site_complication: 0.5,
            other_region_plan: 0.5,
            plan_of_another_course: 0.0,
            other_line_words: 0.3,
            same_diagnosis_58: 0.5,
            review_margin: 0.10,
            pair_other_site: 0.8,
            diagnostic_index: 0.7,
            course_sequel: 0.7,
            indication_complication: 0.4,
            unrelated_explains_complications: 0.88,
            sequel_explains_other_side: 0.8,
            unrelated_at_index_site: 0.0,
            unrelated_beside_complication_code: 0.4,
            return_words_away_from_index: 0.0,
            pair_separate_times: 0.85,
            unlinked_complication: 0.0,
            separate_session_minutes: 60,
            pair_separate_sessions: 0.9,
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileDoc {
    #[serde(default)]
    trigger: Vec<Spanned<TriggerDef>>,
    #[serde(default)]
    cue: Vec<Spanned<CueDef>>,
    #[serde(default)]
    pseudo: Vec<Spanned<PhraseListDef>>,
    #[serde(default)]
    terminator: Vec<Spanned<PhraseListDef>>,
    #[serde(default)]
    section: Vec<Spanned<SectionDef>>,
    #[serde(default)]
    section_rule: Vec<Spanned<SectionRuleDef>>,
    #[serde(default)]
    procedure: Vec<Spanned<ProcedureDef>>,
    #[serde(default)]
    pattern: Vec<Spanned<PatternDef>>,
    #[serde(default)]
    class: Vec<Spanned<ClassDef>>,
    #[serde(default)]
    staged_sequence: Vec<Spanned<StagedSequenceDef>>,
    #[serde(default)]
    abbreviations: Option<Spanned<Vec<Spanned<String>>>>,
    #[serde(default)]
    closing_abbreviations: Option<Spanned<Vec<Spanned<String>>>>,
    #[serde(default)]
    diagnostic_codes: Option<Spanned<Vec<Spanned<String>>>>,
    #[serde(default)]
    single_unit_codes: Option<Spanned<Vec<Spanned<String>>>>,
    #[serde(default)]
    body_areas: Option<Spanned<Vec<Spanned<Vec<String>>>>>,
    #[serde(default)]
    specialty_families: Option<Spanned<Vec<Spanned<Vec<String>>>>>,
    #[serde(default)]
    specialty_regions: Option<Spanned<Vec<Spanned<Vec<String>>>>>,
    #[serde(default)]
    place_only_pairs: Option<Spanned<Vec<Spanned<Vec<Spanned<String>>>>>>,
    #[serde(default)]
    session_only_pairs: Option<Spanned<Vec<Spanned<Vec<Spanned<String>>>>>>,
    #[serde(default)]
    site_labels: Option<Spanned<Vec<Spanned<String>>>>,
    #[serde(default)]
    service_date_heads: Option<Spanned<Vec<Spanned<String>>>>,
    #[serde(default)]
    author_labels: Option<Spanned<Vec<Spanned<String>>>>,
    #[serde(default)]
    credentials: Option<Spanned<Vec<Spanned<String>>>>,
    #[serde(default)]
    same_day_refs: Option<Spanned<Vec<Spanned<String>>>>,
    #[serde(default)]
    sign_off_words: Option<Spanned<Vec<Spanned<String>>>>,
    #[serde(default)]
    history_disputes: Option<Spanned<Vec<Spanned<String>>>>,
    #[serde(default)]
    planned_day_words: Option<Spanned<Vec<Spanned<String>>>>,
    #[serde(default)]
    future_day_words: Option<Spanned<Vec<Spanned<String>>>>,
    #[serde(default)]
    span_bound_words: Option<Spanned<Vec<Spanned<String>>>>,
    #[serde(default)]
    birth_date_heads: Option<Spanned<Vec<Spanned<String>>>>,
    #[serde(default)]
    removal_words: Option<Spanned<Vec<Spanned<String>>>>,
    #[serde(default)]
    next_operation_words: Option<Spanned<Vec<Spanned<String>>>>,
    #[serde(default)]
    repeat_work_words: Option<Spanned<Vec<Spanned<String>>>>,
    #[serde(default)]
    current_operation_openers: Option<Spanned<Vec<Spanned<String>>>>,
    #[serde(default)]
    encounter_headings: Option<Spanned<Vec<Spanned<String>>>>,
    #[serde(default)]
    spellings: Option<Spanned<Vec<Spanned<Vec<String>>>>>,
    #[serde(default)]
    shorthands: Option<Spanned<Vec<Spanned<Vec<String>>>>>,
    #[serde(default)]
    scoring: Option<Spanned<Scoring>>,
}

/// A phrase or pattern that is evidence for or against modifiers.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Trigger {
    /// Stable rule id, cited in evidence as `rule`.
    pub id: String,
    /// What the phrase is evidence of.
    pub category: Category,
    /// Literal phrases, matched whole-word and case-insensitively.
    pub phrases: StrList,
    /// Regular expressions over the case-folded note view: the `patterns` as
    /// written, then the compiled `tokens`.
    pub patterns: Vec<Regex>,
    /// Where each of `patterns` came from, in the same order.
    pub pattern_sources: Vec<PatternSource>,
    /// Modifiers this evidence supports.
    pub supports: Vec<Modifier>,
    /// Modifiers this evidence argues against.
    pub opposes: Vec<Modifier>,
    /// Strength, 0 to 1.
    pub weight: f64,
    /// For a `service` trigger: the codes (or inclusive ranges) whose work its
    /// phrases name. For a `site` trigger: the codes among those any site
    /// lists whose work can lie there (a knee holds a major joint's injection,
    /// 20610, not an intermediate joint's, 20605).
    pub codes: Vec<(String, String)>,
    /// For a `site` trigger: the id of the wider site it lies in (a disc level
    /// in the lumbar spine); a mention of the wider site is the same place.
    #[serde(default)]
    pub within: Option<String>,
    /// `within` resolved when the lexicon loads: the indices in
    /// [`Lexicon::triggers`] of every site this one lies in, nearest first
    /// (a disc level: the lumbar spine, then the spine).
    #[serde(default)]
    pub wider: Vec<usize>,
    /// For a `site` trigger: ICD-10-CM code prefixes, upper case and without
    /// the dot, of diagnoses that name this site ("M17" osteoarthritis of the
    /// knee, "M7706" ...): the site a line's diagnosis names when the note
    /// does not place the line's work.
    #[serde(default)]
    pub diagnoses: Vec<String>,
    /// For a `repeat` trigger: the phrase only says when work was done
    /// ("this morning"), so it makes a repeat only on a one-line claim.
    #[serde(default)]
    pub single_line: bool,
    /// For a `service` trigger: the phrase names work of many kinds ("I
    /// scoped him": any endoscopy), so two codes it covers are not thereby
    /// work of one kind (an EGD yesterday is no earlier colonoscopy).
    #[serde(default)]
    pub any_kind: bool,
    /// For a `complication` trigger: the phrase names the failure of the index
    /// operation's own work (a graft that did not take, screws that backed
    /// out), which can never be the disease the index treated; it counts in
    /// full on a line with the index's own diagnosis.
    #[serde(default)]
    pub index_failure: bool,
    /// For an `unplanned` trigger: the return came before the plan's time
    /// ("brought back early", "taken back sooner than planned"), so the plan the note
    /// states is not what happened: its staged words count for nothing.
    #[serde(default)]
    pub overrides_plan: bool,
    /// Where it was defined.
    pub origin: Origin,
}

impl Trigger {
    /// Whether this (`service`) trigger names the work of `code`.
    pub fn covers(&self, code: &str) -> bool {
        in_ranges(code, &self.codes)
    }
}

/// Whether `code` is one of the inclusive, same-length ranges (case-insensitive).
pub fn code_in_ranges<'a>(code: &str, ranges: impl IntoIterator<Item = (&'a str, &'a str)>) -> bool {
    let code = code.trim().to_ascii_uppercase();
    ranges.into_iter().any(|(lo, hi)| code.len() == lo.len() && lo <= code.as_str() && code.as_str() <= hi)
}

/// Whether (column 1, column 2) falls in one of the listed pairs of code ranges.
fn pair_listed(pairs: &[((String, String), (String, String))], column1: &str, column2: &str) -> bool {
    pairs.iter().any(|(c1, c2)| in_ranges(column1, std::slice::from_ref(c1)) && in_ranges(column2, std::slice::from_ref(c2)))
}

/// [`code_in_ranges`] over the lexicon's own `(low, high)` pairs.
fn in_ranges(code: &str, ranges: &[(String, String)]) -> bool {
    code_in_ranges(code, ranges.iter().map(|(lo, hi)| (lo.as_str(), hi.as_str())))
}

impl Lexicon {
    /// Whether `code` is a diagnostic surgical procedure (`diagnostic_codes`).
    pub fn is_diagnostic(&self, code: &str) -> bool {
        in_ranges(code, &self.diagnostic_codes)
    }

    /// Whether `code` is reported once per session however many lesions or
    /// places it treats (`single_unit_codes`).
    pub fn is_single_unit(&self, code: &str) -> bool {
        in_ranges(code, &self.single_unit_codes)
    }

    /// Whether only a separate place unbundles this NCCI pair
    /// (`place_only_pairs`): manual therapy beside a spinal manipulation is
    /// separately reportable at another region, never for its own time alone.
    pub fn place_only(&self, column1: &str, column2: &str) -> bool {
        pair_listed(&self.place_only_pairs, column1, column2)
    }

    /// Whether only a separate session unbundles this NCCI pair
    /// (`session_only_pairs`): a diagnostic endoscopy beside a surgical one of
    /// its family looks at the whole tract it passes, so no other place sets
    /// it apart; only a separate encounter does.
    pub fn session_only(&self, column1: &str, column2: &str) -> bool {
        pair_listed(&self.session_only_pairs, column1, column2)
    }

    /// The course that `then` completes after `first`, if the lexicon knows one.
    pub fn staged_sequence(&self, first: &str, then: &str) -> Option<&StagedSequence> {
        self.staged_sequences.iter().find(|q| in_ranges(first, &q.first) && in_ranges(then, &q.then))
    }

    /// The course that `then` completes after a prior the note names as
    /// procedure `named` (a `procedures.toml` id) with no code of its own.
    pub fn staged_sequence_named(&self, named: &str, then: &str) -> Option<&StagedSequence> {
        self.staged_sequences.iter().find(|q| q.first_named.iter().any(|n| n == named) && in_ranges(then, &q.then))
    }

    /// Whether an ICD-10-CM code is a complication of care: it starts with
    /// one of `complication_dx_prefixes` (case and surrounding space ignored).
    pub fn is_complication_diagnosis(&self, diagnosis: &str) -> bool {
        let d = diagnosis.trim().to_ascii_uppercase();
        self.scoring.complication_dx_prefixes.iter().any(|p| d.starts_with(&p.trim().to_ascii_uppercase()))
    }

    /// The key two diagnoses are compared by: the ICD-10-CM category (its
    /// first four characters), or five where the fifth names the spinal
    /// region or level, or the digit (`level_dx_prefixes`).
    pub fn diagnosis_key(&self, diagnosis: &str) -> String {
        let code: String = diagnosis.trim().chars().filter(|c| c.is_ascii_alphanumeric()).collect::<String>().to_ascii_uppercase();
        let leveled = self.scoring.level_dx_prefixes.iter().any(|p| code.starts_with(&p.replace('.', "").trim().to_ascii_uppercase()));
        code.chars().take(if leveled { 5 } else { 4 }).collect()
    }

    /// Whether an ICD-10-CM code is a disease no complication word describes:
    /// it starts with one of `quiet_dx_prefixes` (case and surrounding space
    /// ignored).
    pub fn is_quiet_diagnosis(&self, diagnosis: &str) -> bool {
        let d = diagnosis.trim().to_ascii_uppercase();
        self.scoring.quiet_dx_prefixes.iter().any(|p| d.starts_with(&p.trim().to_ascii_uppercase()))
    }

    /// The `specialty_families` groups whose words `text` (folded) holds as
    /// whole words ("orthopaedic surgery", "one of the podiatrists").
    pub fn specialty_families_in(&self, text: &str) -> Vec<usize> {
        let named = |g: &Vec<String>| g.iter().any(|w| crate::fold::holds_words(text, w));
        self.specialty_families.iter().enumerate().filter(|(_, g)| named(g)).map(|(i, _)| i).collect()
    }

    /// Whether `text` (folded) names a specialty and `own` (a provider's
    /// specialty, folded) names one too, none of the same family: "one of the
    /// orthopedic hand surgeons in our group" in a podiatrist's note.
    pub fn other_specialty(&self, text: &str, own: &str) -> bool {
        let (named, own) = (self.specialty_families_in(text), self.specialty_families_in(own));
        !named.is_empty() && !own.is_empty() && !named.iter().any(|g| own.contains(g))
    }

    /// The code-table regions the provider's specialty (`own`, folded)
    /// operates on (`specialty_regions`), where the lexicon knows them: an
    /// ophthalmologist's are the eye's and the face's, never an arm's fistula.
    pub fn regions_of_specialty(&self, own: &str) -> Option<Vec<&str>> {
        let own = self.specialty_families_in(own);
        let mut regions: Vec<&str> = Vec::new();
        let mut known = false;
        for (word, list) in &self.specialty_regions {
            if self.specialty_families_in(word).iter().any(|g| own.contains(g)) {
                known = true;
                regions.extend(list.iter().map(String::as_str));
            }
        }
        known.then_some(regions)
    }

    /// Whether two code-table regions are one body area (`body_areas`): the
    /// same region, or two regions a group lists together (the abdominal
    /// wall and the bowel beneath it).
    pub fn same_body_area(&self, a: &str, b: &str) -> bool {
        a == b || self.body_areas.iter().any(|g| g.iter().any(|r| r == a) && g.iter().any(|r| r == b))
    }

    /// Whether two code-table regions are different organs of one body area:
    /// both in one `body_areas` group and neither its first region, the wall
    /// or cavity that holds the others (a hernia or a laparotomy may be at any
    /// of them). A gallbladder and an appendix are; the abdomen and either is not.
    pub fn other_organ(&self, a: &str, b: &str) -> bool {
        a != b && self.body_areas.iter().any(|g| g[1..].iter().any(|r| r == a) && g[1..].iter().any(|r| r == b))
    }
}

/// One regular expression or token pattern of a trigger or cue, as written,
/// with the file and line that wrote it (cited by `--explain`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PatternSource {
    /// The pattern as written in the lexicon.
    pub written: String,
    /// A token pattern (`tokens = [...]`) rather than a regex (`patterns = [...]`).
    pub is_tokens: bool,
    /// Where it was written.
    pub origin: Origin,
}

/// A word class for token patterns (`@name`): entries of one or more words.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct WordClass {
    /// The name token patterns use after `@`.
    pub name: String,
    /// The entries, folded like phrases.
    pub words: Vec<String>,
    /// Where it was defined.
    pub origin: Origin,
}

/// Two operations that make one course: the `then` code completes what the
/// `first` began (a tissue expander, then its permanent implant; temporary
/// external fixation, then the definitive fixation). Inside the first's
/// global, the second is staged or more extensive (58 (a), (b)), not a new
/// problem, unless the note says otherwise.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StagedSequence {
    /// Identifier (`seq.expander_implant`).
    pub id: String,
    /// The course in plain words, for rationales ("tissue expander, then its
    /// permanent implant").
    pub says: String,
    /// Codes of the operation that begins the course, inclusive ranges.
    pub first: Vec<(String, String)>,
    /// Codes of the operation that completes it, inclusive ranges.
    pub then: Vec<(String, String)>,
    /// The second step may be on the other side (the thyroid's other lobe
    /// after a lobectomy); otherwise a course goes on where it began.
    pub either_side: bool,
    /// Ids of `procedures.toml` entries that stand for `first` when a prior
    /// is read from the note by such a name and no code settles it ("which I
    /// closed reduced in the emergency department"): the line's code, in
    /// `then`, tells which bone.
    pub first_named: Vec<String>,
    /// The first step's own failure is why the second is done (a closed
    /// reduction that slipped, fixed open): the note's words for that
    /// failure tell the course, not a complication of the first.
    pub after_failure: bool,
    /// Where it was defined.
    pub origin: Origin,
}

/// A ConText-style cue that changes the assertion of triggers in its scope.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Cue {
    /// Stable id.
    pub id: String,
    /// The assertion it gives to triggers in scope.
    pub assertion: Assertion,
    /// Which side of the cue its scope is on.
    pub direction: Direction,
    /// Scope length in words; 0 means to the sentence edge.
    pub max_words: u32,
    /// Literal phrases.
    pub phrases: StrList,
    /// Regular expressions over the case-folded note view (`patterns`, then compiled `tokens`).
    pub patterns: Vec<Regex>,
    /// Where each of `patterns` came from, in the same order.
    pub pattern_sources: Vec<PatternSource>,
    /// Trigger categories it applies to; empty means all.
    pub categories: Vec<Category>,
    /// Trigger categories it never applies to (a conditional plan at the
    /// index is still the plan: `conditional.forward` spares `staged`).
    #[serde(default)]
    pub except_categories: Vec<Category>,
    /// Where it was defined.
    pub origin: Origin,
}

impl Cue {
    /// Whether this cue can change a trigger of `category`.
    pub fn applies_to(&self, category: Category) -> bool {
        (self.categories.is_empty() || self.categories.contains(&category)) && !self.except_categories.contains(&category)
    }
}

/// A named list of phrases (pseudo-triggers and scope terminators).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PhraseList {
    /// Stable id.
    pub id: String,
    /// The phrases.
    pub phrases: StrList,
    /// Regular expressions over the folded view (pseudo-triggers only: a
    /// consent list spanning several numbered items, say).
    pub patterns: Vec<Regex>,
    /// Where it was defined.
    pub origin: Origin,
}

/// A note section and the header spellings that open it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Section {
    /// Canonical name (`complications`, `indications`, ...).
    pub name: String,
    /// Header spellings, without the trailing colon.
    pub aliases: Vec<String>,
    /// The section tells the story that led to today's service (indications,
    /// history), not the service itself: where the two disagree about the
    /// setting, the service's own sections decide.
    #[serde(default)]
    pub narrative: bool,
    /// The section speaks for one paragraph ("Consent: risks ... were
    /// discussed."): it ends at the first blank line after some of its text,
    /// unless a list item follows.
    #[serde(default)]
    pub paragraph: bool,
    /// Where it was defined.
    pub origin: Origin,
}

/// An assertion given to every trigger in a section, optionally only when the
/// section's body says one of `when_body` (e.g. COMPLICATIONS: None).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SectionRule {
    /// Stable id.
    pub id: String,
    /// Canonical section name.
    pub section: String,
    /// The assertion given.
    pub assertion: Assertion,
    /// Trigger categories it applies to; empty means all.
    pub categories: Vec<Category>,
    /// Phrases of which one must open the section body; empty means always.
    pub when_body: Vec<String>,
    /// Where it was defined.
    pub origin: Origin,
}

/// A procedure as notes name it, with the facts needed to reason about it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Procedure {
    /// Stable id.
    pub id: String,
    /// The CPT code it usually is, if one code fits.
    pub code: Option<String>,
    /// Its global period, when the phrase alone tells it.
    pub global: Option<crate::model::GlobalDays>,
    /// Body region token (see `lexicons/codes/README.md`).
    pub region: Option<String>,
    /// For a name that settles no code alone ("wide local excision"): the
    /// code it is when the encounter's procedure lines are in a region
    /// (`breast` → 19301), as (region, code) pairs sorted by region.
    pub by_region: Vec<(String, String)>,
    /// The phrases naming it.
    pub phrases: StrList,
    /// Token patterns naming it in other words ("gallbladder I took out"),
    /// compiled (see "Token patterns" in `lexicons/README.md`).
    pub patterns: Vec<Regex>,
    /// Where it was defined.
    pub origin: Origin,
}

/// A regular expression that extracts dates, day counts and codes.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Pattern {
    /// Stable id.
    pub id: String,
    /// What it extracts.
    pub kind: PatternKind,
    /// The compiled expression (over the case-folded note view).
    pub regex: Regex,
    /// Where it was defined.
    pub origin: Origin,
}

/// A complete, validated lexicon set.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Lexicon {
    /// Evidence phrases.
    pub triggers: Vec<Trigger>,
    /// Context cues.
    pub cues: Vec<Cue>,
    /// Phrases that look like cues or triggers but are not.
    pub pseudos: Vec<PhraseList>,
    /// Phrases that end a cue's scope.
    pub terminators: Vec<PhraseList>,
    /// Section headers.
    pub sections: Vec<Section>,
    /// Section-wide assertions.
    pub section_rules: Vec<SectionRule>,
    /// Procedure names.
    pub procedures: Vec<Procedure>,
    /// Extraction patterns.
    pub patterns: Vec<Pattern>,
    /// Word classes for token patterns.
    pub classes: Vec<WordClass>,
    /// Diagnostic surgical procedures, as inclusive code ranges (see `is_diagnostic`).
    pub diagnostic_codes: Vec<(String, String)>,
    /// Codes reported once per session, as inclusive code ranges (see `is_single_unit`).
    pub single_unit_codes: Vec<(String, String)>,
    /// Courses of two operations (see `staged_sequence`).
    pub staged_sequences: Vec<StagedSequence>,
    /// Groups of code-table regions that are one body area (see `same_body_area`).
    pub body_areas: Vec<Vec<String>>,
    /// Groups of words that name one specialty family, folded (see
    /// `other_specialty`).
    pub specialty_families: Vec<Vec<String>>,
    /// Specialties whose operations lie in a few code-table regions, as (a
    /// word of the specialty's family, its regions) (see
    /// `regions_of_specialty`).
    pub specialty_regions: Vec<(String, Vec<String>)>,
    /// NCCI pairs, as (column 1, column 2) code ranges, that only a separate
    /// place unbundles (see `place_only`).
    pub place_only_pairs: Vec<((String, String), (String, String))>,
    /// NCCI pairs, as (column 1, column 2) code ranges, that only a separate
    /// session unbundles (see `session_only`).
    pub session_only_pairs: Vec<((String, String), (String, String))>,
    /// Field labels whose value names where an item's work was done ("site",
    /// "location"), folded.
    pub site_labels: Vec<String>,
    /// Words that head the date of service in a note's opening ("date of
    /// service", "date of operation", "today"), folded: any date right after
    /// one there, in any form a date pattern reads, is the note's date.
    pub service_date_heads: Vec<String>,
    /// Field labels that head the note's own clinician ("surgeon",
    /// "attending", "provider"), folded: a name after one, and a colon or
    /// dash, is the author's.
    pub author_labels: Vec<String>,
    /// Degrees signed after a clinician's name ("MD", "DPM"), folded: a name
    /// signed with one is the author's.
    pub credentials: Vec<String>,
    /// Words that date a sentence by the one before it ("that night", "the
    /// same day"), folded: an operation told in such a sentence, with no
    /// timing of its own, took place on the last date written just before.
    pub same_day_refs: Vec<String>,
    /// Words that head a line dating the note's work after the fact ("signed",
    /// "addendum", "collected"), folded: a full date on a short line after
    /// one of them dates a note dated nowhere else.
    pub sign_off_words: Vec<String>,
    /// Words that say the history list misdates an operation ("import
    /// error", "registration date", "first booked"), folded: where the note
    /// holds one, its author's own dated statement of a history item's code
    /// gives that item's date.
    pub history_disputes: Vec<String>,
    /// Words right before a post-operative day, with a condition after it,
    /// that make it a day of the plan ("resume apixaban POD1 if Hgb
    /// stable"), folded: such a day does not count today from an earlier
    /// operation.
    pub planned_day_words: Vec<String>,
    /// Words before a post-operative day in its clause that make it a day
    /// still to come ("He will return to clinic tomorrow for his POD 1
    /// check"), folded: such a day does not count today from an earlier
    /// operation.
    pub future_day_words: Vec<String>,
    /// Words right before a span of time that make it a bound a sentence
    /// gives ("bleeding which can happen up to 2 wks after surgery"), folded:
    /// such a span counts no day since an operation.
    pub span_bound_words: Vec<String>,
    /// Words that head a date of birth ("DOB 02/03/1951"), folded: a date
    /// right after one of them dates no operation and no visit.
    pub birth_date_heads: Vec<String>,
    /// Words that tell a device was taken out ("Chest tube pulled this
    /// AM"): a time said of them dates the removal, not a placement.
    /// Folded.
    pub removal_words: Vec<String>,
    /// Words right before a procedure's name that make it an operation
    /// still to come ("we'd probably be back for a TMA"), not an earlier
    /// one. Folded.
    pub next_operation_words: Vec<String>,
    /// Words right before the name of a line's work that call it that work
    /// done again ("Repeat transurethral resection", "redo"). Folded.
    pub repeat_work_words: Vec<String>,
    /// Words that open a sentence telling of today's own operation ("Today:
    /// left breast wide local excision ..."): a procedure named in it is no
    /// earlier one unless a prior-procedure cue marks it.
    pub current_operation_openers: Vec<String>,
    /// Words naming a kind of encounter ("clinic", "operative note"), folded:
    /// a short line with a clock time and one of them opens an encounter block.
    pub encounter_headings: Vec<String>,
    /// Abbreviations that end in a period but do not end a sentence.
    pub abbreviations: Vec<String>,
    /// Abbreviations that may also end a sentence ("per pt. Completely
    /// separate ..."): one of them before a capitalized word ends it.
    /// Folded, sorted, deduplicated; each is also in `abbreviations`.
    pub closing_abbreviations: Vec<String>,
    /// Ranking weights.
    pub scoring: Scoring,
    /// The files that make up this set, in load order.
    pub files: Vec<String>,
}

/// Which entry a pending token pattern belongs to (by id).
#[derive(Debug, Clone, PartialEq, Eq)]
enum TokenOwner {
    Trigger(String),
    Cue(String),
    Pseudo(String),
    Procedure(String),
}

/// A file's text with its name.
struct SourceFile {
    name: Arc<str>,
    text: String,
}

/// Parsed entries of one layer (built-in, or user), before merging.
#[derive(Default)]
struct Layer {
    triggers: Vec<Trigger>,
    cues: Vec<Cue>,
    pseudos: Vec<PhraseList>,
    terminators: Vec<PhraseList>,
    sections: Vec<Section>,
    section_rules: Vec<SectionRule>,
    procedures: Vec<Procedure>,
    patterns: Vec<Pattern>,
    classes: Vec<WordClass>,
    diagnostic_codes: Vec<(String, String)>,
    single_unit_codes: Vec<(String, String)>,
    staged_sequences: Vec<StagedSequence>,
    body_areas: Vec<Vec<String>>,
    specialty_families: Vec<Vec<String>>,
    specialty_regions: Vec<(String, Vec<String>)>,
    place_only_pairs: Vec<((String, String), (String, String))>,
    session_only_pairs: Vec<((String, String), (String, String))>,
    site_labels: Vec<String>,
    service_date_heads: Vec<String>,
    author_labels: Vec<String>,
    credentials: Vec<String>,
    same_day_refs: Vec<String>,
    sign_off_words: Vec<String>,
    history_disputes: Vec<String>,
    planned_day_words: Vec<String>,
    future_day_words: Vec<String>,
    span_bound_words: Vec<String>,
    birth_date_heads: Vec<String>,
    removal_words: Vec<String>,
    next_operation_words: Vec<String>,
    repeat_work_words: Vec<String>,
    current_operation_openers: Vec<String>,
    encounter_headings: Vec<String>,
    /// Token patterns waiting for every word class: (owner, text, origin).
    /// Token patterns: owner, the pattern as written, the pattern with the
    /// other forms of its words added (see [`add_other_forms`]), origin.
    tokens: Vec<(TokenOwner, String, Option<String>, Origin)>,
    abbreviations: Vec<String>,
    closing_abbreviations: Vec<String>,
    /// (American, British) spelling stems (lowercase letters, so folded).
    spellings: Vec<(String, String)>,
    /// (word, shorthand) pairs: "with" and "w/", "history" and "hx".
    shorthands: Vec<(String, String)>,
    scoring: Option<Scoring>,
    files: Vec<String>,
}

/// A `spellings` stem: two or more lowercase ASCII letters.
fn is_spelling_stem(s: &str) -> bool {
    s.len() >= 2 && s.bytes().all(|b| b.is_ascii_lowercase())
}

/// The other spelling of `text`: every American stem of `spellings` in it
/// replaced by the British one (a stem whose British form is already there is
/// left alone). `None` when nothing changes.
fn spelling_variant(text: &str, spellings: &[(String, String)]) -> Option<String> {
    let mut out = text.to_string();
    for (us, uk) in spellings {
        if out.contains(us.as_str()) && !out.contains(uk.as_str()) {
            out = out.replace(us.as_str(), uk);
        }
    }
    (out != text).then_some(out)
}

/// A `shorthands` word: one word of two or more lowercase ASCII letters.
fn is_shorthand_word(s: &str) -> bool {
    s.len() >= 2 && s.bytes().all(|b| b.is_ascii_lowercase())
}

/// A `shorthands` short form: one to eight folded characters, no space, at
/// least one letter ("w/", "w/o", "hx", "&").
fn is_shorthand_form(s: &str) -> bool {
    (1..=8).contains(&s.len()) && !s.contains(char::is_whitespace) && crate::fold::fold_phrase(s) == s && !s.contains('"')
}

/// `text` with every whole word that `shorthands` shortens written short
/// ("no connection with our practice" -> "no connection w/ our practice").
/// `None` when nothing changes.
fn shorthand_variant(text: &str, shorthands: &[(String, String)]) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    let mut changed = false;
    let mut rest = text;
    while !rest.is_empty() {
        let word_len = rest.find(|c: char| !c.is_alphanumeric()).unwrap_or(rest.len());
        if word_len == 0 {
            let c = rest.chars().next().expect("not empty");
            out.push(c);
            rest = &rest[c.len_utf8()..];
            continue;
        }
        let word = &rest[..word_len];
        match shorthands.iter().find(|(long, _)| long == word) {
            Some((_, short)) => {
                out.push_str(short);
                changed = true;
            }
            None => out.push_str(word),
        }
        rest = &rest[word_len..];
    }
    changed.then_some(out)
}

/// The ways of writing a phrase that the lexicon also matches: its words
/// written short (`shorthands`) and its British spelling (`spellings`).
struct OtherForms {
    spellings: Vec<(String, String)>,
    shorthands: Vec<(String, String)>,
}

impl OtherForms {
    /// The other forms of `text`, each once: short, British, and both.
    fn of(&self, text: &str) -> Vec<String> {
        let short = shorthand_variant(text, &self.shorthands);
        let british = spelling_variant(text, &self.spellings);
        let both = short.as_deref().and_then(|s| spelling_variant(s, &self.spellings));
        let mut out: Vec<String> = Vec::new();
        for v in [short, british, both].into_iter().flatten() {
            if v != text && !out.contains(&v) {
                out.push(v);
            }
        }
        out
    }

    /// The other forms of `text` a token pattern can hold: each word starts
    /// with a letter or digit and ends with one or a slash ("w/o", "w/";
    /// not "&").
    fn of_token_word(&self, text: &str) -> Vec<String> {
        let literal = |w: &str| match w.strip_suffix('*') {
            Some(stem) => crate::tokens::has_literal_edges(stem, true),
            None => crate::tokens::has_literal_edges(w, false),
        };
        self.of(text).into_iter().filter(|v| v.split(' ').all(literal)).collect()
    }

    /// The other forms of `entries` that the list lacks, each once, in order.
    fn missing<'a>(&self, entries: impl Iterator<Item = &'a str> + Clone, token_words: bool) -> Vec<String> {
        let have: std::collections::HashSet<&str> = entries.clone().collect();
        let mut out: Vec<String> = Vec::new();
        for e in entries {
            let forms = if token_words { self.of_token_word(e) } else { self.of(e) };
            for v in forms {
                if !have.contains(v.as_str()) && !out.contains(&v) {
                    out.push(v);
                }
            }
        }
        out
    }

    /// Adds to `list` the other forms of each entry it lacks.
    fn add_to(&self, list: &mut StrList) {
        for v in self.missing(list.iter(), false) {
            list.push(&v);
        }
    }
}

/// Resolves each site trigger's `within` chain to trigger indices
/// ([`Trigger::wider`]), reporting a `within` that names no other site
/// trigger and a chain that comes back to where it started.
fn resolve_wider_sites(triggers: &mut [Trigger], issues: &mut Vec<LexiconIssue>) {
    let site_index: HashMap<&str, usize> =
        triggers.iter().enumerate().filter(|(_, t)| t.category == Category::Site).map(|(i, t)| (t.id.as_str(), i)).collect();
    let mut resolved: Vec<Vec<usize>> = vec![Vec::new(); triggers.len()];
    for (i, t) in triggers.iter().enumerate() {
        let mut next = t.within.as_deref();
        while let Some(w) = next {
            let issue = |message: String| LexiconIssue { file: t.origin.file.to_string(), line: t.origin.line, message };
            match site_index.get(w) {
                Some(&j) if j == i || resolved[i].contains(&j) => {
                    issues.push(issue(format!("trigger `{}`: `within` chain comes back to `{w}`", t.id)));
                    break;
                }
                Some(&j) => {
                    resolved[i].push(j);
                    next = triggers[j].within.as_deref();
                }
                None => {
                    issues.push(issue(format!("trigger `{}`: `within` names `{w}`, which is not another site trigger", t.id)));
                    break;
                }
            }
        }
    }
    for (t, wider) in triggers.iter_mut().zip(resolved) {
        t.wider = wider;
    }
}

/// Gives every phrase, word-class word and token pattern of the merged
/// lexicon its other spelling ("hemorrhage" also matches "haemorrhage",
/// "esophagus" "oesophagus"), from the `spellings` stems, and its words
/// written short ("no connection with" also matches "no connection w/",
/// "history of" "hx of"), from the `shorthands`: notes from Britain,
/// Ireland or Australia spell them so, notes typed in a hurry shorten them,
/// and writing every phrase several times would leave the lists to drift
/// apart.
fn add_other_forms(base: &mut Layer) {
    let forms = OtherForms { spellings: std::mem::take(&mut base.spellings), shorthands: std::mem::take(&mut base.shorthands) };
    if forms.spellings.is_empty() && forms.shorthands.is_empty() {
        return;
    }
    for t in &mut base.triggers {
        forms.add_to(&mut t.phrases);
    }
    for c in &mut base.cues {
        forms.add_to(&mut c.phrases);
    }
    for p in base.pseudos.iter_mut().chain(base.terminators.iter_mut()) {
        forms.add_to(&mut p.phrases);
    }
    for p in &mut base.procedures {
        forms.add_to(&mut p.phrases);
    }
    for c in &mut base.classes {
        let variants = forms.missing(c.words.iter().map(String::as_str), true);
        c.words.extend(variants);
    }
    for (_, written, widened, _) in &mut base.tokens {
        *widened = token_alternatives(written, &forms);
    }
}

/// A token pattern with the other forms of each word added beside it as
/// alternatives: `{controlled|cauterized}` becomes
/// `{controlled|cauterized|cauterised}`, a bare `tumor` becomes
/// `{tumor|tumour}`, a bare `history` `{history|hx}`. One pattern, so its
/// leads are checked once.
fn token_alternatives(token: &str, forms: &OtherForms) -> Option<String> {
    let widen = |alts: &str| -> String {
        let mut out: Vec<String> = alts.split('|').map(str::to_string).collect();
        out.extend(forms.missing(alts.split('|'), true));
        out.join("|")
    };
    let mut out = String::with_capacity(token.len() + 16);
    let mut rest = token;
    while let Some(c) = rest.chars().next() {
        let close = match c {
            '{' => Some('}'),
            '[' => Some(']'),
            _ => None,
        };
        if let Some(close) = close {
            let Some(end) = rest.find(close) else { return None };
            out.push(c);
            out.push_str(&widen(&rest[1..end]));
            out.push(close);
            rest = &rest[end + 1..];
        } else if c.is_whitespace() {
            out.push(c);
            rest = &rest[c.len_utf8()..];
        } else {
            let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
            let word = &rest[..end];
            let other = if word.starts_with(['@', '_', '#']) { Vec::new() } else { forms.of_token_word(word) };
            if other.is_empty() {
                out.push_str(word);
            } else {
                out.push_str(&format!("{{{word}|{}}}", other.join("|")));
            }
            rest = &rest[end..];
        }
    }
    (out != token).then_some(out)
}

fn line_of(text: &str, offset: usize) -> usize {
    let offset = offset.min(text.len());
    text.as_bytes()[..offset].iter().filter(|&&b| b == b'\n').count() + 1
}

/// Collects problems with their location while parsing a file.
struct Checker<'a> {
    file: &'a SourceFile,
    issues: &'a mut Vec<LexiconIssue>,
    /// Byte offsets where each line of the file starts: every entry, phrase
    /// list and pattern records its line, so lookups must not rescan the file.
    line_starts: Vec<usize>,
}

impl Checker<'_> {
    fn at(&mut self, offset: usize, message: impl Into<String>) {
        self.issues.push(LexiconIssue {
            file: self.file.name.to_string(),
            line: self.line(offset),
            message: message.into(),
        });
    }

    fn origin(&self, offset: usize) -> Origin {
        Origin { file: self.file.name.clone(), line: self.line(offset) }
    }

    /// The 1-based line of `offset` (as `line_of`, by binary search).
    fn line(&self, offset: usize) -> usize {
        self.line_starts.partition_point(|&start| start <= offset.min(self.file.text.len()))
    }

    fn phrases(&mut self, id: &str, list: &[Spanned<String>]) -> Vec<String> {
        let mut out = Vec::with_capacity(list.len());
        for p in list {
            let folded = crate::fold::fold_phrase(p.get_ref());
            if folded.is_empty() {
                self.at(p.span().start, format!("`{id}`: empty phrase"));
            } else {
                out.push(folded);
            }
        }
        out
    }

    /// Compiles `patterns = [...]`, keeping each one's source.
    fn regexes(&mut self, id: &str, list: &[Spanned<String>]) -> (Vec<Regex>, Vec<PatternSource>) {
        let mut out = (Vec::new(), Vec::new());
        for p in list {
            if let Some(r) = self.regex(id, p) {
                out.0.push(r);
                out.1.push(PatternSource { written: p.get_ref().clone(), is_tokens: false, origin: self.origin(p.span().start) });
            }
        }
        out
    }

    fn regex(&mut self, id: &str, p: &Spanned<String>) -> Option<Regex> {
        if p.get_ref().trim().is_empty() {
            self.at(p.span().start, format!("`{id}`: empty regex"));
            return None;
        }
        match Regex::new(p.get_ref()) {
            Ok(r) => Some(r),
            Err(e) => {
                // A syntax error's text ends with the problem ("error: unclosed
                // group"); other errors (a size limit) are one line.
                let text = match e.syntax_error() {
                    Some(syntax) => syntax.to_string(),
                    None => {
                        let mut text = e.to_string();
                        let mut source = std::error::Error::source(&e);
                        while let Some(s) = source {
                            text = format!("{text}: {s}");
                            source = s.source();
                        }
                        text
                    }
                };
                let first = text.lines().last().unwrap_or("").trim().to_string();
                self.at(p.span().start, format!("`{id}`: invalid regex: {first}"));
                None
            }
        }
    }

    /// A code or an inclusive range `LOW-HIGH` of same-shaped codes, upper-cased.
    fn code_range(&mut self, what: &str, c: &Spanned<String>) -> Option<(String, String)> {
        let (lo, hi) = c.get_ref().split_once('-').unwrap_or((c.get_ref(), c.get_ref()));
        let (lo, hi) = (lo.trim().to_ascii_uppercase(), hi.trim().to_ascii_uppercase());
        if !crate::model::is_code_shape(&lo) || !crate::model::is_code_shape(&hi) || lo > hi {
            self.at(c.span().start, format!("{what}: `{}` is not a code or a code range LOW-HIGH", c.get_ref()));
            return None;
        }
        Some((lo, hi))
    }

    fn id(&mut self, offset: usize, id: &str) {
        if id.trim().is_empty() {
            self.at(offset, "empty id");
        }
    }
}

fn parse_file(file: &SourceFile, layer: &mut Layer, issues: &mut Vec<LexiconIssue>) {
    let doc: FileDoc = match toml::from_str(&file.text) {
        Ok(doc) => doc,
        Err(e) => {
            let line = e.span().map(|s| line_of(&file.text, s.start)).unwrap_or(0);
            // The parser reports some syntax errors (a control character, for
            // one) with an empty message; never print `file:line: ` alone.
            let message = match e.message().trim() {
                "" => "TOML syntax error (invalid character or token)".to_string(),
                m => m.to_string(),
            };
            issues.push(LexiconIssue { file: file.name.to_string(), line, message });
            return;
        }
    };
    layer.files.push(file.name.to_string());
    let line_starts = std::iter::once(0).chain(file.text.match_indices('\n').map(|(i, _)| i + 1)).collect();
    let mut ck = Checker { file, issues, line_starts };
    for t in doc.trigger {
        let at = t.span().start;
        let t = t.into_inner();
        ck.id(at, &t.id);
        let phrases = ck.phrases(&t.id, &t.phrases);
        let (patterns, pattern_sources) = ck.regexes(&t.id, &t.patterns);
        for p in &t.tokens {
            layer.tokens.push((TokenOwner::Trigger(t.id.clone()), p.get_ref().clone(), None, ck.origin(p.span().start)));
        }
        if t.phrases.is_empty() && t.patterns.is_empty() && t.tokens.is_empty() {
            ck.at(at, format!("trigger `{}` has no phrases and no patterns", t.id));
        }
        if !(0.0..=1.0).contains(&t.weight) || t.weight.is_nan() {
            ck.at(at, format!("trigger `{}`: weight {} is outside 0..1", t.id, t.weight));
        }
        if t.supports.iter().any(|m| t.opposes.contains(m)) {
            ck.at(at, format!("trigger `{}` both supports and opposes the same modifier", t.id));
        }
        for (list, name) in [(&t.supports, "supports"), (&t.opposes, "opposes")] {
            if list.iter().enumerate().any(|(i, m)| list[..i].contains(m)) {
                ck.at(at, format!("trigger `{}`: `{name}` lists a modifier twice", t.id));
            }
        }
        let _ = t.note;
        let mut codes = Vec::new();
        for c in &t.codes {
            let (lo, hi) = c.split_once('-').unwrap_or((c, c));
            let (lo, hi) = (lo.trim().to_ascii_uppercase(), hi.trim().to_ascii_uppercase());
            if !crate::model::is_code_shape(&lo) || !crate::model::is_code_shape(&hi) || lo > hi {
                ck.at(at, format!("trigger `{}`: `{c}` is not a code or a code range LOW-HIGH", t.id));
            } else {
                codes.push((lo, hi));
            }
        }
        if !codes.is_empty() && !matches!(t.category, Category::Service | Category::Site) {
            ck.at(at, format!("trigger `{}`: only `service` and `site` triggers list codes", t.id));
        }
        if t.within.is_some() && t.category != Category::Site {
            ck.at(at, format!("trigger `{}`: only `site` triggers name a wider site (`within`)", t.id));
        }
        if !t.diagnoses.is_empty() && t.category != Category::Site {
            ck.at(at, format!("trigger `{}`: only `site` triggers list the diagnoses that name them", t.id));
        }
        let mut diagnoses = Vec::new();
        for d in &t.diagnoses {
            let prefix = d.trim().replace('.', "").to_ascii_uppercase();
            let icd_shape = prefix.len() >= 3
                && prefix.starts_with(|c: char| c.is_ascii_uppercase())
                && prefix.as_bytes()[1].is_ascii_digit()
                && prefix.bytes().all(|b| b.is_ascii_alphanumeric());
            if icd_shape {
                diagnoses.push(prefix);
            } else {
                ck.at(at, format!("trigger `{}`: `{d}` is not an ICD-10-CM code or prefix (a letter, a digit, then at least one more letter or digit)", t.id));
            }
        }
        if t.single_line && t.category != Category::Repeat {
            ck.at(at, format!("trigger `{}`: only `repeat` triggers are `single_line`", t.id));
        }
        if t.any_kind && t.category != Category::Service {
            ck.at(at, format!("trigger `{}`: only `service` triggers are `any_kind`", t.id));
        }
        if t.index_failure && t.category != Category::Complication {
            ck.at(at, format!("trigger `{}`: only `complication` triggers are `index_failure`", t.id));
        }
        if t.overrides_plan && t.category != Category::Unplanned {
            ck.at(at, format!("trigger `{}`: only `unplanned` triggers are `overrides_plan`", t.id));
        }
        layer.triggers.push(Trigger {
            id: t.id,
            category: t.category,
            phrases: phrases.into(),
            patterns,
            pattern_sources,
            supports: t.supports,
            opposes: t.opposes,
            weight: t.weight,
            codes,
            within: t.within,
            wider: Vec::new(),
            diagnoses,
            single_line: t.single_line,
            any_kind: t.any_kind,
            index_failure: t.index_failure,
            overrides_plan: t.overrides_plan,
            origin: ck.origin(at),
        });
    }
    for c in doc.cue {
        let at = c.span().start;
        let c = c.into_inner();
        ck.id(at, &c.id);
        if c.assertion == Assertion::Present {
            ck.at(at, format!("cue `{}`: assertion `present` changes nothing", c.id));
        }
        if c.phrases.is_empty() && c.patterns.is_empty() && c.tokens.is_empty() {
            ck.at(at, format!("cue `{}` has no phrases and no patterns", c.id));
        }
        if !c.categories.is_empty() && !c.except_categories.is_empty() {
            ck.at(at, format!("cue `{}`: give `categories` or `except_categories`, not both", c.id));
        }
        let phrases = ck.phrases(&c.id, &c.phrases);
        let (patterns, pattern_sources) = ck.regexes(&c.id, &c.patterns);
        for p in &c.tokens {
            layer.tokens.push((TokenOwner::Cue(c.id.clone()), p.get_ref().clone(), None, ck.origin(p.span().start)));
        }
        layer.cues.push(Cue {
            id: c.id,
            assertion: c.assertion,
            direction: c.direction,
            max_words: c.max_words,
            phrases: phrases.into(),
            patterns,
            pattern_sources,
            categories: c.categories,
            except_categories: c.except_categories,
            origin: ck.origin(at),
        });
    }
    for (list, into, is_pseudo) in [(doc.pseudo, &mut layer.pseudos, true), (doc.terminator, &mut layer.terminators, false)] {
        for p in list {
            let at = p.span().start;
            let p = p.into_inner();
            ck.id(at, &p.id);
            let phrases = ck.phrases(&p.id, &p.phrases);
            let (patterns, _) = ck.regexes(&p.id, &p.patterns);
            // `phrases = []` turns a built-in pseudo or terminator off; only
            // pseudo-triggers run patterns and token patterns.
            let has_expressions = !patterns.is_empty() || !p.tokens.is_empty();
            if has_expressions && !is_pseudo {
                ck.at(at, format!("terminator `{}`: only pseudo-triggers take `patterns` and `tokens`", p.id));
            }
            if is_pseudo {
                for t in &p.tokens {
                    layer.tokens.push((TokenOwner::Pseudo(p.id.clone()), t.get_ref().clone(), None, ck.origin(t.span().start)));
                }
            }
            into.push(PhraseList { id: p.id, phrases: phrases.into(), patterns, origin: ck.origin(at) });
        }
    }
    for s in doc.section {
        let at = s.span().start;
        let s = s.into_inner();
        ck.id(at, &s.name);
        let aliases = ck.phrases(&s.name, &s.aliases);
        layer.sections.push(Section { name: s.name, aliases, narrative: s.narrative, paragraph: s.paragraph, origin: ck.origin(at) });
    }
    for r in doc.section_rule {
        let at = r.span().start;
        let r = r.into_inner();
        ck.id(at, &r.id);
        let when_body = ck.phrases(&r.id, &r.when_body);
        layer.section_rules.push(SectionRule {
            id: r.id,
            section: r.section,
            assertion: r.assertion,
            categories: r.categories,
            when_body,
            origin: ck.origin(at),
        });
    }
    for p in doc.procedure {
        let at = p.span().start;
        let p = p.into_inner();
        ck.id(at, &p.id);
        let phrases = ck.phrases(&p.id, &p.phrases);
        if let Some(code) = &p.code {
            if !crate::model::is_code_shape(code) {
                ck.at(at, format!("procedure `{}`: `{code}` is not a CPT/HCPCS code", p.id));
            }
        }
        let global = match p.global.as_deref() {
            None => None,
            Some(g) => match crate::model::GlobalDays::parse(g) {
                Some(g) => Some(g),
                None => {
                    ck.at(at, format!("procedure `{}`: unknown global `{g}`", p.id));
                    None
                }
            },
        };
        for (region, code) in &p.by_region {
            if !crate::model::is_code_shape(code) {
                ck.at(at, format!("procedure `{}`: by_region `{region}` = `{code}` is not a CPT/HCPCS code", p.id));
            }
        }
        if p.code.is_some() && !p.by_region.is_empty() {
            ck.at(at, format!("procedure `{}`: `by_region` is for entries without a `code`", p.id));
        }
        for t in &p.tokens {
            layer.tokens.push((TokenOwner::Procedure(p.id.clone()), t.get_ref().clone(), None, ck.origin(t.span().start)));
        }
        layer.procedures.push(Procedure {
            id: p.id,
            code: p.code,
            global,
            region: p.region,
            by_region: p.by_region.into_iter().collect(),
            phrases: phrases.into(),
            patterns: Vec::new(),
            origin: ck.origin(at),
        });
    }
    for p in doc.pattern {
        let at = p.span().start;
        let p = p.into_inner();
        ck.id(at, &p.id);
        if let Some(regex) = ck.regex(&p.id, &p.regex) {
            layer.patterns.push(Pattern { id: p.id, kind: p.kind, regex, origin: ck.origin(at) });
        }
    }
    for c in doc.class {
        let at = c.span().start;
        let c = c.into_inner();
        ck.id(at, &c.name);
        if c.name.is_empty() || !c.name.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '_') {
            ck.at(at, format!("class `{}`: a name is letters, digits and `_`", c.name));
        }
        let words = ck.phrases(&c.name, &c.words);
        if words.is_empty() {
            ck.at(at, format!("class `{}` has no words", c.name));
        }
        layer.classes.push(WordClass { name: c.name, words, origin: ck.origin(at) });
    }
    for (key, codes, into) in [
        ("diagnostic_codes", doc.diagnostic_codes, &mut layer.diagnostic_codes),
        ("single_unit_codes", doc.single_unit_codes, &mut layer.single_unit_codes),
    ] {
        into.extend(codes.into_iter().flat_map(Spanned::into_inner).filter_map(|c| ck.code_range(key, &c)));
    }
    for q in doc.staged_sequence {
        let at = q.span().start;
        let q = q.into_inner();
        ck.id(at, &q.id);
        if q.says.trim().is_empty() {
            ck.at(at, format!("staged_sequence `{}`: `says` is empty", q.id));
        }
        let what = format!("staged_sequence `{}`", q.id);
        let first: Vec<_> = q.first.iter().filter_map(|c| ck.code_range(&what, c)).collect();
        let then: Vec<_> = q.then.iter().filter_map(|c| ck.code_range(&what, c)).collect();
        if first.is_empty() || then.is_empty() {
            ck.at(at, format!("{what}: `first` and `then` each need a code"));
        }
        layer.staged_sequences.push(StagedSequence {
            id: q.id,
            says: q.says,
            first,
            then,
            either_side: q.either_side,
            first_named: q.first_named,
            after_failure: q.after_failure,
            origin: ck.origin(at),
        });
    }
    if let Some(areas) = doc.body_areas {
        for group in areas.into_inner() {
            let at = group.span().start;
            let group = group.into_inner();
            let token = |r: &String| !r.is_empty() && r.bytes().all(|b| b.is_ascii_lowercase() || b == b'_');
            if group.len() < 2 || !group.iter().all(token) {
                ck.at(at, "body_areas: each group lists two or more region tokens (lowercase letters and `_`)".to_string());
            } else {
                layer.body_areas.push(group);
            }
        }
    }
    if let Some(families) = doc.specialty_families {
        for group in families.into_inner() {
            let at = group.span().start;
            let words: Vec<String> = group.into_inner().iter().map(|w| crate::fold::fold_phrase(w)).collect();
            if words.is_empty() || words.iter().any(String::is_empty) {
                ck.at(at, "specialty_families: each group lists one or more words".to_string());
            } else {
                layer.specialty_families.push(words);
            }
        }
    }
    if let Some(entries) = doc.specialty_regions {
        for entry in entries.into_inner() {
            let at = entry.span().start;
            let entry = entry.into_inner();
            match entry.split_first() {
                Some((word, regions)) if !regions.is_empty() && !word.trim().is_empty() && regions.iter().all(|r| !r.trim().is_empty()) => {
                    layer.specialty_regions.push((crate::fold::fold_phrase(word), regions.iter().map(|r| r.trim().to_string()).collect()));
                }
                _ => ck.at(at, "specialty_regions: each entry is a specialty word followed by one or more code-table regions".to_string()),
            }
        }
    }
    for (key, doc_pairs, into) in [
        ("place_only_pairs", doc.place_only_pairs, &mut layer.place_only_pairs),
        ("session_only_pairs", doc.session_only_pairs, &mut layer.session_only_pairs),
    ] {
        for pair in doc_pairs.map(Spanned::into_inner).unwrap_or_default() {
            let at = pair.span().start;
            let pair = pair.into_inner();
            let ranges: Vec<_> = pair.iter().filter_map(|c| ck.code_range(key, c)).collect();
            match ranges.as_slice() {
                [column1, column2] if pair.len() == 2 => into.push((column1.clone(), column2.clone())),
                _ => ck.at(at, format!("{key}: each entry is [column 1, column 2], two codes or LOW-HIGH ranges")),
            }
        }
    }
    if let Some(labels) = doc.site_labels {
        for l in labels.into_inner() {
            let at = l.span().start;
            let label = crate::fold::fold_phrase(&l.into_inner());
            if label.is_empty() || label.contains(':') {
                ck.at(at, "site_labels: a label is one or more words, without the colon".to_string());
            } else {
                layer.site_labels.push(label);
            }
        }
    }
    // Lists of words folded like phrases, each entry one or more words.
    for (key, entry, list, out) in [
        ("service_date_heads", "a head", doc.service_date_heads, &mut layer.service_date_heads),
        ("author_labels", "an entry", doc.author_labels, &mut layer.author_labels),
        ("credentials", "an entry", doc.credentials, &mut layer.credentials),
        ("same_day_refs", "an entry", doc.same_day_refs, &mut layer.same_day_refs),
        ("sign_off_words", "an entry", doc.sign_off_words, &mut layer.sign_off_words),
        ("history_disputes", "an entry", doc.history_disputes, &mut layer.history_disputes),
        ("planned_day_words", "an entry", doc.planned_day_words, &mut layer.planned_day_words),
        ("future_day_words", "an entry", doc.future_day_words, &mut layer.future_day_words),
        ("span_bound_words", "an entry", doc.span_bound_words, &mut layer.span_bound_words),
        ("birth_date_heads", "an entry", doc.birth_date_heads, &mut layer.birth_date_heads),
        ("removal_words", "an entry", doc.removal_words, &mut layer.removal_words),
        ("next_operation_words", "an entry", doc.next_operation_words, &mut layer.next_operation_words),
        ("repeat_work_words", "an entry", doc.repeat_work_words, &mut layer.repeat_work_words),
        ("current_operation_openers", "an entry", doc.current_operation_openers, &mut layer.current_operation_openers),
    ] {
        for w in list.map(Spanned::into_inner).unwrap_or_default() {
            let at = w.span().start;
            let words = crate::fold::fold_phrase(&w.into_inner());
            if words.is_empty() {
                ck.at(at, format!("{key}: {entry} is one or more words"));
            } else {
                out.push(words);
            }
        }
    }
    if let Some(headings) = doc.encounter_headings {
        for h in headings.into_inner() {
            let at = h.span().start;
            let words: Vec<String> = crate::fold::fold_phrase(&h.into_inner())
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .map(str::to_string)
                .collect();
            if words.is_empty() {
                ck.at(at, "encounter_headings: a heading is one or more words".to_string());
            } else {
                layer.encounter_headings.push(words.join(" "));
            }
        }
    }
    if let Some(pairs) = doc.spellings {
        for pair in pairs.into_inner() {
            let at = pair.span().start;
            match pair.get_ref().as_slice() {
                [us, uk] if is_spelling_stem(us) && is_spelling_stem(uk) && us != uk => layer.spellings.push((us.clone(), uk.clone())),
                _ => ck.at(at, "spellings: each entry is two different stems, [american, british], of lowercase letters".to_string()),
            }
        }
    }
    if let Some(pairs) = doc.shorthands {
        for pair in pairs.into_inner() {
            let at = pair.span().start;
            match pair.get_ref().as_slice() {
                [long, short] if is_shorthand_word(long) && is_shorthand_form(short) && long != short => {
                    layer.shorthands.push((long.clone(), short.clone()))
                }
                _ => ck.at(at, "shorthands: each entry is [word, short form]: one word of lowercase letters and a folded form of at most 8 characters without spaces".to_string()),
            }
        }
    }
    if let Some(abbr) = doc.abbreviations {
        for a in abbr.into_inner() {
            let folded = crate::fold::fold_phrase(a.get_ref());
            if folded.is_empty() {
                ck.at(a.span().start, "empty abbreviation");
            } else {
                layer.abbreviations.push(folded);
            }
        }
    }
    if let Some(abbr) = doc.closing_abbreviations {
        for a in abbr.into_inner() {
            let folded = crate::fold::fold_phrase(a.get_ref());
            if !folded.ends_with('.') || folded.contains(' ') {
                ck.at(a.span().start, format!("closing_abbreviations: `{}` must be one word ending in `.`", a.get_ref()));
            } else {
                layer.closing_abbreviations.push(folded);
            }
        }
    }
    if let Some(s) = doc.scoring {
        let at = s.span().start;
        let s = s.into_inner();
        if !(0.0..=1.0).contains(&s.threshold) || s.gain.is_nan() || s.gain <= 0.0 {
            ck.at(at, "scoring: threshold must be in 0..1 and gain above 0");
        }
        let weights = [
            ("gain", s.gain),
            ("text_only_gate", s.text_only_gate),
            ("other_side", s.other_side),
            ("other_region", s.other_region),
            ("other_organ", s.other_organ),
            ("other_diagnosis", s.other_diagnosis),
            ("same_diagnosis", s.same_diagnosis),
            ("same_diagnosis_other_side", s.same_diagnosis_other_side),
            ("same_site", s.same_site),
            ("pair_other_side", s.pair_other_side),
            ("medicare_plain_59", s.medicare_plain_59),
            ("same_code_same_day", s.same_code_same_day),
            ("repeat_hit_factor", s.repeat_hit_factor),
            ("oppose_factor", s.oppose_factor),
            ("complication_diagnosis", s.complication_diagnosis),
            ("unknown_setting_gate", s.unknown_setting_gate),
            ("plan_explains_complications", s.plan_explains_complications),
            ("other_site_complication", s.other_site_complication),
            ("other_region_plan", s.other_region_plan),
            ("plan_of_another_course", s.plan_of_another_course),
            ("other_line_words", s.other_line_words),
            ("same_diagnosis_58", s.same_diagnosis_58),
            ("review_margin", s.review_margin),
            ("pair_other_site", s.pair_other_site),
            ("diagnostic_index", s.diagnostic_index),
            ("course_sequel", s.course_sequel),
            ("indication_complication", s.indication_complication),
            ("unrelated_explains_complications", s.unrelated_explains_complications),
            ("sequel_explains_other_side", s.sequel_explains_other_side),
            ("unrelated_at_index_site", s.unrelated_at_index_site),
            ("unrelated_beside_complication_code", s.unrelated_beside_complication_code),
            ("return_words_away_from_index", s.return_words_away_from_index),
            ("pair_separate_times", s.pair_separate_times),
            ("unlinked_complication", s.unlinked_complication),
            ("pair_separate_sessions", s.pair_separate_sessions),
            ("new_injury", s.new_injury),
        ];
        if !(0..=1440).contains(&s.separate_session_minutes) {
            ck.at(at, "scoring: `separate_session_minutes` must be 0 to 1440 minutes");
        }
        if !(1..=366).contains(&s.prose_prior_window) {
            ck.at(at, "scoring: `prose_prior_window` must be 1 to 366 days");
        }
        for (name, w) in weights {
            if !w.is_finite() {
                ck.at(at, format!("scoring: `{name}` must be a finite number"));
            }
        }
        if layer.scoring.is_some() {
            ck.at(at, "scoring: a second [scoring] table in this lexicon (one per built-in set or --lexicon path)");
        }
        layer.scoring = Some(s);
    }
}

/// Reports ids defined twice within one layer.
fn check_duplicates(layer: &Layer, issues: &mut Vec<LexiconIssue>) {
    fn dup<'a>(
        kind: &str,
        items: impl Iterator<Item = (&'a str, &'a Origin)>,
        issues: &mut Vec<LexiconIssue>,
    ) {
        let mut seen: HashMap<&str, &Origin> = HashMap::new();
        for (id, origin) in items {
            if let Some(first) = seen.get(id) {
                issues.push(LexiconIssue {
                    file: origin.file.to_string(),
                    line: origin.line,
                    message: format!("duplicate {kind} id `{id}` (first defined at {first})"),
                });
            } else {
                seen.insert(id, origin);
            }
        }
    }
    dup("trigger", layer.triggers.iter().map(|t| (t.id.as_str(), &t.origin)), issues);
    dup("cue", layer.cues.iter().map(|t| (t.id.as_str(), &t.origin)), issues);
    dup("pseudo", layer.pseudos.iter().map(|t| (t.id.as_str(), &t.origin)), issues);
    dup("terminator", layer.terminators.iter().map(|t| (t.id.as_str(), &t.origin)), issues);
    dup("section", layer.sections.iter().map(|t| (t.name.as_str(), &t.origin)), issues);
    dup("section_rule", layer.section_rules.iter().map(|t| (t.id.as_str(), &t.origin)), issues);
    dup("procedure", layer.procedures.iter().map(|t| (t.id.as_str(), &t.origin)), issues);
    dup("pattern", layer.patterns.iter().map(|t| (t.id.as_str(), &t.origin)), issues);
    dup("class", layer.classes.iter().map(|t| (t.name.as_str(), &t.origin)), issues);
    dup("staged_sequence", layer.staged_sequences.iter().map(|t| (t.id.as_str(), &t.origin)), issues);
}

/// Replaces entries of `base` with same-keyed entries of `over`, appends the rest.
fn overlay<T>(base: &mut Vec<T>, over: Vec<T>, key: impl Fn(&T) -> &str) {
    for item in over {
        match base.iter().position(|b| key(b) == key(&item)) {
            Some(i) => base[i] = item,
            None => base.push(item),
        }
    }
}

fn read_sources(path: &Path, issues: &mut Vec<LexiconIssue>) -> Vec<SourceFile> {
    let mut paths: Vec<PathBuf> = Vec::new();
    if path.is_dir() {
        collect_toml(path, &mut paths, issues);
        paths.sort();
    } else {
        paths.push(path.to_path_buf());
    }
    let mut out = Vec::new();
    for p in paths {
        let name: Arc<str> = Arc::from(p.display().to_string());
        match std::fs::read(&p) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => out.push(SourceFile { name, text }),
                Err(_) => issues.push(LexiconIssue {
                    file: name.to_string(),
                    line: 0,
                    message: "file is not valid UTF-8".into(),
                }),
            },
            Err(e) => issues.push(LexiconIssue {
                file: name.to_string(),
                line: 0,
                message: format!("cannot read: {e}"),
            }),
        }
    }
    out
}

fn collect_toml(dir: &Path, out: &mut Vec<PathBuf>, issues: &mut Vec<LexiconIssue>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            issues.push(LexiconIssue {
                file: dir.display().to_string(),
                line: 0,
                message: format!("cannot read folder: {e}"),
            });
            return;
        }
    };
    for entry in entries.flatten() {
        let p = entry.path();
        if p.is_dir() {
            collect_toml(&p, out, issues);
        } else if p.extension().is_some_and(|e| e == "toml") {
            out.push(p);
        }
    }
}

fn parse_layer(files: &[SourceFile], issues: &mut Vec<LexiconIssue>) -> Layer {
    let mut layer = Layer::default();
    for f in files {
        parse_file(f, &mut layer, issues);
    }
    check_duplicates(&layer, issues);
    layer
}

/// Compiles every pending token pattern with the merged word classes and adds
/// it to its trigger's or cue's patterns.
fn compile_tokens(base: &mut Layer, issues: &mut Vec<LexiconIssue>) {
    let classes: HashMap<String, Vec<String>> =
        base.classes.iter().map(|c| (c.name.clone(), c.words.clone())).collect();
    for (owner, written, widened, origin) in std::mem::take(&mut base.tokens) {
        let issue = |message: String| LexiconIssue { file: origin.file.to_string(), line: origin.line, message };
        let id = match &owner {
            TokenOwner::Trigger(id) | TokenOwner::Cue(id) | TokenOwner::Pseudo(id) | TokenOwner::Procedure(id) => id.clone(),
        };
        let compiled = match crate::tokens::compile_all(widened.as_deref().unwrap_or(&written), &classes) {
            Ok(c) => c,
            Err(e) => {
                issues.push(issue(format!("`{id}`: token pattern {written:?}: {}", e.reason)));
                continue;
            }
        };
        let regex = match Regex::from_tokens(compiled) {
            Ok(r) => r,
            Err(e) => {
                issues.push(issue(format!("`{id}`: token pattern {written:?} compiles to an invalid regex: {e}")));
                continue;
            }
        };
        let src = PatternSource { written, is_tokens: true, origin };
        // Pseudo-triggers keep no pattern sources (nothing cites them).
        let (patterns, sources) = match &owner {
            TokenOwner::Trigger(id) => match base.triggers.iter_mut().find(|t| &t.id == id) {
                Some(t) => (&mut t.patterns, Some(&mut t.pattern_sources)),
                None => continue,
            },
            TokenOwner::Cue(id) => match base.cues.iter_mut().find(|c| &c.id == id) {
                Some(c) => (&mut c.patterns, Some(&mut c.pattern_sources)),
                None => continue,
            },
            TokenOwner::Pseudo(id) => match base.pseudos.iter_mut().find(|p| &p.id == id) {
                Some(p) => (&mut p.patterns, None),
                None => continue,
            },
            // Procedures keep none either: a hit cites its own text.
            TokenOwner::Procedure(id) => match base.procedures.iter_mut().find(|p| &p.id == id) {
                Some(p) => (&mut p.patterns, None),
                None => continue,
            },
        };
        patterns.push(regex);
        if let Some(sources) = sources {
            sources.push(src);
        }
    }
}

impl Lexicon {
    /// The built-in lexicons with every file under `paths` (TOML files, or folders
    /// searched recursively for `*.toml`) layered over them. Without `paths`,
    /// this is [`Lexicon::builtin`], pre-built at compile time.
    pub fn load(paths: &[PathBuf]) -> Result<Lexicon, LexiconError> {
        if paths.is_empty() {
            return Lexicon::builtin();
        }
        Lexicon::parse_layers(paths)
    }

    /// Parses and checks the built-in TOML files with every file under `paths`
    /// layered over them, compiling every expression. `build.rs` runs this on
    /// the built-in files alone to pre-build [`Lexicon::builtin`].
    pub fn parse_layers(paths: &[PathBuf]) -> Result<Lexicon, LexiconError> {
        let mut issues = Vec::new();
        let builtin: Vec<SourceFile> = BUILTIN_FILES
            .iter()
            .map(|(name, text)| SourceFile { name: Arc::from(*name), text: text.to_string() })
            .collect();
        let mut base = parse_layer(&builtin, &mut issues);
        for path in paths {
            let files = read_sources(path, &mut issues);
            let user = parse_layer(&files, &mut issues);
            // A user entry that replaces a built-in one brings its own tokens.
            base.tokens.retain(|(owner, ..)| match owner {
                TokenOwner::Trigger(id) => !user.triggers.iter().any(|t| &t.id == id),
                TokenOwner::Cue(id) => !user.cues.iter().any(|c| &c.id == id),
                TokenOwner::Pseudo(id) => !user.pseudos.iter().any(|p| &p.id == id),
                TokenOwner::Procedure(id) => !user.procedures.iter().any(|p| &p.id == id),
            });
            base.tokens.extend(user.tokens);
            overlay(&mut base.triggers, user.triggers, |t| &t.id);
            overlay(&mut base.cues, user.cues, |t| &t.id);
            overlay(&mut base.pseudos, user.pseudos, |t| &t.id);
            overlay(&mut base.terminators, user.terminators, |t| &t.id);
            overlay(&mut base.sections, user.sections, |t| &t.name);
            overlay(&mut base.section_rules, user.section_rules, |t| &t.id);
            overlay(&mut base.procedures, user.procedures, |t| &t.id);
            overlay(&mut base.patterns, user.patterns, |t| &t.id);
            overlay(&mut base.classes, user.classes, |t| &t.name);
            overlay(&mut base.staged_sequences, user.staged_sequences, |t| &t.id);
            base.abbreviations.extend(user.abbreviations);
            base.closing_abbreviations.extend(user.closing_abbreviations);
            base.spellings.extend(user.spellings);
            base.shorthands.extend(user.shorthands);
            base.diagnostic_codes.extend(user.diagnostic_codes);
            base.single_unit_codes.extend(user.single_unit_codes);
            base.body_areas.extend(user.body_areas);
            base.specialty_families.extend(user.specialty_families);
            base.specialty_regions.extend(user.specialty_regions);
            base.place_only_pairs.extend(user.place_only_pairs);
            base.session_only_pairs.extend(user.session_only_pairs);
            base.site_labels.extend(user.site_labels);
            base.service_date_heads.extend(user.service_date_heads);
            base.author_labels.extend(user.author_labels);
            base.credentials.extend(user.credentials);
            base.same_day_refs.extend(user.same_day_refs);
            base.sign_off_words.extend(user.sign_off_words);
            base.history_disputes.extend(user.history_disputes);
            base.planned_day_words.extend(user.planned_day_words);
            base.future_day_words.extend(user.future_day_words);
            base.span_bound_words.extend(user.span_bound_words);
            base.birth_date_heads.extend(user.birth_date_heads);
            base.removal_words.extend(user.removal_words);
            base.next_operation_words.extend(user.next_operation_words);
            base.repeat_work_words.extend(user.repeat_work_words);
            base.current_operation_openers.extend(user.current_operation_openers);
            base.encounter_headings.extend(user.encounter_headings);
            if user.scoring.is_some() {
                base.scoring = user.scoring;
            }
            base.files.extend(user.files);
        }
        // Cross-references are checked on the merged set.
        for r in &base.section_rules {
            if !base.sections.iter().any(|s| s.name == r.section) {
                issues.push(LexiconIssue {
                    file: r.origin.file.to_string(),
                    line: r.origin.line,
                    message: format!("section_rule `{}`: unknown section `{}`", r.id, r.section),
                });
            }
        }
        for q in &base.staged_sequences {
            for name in q.first_named.iter().filter(|n| !base.procedures.iter().any(|p| &p.id == *n)) {
                issues.push(LexiconIssue {
                    file: q.origin.file.to_string(),
                    line: q.origin.line,
                    message: format!("staged_sequence `{}`: `first_named` names unknown procedure `{name}`", q.id),
                });
            }
        }
        resolve_wider_sites(&mut base.triggers, &mut issues);
        add_other_forms(&mut base);
        compile_tokens(&mut base, &mut issues);
        if !issues.is_empty() {
            return Err(LexiconError { issues });
        }
        // A closing abbreviation is an abbreviation first.
        base.abbreviations.extend(base.closing_abbreviations.iter().cloned());
        base.abbreviations.sort();
        base.abbreviations.dedup();
        base.closing_abbreviations.sort();
        base.closing_abbreviations.dedup();
        Ok(Lexicon {
            triggers: base.triggers,
            cues: base.cues,
            pseudos: base.pseudos,
            terminators: base.terminators,
            sections: base.sections,
            section_rules: base.section_rules,
            procedures: base.procedures,
            patterns: base.patterns,
            classes: base.classes,
            diagnostic_codes: base.diagnostic_codes,
            single_unit_codes: base.single_unit_codes,
            staged_sequences: base.staged_sequences,
            body_areas: base.body_areas,
            specialty_families: base.specialty_families,
            specialty_regions: base.specialty_regions,
            place_only_pairs: base.place_only_pairs,
            session_only_pairs: base.session_only_pairs,
            site_labels: base.site_labels,
            service_date_heads: base.service_date_heads,
            author_labels: base.author_labels,
            credentials: base.credentials,
            same_day_refs: base.same_day_refs,
            sign_off_words: base.sign_off_words,
            history_disputes: base.history_disputes,
            planned_day_words: base.planned_day_words,
            future_day_words: base.future_day_words,
            span_bound_words: base.span_bound_words,
            birth_date_heads: base.birth_date_heads,
            removal_words: base.removal_words,
            next_operation_words: base.next_operation_words,
            repeat_work_words: base.repeat_work_words,
            current_operation_openers: base.current_operation_openers,
            encounter_headings: base.encounter_headings,
            abbreviations: base.abbreviations,
            closing_abbreviations: base.closing_abbreviations,
            scoring: base.scoring.unwrap_or_default(),
            files: base.files,
        })
    }

    /// Counts of entries and phrases per trigger category, for `lexicon list`.
    pub fn category_counts(&self) -> BTreeMap<Category, (usize, usize)> {
        let mut out = BTreeMap::new();
        for t in &self.triggers {
            let e = out.entry(t.category).or_insert((0, 0));
            e.0 += 1;
            e.1 += t.phrases.len() + t.patterns.len();
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load_text(text: &str) -> Result<Lexicon, LexiconError> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("user.toml");
        std::fs::write(&path, text).unwrap();
        Lexicon::load(&[path])
    }

    #[test]
    fn builtin_lexicons_load_and_cover_every_trigger_category() {
        let lex = Lexicon::builtin().expect("built-in lexicons are valid");
        let counts = lex.category_counts();
        for c in Category::ALL {
            assert!(counts.contains_key(&c), "no triggers for category {}", c.as_str());
        }
        assert!(!lex.sections.is_empty());
        assert!(lex.abbreviations.iter().any(|a| a == "dr."));
    }

    #[test]
    fn place_only_pairs_read_ranges_and_a_bad_entry_is_named() {
        let lex = Lexicon::builtin().unwrap();
        assert!(lex.place_only("98941", "97140"));
        assert!(!lex.place_only("97530", "97140"), "time apart unbundles therapy pairs");
        let err = load_text("place_only_pairs = [[\"98940\"]]\n").unwrap_err().to_string();
        assert!(err.contains("place_only_pairs"), "{err}");
        let lex = load_text("place_only_pairs = [[\"20610\", \"20550-20553\"]]\n").unwrap();
        assert!(lex.place_only("20610", "20551"));
    }

    #[test]
    fn specialty_regions_name_where_a_specialty_operates() {
        let lex = Lexicon::builtin().unwrap();
        assert!(lex.regions_of_specialty("ophthalmology").is_some_and(|r| r.contains(&"eye") && !r.contains(&"vascular")));
        assert!(lex.regions_of_specialty("general surgery").is_none(), "a generalist's regions are not listed");
        let err = load_text("specialty_regions = [[\"ophthalmology\"]]\n").unwrap_err().to_string();
        assert!(err.contains("specialty_regions"), "{err}");
    }

    #[test]
    fn session_only_pairs_read_ranges_and_a_bad_entry_is_named() {
        let lex = Lexicon::builtin().unwrap();
        assert!(lex.session_only("43251", "43235"), "a diagnostic EGD under a snare EGD");
        assert!(!lex.session_only("43251", "43239"), "biopsies elsewhere in the stomach stay apart");
        let err = load_text("session_only_pairs = [[\"43235\", \"43239\", \"43251\"]]\n").unwrap_err().to_string();
        assert!(err.contains("session_only_pairs"), "{err}");
    }

    #[test]
    fn staged_sequences_read_codes_and_ranges_and_a_layer_replaces_one_by_id() {
        let lex = Lexicon::builtin().unwrap();
        assert!(lex.staged_sequence("19357", "11970").is_some_and(|q| q.says.contains("expander")));
        assert!(lex.staged_sequence("25605", "25608").is_some(), "a range's inner code");
        assert!(lex.staged_sequence("11970", "19357").is_none(), "a course runs one way");
        let lex = load_text(
            "[[staged_sequence]]\nid = \"seq.expander_implant\"\nsays = \"expander, then implant (ours)\"\nfirst = [\"19357\"]\nthen = [\"11970\", \"19342\"]\n",
        )
        .unwrap();
        assert_eq!(lex.staged_sequence("19357", "19342").map(|q| q.says.as_str()), Some("expander, then implant (ours)"));
        assert!(lex.staged_sequence("11960", "11970").is_none(), "the layer's entry replaced the built-in one");
        let err = load_text("[[staged_sequence]]\nid = \"s\"\nsays = \"x\"\nfirst = [\"19357\"]\nthen = [\n  \"1197\",\n  \"11980-11970\",\n]\n")
            .unwrap_err();
        assert_eq!(err.issues.iter().map(|i| i.line).collect::<Vec<_>>(), vec![6, 7, 1], "{err}");
        assert!(err.issues[0].message.contains("`1197` is not a code"), "{err}");
        assert!(err.issues[2].message.contains("each need a code"), "{err}");
    }

    #[test]
    fn a_staged_sequence_may_begin_with_a_named_procedure_and_an_unknown_name_is_an_error() {
        let lex = Lexicon::builtin().unwrap();
        let q = lex.staged_sequence_named("closed_reduction", "25575").expect("a closed reduction, then the forearm nailed");
        assert!(q.after_failure && q.says.contains("forearm"), "{}", q.says);
        assert!(lex.staged_sequence_named("closed_reduction", "27447").is_none(), "no course ends in a knee replacement");
        let err = load_text("[[staged_sequence]]\nid = \"s\"\nsays = \"x\"\nfirst = [\"25605\"]\nthen = [\"25607\"]\nfirst_named = [\"no_such_operation\"]\n")
            .unwrap_err();
        assert!(err.issues.iter().any(|i| i.line == 1 && i.message.contains("unknown procedure `no_such_operation`")), "{err}");
    }

    #[test]
    fn empty_phrase_is_reported_with_its_line() {
        let err = load_text("[[trigger]]\nid = \"x\"\ncategory = \"staged\"\nweight = 0.5\nphrases = [\n  \"ok\",\n  \"  \",\n]\n")
            .unwrap_err();
        assert_eq!(err.issues.len(), 1, "{err}");
        assert_eq!(err.issues[0].line, 7);
        assert!(err.issues[0].message.contains("empty phrase"));
    }

    #[test]
    fn token_patterns_compile_with_user_classes_and_errors_name_their_line() {
        let lex = load_text(
            "[[class]]\nname = \"limb\"\nwords = [\"arm\", \"leg\"]\n\n[[trigger]]\nid = \"u.t\"\ncategory = \"unrelated\"\nsupports = [\"79\"]\nweight = 0.5\ntokens = [\n  \"broke _0-2 @limb\",\n]\n",
        )
        .unwrap();
        let t = lex.triggers.iter().find(|t| t.id == "u.t").unwrap();
        assert_eq!(t.patterns.len(), 1);
        assert!(t.pattern_sources[0].is_tokens && t.pattern_sources[0].origin.line == 11, "{:?}", t.pattern_sources);
        assert!(t.patterns[0].compiled().is_match("she broke her left leg"));

        let err = load_text("[[trigger]]\nid = \"u.t\"\ncategory = \"unrelated\"\nweight = 0.5\ntokens = [\"broke @nope\"]\n").unwrap_err();
        assert_eq!(err.issues[0].line, 5, "{err}");
        assert!(err.issues[0].message.contains("unknown word class `@nope`"), "{err}");
    }

    #[test]
    fn codes_are_codes_or_ranges_on_service_and_site_triggers_only() {
        let lex = load_text("[[trigger]]\nid = \"s.x\"\ncategory = \"service\"\nweight = 0.0\ncodes = [\"11102-11107\", \"43239\"]\nphrases = [\"bx\"]\n").unwrap();
        let t = lex.triggers.iter().find(|t| t.id == "s.x").unwrap();
        assert!(t.covers("11104") && t.covers("43239") && !t.covers("11108") && !t.covers("1110"));
        let err = load_text("[[trigger]]\nid = \"s.y\"\ncategory = \"service\"\nweight = 0.0\ncodes = [\"11107-11102\"]\nphrases = [\"bx\"]\n").unwrap_err();
        assert!(err.to_string().contains("not a code or a code range"), "{err}");
        let err = load_text("[[trigger]]\nid = \"s.z\"\ncategory = \"staged\"\nweight = 0.5\ncodes = [\"11102\"]\nphrases = [\"bx\"]\n").unwrap_err();
        assert!(err.to_string().contains("only `service` and `site` triggers"), "{err}");
    }

    #[test]
    fn any_kind_marks_service_triggers_only() {
        let lex = load_text("[[trigger]]\nid = \"s.scoped\"\ncategory = \"service\"\nweight = 0.0\nany_kind = true\ncodes = [\"43235\", \"45378\"]\nphrases = [\"scoped\"]\n").unwrap();
        assert!(lex.triggers.iter().find(|t| t.id == "s.scoped").unwrap().any_kind);
        let err = load_text("[[trigger]]\nid = \"r.x\"\ncategory = \"repeat\"\nweight = 0.5\nany_kind = true\nphrases = [\"again\"]\n").unwrap_err();
        assert!(err.to_string().contains("only `service` triggers are `any_kind`"), "{err}");
    }

    #[test]
    fn a_cue_can_spare_named_categories() {
        let cue = "[[cue]]\nid = \"c.if\"\nassertion = \"conditional\"\ndirection = \"forward\"\nphrases = [\"if\"]\nexcept_categories = [\"staged\"]\n";
        let lex = load_text(cue).unwrap();
        let c = lex.cues.iter().find(|c| c.id == "c.if").unwrap();
        assert!(!c.applies_to(Category::Staged));
        assert!(c.applies_to(Category::Complication));
        let err = load_text(&format!("{cue}categories = [\"complication\"]\n")).unwrap_err();
        assert!(err.to_string().contains("not both"), "{err}");
    }

    #[test]
    fn a_site_lists_the_diagnoses_that_name_it() {
        let lex = load_text("[[trigger]]\nid = \"site.knee\"\ncategory = \"site\"\nweight = 0.0\nphrases = [\"knee\"]\ndiagnoses = [\"M17\", \"m25.56\", \"M1A06\"]\n").unwrap();
        assert_eq!(lex.triggers.iter().find(|t| t.id == "site.knee").unwrap().diagnoses, ["M17", "M2556", "M1A06"], "upper case, no dot");
        let err = load_text("[[trigger]]\nid = \"site.q\"\ncategory = \"site\"\nweight = 0.0\nphrases = [\"q\"]\ndiagnoses = [\"knee\"]\n").unwrap_err();
        assert!(err.to_string().contains("not an ICD-10-CM code"), "{err}");
        let err = load_text("[[trigger]]\nid = \"s.w\"\ncategory = \"staged\"\nweight = 0.5\nphrases = [\"w\"]\ndiagnoses = [\"M17\"]\n").unwrap_err();
        assert!(err.to_string().contains("only `site` triggers list the diagnoses"), "{err}");
    }

    #[test]
    fn a_site_lies_within_another_site_only() {
        let lex = load_text("[[trigger]]\nid = \"site.l9\"\nwithin = \"site.spine\"\ncategory = \"site\"\nweight = 0.0\nphrases = [\"l9-10\"]\n").unwrap();
        assert_eq!(lex.triggers.iter().find(|t| t.id == "site.l9").unwrap().within.as_deref(), Some("site.spine"));
        let err = load_text("[[trigger]]\nid = \"site.q\"\nwithin = \"site.nowhere\"\ncategory = \"site\"\nweight = 0.0\nphrases = [\"q\"]\n").unwrap_err();
        assert!(err.to_string().contains("not another site trigger"), "{err}");
        let err = load_text("[[trigger]]\nid = \"s.w\"\nwithin = \"site.spine\"\ncategory = \"staged\"\nweight = 0.5\nphrases = [\"w\"]\n").unwrap_err();
        assert!(err.to_string().contains("only `site` triggers"), "{err}");
        let nested = "[[trigger]]\nid = \"site.spine\"\ncategory = \"site\"\nweight = 0.0\nphrases = [\"spine\"]\n\
            [[trigger]]\nid = \"site.lumbar\"\nwithin = \"site.spine\"\ncategory = \"site\"\nweight = 0.0\nphrases = [\"lumbar\"]\n\
            [[trigger]]\nid = \"site.l9\"\nwithin = \"site.lumbar\"\ncategory = \"site\"\nweight = 0.0\nphrases = [\"l9-10\"]\n";
        let lex = load_text(nested).unwrap();
        let index = |id: &str| lex.triggers.iter().position(|t| t.id == id).unwrap();
        assert_eq!(lex.triggers[index("site.l9")].wider, vec![index("site.lumbar"), index("site.spine")], "nearest first");
        let cycle = nested.replacen("id = \"site.spine\"\n", "id = \"site.spine\"\nwithin = \"site.l9\"\n", 1);
        let err = load_text(&cycle).unwrap_err();
        assert!(err.to_string().contains("comes back to"), "{err}");
    }

    #[test]
    fn invalid_regex_unknown_category_and_syntax_errors_name_the_line() {
        let err = load_text("[[cue]]\nid = \"c\"\nassertion = \"negated\"\ndirection = \"forward\"\npatterns = [\"(unclosed\"]\n")
            .unwrap_err();
        assert_eq!(err.issues[0].line, 5, "{err}");
        assert!(err.issues[0].message.contains("invalid regex"));

        let err = load_text("\n[[trigger]]\nid = \"x\"\ncategory = \"nonsense\"\nweight = 0.5\nphrases = [\"a\"]\n")
            .unwrap_err();
        assert_eq!(err.issues[0].line, 4, "{err}");
        assert!(err.issues[0].message.contains("unknown variant"), "{err}");

        let err = load_text("[[trigger]\nid = 1\n").unwrap_err();
        assert_eq!(err.issues[0].line, 1, "{err}");
    }

    #[test]
    fn duplicate_ids_in_one_layer_are_errors_but_user_ids_override_builtins() {
        let dup = "[[terminator]]\nid = \"t\"\nphrases = [\"but\"]\n\n[[terminator]]\nid = \"t\"\nphrases = [\"yet\"]\n";
        let err = load_text(dup).unwrap_err();
        assert!(err.issues[0].message.contains("duplicate terminator id `t`"), "{err}");
        assert_eq!(err.issues[0].line, 5);

        let builtin = Lexicon::builtin().unwrap();
        let first = builtin.triggers[0].id.clone();
        let over = format!(
            "[[trigger]]\nid = \"{first}\"\ncategory = \"repeat\"\nweight = 0.1\nphrases = [\"zzz qqq\"]\n"
        );
        let lex = load_text(&over).unwrap();
        assert_eq!(lex.triggers.len(), builtin.triggers.len());
        let t = lex.triggers.iter().find(|t| t.id == first).unwrap();
        assert_eq!(t.phrases.iter().collect::<Vec<_>>(), ["zzz qqq"]);
    }

    #[test]
    fn unknown_modifier_is_rejected() {
        let err = load_text("[[trigger]]\nid = \"x\"\ncategory = \"staged\"\nweight = 0.5\nsupports = [\"99\"]\nphrases = [\"a b\"]\n")
            .unwrap_err();
        assert_eq!(err.issues[0].line, 5, "{err}");
    }

    #[test]
    fn only_unplanned_triggers_override_a_plan() {
        let err = load_text("[[trigger]]\nid = \"x\"\ncategory = \"staged\"\noverrides_plan = true\nweight = 0.5\nphrases = [\"a b\"]\n")
            .unwrap_err();
        assert!(err.issues[0].message.contains("only `unplanned` triggers are `overrides_plan`"), "{err}");
        load_text("[[trigger]]\nid = \"x\"\ncategory = \"unplanned\"\noverrides_plan = true\nweight = 0.5\nphrases = [\"a b\"]\n")
            .unwrap();
    }

    #[test]
    fn a_modifier_listed_twice_is_rejected() {
        let err = load_text(
            "[[trigger]]\nid = \"x\"\ncategory = \"staged\"\nweight = 0.5\nsupports = [\"58\", \"58\"]\nphrases = [\"a b\"]\n",
        )
        .unwrap_err();
        assert!(err.issues[0].message.contains("`supports` lists a modifier twice"), "{err}");
        assert_eq!(err.issues[0].line, 1);
    }

    #[test]
    fn two_scoring_tables_in_one_folder_are_rejected() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.toml"), "[scoring]\nthreshold = 0.4\n").unwrap();
        std::fs::write(dir.path().join("b.toml"), "\n[scoring]\nthreshold = 0.6\n").unwrap();
        let err = Lexicon::load(&[dir.path().to_path_buf()]).unwrap_err();
        assert_eq!(err.issues.len(), 1, "{err}");
        assert!(err.issues[0].message.contains("second [scoring] table"), "{err}");
        assert!(err.issues[0].file.ends_with("b.toml") && err.issues[0].line == 2, "{err}");
    }

    #[test]
    fn builtin_scoring_table_matches_the_documented_defaults() {
        // lexicons/README.md documents the defaults a partial user table falls back to.
        assert_eq!(Lexicon::builtin().unwrap().scoring, Scoring::default());
    }

    #[test]
    fn a_negated_class_between_ascii_edges_builds_over_bytes_and_finds_the_same() {
        let list = r"\brisks include:(?: [0-9][.)] [a-z][^.]{0,20}\.)+";
        assert!(ascii_edged(list));
        let r = Regex::new(list).unwrap();
        assert_eq!(r.0.data.syntax, Syntax::Bytes);
        let hay = "the risks include: 1. bleeding. 2. café-au-lait spots. then";
        let unicode = Regex::build(list, Syntax::Unicode, false).unwrap();
        let found = |re: &meta::Regex| re.find(hay).map(|m| m.range());
        assert_eq!(found(r.quick()), found(&unicode));
        assert_eq!(found(r.compiled()), found(&unicode));
        // Edges that could fall inside a character keep Unicode syntax.
        for source in [r"[^.]+", r"\bsee [^.]*", r"(?:x)?[^.]\.", r"[^.]?"] {
            assert!(!ascii_edged(source), "{source}");
            assert_eq!(Regex::new(source).unwrap().0.data.syntax, Syntax::Unicode, "{source}");
        }
        // An optional ASCII opening passes the edge on to what follows.
        assert!(ascii_edged(r"\b(?:the )?risks [^.]{0,9}\."));
        assert!(!ascii_edged(r"(?:the )?[^.]{0,9}\."));
    }

    #[test]
    fn body_areas_join_regions_and_a_malformed_group_is_named() {
        let lex = Lexicon::load(&[]).unwrap();
        assert!(lex.same_body_area("abdomen", "gi_lower"));
        assert!(lex.same_body_area("knee", "knee"));
        assert!(!lex.same_body_area("abdomen", "knee"));
        // The gallbladder is in the abdomen, as the uterus is, yet a
        // hysterectomy is not at a cholecystectomy's site.
        assert!(lex.same_body_area("hepatobiliary", "abdomen") && lex.same_body_area("genitourinary", "abdomen"));
        assert!(!lex.same_body_area("hepatobiliary", "genitourinary"));
        assert!(lex.other_organ("hepatobiliary", "gi_lower") && !lex.other_organ("abdomen", "gi_lower"));
        assert!(!lex.other_organ("gi_lower", "gi_lower") && !lex.other_organ("hepatobiliary", "genitourinary"));
        let err = load_text("body_areas = [[\"knee\"], [\"hip\", \"Thigh\"]]\n").unwrap_err().to_string();
        assert_eq!(err.matches("body_areas: each group").count(), 2, "{err}");
        let layered = load_text("body_areas = [[\"knee\", \"thigh_femur\"]]\n").unwrap();
        assert!(layered.same_body_area("thigh_femur", "knee") && layered.same_body_area("gi_upper", "abdomen"));
    }

    #[test]
    fn specialty_families_tell_another_specialty_and_a_malformed_group_is_named() {
        let lex = Lexicon::load(&[]).unwrap();
        assert!(lex.other_specialty("dr. anand, one of the orthopedic hand surgeons in our group", "podiatry"));
        assert!(!lex.other_specialty("dr. anand, one of the orthopedic hand surgeons", "orthopaedic surgery"));
        // No specialty word, or a provider specialty no group knows: nothing tells.
        assert!(!lex.other_specialty("dr. anand of our group", "podiatry"));
        assert!(!lex.other_specialty("dr. anand, our urologist", "wound care"));
        // Whole words only: "parent" holds no "ent".
        assert!(!lex.other_specialty("dr. anand, the parent's choice", "urology"));
        let err = load_text("specialty_families = [[], [\"podiatry\", \" \"]]\n").unwrap_err().to_string();
        assert_eq!(err.matches("specialty_families: each group").count(), 2, "{err}");
    }

    #[test]
    fn spellings_give_phrases_tokens_and_user_layers_their_british_form() {
        let pairs = vec![("hemat".to_string(), "haemat".to_string()), ("edema".to_string(), "oedema".to_string())];
        assert_eq!(spelling_variant("wound hematoma", &pairs).as_deref(), Some("wound haematoma"));
        assert_eq!(spelling_variant("oedema", &pairs), None, "a British form is left alone");
        assert_eq!(spelling_variant("seroma", &pairs), None);
        let forms = OtherForms { spellings: pairs.clone(), shorthands: Vec::new() };
        assert_eq!(
            token_alternatives("new _0-2 hematoma [or|edema] {seroma|hematoma}", &forms).as_deref(),
            Some("new _0-2 {hematoma|haematoma} [or|edema|oedema] {seroma|hematoma|haematoma}")
        );
        assert_eq!(token_alternatives("{seroma|serous fluid} _0-2 expected", &forms), None);
        let builtin = Lexicon::load(&[]).unwrap();
        let bleeding = builtin.triggers.iter().find(|t| t.id == "complication.hematoma").unwrap();
        assert!(bleeding.phrases.iter().any(|p| p == "hematoma") && bleeding.phrases.iter().any(|p| p == "haematoma"));
        // A user phrase written in American spelling gets its British form too.
        let user = "[[trigger]]\nid = \"complication.user\"\ncategory = \"complication\"\nsupports = [\"78\"]\nweight = 0.5\nphrases = [\"perigastric hemorrhage\"]\n";
        let layered = load_text(user).unwrap();
        let t = layered.triggers.iter().find(|t| t.id == "complication.user").unwrap();
        assert!(t.phrases.iter().any(|p| p == "perigastric haemorrhage"), "{:?}", t.phrases);
        let err = load_text("spellings = [[\"hemat\"], [\"Edema\", \"oedema\"]]\n").unwrap_err().to_string();
        assert_eq!(err.matches("spellings: each entry").count(), 2, "{err}");
    }

    #[test]
    fn shorthands_give_phrases_and_tokens_their_short_forms() {
        let forms = OtherForms {
            spellings: vec![("hemat".to_string(), "haemat".to_string())],
            shorthands: vec![("with".to_string(), "w/".to_string()), ("history".to_string(), "hx".to_string())],
        };
        assert_eq!(forms.of("no connection with our practice"), ["no connection w/ our practice"]);
        // Whole words only: "without" and "withdrawn" keep their letters.
        assert_eq!(forms.of("withdrawn without a history-based plan"), ["withdrawn without a hx-based plan"]);
        assert_eq!(forms.of("history of hematoma"), ["hx of hematoma", "history of haematoma", "hx of haematoma"]);
        assert_eq!(token_alternatives("{seen|operated} with history", &forms).as_deref(), Some("{seen|operated} {with|w/} {history|hx}"));
        let builtin = Lexicon::load(&[]).unwrap();
        let other = builtin.triggers.iter().find(|t| t.id == "prior.other_service").unwrap();
        assert!(other.phrases.iter().any(|p| p == "not affiliated w/"), "{:?}", other.phrases);
        let negation = builtin.cues.iter().find(|c| c.id == "negation.forward").unwrap();
        assert!(negation.phrases.iter().any(|p| p == "w/o"), "{:?}", negation.phrases);
        let err = load_text("shorthands = [[\"with\"], [\"With\", \"w/\"], [\"history\", \"h x\"]]\n").unwrap_err().to_string();
        assert_eq!(err.matches("shorthands: each entry").count(), 3, "{err}");
    }
}
