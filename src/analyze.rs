//! The whole pipeline behind one call.
//!
//! [`Analyzer`] owns what is built once (the lexicon, the note scheme, the
//! phrase automaton and the code tables) and turns one [`Encounter`] into one
//! [`EncounterResult`]: note → matches → asserted hits → encounter facts →
//! ranked suggestions → audit findings. It is `Sync`, so batch mode shares
//! one analyzer across threads.
//!
//! [`DataFiles`] loads what the built-in data is extended with (lexicon
//! layers, a fee schedule, NCCI edits) and builds the analyzer over it: the
//! one way the CLI and the Python bindings make an analyzer from files.

use std::path::PathBuf;

use crate::assertion::{assert_hits, AssertedHit};
use crate::audit;
use crate::codes::{CodeTableError, CodeTables};
use crate::encounter::{Encounter, InputError};
use crate::facts;
use crate::lexicon::{Lexicon, LexiconError};
pub use crate::matcher::Tuning;
use crate::matcher::Matcher;
use crate::model::Assertion;
use crate::note::{Note, NoteScheme};
use crate::rank::{rank, RankInput};
use crate::result::{CodeTableSources, Considered, EncounterResult, Evidence, MatchedBy};

/// How much an analysis reports beyond the contract.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Also list every trigger hit considered, with its assertion and outcome.
    pub explain: bool,
}

/// The data files that extend or replace the built-in data: what the CLI's
/// `--lexicon`, `--fee-schedule` and `--ncci` name, and what the Python
/// bindings' `Analyzer(lexicons=..., fee_schedule=..., ncci=...)` take.
#[derive(Debug, Clone, Default)]
pub struct DataFiles {
    /// Lexicon files or folders layered over the built-in lexicons.
    pub lexicons: Vec<PathBuf>,
    /// A CMS PFS RVU file (PPRRVU CSV); its global days win over the built-in table.
    pub fee_schedule: Option<PathBuf>,
    /// A CMS practitioner PTP edit file; replaces the built-in pairs.
    pub ncci: Option<PathBuf>,
}

/// Why an analyzer could not be built from its [`DataFiles`]. The error's
/// source chain, joined by `": "`, is the CLI's message.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// A lexicon file does not parse or check (every problem, one per line).
    #[error(transparent)]
    Lexicon(#[from] LexiconError),
    /// The fee schedule file cannot be read or is not in the expected layout.
    #[error("loading fee schedule {}", path.display())]
    FeeSchedule {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: CodeTableError,
    },
    /// The NCCI edit file cannot be read or is not in the expected layout.
    #[error("loading NCCI edits {}", path.display())]
    Ncci {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: CodeTableError,
    },
}

/// An analyzer built from data files, with what the code table files held.
pub struct Loaded {
    /// The analyzer.
    pub analyzer: Analyzer,
    /// Global periods read from the fee schedule file, when one was given.
    pub fee_schedule_entries: Option<usize>,
    /// NCCI edits read from the NCCI file, when one was given.
    pub ncci_edits: Option<usize>,
}

impl DataFiles {
    /// Loads the lexicons and code tables and builds an analyzer over them.
    pub fn load(&self, tuning: Tuning) -> Result<Loaded, LoadError> {
        let lexicon = Lexicon::load(&self.lexicons)?;
        let mut tables = CodeTables::builtin();
        let fee_schedule_entries = match &self.fee_schedule {
            Some(path) => Some(
                tables
                    .load_fee_schedule(path)
                    .map_err(|source| LoadError::FeeSchedule { path: path.clone(), source })?,
            ),
            None => None,
        };
        let ncci_edits = match &self.ncci {
            Some(path) => Some(tables.load_ncci(path).map_err(|source| LoadError::Ncci { path: path.clone(), source })?),
            None => None,
        };
        Ok(Loaded { analyzer: Analyzer::with_tuning(lexicon, tables, tuning), fee_schedule_entries, ncci_edits })
    }
}

/// A ready-to-use analyzer.
pub struct Analyzer {
    lexicon: Lexicon,
    scheme: NoteScheme,
    /// The matcher over the whole lexicon; `None` when tuned for one note,
    /// which builds a matcher for its note's words instead.
    matcher: Option<Matcher>,
    tables: CodeTables,
}

impl Analyzer {
    /// Builds an analyzer from a lexicon and code tables, tuned for many notes.
    pub fn new(lexicon: Lexicon, tables: CodeTables) -> Analyzer {
        Analyzer::with_tuning(lexicon, tables, Tuning::ManyNotes)
    }

    /// An analyzer tuned for one note (quicker to build) or for many (quicker
    /// per note); results are the same either way.
    pub fn with_tuning(lexicon: Lexicon, tables: CodeTables, tuning: Tuning) -> Analyzer {
        let scheme = NoteScheme::new(&lexicon);
        let matcher = (tuning == Tuning::ManyNotes).then(|| Matcher::new(&lexicon));
        Analyzer { lexicon, scheme, matcher, tables }
    }

    /// An analyzer over the built-in lexicons and code tables.
    pub fn builtin() -> Analyzer {
        let lexicon = Lexicon::builtin().expect("the built-in lexicons are checked by the test suite");
        Analyzer::new(lexicon, CodeTables::builtin())
    }

    /// The lexicon in use.
    pub fn lexicon(&self) -> &Lexicon {
        &self.lexicon
    }

