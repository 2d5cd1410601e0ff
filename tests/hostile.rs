//! The hostile-input matrix: every input below has defined behaviour, and
//! none of it panics, hangs or echoes note text in an error.
//!
//! | input | where | defined behaviour |
//! | --- | --- | --- |
//! | empty / whitespace-only note | library, `suggest`, `batch` | a result: one line with code `null`, warnings |
//! | a 50 MB note | library | completes (release: seconds), spans exact |
//! | UTF-8 byte order mark | library, `suggest`, JSON Lines, sidecars | offsets exact w.r.t. the original text (BOM included) |
//! | NUL bytes | library, `suggest`, `batch` | analyzed like any other character |
//! | invalid UTF-8 | `batch` (JSONL, CSV, .txt) | error record `invalid_utf8`, other records fine |
//! | invalid UTF-8 | `suggest FILE`, `suggest -` | exit 2, "not UTF-8", no panic |
//! | JSON with unknown fields | library, `batch` | accepted, ignored |
//! | JSON with wrong types | library, `batch` | error `invalid_json` naming the field and the expected type |
//! | JSON nested 10,000 deep | library, `batch`, `suggest` | error (recursion limit), no stack overflow |
//! | 1 MB strings | library, `batch` | accepted; id echoed |
//! | impossible dates (2026-02-30, -001-01-01, 2026-+1-05) | library, `batch`, `suggest` | error `invalid_date` naming the field |
//! | history dated after the date of service | library | a warning; the item is not an index |
//! | unknown codes | library | a warning naming the code |
//! | huge day counts from a user pattern | library | no overflow; the statement is ignored |
//! | duplicate ids in a batch | `batch` | both processed, in input order |
//! | ragged CSV row (more or fewer cells than the header) | `batch` | an error record `ragged_row` for that row, the others fine |
//! | CSV without the note column | `batch` | exit 2 naming the file and its columns (a usage error) |
//! | broken user lexicons (empty phrase, invalid regex, unknown category, unknown modifier, duplicate id, TOML syntax, deep nesting, non-finite scoring) | `lexicon check`, `suggest --lexicon` | `file:line: message` on stderr, exit 2 |
//! | a PHI marker in notes, with every kind of error | `suggest`, `batch`, `audit`, `eval` | the marker never reaches stderr nor an error record |

use assert_cmd::Command;
use modcite::analyze::{Analyzer, Options};
use modcite::batch::{self, CsvColumns, CsvSource, RecordSource};
use modcite::encounter::{Encounter, HistoryItem, InputError, ProcedureLine};
use modcite::note::Span;
use modcite::result::EncounterResult;
use predicates::prelude::*;
use serde_json::Value;
use std::path::Path;
use std::sync::OnceLock;

fn modcite() -> Command {
    Command::cargo_bin("modcite").unwrap()
}

fn analyzer() -> &'static Analyzer {
    static A: OnceLock<Analyzer> = OnceLock::new();
    A.get_or_init(Analyzer::builtin)
}

fn analyze(enc: Encounter) -> Result<EncounterResult, InputError> {
    analyzer().analyze(enc, Options { explain: true })
}

/// Checks spans: `note[start..end] == text`, and character offsets, counted
/// in one pass over the note (spans sorted by start) so that a 50 MB note
/// with many spans is checked in linear time.
fn check_spans(note: &str, spans: &mut [&Span]) {
    spans.sort_by_key(|s| s.start);
    let (mut at, mut chars) = (0usize, 0usize);
    for s in spans.iter() {
        assert!(s.start <= s.end && s.end <= note.len(), "span out of range: {s:?}");
        assert_eq!(&note[s.start..s.end], s.text, "note[start..end] != text");
        chars += note[at..s.start].chars().count();
        at = s.start;
        assert_eq!(chars, s.char_start, "char_start of {s:?}");
        assert_eq!(s.char_start + s.text.chars().count(), s.char_end, "char_end of {s:?}");
    }
}

/// Checks every span of a result; returns how many there were.
fn check_result(note: &str, r: &EncounterResult) -> usize {
    let mut spans: Vec<&Span> = Vec::new();
    for line in &r.procedures {
        for s in &line.suggestions {
            spans.extend(s.evidence.iter().map(|e| &e.span));
        }
        spans.extend(line.global_period.iter().flat_map(|g| &g.evidence).map(|e| &e.span));
    }
    spans.extend(r.considered.iter().flatten().map(|c| &c.evidence.span));
    check_spans(note, &mut spans);
    spans.len()
}

fn evidence_texts(r: &EncounterResult) -> Vec<String> {
    r.procedures
        .iter()
        .flat_map(|l| l.suggestions.iter().flat_map(|s| s.evidence.iter().map(|e| e.span.text.clone())))
        .collect()
}

