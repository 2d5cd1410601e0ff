//! `modcite serve`: a local web page to paste a note and see the answer, and
//! `POST /api/suggest` taking and returning the records.md JSON.
//!
//! Binds loopback unless the caller names another address. The page and its
//! assets are embedded (works offline). Request bodies are limited (413); bad
//! JSON gets a 400 with a message. Logs name the method, path, status and
//! time, never the note.

use std::io::Read;
use std::net::SocketAddr;
use std::sync::Arc;

use tiny_http::{Header, Method, Request, Response, Server};

use crate::analyze::{Analyzer, Options};
use crate::encounter::Encounter;

/// The page, embedded.
pub const PAGE: &str = include_str!("serve_page.html");

/// Server settings.
#[derive(Debug, Clone)]
pub struct ServeConfig {
    /// Address to bind.
    pub addr: SocketAddr,
    /// Largest accepted request body, in bytes.
    pub max_body: usize,
    /// Log requests (method, path, status, ms) to stderr.
    pub log: bool,
}

/// A running server.
pub struct Running {
    server: Arc<Server>,
    /// The bound address (port 0 resolves to the real port).
    pub addr: SocketAddr,
}

/// Errors starting the server.
#[derive(Debug, thiserror::Error)]
#[error("cannot listen on {addr}: {message}")]
pub struct ServeError {
    addr: SocketAddr,
    message: String,
}

/// Binds the address.
pub fn bind(config: &ServeConfig) -> Result<Running, ServeError> {
    let server = Server::http(config.addr).map_err(|e| ServeError { addr: config.addr, message: e.to_string() })?;
    let addr = server.server_addr().to_ip().unwrap_or(config.addr);
    Ok(Running { server: Arc::new(server), addr })
}

fn error_body(kind: &str, message: &str) -> String {
    serde_json::json!({"error": {"kind": kind, "message": message}}).to_string()
}

/// Serves requests until the process ends.
pub fn run(running: Running, analyzer: Arc<Analyzer>, config: &ServeConfig) {
    let max_body = config.max_body;
    let log = config.log;
    for request in running.server.incoming_requests() {
        let analyzer = analyzer.clone();
        std::thread::spawn(move || handle(request, &analyzer, max_body, log));
    }
}

fn handle(mut request: Request, analyzer: &Analyzer, max_body: usize, log: bool) {
    let started = std::time::Instant::now();
    let method = request.method().clone();
    let path = request.url().split('?').next().unwrap_or("/").to_string();
    let (status, body, content_type) = route(&mut request, &method, &path, analyzer, max_body);
    let header = Header::from_bytes("Content-Type", content_type).expect("static header");
    let response = Response::from_string(body)
        .with_status_code(status)
        .with_header(header)
        .with_header(Header::from_bytes("Cache-Control", "no-store").expect("static header"))
        .with_header(Header::from_bytes("X-Content-Type-Options", "nosniff").expect("static header"));
    let _ = request.respond(response);
    if log {
        eprintln!("modcite serve: {method} {path} {status} {}ms", started.elapsed().as_millis());
    }
}

/// Routes one request to (status, body, content type).
fn route(request: &mut Request, method: &Method, path: &str, analyzer: &Analyzer, max_body: usize) -> (u16, String, &'static str) {
    const JSON: &str = "application/json; charset=utf-8";
    match (method, path) {
        (Method::Get, "/") | (Method::Get, "/index.html") => (200, PAGE.to_string(), "text/html; charset=utf-8"),
        (Method::Get, "/api/health") => (200, "{\"status\":\"ok\"}".into(), JSON),
        (Method::Post, "/api/suggest") => {
            if request.body_length().is_some_and(|n| n > max_body) {
                return (413, error_body("body_too_large", &format!("request body exceeds {max_body} bytes")), JSON);
            }
            let mut body = Vec::new();
            if let Err(e) = request.as_reader().take(max_body as u64 + 1).read_to_end(&mut body) {
                return (400, error_body("io", &format!("could not read the request body: {}", e.kind())), JSON);
            }
            if body.len() > max_body {
                return (413, error_body("body_too_large", &format!("request body exceeds {max_body} bytes")), JSON);
            }
            match suggest_json(analyzer, &body) {
                Ok(json) => (200, json, JSON),
                Err((kind, message)) => (400, error_body(kind, &message), JSON),
            }
        }
        (_, "/" | "/index.html" | "/api/health" | "/api/suggest") => {
            (405, error_body("method_not_allowed", "method not allowed"), JSON)
        }
        _ => (404, error_body("not_found", "no such page"), JSON),
    }
}

/// The API: encounter JSON bytes in, result JSON out (exactly as
/// `modcite suggest --format json` prints it). A pasted HL7 v2 message or
/// FHIR Bundle is answered by [`crate::interop::api_answer`].
pub fn suggest_json(analyzer: &Analyzer, body: &[u8]) -> Result<String, (&'static str, String)> {
    let text = std::str::from_utf8(body).map_err(|e| ("invalid_utf8", format!("body is not UTF-8 (byte {})", e.valid_up_to())))?;
    if let Some(answer) = crate::interop::api_answer(analyzer, text) {
        return answer;
    }
    let enc = Encounter::from_json(text).map_err(|e| (e.kind(), e.to_string()))?;
    let result = analyzer.analyze(enc, Options::default()).map_err(|e| (e.kind(), e.to_string()))?;
    Ok(crate::output::to_json_pretty(&result) + "\n")
}
