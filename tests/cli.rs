//! Command-line behaviour a user would notice.

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

fn modcite() -> Command {
    Command::cargo_bin("modcite").unwrap()
}

fn json_out(cmd: &mut Command) -> Value {
    let out = cmd.assert().success().get_output().stdout.clone();
    serde_json::from_slice(&out).expect("stdout is JSON")
}

fn recommended(v: &Value, line: usize) -> Vec<String> {
    v["procedures"][line]["recommended"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m.as_str().unwrap().to_string())
        .collect()
}

fn all_evidence(v: &Value) -> Vec<Value> {
    let mut out = Vec::new();
    for line in v["procedures"].as_array().unwrap() {
        for s in line["suggestions"].as_array().unwrap() {
            for e in s["evidence"].as_array().unwrap() {
                let mut e = e.clone();
                e["modifier"] = s["modifier"].clone();
                out.push(e);
            }
        }
    }
    out
}

#[test]
fn readme_example_recommends_58_in_human_format() {
    modcite()
        .args(["suggest", "examples/staged-tka.txt", "--format", "human"])
        .assert()
        .success()
        .stdout(predicate::str::contains("27447: append 58"))
        .stdout(predicate::str::contains("second stage"));
}

#[test]
fn json_evidence_quotes_the_note_exactly() {
    let note = std::fs::read_to_string("examples/staged-tka.txt").unwrap();
    let v = json_out(modcite().args(["suggest", "examples/staged-tka.txt", "--format", "json"]));
    assert_eq!(recommended(&v, 0), ["58"]);
    let ev = all_evidence(&v);
    assert!(!ev.is_empty());
    for e in ev {
        let (s, t) = (e["start"].as_u64().unwrap() as usize, e["end"].as_u64().unwrap() as usize);
        assert_eq!(&note[s..t], e["text"].as_str().unwrap());
    }
}

#[test]
fn stdin_note_with_context_flags() {
    let note = std::fs::read_to_string("examples/staged-tka.txt").unwrap();
    let v = json_out(
        modcite()
            .args(["suggest", "-", "--dos", "2026-03-09", "--code", "27447:left", "--prior", "27447:2026-01-12:90:right"])
            .args(["--provider", "1234567890", "--payer", "medicare", "--setting", "operating_room"])
            .write_stdin(note),
    );
    assert_eq!(recommended(&v, 0), ["58"]);
    assert_eq!(v["procedures"][0]["global_period"]["status"], "within");
    assert_eq!(v["procedures"][0]["global_period"]["index_date"], "2026-01-12");
    assert_eq!(v["procedures"][0]["global_period"]["ends"], "2026-04-12");
}

#[test]
fn complications_none_and_consent_risks_give_no_78() {
    let v = json_out(modcite().args([
        "suggest",
        "tests/fixtures/complications_none.txt",
        "--format",
        "json",
        "--dos",
        "2026-02-10",
        "--code",
        "11402:left",
        "--prior",
        "27447:2026-01-20:90:right",
        "--setting",
        "operating_room",
    ]));
    assert!(!recommended(&v, 0).contains(&"78".to_string()), "{v}");
    for e in all_evidence(&v) {
        if e["effect"] == "supports" {
            assert_eq!(e["assertion"], "present", "supporting span is not present: {e}");
        }
    }
    // The explain listing shows the discounted phrases and why.
    modcite()
        .args(["suggest", "tests/fixtures/complications_none.txt", "--format", "human", "--explain"])
        .assert()
        .success()
        .stdout(predicate::str::contains("hypothetical"))
        .stdout(predicate::str::contains("negated"));
}

#[test]
fn lexicon_check_names_file_and_line_of_a_broken_entry() {
    modcite()
        .args(["lexicon", "check", "tests/fixtures/broken_lexicon.toml"])
        .assert()
        .failure()
        .stderr(predicate::str::is_match(r"broken_lexicon\.toml:\d+: .*staged_maybe").unwrap());
}

#[test]
fn lexicon_check_and_list_accept_the_builtins() {
    modcite().args(["lexicon", "check"]).assert().success().stdout(predicate::str::starts_with("ok:"));
    modcite()
        .args(["lexicon", "list"])
        .assert()
        .success()
        .stdout(predicate::str::contains("staged"))
        .stdout(predicate::str::contains("complication"));
}

