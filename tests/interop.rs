//! FHIR R4 and HL7 v2 input, as a user meets it: `suggest`, `batch`,
//! `audit` and `serve` on the fixtures of `tests/fixtures/fhir` and
//! `tests/fixtures/hl7` (written by `tests/fixtures/make_interop_fixtures.py`).

use std::io::{BufRead, BufReader};
use std::process::{Child, Command as StdCommand, Stdio};

use assert_cmd::cargo::CommandCargoExt;
use assert_cmd::Command;
use base64::Engine as _;
use serde_json::{json, Value};

const FHIR: &str = "tests/fixtures/fhir";
const HL7: &str = "tests/fixtures/hl7";

fn modcite() -> Command {
    Command::cargo_bin("modcite").unwrap()
}

fn stdout_of(cmd: &mut Command) -> String {
    String::from_utf8(cmd.assert().success().get_output().stdout.clone()).unwrap()
}

fn json_lines(text: &str) -> Vec<Value> {
    text.lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

fn without_id(mut v: Value) -> Value {
    v.as_object_mut().unwrap().remove("id");
    v
}

/// Every evidence span of a result, with the modifier it is cited for.
fn evidence(v: &Value) -> Vec<Value> {
    let mut out = Vec::new();
    for line in v["procedures"].as_array().unwrap() {
        for s in line["suggestions"].as_array().unwrap() {
            out.extend(s["evidence"].as_array().unwrap().iter().cloned());
        }
        if let Some(g) = line["global_period"]["evidence"].as_array() {
            out.extend(g.iter().cloned());
        }
    }
    out
}

#[test]
fn a_bundle_answers_exactly_as_its_records_md_encounter() {
    let bundle = stdout_of(modcite().args(["suggest", "--format", "json"]).arg(format!("{FHIR}/hematoma_bundle.json")));
    let encounter = stdout_of(modcite().args(["suggest", "--format", "json"]).arg(format!("{FHIR}/hematoma_encounter.json")));
    assert_eq!(bundle, encounter, "the Bundle and the equivalent encounter give the same result, byte for byte");
    let v: Value = serde_json::from_str(&bundle).unwrap();
    assert_eq!(v["id"], "op-note-1", "the id is the DocumentReference id");
    assert_eq!(v["procedures"][0]["code"], "27310");
    assert_eq!(v["procedures"][0]["recommended"], json!(["78"]));
    let g = &v["procedures"][0]["global_period"];
    assert_eq!((g["status"].as_str(), g["index_code"].as_str(), g["index_date"].as_str()), (Some("within"), Some("27447"), Some("2026-02-21")));
    assert_eq!(g["source"], "history", "the earlier Procedure became history");
    assert_eq!(v["warnings"], json!([]), "every reference resolved");
}

#[test]
fn audit_of_a_bundle_whose_claim_bills_79_fails_naming_it() {
    let out = modcite()
        .args(["audit", "--fail-on", "error", "-q"])
        .arg(format!("{FHIR}/hematoma_claim_79.json"))
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let findings = json_lines(&String::from_utf8(out).unwrap());
    let f = findings.iter().find(|f| f["severity"] == "error").expect("an error finding");
    assert_eq!((f["id"].as_str(), f["code"].as_str(), f["modifier"].as_str()), (Some("op-note-1"), Some("27310"), Some("79")));
    assert!(f["message"].as_str().unwrap().contains("79"), "{f}");
    // The same claim billing 78 passes.
    let out = modcite().args(["audit", "--fail-on", "error", "-q"]).arg(format!("{FHIR}/hematoma_claim_78.json")).assert().code(0).get_output().stdout.clone();
    assert!(json_lines(&String::from_utf8(out).unwrap()).iter().all(|f| f["severity"] != "error"));
}

#[test]
fn a_bulk_export_gives_one_result_per_note_in_a_stable_order() {
    let dir = format!("{FHIR}/export");
    let one = stdout_of(modcite().args(["batch", "-q", "--jobs", "1"]).arg(&dir));
    let two = stdout_of(modcite().args(["batch", "-q", "--jobs", "2", "--chunk", "1"]).arg(&dir));
    assert_eq!(one, two, "identical at any thread count and chunk size");
    let records = json_lines(&one);
    // Four note DocumentReferences (text, HTML, PDF-only, RTF); the discharge summary is not a note.
    assert_eq!(records.len(), 4, "{one}");
    let ids: Vec<Option<&str>> = records.iter().map(|r| r["id"].as_str()).collect();
    assert_eq!(ids, [Some("op-note-1"), Some("op-note-2"), None, Some("op-note-3")]);
    assert_eq!(records[2]["error"]["kind"], "unsupported_attachment");
    assert_eq!(records[2]["line"], 4, "the error names the line of DocumentReference.ndjson");
    assert!(records[2]["error"]["message"].as_str().unwrap().contains("DocumentReference/op-note-1-scan"));
    let recommended: Vec<&Value> = [0, 1, 3].iter().map(|i| &records[*i]["procedures"][0]["recommended"]).collect();
    assert_eq!(recommended, [&json!(["78"]), &json!(["79"]), &json!(["58"])], "plain, HTML and RTF notes each read with their context");
    assert_eq!(records[1]["procedures"][0]["global_period"]["index_code"], "27130");

    // Spans of the HTML and RTF notes index the decoded attachment: where a
    // span covers no markup, the attachment has exactly the cited text.
    let docs: Vec<Value> = std::fs::read_to_string(format!("{dir}/DocumentReference.ndjson")).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    for (record, doc) in [(&records[1], &docs[2]), (&records[3], &docs[4])] {
        let data = doc["content"][0]["attachment"]["data"].as_str().unwrap();
        let decoded = String::from_utf8(base64::engine::general_purpose::STANDARD.decode(data).unwrap()).unwrap();
        let spans = evidence(record);
        assert!(!spans.is_empty());
        for e in spans {
            let (s, t) = (e["start"].as_u64().unwrap() as usize, e["text"].as_str().unwrap());
            let cited = &decoded[s..e["end"].as_u64().unwrap() as usize];
            assert_eq!(cited.len(), t.len());
            if !cited.contains(['<', '&', '\\', '{', '}', '\n']) {
                assert_eq!(cited, t);
            }
        }
    }
}

#[test]
fn an_hl7_message_answers_as_its_note_text_with_the_same_date() {
    let note = std::fs::read_to_string(format!("{FHIR}/hematoma_note.txt")).unwrap();
    let plain = stdout_of(modcite().args(["suggest", "--format", "json", "--dos", "2026-03-02"]).write_stdin(note.trim_end_matches('\n')));
    let plain: Value = serde_json::from_str(&plain).unwrap();
    assert_eq!(plain["procedures"][0]["recommended"], json!(["78"]));
    for (file, id) in [("mdm_t02.hl7", "OPNOTE-1"), ("oru_r01.hl7", "ORU000202")] {
        let out = stdout_of(modcite().args(["suggest", "--format", "json"]).arg(format!("{HL7}/{file}")));
        let v: Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["id"], id, "{file}: TXA-12, else MSH-10");
        assert_eq!(without_id(v), without_id(plain.clone()), "{file}");
    }
    // Read from stdin, too.
    let piped = stdout_of(modcite().args(["suggest", "--format", "json"]).pipe_stdin(format!("{HL7}/mdm_t02.hl7")).unwrap());
    assert_eq!(serde_json::from_str::<Value>(&piped).unwrap()["id"], "OPNOTE-1");
}

