//! Text folding shared by the lexicon and the note model: typographic quotes
//! and dashes to ASCII, case folded where that keeps UTF-8 lengths, whitespace
//! collapsed. Lexicon phrases and note views are folded alike, so matching
//! compares folded with folded. No dependencies: the build script compiles
//! this module too (see `build.rs`).

/// Replaces typographic quotes and dashes by their ASCII forms.
pub fn normalize_char(c: char) -> char {
    match c {
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '`' => '\'',
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{2033}' => '"',
        '\u{2010}'..='\u{2015}' | '\u{2212}' => '-',
        _ => c,
    }
}

/// Lower-cases a character when that keeps its UTF-8 length (true for ASCII and
/// most letters), so the folded view and the case-preserving view stay aligned.
pub fn fold_case(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(l), None) if l.len_utf8() == c.len_utf8() => l,
        _ => c,
    }
}

/// Folds a lexicon phrase the way note text is folded: normalized, lower-cased,
/// whitespace collapsed and trimmed. Matching compares folded with folded.
pub fn fold_phrase(phrase: &str) -> String {
    let mut out = String::with_capacity(phrase.len());
    let mut pending_space = false;
    for c in phrase.chars() {
        if c.is_whitespace() {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        out.push(fold_case(normalize_char(c)));
    }
    out
}

/// Whether folded `text` holds `words` as whole words (no letter or digit
/// joined on either side): "once" in "once cultures clear", not in "conceded".
pub fn holds_words(text: &str, words: &str) -> bool {
    text.match_indices(words).any(|(i, _)| {
        let before = text[..i].chars().next_back().is_none_or(|c| !c.is_alphanumeric());
        let after = text[i + words.len()..].chars().next().is_none_or(|c| !c.is_alphanumeric());
        before && after
    })
}

/// Whether `c` is part of a word for whole-word matching and word counting.
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