#[test]
fn user_lexicon_adds_a_phrase() {
    let args = [
        "suggest",
        "tests/fixtures/round_two.txt",
        "--format",
        "json",
        "--dos",
        "2026-03-01",
        "--code",
        "19380:right",
        "--prior",
        "19303:2026-01-15:90:right",
    ];
    let without = json_out(modcite().args(args));
    assert!(!recommended(&without, 0).contains(&"58".to_string()), "{without}");
    let with = json_out(modcite().args(args).args(["--lexicon", "tests/fixtures/user_lexicon.toml"]));
    assert_eq!(recommended(&with, 0), ["58"]);
}

const STAGED_AT_DAY_30: &str = r#"{"id":"fs-1","date_of_service":"2026-02-11","procedures":[{"code":"27447","laterality":"left"}],
 "history":[{"code":"27447","date":"2026-01-12","laterality":"right"}],
 "note":"INDICATIONS: She returns for the planned second stage of her bilateral knee replacements.\nCOMPLICATIONS: None."}"#;

#[test]
fn fee_schedule_file_overrides_builtin_global_days() {
    let dir = tempfile::tempdir().unwrap();
    let enc = dir.path().join("enc.json");
    std::fs::write(&enc, STAGED_AT_DAY_30).unwrap();
    let builtin = json_out(modcite().arg("suggest").arg(&enc).args(["--format", "json"]));
    assert_eq!(recommended(&builtin, 0), ["58"]);
    assert_eq!(builtin["procedures"][0]["global_period"]["global_days"], 90);
    // The synthetic PPRRVU fixture says 010: day 30 is outside, so nothing to append.
    let with = json_out(
        modcite().arg("suggest").arg(&enc).args(["--format", "json", "--fee-schedule", "tests/fixtures/pprrvu_sample.csv"]),
    );
    assert_eq!(with["procedures"][0]["global_period"]["status"], "outside", "{with}");
    assert_eq!(recommended(&with, 0), Vec::<String>::new());
}

const SAME_DAY_PAIR: &str = r#"{"id":"ncci-1","date_of_service":"2026-02-11","payer":"medicare","procedures":[{"code":"11042"},{"code":"97597"}],
 "note":"PROCEDURE: 1. Excisional debridement of the left heel ulcer. 2. Selective debridement of a separate wound on the right shin, a separate site from the heel ulcer.\nCOMPLICATIONS: None."}"#;

#[test]
fn ncci_file_replaces_builtin_pairs() {
    let dir = tempfile::tempdir().unwrap();
    let enc = dir.path().join("enc.json");
    std::fs::write(&enc, SAME_DAY_PAIR).unwrap();
    let builtin = json_out(modcite().arg("suggest").arg(&enc).args(["--format", "json"]));
    assert_eq!(recommended(&builtin, 1), ["XS"], "{builtin}");
    // The synthetic PTP fixture makes the pair indicator 0: nothing can unbundle it.
    let with = json_out(modcite().arg("suggest").arg(&enc).args(["--format", "json", "--ncci", "tests/fixtures/ncci_sample.txt"]));
    assert_eq!(recommended(&with, 1), Vec::<String>::new(), "{with}");
    let kinds: Vec<&str> = with["findings"].as_array().unwrap().iter().map(|f| f["kind"].as_str().unwrap()).collect();
    assert!(kinds.contains(&"ncci_pair_not_separable"), "{kinds:?}");
}

