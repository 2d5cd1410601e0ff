//! `modcite serve`: a web page to paste a note and see the answer, and
//! `POST /api/suggest` taking and returning the records.md JSON.
//!
//! On loopback it is as simple as a local tool. Anywhere else it must be
//! protected ([`check_exposure`]): bearer tokens ([`auth`]) on every API
//! request, and TLS ([`tls`], rustls) unless the operator says a proxy
//! terminates it. Every request is checked in this order: `Host` header
//! ([`guard::HostPolicy`], against DNS rebinding), token, the client's rate
//! budget ([`guard::RateLimit`], 429), then at most `max_concurrent` analyses
//! run at once (others wait their turn). Bodies are limited (413); slow
//! clients are cut off (headers 10 s, TLS handshake 10 s, body 30 s). The page
//! and its assets are embedded (works offline) and served with a strict
//! Content-Security-Policy. Logs name the client (token number or address),
//! method, path, status and time, never a body.

pub mod auth;
pub mod guard;
pub mod tls;

use std::convert::Infallible;
use std::net::{IpAddr, SocketAddr};
use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::header::{HeaderValue, AUTHORIZATION, CONNECTION, CONTENT_LENGTH, CONTENT_TYPE, HOST, TRANSFER_ENCODING};
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::sync::Semaphore;

use crate::analyze::{Analyzer, Options};
use crate::encounter::Encounter;
use auth::Tokens;
use guard::{Client, HostPolicy, RateLimit};

/// The page, embedded.
pub const PAGE: &str = include_str!("serve_page.html");
/// The page's script (served as `/app.js`; the CSP allows no inline script).
pub const PAGE_SCRIPT: &str = include_str!("serve_page.js");
/// The page's style sheet (served as `/app.css`).
pub const PAGE_STYLE: &str = include_str!("serve_page.css");

/// The Content-Security-Policy sent with every response: same-origin script,
/// style and fetch only; no frames, plugins, forms elsewhere or inline code.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; \
connect-src 'self'; form-action 'none'; base-uri 'none'; frame-ancestors 'none'";

const HEADER_TIMEOUT: Duration = Duration::from_secs(10);
const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);
const BODY_TIMEOUT: Duration = Duration::from_secs(30);
const QUEUE_TIMEOUT: Duration = Duration::from_secs(30);
const MAX_CONNECTIONS: usize = 1024;
/// How much of an oversized body is read and discarded before answering 413.
const DRAIN_LIMIT: usize = 16 * 1024 * 1024;

/// Server settings.
#[derive(Clone)]
pub struct ServeConfig {
    /// Address to bind.
    pub addr: SocketAddr,
    /// Largest accepted request body, in bytes.
    pub max_body: usize,
    /// Log requests (client, method, path, status, ms) to stderr.
    pub log: bool,
    /// Tokens required on API requests (`None`: no authentication).
    pub tokens: Option<Tokens>,
    /// TLS configuration (`None`: plain HTTP).
    pub tls: Option<Arc<rustls::ServerConfig>>,
    /// Plain HTTP off loopback, because a proxy in front terminates TLS.
    pub insecure_http: bool,
    /// Host names answered besides IP literals (and `localhost` on loopback).
    pub allowed_hosts: Vec<String>,
    /// Requests per minute per client (`None`: unlimited).
    pub rate_per_minute: Option<NonZeroU32>,
    /// Analyses running at once; more wait their turn.
    pub max_concurrent: usize,
}

impl ServeConfig {
    /// Loopback, no tokens, no TLS, 4 MiB bodies, 600 requests a minute per
    /// client, one analysis per core.
    pub fn local(addr: SocketAddr) -> ServeConfig {
        ServeConfig {
            addr,
            max_body: 4 * 1024 * 1024,
            log: true,
            tokens: None,
            tls: None,
            insecure_http: false,
            allowed_hosts: Vec::new(),
            rate_per_minute: NonZeroU32::new(600),
            max_concurrent: std::thread::available_parallelism().map_or(2, |n| n.get()),
        }
    }

    /// The URL scheme clients use.
    pub fn scheme(&self) -> &'static str {
        if self.tls.is_some() {
            "https"
        } else {
            "http"
        }
    }
}

