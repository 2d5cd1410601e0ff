//! Batch and audit behaviour at the command line: one output record per
//! input record, in order, identical at any thread count; audit exit codes.

use assert_cmd::Command;
use predicates::prelude::*;

mod common;
use common::corpus_lines;

fn modcite() -> Command {
    Command::cargo_bin("modcite").unwrap()
}

const GARBAGE: [&[u8]; 5] = [
    b"{\"note\": \"unterminated",
    b"\xff\xfe not utf-8 \xc3\x28",
    b"",
    b"{\"date_of_service\":\"2026-02-30\",\"note\":\"x\"}",
    b"[1, 2, 3]",
];

#[test]
fn ten_thousand_lines_with_garbage_give_one_output_line_each_in_order() {
    let good = corpus_lines();
    let dir = tempfile::tempdir().unwrap();
    let mut mixed = Vec::new();
    let mut clean = Vec::new();
    let mut is_garbage = Vec::new();
    for i in 0..10_000 {
        if i % 100 == 37 {
            mixed.extend_from_slice(GARBAGE[(i / 100) % GARBAGE.len()]);
            is_garbage.push(true);
        } else {
            let line = &good[i % good.len()];
            mixed.extend_from_slice(line.as_bytes());
            clean.extend_from_slice(line.as_bytes());
            clean.push(b'\n');
            is_garbage.push(false);
        }
        mixed.push(b'\n');
    }
    let mixed_path = dir.path().join("mixed.jsonl");
    let clean_path = dir.path().join("clean.jsonl");
    std::fs::write(&mixed_path, &mixed).unwrap();
    std::fs::write(&clean_path, &clean).unwrap();

    let out = modcite().arg("batch").arg(&mixed_path).args(["-q", "--jobs", "2"]).output().unwrap();
    assert!(out.status.success());
    let out = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 10_000, "one output line per input line");

    let clean_out = modcite().arg("batch").arg(&clean_path).args(["-q"]).output().unwrap();
    let clean_out = String::from_utf8(clean_out.stdout).unwrap();
    let mut clean_lines = clean_out.lines();
    for (i, line) in lines.iter().enumerate() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        if is_garbage[i] {
            assert!(v["id"].is_null(), "line {}: {line}", i + 1);
            assert_eq!(v["line"], i + 1);
            assert!(v["error"]["kind"].is_string() && v["error"]["message"].is_string());
        } else {
            assert_eq!(Some(*line), clean_lines.next(), "line {} differs from the clean run", i + 1);
        }
    }
}

#[test]
fn output_is_byte_identical_at_any_job_count() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("in.jsonl");
    let lines = corpus_lines();
    let text: String = (0..1_500).map(|i| lines[i % lines.len()].clone() + "\n").collect();
    std::fs::write(&path, text).unwrap();
    let run = |jobs: &str, chunk: &str, format: &str| {
        modcite().arg("batch").arg(&path).args(["-q", "--jobs", jobs, "--chunk", chunk, "--format", format]).output().unwrap().stdout
    };
    for format in ["jsonl", "csv", "json"] {
        let one = run("1", "1000", format);
        assert!(!one.is_empty());
        // Small chunks on four workers finish out of order: the writer must
        // put them back in input order.
        assert_eq!(one, run("4", "3", format), "--jobs 1 and --jobs 4 differ ({format})");
    }
}

#[test]
fn csv_exports_and_text_folders_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("export.csv");
    std::fs::write(
        &csv,
        "visit,text,dos,cpt\nv1,\"INDICATIONS: returns for the planned second stage.\nCOMPLICATIONS: None.\",2026-03-09,27447\nv2\n",
    )
    .unwrap();
    let out = modcite()
        .arg("batch")
        .arg(&csv)
        .args(["-q", "--id-column", "visit", "--note-column", "text", "--dos-column", "dos", "--code-column", "cpt"])
        .output()
        .unwrap();
    let out = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<serde_json::Value> = out.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["id"], "v1");
    assert_eq!(lines[0]["procedures"][0]["code"], "27447");
    assert_eq!(lines[1]["error"]["kind"], "ragged_row");

    let notes = dir.path().join("notes");
    std::fs::create_dir(&notes).unwrap();
    std::fs::write(notes.join("a.txt"), std::fs::read("examples/staged-tka.txt").unwrap()).unwrap();
    std::fs::write(notes.join("a.json"), r#"{"id":"with-context","procedures":[{"code":"27447"}],"payer":"medicare"}"#).unwrap();
    std::fs::write(notes.join("b.txt"), b"bad \xff utf-8").unwrap();
    let out = modcite().arg("batch").arg(&notes).arg("-q").output().unwrap();
    let out = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<serde_json::Value> = out.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["id"], "with-context");
    assert_eq!(lines[0]["procedures"][0]["recommended"][0], "58");
    assert_eq!(lines[1]["error"]["kind"], "invalid_utf8");
}

#[test]
fn stdin_is_read_and_summary_goes_to_stderr() {
    let line = corpus_lines().remove(0);
    modcite()
        .args(["batch", "-"])
        .write_stdin(format!("{line}\nnot json\n"))
        .assert()
        .success()
        .stdout(predicate::str::contains("\"error\"").and(predicate::str::contains("\"procedures\"")))
        .stderr(predicate::str::contains("2 records: 1 results, 1 errors"));
}

#[test]
fn audit_fails_on_unsupported_58_and_passes_when_fixed() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("report.html");
    modcite()
        .args(["audit", "tests/fixtures/audit_billed.jsonl", "--fail-on", "error", "--report"])
        .arg(&report)
        .assert()
        .code(1)
        .stdout(predicate::str::contains("58_without_staged_intent"))
        .stderr(predicate::str::contains("58_without_staged_intent"));
    let html = std::fs::read_to_string(&report).unwrap();
    assert!(html.contains("aud-1") && html.contains("<mark"), "report lists the flagged encounter with highlights");
    assert!(!html.contains("http://") && !html.contains("https://"), "self-contained");
    modcite().args(["audit", "tests/fixtures/audit_fixed.jsonl", "--fail-on", "error"]).assert().code(0);
    modcite().args(["audit", "tests/fixtures/audit_billed.jsonl", "--fail-on", "never", "-q"]).assert().code(0);
}

#[test]
fn missing_input_is_a_usage_error() {
    modcite().args(["batch", "no/such/file.jsonl"]).assert().code(2).stderr(predicate::str::contains("no such file"));
}