#[test]
fn several_messages_give_one_result_each() {
    let file = format!("{HL7}/mllp_two.hl7");
    let suggest = json_lines(&stdout_of(modcite().args(["suggest", "--format", "json"]).arg(&file)));
    let ids: Vec<&str> = suggest.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["OPNOTE-1", "OPNOTE-2"]);
    let batch = json_lines(&stdout_of(modcite().args(["batch", "-q"]).arg(&file)));
    assert_eq!(batch.len(), 2);
    assert_eq!(batch[0]["procedures"], suggest[0]["procedures"]);
}

#[test]
fn hostile_bundles_give_error_records_naming_resources_never_note_text() {
    let out = modcite().args(["batch"]).arg(format!("{FHIR}/hostile_bundle.json")).assert().success().get_output().clone();
    let (stdout, stderr) = (String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap());
    let records = json_lines(&stdout);
    let kinds: Vec<&str> = records.iter().map(|r| r["error"]["kind"].as_str().unwrap_or("result")).collect();
    assert_eq!(kinds, ["invalid_base64", "missing_note", "missing_note", "result"]);
    for (r, name) in records.iter().zip(["DocumentReference/bad-base64", "DocumentReference/no-attachment", "DocumentReference/url-only"]) {
        assert!(r["error"]["message"].as_str().unwrap().contains(name), "{r}");
    }
    // Reference cycles (a role whose practitioner is itself, self-parented
    // encounters and organizations) end; what does not resolve is a warning.
    let warnings = records[3]["warnings"].as_array().unwrap();
    assert!(warnings.iter().any(|w| w.as_str().unwrap().contains("`Condition/missing` is not in the bundle")), "{warnings:?}");
    assert_eq!(records[3]["procedures"][0]["recommended"], json!(["78"]));
    // The result may cite the note (its title is a setting cue); the error
    // records and the log never quote it.
    let errors: String = records[..3].iter().map(Value::to_string).collect();
    assert!(!errors.contains("OPERATIVE") && !stderr.contains("OPERATIVE"), "no note text outside results");

    // suggest: the readable note still gets its result; exit 2 says some could not be read.
    let out = modcite().args(["suggest", "--format", "json"]).arg(format!("{FHIR}/hostile_bundle.json")).assert().code(2).get_output().clone();
    let lines = json_lines(&String::from_utf8(out.stdout).unwrap());
    assert_eq!(lines.len(), 4);
    assert_eq!(lines[0]["id"], "bad-base64");
    assert_eq!(lines[0]["error"]["kind"], "invalid_base64");
}

