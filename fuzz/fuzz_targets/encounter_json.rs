//! Arbitrary bytes as one JSON Lines record: parse_json_line must return Ok or
//! Err; an Ok encounter is analyzed (Ok or Err) and its spans checked.
#![no_main]

use libfuzzer_sys::fuzz_target;
use modcite::analyze::Options;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let Ok(enc) = modcite::batch::parse_json_line(data) else { return };
    let note = enc.note.clone();
    if let Ok(r) = common::analyzer().analyze(enc, Options { explain: true }) {
        let note = note.expect("an analyzed encounter has a note");
        common::check_result(&note, &r);
    }
});