/// The server would be reachable from other machines without the protection
/// that requires; names what is missing.
#[derive(Debug, thiserror::Error)]
#[error("refusing to serve on {addr}, which is not loopback, without {missing}")]
pub struct ExposureError {
    addr: IpAddr,
    missing: String,
}

/// Checks that a non-loopback bind has tokens and TLS (or an explicit
/// `--insecure-http` for a TLS-terminating proxy).
pub fn check_exposure(config: &ServeConfig) -> Result<(), ExposureError> {
    let ip = config.addr.ip();
    if ip.is_loopback() {
        return Ok(());
    }
    let mut missing = Vec::new();
    if config.tokens.is_none() {
        missing.push("authentication (--tokens FILE or MODCITE_TOKENS)");
    }
    if config.tls.is_none() && !config.insecure_http {
        missing.push("TLS (--tls-cert and --tls-key, or --insecure-http behind a TLS-terminating proxy)");
    }
    if missing.is_empty() {
        return Ok(());
    }
    Err(ExposureError { addr: ip, missing: missing.join(" and ") })
}

/// A bound listener, not yet serving.
pub struct Running {
    listener: std::net::TcpListener,
    /// The bound address (port 0 resolves to the real port).
    pub addr: SocketAddr,
}

/// Errors starting or running the server.
#[derive(Debug, thiserror::Error)]
#[error("cannot listen on {addr}: {message}")]
pub struct ServeError {
    addr: SocketAddr,
    message: String,
}

/// Binds the address.
pub fn bind(config: &ServeConfig) -> Result<Running, ServeError> {
    let fail = |e: std::io::Error| ServeError { addr: config.addr, message: e.to_string() };
    let listener = std::net::TcpListener::bind(config.addr).map_err(fail)?;
    listener.set_nonblocking(true).map_err(fail)?;
    let addr = listener.local_addr().map_err(fail)?;
    Ok(Running { listener, addr })
}

/// Everything a request handler reads.
struct Shared {
    analyzer: Arc<Analyzer>,
    config: ServeConfig,
    hosts: HostPolicy,
    rate: Option<RateLimit>,
    analyses: Semaphore,
}

/// Serves requests until the process ends.
pub fn run(running: Running, analyzer: Arc<Analyzer>, config: &ServeConfig) -> Result<(), ServeError> {
    let addr = running.addr;
    let fail = |e: std::io::Error| ServeError { addr, message: e.to_string() };
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().map_err(fail)?;
    let shared = Arc::new(Shared {
        analyzer,
        hosts: HostPolicy::new(config.addr.ip(), &config.allowed_hosts),
        rate: config.rate_per_minute.map(RateLimit::per_minute),
        analyses: Semaphore::new(config.max_concurrent.max(1)),
        config: config.clone(),
    });
    runtime.block_on(accept_loop(running.listener, shared)).map_err(fail)
}

