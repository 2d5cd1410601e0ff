//! Resuming an interrupted `batch` (`batch --resume -o OUT`).
//!
//! A scan killed at 90% of a hundred million notes should not start over.
//! Its JSON Lines output holds one record per input record, in input order,
//! each ending in a line feed; a kill can only leave a torn last line. This
//! module reads such an output and the input in step: every complete output
//! record must be the one the input record at the same place produces (the
//! same id; for an error record, the same source and line), which proves the
//! output belongs to this input. Reading stops at the first torn line; the
//! caller truncates the output there and goes on from the next input record.
//! The sources are left positioned just past the records already written.

use std::fs::File;
use std::io::{self, BufRead, BufReader};
use std::path::Path;


use crate::batch::{Origin, RecordSource};

/// Where an interrupted output stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Resume {
    /// Complete records already written, each checked against the input.
    pub records: u64,
    /// Bytes of the output they take; anything after (a torn line) is to be cut.
    pub keep_bytes: u64,
}

/// Why an output cannot be resumed. Messages name records by their place,
/// id, source and line, never by note text.
#[derive(Debug, thiserror::Error)]
pub enum ResumeError {
    /// The output or an input could not be read.
    #[error("{what}: {source}")]
    Io {
        /// What was being read.
        what: String,
        /// The cause.
        source: io::Error,
    },
    /// A complete output line is not a result or error record.
    #[error("{path}: record {index} (line {index}) is not a modcite JSON Lines record; not resuming")]
    NotARecord {
        /// The output file.
        path: String,
        /// 1-based record (and line) number.
        index: u64,
    },
    /// An output record is not what the input record at its place produces.
    #[error("{path}: record {index} is {found}, but input record {index} ({origin}) would give {expected}: the output was written from another input; not resuming")]
    Mismatch {
        /// The output file.
        path: String,
        /// 1-based record number.
        index: u64,
        /// What the output holds there.
        found: String,
        /// What the input gives there.
        expected: String,
        /// Where the input record is.
        origin: String,
    },
    /// The output holds more records than the input has.
    #[error("{path}: holds more records than the input ({input}); not resuming")]
    TooMany {
        /// The output file.
        path: String,
        /// Records in the input.
        input: u64,
    },
}

/// The fields of an output record that identify it.
#[derive(serde::Deserialize)]
struct Written {
    id: Option<String>,
    line: Option<usize>,
    source: Option<String>,
    error: Option<WrittenError>,
}

#[derive(serde::Deserialize)]
struct WrittenError {
    kind: Option<String>,
}

