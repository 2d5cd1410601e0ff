//! Token patterns: a small word-level pattern language for lexicon authors,
//! compiled to the regular expressions the matcher already runs.
//!
//! Phrase lists enumerate wordings; token patterns describe them. A pattern is
//! a sequence of tokens separated by spaces, matched on the folded note view
//! (lower case, whitespace collapsed), whole words only, inside one sentence:
//!
//! | token | matches |
//! | --- | --- |
//! | `word` | that word |
//! | `stag*` | any word starting `stag` (stage, staged, staging) |
//! | `{a\|b c\|d}` | one of the alternatives (each may be several words) |
//! | `[a\|b]` | optionally one of the alternatives |
//! | `@name` | any entry of the word class `name` (`[[class]]` in a lexicon) |
//! | `_2` / `_0-3` | a gap of exactly 2 / of 0 to 3 other words (at most 8) |
//! | `#` | a number: digits, with `:` or `.` parts (`12`, `05:42`, `2.5`) |
//!
//! Between two tokens the text may have a space and light punctuation
//! (`, : ( ) "`); a gap never crosses `.`, `;`, `!` or `?`. So
//! `{stage|staged|staging} _0-3 {knee|knees|hips|side}` finds "we elected to
//! stage the knees" and "staging her hips", and `@two stage` with a class
//! `two = ["second", "2nd", "ii", "2", "two"]` finds "2nd stage".
//!
//! ```
//! use std::collections::HashMap;
//! let classes = HashMap::from([("two".to_string(), vec!["second".to_string(), "ii".to_string()])]);
//! let re = modcite::tokens::compile("stage @two", &classes).unwrap();
//! assert!(regex::Regex::new(&re).unwrap().is_match("for stage ii reconstruction"));
//! ```

use std::collections::HashMap;
use std::fmt::Write as _;

/// What may stand between two tokens: a space and light punctuation.
const SEP: &str = r#"[ ,:()"]{1,4}"#;
/// One word of a gap: anything but spaces and sentence punctuation.
const GAP_WORD: &str = r#"[^ \n.;!?,:()"]+"#;
/// The longest gap a pattern may ask for.
const MAX_GAP: u32 = 8;

/// A token pattern that cannot be compiled, with the reason.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("token pattern {pattern:?}: {reason}")]
pub struct TokenError {
    /// The pattern as written.
    pub pattern: String,
    /// What is wrong.
    pub reason: String,
}

/// The first word of a token alternative as the note must hold it: the
/// leading run of ASCII word characters (`[0-9a-z_]`) of its first literal
/// word, which every match has as a whole ASCII word (`prefix`: as the start
/// of one, for an inflection `stag*`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct WordHead {
    /// The folded characters.
    pub text: String,
    /// Whether a longer word starting with `text` also counts.
    pub prefix: bool,
}

#[derive(Debug, PartialEq)]
enum Token {
    /// Alternatives, each a regex fragment with its head (`None`: a number);
    /// optional when `bool`.
    Words(Vec<(String, Option<WordHead>)>, bool),
    /// A gap of `min..=max` words.
    Gap(u32, u32),
}

/// Compiles a token pattern to a regular expression over the folded view.
pub fn compile(pattern: &str, classes: &HashMap<String, Vec<String>>) -> Result<String, TokenError> {
    let err = |reason: String| TokenError { pattern: pattern.to_string(), reason };
    let tokens = parse(pattern, classes).map_err(err)?;
    match (tokens.first(), tokens.last()) {
        (None, _) => return Err(err("empty pattern".into())),
        (Some(Token::Gap(..)), _) | (_, Some(Token::Gap(..))) => {
            return Err(err("a gap cannot open or close a pattern".into()))
        }
        (Some(Token::Words(_, true)), _) | (_, Some(Token::Words(_, true))) => {
            return Err(err("an optional token cannot open or close a pattern".into()))
        }
        _ => {}
    }
    let mut out = String::from(r"\b");
    // Whether the text written so far ends in a word (the next token needs a
    // separator) or in a separator (after a gap or an optional token).
    let mut need_sep = false;
    for t in &tokens {
        if need_sep {
            out.push_str(SEP);
        }
        match t {
            Token::Words(alts, false) => {
                let _ = write!(out, "(?:{})", fragments(alts));
                need_sep = true;
            }
            Token::Words(alts, true) => {
                let _ = write!(out, "(?:(?:{}){SEP})?", fragments(alts));
                need_sep = false;
            }
            Token::Gap(min, max) => {
                let _ = write!(out, "(?:{GAP_WORD}{SEP}){{{min},{max}}}");
                need_sep = false;
            }
        }
    }
    out.push_str(r"\b");
    Ok(out)
}

