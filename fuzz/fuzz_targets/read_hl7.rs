//! Arbitrary bytes as HL7 v2 messages: reading must give one record per
//! message (an encounter or an error) without panicking; readable notes are
//! analyzed and their spans checked.
#![no_main]

use libfuzzer_sys::fuzz_target;
use modcite::analyze::Options;
use modcite::interop::hl7;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    for r in hl7::read(&text) {
        let Ok(enc) = r.encounter else { continue };
        let note = enc.note.clone().expect("a read note has text");
        if let Ok(result) = common::analyzer().analyze(enc, Options::default()) {
            common::check_result(&note, &result);
        }
    }
});
