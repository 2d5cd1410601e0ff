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
/// One word of a gap: anything but spaces and sentence punctuation, or a
/// decimal number ("a 1.4 cm nodular BCC").
const GAP_WORD: &str = r#"(?:[0-9]+\.[0-9]+|[^ \n.;!?,:()"]+)"#;
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
    /// Alternatives; optional when `bool`.
    Words(Vec<Alt>, bool),
    /// A gap of `min..=max` words.
    Gap(u32, u32),
}

/// A token pattern compiled: the regular expression over the folded view,
/// the same as a [`Program`], and the words a note must hold for it to match
/// (for each token that is not optional and not a number, one of its
/// alternatives' heads; a matcher uses them to skip, for one note, patterns
/// that cannot match).
#[derive(Debug, Clone)]
pub struct Compiled {
    /// The regular expression.
    pub regex: String,
    /// The backtracking program that finds what `regex` finds.
    pub program: Program,
    /// The words a note must hold.
    pub requires: Vec<Vec<WordHead>>,
}

/// Compiles a token pattern to a regular expression over the folded view.
pub fn compile(pattern: &str, classes: &HashMap<String, Vec<String>>) -> Result<String, TokenError> {
    compile_all(pattern, classes).map(|c| c.regex)
}

/// Compiles a token pattern to a [`Program`].
pub fn program(pattern: &str, classes: &HashMap<String, Vec<String>>) -> Result<Program, TokenError> {
    compile_all(pattern, classes).map(|c| c.program)
}

/// Compiles a token pattern to its regular expression, program and required
/// words, in one walk over its tokens.
pub fn compile_all(pattern: &str, classes: &HashMap<String, Vec<String>>) -> Result<Compiled, TokenError> {
    let tokens = checked_tokens(pattern, classes)?;
    let requires = tokens
        .iter()
        .filter_map(|t| match t {
            Token::Words(alts, false) => alts.iter().map(|a| a.head.clone()).collect::<Option<Vec<_>>>(),
            _ => None,
        })
        .collect();
    let mut regex = String::from(r"\b");
    let mut nodes = vec![Node::Boundary];
    // Whether what is written so far ends in a word (the next token needs a
    // separator) or in a separator (after a gap or an optional token).
    let mut need_sep = false;
    for t in tokens {
        if need_sep {
            regex.push_str(SEP);
            nodes.push(Node::Sep);
        }
        need_sep = matches!(t, Token::Words(_, false));
        match t {
            Token::Words(alts, optional) => {
                let alternatives = fragments(&alts);
                let alt = Node::Alt(alts.into_iter().map(|a| a.nodes).collect());
                if optional {
                    let _ = write!(regex, "(?:(?:{alternatives}){SEP})?");
                    nodes.push(Node::Optional(vec![alt, Node::Sep]));
                } else {
                    let _ = write!(regex, "(?:{alternatives})");
                    nodes.push(alt);
                }
            }
            Token::Gap(min, max) => {
                let _ = write!(regex, "(?:{GAP_WORD}{SEP}){{{min},{max}}}");
                nodes.push(Node::Repeat(vec![Node::GapWord, Node::Sep], min, max));
            }
        }
    }
    regex.push_str(r"\b");
    nodes.push(Node::Boundary);
    Ok(Compiled { regex, program: Program { nodes }, requires })
}

/// The tokens of a pattern that [`compile`] accepts.
fn checked_tokens(pattern: &str, classes: &HashMap<String, Vec<String>>) -> Result<Vec<Token>, TokenError> {
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
    Ok(tokens)
}

