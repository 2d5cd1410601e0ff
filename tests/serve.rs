//! `modcite serve`: the JSON API (400, 413, identical to `suggest --format
//! json`) and an end-to-end browser test with headless Chromium.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command as StdCommand, Stdio};
use std::time::Duration;

use assert_cmd::cargo::CommandCargoExt;

/// A running `modcite serve` on a free loopback port, killed on drop.
struct Server {
    child: Child,
    base: String,
}

impl Server {
    fn start(extra: &[&str]) -> Server {
        let mut child = StdCommand::cargo_bin("modcite")
            .unwrap()
            .args(["serve", "--port", "0", "--quiet"])
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
        let base = line
            .split_whitespace()
            .find(|w| w.starts_with("http://"))
            .unwrap_or_else(|| panic!("no address in {line:?}"))
            .trim_end_matches('/')
            .to_string();
        assert!(base.starts_with("http://127.0.0.1:"), "binds loopback by default: {base}");
        Server { child, base }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn post(url: &str, body: &[u8]) -> (u16, String) {
    match ureq::post(url).set("Content-Type", "application/json").send_bytes(body) {
        Ok(r) => (r.status(), r.into_string().unwrap()),
        Err(ureq::Error::Status(code, r)) => (code, r.into_string().unwrap_or_default()),
        Err(e) => panic!("request failed: {e}"),
    }
}

const ENCOUNTER: &str = r#"{"id":"api-1","date_of_service":"2026-03-09","payer":"medicare","procedures":[{"code":"27447","laterality":"left"}],
"history":[{"code":"27447","date":"2026-01-12","laterality":"right"}],
"note":"INDICATIONS: She returns for the planned second stage of her bilateral knee replacements.\nCOMPLICATIONS: None."}"#;

#[test]
fn api_matches_suggest_and_rejects_bad_requests() {
    let server = Server::start(&["--max-body", "4096"]);
    let url = format!("{}/api/suggest", server.base);

    let (status, body) = post(&url, ENCOUNTER.as_bytes());
    assert_eq!(status, 200, "{body}");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("enc.json");
    std::fs::write(&path, ENCOUNTER).unwrap();
    let cli = StdCommand::cargo_bin("modcite").unwrap().arg("suggest").arg(&path).args(["--format", "json"]).output().unwrap();
    assert_eq!(body, String::from_utf8(cli.stdout).unwrap(), "API and CLI give identical JSON");
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["procedures"][0]["recommended"][0], "58");

    let (status, body) = post(&url, b"{\"note\": ");
    assert_eq!(status, 400);
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["error"]["kind"], "invalid_json");

    let big = format!("{{\"note\":\"{}\"}}", "x".repeat(10_000));
    let (status, body) = post(&url, big.as_bytes());
    assert_eq!(status, 413, "{body}");

    let page = ureq::get(&format!("{}/", server.base)).call().unwrap().into_string().unwrap();
    assert!(page.contains("<textarea") && page.contains("/api/suggest"));
    assert!(!page.contains("http://") && !page.contains("https://"), "no external assets");
}