fn fragments(alts: &[(String, Option<WordHead>)]) -> String {
    alts.iter().map(|(fragment, _)| fragment.as_str()).collect::<Vec<_>>().join("|")
}

/// The words a note must hold for `pattern` to match in it: for each token
/// that is not optional and not a number, one of its alternatives' heads.
/// A matcher uses this to skip, for one note, patterns that cannot match.
pub fn required_words(pattern: &str, classes: &HashMap<String, Vec<String>>) -> Result<Vec<Vec<WordHead>>, TokenError> {
    let tokens = parse(pattern, classes).map_err(|reason| TokenError { pattern: pattern.to_string(), reason })?;
    Ok(tokens
        .into_iter()
        .filter_map(|t| match t {
            Token::Words(alts, false) => alts.into_iter().map(|(_, head)| head).collect::<Option<Vec<_>>>(),
            _ => None,
        })
        .collect())
}

fn parse(pattern: &str, classes: &HashMap<String, Vec<String>>) -> Result<Vec<Token>, String> {
    let mut tokens = Vec::new();
    let mut rest = pattern.trim();
    while !rest.is_empty() {
        let (token, tail) = if let Some(inner) = rest.strip_prefix('{') {
            let end = inner.find('}').ok_or("unclosed `{`")?;
            (Token::Words(alternatives(&inner[..end])?, false), &inner[end + 1..])
        } else if let Some(inner) = rest.strip_prefix('[') {
            let end = inner.find(']').ok_or("unclosed `[`")?;
            (Token::Words(alternatives(&inner[..end])?, true), &inner[end + 1..])
        } else {
            let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
            (single(&rest[..end], classes)?, &rest[end..])
        };
        if let Some(Token::Gap(..)) = tokens.last() {
            if matches!(token, Token::Gap(..)) {
                return Err("two gaps in a row".into());
            }
        }
        tokens.push(token);
        if !tail.is_empty() && !tail.starts_with(char::is_whitespace) {
            return Err(format!("expected a space before {:?}", tail.chars().next().unwrap_or(' ')));
        }
        rest = tail.trim_start();
    }
    Ok(tokens)
}

fn single(word: &str, classes: &HashMap<String, Vec<String>>) -> Result<Token, String> {
    if let Some(name) = word.strip_prefix('@') {
        let entries = classes.get(name).ok_or_else(|| format!("unknown word class `@{name}`"))?;
        let alts = entries.iter().map(|e| sequence(e)).collect::<Result<Vec<_>, _>>()?;
        return Ok(Token::Words(alts, false));
    }
    if word == "#" {
        return Ok(Token::Words(vec![(r"[0-9]+(?:[:.][0-9]+)?".to_string(), None)], false));
    }
    if let Some(range) = word.strip_prefix('_') {
        let (min, max) = match range.split_once('-') {
            Some((a, b)) => (a.parse::<u32>(), b.parse::<u32>()),
            None => (range.parse::<u32>(), range.parse::<u32>()),
        };
        let (Ok(min), Ok(max)) = (min, max) else { return Err(format!("gap `{word}` is not `_N` or `_N-M`")) };
        if min > max || max > MAX_GAP || max == 0 {
            return Err(format!("gap `{word}` must be between 1 and {MAX_GAP} words at most, min <= max"));
        }
        return Ok(Token::Gap(min, max));
    }
    Ok(Token::Words(vec![sequence(word)?], false))
}

fn alternatives(inner: &str) -> Result<Vec<(String, Option<WordHead>)>, String> {
    // `split` yields at least one piece; an empty one is refused by `sequence`.
    inner.split('|').map(sequence).collect()
}