/// Runs `batch` over `input` (a path) and parses the JSON Lines output.
fn batch_lines(args: &[&str], path: &Path) -> Vec<Value> {
    let out = modcite().arg("batch").arg(path).arg("-q").args(args).output().unwrap();
    assert!(out.status.success(), "batch failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap().lines().map(|l| serde_json::from_str(l).expect("JSON line")).collect()
}

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> std::path::PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

const STAGED: &str = "INDICATIONS: She returns for the planned second stage of her bilateral knee replacements.\nCOMPLICATIONS: None.";

// ---------------------------------------------------------------------------
// Empty, whitespace-only, huge notes.

#[test]
fn empty_and_whitespace_only_notes_give_a_result_with_code_null_and_warnings() {
    for note in ["", " ", "\n\n\n", " \t\r\n \u{a0}\u{2028}\u{3000} \r", "\u{feff}", "\u{feff}  \r\n"] {
        let r = analyze(Encounter::from_note(note)).unwrap_or_else(|e| panic!("{note:?}: {e}"));
        assert_eq!(r.procedures.len(), 1, "{note:?}");
        assert_eq!(r.procedures[0].code, None, "{note:?}");
        assert!(r.procedures[0].recommended.is_empty(), "{note:?}");
        assert!(!r.warnings.is_empty(), "{note:?}");
        assert_eq!(check_result(note, &r), 0, "{note:?}: nothing to cite");
    }
    // The same at the command line, from stdin and from a file.
    let out = modcite().args(["suggest", "-", "--format", "json"]).write_stdin("  \n\t\n").output().unwrap();
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["procedures"][0]["code"].is_null(), "{v}");
    assert!(!v["warnings"].as_array().unwrap().is_empty(), "{v}");
    let dir = tempfile::tempdir().unwrap();
    let empty = write(dir.path(), "empty.txt", "");
    let v: Value =
        serde_json::from_slice(&modcite().arg("suggest").arg(&empty).args(["--format", "json"]).output().unwrap().stdout).unwrap();
    assert!(v["procedures"][0]["code"].is_null(), "{v}");
    // In a batch, an empty note is a record like any other; an empty line is an error record.
    let jsonl = write(dir.path(), "in.jsonl", "{\"id\":\"e\",\"note\":\"\"}\n\n{\"id\":\"w\",\"note\":\"  \\n \"}\n");
    let lines = batch_lines(&[], &jsonl);
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["id"], "e");
    assert!(lines[0]["procedures"][0]["code"].is_null());
    assert_eq!(lines[1]["error"]["kind"], "empty_line");
    assert_eq!(lines[2]["id"], "w");
}

/// A 50 MB note (the bundled operative note, repeated, with every kind of
/// whitespace run) completes. Release builds take a few seconds; debug builds
/// use a 5 MB note to stay quick.
#[test]
fn a_fifty_megabyte_note_completes() {
    let target = if cfg!(debug_assertions) { 5 << 20 } else { 50 << 20 };
    let example = std::fs::read_to_string("examples/staged-tka.txt").unwrap();
    let mut note = String::with_capacity(target + example.len());
    let mut i = 0;
    while note.len() < target {
        note.push_str(&example);
        note.push_str(["\n\n", "\r\n", " \u{2014} ", "\t"][i % 4]);
        i += 1;
    }
    let started = std::time::Instant::now();
    let mut enc = Encounter::from_note(note.clone());
    enc.date_of_service = Some("2026-03-09".into());
    enc.procedures = Some(vec![ProcedureLine { code: Some("27447".into()), laterality: Some("left".into()), ..Default::default() }]);
    let r = analyzer().analyze(enc, Options::default()).expect("a 50 MB note is analyzed");
    let took = started.elapsed();
    eprintln!("{} MB note analyzed in {:.1?}", note.len() >> 20, took);
    assert!(check_result(&note, &r) > 0, "the staged-surgery phrases are cited");
    assert!(took.as_secs() < 120, "took {took:?}");
}

/// One 50 MB paragraph without a sentence end: no sentence splitting helps,
/// so cue scoping must not go quadratic.
#[test]
fn a_huge_single_sentence_completes() {
    let target = if cfg!(debug_assertions) { 2 << 20 } else { 20 << 20 };
    let unit = "no hematoma and returns for the planned second stage but not taken back to the operating room and ";
    let note = unit.repeat(target / unit.len());
    let started = std::time::Instant::now();
    let r = analyze(Encounter::from_note(note.clone())).unwrap();
    eprintln!("{} MB sentence analyzed in {:.1?}", note.len() >> 20, started.elapsed());
    assert!(started.elapsed().as_secs() < 120);
    check_result(&note, &r);
}

// ---------------------------------------------------------------------------
// Byte order marks, NUL bytes, invalid UTF-8.

#[test]
fn byte_order_mark_keeps_offsets_exact_against_the_original_text() {
    let note = format!("\u{feff}{STAGED}");
    let mut enc = Encounter::from_note(note.clone());
    enc.date_of_service = Some("2026-03-09".into());
    enc.procedures = Some(vec![ProcedureLine { code: Some("27447".into()), ..Default::default() }]);
    enc.history = Some(vec![HistoryItem { code: Some("27447".into()), date: Some("2026-01-12".into()), ..Default::default() }]);
    let r = analyze(enc).unwrap();
    assert!(check_result(&note, &r) > 0);
    let stage = r.procedures[0].suggestions.iter().flat_map(|s| &s.evidence).find(|e| e.span.text.contains("second stage")).unwrap();
    assert_eq!(stage.span.start, note.find("second stage").unwrap(), "byte offsets count the BOM's 3 bytes");
    assert_eq!(stage.span.char_start, note[..stage.span.start].chars().count(), "char offsets count the BOM");
    assert_eq!(r.procedures[0].recommended[0].as_str(), "58");

    // At the command line, from a file with a BOM: offsets into the file's text.
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "bom.txt", &note);
    let out = modcite().arg("suggest").arg(&path).args(["--format", "json", "--dos", "2026-03-09", "--code", "27447"]).output().unwrap();
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    for line in v["procedures"].as_array().unwrap() {
        for s in line["suggestions"].as_array().unwrap() {
            for e in s["evidence"].as_array().unwrap() {
                let (a, b) = (e["start"].as_u64().unwrap() as usize, e["end"].as_u64().unwrap() as usize);
                assert_eq!(&note[a..b], e["text"].as_str().unwrap());
            }
        }
    }
}