fn fragments(alts: &[Alt]) -> String {
    alts.iter().map(|a| a.fragment.as_str()).collect::<Vec<_>>().join("|")
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
        // "at ~10:45": a number may be marked approximate.
        let number = Alt { fragment: r"~?[0-9]+(?:[:.][0-9]+)?".to_string(), head: None, nodes: vec![Node::Number] };
        return Ok(Token::Words(vec![number], false));
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

fn alternatives(inner: &str) -> Result<Vec<Alt>, String> {
    // `split` yields at least one piece; an empty one is refused by `sequence`.
    inner.split('|').map(sequence).collect()
}

/// One alternative of a token: a regex fragment, the head of its first
/// word (`None` for a number) and the same as [`Node`]s.
#[derive(Debug, PartialEq)]
struct Alt {
    fragment: String,
    head: Option<WordHead>,
    nodes: Vec<Node>,
}

/// Several literal words in a row, as one alternative.
fn sequence(words: &str) -> Result<Alt, String> {
    let parts: Vec<(String, Node)> = words.split_whitespace().map(literal).collect::<Result<_, _>>()?;
    if parts.is_empty() {
        return Err("empty alternative".into());
    }
    let first = words.split_whitespace().next().unwrap_or_default();
    let fragment = parts.iter().map(|(f, _)| f.as_str()).collect::<Vec<_>>().join(SEP);
    let mut nodes = Vec::with_capacity(parts.len() * 2);
    for (i, (_, node)) in parts.into_iter().enumerate() {
        if i > 0 {
            nodes.push(Node::Sep);
        }
        nodes.push(node);
    }
    Ok(Alt { fragment, head: Some(head(first)), nodes })
}

/// The head of a literal word (checked by [`literal`] to start with an ASCII
/// letter or digit).
fn head(word: &str) -> WordHead {
    let (stem, inflected) = match word.strip_suffix('*') {
        Some(s) => (s, true),
        None => (word, false),
    };
    let folded = crate::fold::fold_phrase(stem);
    let end = folded.bytes().position(|b| !is_word_byte(b)).unwrap_or(folded.len());
    WordHead { prefix: inflected && end == folded.len(), text: folded[..end].to_string() }
}

/// Whether a folded word has the edges a token pattern's literal needs: it
/// starts with an ASCII letter or digit and, unless it is the stem of an
/// inflected word (`stag*`), ends with one or with a slash, as a shorthand
/// may ("w/ dr": a separator must follow it).
pub(crate) fn has_literal_edges(folded: &str, stem: bool) -> bool {
    let starts = folded.starts_with(|c: char| c.is_ascii_alphanumeric());
    starts && (stem || folded.ends_with(|c: char| c.is_ascii_alphanumeric() || c == '/'))
}

/// One literal word (folded like phrases), with a trailing `*` for
/// inflections: its regex fragment and node.
fn literal(word: &str) -> Result<(String, Node), String> {
    let (stem, prefix) = match word.strip_suffix('*') {
        Some(s) => (s, true),
        None => (word, false),
    };
    let folded = crate::fold::fold_phrase(stem);
    if folded.is_empty() || folded.contains(' ') {
        return Err(format!("`{word}` is not a word"));
    }
    if !has_literal_edges(&folded, prefix) {
        return Err(format!("`{word}` must start with a letter or digit and end with one (or `/`)"));
    }
    if folded.contains(['{', '}', '[', ']', '|', '@', '*']) {
        return Err(format!("`{word}`: stray pattern character"));
    }
    let escaped = regex_syntax::escape(&folded);
    Ok(if prefix {
        (format!("{escaped}[a-z]*"), Node::Inflected(folded))
    } else {
        (escaped, Node::Literal(folded))
    })
}

/// One element of a token pattern's [`Program`].
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
enum Node {
    /// An ASCII word boundary (`\b`).
    Boundary,
    /// One to four separator characters (`[ ,:()"]{1,4}`), as many as possible.
    Sep,
    /// A folded word, exactly.
    Literal(String),
    /// A folded stem and then as many `a`-`z` as follow (`stem[a-z]*`).
    Inflected(String),
    /// `[0-9]+(?:[:.][0-9]+)?`, greedy.
    Number,
    /// One of the alternatives, tried in order.
    Alt(Vec<Vec<Node>>),
    /// Optionally the nodes (tried with them first).
    Optional(Vec<Node>),
    /// The nodes repeated `min..=max` times (as many as possible first).
    Repeat(Vec<Node>, u32, u32),
    /// A gap word: bytes other than space, line feed and `.;!?,:()"`, as many as possible.
    GapWord,
}

/// A token pattern as a small backtracking program over the folded view.
///
/// It finds, at a given place, exactly the match its compiled regular
/// expression finds there (leftmost-first: alternatives in order, greedy
/// repetitions), without building an automaton: a one-note `suggest` runs
/// these instead of compiling a hundred expressions. The matcher's tests
/// compare the two on every note we have and on generated text.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Program {
    nodes: Vec<Node>,
}

