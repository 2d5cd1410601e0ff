//! Arbitrary bytes as a user lexicon file layered over the built-ins:
//! Lexicon::load must return Ok or Err, never panic. A lexicon that loads
//! must also build an analyzer that can analyze a note.
#![no_main]

use libfuzzer_sys::fuzz_target;
use modcite::analyze::{Analyzer, Options};
use modcite::codes::CodeTables;
use modcite::encounter::Encounter;
use modcite::lexicon::Lexicon;
use std::sync::OnceLock;

const NOTE: &str = "OPERATIVE REPORT\nDATE OF SURGERY: 03/09/2026\nINDICATIONS: s/p right TKA on 01/12/2026, POD #12; \
returns for the planned second stage. No hematoma.\nCOMPLICATIONS: None.\nPLAN: return to clinic in 2 weeks.\n";

fn dir() -> &'static tempfile::TempDir {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| tempfile::tempdir().expect("temp dir"))
}

fn tables() -> &'static CodeTables {
    static TABLES: OnceLock<CodeTables> = OnceLock::new();
    TABLES.get_or_init(CodeTables::builtin)
}

fn issues_are_located(e: &modcite::lexicon::LexiconError) {
    assert!(!e.issues.is_empty(), "an error carries at least one issue");
    for i in &e.issues {
        assert!(!i.message.is_empty(), "issue without a message");
    }
}

fuzz_target!(|data: &[u8]| {
    let path = dir().path().join("user.toml");
    std::fs::write(&path, data).expect("write temp lexicon");
    match Lexicon::load(&[path]) {
        Err(e) => issues_are_located(&e),
        Ok(lex) => {
            let a = Analyzer::new(lex, tables().clone());
            let mut enc = Encounter::from_note(NOTE);
            enc.date_of_service = Some("2026-03-09".into());
            if let Ok(r) = a.analyze(enc, Options { explain: true }) {
                for line in &r.procedures {
                    for s in &line.suggestions {
                        for e in &s.evidence {
                            assert_eq!(&NOTE[e.span.start..e.span.end], e.span.text);
                        }
                    }
                }
            }
        }
    }
});