#[test]
fn byte_order_mark_before_json_is_accepted() {
    let json = format!("\u{feff}{{\"id\":\"b\",\"note\":{}}}", serde_json::to_string(STAGED).unwrap());
    assert_eq!(Encounter::from_json(&json).unwrap().id.as_deref(), Some("b"));
    assert_eq!(batch::parse_json_line(json.as_bytes()).unwrap().id.as_deref(), Some("b"));
    // JSON Lines: a BOM on the first line; a sidecar .json with a BOM.
    let dir = tempfile::tempdir().unwrap();
    let jsonl = write(dir.path(), "in.jsonl", format!("{json}\n{json}\n"));
    let lines = batch_lines(&[], &jsonl);
    assert_eq!(lines.iter().map(|l| l["id"].as_str().unwrap_or("?")).collect::<Vec<_>>(), ["b", "b"]);
    let notes = dir.path().join("notes");
    std::fs::create_dir(&notes).unwrap();
    write(&notes, "a.txt", STAGED);
    write(&notes, "a.json", "\u{feff}{\"id\":\"side\",\"payer\":\"medicare\"}");
    let lines = batch_lines(&[], &notes);
    assert_eq!(lines[0]["id"], "side", "{:?}", lines[0]);
}

/// `suggest FILE.json` where the file starts with a BOM reads the encounter
/// (the BOM must not hide the `{` and turn the JSON into note text).
#[test]
fn suggest_reads_a_json_encounter_file_with_a_byte_order_mark() {
    let dir = tempfile::tempdir().unwrap();
    let json = format!("\u{feff}{{\"id\":\"bom-json\",\"note\":{}}}", serde_json::to_string(STAGED).unwrap());
    let path = write(dir.path(), "enc.json", json);
    let out = modcite().arg("suggest").arg(&path).args(["--format", "json"]).output().unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["id"], "bom-json", "{v}");
}

#[test]
fn nul_bytes_are_ordinary_characters() {
    let note = "\0INDICATIONS: She returns\0 for the planned second stage.\0\0\nCOMPLICATIONS:\0None.\0";
    let r = analyze(Encounter::from_note(note)).unwrap();
    check_result(note, &r);
    assert!(evidence_texts(&r).iter().any(|t| t.contains("second stage")), "{:?}", evidence_texts(&r));
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "nul.txt", note);
    modcite().arg("suggest").arg(&path).args(["--format", "json"]).assert().success();
    // Escaped NULs in JSON are note text; a raw NUL inside a JSON string is not JSON.
    let jsonl = write(dir.path(), "in.jsonl", b"{\"id\":\"n\",\"note\":\"a\\u0000b second stage\"}\n{\"note\":\"a\0b\"}\n".as_slice());
    let lines = batch_lines(&[], &jsonl);
    assert_eq!(lines[0]["id"], "n");
    assert_eq!(lines[1]["error"]["kind"], "invalid_json");
}

#[test]
fn invalid_utf8_in_a_batch_is_an_error_record_and_the_rest_is_fine() {
    let dir = tempfile::tempdir().unwrap();
    let good = format!("{{\"id\":\"ok\",\"note\":{}}}", serde_json::to_string(STAGED).unwrap());
    let mut bytes = Vec::new();
    bytes.extend_from_slice(good.as_bytes());
    bytes.extend_from_slice(b"\n{\"id\":\"bad\",\"note\":\"caf\xe9 \xff\"}\n\xc3\x28\n");
    bytes.extend_from_slice(good.as_bytes());
    let jsonl = write(dir.path(), "in.jsonl", &bytes);
    let lines = batch_lines(&[], &jsonl);
    assert_eq!(lines.len(), 4);
    assert_eq!(lines[0]["id"], "ok");
    assert_eq!(lines[1]["error"]["kind"], "invalid_utf8");
    assert_eq!(lines[1]["line"], 2);
    assert_eq!(lines[2]["error"]["kind"], "invalid_utf8");
    assert_eq!(lines[3]["id"], "ok");

    let csv = write(dir.path(), "in.csv", b"id,note\na,fine note\nb,bad \xff note\nc,also fine\n".as_slice());
    let lines = batch_lines(&[], &csv);
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["id"], "a");
    assert_eq!(lines[1]["error"]["kind"], "invalid_utf8");
    assert_eq!(lines[2]["id"], "c");

    let notes = dir.path().join("notes");
    std::fs::create_dir(&notes).unwrap();
    write(&notes, "a.txt", b"caf\xe9".as_slice());
    write(&notes, "b.txt", STAGED);
    let lines = batch_lines(&[], &notes);
    assert_eq!(lines[0]["error"]["kind"], "invalid_utf8");
    assert_eq!(lines[1]["id"], "b.txt");
}

#[test]
fn invalid_utf8_for_suggest_is_a_clear_error_with_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "latin1.txt", b"Patient caf\xe9, planned second stage.".as_slice());
    modcite()
        .arg("suggest")
        .arg(&path)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not UTF-8"))
        .stderr(predicate::str::contains("latin1.txt"))
        .stderr(predicate::str::contains("panicked").not());
    modcite()
        .args(["suggest", "-"])
        .write_stdin(b"caf\xe9".as_slice())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("UTF-8"))
        .stderr(predicate::str::contains("panicked").not());
}

// ---------------------------------------------------------------------------
// JSON shape: unknown fields, wrong types, deep nesting, big strings.

#[test]
fn unknown_json_fields_are_accepted() {
    let json = r#"{"id":"u","note":"x","expected":{"procedures":[{"modifiers":["58"]}]},"mrn":12,
        "provider":{"id":"1","npi_type":2,"extra":[1,{"a":null}]},
        "procedures":[{"code":"27447","units":2,"pos":"22"}],
        "history":[{"code":"27447","date":"2026-01-12","note":"ignored","x":[[[]]]}]}"#;
    let enc = Encounter::from_json(json).unwrap();
    assert_eq!(enc.id.as_deref(), Some("u"));
    assert!(analyze(enc).is_ok());
}