#[test]
fn a_bundle_of_ten_thousand_entries_reads_quickly() {
    let bundle: Value = serde_json::from_str(&std::fs::read_to_string(format!("{FHIR}/hematoma_bundle.json")).unwrap()).unwrap();
    let mut entries = bundle["entry"].as_array().unwrap().clone();
    let mut n = 0;
    while entries.len() < 10_000 {
        n += 1;
        // Other patients' procedures, and observations nobody reads.
        entries.push(json!({"fullUrl": format!("urn:uuid:p-{n}"), "resource": {"resourceType": "Procedure", "id": format!("other-{n}"),
            "subject": {"reference": format!("Patient/other-{}", n % 97)}, "performedDateTime": "2026-02-25",
            "code": {"coding": [{"system": "http://www.ama-assn.org/go/cpt", "code": "20610"}]}}}));
        entries.push(json!({"resource": {"resourceType": "Observation", "id": format!("obs-{n}"), "status": "final"}}));
    }
    let big = json!({"resourceType": "Bundle", "type": "searchset", "entry": entries});
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.json");
    std::fs::write(&path, serde_json::to_vec(&big).unwrap()).unwrap();
    let started = std::time::Instant::now();
    let out = stdout_of(modcite().args(["suggest", "--format", "json"]).arg(&path));
    assert!(started.elapsed().as_secs() < 20, "took {:?}", started.elapsed());
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["procedures"].as_array().unwrap().len(), 1, "other patients' procedures are not this note's lines");
    assert_eq!(v["procedures"][0]["recommended"], json!(["78"]));
}