    /// The code tables in use.
    pub fn tables(&self) -> &CodeTables {
        &self.tables
    }

    /// Analyzes one encounter.
    ///
    /// Errors only for input that cannot be analyzed at all (no note, a
    /// malformed date, an oversized note); everything else that could not be
    /// checked is reported in the result's `warnings`.
    pub fn analyze(&self, encounter: Encounter, options: Options) -> Result<EncounterResult, InputError> {
        let checked = encounter.check()?;
        let note = Note::new(checked.note.clone(), &self.scheme).map_err(InputError::Note)?;
        let matches = match &self.matcher {
            Some(matcher) => matcher.find(&note),
            None => Matcher::for_note(&self.lexicon, &note).find(&note),
        };
        let hits = assert_hits(&note, &matches, &self.lexicon);
        let facts = facts::derive(&checked, &note, &matches, &hits, &self.lexicon, &self.tables);
        let lines = rank(&RankInput { note: &note, hits: &hits, facts: &facts, lexicon: &self.lexicon });
        let findings = audit::findings(&audit::AuditInput { hits: &hits, facts: &facts, lines: &lines });
        let considered = options.explain.then(|| self.considered(&note, &hits));
        Ok(EncounterResult {
            id: checked.encounter.id.clone(),
            procedures: lines,
            findings,
            warnings: checked.encounter.input_warnings.iter().chain(&facts.warnings).cloned().collect(),
            code_tables: CodeTableSources {
                global_days: self.tables.global_sources.clone(),
                ncci: self.tables.ncci_sources.clone(),
            },
            considered,
        })
    }

    fn considered(&self, note: &Note, hits: &[AssertedHit]) -> Vec<Considered> {
        hits.iter()
            .map(|h| {
                let trigger = &self.lexicon.triggers[h.trigger];
                let counted = h.assertion == Assertion::Present;
                let reason = h.decided_by.as_ref().map(|(rule, cue)| match cue {
                    Some((s, e)) => format!("{} by {rule} (\"{}\")", h.assertion.as_str(), note.span(*s, *e).text),
                    None => format!("{} by {rule}", h.assertion.as_str()),
                });
                Considered {
                    evidence: Evidence {
                        span: note.span(h.hit.start, h.hit.end),
                        rule: trigger.id.clone(),
                        section: note.sections()[h.section].name.clone(),
                        assertion: h.assertion,
                        effect: if counted { "counted" } else { "discounted" },
                    },
                    category: h.category.as_str(),
                    outcome: if counted { "counted" } else { "discounted" },
                    reason,
                    matched_by: matched_by(trigger, h.hit.pattern),
                }
            })
            .collect()
    }
}

/// Names the phrase list or pattern of `trigger` that found a hit.
fn matched_by(trigger: &crate::lexicon::Trigger, pattern: Option<u32>) -> MatchedBy {
    match pattern.and_then(|k| trigger.pattern_sources.get(k as usize).map(|s| (k, s))) {
        Some((k, source)) => MatchedBy {
            kind: if source.is_tokens { "tokens" } else { "regex" },
            id: format!("{}/patterns[{k}]", trigger.id),
            origin: source.origin.to_string(),
            written: Some(source.written.clone()),
        },
        None => MatchedBy { kind: "phrase", id: trigger.id.clone(), origin: trigger.origin.to_string(), written: None },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Modifier;

    #[test]
    fn data_files_name_the_file_that_could_not_be_loaded() {
        let missing = std::path::PathBuf::from("/nonexistent/PPRRVU.csv");
        let files = DataFiles { fee_schedule: Some(missing.clone()), ..DataFiles::default() };
        let e = files.load(Tuning::OneNote).err().expect("a missing fee schedule is an error");
        assert!(matches!(e, LoadError::FeeSchedule { .. }), "{e:?}");
        assert_eq!(e.to_string(), "loading fee schedule /nonexistent/PPRRVU.csv");
        assert!(std::error::Error::source(&e).is_some_and(|s| s.to_string().contains("cannot read")));

        let files = DataFiles { ncci: Some(missing), ..DataFiles::default() };
        assert!(matches!(files.load(Tuning::OneNote), Err(LoadError::Ncci { .. })));

        let files = DataFiles { lexicons: vec!["/nonexistent/extra.toml".into()], ..DataFiles::default() };
        assert!(matches!(files.load(Tuning::OneNote), Err(LoadError::Lexicon(_))));

        let loaded = DataFiles::default().load(Tuning::OneNote).expect("the built-in data loads");
        assert_eq!((loaded.fee_schedule_entries, loaded.ncci_edits), (None, None));
    }

    #[test]
    fn complications_none_and_consent_risks_do_not_suggest_78() {
        let note = "PROCEDURE: Evacuation of fluid collection, right knee.\n\
                    INDICATIONS: Risks including infection and hematoma were discussed and she consented.\n\
                    COMPLICATIONS: None.\n";
        let enc = Encounter::from_note(note);
        let r = Analyzer::builtin().analyze(enc, Options::default()).unwrap();
        for line in &r.procedures {
            assert!(!line.recommended.contains(&Modifier::M78), "{:?}", line.recommended);
            for s in &line.suggestions {
                for e in s.evidence.iter().filter(|e| e.effect == "supports") {
                    assert_eq!(e.assertion, Assertion::Present, "{e:?}");
                }
            }
        }
    }
}
