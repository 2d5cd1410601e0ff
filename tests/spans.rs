//! Property test: every evidence span is exact (`note[start..end] == text`,
//! character offsets and line/column agree) for notes with non-ASCII text,
//! CRLF line endings and ragged whitespace.

use modcite::analyze::{Analyzer, Options};
use modcite::encounter::{Encounter, HistoryItem, ProcedureLine};
use modcite::note::Span;
use proptest::prelude::*;

const FRAGMENTS: &[&str] = &[
    "OPERATIVE REPORT",
    "INDICATIONS:",
    "COMPLICATIONS: None.",
    "COMPLICATIONS:\u{a0}Wound hematoma.",
    "She returns for the planned second stage of her reconstruction.",
    "He was taken back to the operating room for evacuation of an expanding hematoma.",
    "Risks including infection, bleeding and hematoma were discussed.",
    "This is a new injury, unrelated to the prior surgery — a fall on ice.",
    "Separate lesion on the contralateral forearm, separate incision.",
    "Temp 38.4 °C; Dr. Müller’s “staged” plan — approx. 6 wks.",
    "s/p right TKA 01/12/2026, POD #12.",
    "Café-au-lait macule, second toe, stage II breast cancer.",
    "the operating room was prepared",
    "Patient was returned to the OR 3 days after surgery for wound dehiscence.",
    "PLAN: return to clinic in 2 weeks.",
    "日本語のメモ。",
    "🙂",
];

const SEPARATORS: &[&str] = &[" ", "  ", "\n", "\r\n", "\r\n\r\n", "\t", "\n\n", " \u{2014} ", "\u{2028}", "\r"];

fn check_span(note: &str, s: &Span) {
    assert!(s.start <= s.end && s.end <= note.len(), "span out of range: {s:?}");
    assert!(note.is_char_boundary(s.start) && note.is_char_boundary(s.end), "not a char boundary: {s:?}");
    assert_eq!(&note[s.start..s.end], s.text, "text mismatch");
    assert_eq!(note[..s.start].chars().count(), s.char_start, "char_start");
    assert_eq!(note[..s.end].chars().count(), s.char_end, "char_end");
    let before = &note[..s.start];
    let line = before.matches('\n').count() + 1;
    assert_eq!(s.line, line, "line of {s:?}");
    let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
    assert_eq!(note[line_start..s.start].chars().count() + 1, s.column, "column of {s:?}");
}

fn note_strategy() -> impl Strategy<Value = String> {
    prop::collection::vec((0..FRAGMENTS.len(), 0..SEPARATORS.len()), 1..24).prop_map(|parts| {
        let mut s = String::new();
        for (f, sep) in parts {
            s.push_str(FRAGMENTS[f]);
            s.push_str(SEPARATORS[sep]);
        }
        s
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(192))]

    #[test]
    fn evidence_spans_are_exact(note in note_strategy(), with_context in any::<bool>()) {
        let analyzer = Analyzer::builtin();
        let mut enc = Encounter::from_note(note.clone());
        if with_context {
            enc.date_of_service = Some("2026-02-01".into());
            enc.procedures = Some(vec![
                ProcedureLine { code: Some("27447".into()), laterality: Some("left".into()), ..Default::default() },
                ProcedureLine { code: Some("11042".into()), ..Default::default() },
                ProcedureLine { code: Some("97597".into()), ..Default::default() },
            ]);
            enc.history = Some(vec![HistoryItem {
                code: Some("27447".into()),
                date: Some("2026-01-12".into()),
                laterality: Some("right".into()),
                ..Default::default()
            }]);
        }
        let result = analyzer.analyze(enc, Options { explain: true }).unwrap();
        for line in &result.procedures {
            for s in &line.suggestions {
                for e in &s.evidence {
                    check_span(&note, &e.span);
                }
            }
            if let Some(g) = &line.global_period {
                for e in &g.evidence {
                    check_span(&note, &e.span);
                }
            }
        }
        for c in result.considered.as_deref().unwrap_or_default() {
            check_span(&note, &c.evidence.span);
        }
    }
}

#[test]
fn crlf_and_smart_quotes_spans_in_a_fixed_note() {
    let note = "INDICATIONS:\r\nMs. Núñez returns for the “planned second stage” \u{2014} as planned at the index\r\nprocedure on 01/12/2026.\r\nCOMPLICATIONS: None.\r\n";
    let mut enc = Encounter::from_note(note);
    enc.date_of_service = Some("2026-02-20".into());
    enc.procedures = Some(vec![ProcedureLine { code: Some("27447".into()), ..Default::default() }]);
    enc.history = Some(vec![HistoryItem { code: Some("27447".into()), date: Some("2026-01-12".into()), ..Default::default() }]);
    let r = Analyzer::builtin().analyze(enc, Options::default()).unwrap();
    let s58 = r.procedures[0].suggestions.iter().find(|s| s.modifier.as_str() == "58").unwrap();
    assert!(!s58.evidence.is_empty());
    let texts: Vec<&str> = s58.evidence.iter().map(|e| e.span.text.as_str()).collect();
    assert!(texts.iter().any(|t| t.contains("second stage")), "{texts:?}");
    // The phrase that wraps a CRLF line break is cited with the break inside it.
    assert!(texts.iter().any(|t| *t == "as planned at the index\r\nprocedure"), "{texts:?}");
    for e in &s58.evidence {
        check_span(note, &e.span);
    }
}