/// A [`Program`] kept encoded until it first runs: the pre-built lexicon
/// holds a few hundred token patterns and one note runs a handful, so reading
/// the lexicon copies bytes instead of building every program's nodes.
#[derive(Debug, Clone)]
pub struct PackedProgram {
    bytes: Vec<u8>,
    program: std::sync::OnceLock<Program>,
}

impl PackedProgram {
    /// Encodes `program` (and keeps it, already decoded).
    pub fn new(program: Program) -> PackedProgram {
        let bytes = postcard::to_allocvec(&program).expect("a program encodes");
        PackedProgram { bytes, program: std::sync::OnceLock::from(program) }
    }

    /// The program, decoded on first use.
    pub fn get(&self) -> &Program {
        self.program.get_or_init(|| postcard::from_bytes(&self.bytes).expect("encoded by PackedProgram::new"))
    }
}

impl serde::Serialize for PackedProgram {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_bytes(&self.bytes)
    }
}

impl<'de> serde::Deserialize<'de> for PackedProgram {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<PackedProgram, D::Error> {
        struct Bytes;
        impl<'de> serde::de::Visitor<'de> for Bytes {
            type Value = Vec<u8>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an encoded token program")
            }
            fn visit_bytes<E: serde::de::Error>(self, v: &[u8]) -> Result<Vec<u8>, E> {
                Ok(v.to_vec())
            }
            fn visit_byte_buf<E: serde::de::Error>(self, v: Vec<u8>) -> Result<Vec<u8>, E> {
                Ok(v)
            }
        }
        let bytes = deserializer.deserialize_byte_buf(Bytes)?;
        Ok(PackedProgram { bytes, program: std::sync::OnceLock::new() })
    }
}

/// What the rest of a match must accept, from a position.
type Then<'k> = &'k mut dyn FnMut(usize) -> Option<usize>;

impl Program {
    /// The end of the match that begins at `at`, if one does.
    pub fn match_at(&self, hay: &[u8], at: usize) -> Option<usize> {
        Run { hay }.seq(&self.nodes, at, &mut Some)
    }
}

struct Run<'h> {
    hay: &'h [u8],
}

/// `[0-9A-Za-z_]`: what an ASCII `\b` counts as a word character.
pub(crate) fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

fn is_sep_byte(b: u8) -> bool {
    matches!(b, b' ' | b',' | b':' | b'(' | b')' | b'"')
}

fn is_gap_byte(b: u8) -> bool {
    !matches!(b, b' ' | b'\n' | b'.' | b';' | b'!' | b'?' | b',' | b':' | b'(' | b')' | b'"')
}

