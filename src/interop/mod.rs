//! Reading notes where they live: FHIR R4 Bundles and bulk-data exports,
//! and HL7 v2 MDM/ORU messages, turned into the encounters of the input
//! contract (`../shared/spec/records.md`) before the pipeline starts.
//!
//! This module owns format detection ([`detect`]), the readers
//! ([`fhir`], [`hl7`], with [`text`] reducing HTML/RTF attachments), and the
//! batch record sources over them ([`sources`]). One input may hold several
//! notes: every reader yields one [`NoteRecord`] per note, in input order,
//! each an encounter or an error naming the resource or message (never the
//! note text).

pub mod fhir;
pub mod hl7;
pub mod sources;
pub mod text;

use crate::analyze::{Analyzer, Options};
use crate::encounter::Encounter;

/// Why one note of an input could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct ReadError {
    /// Machine-readable kind (`invalid_base64`, `missing_note`, ...).
    pub kind: &'static str,
    /// What is wrong, naming the resource or message.
    pub message: String,
}

impl ReadError {
    pub(crate) fn new(kind: &'static str, message: impl Into<String>) -> ReadError {
        ReadError { kind, message: message.into() }
    }
}

/// One note of an input.
#[derive(Debug)]
pub struct NoteRecord {
    /// The note's id (DocumentReference id, TXA-12 or MSH-10).
    pub id: String,
    /// Where in the input it starts, when that is a line (HL7: the number of its MSH segment).
    pub line: Option<usize>,
    /// The encounter, or why there is none.
    pub encounter: Result<Encounter, ReadError>,
}

/// The foreign formats modcite reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A FHIR R4 Bundle (JSON with `"resourceType": "Bundle"`).
    FhirBundle,
    /// HL7 v2 messages (a leading `MSH` segment).
    Hl7v2,
}

/// Detects a foreign format from an input's text: HL7 v2 when it starts
/// with `MSH` (after a byte order mark, MLLP start byte or whitespace); a
/// FHIR Bundle when it is a JSON object whose top-level `resourceType` is
/// `Bundle`. Anything else (`None`) is a records.md encounter or a note.
pub fn detect(text: &str) -> Option<Format> {
    if hl7::looks_like_hl7(text) {
        return Some(Format::Hl7v2);
    }
    bundle_value(text).map(|_| Format::FhirBundle)
}

/// The parsed Bundle, when the text is one.
fn bundle_value(text: &str) -> Option<serde_json::Value> {
    let t = text.trim_start_matches('\u{feff}').trim_start();
    if !t.starts_with('{') || !t.contains("\"resourceType\"") {
        return None;
    }
    let v: serde_json::Value = serde_json::from_str(t).ok()?;
    (v.get("resourceType").and_then(|r| r.as_str()) == Some("Bundle")).then_some(v)
}

/// Reads a foreign input into its notes; `None` when the text is in no
/// foreign format. An input that is recognised but holds no readable note
/// gives one error record.
pub fn read(text: &str) -> Option<Vec<NoteRecord>> {
    if hl7::looks_like_hl7(text) {
        return Some(hl7::read(text));
    }
    let value = bundle_value(text)?;
    Some(match fhir::read_bundle(value)? {
        Ok(records) => records,
        Err(e) => vec![NoteRecord { id: "Bundle".into(), line: None, encounter: Err(e) }],
    })
}

/// `left`, `right` or `bilateral` when a text names a side as a word.
pub fn laterality_in(text: &str) -> Option<String> {
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower.split(|c: char| !c.is_alphanumeric()).collect();
    let has = |w: &str| words.contains(&w);
    let side = if has("bilateral") || (has("left") && has("right")) {
        "bilateral"
    } else if has("left") {
        "left"
    } else if has("right") {
        "right"
    } else {
        return None;
    };
    Some(side.to_string())
}

/// The answer of `POST /api/suggest` to a pasted HL7 message or FHIR
/// Bundle: `None` when the body is neither. One note gives its result
/// object (as `suggest --format json` prints it) with the analyzed `note`
/// text added, since the page highlights evidence in the note, not in the
/// message; several notes give an array of those, a note that could not be
/// read taking the shape `{"id", "error": {"kind", "message"}}`.
pub fn api_answer(analyzer: &Analyzer, text: &str) -> Option<Result<String, (&'static str, String)>> {
    let records = read(text)?;
    let several = records.len() > 1;
    let mut answers = Vec::with_capacity(records.len());
    for record in records {
        let analyzed = record.encounter.map_err(|e| (e.kind, e.message)).and_then(|enc| {
            let note = enc.note.clone().unwrap_or_default();
            let result = analyzer.analyze(enc, Options::default()).map_err(|e| (e.kind(), e.to_string()))?;
            let mut value = serde_json::to_value(&result).map_err(|e| ("internal", e.to_string()))?;
            value["note"] = serde_json::Value::String(note);
            Ok(value)
        });
        match analyzed {
            Ok(v) => answers.push(v),
            Err(e) if !several => return Some(Err(e)),
            Err((kind, message)) => {
                answers.push(serde_json::json!({"id": record.id, "error": {"kind": kind, "message": message}}))
            }
        }
    }
    let body = if several { serde_json::Value::Array(answers) } else { answers.pop().unwrap_or_default() };
    Some(Ok(serde_json::to_string_pretty(&body).unwrap_or_default() + "\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_formats() {
        assert_eq!(detect("\u{feff}\u{0b}MSH|^~\\&|A"), Some(Format::Hl7v2));
        assert_eq!(detect("  {\"resourceType\": \"Bundle\", \"entry\": []}"), Some(Format::FhirBundle));
        assert_eq!(detect("{\"resourceType\": \"Patient\"}"), None);
        assert_eq!(detect("{\"note\": \"MSH|^~\\\\&\"}"), None);
        assert_eq!(detect("OPERATIVE NOTE: MSH"), None);
    }

    #[test]
    fn laterality_words() {
        assert_eq!(laterality_in("Arthrotomy, LEFT knee").as_deref(), Some("left"));
        assert_eq!(laterality_in("right and left").as_deref(), Some("bilateral"));
        assert_eq!(laterality_in("leftover"), None);
    }
}
