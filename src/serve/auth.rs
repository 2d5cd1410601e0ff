//! Bearer tokens for `modcite serve`: where they come from (a file or the
//! `MODCITE_TOKENS` variable), how they are kept (SHA-256 digests only, so a
//! token file may hold digests instead of the secrets), and how a presented
//! token is checked (in constant time, against every known digest).
//!
//! A token file holds one token per line. Blank lines and lines starting with
//! `#` are skipped. A line `sha256:<64 hex digits>` is the digest of a token
//! (`printf %s "$TOKEN" | sha256sum`); any other line is the token itself and
//! must be at least [`MIN_TOKEN_LEN`] characters, so that a guessable word
//! cannot become a password by accident.

use std::path::Path;

use sha2::{Digest, Sha256};
use subtle::{ConditionallySelectable, ConstantTimeEq};

/// Shortest token accepted in clear (hashed lines carry no length).
pub const MIN_TOKEN_LEN: usize = 16;

/// The tokens a server accepts, as SHA-256 digests.
#[derive(Clone)]
pub struct Tokens {
    digests: Vec<[u8; 32]>,
}

impl std::fmt::Debug for Tokens {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Tokens({} entries)", self.digests.len())
    }
}

/// A token source that cannot be used. Messages name the source and the line,
/// never the token.
#[derive(Debug, thiserror::Error)]
pub enum TokenError {
    /// The file could not be read.
    #[error("cannot read token file {path}: {message}")]
    Read { path: String, message: String },
    /// A line is not a usable token.
    #[error("{source_name} line {line}: {problem}")]
    Line { source_name: String, line: usize, problem: &'static str },
    /// No tokens at all.
    #[error("{source_name} holds no tokens")]
    Empty { source_name: String },
}

impl Tokens {
    /// Reads a token file.
    pub fn from_file(path: &Path) -> Result<Tokens, TokenError> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| TokenError::Read { path: path.display().to_string(), message: e.kind().to_string() })?;
        Tokens::parse(&text, &path.display().to_string())
    }

    /// Reads tokens from a string (the `MODCITE_TOKENS` value: tokens separated
    /// by newlines or commas).
    pub fn from_env_value(value: &str) -> Result<Tokens, TokenError> {
        Tokens::parse(&value.replace(',', "\n"), "MODCITE_TOKENS")
    }

    /// Parses token lines; `source_name` names the source in errors.
    pub fn parse(text: &str, source_name: &str) -> Result<Tokens, TokenError> {
        let mut digests = Vec::new();
        for (i, raw) in text.lines().enumerate() {
            let line = raw.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let bad = |problem| TokenError::Line { source_name: source_name.to_string(), line: i + 1, problem };
            let digest = match line.strip_prefix("sha256:") {
                Some(hex) => parse_hex_digest(hex).ok_or_else(|| bad("a sha256: line needs 64 hex digits"))?,
                None if line.chars().count() < MIN_TOKEN_LEN => return Err(bad("token shorter than 16 characters")),
                None if line.chars().any(char::is_whitespace) => return Err(bad("token contains whitespace")),
                None => digest_of(line.as_bytes()),
            };
            digests.push(digest);
        }
        if digests.is_empty() {
            return Err(TokenError::Empty { source_name: source_name.to_string() });
        }
        Ok(Tokens { digests })
    }

    /// How many tokens are known.
    pub fn len(&self) -> usize {
        self.digests.len()
    }

    /// Always false: an empty set is refused when tokens are read.
    pub fn is_empty(&self) -> bool {
        self.digests.is_empty()
    }

    /// Checks a presented token. Returns the 1-based number of the matching
    /// token (its place among the tokens, used as the client's name in logs),
    /// or `None`. The presented token is hashed and compared with every digest
    /// in constant time; no comparison stops early, so the time taken does
    /// not tell how much of a token was right or which entry matched.
    pub fn check(&self, presented: &[u8]) -> Option<usize> {
        let wanted = digest_of(presented);
        let mut found = subtle::Choice::from(0);
        let mut number = 0u64;
        for (i, digest) in self.digests.iter().enumerate() {
            let same = digest.ct_eq(&wanted);
            number.conditional_assign(&(i as u64 + 1), same);
            found |= same;
        }
        bool::from(found).then_some(number as usize)
    }
}

/// Extracts the token from an `Authorization: Bearer <token>` header value.
pub fn bearer(header: &[u8]) -> Option<&[u8]> {
    let text = std::str::from_utf8(header).ok()?;
    let (scheme, token) = text.trim().split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then_some(token.as_bytes())
}

fn digest_of(token: &[u8]) -> [u8; 32] {
    Sha256::digest(token).into()
}

fn parse_hex_digest(hex: &str) -> Option<[u8; 32]> {
    let hex = hex.trim();
    if hex.len() != 64 || !hex.is_ascii() {
        return None;
    }
    let mut out = [0u8; 32];
    for (i, byte) in out.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).ok()?;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: &str = "alpha-0123456789abcdef";
    const B: &str = "bravo-0123456789abcdef";

    fn hex(d: [u8; 32]) -> String {
        d.iter().map(|b| format!("{b:02x}")).collect()
    }

    #[test]
    fn clear_and_hashed_lines_both_accept_their_token_and_name_its_place() {
        let file = format!("# team tokens\n{A}\n\nsha256:{}\n", hex(digest_of(B.as_bytes())));
        let tokens = Tokens::parse(&file, "tokens.txt").unwrap();
        assert_eq!(tokens.len(), 2);
        assert_eq!(tokens.check(A.as_bytes()), Some(1));
        assert_eq!(tokens.check(B.as_bytes()), Some(2));
    }

    #[test]
    fn wrong_prefix_suffix_and_empty_tokens_are_refused() {
        let tokens = Tokens::parse(&format!("{A}\n{B}"), "t").unwrap();
        for wrong in [&A[..A.len() - 1], &format!("{A}x"), "", "ALPHA-0123456789ABCDEF"] {
            assert_eq!(tokens.check(wrong.as_bytes()), None, "{wrong:?}");
        }
    }

    #[test]
    fn bad_lines_name_the_source_and_line_but_not_the_token() {
        let e = Tokens::parse(&format!("{A}\nshort\n"), "tokens.txt").unwrap_err().to_string();
        assert_eq!(e, "tokens.txt line 2: token shorter than 16 characters");
        let e = Tokens::parse("sha256:abc\n", "tokens.txt").unwrap_err().to_string();
        assert!(e.contains("line 1") && e.contains("64 hex"), "{e}");
        let e = Tokens::parse("# only a comment\n", "tokens.txt").unwrap_err().to_string();
        assert_eq!(e, "tokens.txt holds no tokens");
    }

    #[test]
    fn env_value_takes_commas_or_newlines() {
        let tokens = Tokens::from_env_value(&format!("{A},{B}")).unwrap();
        assert_eq!(tokens.check(B.as_bytes()), Some(2));
    }

    #[test]
    fn bearer_scheme_is_case_insensitive_and_needs_a_token() {
        assert_eq!(bearer(b"Bearer abc"), Some(&b"abc"[..]));
        assert_eq!(bearer(b"bearer   abc "), Some(&b"abc"[..]));
        assert_eq!(bearer(b"Basic abc"), None);
        assert_eq!(bearer(b"Bearer "), None);
        assert_eq!(bearer(b"\xff\xfe"), None);
    }
}
