//! Snapshot tests of the human output, with and without colour, and the
//! generated shell completions and man page.

use assert_cmd::Command;
use modcite::analyze::{Analyzer, Options};
use modcite::encounter::Encounter;
use modcite::output::{render_human, HumanOptions};

const ENCOUNTER: &str = r#"{"id":"snap-1","date_of_service":"2026-03-09","payer":"medicare","setting":"operating_room",
"procedures":[{"code":"27447","laterality":"left","diagnoses":["M17.12"]}],
"history":[{"code":"27447","date":"2026-01-12","laterality":"right","diagnoses":["M17.11"],"provider":"1"}],
"provider":"1",
"note":"INDICATIONS: Mrs. Ortiz returns for the planned second stage of her bilateral knee\nreplacements, as planned at the index procedure.\nRisks including infection and hematoma were discussed.\nCOMPLICATIONS: None."}"#;

fn rendered(color: bool, explain: bool) -> String {
    let enc = Encounter::from_json(ENCOUNTER).unwrap();
    let note = enc.note.clone().unwrap();
    let r = Analyzer::builtin().analyze(enc, Options { explain }).unwrap();
    render_human(&r, &note, HumanOptions { all: explain, color })
}

#[test]
fn human_output_plain() {
    let out = rendered(false, false);
    assert!(out.starts_with("encounter snap-1\n27447: append 58\n"), "recommendation comes first");
    assert!(!out.contains('\x1b'));
    insta::assert_snapshot!("human_plain", out);
}

#[test]
fn human_output_colour() {
    let out = rendered(true, false);
    assert!(out.contains("\x1b[1;32msecond stage of\x1b[0m"), "{out}");
    insta::assert_snapshot!("human_colour", out);
}

#[test]
fn human_output_explain_lists_dropped_phrases() {
    let out = rendered(false, true);
    assert!(out.contains("dropped [complication; hypothetical]"), "{out}");
    assert!(out.contains("<- phrase complication.hematoma at lexicons/triggers.toml:"), "{out}");
    // Lexicon line numbers move with every edit of the lexicons: the snapshot
    // keeps the file and masks the line.
    insta::with_settings!({filters => vec![(r"\.toml:[0-9]+", ".toml:N")]}, {
        insta::assert_snapshot!("human_explain", out);
    });
}

#[test]
fn no_color_and_color_never_are_respected() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("enc.json");
    std::fs::write(&path, ENCOUNTER).unwrap();
    for args in [&["--color", "never"][..], &[][..]] {
        let out = Command::cargo_bin("modcite")
            .unwrap()
            .arg("suggest")
            .arg(&path)
            .args(["--format", "human"])
            .args(args)
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        let out = String::from_utf8(out.stdout).unwrap();
        assert!(!out.contains('\x1b') && out.contains("[second stage of]"), "{out}");
    }
    let out = Command::cargo_bin("modcite").unwrap().arg("suggest").arg(&path).args(["--format", "human", "--color", "always"]).output().unwrap();
    assert!(String::from_utf8(out.stdout).unwrap().contains('\x1b'));
}

#[test]
fn completions_and_man_page_are_generated() {
    for shell in ["bash", "zsh", "fish"] {
        let out = Command::cargo_bin("modcite").unwrap().args(["completions", shell]).output().unwrap();
        assert!(out.status.success());
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.contains("suggest") && text.contains("batch") && text.contains("audit"), "{shell}");
    }
    let out = Command::cargo_bin("modcite").unwrap().arg("man").output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with(".ie") || text.contains(".TH modcite"), "roff output");
    // Each subcommand has its own page with its options.
    let out = Command::cargo_bin("modcite").unwrap().args(["man", "suggest"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains(".TH modcite-suggest") && text.contains("dos"), "{text}");
    let out = Command::cargo_bin("modcite").unwrap().args(["man", "lexicon", "check"]).output().unwrap();
    assert!(String::from_utf8(out.stdout).unwrap().contains(".TH modcite-lexicon-check"));
    let dir = tempfile::tempdir().unwrap();
    let out = Command::cargo_bin("modcite").unwrap().args(["man", "--dir"]).arg(dir.path()).output().unwrap();
    assert!(out.status.success());
    let audit = std::fs::read_to_string(dir.path().join("modcite-audit.1")).unwrap();
    assert!(audit.contains("fail\\-on"), "audit page documents --fail-on");
    assert!(dir.path().join("modcite.1").exists() && dir.path().join("modcite-serve.1").exists());
}
