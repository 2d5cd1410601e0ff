//! Batch record sources over the foreign formats: a FHIR Bundle file (or a
//! JSON Lines file of Bundles), an HL7 v2 file, and a FHIR Bulk Data export
//! folder. Each yields one record per note, in input order.

use std::collections::VecDeque;
use std::fs::File;
use std::io::{self, BufRead, BufReader};
use std::path::{Path, PathBuf};

use serde_json::Value;

use super::{fhir, hl7, NoteRecord};
use crate::batch::{Origin, RawRecord, RecordError, RecordInput, RecordSource};

fn record(source: &str, line: Option<usize>, default_id: String, encounter: Result<crate::encounter::Encounter, RecordError>) -> RawRecord {
    RawRecord { origin: Origin { source: source.to_string(), line, default_id }, input: RecordInput::Read(encounter) }
}

fn error(kind: &'static str, message: impl Into<String>) -> RecordError {
    RecordError { kind, message: message.into() }
}

fn from_note(source: &str, r: NoteRecord) -> RawRecord {
    let encounter = r.encounter.map_err(|e| error(e.kind, e.message));
    record(source, r.line, r.id, encounter)
}

/// Whether a folder is a FHIR Bulk Data export: it holds `DocumentReference.ndjson`
/// (or `DocumentReference.*.ndjson` parts).
pub fn is_fhir_export(dir: &Path) -> bool {
    dir.is_dir() && std::fs::read_dir(dir).is_ok_and(|rd| rd.filter_map(|e| e.ok()).any(|e| is_note_file(&e.path())))
}

fn is_note_file(p: &Path) -> bool {
    let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
    name.starts_with("DocumentReference") && name.to_ascii_lowercase().ends_with(".ndjson")
}

/// A whole file read on first use, then its notes one by one.
pub struct FileSource {
    path: PathBuf,
    name: String,
    kind: super::Format,
    pending: Option<VecDeque<RawRecord>>,
    bytes: u64,
}

impl FileSource {
    /// A Bundle file (one Bundle, or one per line) or an HL7 v2 file.
    pub fn new(path: &Path, kind: super::Format) -> FileSource {
        FileSource { path: path.to_path_buf(), name: path.display().to_string(), kind, pending: None, bytes: 0 }
    }

    fn load(&mut self) -> VecDeque<RawRecord> {
        let file_id = self.path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let bytes = match std::fs::read(&self.path) {
            Ok(b) => b,
            Err(e) => return VecDeque::from([record(&self.name, None, file_id, Err(error("io", format!("cannot read: {e}"))))]),
        };
        self.bytes = bytes.len() as u64;
        let text = match String::from_utf8(bytes) {
            Ok(t) => t,
            // HL7 v2 senders often use ISO-8859-1 (MSH-18): read such a file byte for character.
            Err(e) if self.kind == super::Format::Hl7v2 => e.into_bytes().into_iter().map(char::from).collect(),
            Err(e) => {
                let problem = error("invalid_utf8", format!("invalid UTF-8 at byte {}", e.utf8_error().valid_up_to()));
                return VecDeque::from([record(&self.name, None, file_id, Err(problem))]);
            }
        };
        match self.kind {
            super::Format::Hl7v2 => hl7::read(&text).into_iter().map(|r| from_note(&self.name, r)).collect(),
            super::Format::FhirBundle => self.bundles(&text, file_id),
        }
    }

    /// One Bundle, or several in a row (JSON Lines); a value that is not a
    /// Bundle, or a syntax error, gives an error record.
    fn bundles(&self, text: &str, file_id: String) -> VecDeque<RawRecord> {
        let text = text.trim_start_matches('\u{feff}');
        let mut values = Vec::new();
        let mut stream = serde_json::Deserializer::from_str(text).into_iter::<Value>();
        loop {
            let start = stream.byte_offset();
            let line = 1 + text[..start].bytes().filter(|b| *b == b'\n').count() + leading_newlines(&text[start..]);
            match stream.next() {
                None => break,
                Some(Ok(v)) => values.push((line, Ok(v))),
                Some(Err(e)) => {
                    values.push((line, Err(crate::encounter::describe_json_error(&e))));
                    break;
                }
            }
        }
        let several = values.len() > 1;
        let mut out = VecDeque::new();
        for (line, value) in values {
            let at = several.then_some(line);
            let default_id = if several { format!("line:{line}") } else { file_id.clone() };
            let value = match value {
                Ok(v) => v,
                Err(message) => {
                    out.push_back(record(&self.name, at, default_id, Err(error("invalid_json", message))));
                    continue;
                }
            };
            match fhir::read_bundle(value) {
                None => out.push_back(record(&self.name, at, default_id, Err(error("not_a_bundle", "a JSON value that is not a FHIR Bundle")))),
                Some(Err(e)) => out.push_back(record(&self.name, at, default_id, Err(error(e.kind, e.message)))),
                Some(Ok(notes)) => out.extend(notes.into_iter().map(|mut r| {
                    r.line = at;
                    from_note(&self.name, r)
                })),
            }
        }
        out
    }
}