#[test]
fn wrong_json_types_are_errors_naming_the_field() {
    let cases = [
        (r#"{"note":"x","procedures":"27447"}"#, "procedures"),
        (r#"{"note":"x","procedures":[{"code":"27447","diagnoses":"M17.12"}]}"#, "procedures[0].diagnoses"),
        (r#"{"note":"x","history":[{"date":20260112}]}"#, "history[0].date"),
        (r#"{"note":"x","date_of_service":20260309}"#, "date_of_service"),
        (r#"{"note":["x"]}"#, "note"),
        (r#"{"note":"x","history":[{},{"global_days":[90]}]}"#, "history[1].global_days"),
        (r#"{"note":"x","provider":true}"#, "provider"),
        (r#"{"note":"x","history":[{"provider":{"id":[1]}}]}"#, "history[0].provider.id"),
        (r#"{"note":"x","procedures":[{},"27447"]}"#, "procedures[1]"),
        (r#"{"note":"x","procedures":[{"billed_modifiers":[58]}]}"#, "procedures[0].billed_modifiers[0]"),
    ];
    for (json, field) in cases {
        let e = Encounter::from_json(json).expect_err(json);
        assert_eq!(e.kind(), "invalid_json", "{json}");
        let msg = e.to_string();
        assert!(msg.contains(&format!("`{field}`")), "{json}: message does not name `{field}`: {msg}");
        let r = batch::parse_json_line(json.as_bytes()).unwrap_err();
        assert_eq!(r.kind, "invalid_json");
        assert!(r.message.contains(field), "{}", r.message);
    }
    // Not an object at all.
    for json in ["[1,2,3]", "42", "\"note\"", "null", "true"] {
        let e = Encounter::from_json(json).expect_err(json);
        assert_eq!(e.kind(), "invalid_json", "{json}");
    }
    // The batch error record carries the same message.
    let dir = tempfile::tempdir().unwrap();
    let jsonl = write(dir.path(), "in.jsonl", "{\"note\":\"x\",\"procedures\":\"27447\"}\n");
    let lines = batch_lines(&[], &jsonl);
    assert_eq!(lines[0]["error"]["kind"], "invalid_json");
    assert!(lines[0]["error"]["message"].as_str().unwrap().contains("procedures"), "{}", lines[0]);
}

fn deep(depth: usize, open: &str, close: &str) -> String {
    format!("{}{}", open.repeat(depth), close.repeat(depth))
}

#[test]
fn json_nested_ten_thousand_deep_is_an_error_not_a_stack_overflow() {
    let arrays = deep(10_000, "[", "]");
    let objects = format!("{}1{}", "{\"a\":".repeat(10_000), "}".repeat(10_000));
    // Inside the contract's fields (or as the whole line): serde_json's
    // recursion limit (128) makes it an error.
    let cases = [
        arrays.clone(),
        format!("{{\"note\":\"x\",\"provider\":{arrays}}}"),
        format!("{{\"note\":\"x\",\"history\":[{{\"global_days\":{arrays}}}]}}"),
        format!("{{\"note\":\"x\",\"id\":{objects}}}"),
        format!("{{\"note\":{arrays}}}"),
    ];
    for json in &cases {
        let e = Encounter::from_json(json).expect_err("too deep");
        assert_eq!(e.kind(), "invalid_json");
        assert!(["recursion limit", "syntax", "wrong type"].iter().any(|w| e.to_string().contains(w)), "{e}");
        assert!(batch::parse_json_line(json.as_bytes()).is_err());
    }
    // Under an unknown field the value is skipped without recursion: accepted,
    // like any unknown field.
    for json in [format!("{{\"note\":\"x\",\"extra\":{arrays}}}"), format!("{{\"unknown\":{objects},\"note\":\"x\"}}")] {
        assert!(analyze(Encounter::from_json(&json).unwrap()).is_ok());
    }
    let dir = tempfile::tempdir().unwrap();
    let jsonl = write(dir.path(), "deep.jsonl", cases.join("\n") + "\n{\"id\":\"after\",\"note\":\"x\"}\n");
    let lines = batch_lines(&[], &jsonl);
    assert_eq!(lines.len(), cases.len() + 1);
    assert!(lines[..cases.len()].iter().all(|l| l["error"]["kind"] == "invalid_json"), "{lines:?}");
    assert_eq!(lines[cases.len()]["id"], "after");
    let file = write(dir.path(), "deep.json", &cases[2]);
    modcite().arg("suggest").arg(&file).assert().code(2).stderr(predicate::str::contains("invalid JSON"));
}

#[test]
fn one_megabyte_strings_are_accepted() {
    let big = "x".repeat(1 << 20);
    let note = format!("{STAGED} {}", "word ".repeat((1 << 20) / 5));
    let json = serde_json::json!({
        "id": big, "payer": big, "setting": big, "note": note,
        "provider": {"id": big, "group": big, "specialty": big},
        "procedures": [{"code": "27447", "laterality": big, "diagnoses": [big]}],
        "history": [{"code": "27447", "date": "2026-01-12", "laterality": big, "diagnoses": [big]}],
    })
    .to_string();
    let enc = batch::parse_json_line(json.as_bytes()).unwrap();
    let r = analyze(enc).unwrap();
    assert_eq!(r.id.as_deref(), Some(big.as_str()));
    check_result(&note, &r);
    let dir = tempfile::tempdir().unwrap();
    let jsonl = write(dir.path(), "big.jsonl", format!("{json}\n{json}\n"));
    let lines = batch_lines(&[], &jsonl);
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[1]["id"].as_str().map(str::len), Some(1 << 20));
}

// ---------------------------------------------------------------------------
// Dates, codes, history.

#[test]
fn impossible_dates_are_errors_naming_the_field() {
    for bad in ["2026-02-30", "2026-13-01", "2025-02-29", "2026-00-10", "-001-01-01", "+202-01-01", "2026-+1-05", "2026-1-5", "03/09/2026", "2026-02-3x"] {
        let json = format!(r#"{{"note":"x","date_of_service":"{bad}"}}"#);
        let e = Encounter::from_json(&json).unwrap().check().expect_err(bad);
        assert_eq!(e.kind(), "invalid_date", "{bad}");
        assert!(e.to_string().contains("date_of_service"), "{bad}: {e}");
        let json = format!(r#"{{"note":"x","date_of_service":"2026-03-01","history":[{{}},{{"date":"{bad}"}}]}}"#);
        let e = Encounter::from_json(&json).unwrap().check().expect_err(bad);
        assert!(e.to_string().contains("history[1].date"), "{bad}: {e}");
    }
    // Leap day and the calendar's ends are real dates.
    for good in ["2024-02-29", "2026-12-31", "1999-01-01"] {
        let json = format!(r#"{{"note":"x","date_of_service":"{good}"}}"#);
        assert!(Encounter::from_json(&json).unwrap().check().is_ok(), "{good}");
    }
    // Batch: an error record; suggest: exit 2 naming the flag's field.
    let dir = tempfile::tempdir().unwrap();
    let jsonl = write(dir.path(), "in.jsonl", "{\"note\":\"x\",\"date_of_service\":\"2026-02-30\"}\n{\"id\":\"ok\",\"note\":\"x\"}\n");
    let lines = batch_lines(&[], &jsonl);
    assert_eq!(lines[0]["error"]["kind"], "invalid_date");
    assert!(lines[0]["error"]["message"].as_str().unwrap().contains("date_of_service"));
    assert_eq!(lines[1]["id"], "ok");
    modcite()
        .args(["suggest", "-", "--dos", "2026-02-30"])
        .write_stdin(STAGED)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("date_of_service"));
    modcite()
        .args(["suggest", "-", "--dos", "2026-03-09", "--prior", "27447:2026-02-30:90"])
        .write_stdin(STAGED)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("history[0].date"));
}

#[test]
fn history_after_the_date_of_service_is_a_warning_and_not_an_index() {
    let mut enc = Encounter::from_note(STAGED);
    enc.date_of_service = Some("2026-03-09".into());
    enc.procedures = Some(vec![ProcedureLine { code: Some("27447".into()), ..Default::default() }]);
    enc.history = Some(vec![HistoryItem { code: Some("27447".into()), date: Some("2026-04-01".into()), ..Default::default() }]);
    let r = analyze(enc).unwrap();
    assert!(r.warnings.iter().any(|w| w.contains("history[0]") && w.contains("after the date of service")), "{:?}", r.warnings);
    let g = r.procedures[0].global_period.as_ref();
    assert!(g.is_none_or(|g| g.index_date.as_deref() != Some("2026-04-01")), "{g:?}");
    assert!(r.procedures[0].recommended.is_empty(), "{:?}", r.procedures[0].recommended);
}

#[test]
fn unknown_codes_are_warnings() {
    let mut enc = Encounter::from_note(STAGED);
    enc.date_of_service = Some("2026-03-09".into());
    enc.procedures = Some(vec![
        ProcedureLine { code: Some("Q9999".into()), ..Default::default() },
        ProcedureLine { code: Some("not a code".into()), ..Default::default() },
        ProcedureLine { code: Some("".into()), ..Default::default() },
    ]);
    enc.history = Some(vec![HistoryItem { code: Some("00000".into()), date: Some("2026-01-12".into()), ..Default::default() }]);
    let r = analyze(enc).unwrap();
    assert_eq!(r.procedures.len(), 3);
    assert!(r.warnings.iter().any(|w| w.contains("Q9999")), "{:?}", r.warnings);
    assert!(r.warnings.iter().any(|w| w.contains("not a code")), "{:?}", r.warnings);
    assert!(r.procedures[2].code.is_none() || r.procedures[2].code.as_deref() == Some(""), "{:?}", r.procedures[2].code);
}

#[test]
fn huge_day_counts_from_a_user_pattern_do_not_overflow() {
    let dir = tempfile::tempdir().unwrap();
    let lex = write(
        dir.path(),
        "greedy.toml",
        "[[pattern]]\nid = \"pod\"\nkind = \"post_op_day\"\nregex = 'pod (?P<n>[0-9]+)'\n\n\
         [[pattern]]\nid = \"ago\"\nkind = \"ago\"\nregex = '(?P<n>[0-9]+) (?P<unit>weeks|months) ago'\n\n\
         [[pattern]]\nid = \"date.iso\"\nkind = \"date\"\nregex = '(?P<y>[0-9]+)-(?P<m>[0-9]+)-(?P<d>[0-9]+)'\n",
    )
    .to_path_buf();
    let lexicon = modcite::lexicon::Lexicon::load(&[lex]).unwrap();
    let a = Analyzer::new(lexicon, modcite::codes::CodeTables::builtin());
    for note in [
        "s/p right TKA, POD 99999999999999999999999.",
        "s/p right TKA, POD 9223372036854775807.",
        "s/p right TKA, POD 3000000.",
        "s/p right TKA 9223372036854775807 months ago.",
        "s/p right TKA 4000000 weeks ago.",
        "s/p right TKA 99999-01-01, seen 32767-99-99.",
    ] {
        for dos in [None, Some("2026-03-09"), Some("9999-12-31")] {
            let mut enc = Encounter::from_note(note);
            enc.date_of_service = dos.map(str::to_string);
            let r = a.analyze(enc, Options::default()).unwrap_or_else(|e| panic!("{note}: {e}"));
            check_result(note, &r);
        }
    }
}

// ---------------------------------------------------------------------------
// Batch order and CSV rows.

#[test]
fn duplicate_ids_are_both_processed_in_order() {
    let returned = "INDICATIONS: He was taken back to the operating room for evacuation of an expanding hematoma.\nCOMPLICATIONS: Hematoma.";
    let enc = |note: &str| {
        serde_json::json!({"id": "dup", "date_of_service": "2026-02-01", "setting": "operating_room",
            "procedures": [{"code": "27447", "laterality": "left"}],
            "history": [{"code": "27447", "date": "2026-01-12", "laterality": "left"}], "note": note})
        .to_string()
    };
    let dir = tempfile::tempdir().unwrap();
    let jsonl = write(dir.path(), "dup.jsonl", format!("{}\n{}\n{}\n", enc(STAGED), enc(returned), enc(STAGED)));
    for jobs in ["1", "3"] {
        let lines = batch_lines(&["--jobs", jobs, "--chunk", "1"], &jsonl);
        assert_eq!(lines.len(), 3);
        assert!(lines.iter().all(|l| l["id"] == "dup"));
        let rec: Vec<&Value> = lines.iter().map(|l| &l["procedures"][0]["recommended"]).collect();
        assert_eq!(rec[0], &serde_json::json!(["58"]), "{lines:?}");
        assert_eq!(rec[1], &serde_json::json!(["78"]), "{lines:?}");
        assert_eq!(rec[2], &serde_json::json!(["58"]), "{lines:?}");
    }
}

#[test]
fn ragged_csv_row_is_an_error_record_and_other_rows_are_fine() {
    let data = "id,date_of_service,note,codes\n\
                a,2026-03-09,\"planned second stage\",27447\n\
                b,2026-03-09\n\
                c,2026-03-09,\"too, many\",27447,extra,cells\n\
                d\n\
                \n\
                e,2026-02-30,note,27447\n\
                f,,\"unterminated";
    let mut src = CsvSource::new(Box::new(std::io::Cursor::new(data.to_string())), "t.csv", CsvColumns::default(), false);
    let mut got = Vec::new();
    while let Some(raw) = src.next_record().unwrap() {
        got.push(match raw.encounter() {
            Ok(e) => e.id.unwrap_or_default(),
            Err(e) => format!("error:{}", e.kind),
        });
    }
    // Any row whose cell count differs from the header's is an error: an
    // unquoted comma in a note would otherwise shift every later column.
    assert_eq!(got, ["a", "error:ragged_row", "error:ragged_row", "error:ragged_row", "e", "error:ragged_row"], "{got:?}");

    let dir = tempfile::tempdir().unwrap();
    let csv = write(dir.path(), "in.csv", data);
    let lines = batch_lines(&[], &csv);
    let ids: Vec<String> =
        lines.iter().map(|l| l["id"].as_str().map(str::to_string).unwrap_or_else(|| format!("error:{}", l["error"]["kind"].as_str().unwrap()))).collect();
    assert_eq!(
        ids,
        ["a", "error:ragged_row", "error:ragged_row", "error:ragged_row", "error:invalid_date", "error:ragged_row"],
        "{lines:?}"
    );
    assert_eq!(lines[1]["line"], 3, "the error record names the row's line");
}

// ---------------------------------------------------------------------------
// Broken user lexicons.

/// (file name, content, line the error must name, a word of the message).
const BROKEN_LEXICONS: &[(&str, &str, usize, &str)] = &[
    ("empty_phrase.toml", "[[trigger]]\nid = \"x\"\ncategory = \"staged\"\nweight = 0.5\nphrases = [\n  \"ok\",\n  \"   \",\n]\n", 7, "empty phrase"),
    ("bad_regex.toml", "[[cue]]\nid = \"c\"\nassertion = \"negated\"\ndirection = \"forward\"\npatterns = [\"(unclosed\"]\n", 5, "invalid regex"),
    ("bad_category.toml", "\n[[trigger]]\nid = \"x\"\ncategory = \"nonsense\"\nweight = 0.5\nphrases = [\"a\"]\n", 4, "nonsense"),
    ("bad_modifier.toml", "[[trigger]]\nid = \"x\"\ncategory = \"staged\"\nweight = 0.5\nsupports = [\"99\"]\nphrases = [\"a b\"]\n", 5, "99"),
    ("duplicate.toml", "[[terminator]]\nid = \"t\"\nphrases = [\"but\"]\n\n[[terminator]]\nid = \"t\"\nphrases = [\"yet\"]\n", 5, "duplicate"),
    ("syntax.toml", "[[trigger]]\nid = \"x\"\ncategory = \"staged\"\nweight = 0.5\nphrases = [\"a\"\n", 5, "unclosed array"),
    ("syntax2.toml", "[[trigger]\nid = 1\n", 1, ""),
    ("nan_scoring.toml", "# weights\n[scoring]\ngain = nan\n", 2, "scoring"),
    ("inf_scoring.toml", "[scoring]\nother_side = inf\n", 1, "scoring"),
    ("nan_weight.toml", "[[trigger]]\nid = \"x\"\ncategory = \"staged\"\nweight = nan\nphrases = [\"a\"]\n", 1, "weight"),
    ("bad_section_rule.toml", "[[section_rule]]\nid = \"r\"\nsection = \"nowhere\"\nassertion = \"negated\"\n", 1, "unknown section"),
];

#[test]
fn broken_lexicons_report_file_and_line_and_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let note = write(dir.path(), "note.txt", STAGED);
    for (name, content, line, word) in BROKEN_LEXICONS {
        let path = write(dir.path(), name, content);
        let where_ = format!("{}:{line}: ", path.display());
        let check = modcite().args(["lexicon", "check"]).arg(&path).output().unwrap();
        let stderr = String::from_utf8_lossy(&check.stderr);
        assert_eq!(check.status.code(), Some(2), "{name}: {stderr}");
        assert!(stderr.contains(&where_), "{name}: expected `{where_}` in {stderr}");
        assert!(stderr.contains(word), "{name}: expected `{word}` in {stderr}");
        assert!(!stderr.contains("panicked"), "{name}: {stderr}");

        let suggest = modcite().arg("suggest").arg(&note).arg("--lexicon").arg(&path).output().unwrap();
        let stderr = String::from_utf8_lossy(&suggest.stderr);
        assert_eq!(suggest.status.code(), Some(2), "{name}: {stderr}");
        assert!(stderr.contains(&where_), "{name}: expected `{where_}` in {stderr}");
        assert!(suggest.stdout.is_empty(), "{name}: no result on a lexicon error");
    }
}

#[test]
fn odd_lexicon_files_are_errors_not_panics() {
    let dir = tempfile::tempdir().unwrap();
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("deep_arrays.toml", format!("x = {}\n", deep(10_000, "[", "]")).into_bytes()),
        ("deep_tables.toml", format!("x = {}1{}\n", "{a = ".repeat(10_000), "}".repeat(10_000)).into_bytes()),
        ("latin1.toml", b"[[terminator]]\nid = \"caf\xe9\"\nphrases = [\"x\"]\n".to_vec()),
        ("nul.toml", b"[[terminator]]\nid = \"t\0\"\nphrases = [\"x\0\"]\n".to_vec()),
        ("empty_id.toml", b"[[terminator]]\nid = \"  \"\nphrases = [\"x\"]\n".to_vec()),
        ("huge_regex.toml", b"[[pattern]]\nid = \"p\"\nkind = \"cpt\"\nregex = '(?P<code>\\w{1000}){1000}'\n".to_vec()),
    ];
    for (name, bytes) in cases {
        let path = write(dir.path(), name, bytes);
        let out = modcite().args(["lexicon", "check"]).arg(&path).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{name}: {stderr}");
        assert!(stderr.contains(&format!("{}:", path.display())), "{name}: {stderr}");
        assert!(!stderr.contains("panicked") && !stderr.contains("overflow"), "{name}: {stderr}");
    }
    // A folder with one broken file among good ones names the broken one.
    let folder = dir.path().join("lex");
    std::fs::create_dir(&folder).unwrap();
    write(&folder, "a_good.toml", "[[terminator]]\nid = \"user.t\"\nphrases = [\"yet\"]\n");
    write(&folder, "b_bad.toml", BROKEN_LEXICONS[1].1);
    modcite()
        .args(["lexicon", "check"])
        .arg(&folder)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("b_bad.toml:5: "))
        .stderr(predicate::str::contains("a_good.toml").not());
}

/// Found by the `lexicon_load` fuzz target (2026-11-23): NUL bytes in a
/// comment made the TOML parser report an error with an empty message, and
/// `lexicon check` printed `file:1: ` and nothing else.
#[test]
fn fuzz_found_control_characters_in_a_comment_give_an_error_with_a_message() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "nul_comment.toml", b"# user lexicon\0\0\0 for staged work\n[[terminator]]\nid = \"t\"\nphrases = [\"yet\"]\n");
    let out = modcite().args(["lexicon", "check"]).arg(&path).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    let line = stderr.lines().find(|l| l.starts_with(&format!("{}:1: ", path.display()))).expect("a located issue");
    let message = line.split_once(":1: ").unwrap().1.trim();
    assert!(!message.is_empty(), "the issue has a message: {stderr}");
}

// ---------------------------------------------------------------------------
// Privacy: note text never reaches stderr or an error record.

const MARKER: &str = "ZQXJ-PHI-MARKER";

fn assert_no_marker(what: &str, out: &std::process::Output) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains(MARKER), "{what}: the marker reached stderr:\n{stderr}");
    assert!(!stderr.contains("panicked"), "{what}: {stderr}");
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        if let Ok(v) = serde_json::from_str::<Value>(line) {
            if v.get("error").is_some() {
                assert!(!line.contains(MARKER), "{what}: the marker is in an error record: {line}");
            }
        }
    }
}

#[test]
fn note_text_never_reaches_stderr() {
    let dir = tempfile::tempdir().unwrap();
    let note = format!("Patient {MARKER} returns for the planned second stage. {MARKER}");
    let n = serde_json::to_string(&note).unwrap();
    let txt = write(dir.path(), "note.txt", &note);
    let bad_lexicon = write(dir.path(), "bad.toml", BROKEN_LEXICONS[2].1);
    let records = [
        format!("{{\"id\":\"ok\",\"note\":{n}}}"),
        format!("{{\"id\":\"d\",\"date_of_service\":\"2026-02-30\",\"note\":{n}}}"),
        format!("{{\"id\":\"h\",\"history\":[{{\"date\":\"{MARKER}\"}}],\"note\":{n}}}"),
        format!("{{\"id\":\"g\",\"history\":[{{\"global_days\":\"{MARKER}\"}}],\"note\":{n}}}"),
        format!("{{\"id\":\"t\",\"procedures\":{n},\"note\":{n}}}"),
        format!("{{\"id\":\"t2\",\"note\":[{n}]}}"),
        format!("{{\"id\":\"t3\",\"provider\":{{\"id\":[{n}]}},\"note\":{n}}}"),
        format!("{{\"id\":\"s\",\"note\":{n}"),
        format!("{{\"note\" {n}}}"),
        format!("{n}"),
        format!("{{\"id\":\"u\",\"note\":\"{MARKER} \\ud800\"}}"),
        format!("{{\"id\":\"e\",\"note\":\"{MARKER} \\q\"}}"),
        format!("{{\"{MARKER}\":1,\"note\":{n},\"note\":{n}}}"),
    ];
    let mut jsonl = records.join("\n").into_bytes();
    jsonl.extend_from_slice(format!("\n{{\"note\":\"{MARKER} ").as_bytes());
    jsonl.extend_from_slice(b"\xff\"}\n");
    let jsonl_path = write(dir.path(), "in.jsonl", &jsonl);
    let csv = write(dir.path(), "in.csv", format!("id,note,date_of_service\na,\"{MARKER}\",2026-02-30\nb\nc,\"{MARKER}\",{MARKER}\n"));

    let mut runs: Vec<(String, Command)> = Vec::new();
    let mut add = |what: &str, args: &[&std::ffi::OsStr], stdin: Option<Vec<u8>>| {
        let mut c = modcite();
        c.args(args);
        if let Some(s) = stdin {
            c.write_stdin(s);
        }
        runs.push((what.to_string(), c));
    };
    let os = |s: &str| std::ffi::OsString::from(s);
    let (txt_o, jsonl_o, csv_o, lex_o) = (txt.as_os_str().to_owned(), jsonl_path.as_os_str().to_owned(), csv.as_os_str().to_owned(), bad_lexicon.as_os_str().to_owned());
    add("suggest bad --dos", &[&os("suggest"), &txt_o, &os("--dos"), &os("2026-02-30")], None);
    add("suggest bad --prior", &[&os("suggest"), &txt_o, &os("--prior"), &os("27447:2026-13-01")], None);
    add("suggest bad lexicon", &[&os("suggest"), &txt_o, &os("--lexicon"), &lex_o], None);
    add("suggest bad lexicon stdin", &[&os("suggest"), &os("-"), &os("--lexicon"), &lex_o], Some(note.clone().into_bytes()));
    for (i, r) in records.iter().enumerate().skip(1) {
        add(&format!("suggest record {i}"), &[&os("suggest"), &os("-")], Some(r.clone().into_bytes()));
    }
    add("suggest latin1", &[&os("suggest"), &os("-")], Some(format!("{MARKER} \u{e9}").into_bytes().into_iter().chain([0xff]).collect()));
    for cmd in ["batch", "audit"] {
        add(&format!("{cmd} jsonl"), &[&os(cmd), &jsonl_o], None);
        add(&format!("{cmd} csv"), &[&os(cmd), &csv_o], None);
        add(&format!("{cmd} csv as json"), &[&os(cmd), &csv_o, &os("--input-format"), &os("jsonl")], None);
        add(&format!("{cmd} bad lexicon"), &[&os(cmd), &jsonl_o, &os("--lexicon"), &lex_o], None);
        add(&format!("{cmd} stdin"), &[&os(cmd), &os("-")], Some(jsonl.clone()));
        add(&format!("{cmd} csv output"), &[&os(cmd), &jsonl_o, &os("--format"), &os("csv")], None);
    }
    // eval: a corpus folder with broken and bad-date records.
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    write(&corpus, "a.jsonl", &jsonl);
    let corpus_o = corpus.as_os_str().to_owned();
    add("eval", &[&os("eval"), &corpus_o], None);
    add("eval json", &[&os("eval"), &corpus_o, &os("--format"), &os("json")], None);
    add("eval bad lexicon", &[&os("eval"), &corpus_o, &os("--lexicon"), &lex_o], None);
    add("eval floor", &[&os("eval"), &corpus_o, &os("--min-accuracy"), &os("1.01")], None);

    for (what, mut cmd) in runs {
        let out = cmd.output().unwrap();
        assert_no_marker(&what, &out);
    }
}

#[test]
fn non_ascii_letters_and_signs_before_names_and_brackets_are_no_fault() {
    // A degree sign or an accented letter right before ", Name" or " (Name"
    // once split a character and stopped a batch; every record must come back.
    let notes = [
        "PSH:\n- L TKA 1/14/26 - flexion 120\u{b0}, Park (Summit Ortho)\n- R knee arthroscopy 120\u{b0} (Farouk, Summit Ortho)\nNow back for the planned second stage.",
        "Hx: ORIF R ankle 3/2 \u{2013} M\u{fc}ller, Northgate Orthopaedics Group; Caf\u{e9}, (fell) 42\u{b0}, Dr. \u{c9}lodie Roux (gen surg).",
    ];
    let dir = tempfile::tempdir().unwrap();
    let mut jsonl = String::new();
    for (i, note) in notes.iter().enumerate() {
        let r = analyze(Encounter::from_note(*note)).unwrap();
        check_result(note, &r);
        jsonl.push_str(&serde_json::json!({"id": format!("n{i}"), "note": note, "procedures": [{"code": "27447"}]}).to_string());
        jsonl.push('\n');
    }
    let path = write(dir.path(), "in.jsonl", jsonl);
    let lines = batch_lines(&[], &path);
    assert_eq!(lines.len(), notes.len());
    assert!(lines.iter().all(|l| l.get("error").is_none()), "{lines:?}");
}
