//! `modcite serve`: the JSON API (400, 413, identical to `suggest --format
//! json`), the protections for a team server (refusal to expose itself,
//! bearer tokens, TLS, Host check, rate limit, headers, logs without note
//! text) and an end-to-end browser test with headless Chromium, over plain
//! HTTP and over TLS with a token.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command as StdCommand, Stdio};
use std::sync::Arc;
use std::time::Duration;

use assert_cmd::cargo::CommandCargoExt;

/// A running `modcite serve` on a free loopback port, killed on drop.
struct Server {
    child: Child,
    base: String,
}

impl Server {
    fn start(extra: &[&str]) -> Server {
        Server::spawn(extra, Stdio::null())
    }

    fn spawn(extra: &[&str], stderr: Stdio) -> Server {
        let mut child = StdCommand::cargo_bin("modcite")
            .unwrap()
            .args(["serve", "--port", "0"])
            .args(extra)
            .env_remove("MODCITE_TOKENS")
            .stdout(Stdio::piped())
            .stderr(stderr)
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
        let base = line
            .split_whitespace()
            .find(|w| w.starts_with("http://") || w.starts_with("https://"))
            .unwrap_or_else(|| panic!("no address in {line:?}"))
            .trim_end_matches('/')
            .to_string();
        assert!(base.contains("://127.0.0.1:"), "binds loopback by default: {base}");
        Server { child, base }
    }

    fn addr(&self) -> String {
        self.base.split("://").nth(1).unwrap().to_string()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn post(url: &str, body: &[u8]) -> (u16, String) {
    post_with(&ureq::agent(), url, body, None)
}

fn post_with(agent: &ureq::Agent, url: &str, body: &[u8], token: Option<&str>) -> (u16, String) {
    let mut request = agent.post(url).set("Content-Type", "application/json");
    if let Some(token) = token {
        request = request.set("Authorization", &format!("Bearer {token}"));
    }
    match request.send_bytes(body) {
        Ok(r) => (r.status(), r.into_string().unwrap()),
        Err(ureq::Error::Status(code, r)) => (code, r.into_string().unwrap_or_default()),
        Err(e) => panic!("request failed: {e}"),
    }
}

fn cli_json(encounter: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("enc.json");
    std::fs::write(&path, encounter).unwrap();
    let cli = StdCommand::cargo_bin("modcite").unwrap().arg("suggest").arg(&path).args(["--format", "json"]).output().unwrap();
    String::from_utf8(cli.stdout).unwrap()
}
const ENCOUNTER: &str = r#"{"id":"api-1","date_of_service":"2026-03-09","payer":"medicare","procedures":[{"code":"27447","laterality":"left"}],
"history":[{"code":"27447","date":"2026-01-12","laterality":"right"}],
"note":"INDICATIONS: She returns for the planned second stage of her bilateral knee replacements.\nCOMPLICATIONS: None."}"#;

#[test]
fn api_matches_suggest_and_rejects_bad_requests() {
    let server = Server::start(&["--quiet", "--max-body", "4096"]);
    let url = format!("{}/api/suggest", server.base);

    let (status, body) = post(&url, ENCOUNTER.as_bytes());
    assert_eq!(status, 200, "{body}");
    assert_eq!(body, cli_json(ENCOUNTER), "API and CLI give identical JSON");
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
    let script = ureq::get(&format!("{}/app.js", server.base)).call().unwrap().into_string().unwrap();
    assert!(page.contains("<textarea") && page.contains("/app.js") && script.contains("/api/suggest"));
    for asset in [&page, &script] {
        assert!(!asset.contains("http://") && !asset.contains("https://"), "no external assets");
    }
}


const TOKEN: &str = "team-token-0123456789abcdef";
const OTHER_TOKEN: &str = "other-token-0123456789abcdef";

/// A token file and a self-signed certificate for 127.0.0.1 and localhost,
/// made fresh for the test.
struct TeamFiles {
    _dir: tempfile::TempDir,
    tokens: PathBuf,
    cert: PathBuf,
    key: PathBuf,
    cert_der: Vec<u8>,
}

impl TeamFiles {
    fn new() -> TeamFiles {
        let dir = tempfile::tempdir().unwrap();
        let tokens = dir.path().join("tokens.txt");
        std::fs::write(&tokens, format!("# scribe pool\n{TOKEN}\n{OTHER_TOKEN}\n")).unwrap();
        let generated = rcgen::generate_simple_self_signed(vec!["localhost".to_string(), "127.0.0.1".to_string()]).unwrap();
        let cert = dir.path().join("cert.pem");
        let key = dir.path().join("key.pem");
        std::fs::write(&cert, generated.cert.pem()).unwrap();
        std::fs::write(&key, generated.signing_key.serialize_pem()).unwrap();
        let cert_der = generated.cert.der().to_vec();
        TeamFiles { _dir: dir, tokens, cert, key, cert_der }
    }

