//! Arbitrary bytes as a note (lossy UTF-8), analyzed without and with
//! encounter context; every evidence span must satisfy note[start..end] == text,
//! and the one-note analyzer (`suggest`) must answer as the many-note one.
#![no_main]

use libfuzzer_sys::fuzz_target;
use modcite::analyze::Options;
use modcite::encounter::{Encounter, HistoryItem, ProcedureLine, Provider};

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let note = String::from_utf8_lossy(data).into_owned();
    let a = common::analyzer();

    // A pasted note alone: always analyzable, and `suggest`'s one-note
    // analyzer (matcher per note, token programs) gives the same answer.
    let r = a.analyze(Encounter::from_note(note.clone()), Options { explain: true }).expect("a plain note always analyzes");
    common::check_result(&note, &r);
    let one = common::one_note_analyzer().analyze(Encounter::from_note(note.clone()), Options { explain: true });
    let one = one.expect("a plain note always analyzes");
    let json = modcite::output::to_json_line;
    assert_eq!(json(&r), json(&one), "one-note analysis differs");

    // A date of service only: history comes from the note text.
    let mut enc = Encounter::from_note(note.clone());
    enc.date_of_service = Some("2026-02-01".into());
    let r = a.analyze(enc, Options::default()).expect("note with a date of service analyzes");
    common::check_result(&note, &r);

    // Full context: two lines, a prior procedure by the same physician.
    let mut enc = Encounter::from_note(note.clone());
    enc.date_of_service = Some("2026-02-01".into());
    enc.payer = Some(if data.len() % 2 == 0 { "medicare" } else { "commercial" }.into());
    enc.provider = Some(Provider { id: Some("1".into()), ..Provider::default() });
    enc.procedures = Some(vec![
        ProcedureLine { code: Some("27447".into()), laterality: Some("left".into()), ..Default::default() },
        ProcedureLine { code: Some("11042".into()), billed_modifiers: Some(vec!["58".into()]), ..Default::default() },
        ProcedureLine { code: Some("97597".into()), ..Default::default() },
    ]);
    enc.history = Some(vec![HistoryItem {
        code: Some("27447".into()),
        date: Some("2026-01-12".into()),
        laterality: Some("right".into()),
        provider: Some(Provider { id: Some("1".into()), ..Provider::default() }),
        ..Default::default()
    }]);
    let r = a.analyze(enc, Options { explain: true }).expect("note with full context analyzes");
    common::check_result(&note, &r);
});
