//! Arbitrary bytes as a CSV export: every record the CsvSource yields is
//! analyzed (Ok or Err); reading never panics and always ends.
#![no_main]

use libfuzzer_sys::fuzz_target;
use modcite::analyze::Options;
use modcite::batch::{CsvColumns, CsvSource, RecordSource};

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let mut src = CsvSource::new(Box::new(std::io::Cursor::new(data.to_vec())), "fuzz.csv", CsvColumns::default(), false);
    let mut records = 0usize;
    loop {
        let raw = match src.next_record() {
            Ok(Some(raw)) => raw,
            Ok(None) => break,
            Err(_) => break,
        };
        records += 1;
        assert!(records <= data.len() + 1, "more records than input bytes: the reader does not advance");
        if let Ok(enc) = raw.encounter() {
            let note = enc.note.clone();
            if let Ok(r) = common::analyzer().analyze(enc, Options::default()) {
                common::check_result(note.as_deref().expect("CSV records carry a note"), &r);
            }
        }
    }
});