/// What the input record at a place yields: a result with this id, or an
/// error record of this kind (unreadable, or refused by the analysis:
/// `Encounter::check` and the note size limit, checked here without
/// analyzing).
enum Expected {
    Result(String),
    Error(&'static str),
}

fn expected(input: crate::batch::RecordInput, origin: &Origin) -> Expected {
    let encounter = match input.into_encounter() {
        Ok(e) => e,
        Err(e) => return Expected::Error(e.kind),
    };
    let id = encounter.id.clone().unwrap_or_else(|| origin.default_id.clone());
    match encounter.check() {
        Err(e) => Expected::Error(e.kind()),
        Ok(c) if c.note.len() > crate::note::MAX_NOTE_BYTES => Expected::Error("note_too_large"),
        Ok(_) => Expected::Result(id),
    }
}

fn describe(origin: &Origin) -> String {
    match origin.line {
        Some(line) => format!("{} line {line}", origin.source),
        None => origin.source.clone(),
    }
}

/// Checks the output at `path` against the first records of `sources`,
/// consuming them; see the module documentation. A missing output resumes
/// from the start.
pub fn check(path: &Path, sources: &mut [Box<dyn RecordSource>]) -> Result<Resume, ResumeError> {
    let name = path.display().to_string();
    let file = match File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Resume { records: 0, keep_bytes: 0 }),
        Err(e) => return Err(ResumeError::Io { what: name, source: e }),
    };
    let mut output = BufReader::with_capacity(1 << 16, file);
    let mut resume = Resume { records: 0, keep_bytes: 0 };
    let mut line = Vec::new();
    let mut source_index = 0;
    loop {
        line.clear();
        let n = output.read_until(b'\n', &mut line).map_err(|e| ResumeError::Io { what: name.clone(), source: e })?;
        if n == 0 {
            return Ok(resume);
        }
        if !line.ends_with(b"\n") {
            // A torn last line, to be cut, must begin like a record: a file
            // that never was modcite output is refused, not emptied.
            if !line.starts_with(b"{") {
                return Err(ResumeError::NotARecord { path: name, index: resume.records + 1 });
            }
            return Ok(resume);
        }
        let index = resume.records + 1;
        let written: Written =
            serde_json::from_slice(&line).map_err(|_| ResumeError::NotARecord { path: name.clone(), index })?;
        let raw = loop {
            let Some(source) = sources.get_mut(source_index) else {
                return Err(ResumeError::TooMany { path: name, input: resume.records });
            };
            match source.next_record() {
                Ok(Some(raw)) => break raw,
                Ok(None) => source_index += 1,
                Err(e) => return Err(ResumeError::Io { what: "reading input".into(), source: e }),
            }
        };
        let crate::batch::RawRecord { origin, input } = raw;
        let mismatch = |found: String, expected: String| ResumeError::Mismatch {
            path: name.clone(),
            index,
            found,
            expected,
            origin: describe(&origin),
        };
        let found = match (&written.error, &written.id) {
            (Some(e), _) => format!(
                "an error record ({}) for {} line {}",
                e.kind.as_deref().unwrap_or("?"),
                written.source.as_deref().unwrap_or("?"),
                written.line.map_or("?".into(), |l| l.to_string())
            ),
            (None, id) => format!("a result with id {:?}", id.as_deref().unwrap_or_default()),
        };
        let want = expected(input, &origin);
        let matches = match (&want, &written.error) {
            (Expected::Result(id), None) => written.id.as_deref() == Some(id.as_str()),
            (Expected::Error(kind), Some(e)) => {
                e.kind.as_deref() == Some(*kind)
                    && written.line == origin.line
                    && written.source.as_deref() == Some(origin.source.as_str())
            }
            _ => false,
        };
        if !matches {
            let expected = match want {
                Expected::Result(id) => format!("a result with id {id:?}"),
                Expected::Error(kind) => format!("an error record ({kind})"),
            };
            return Err(mismatch(found, expected));
        }
        resume.records = index;
        resume.keep_bytes += n as u64;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::batch::JsonLinesSource;

    fn sources(input: &str) -> Vec<Box<dyn RecordSource>> {
        vec![Box::new(JsonLinesSource::new(io::Cursor::new(input.as_bytes().to_vec()), "in.jsonl", false))]
    }

    fn output(text: &str) -> tempfile::NamedTempFile {
        let f = tempfile::NamedTempFile::new().unwrap();
        std::fs::write(f.path(), text).unwrap();
        f
    }

    const INPUT: &str = "{\"id\":\"a\",\"note\":\"x\"}\n{bad\n{\"note\":\"y\"}\n{\"id\":\"d\",\"note\":\"z\"}\n";

    #[test]
    fn complete_records_are_checked_and_a_torn_line_is_left_to_cut() {
        let written = "{\"id\":\"a\",\"procedures\":[]}\n{\"error\":{\"kind\":\"invalid_json\"},\"id\":null,\"line\":2,\"source\":\"in.jsonl\"}\n{\"id\":\"line:3\",\"proc";
        let out = output(written);
        let mut src = sources(INPUT);
        let r = check(out.path(), &mut src).unwrap();
        assert_eq!(r.records, 2);
        assert_eq!(r.keep_bytes as usize, written.rfind('\n').unwrap() + 1);
        // The source goes on with the third record.
        let next = src[0].next_record().unwrap().unwrap();
        assert_eq!(next.origin.line, Some(3));
    }

    #[test]
    fn an_output_of_another_input_is_refused_naming_the_record() {
        let out = output("{\"id\":\"a\",\"procedures\":[]}\n{\"id\":\"zzz\",\"procedures\":[]}\n");
        let e = check(out.path(), &mut sources(INPUT)).unwrap_err();
        let message = e.to_string();
        assert!(message.contains("record 2") && message.contains("in.jsonl line 2"), "{message}");
        let out = output("{\"id\":\"a\"}\nnot json\n");
        assert!(matches!(check(out.path(), &mut sources(INPUT)), Err(ResumeError::NotARecord { index: 2, .. })));
        let five = "{\"id\":\"a\"}\n".repeat(1)
            + "{\"error\":{\"kind\":\"invalid_json\"},\"line\":2,\"source\":\"in.jsonl\"}\n"
            + "{\"id\":\"line:3\"}\n{\"id\":\"d\"}\n{\"id\":\"e\"}\n";
        assert!(matches!(check(output(&five).path(), &mut sources(INPUT)), Err(ResumeError::TooMany { input: 4, .. })));
    }

    #[test]
    fn an_error_record_stands_only_for_the_same_error() {
        // The input's line 2 was fixed since: its stale error record is refused.
        let fixed = INPUT.replace("{bad", "{\"id\":\"b\",\"note\":\"w\"}");
        let out = output("{\"id\":\"a\"}\n{\"error\":{\"kind\":\"invalid_json\"},\"id\":null,\"line\":2,\"source\":\"in.jsonl\"}\n");
        let e = check(out.path(), &mut sources(&fixed)).unwrap_err();
        assert!(e.to_string().contains("a result with id \"b\""), "{e}");
        // An analysis error (an impossible date) is expected where the record reads but does not check.
        let dated = "{\"id\":\"a\",\"note\":\"x\",\"date_of_service\":\"2026-02-30\"}\n";
        let out = output("{\"error\":{\"kind\":\"invalid_date\"},\"id\":null,\"line\":1,\"source\":\"in.jsonl\"}\n");
        assert_eq!(check(out.path(), &mut sources(dated)).unwrap().records, 1);
        let out = output("{\"id\":\"a\",\"procedures\":[]}\n");
        assert!(check(out.path(), &mut sources(dated)).is_err());
    }

    #[test]
    fn a_file_that_is_no_output_is_refused_not_cut() {
        let out = output("some notes, not JSON Lines, and no line feed");
        assert!(matches!(check(out.path(), &mut sources(INPUT)), Err(ResumeError::NotARecord { index: 1, .. })));
    }

    #[test]
    fn a_missing_output_starts_from_the_beginning() {
        let dir = tempfile::tempdir().unwrap();
        let r = check(&dir.path().join("none.jsonl"), &mut sources(INPUT)).unwrap();
        assert_eq!(r, Resume { records: 0, keep_bytes: 0 });
    }
}