fn leading_newlines(s: &str) -> usize {
    s.bytes().take_while(|b| b.is_ascii_whitespace()).filter(|b| *b == b'\n').count()
}

impl RecordSource for FileSource {
    fn next_record(&mut self) -> io::Result<Option<RawRecord>> {
        if self.pending.is_none() {
            self.pending = Some(self.load());
        }
        Ok(self.pending.as_mut().and_then(VecDeque::pop_front))
    }

    fn bytes_read(&self) -> u64 {
        self.bytes
    }
}

/// A FHIR Bulk Data export folder: every `.ndjson` file but the
/// DocumentReference ones is indexed in memory first; then the
/// DocumentReference files are streamed a line at a time, each note
/// DocumentReference giving one record (others are left out). A line that
/// cannot be read gives an error record naming its file and line.
pub struct ExportSource {
    index: fhir::Index,
    pending: VecDeque<RawRecord>,
    note_files: std::vec::IntoIter<PathBuf>,
    current: Option<(BufReader<File>, String, usize)>,
    bytes: u64,
}

impl ExportSource {
    /// Indexes the export's resources (files in name order).
    pub fn open(dir: &Path) -> io::Result<ExportSource> {
        let mut files: Vec<PathBuf> = std::fs::read_dir(dir)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_file() && p.extension().is_some_and(|e| e.eq_ignore_ascii_case("ndjson")))
            .collect();
        files.sort();
        let (notes, others): (Vec<PathBuf>, Vec<PathBuf>) = files.into_iter().partition(|p| is_note_file(p));
        let mut index = fhir::Index::default();
        let mut pending = VecDeque::new();
        let mut bytes = 0;
        for path in others {
            let name = path.display().to_string();
            let reader = BufReader::new(File::open(&path).map_err(|e| io::Error::new(e.kind(), format!("{name}: {e}")))?);
            for (n, line) in reader.split(b'\n').enumerate() {
                let line = line?;
                bytes += line.len() as u64 + 1;
                if line.iter().all(u8::is_ascii_whitespace) {
                    continue;
                }
                match parse_line(&line) {
                    Ok(v) => index.add(None, v),
                    Err(e) => pending.push_back(record(&name, Some(n + 1), format!("line:{}", n + 1), Err(e))),
                }
            }
        }
        index.finish();
        Ok(ExportSource { index, pending, note_files: notes.into_iter(), current: None, bytes })
    }
}

fn parse_line(line: &[u8]) -> Result<Value, RecordError> {
    let line = line.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(line);
    let text = std::str::from_utf8(line).map_err(|e| error("invalid_utf8", format!("invalid UTF-8 at byte {}", e.valid_up_to())))?;
    let v: Value = serde_json::from_str(text).map_err(|e| error("invalid_json", crate::encounter::describe_json_error(&e)))?;
    if v.get("resourceType").and_then(Value::as_str).is_none() {
        return Err(error("not_a_resource", "a JSON line without a resourceType"));
    }
    Ok(v)
}

impl RecordSource for ExportSource {
    fn next_record(&mut self) -> io::Result<Option<RawRecord>> {
        if let Some(r) = self.pending.pop_front() {
            return Ok(Some(r));
        }
        loop {
            if self.current.is_none() {
                let Some(path) = self.note_files.next() else { return Ok(None) };
                let name = path.display().to_string();
                let f = File::open(&path).map_err(|e| io::Error::new(e.kind(), format!("{name}: {e}")))?;
                self.current = Some((BufReader::with_capacity(1 << 16, f), name, 0));
            }
            let Some((reader, name, line_no)) = self.current.as_mut() else { continue };
            let mut line = Vec::new();
            if reader.read_until(b'\n', &mut line)? == 0 {
                self.current = None;
                continue;
            }
            self.bytes += line.len() as u64;
            *line_no += 1;
            let n = *line_no;
            while line.last().is_some_and(|b| *b == b'\n' || *b == b'\r') {
                line.pop();
            }
            if line.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            let doc = match parse_line(&line) {
                Ok(v) => v,
                Err(e) => return Ok(Some(record(name, Some(n), format!("line:{n}"), Err(e)))),
            };
            if doc.get("resourceType").and_then(Value::as_str) != Some("DocumentReference") {
                let problem = error("not_a_document_reference", "a resource other than a DocumentReference in a DocumentReference file");
                return Ok(Some(record(name, Some(n), format!("line:{n}"), Err(problem))));
            }
            if !fhir::is_note(&doc) {
                continue;
            }
            let mut r = fhir::convert(&self.index, &doc);
            r.line = Some(n);
            return Ok(Some(from_note(name, r)));
        }
    }

    fn bytes_read(&self) -> u64 {
        self.bytes
    }
}