/// Several literal words in a row, as one regex fragment, with the head of
/// the first.
fn sequence(words: &str) -> Result<(String, Option<WordHead>), String> {
    let parts: Vec<String> = words.split_whitespace().map(literal).collect::<Result<_, _>>()?;
    if parts.is_empty() {
        return Err("empty alternative".into());
    }
    let first = words.split_whitespace().next().unwrap_or_default();
    Ok((parts.join(SEP), Some(head(first))))
}

/// The head of a literal word (checked by [`literal`] to start with an ASCII
/// letter or digit).
fn head(word: &str) -> WordHead {
    let (stem, inflected) = match word.strip_suffix('*') {
        Some(s) => (s, true),
        None => (word, false),
    };
    let folded = crate::fold::fold_phrase(stem);
    let end = folded.bytes().position(|b| !(b.is_ascii_alphanumeric() || b == b'_')).unwrap_or(folded.len());
    WordHead { prefix: inflected && end == folded.len(), text: folded[..end].to_string() }
}

/// One literal word (folded like phrases), with a trailing `*` for inflections.
fn literal(word: &str) -> Result<String, String> {
    let (stem, prefix) = match word.strip_suffix('*') {
        Some(s) => (s, true),
        None => (word, false),
    };
    let folded = crate::fold::fold_phrase(stem);
    let ok_edge = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    if folded.is_empty() || folded.contains(' ') {
        return Err(format!("`{word}` is not a word"));
    }
    if !ok_edge(folded.chars().next()) || (!prefix && !ok_edge(folded.chars().next_back())) {
        return Err(format!("`{word}` must start and end with a letter or digit"));
    }
    if folded.contains(['{', '}', '[', ']', '|', '@', '*']) {
        return Err(format!("`{word}`: stray pattern character"));
    }
    let escaped = regex_syntax::escape(&folded);
    Ok(if prefix { format!("{escaped}[a-z]*") } else { escaped })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn classes() -> HashMap<String, Vec<String>> {
        HashMap::from([
            ("two".to_string(), vec!["second".into(), "2nd".into(), "ii".into(), "2".into(), "two".into()]),
            ("side".to_string(), vec!["other side".into(), "left".into()]),
        ])
    }

    fn finds(pattern: &str, text: &str) -> bool {
        let re = compile(pattern, &classes()).unwrap();
        regex::Regex::new(&re).unwrap().is_match(text)
    }

    #[test]
    fn inflections_gaps_and_alternatives() {
        let p = "stag* _0-3 {knee|knees|hips|side}";
        assert!(finds(p, "so we elected to stage the knees, right first"));
        assert!(finds(p, "staging her hips"));
        assert!(finds(p, "staged knee"));
        assert!(!finds(p, "stage the. knees"), "a gap does not cross a sentence end");
        assert!(!finds(p, "staged foo\nbar knee"), "nor a paragraph break");
        assert!(!finds(p, "stage one two three four knees"), "gap longer than 3");
        assert!(!finds(p, "backstage knee"), "whole words only");
    }

    #[test]
    fn classes_optional_tokens_and_punctuation() {
        assert!(finds("stage @two", "for stage ii reconstruction"));
        assert!(finds("@two stage", "the 2nd stage"));
        assert!(finds("back [now] for the @side", "back now for the other side"));
        assert!(finds("back [now] for the @side", "back for the left"));
        assert!(finds("knee replacement", "knee, replacement"));
        assert!(!finds("stage @two", "stage iii"));
        assert!(finds("today at #", "obtained today at 05:42, which"));
        assert!(!finds("today at #", "today at noon"));
    }

    #[test]
    fn bad_patterns_say_why() {
        let c = classes();
        for (p, why) in [
            ("", "empty"),
            ("_2 stage", "gap"),
            ("stage _0-9 knee", "between"),
            ("stage @nope", "unknown word class"),
            ("{stage|staged knee", "unclosed"),
            ("[the] stage", "optional"),
            ("stage _1 _2 knee", "two gaps"),
        ] {
            let e = compile(p, &c).unwrap_err();
            assert!(e.reason.contains(why), "{p:?}: {e}");
        }
    }
}
