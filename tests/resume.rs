//! `batch --resume`: a run killed mid-way (SIGKILL or SIGTERM) and resumed
//! ends with output byte-identical to an uninterrupted run; an output of
//! another input is refused.
#![cfg(unix)]

use assert_cmd::Command;
use predicates::prelude::*;

mod common;
use common::corpus_lines;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn modcite() -> Command {
    Command::cargo_bin("modcite").unwrap()
}

/// Corpus records repeated with fresh ids, and a few unreadable lines
/// among them: large enough that a one-worker run takes a while.
fn archive(dir: &Path) -> PathBuf {
    let records: Vec<serde_json::Value> = corpus_lines().iter().map(|l| serde_json::from_str(l).unwrap()).collect();
    let mut out = String::new();
    for round in 0..12 {
        for (i, r) in records.iter().enumerate() {
            let mut r = r.clone();
            r.as_object_mut().unwrap().remove("expected");
            if i % 5 == 0 {
                r.as_object_mut().unwrap().remove("id"); // default ids (`line:N`) must line up too
            } else {
                r["id"] = serde_json::json!(format!("r{round}-{i}"));
            }
            out.push_str(&r.to_string());
            out.push('\n');
            if i % 97 == 0 {
                out.push_str("{\"note\": \"unterminated\n");
            }
        }
    }
    let path = dir.join("in.jsonl");
    std::fs::write(&path, out).unwrap();
    path
}

fn uninterrupted(input: &Path, out: &Path) -> Vec<u8> {
    modcite().args(["batch", "-q", "--jobs", "2", "-o"]).arg(out).arg(input).assert().success();
    std::fs::read(out).unwrap()
}

/// Starts a one-worker run writing small chunks, and stops it with `signal`
/// once a quarter of the output is written. Returns the bytes it left.
fn interrupted(input: &Path, out: &Path, full_len: usize, signal: &str) -> usize {
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("modcite"))
        .args(["batch", "-q", "--jobs", "1", "--chunk", "16", "-o"])
        .arg(out)
        .arg(input)
        .spawn()
        .unwrap();
    let started = Instant::now();
    loop {
        let len = std::fs::metadata(out).map(|m| m.len() as usize).unwrap_or(0);
        if len >= full_len / 4 {
            break;
        }
        assert!(child.try_wait().unwrap().is_none(), "the run ended before it could be interrupted");
        assert!(started.elapsed() < Duration::from_secs(120), "no output after two minutes");
        std::thread::sleep(Duration::from_millis(2));
    }
    let status = std::process::Command::new("kill").args([signal, &child.id().to_string()]).status().unwrap();
    assert!(status.success());
    let status = child.wait().unwrap();
    assert!(!status.success(), "the run was stopped by {signal}");
    let left = std::fs::metadata(out).unwrap().len() as usize;
    assert!(left < full_len, "the run was interrupted before the end ({left} of {full_len} bytes)");
    left
}

fn resume_matches_uninterrupted(signal: &str) {
    let dir = tempfile::tempdir().unwrap();
    let input = archive(dir.path());
    let full = uninterrupted(&input, &dir.path().join("full.jsonl"));
    let out = dir.path().join("out.jsonl");
    interrupted(&input, &out, full.len(), signal);
    modcite()
        .args(["batch", "--resume", "--jobs", "2", "-o"])
        .arg(&out)
        .arg(&input)
        .assert()
        .success()
        .stderr(predicate::str::contains("resuming after"));
    assert!(std::fs::read(&out).unwrap() == full, "resumed output differs from the uninterrupted run");
    // Resuming a finished output changes nothing.
    modcite().args(["batch", "-q", "--resume", "-o"]).arg(&out).arg(&input).assert().success();
    assert!(std::fs::read(&out).unwrap() == full);
}

#[test]
fn a_run_killed_with_sigkill_resumes_to_identical_output() {
    resume_matches_uninterrupted("-KILL");
}

#[test]
fn a_run_stopped_with_sigterm_resumes_to_identical_output() {
    resume_matches_uninterrupted("-TERM");
}

#[test]
fn a_torn_last_line_is_cut_and_rewritten() {
    let dir = tempfile::tempdir().unwrap();
    let input = archive(dir.path());
    let full = uninterrupted(&input, &dir.path().join("full.jsonl"));
    let out = dir.path().join("out.jsonl");
    // Cut in the middle of a record (and of a UTF-8 sequence, if one is there).
    std::fs::write(&out, &full[..full.len() / 3]).unwrap();
    modcite().args(["batch", "-q", "--resume", "-o"]).arg(&out).arg(&input).assert().success();
    assert!(std::fs::read(&out).unwrap() == full);
}

#[test]
fn the_output_of_another_input_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let input = archive(dir.path());
    let other = dir.path().join("other.jsonl");
    std::fs::write(&other, "{\"id\":\"zz\",\"note\":\"Knee aspiration.\"}\n").unwrap();
    let out = dir.path().join("out.jsonl");
    let theirs = uninterrupted(&other, &out);
    modcite()
        .args(["batch", "--resume", "-o"])
        .arg(&out)
        .arg(&input)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("record 1").and(predicate::str::contains("another input")));
    assert_eq!(std::fs::read(&out).unwrap(), theirs, "a refused resume must not touch the output");
    modcite()
        .args(["batch", "--resume", "--format", "csv", "-o"])
        .arg(&out)
        .arg(&input)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("JSON Lines"));
}

#[test]
fn a_run_over_several_inputs_resumes_in_the_next_file() {
    let dir = tempfile::tempdir().unwrap();
    let first = archive(dir.path());
    let second = dir.path().join("second.jsonl");
    std::fs::write(&second, "{\"note\":\"Knee aspiration, left.\"}\nnot json\n{\"id\":\"s3\",\"note\":\"Return to the OR for hematoma.\"}\n").unwrap();
    let full = dir.path().join("full.jsonl");
    modcite().args(["batch", "-q", "-o"]).arg(&full).arg(&first).arg(&second).assert().success();
    let full = std::fs::read(&full).unwrap();
    // Stop inside the second file's records: the output holds every record of
    // the first file and one of the second, then a torn line.
    let lines: Vec<&[u8]> = full.split_inclusive(|&b| b == b'\n').collect();
    let keep: usize = lines[..lines.len() - 2].iter().map(|l| l.len()).sum::<usize>() + 10;
    let out = dir.path().join("out.jsonl");
    std::fs::write(&out, &full[..keep]).unwrap();
    modcite().args(["batch", "-q", "--resume", "-o"]).arg(&out).arg(&first).arg(&second).assert().success();
    assert!(std::fs::read(&out).unwrap() == full);
}

