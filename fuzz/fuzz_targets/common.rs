//! Shared by the fuzz targets: one analyzer, built once, and the span check.

use modcite::analyze::Analyzer;
use modcite::note::Span;
use modcite::result::EncounterResult;
use std::sync::OnceLock;

/// The built-in analyzer, built on first use.
pub fn analyzer() -> &'static Analyzer {
    static ANALYZER: OnceLock<Analyzer> = OnceLock::new();
    ANALYZER.get_or_init(Analyzer::builtin)
}

/// The built-in analyzer tuned for one note (what `suggest` runs: a matcher
/// per note, token patterns as programs), built on first use.
#[allow(dead_code)]
pub fn one_note_analyzer() -> &'static Analyzer {
    static ANALYZER: OnceLock<Analyzer> = OnceLock::new();
    ANALYZER.get_or_init(|| {
        let lexicon = modcite::lexicon::Lexicon::builtin().expect("built-in lexicon");
        Analyzer::with_tuning(lexicon, modcite::codes::CodeTables::builtin(), modcite::analyze::Tuning::OneNote)
    })
}

fn check_span(note: &str, s: &Span) {
    assert!(s.start <= s.end && s.end <= note.len(), "span out of range: {}..{} of {}", s.start, s.end, note.len());
    assert!(note.is_char_boundary(s.start) && note.is_char_boundary(s.end), "span not on char boundaries");
    assert_eq!(&note[s.start..s.end], s.text, "note[start..end] != text");
    assert_eq!(note[..s.start].chars().count(), s.char_start, "char_start");
    assert_eq!(s.char_start + s.text.chars().count(), s.char_end, "char_end");
}

/// Every cited span of `result` is exact with respect to `note`.
pub fn check_result(note: &str, result: &EncounterResult) {
    for line in &result.procedures {
        for s in &line.suggestions {
            assert!(s.score.is_finite() && (0.0..=1.0).contains(&s.score), "score {}", s.score);
            for e in &s.evidence {
                check_span(note, &e.span);
            }
        }
        if let Some(g) = &line.global_period {
            for e in &g.evidence {
                check_span(note, &e.span);
            }
        }
    }
    for c in result.considered.as_deref().unwrap_or_default() {
        check_span(note, &c.evidence.span);
    }
    // The result always serializes (the output contract).
    serde_json_check(result);
}

fn serde_json_check(result: &EncounterResult) {
    let line = modcite::output::to_json_line(result);
    assert!(!line.contains('\n'), "a JSON line holds no raw line feed");
}