async fn accept_loop(listener: std::net::TcpListener, shared: Arc<Shared>) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::from_std(listener)?;
    let acceptor = shared.config.tls.clone().map(tokio_rustls::TlsAcceptor::from);
    let connections = Arc::new(Semaphore::new(MAX_CONNECTIONS));
    let mut accepted: u64 = 0;
    loop {
        let (stream, peer) = match listener.accept().await {
            Ok(pair) => pair,
            Err(_) => {
                // Out of descriptors or a reset before accept: wait, go on.
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let Ok(permit) = connections.clone().try_acquire_owned() else { continue };
        accepted += 1;
        if accepted.is_multiple_of(1024) {
            if let Some(rate) = &shared.rate {
                rate.forget_idle();
            }
        }
        let shared = shared.clone();
        let acceptor = acceptor.clone();
        tokio::spawn(async move {
            let _permit = permit;
            let _ = stream.set_nodelay(true);
            match acceptor {
                Some(acceptor) => {
                    if let Ok(Ok(tls)) = tokio::time::timeout(HANDSHAKE_TIMEOUT, acceptor.accept(stream)).await {
                        serve_connection(TokioIo::new(tls), peer.ip(), shared).await;
                    }
                }
                None => serve_connection(TokioIo::new(stream), peer.ip(), shared).await,
            }
        });
    }
}

async fn serve_connection<I>(io: I, peer: IpAddr, shared: Arc<Shared>)
where
    I: hyper::rt::Read + hyper::rt::Write + Unpin + Send + 'static,
{
    let service = hyper::service::service_fn(move |request| {
        let shared = shared.clone();
        async move { Ok::<_, Infallible>(handle(request, peer, &shared).await) }
    });
    let _ = hyper::server::conn::http1::Builder::new()
        .timer(TokioTimer::new())
        .header_read_timeout(HEADER_TIMEOUT)
        .serve_connection(io, service)
        .await;
}

/// A response before the common headers are added.
struct Reply {
    status: StatusCode,
    body: Bytes,
    content_type: &'static str,
    retry_after: Option<u64>,
    /// Whether the request's body was read to its end. When it was not (a
    /// request refused before its body was read), the response closes the
    /// connection: unread bytes would otherwise be taken for the next
    /// request, and a client reusing the connection would meet its close.
    body_consumed: bool,
}

impl Reply {
    fn new(status: StatusCode, body: impl Into<Bytes>, content_type: &'static str) -> Reply {
        Reply { status, body: body.into(), content_type, retry_after: None, body_consumed: false }
    }

    fn error(status: StatusCode, kind: &str, message: &str) -> Reply {
        Reply::new(status, error_body(kind, message), JSON)
    }
}

const JSON: &str = "application/json; charset=utf-8";

fn error_body(kind: &str, message: &str) -> String {
    serde_json::json!({"error": {"kind": kind, "message": message}}).to_string()
}

async fn handle(request: Request<Incoming>, peer: IpAddr, shared: &Shared) -> Response<Full<Bytes>> {
    let started = Instant::now();
    let method = request.method().clone();
    let path = request.uri().path().to_string();
    let sends_body = has_body(&request);
    let (client, reply) = admit_and_route(request, peer, shared).await;
    let keep_alive = !sends_body || reply.body_consumed;
    if shared.config.log {
        eprintln!("modcite serve: {client} {method} {path} {} {}ms", reply.status.as_u16(), started.elapsed().as_millis());
    }
    let mut response = respond(reply, shared.config.tls.is_some());
    if !keep_alive {
        response.headers_mut().insert(CONNECTION, HeaderValue::from_static("close"));
    }
    response
}

/// Whether a request announces a body (a non-zero length or a chunked one).
fn has_body<B>(request: &Request<B>) -> bool {
    let headers = request.headers();
    headers.contains_key(TRANSFER_ENCODING) || headers.get(CONTENT_LENGTH).is_some_and(|v| v.as_bytes() != b"0")
}

/// The checks every request passes (host, token, rate), then the route.
async fn admit_and_route(request: Request<Incoming>, peer: IpAddr, shared: &Shared) -> (Client, Reply) {
    let anonymous = Client::Addr(peer);
    let host = request.headers().get(HOST).and_then(|h| h.to_str().ok()).unwrap_or("");
    if !shared.hosts.allows(host) {
        return (anonymous, Reply::error(StatusCode::MISDIRECTED_REQUEST, "unknown_host", "this server does not answer that host name"));
    }
    let needs_token = shared.config.tokens.is_some() && request.uri().path().starts_with("/api/");
    let client = match (&shared.config.tokens, needs_token) {
        (Some(tokens), true) => match request.headers().get(AUTHORIZATION).and_then(|h| auth::bearer(h.as_bytes())) {
            Some(token) => tokens.check(token).map_or(anonymous.clone(), Client::Token),
            None => anonymous.clone(),
        },
        _ => anonymous.clone(),
    };
    if let Some(rate) = &shared.rate {
        if let Err(wait) = rate.check(&client) {
            let mut reply = Reply::error(StatusCode::TOO_MANY_REQUESTS, "rate_limited", "too many requests; try again shortly");
            reply.retry_after = Some(wait);
            return (client, reply);
        }
    }
    if needs_token && client == anonymous {
        return (client, Reply::error(StatusCode::UNAUTHORIZED, "unauthorized", "a valid bearer token is required"));
    }
    let reply = route(request, shared).await;
    (client, reply)
}

async fn route(request: Request<Incoming>, shared: &Shared) -> Reply {
    let method = request.method().clone();
    match (&method, request.uri().path()) {
        (&Method::GET, "/" | "/index.html") => Reply::new(StatusCode::OK, PAGE, "text/html; charset=utf-8"),
        (&Method::GET, "/app.js") => Reply::new(StatusCode::OK, PAGE_SCRIPT, "text/javascript; charset=utf-8"),
        (&Method::GET, "/app.css") => Reply::new(StatusCode::OK, PAGE_STYLE, "text/css; charset=utf-8"),
        (&Method::GET, "/api/health") => Reply::new(StatusCode::OK, "{\"status\":\"ok\"}", JSON),
        (&Method::POST, "/api/suggest") => suggest(request, shared).await,
        (_, "/" | "/index.html" | "/app.js" | "/app.css" | "/api/health" | "/api/suggest") => {
            Reply::error(StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed", "method not allowed")
        }
        _ => Reply::error(StatusCode::NOT_FOUND, "not_found", "no such page"),
    }
}

async fn suggest(request: Request<Incoming>, shared: &Shared) -> Reply {
    let body = match tokio::time::timeout(BODY_TIMEOUT, read_body(request, shared.config.max_body)).await {
        Err(_) => return Reply::error(StatusCode::REQUEST_TIMEOUT, "timeout", "the request body did not arrive in time"),
        Ok(Err(reply)) => return reply,
        Ok(Ok(body)) => body,
    };
    let mut reply = analyze_body(body, shared).await;
    reply.body_consumed = true;
    reply
}

/// Answers a whole request body: analysis on the blocking pool, at most
/// as many at once as the server allows.
async fn analyze_body(body: Bytes, shared: &Shared) -> Reply {
    let Ok(Ok(permit)) = tokio::time::timeout(QUEUE_TIMEOUT, shared.analyses.acquire()).await else {
        return Reply::error(StatusCode::SERVICE_UNAVAILABLE, "busy", "the server is busy; try again shortly");
    };
    let analyzer = shared.analyzer.clone();
    let answer = tokio::task::spawn_blocking(move || suggest_json(&analyzer, &body)).await;
    drop(permit);
    match answer {
        Ok(Ok(json)) => Reply::new(StatusCode::OK, json, JSON),
        Ok(Err((kind, message))) => Reply::error(StatusCode::BAD_REQUEST, kind, &message),
        Err(_) => Reply::error(StatusCode::INTERNAL_SERVER_ERROR, "internal", "the analysis failed"),
    }
}

/// Reads a body of at most `max_body` bytes. A larger one is read on and
/// discarded (up to [`DRAIN_LIMIT`] more), so that the client, still sending,
/// gets to read the 413 instead of a broken connection.
async fn read_body(request: Request<Incoming>, max_body: usize) -> Result<Bytes, Reply> {
    let too_large = || Reply::error(StatusCode::PAYLOAD_TOO_LARGE, "body_too_large", &format!("request body exceeds {max_body} bytes"));
    let declared = request.headers().get(CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > (max_body + DRAIN_LIMIT) as u64) {
        return Err(too_large());
    }
    let mut body = request.into_body();
    let mut kept = Vec::new();
    let mut seen = 0usize;
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(|_| Reply::error(StatusCode::BAD_REQUEST, "io", "could not read the request body"))?;
        let Some(data) = frame.data_ref() else { continue };
        seen += data.len();
        if seen <= max_body {
            kept.extend_from_slice(data);
        } else if seen > max_body + DRAIN_LIMIT {
            break;
        }
    }
    if seen > max_body {
        return Err(too_large());
    }
    Ok(Bytes::from(kept))
}

/// Adds the headers every response carries.
fn respond(reply: Reply, tls: bool) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(reply.body));
    *response.status_mut() = reply.status;
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static(reply.content_type));
    for (name, value) in [
        ("cache-control", "no-store"),
        ("x-content-type-options", "nosniff"),
        ("referrer-policy", "no-referrer"),
        ("content-security-policy", CONTENT_SECURITY_POLICY),
        ("x-frame-options", "DENY"),
        ("cross-origin-opener-policy", "same-origin"),
        ("cross-origin-resource-policy", "same-origin"),
    ] {
        headers.insert(name, HeaderValue::from_static(value));
    }
    if tls {
        headers.insert("strict-transport-security", HeaderValue::from_static("max-age=31536000"));
    }
    if reply.status == StatusCode::UNAUTHORIZED {
        headers.insert("www-authenticate", HeaderValue::from_static("Bearer"));
    }
    if let Some(wait) = reply.retry_after {
        headers.insert("retry-after", HeaderValue::from(wait));
    }
    response
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
