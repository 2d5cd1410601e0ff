//! Arbitrary bytes as FHIR: a Bundle (or any JSON object, wrapped as a
//! Bundle's one entry) must read into records or errors without panicking;
//! readable notes are analyzed and their spans checked. The HTML and RTF
//! reductions of the same text keep its byte length.
#![no_main]

use libfuzzer_sys::fuzz_target;
use modcite::analyze::Options;
use modcite::interop::{fhir, text};

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else { return };
    assert_eq!(text::html_to_text(s).len(), s.len());
    assert_eq!(text::rtf_to_text(s).len(), s.len());
    let Ok(value) = serde_json::from_str::<serde_json::Value>(s) else { return };
    let bundle = if value.get("resourceType").and_then(|r| r.as_str()) == Some("Bundle") {
        value
    } else {
        serde_json::json!({"resourceType": "Bundle", "entry": [{"resource": value}]})
    };
    let Some(Ok(records)) = fhir::read_bundle(bundle) else { return };
    for r in records {
        let Ok(enc) = r.encounter else { continue };
        let note = enc.note.clone().expect("a read note has text");
        if let Ok(result) = common::analyzer().analyze(enc, Options::default()) {
            common::check_result(&note, &result);
        }
    }
});