    fn args(&self) -> Vec<String> {
        ["--tokens", path(&self.tokens), "--tls-cert", path(&self.cert), "--tls-key", path(&self.key)].map(String::from).to_vec()
    }

    /// A TLS client configuration trusting only the test certificate.
    fn client_config(&self) -> Arc<rustls::ClientConfig> {
        let mut roots = rustls::RootCertStore::empty();
        roots.add(rustls::pki_types::CertificateDer::from(self.cert_der.clone())).unwrap();
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let config = rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_root_certificates(roots)
            .with_no_client_auth();
        Arc::new(config)
    }

    fn agent(&self) -> ureq::Agent {
        ureq::AgentBuilder::new().tls_config(self.client_config()).build()
    }
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn start_team(files: &TeamFiles, extra: &[&str]) -> Server {
    let mut args: Vec<String> = files.args();
    args.extend(extra.iter().map(|s| s.to_string()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    Server::start(&args)
}

/// Sends one hand-written HTTP/1.1 request over TLS and returns the raw response.
fn raw_tls_request(files: &TeamFiles, addr: &str, request: &str) -> String {
    let name = rustls::pki_types::ServerName::try_from("localhost").unwrap();
    let connection = rustls::ClientConnection::new(files.client_config(), name).unwrap();
    let socket = std::net::TcpStream::connect(addr).unwrap();
    socket.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let mut tls = rustls::StreamOwned::new(connection, socket);
    tls.write_all(request.as_bytes()).unwrap();
    let mut response = Vec::new();
    let _ = tls.read_to_end(&mut response);
    String::from_utf8_lossy(&response).into_owned()
}

#[test]
fn non_loopback_bind_without_protection_exits_2_naming_what_is_missing() {
    let run = |extra: &[&str]| {
        let out = StdCommand::cargo_bin("modcite")
            .unwrap()
            .args(["serve", "--bind", "0.0.0.0", "--port", "0"])
            .args(extra)
            .env_remove("MODCITE_TOKENS")
            .output()
            .unwrap();
        (out.status.code(), String::from_utf8(out.stderr).unwrap(), out.stdout)
    };
    let (code, stderr, stdout) = run(&[]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("--tokens") && stderr.contains("--tls-cert"), "{stderr}");
    assert!(stdout.is_empty(), "nothing served");

    let files = TeamFiles::new();
    let (code, stderr, _) = run(&["--tokens", path(&files.tokens)]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("--tls-cert") && !stderr.contains("--tokens"), "names only TLS: {stderr}");

    let (code, stderr, _) = run(&["--tls-cert", path(&files.cert), "--tls-key", path(&files.key)]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("--tokens") && !stderr.contains("--tls-cert"), "names only tokens: {stderr}");
}

#[test]
fn https_with_tokens_answers_like_suggest_and_refuses_strangers() {
    let files = TeamFiles::new();
    let server = start_team(&files, &["--quiet"]);
    assert!(server.base.starts_with("https://"), "{}", server.base);
    let agent = files.agent();
    let url = format!("{}/api/suggest", server.base);

    let (status, body) = post_with(&agent, &url, ENCOUNTER.as_bytes(), None);
    assert_eq!(status, 401, "no token: {body}");
    assert_eq!(body, r#"{"error":{"kind":"unauthorized","message":"a valid bearer token is required"}}"#);
    let (status, wrong) = post_with(&agent, &url, ENCOUNTER.as_bytes(), Some("team-token-0123456789abcdeX"));
    assert_eq!((status, wrong.as_str()), (401, body.as_str()), "a wrong token gets the same answer");

    let (status, json) = post_with(&agent, &url, ENCOUNTER.as_bytes(), Some(TOKEN));
    assert_eq!(status, 200, "{json}");
    assert_eq!(json, cli_json(ENCOUNTER), "API over TLS and CLI give identical JSON");
    let (status, _) = post_with(&agent, &url, ENCOUNTER.as_bytes(), Some(OTHER_TOKEN));
    assert_eq!(status, 200, "every token in the file works");

    let page = agent.get(&format!("{}/", server.base)).call().unwrap();
    assert_eq!(page.header("Referrer-Policy"), Some("no-referrer"));
    assert_eq!(page.header("Cache-Control"), Some("no-store"));
    let csp = page.header("Content-Security-Policy").unwrap();
    assert!(csp.contains("default-src 'none'") && csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"), "{csp}");
    assert!(page.header("Strict-Transport-Security").is_some());

    let rebound = raw_tls_request(&files, &server.addr(), "GET /api/health HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n");
    assert!(rebound.starts_with("HTTP/1.1 421"), "DNS-rebound Host rejected: {rebound}");
    let named = raw_tls_request(&files, &server.addr(), "GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
    assert!(named.starts_with("HTTP/1.1 200"), "{}", named.lines().next().unwrap_or(""));

    let plain = ureq::get(&format!("http://{}/", server.addr())).timeout(Duration::from_secs(10)).call();
    assert!(plain.is_err(), "no plain HTTP on a TLS port");
}

#[test]
fn rate_limit_answers_429_per_client() {
    let files = TeamFiles::new();
    let server = start_team(&files, &["--quiet", "--rate-limit", "3"]);
    let agent = files.agent();
    let url = format!("{}/api/suggest", server.base);
    let statuses: Vec<u16> = (0..4).map(|_| post_with(&agent, &url, ENCOUNTER.as_bytes(), Some(TOKEN)).0).collect();
    assert_eq!(statuses, [200, 200, 200, 429]);
    let limited = agent.post(&url).set("Authorization", &format!("Bearer {TOKEN}")).send_bytes(ENCOUNTER.as_bytes());
    match limited {
        Err(ureq::Error::Status(429, r)) => {
            assert!(r.header("Retry-After").is_some_and(|s| s.parse::<u64>().unwrap() >= 1));
            // Its body was never read: the connection must not be reused.
            assert_eq!(r.header("Connection"), Some("close"));
        }
        other => panic!("expected 429, got {other:?}"),
    }
    let (status, _) = post_with(&agent, &url, ENCOUNTER.as_bytes(), Some(OTHER_TOKEN));
    assert_eq!(status, 200, "another client keeps its own budget");
}

#[test]
fn request_log_names_client_and_status_but_never_the_note() {
    let files = TeamFiles::new();
    let mut args = files.args();
    args.push("--rate-limit".into());
    args.push("0".into());
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let mut server = Server::spawn(&args, Stdio::piped());
    let agent = files.agent();
    let (status, _) = post_with(&agent, &format!("{}/api/suggest", server.base), ENCOUNTER.as_bytes(), Some(OTHER_TOKEN));
    assert_eq!(status, 200);
    let _ = server.child.kill();
    let mut log = String::new();
    server.child.stderr.take().unwrap().read_to_string(&mut log).unwrap();
    assert!(log.contains("token#2 POST /api/suggest 200"), "{log}");
    for secret in ["bilateral knee", "second stage", TOKEN, OTHER_TOKEN] {
        assert!(!log.contains(secret), "log leaks {secret:?}: {log}");
    }
}

/// Drives Debian's headless Chromium through chromedriver (WebDriver): paste a
/// staged-procedure note, click, and check the page shows 58 with the trigger
/// phrase highlighted. Skipped, loudly, when the browser is not installed,
/// unless `MODCITE_REQUIRE_BROWSER=1` (set by `.ci/run`, which installs it).
#[test]
fn browser_paste_click_shows_58_and_highlight() {
    let Some(chromium) = browser() else { return };
    let server = Server::start(&["--quiet"]);
    drive_browser(chromium, &server, None, "serve-e2e.png");
}

/// The same over TLS (the test's own certificate) with a token: the page asks
/// for the token when the API answers 401, keeps it for the tab and retries.
#[test]
fn browser_over_tls_asks_for_the_token_then_shows_58() {
    let Some(chromium) = browser() else { return };
    let files = TeamFiles::new();
    let server = start_team(&files, &["--quiet"]);
    drive_browser(chromium, &server, Some(TOKEN), "serve-e2e-tls.png");
}

fn browser() -> Option<&'static str> {
    let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].into_iter().find(|p| std::path::Path::new(p).exists());
    let driver = std::path::Path::new("/usr/bin/chromedriver").exists();
    match (chromium, driver) {
        (Some(chromium), true) => Some(chromium),
        _ if std::env::var("MODCITE_REQUIRE_BROWSER").as_deref() == Ok("1") => {
            panic!("chromium and chromedriver are required (apt-get install chromium chromium-driver)")
        }
        _ => {
            eprintln!("SKIPPED browser test: install chromium and chromium-driver to run it");
            None
        }
    }
}

fn drive_browser(chromium: &str, server: &Server, token: Option<&str>, screenshot: &str) {
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
    let mut args = vec!["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,1600"];
    if token.is_some() {
        // The certificate is the test's own, trusted by nothing.
        args.push("--ignore-certificate-errors");
    }
    let session = call(
        "POST",
        "/session",
        serde_json::json!({"capabilities": {"alwaysMatch": {"goog:chromeOptions": {"binary": chromium, "args": args}}}}),
    );
    let sid = session["value"]["sessionId"].as_str().unwrap().to_string();
    let s = |p: &str| format!("/session/{sid}{p}");
    call("POST", &s("/url"), serde_json::json!({"url": format!("{}/", server.base)}));
    let find_all = |css: &str| -> Vec<String> {
        let v = call("POST", &s("/elements"), serde_json::json!({"using": "css selector", "value": css}));
        v["value"].as_array().unwrap().iter().map(|e| e.as_object().unwrap().values().next().unwrap().as_str().unwrap().to_string()).collect()
    };
    let find = |css: &str| -> String { find_all(css).into_iter().next().unwrap_or_else(|| panic!("no {css} on the page")) };
    let note = std::fs::read_to_string("examples/staged-tka.txt").unwrap();
    let area = find("#note");
    call("POST", &s(&format!("/element/{area}/value")), serde_json::json!({"text": note}));
    let codes = find("#codes");
    call("POST", &s(&format!("/element/{codes}/value")), serde_json::json!({"text": "27447:left"}));
    let button = find("#suggest");
    call("POST", &s(&format!("/element/{button}/click")), serde_json::json!({}));

    if let Some(token) = token {
        let field = find("#token");
        let mut shown = false;
        for _ in 0..100 {
            if call("GET", &s(&format!("/element/{field}/displayed")), serde_json::json!({}))["value"] == true {
                shown = true;
                break;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        assert!(shown, "the page asks for a token after a 401");
        call("POST", &s(&format!("/element/{field}/value")), serde_json::json!({"text": token}));
        let save = find("#token-save");
        call("POST", &s(&format!("/element/{save}/click")), serde_json::json!({}));
    }

    let mut marks = Vec::new();
    let mut rec = String::new();
    for _ in 0..100 {
        let ids = find_all("mark.supports");
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
    std::fs::write(target.join(screenshot), png).unwrap();
    call("DELETE", &s(""), serde_json::json!({}));

    assert!(rec.contains("58"), "recommendation shown: {rec:?}");
    assert!(marks.iter().any(|m| m == "second stage" || m == "staged"), "highlighted trigger phrase: {marks:?}");
}