#[test]
fn bad_encounter_names_the_problem_without_note_text() {
    let dir = tempfile::tempdir().unwrap();
    let enc = dir.path().join("enc.json");
    std::fs::write(&enc, r#"{"date_of_service":"03/14/2026","note":"Secret patient Zebulon Quince."}"#).unwrap();
    modcite()
        .arg("suggest")
        .arg(&enc)
        .assert()
        .failure()
        .stderr(predicate::str::contains("date_of_service"))
        .stderr(predicate::str::contains("Zebulon").not());
}

#[test]
fn eval_reports_accuracy_and_enforces_a_floor() {
    modcite()
        .args(["eval", "corpus/"])
        .assert()
        .success()
        .stdout(predicate::str::contains("line accuracy:"))
        .stdout(predicate::str::contains("confusion"));
    modcite().args(["eval", "corpus/", "--min-accuracy", "1.01"]).assert().code(1);
}

#[test]
fn a_cpt_code_named_in_the_procedure_section_is_the_line_analyzed() {
    // The phrase "knee arthroscopy" alone would name 29881; the code stated in
    // the PROCEDURE section wins, and a code named elsewhere does not count.
    let note = "INDICATIONS: Prior CPT 27447 on the left knee.\n\
                PROCEDURE: Knee arthroscopy with chondroplasty (CPT 29880), left.\n\
                DESCRIPTION OF PROCEDURE: Standard portals were made.\n";
    let v = json_out(modcite().args(["suggest", "-", "--format", "json"]).write_stdin(note));
    assert_eq!(v["procedures"][0]["code"], "29880");
    let phrase_only = note.replace(" (CPT 29880)", "");
    let v = json_out(modcite().args(["suggest", "-", "--format", "json"]).write_stdin(phrase_only));
    assert_eq!(v["procedures"][0]["code"], "29881");
}

#[test]
fn a_note_that_opens_with_a_brace_is_still_a_note() {
    let note = "{Dictated, not read} OPERATIVE REPORT\nPROCEDURE: Planned second stage of the left knee reconstruction.\n";
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("brace.txt");
    std::fs::write(&path, note).unwrap();
    let v = json_out(modcite().arg("suggest").arg(&path).args(["--format", "json"]));
    assert!(v["procedures"].is_array(), "{v}");
    // Without a .txt name (stdin) the text is sniffed: not a JSON object.
    json_out(modcite().args(["suggest", "-", "--format", "json"]).write_stdin(note));
    // A real JSON encounter on stdin is still read as one.
    let v = json_out(
        modcite().args(["suggest", "-", "--format", "json"]).write_stdin(r#"{"id":"enc-7","note":"planned second stage"}"#),
    );
    assert_eq!(v["id"], "enc-7");
}

#[test]
fn unknown_setting_and_laterality_are_warnings() {
    let v = json_out(
        modcite()
            .args(["suggest", "-", "--format", "json", "--setting", "garage", "--code", "27447:up"])
            .write_stdin("PROCEDURE: Planned second stage total knee arthroplasty.\n"),
    );
    let warnings = v["warnings"].to_string();
    assert!(warnings.contains("setting \\\"garage\\\""), "{warnings}");
    assert!(warnings.contains("laterality \\\"up\\\""), "{warnings}");
    // `other` is a setting records.md defines: no warning.
    let v = json_out(
        modcite()
            .args(["suggest", "-", "--format", "json", "--setting", "other"])
            .write_stdin("PROCEDURE: Planned second stage total knee arthroplasty.\n"),
    );
    assert!(!v["warnings"].to_string().contains("setting"), "{}", v["warnings"]);
    // The long form of `hopd`, as exports write it, is read as `hopd`.
    let v = json_out(
        modcite()
            .args(["suggest", "-", "--format", "json", "--setting", "Hospital Outpatient"])
            .write_stdin("PROCEDURE: Planned second stage total knee arthroplasty.\n"),
    );
    assert!(!v["warnings"].to_string().contains("setting"), "{}", v["warnings"]);
}

#[test]
fn eval_scores_a_line_that_is_not_utf8_as_an_error_and_goes_on() {
    let good = std::fs::read_to_string("corpus/staged-58.jsonl").unwrap();
    let mut bytes = good.lines().take(2).collect::<Vec<_>>().join("\n").into_bytes();
    bytes.extend_from_slice(b"\n{\"id\":\"bad\xff\"}\n");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.jsonl");
    std::fs::write(&path, bytes).unwrap();
    modcite()
        .arg("eval")
        .arg(&path)
        .assert()
        .success()
        .stdout(predicate::str::contains("records: 3").and(predicate::str::contains("errors: 1")));
}

#[test]
fn explain_names_the_token_pattern_and_where_it_is_written() {
    let note = "OPERATIVE NOTE\nIndications: last winter we chose to stage her knees, right one first.\n";
    let out = Command::cargo_bin("modcite").unwrap().args(["suggest", "-", "--format", "json", "--explain"]).write_stdin(note).output().unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let hit = v["considered"].as_array().unwrap().iter().find(|c| c["text"] == "stage her knees").expect("the token pattern hit is listed");
    let by = &hit["matched_by"];
    assert_eq!(by["kind"], "tokens");
    assert!(by["id"].as_str().unwrap().starts_with("staged.explicit/patterns["), "{by}");
    let origin = by["origin"].as_str().unwrap();
    let (file, line) = origin.rsplit_once(':').unwrap();
    assert_eq!(file, "lexicons/triggers.toml");
    let written = std::fs::read_to_string(file).unwrap();
    let at = written.lines().nth(line.parse::<usize>().unwrap() - 1).unwrap();
    assert!(at.contains(by["written"].as_str().unwrap()), "{origin} holds the pattern: {at}");
}
