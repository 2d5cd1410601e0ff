//! Load check for `modcite serve` as a team deploys it (tokens and TLS).
//!
//! Starts the release binary with a fresh self-signed certificate and one
//! token per client, then, in the same run:
//!   1. baseline: one client, requests one after another, nothing else open;
//!   2. load: 16 clients (own token and keep-alive TLS connection each)
//!      posting the bundled example as fast as they can, while 20 stalled
//!      connections sit open (10 sending half a request header and stopping,
//!      10 opening TCP and never starting the TLS handshake).
//! Reports requests, errors, throughput, p50/p90/p99/max latency and the
//! load p99 as a multiple of the baseline p50; exits 1 on any error (a
//! non-200 answer or a failed request).
//!
//! Run: `cargo bench --bench serve_load` (LOAD_SECONDS=10 by default; the binary
//! must be built: `cargo build --release`). The rate limit is turned off
//! (`--rate-limit 0`): this measures capacity, not the limiter.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

const CLIENTS: usize = 16;
const STALLED: usize = 20;

fn main() {
    let seconds: u64 = std::env::var("LOAD_SECONDS").ok().and_then(|s| s.parse().ok()).unwrap_or(10);
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let bin = root.join("target/release/modcite");
    assert!(bin.exists(), "build first: cargo build --release");
    let dir = tempfile::tempdir().unwrap();
    let tokens: Vec<String> = (0..CLIENTS).map(|i| format!("load-client-{i:02}-0123456789abcdef")).collect();
    std::fs::write(dir.path().join("tokens.txt"), tokens.join("\n")).unwrap();
    let generated = rcgen::generate_simple_self_signed(vec!["localhost".to_string(), "127.0.0.1".to_string()]).unwrap();
    std::fs::write(dir.path().join("cert.pem"), generated.cert.pem()).unwrap();
    std::fs::write(dir.path().join("key.pem"), generated.signing_key.serialize_pem()).unwrap();

    let mut child = Command::new(&bin)
        .args(["serve", "--port", "0", "--quiet", "--rate-limit", "0"])
        .arg("--tokens")
        .arg(dir.path().join("tokens.txt"))
        .arg("--tls-cert")
        .arg(dir.path().join("cert.pem"))
        .arg("--tls-key")
        .arg(dir.path().join("key.pem"))
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let base = line.split_whitespace().find(|w| w.starts_with("https://")).unwrap().trim_end_matches('/').to_string();
    let addr = base.trim_start_matches("https://").to_string();

    let mut roots = rustls::RootCertStore::empty();
    roots.add(rustls::pki_types::CertificateDer::from(generated.cert.der().to_vec())).unwrap();
    let tls = Arc::new(
        rustls::ClientConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_root_certificates(roots)
            .with_no_client_auth(),
    );
    let note = std::fs::read_to_string(root.join("examples/staged-tka.txt")).unwrap();
    let body = serde_json::json!({"id": "load", "note": note, "procedures": [{"code": "27447", "laterality": "left"}]}).to_string();
    let url = format!("{base}/api/suggest");
    let duration = Duration::from_secs(seconds);

    let baseline = run_clients(1, duration / 2, &tls, &url, &body, &tokens);

    let mut stalled = Vec::new();
    for i in 0..STALLED {
        let mut socket = TcpStream::connect(&addr).unwrap();
        if i % 2 == 0 {
            // Half a request header, then silence (on a TLS port this is a bad handshake).
            let _ = socket.write_all(b"POST /api/suggest HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        }
        stalled.push(socket);
    }
    let load = run_clients(CLIENTS, duration, &tls, &url, &body, &tokens);
    drop(stalled);
    let _ = child.kill();
    let _ = child.wait();

    println!("modcite serve load check (TLS, bearer tokens, {} cores)", std::thread::available_parallelism().map_or(1, |n| n.get()));
    baseline.print("baseline: 1 client");
    load.print(&format!("load: {CLIENTS} clients + {STALLED} stalled connections"));
    println!("load p99 = {:.1}x baseline p50", load.percentile(99.0) / baseline.percentile(50.0));
    if baseline.errors + load.errors > 0 {
        eprintln!("FAILED: {} errors", baseline.errors + load.errors);
        std::process::exit(1);
    }
}

struct Outcome {
    latencies_ms: Vec<f64>,
    errors: usize,
    wall: Duration,
}

impl Outcome {
    fn percentile(&self, p: f64) -> f64 {
        if self.latencies_ms.is_empty() {
            return f64::NAN;
        }
        let rank = ((p / 100.0) * (self.latencies_ms.len() - 1) as f64).round() as usize;
        self.latencies_ms[rank]
    }

    fn print(&self, label: &str) {
        let n = self.latencies_ms.len();
        println!(
            "{label}: {n} requests, {} errors, {:.0} req/s; latency ms p50 {:.2} p90 {:.2} p99 {:.2} max {:.2}",
            self.errors,
            n as f64 / self.wall.as_secs_f64(),
            self.percentile(50.0),
            self.percentile(90.0),
            self.percentile(99.0),
            self.latencies_ms.last().copied().unwrap_or(f64::NAN)
        );
    }
}

fn run_clients(n: usize, duration: Duration, tls: &Arc<rustls::ClientConfig>, url: &str, body: &str, tokens: &[String]) -> Outcome {
    let started = Instant::now();
    let handles: Vec<_> = (0..n)
        .map(|i| {
            let agent = ureq::AgentBuilder::new().tls_config(tls.clone()).timeout(Duration::from_secs(30)).build();
            let (url, body, token) = (url.to_string(), body.to_string(), format!("Bearer {}", tokens[i]));
            std::thread::spawn(move || {
                let mut latencies = Vec::new();
                let mut errors = 0;
                while started.elapsed() < duration {
                    let t = Instant::now();
                    let answered = agent.post(&url).set("Authorization", &token).send_string(&body);
                    match answered.map(|r| (r.status(), r.into_string())) {
                        Ok((200, Ok(_))) => latencies.push(t.elapsed().as_secs_f64() * 1e3),
                        _ => errors += 1,
                    }
                }
                (latencies, errors)
            })
        })
        .collect();
    let mut outcome = Outcome { latencies_ms: Vec::new(), errors: 0, wall: Duration::ZERO };
    for h in handles {
        let (l, e) = h.join().unwrap();
        outcome.latencies_ms.extend(l);
        outcome.errors += e;
    }
    outcome.wall = started.elapsed();
    outcome.latencies_ms.sort_by(f64::total_cmp);
    outcome
}