impl Run<'_> {
    /// How many bytes from `at` satisfy `ok`, at most `max`.
    fn run(&self, at: usize, max: usize, ok: impl Fn(u8) -> bool) -> usize {
        self.hay.get(at..).map_or(0, |rest| rest.iter().take(max).take_while(|&&b| ok(b)).count())
    }

    fn seq(&self, nodes: &[Node], at: usize, then: Then) -> Option<usize> {
        match nodes.split_first() {
            None => then(at),
            Some((first, rest)) => self.node(first, at, &mut |p| self.seq(rest, p, then)),
        }
    }

    /// Tries `then` after each length in `lengths` (longest first).
    fn longest_first(&self, at: usize, lengths: std::ops::RangeInclusive<usize>, then: Then) -> Option<usize> {
        lengths.rev().find_map(|n| then(at + n))
    }

    fn node(&self, node: &Node, at: usize, then: Then) -> Option<usize> {
        let hay = self.hay;
        match node {
            Node::Boundary => {
                let before = at > 0 && hay.get(at - 1).is_some_and(|&b| is_word_byte(b));
                let after = hay.get(at).is_some_and(|&b| is_word_byte(b));
                if before != after {
                    then(at)
                } else {
                    None
                }
            }
            Node::Sep => {
                let n = self.run(at, 4, is_sep_byte);
                if n == 0 {
                    return None;
                }
                self.longest_first(at, 1..=n, then)
            }
            Node::Literal(word) => hay.get(at..)?.starts_with(word.as_bytes()).then(|| then(at + word.len()))?,
            Node::Inflected(stem) => {
                if !hay.get(at..)?.starts_with(stem.as_bytes()) {
                    return None;
                }
                let from = at + stem.len();
                let n = self.run(from, usize::MAX, |b| b.is_ascii_lowercase());
                self.longest_first(from, 0..=n, then)
            }
            Node::Number => {
                let at = at + usize::from(hay.get(at) == Some(&b'~'));
                let digits = self.run(at, usize::MAX, |b| b.is_ascii_digit());
                (1..=digits).rev().find_map(|d| {
                    let after = at + d;
                    let fraction = match hay.get(after) {
                        Some(b':' | b'.') => self.run(after + 1, usize::MAX, |b| b.is_ascii_digit()),
                        _ => 0,
                    };
                    (1..=fraction).rev().find_map(|f| then(after + 1 + f)).or_else(|| then(after))
                })
            }
            Node::Alt(alts) => alts.iter().find_map(|alt| self.seq(alt, at, then)),
            Node::Optional(inner) => self.seq(inner, at, then).or_else(|| then(at)),
            Node::Repeat(inner, min, max) => self.repeat(inner, *min, *max, 0, at, then),
            Node::GapWord => {
                // A decimal number is one word: its point ends no sentence.
                let digits = self.run(at, usize::MAX, |b| b.is_ascii_digit());
                let decimal = if digits > 0 && hay.get(at + digits) == Some(&b'.') {
                    let fraction = self.run(at + digits + 1, usize::MAX, |b| b.is_ascii_digit());
                    (fraction > 0).then(|| then(at + digits + 1 + fraction)).flatten()
                } else {
                    None
                };
                if decimal.is_some() {
                    return decimal;
                }
                let n = self.run(at, usize::MAX, is_gap_byte);
                if n == 0 {
                    return None;
                }
                self.longest_first(at, 1..=n, then)
            }
        }
    }

    fn repeat(&self, inner: &[Node], min: u32, max: u32, done: u32, at: usize, then: Then) -> Option<usize> {
        if done < max {
            let more = self.seq(inner, at, &mut |p| if p > at { self.repeat(inner, min, max, done + 1, p, then) } else { None });
            if more.is_some() {
                return more;
            }
        }
        if done >= min {
            then(at)
        } else {
            None
        }
    }
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
    fn a_packed_program_read_back_finds_what_the_program_finds() {
        let compiled = compile_all("stag* _0-3 {knee|knees|hips|side}", &classes()).unwrap();
        let bytes = postcard::to_allocvec(&PackedProgram::new(compiled.program.clone())).unwrap();
        let read: PackedProgram = postcard::from_bytes(&bytes).unwrap();
        assert_eq!(read.get(), &compiled.program);
        let hay = b"so we elected to stage the knees, right first";
        assert_eq!(read.get().match_at(hay, 17), compiled.program.match_at(hay, 17));
        assert!(read.get().match_at(hay, 17).is_some());
    }

    #[test]
    fn a_decimal_number_is_one_gap_word() {
        let p = "excised {a|the} _0-3 {bcc|lesion}";
        assert!(finds(p, "i excised a 1.4 cm nodular bcc from the cheek"), "1.4 is one word, not a sentence end");
        assert!(!finds(p, "i excised a. bcc"), "a gap still does not cross a sentence end");
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

    mod programs {
        use super::*;
        use proptest::prelude::*;
        use regex_automata::{meta, util::syntax, Anchored, Input};

        const WORDS: [&str; 10] = ["back", "to", "the", "or", "staged", "stage", "knee", "2", "we", "a"];

        /// A token, and how one text instance renders it.
        #[derive(Debug, Clone)]
        enum Tok {
            Word(&'static str),
            Inflected(&'static str, &'static str),
            Alts(Vec<Vec<&'static str>>, usize),
            Optional(Vec<&'static str>, Option<usize>),
            Gap(u32, u32, Vec<&'static str>),
            Number(&'static str),
        }

        fn tok() -> impl Strategy<Value = Tok> {
            let word = prop::sample::select(WORDS.to_vec());
            prop_oneof![
                word.clone().prop_map(Tok::Word),
                (prop::sample::select(vec!["stag", "b", "kne"]), prop::sample::select(vec!["", "e", "ed", "ing", "s2"]))
                    .prop_map(|(s, x)| Tok::Inflected(s, x)),
                (prop::collection::vec(prop::collection::vec(word.clone(), 1..3), 1..4), 0usize..4)
                    .prop_map(|(alts, pick)| { let n = alts.len(); Tok::Alts(alts, pick % n) }),
                (prop::collection::vec(word.clone(), 1..3), prop::option::of(0usize..3))
                    .prop_map(|(alts, pick)| { let n = alts.len(); Tok::Optional(alts, pick.map(|p| p % n)) }),
                (0u32..3, 1u32..4, prop::collection::vec(prop::sample::select(vec!["x", "é", "2nd", "a-b", "the"]), 0..5))
                    .prop_map(|(a, b, words)| Tok::Gap(a.min(b), b, words)),
                prop::sample::select(vec!["12", "3.5", "05:42", "7.", "~10:45"]).prop_map(Tok::Number),
            ]
        }

        /// A pattern, and a text holding (most often) an instance of it.
        fn case() -> impl Strategy<Value = (String, String)> {
            let sep = prop::sample::select(vec![" ", " ", ", ", " (", "  ", ":", "     ", "\"", " )", "-", ".", " (\" ", "  , "]);
            (
                prop::sample::select(WORDS.to_vec()),
                prop::collection::vec((tok(), sep.clone()), 0..5),
                prop::sample::select(vec!["back", "knee", "the", "#3.5", "#12", "#05:42"]),
                sep.clone(),
                prop::sample::select(vec!["", "the ", "xé ", "b", ", "]),
                prop::sample::select(vec!["", " end.", "s", "_", ", back"]),
            )
                .prop_map(|(first, middle, last, last_sep, before, after)| {
                    let mut pattern = vec![first.to_string()];
                    let mut text = format!("{before}{first}");
                    for (t, sep) in &middle {
                        match t {
                            Tok::Word(w) => {
                                pattern.push(w.to_string());
                                text += &format!("{sep}{w}");
                            }
                            Tok::Inflected(stem, suffix) => {
                                pattern.push(format!("{stem}*"));
                                text += &format!("{sep}{stem}{suffix}");
                            }
                            Tok::Alts(alts, pick) => {
                                pattern.push(format!("{{{}}}", alts.iter().map(|a| a.join(" ")).collect::<Vec<_>>().join("|")));
                                text += &format!("{sep}{}", alts[*pick].join(sep));
                            }
                            Tok::Optional(alts, pick) => {
                                pattern.push(format!("[{}]", alts.join("|")));
                                if let Some(p) = pick {
                                    text += &format!("{sep}{}", alts[*p]);
                                }
                            }
                            Tok::Gap(min, max, words) => {
                                pattern.push(format!("_{min}-{max}"));
                                for w in words {
                                    text += &format!("{sep}{w}");
                                }
                            }
                            Tok::Number(n) => {
                                pattern.push("#".to_string());
                                text += &format!("{sep}{n}");
                            }
                        }
                    }
                    match last.strip_prefix('#') {
                        Some(n) => {
                            pattern.push("#".to_string());
                            text += &format!("{last_sep}{n}{after}");
                        }
                        None => {
                            pattern.push(last.to_string());
                            text += &format!("{last_sep}{last}{after}");
                        }
                    }
                    (pattern.join(" "), text)
                })
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(500))]

            /// A program finds, at every place, what its compiled expression finds.
            #[test]
            fn programs_match_their_expressions((pattern, text) in case()) {
                let classes = HashMap::new();
                let Ok(source) = compile(&pattern, &classes) else { return Ok(()) };
                let program = program(&pattern, &classes).unwrap();
                let re = meta::Builder::new()
                    .syntax(syntax::Config::new().unicode(false).utf8(false))
                    .build(&source)
                    .unwrap();
                for at in 0..=text.len() {
                    let expected = re.search(&Input::new(&text).range(at..).anchored(Anchored::Yes)).map(|m| m.end());
                    prop_assert_eq!(program.match_at(text.as_bytes(), at), expected, "{} at {} in {:?}", source, at, text);
                }
            }
        }
    }
}