/// Drives Debian's headless Chromium through chromedriver (WebDriver): paste a
/// staged-procedure note, click, and check the page shows 58 with the trigger
/// phrase highlighted. Skipped, loudly, when the browser is not installed,
/// unless `MODCITE_REQUIRE_BROWSER=1` (set by `.ci/run`, which installs it).
#[test]
fn browser_paste_click_shows_58_and_highlight() {
    let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].into_iter().find(|p| std::path::Path::new(p).exists());
    let driver = std::path::Path::new("/usr/bin/chromedriver").exists();
    let (Some(chromium), true) = (chromium, driver) else {
        if std::env::var("MODCITE_REQUIRE_BROWSER").as_deref() == Ok("1") {
            panic!("chromium and chromedriver are required (apt-get install chromium chromium-driver)");
        }
        eprintln!("SKIPPED browser test: install chromium and chromium-driver to run it");
        return;
    };
    let server = Server::start(&[]);
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let mut driver = StdCommand::new("/usr/bin/chromedriver")
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    struct Kill<'a>(&'a mut Child);
    impl Drop for Kill<'_> {
        fn drop(&mut self) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
    let _guard = Kill(&mut driver);
    let wd = format!("http://127.0.0.1:{port}");
    let mut ready = false;
    for _ in 0..100 {
        if ureq::get(&format!("{wd}/status")).call().is_ok() {
            ready = true;
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(ready, "chromedriver did not start");
    let call = |method: &str, path: &str, body: serde_json::Value| -> serde_json::Value {
        let url = format!("{wd}{path}");
        let resp = match method {
            "GET" => ureq::get(&url).call(),
            "DELETE" => ureq::delete(&url).call(),
            _ => ureq::post(&url).set("Content-Type", "application/json").send_string(&body.to_string()),
        };
        let text = match resp {
            Ok(r) => r.into_string().unwrap(),
            Err(ureq::Error::Status(c, r)) => panic!("webdriver {path}: {c} {}", r.into_string().unwrap_or_default()),
            Err(e) => panic!("webdriver {path}: {e}"),
        };
        serde_json::from_str(&text).unwrap()
    };
    let session = call(
        "POST",
        "/session",
        serde_json::json!({"capabilities": {"alwaysMatch": {"goog:chromeOptions": {
            "binary": chromium,
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,1600"]
        }}}}),
    );
    let sid = session["value"]["sessionId"].as_str().unwrap().to_string();
    let s = |p: &str| format!("/session/{sid}{p}");
    call("POST", &s("/url"), serde_json::json!({"url": format!("{}/", server.base)}));
    let find = |css: &str| -> String {
        let v = call("POST", &s("/element"), serde_json::json!({"using": "css selector", "value": css}));
        v["value"].as_object().unwrap().values().next().unwrap().as_str().unwrap().to_string()
    };
    let note = std::fs::read_to_string("examples/staged-tka.txt").unwrap();
    let area = find("#note");
    call("POST", &s(&format!("/element/{area}/value")), serde_json::json!({"text": note}));
    let codes = find("#codes");
    call("POST", &s(&format!("/element/{codes}/value")), serde_json::json!({"text": "27447:left"}));
    let button = find("#suggest");
    call("POST", &s(&format!("/element/{button}/click")), serde_json::json!({}));

    let mut marks = Vec::new();
    let mut rec = String::new();
    for _ in 0..100 {
        let v = call("POST", &s("/elements"), serde_json::json!({"using": "css selector", "value": "mark.supports"}));
        let ids: Vec<String> =
            v["value"].as_array().unwrap().iter().map(|e| e.as_object().unwrap().values().next().unwrap().as_str().unwrap().to_string()).collect();
        if !ids.is_empty() {
            for id in ids {
                marks.push(call("GET", &s(&format!("/element/{id}/text")), serde_json::json!({}))["value"].as_str().unwrap().to_string());
            }
            let r = find(".rec");
            rec = call("GET", &s(&format!("/element/{r}/text")), serde_json::json!({}))["value"].as_str().unwrap().to_string();
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let shot = call("GET", &s("/screenshot"), serde_json::json!({}));
    use base64::Engine as _;
    let png = base64::engine::general_purpose::STANDARD.decode(shot["value"].as_str().unwrap()).unwrap();
    let target = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target");
    std::fs::create_dir_all(&target).unwrap();
    std::fs::write(target.join("serve-e2e.png"), png).unwrap();
    call("DELETE", &s(""), serde_json::json!({}));

    assert!(rec.contains("58"), "recommendation shown: {rec:?}");
    assert!(marks.iter().any(|m| m == "second stage" || m == "staged"), "highlighted trigger phrase: {marks:?}");
}