#[test]
fn json_lines_of_bundles_in_batch_number_their_lines() {
    let one = std::fs::read_to_string(format!("{FHIR}/hematoma_bundle.json")).unwrap();
    let compact = serde_json::to_string(&serde_json::from_str::<Value>(&one).unwrap()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bundles.ndjson");
    std::fs::write(&path, format!("{compact}\n{{\"resourceType\":\"Bundle\",\"entry\":[]}}\n{compact}\n")).unwrap();
    let records = json_lines(&stdout_of(modcite().args(["batch", "-q"]).arg(&path)));
    let lines: Vec<&Value> = records.iter().map(|r| &r["line"]).collect();
    assert_eq!(records.len(), 3);
    assert_eq!(records[0]["id"], "op-note-1");
    assert_eq!(records[1]["error"]["kind"], "missing_note");
    assert_eq!(lines[1], &json!(2));
}

/// A running `modcite serve` on a free loopback port, killed on drop.
struct Server {
    child: Child,
    base: String,
}

impl Server {
    fn start() -> Server {
        let mut child = StdCommand::cargo_bin("modcite")
            .unwrap()
            .args(["serve", "--port", "0", "--quiet"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
        let base = line.split_whitespace().find(|w| w.starts_with("http://")).unwrap().trim_end_matches('/').to_string();
        Server { child, base }
    }

    fn post(&self, body: &str) -> (u16, String) {
        match ureq::post(&format!("{}/api/suggest", self.base)).set("Content-Type", "text/plain").send_string(body) {
            Ok(r) => (r.status(), r.into_string().unwrap()),
            Err(ureq::Error::Status(code, r)) => (code, r.into_string().unwrap_or_default()),
            Err(e) => panic!("request failed: {e}"),
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn the_scribe_api_takes_a_pasted_hl7_message_or_bundle() {
    let server = Server::start();
    let cli = |file: &str| -> Value { serde_json::from_str(&stdout_of(modcite().args(["suggest", "--format", "json"]).arg(file))).unwrap() };
    for file in [format!("{HL7}/mdm_t02.hl7"), format!("{FHIR}/hematoma_bundle.json")] {
        // The page's textarea turns `\r` segment ends into `\n`.
        let pasted = std::fs::read_to_string(&file).unwrap().replace('\r', "\n");
        let (status, body) = server.post(&pasted);
        assert_eq!(status, 200, "{file}: {body}");
        let mut v: Value = serde_json::from_str(&body).unwrap();
        let note = v.as_object_mut().unwrap().remove("note").expect("the analyzed note comes back for highlighting");
        assert_eq!(v, cli(&file), "{file}: the API gives the CLI's result");
        let note = note.as_str().unwrap();
        assert!(note.starts_with("OPERATIVE REPORT"), "{file}");
        for e in evidence(&v) {
            assert_eq!(&note[e["start"].as_u64().unwrap() as usize..e["end"].as_u64().unwrap() as usize], e["text"].as_str().unwrap());
        }
    }
    let (status, body) = server.post(&std::fs::read_to_string(format!("{HL7}/mllp_two.hl7")).unwrap());
    assert_eq!(status, 200, "{body}");
    let several: Vec<Value> = serde_json::from_str(&body).unwrap();
    assert_eq!(several.iter().map(|r| r["id"].as_str().unwrap()).collect::<Vec<_>>(), ["OPNOTE-1", "OPNOTE-2"]);
    let (status, body) = server.post(r#"{"resourceType":"Bundle","type":"collection","entry":[]}"#);
    assert_eq!(status, 400, "{body}");
    assert!(body.contains("no operative or procedure note"), "{body}");
    // Plain text in a records.md encounter still works as before.
    let (status, _) = server.post(r#"{"note":"OPERATIVE NOTE. Returned to the OR for hematoma."}"#);
    assert_eq!(status, 200);
}

/// Headless Chromium through chromedriver (as in tests/serve.rs): paste an
/// MDM^T02 message into the page, click, and see 78 with the evidence
/// highlighted in the note read from the message. Skipped, loudly, without
/// the browser unless `MODCITE_REQUIRE_BROWSER=1`.
#[test]
fn the_scribe_page_shows_the_answer_for_a_pasted_hl7_message() {
    use std::time::Duration;
    let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].into_iter().find(|p| std::path::Path::new(p).exists());
    let (Some(chromium), true) = (chromium, std::path::Path::new("/usr/bin/chromedriver").exists()) else {
        if std::env::var("MODCITE_REQUIRE_BROWSER").as_deref() == Ok("1") {
            panic!("chromium and chromedriver are required (apt-get install chromium chromium-driver)");
        }
        eprintln!("SKIPPED browser test: install chromium and chromium-driver to run it");
        return;
    };
    let server = Server::start();
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    struct Kill(Child);
    impl Drop for Kill {
        fn drop(&mut self) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
    let _driver = Kill(
        StdCommand::new("/usr/bin/chromedriver").arg(format!("--port={port}")).stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap(),
    );
    let wd = format!("http://127.0.0.1:{port}");
    assert!(
        (0..100).any(|_| ureq::get(&format!("{wd}/status")).call().is_ok() || {
            std::thread::sleep(Duration::from_millis(100));
            false
        }),
        "chromedriver did not start"
    );
    let call = |method: &str, path: &str, body: Value| -> Value {
        let url = format!("{wd}{path}");
        let resp = match method {
            "GET" => ureq::get(&url).call(),
            "DELETE" => ureq::delete(&url).call(),
            _ => ureq::post(&url).set("Content-Type", "application/json").send_string(&body.to_string()),
        };
        match resp {
            Ok(r) => serde_json::from_str(&r.into_string().unwrap()).unwrap(),
            Err(e) => panic!("webdriver {path}: {e}"),
        }
    };
    let session = call(
        "POST",
        "/session",
        json!({"capabilities": {"alwaysMatch": {"goog:chromeOptions": {"binary": chromium,
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"]}}}}),
    );
    let sid = session["value"]["sessionId"].as_str().unwrap().to_string();
    let s = |p: &str| format!("/session/{sid}{p}");
    let ids = |css: &str| -> Vec<String> {
        let v = call("POST", &s("/elements"), json!({"using": "css selector", "value": css}));
        v["value"].as_array().unwrap().iter().map(|e| e.as_object().unwrap().values().next().unwrap().as_str().unwrap().to_string()).collect()
    };
    let text = |id: &str| call("GET", &s(&format!("/element/{id}/text")), json!({}))["value"].as_str().unwrap().to_string();
    call("POST", &s("/url"), json!({"url": format!("{}/", server.base)}));
    let message = std::fs::read_to_string(format!("{HL7}/mdm_t02.hl7")).unwrap().replace('\r', "\n");
    let area = ids("#note").remove(0);
    call("POST", &s(&format!("/element/{area}/value")), json!({"text": message}));
    let button = ids("#suggest").remove(0);
    call("POST", &s(&format!("/element/{button}/click")), json!({}));
    let mut shown = None;
    for _ in 0..100 {
        let marks = ids("mark.supports");
        if !marks.is_empty() {
            let marks: Vec<String> = marks.iter().map(|m| text(m)).collect();
            let rec = text(&ids(".rec").remove(0));
            let note = text(&ids("#note-view").remove(0));
            shown = Some((rec, marks, note));
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    call("DELETE", &s(""), json!({}));
    let (rec, marks, note) = shown.expect("the page showed a result with highlighted evidence");
    assert!(rec.contains("27310") && rec.contains("78"), "{rec:?}");
    assert!(note.starts_with("OPERATIVE REPORT") && !note.contains("MSH|"), "the note read from the message is shown, not the message");
    assert!(marks.iter().all(|m| note.contains(m.as_str())), "{marks:?}");
}

#[test]
fn a_bad_export_line_is_an_error_record_and_the_rest_go_on() {
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(format!("{FHIR}/export")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, dir.path().join(path.file_name().unwrap())).unwrap();
    }
    let docs = dir.path().join("DocumentReference.ndjson");
    let mut lines: Vec<String> = std::fs::read_to_string(&docs).unwrap().lines().map(str::to_string).collect();
    lines.insert(1, "{\"resourceType\": \"DocumentReference\", \"id\": ".into());
    lines.insert(2, "{\"resourceType\": \"Procedure\", \"id\": \"misfiled\"}".into());
    std::fs::write(&docs, lines.join("\n") + "\n").unwrap();
    let procs = dir.path().join("Procedure.ndjson");
    let text = std::fs::read_to_string(&procs).unwrap();
    std::fs::write(&procs, format!("not json\n{text}")).unwrap();

    let records = json_lines(&stdout_of(modcite().args(["batch", "-q"]).arg(dir.path())));
    let summary: Vec<(String, Value)> = records
        .iter()
        .map(|r| (r["id"].as_str().map(str::to_string).unwrap_or_else(|| r["error"]["kind"].as_str().unwrap().to_string()), r["line"].clone()))
        .collect();
    assert_eq!(
        summary,
        [
            ("invalid_json".to_string(), json!(1)), // Procedure.ndjson line 1, reported before the notes
            ("op-note-1".to_string(), Value::Null), // results carry no line; error records do
            ("invalid_json".to_string(), json!(2)),
            ("not_a_document_reference".to_string(), json!(3)),
            ("op-note-2".to_string(), Value::Null),
            ("unsupported_attachment".to_string(), json!(6)),
            ("op-note-3".to_string(), Value::Null),
        ]
    );
    assert!(records[0]["source"].as_str().unwrap().ends_with("Procedure.ndjson"));
    assert_eq!(records[4]["procedures"][0]["recommended"], json!(["79"]), "the notes after the bad lines keep their context");
}

#[test]
fn a_folder_mixing_notes_bundles_and_hl7_files_reads_each() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(format!("{FHIR}/hematoma_note.txt"), dir.path().join("a_note.txt")).unwrap();
    std::fs::copy(format!("{FHIR}/hematoma_bundle.json"), dir.path().join("b_bundle.json")).unwrap();
    std::fs::copy(format!("{HL7}/mdm_t02.hl7"), dir.path().join("c_message.hl7")).unwrap();
    // A sidecar stays a sidecar: it gives a_note.txt its context.
    std::fs::write(dir.path().join("a_note.json"), r#"{"date_of_service": "2026-03-02"}"#).unwrap();
    let records = json_lines(&stdout_of(modcite().args(["batch", "-q"]).arg(dir.path())));
    let ids: Vec<&str> = records.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["a_note.txt", "op-note-1", "OPNOTE-1"]);
    assert!(records.iter().all(|r| r["procedures"][0]["recommended"] == json!(["78"])));
}
