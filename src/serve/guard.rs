//! What `modcite serve` checks before a request reaches the analyzer: the
//! `Host` header (against DNS rebinding), and each client's request rate.

use std::net::IpAddr;
use std::num::NonZeroU32;

use governor::{clock::Clock, DefaultKeyedRateLimiter, Quota};

/// Which `Host` headers the server answers.
///
/// A DNS-rebinding attack makes a browser send requests for the attacker's
/// name (`Host: evil.example`) to this server. So the server answers only an
/// IP literal (which no DNS answer can rebind), `localhost` when it listens on
/// loopback, and the names given with `--allow-host`.
#[derive(Debug, Clone)]
pub struct HostPolicy {
    allow_localhost: bool,
    names: Vec<String>,
}

impl HostPolicy {
    /// The policy for a server bound to `bind`, also answering `names`.
    pub fn new(bind: IpAddr, names: &[String]) -> HostPolicy {
        let names = names.iter().map(|n| normalize(n).to_string()).collect();
        HostPolicy { allow_localhost: bind.is_loopback(), names }
    }

    /// Whether a request with this `Host` header value is answered.
    pub fn allows(&self, host_header: &str) -> bool {
        let host = host_without_port(host_header.trim());
        if host.is_empty() {
            return false;
        }
        if host.parse::<IpAddr>().is_ok() {
            return true;
        }
        let name = normalize(host);
        (self.allow_localhost && name == "localhost") || self.names.contains(&name)
    }
}

fn normalize(name: &str) -> String {
    name.trim().trim_end_matches('.').to_ascii_lowercase()
}

/// `example.org:8443` → `example.org`; `[::1]:80` → `::1`.
fn host_without_port(host: &str) -> &str {
    if let Some(rest) = host.strip_prefix('[') {
        return match rest.split_once(']') {
            Some((inside, after)) if after.is_empty() || is_port(after) => inside,
            _ => "",
        };
    }
    match host.rsplit_once(':') {
        Some((name, port)) if is_port(&format!(":{port}")) && !name.contains(':') => name,
        Some(_) if host.parse::<IpAddr>().is_ok() => host,
        Some(_) => "",
        None => host,
    }
}

fn is_port(colon_port: &str) -> bool {
    colon_port.strip_prefix(':').is_some_and(|p| !p.is_empty() && p.len() <= 5 && p.bytes().all(|b| b.is_ascii_digit()))
}

/// Who a request counts against: the token it presented, or, without a valid
/// token, the address it came from.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Client {
    /// The n-th token (1-based) of the token file.
    Token(usize),
    /// An address without a valid token.
    Addr(IpAddr),
}

impl std::fmt::Display for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Client::Token(n) => write!(f, "token#{n}"),
            Client::Addr(ip) => write!(f, "{ip}"),
        }
    }
}

/// A per-client request budget: `per_minute` requests a minute, in bursts of
/// up to the same number.
pub struct RateLimit {
    limiter: DefaultKeyedRateLimiter<Client>,
}

impl RateLimit {
    /// A budget of `per_minute` requests per client per minute.
    pub fn per_minute(per_minute: NonZeroU32) -> RateLimit {
        RateLimit { limiter: DefaultKeyedRateLimiter::keyed(Quota::per_minute(per_minute)) }
    }

    /// Spends one request of `client`'s budget; `Err(seconds)` says how long
    /// until the next request is allowed (at least 1).
    pub fn check(&self, client: &Client) -> Result<(), u64> {
        self.limiter.check_key(client).map_err(|not_until| {
            let wait = not_until.wait_time_from(governor::clock::DefaultClock::default().now());
            wait.as_secs().max(1)
        })
    }

    /// Forgets clients whose budget is full again (keeps memory bounded).
    pub fn forget_idle(&self) {
        self.limiter.retain_recent();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_server_answers_its_addresses_and_localhost_only() {
        let policy = HostPolicy::new("127.0.0.1".parse().unwrap(), &[]);
        for ok in ["127.0.0.1:8617", "127.0.0.1", "localhost:8617", "LOCALHOST", "[::1]:8617", "localhost.:80"] {
            assert!(policy.allows(ok), "{ok}");
        }
        for bad in ["evil.example", "evil.example:8617", "localhost.evil.example", "", ":8617", "[::1", "a:b:c"] {
            assert!(!policy.allows(bad), "{bad}");
        }
    }

    #[test]
    fn named_hosts_are_answered_and_localhost_is_not_on_a_public_bind() {
        let policy = HostPolicy::new("0.0.0.0".parse().unwrap(), &["Scribe.Clinic.Example".into()]);
        assert!(policy.allows("scribe.clinic.example:8443"));
        assert!(policy.allows("10.1.2.3:8443"));
        assert!(!policy.allows("localhost:8443"));
        assert!(!policy.allows("other.clinic.example"));
    }

    #[test]
    fn rate_limit_counts_each_client_separately() {
        let limit = RateLimit::per_minute(NonZeroU32::new(2).unwrap());
        let a = Client::Token(1);
        let b = Client::Addr("10.0.0.1".parse().unwrap());
        assert!(limit.check(&a).is_ok() && limit.check(&a).is_ok());
        let wait = limit.check(&a).unwrap_err();
        assert!((1..=30).contains(&wait), "{wait}");
        assert!(limit.check(&b).is_ok(), "another client keeps its budget");
    }
}
