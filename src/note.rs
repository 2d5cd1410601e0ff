//! The note model: the original text (never altered), a normalized view of it
//! for matching, and the structure found in it (lines, sections, sentences).
//!
//! Matching never runs on the original. It runs on the *folded view*: quotes and
//! dashes normalized, case folded, and every whitespace run collapsed to one
//! space (or to a line feed where the run is a paragraph or list break). Each
//! byte of the view maps back to the original byte offset of the character it
//! came from, so any view range converts to an exact original span:
//! `note.text()[span.start..span.end] == span.text`, always.

pub use crate::fold::{fold_phrase, is_word_char};
use crate::fold::{fold_case, normalize_char};
use crate::lexicon::Lexicon;
use serde::Serialize;
use unicode_segmentation::UnicodeSegmentation;

/// A span of the original note, in every coordinate the output contract names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Span {
    /// UTF-8 byte offset of the first byte.
    pub start: usize,
    /// UTF-8 byte offset one past the last byte.
    pub end: usize,
    /// Unicode scalar offset of the first character.
    pub char_start: usize,
    /// Unicode scalar offset one past the last character.
    pub char_end: usize,
    /// 1-based line of `start`.
    pub line: usize,
    /// 1-based column of `start`, counted in characters.
    pub column: usize,
    /// Exactly `note[start..end]`.
    pub text: String,
}

/// A section of the note, opened by a header line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// Canonical name from the lexicon (`complications`), `other` for an
    /// unrecognized all-caps header, or `preamble` before the first header.
    pub name: String,
    /// Original byte range of the header label (empty for the preamble).
    pub header: (usize, usize),
    /// Original byte range from the header to the next header.
    pub range: (usize, usize),
}

/// A sentence, as a range of the folded view.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sentence {
    /// View byte offset of the first character.
    pub start: usize,
    /// View byte offset one past the last character.
    pub end: usize,
    /// Index into [`Note::sections`].
    pub section: usize,
}

/// Section headers and sentence rules compiled from a lexicon, reused for every note.
#[derive(Debug, Clone)]
pub struct NoteScheme {
    /// Section aliases and their section names (the first section to give an
    /// alias keeps it).
    headers: std::collections::HashMap<String, String, foldhash::fast::FixedState>,
    /// The byte lengths of the aliases, longest first: where an alias can end.
    header_lengths: Vec<usize>,
    /// Sections that speak for one paragraph (`paragraph = true`).
    paragraph_sections: Vec<String>,
    abbreviations: Vec<String>,
    /// Abbreviations that end a sentence before a capitalized word.
    closing_abbreviations: Vec<String>,
}

impl NoteScheme {
    /// Collects the section aliases and abbreviations of `lexicon`. A line's
    /// header is looked up by its prefixes of the aliases' lengths, longest
    /// first: a few hash lookups per line, and nothing to compile, where an
    /// automaton over every alias took longer to build than the notes of a
    /// `suggest` take to read.
    pub fn new(lexicon: &Lexicon) -> NoteScheme {
        let mut headers = std::collections::HashMap::with_hasher(foldhash::fast::FixedState::default());
        for s in &lexicon.sections {
            for a in &s.aliases {
                headers.entry(a.clone()).or_insert_with(|| s.name.clone());
            }
        }
        let mut header_lengths: Vec<usize> = headers.keys().map(String::len).filter(|&n| n > 0).collect();
        header_lengths.sort_unstable_by(|a, b| b.cmp(a));
        header_lengths.dedup();
        let paragraph_sections = lexicon.sections.iter().filter(|s| s.paragraph).map(|s| s.name.clone()).collect();
        NoteScheme {
            headers,
            header_lengths,
            paragraph_sections,
            abbreviations: lexicon.abbreviations.clone(),
            closing_abbreviations: lexicon.closing_abbreviations.clone(),
        }
    }

    /// The longest alias that `folded` begins with and that ends a word, and
    /// its section name. (A longer alias ending inside a word could not open a
    /// section either: the header must end at a word's end.)
    fn longest_alias(&self, folded: &str) -> Option<(usize, &str)> {
        self.header_lengths
            .iter()
            .filter(|&&n| n <= folded.len() && folded.is_char_boundary(n))
            .filter(|&&n| folded[n..].chars().next().is_none_or(|c| !is_word_char(c)))
            .find_map(|&n| self.headers.get(&folded[..n]).map(|name| (n, name.as_str())))
    }
}

/// An analyzed note.
#[derive(Debug, Clone)]
pub struct Note {
    text: String,
    view: String,
    folded: String,
    origin: Vec<u32>,
    /// Original byte offsets where the physical lines (`\n`) begin: spans'
    /// `line` and `column` count these.
    line_starts: Vec<usize>,
    line_char_starts: Vec<usize>,
    /// Original byte offsets where the written lines begin: the physical
    /// lines, and in a flattened export also the lines its commas stand for
    /// ([`flattened_line_breaks`]). Sections, layout and `written_line` read these.
    written_starts: Vec<usize>,
    /// `(byte offset, chars before it)` every [`CHAR_CHECKPOINT_BYTES`] or so,
    /// so that character offsets cost no more than that to count on any line.
    char_checkpoints: Vec<(usize, usize)>,
    sections: Vec<Section>,
    sentences: Vec<Sentence>,
}

/// Sentences longer than this (in view bytes) are broken at a space; real
/// sentences are far shorter, and cue scopes (at most a few words) stay intact.
pub const MAX_SENTENCE_BYTES: usize = 1_000;

/// Spacing of the character-offset checkpoints: counting characters from a
/// line's start would be quadratic on a note that is one huge line.
const CHAR_CHECKPOINT_BYTES: usize = 4096;

/// Notes longer than this cannot be mapped with 32-bit offsets.
pub const MAX_NOTE_BYTES: usize = (u32::MAX as usize) - 1;

/// Why a note could not be analyzed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NoteError {
    /// The note exceeds [`MAX_NOTE_BYTES`].
    #[error("note is {0} bytes; the limit is {MAX_NOTE_BYTES}")]
    TooLarge(usize),
}

/// The rest of a line after the list marker that opens it ("- ", "* ",
/// a bullet, "2. ", "b) "), or `None` when it opens with none.
pub fn after_list_marker(line: &str) -> Option<&str> {
    match line.chars().next() {
        Some(c @ ('-' | '*' | '\u{2022}' | '\u{00B7}' | '\u{2013}' | '\u{2014}' | '>')) => Some(&line[c.len_utf8()..]),
        Some(c) if c.is_ascii_digit() => {
            let digits = line.bytes().take_while(|b| b.is_ascii_digit()).count();
            let after = &line[digits..];
            (digits <= 3 && (after.starts_with(". ") || after.starts_with(") ") || after.starts_with(".\t"))).then(|| &after[1..])
        }
        Some(c) if c.is_ascii_alphabetic() => line[1..].starts_with(") ").then(|| &line[2..]),
        _ => None,
    }
}

/// Whether `c` indents a line: any whitespace but a line break (pasted
/// notes indent with no-break spaces as often as with spaces and tabs).
fn is_indent(c: char) -> bool {
    c.is_whitespace() && c != '\n' && c != '\r'
}

fn is_list_marker(rest: &str) -> bool {
    after_list_marker(rest).is_some()
}

/// Columns a tab advances to (the next multiple of this) when
/// [`Note::line_layout`] measures indent, so "\t- item" nests under "  - item".
pub const TAB_WIDTH: usize = 4;

/// How a written line is laid out ([`Note::line_layout`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineLayout {
    /// Columns of spaces and tabs before its first character (a tab runs to
    /// the next multiple of [`TAB_WIDTH`]).
    pub indent: usize,
    /// Whether a list marker ("- ", "* ", "2. ") opens it.
    pub list_item: bool,
}

impl Note {
    /// Analyzes `text` with the sections and abbreviations of `scheme`.
    pub fn new(text: impl Into<String>, scheme: &NoteScheme) -> Result<Note, NoteError> {
        let text = text.into();
        if text.len() > MAX_NOTE_BYTES {
            return Err(NoteError::TooLarge(text.len()));
        }
        let flattened = flattened_line_breaks(&text);
        let (view, folded, origin) = build_view(&text, &flattened);
        let mut line_starts = vec![0];
        let mut line_char_starts = vec![0];
        let mut char_checkpoints = vec![(0, 0)];
        let mut next_checkpoint = CHAR_CHECKPOINT_BYTES;
        let mut chars = 0usize;
        for (i, c) in text.char_indices() {
            if i >= next_checkpoint {
                char_checkpoints.push((i, chars));
                next_checkpoint = i + CHAR_CHECKPOINT_BYTES;
            }
            chars += 1;
            if c == '\n' {
                line_starts.push(i + 1);
                line_char_starts.push(chars);
            }
        }
        let mut written_starts: Vec<usize> = line_starts.iter().copied().chain(flattened.iter().map(|&comma| comma + 1)).collect();
        written_starts.sort_unstable();
        let mut note = Note {
            text,
            view,
            folded,
            origin,
            line_starts,
            line_char_starts,
            written_starts,
            char_checkpoints,
            sections: Vec::new(),
            sentences: Vec::new(),
        };
        note.sections = note.find_sections(scheme);
        note.sentences = note.find_sentences(scheme);
        Ok(note)
    }

    /// The original text, exactly as given.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The normalized, case-preserving view.
    pub fn view(&self) -> &str {
        &self.view
    }

    /// The normalized, case-folded view that matching runs on.
    pub fn folded(&self) -> &str {
        &self.folded
    }

    /// Sections in note order; the first may be the `preamble`.
    pub fn sections(&self) -> &[Section] {
        &self.sections
    }

    /// Sentences in note order.
    pub fn sentences(&self) -> &[Sentence] {
        &self.sentences
    }

    /// The original byte offset of view byte `v` (`v == view.len()` maps to the end).
    pub fn original_offset(&self, v: usize) -> usize {
        self.origin[v.min(self.origin.len() - 1)] as usize
    }

    /// The first view byte at or after original byte `offset`.
    pub fn view_offset(&self, offset: usize) -> usize {
        self.origin.partition_point(|&o| (o as usize) < offset).min(self.view.len())
    }

    /// Index in `written_starts` of the written line holding view offset `v`.
    fn line_index(&self, v: usize) -> usize {
        let o = self.original_offset(v);
        self.written_starts.partition_point(|&l| l <= o).saturating_sub(1)
    }

    /// The line as written around view offset `v`, as a view range: the view
    /// joins a short line to the next one, the text as written does not.
    pub fn written_line(&self, v: usize) -> (usize, usize) {
        let i = self.line_index(v);
        let end = self.written_starts.get(i + 1).map_or(self.text.len(), |&next| next.saturating_sub(1));
        // A CRLF line ends at its "\r", which the view folds into the break.
        let end = if end > 0 && self.text.as_bytes().get(end - 1) == Some(&b'\r') { end - 1 } else { end };
        (self.view_offset(self.written_starts[i]).min(v), self.view_offset(end).max(v))
    }

    /// Whether the view range `a..b` holds a flattened export's line break
    /// that the view reads on, kept as its comma, before a capital ("...no
    /// paralytic,Separate trip from the bedside scope"): a line of the
    /// original note ended there, which no cue's scope crosses.
    pub fn holds_flattened_break(&self, a: usize, b: usize) -> bool {
        let Some(range) = self.view.get(a..b.min(self.view.len())) else { return false };
        range.match_indices(',').any(|(i, _)| {
            let comma = self.original_offset(a + i);
            self.text.as_bytes().get(comma) == Some(&b',')
                && self.written_starts.binary_search(&(comma + 1)).is_ok()
                && self.text[comma + 1..].chars().next().is_some_and(char::is_uppercase)
        })
    }

    /// The written line before the one holding view offset `v`, as a view
    /// range; `None` on the first line.
    pub fn previous_written_line(&self, v: usize) -> Option<(usize, usize)> {
        let i = self.line_index(v).checked_sub(1)?;
        let at = self.view_offset(self.written_starts[i]);
        (at < v).then(|| self.written_line(at))
    }

    /// The written line after the one holding view offset `v` (blank lines
    /// skipped), as a view range; `None` on the last line.
    pub fn next_written_line(&self, v: usize) -> Option<(usize, usize)> {
        let next = *self.written_starts.get(self.line_index(v) + 1)?;
        let at = self.view_offset(next);
        (at < self.view.len() && at > v).then(|| self.written_line(at))
    }

    /// The written lines after the one holding view offset `v`, in order,
    /// as view ranges (blank lines skipped).
    pub fn lines_after(&self, v: usize) -> impl Iterator<Item = (usize, usize)> + '_ {
        std::iter::successors(self.next_written_line(self.written_line(v).1), move |&(_, end)| self.next_written_line(end))
    }

    /// How the written line holding view offset `v` is laid out: the columns
    /// of whitespace that indent it (a tab runs to the next multiple of
    /// [`TAB_WIDTH`]) and whether a list marker opens it.
    pub fn line_layout(&self, v: usize) -> LineLayout {
        let i = self.line_index(v);
        let end = self.written_starts.get(i + 1).map_or(self.text.len(), |&n| n);
        let line = &self.text[self.written_starts[i]..end];
        let body = line.trim_start_matches(is_indent);
        let indent = line[..line.len() - body.len()]
            .chars()
            .fold(0, |col, c| if c == '\t' { (col / TAB_WIDTH + 1) * TAB_WIDTH } else { col + 1 });
        LineLayout { indent, list_item: is_list_marker(body) }
    }

    /// The original span for the view range `start..end`.
    pub fn span(&self, start: usize, end: usize) -> Span {
        let s = self.original_offset(start);
        let e = self.original_offset(end).max(s);
        self.original_span(s, e)
    }

    /// The span for original byte range `start..end` (both on char boundaries).
    pub fn original_span(&self, start: usize, end: usize) -> Span {
        let line_idx = self.line_starts.partition_point(|&l| l <= start) - 1;
        let cp = self.char_checkpoints[self.char_checkpoints.partition_point(|&(b, _)| b <= start) - 1];
        let char_start = cp.1 + self.text[cp.0..start].chars().count();
        let col_chars = char_start - self.line_char_starts[line_idx];
        let text = &self.text[start..end];
        Span {
            start,
            end,
            char_start,
            char_end: char_start + text.chars().count(),
            line: line_idx + 1,
            column: col_chars + 1,
            text: text.to_string(),
        }
    }

    /// Index of the sentence containing view offset `v`.
    pub fn sentence_at(&self, v: usize) -> Option<usize> {
        let i = self.sentences.partition_point(|s| s.end <= v);
        (i < self.sentences.len() && self.sentences[i].start <= v).then_some(i)
    }

    /// Index of the section containing original offset `o`.
    pub fn section_at(&self, o: usize) -> usize {
        self.sections.partition_point(|s| s.range.1 <= o).min(self.sections.len().saturating_sub(1))
    }

    /// Name of the section containing view offset `v` (`procedure`, `plan`, ...).
    pub fn section_name_at_view(&self, v: usize) -> &str {
        &self.sections[self.section_at(self.original_offset(v))].name
    }

    /// Number of words in the folded view between `a` and `b`.
    pub fn words_between(&self, a: usize, b: usize) -> usize {
        let (a, b) = if a <= b { (a, b) } else { (b, a) };
        let mut count = 0;
        let mut in_word = false;
        for c in self.folded[a..b].chars() {
            let w = is_word_char(c);
            if w && !in_word {
                count += 1;
            }
            in_word = w;
        }
        count
    }

    fn find_sections(&self, scheme: &NoteScheme) -> Vec<Section> {
        let mut headers: Vec<(usize, usize, String)> = Vec::new();
        // In a note typed all in capitals, capitals set no label apart from
        // prose ("#1 UPPER BACK, MIDLINE BETWEEN THE SCAPULAE: 2.2 CM CYST"):
        // only the lexicon's headers open sections there.
        let capitals_mark_labels = self.text.chars().any(char::is_lowercase);
        let all_lower_case = !self.text.chars().any(char::is_uppercase);
        let colonless = self.colonless_labels(scheme, capitals_mark_labels);
        for (ls, le) in self.written_line_bounds() {
            // A flattened export's break is a comma, not part of the line.
            let le = if le < self.text.len() && self.text.as_bytes()[le - 1] == b',' { le - 1 } else { le };
            let line = &self.text[ls..le];
            let trimmed_off = line.len() - line.trim_start().len();
            let body = &line[trimmed_off..];
            if let Some((len, name)) = header_at(body, scheme, capitals_mark_labels) {
                headers.push((ls + trimmed_off, ls + trimmed_off + len, name));
            }
            let mut inline: Vec<(usize, usize, bool)> = inline_label_starts(body).into_iter().map(|(a, c)| (a, c, capitals_mark_labels)).collect();
            // Known labels in title case may follow a single space, where
            // capitals set labels apart (in a note typed in capitals every
            // word opens in one: "EXTRACTION REPORT PLAN: ...").
            if capitals_mark_labels {
                inline.extend(titled_label_starts(body).into_iter().map(|(a, c)| (a, c, false)));
            }
            // In a note typed all in lower case, a known label after a
            // break ("...lessens.,plan: , continue suction") still opens a
            // section.
            if all_lower_case {
                inline.extend(lower_label_starts(body).into_iter().map(|(a, c)| (a, c, false)));
            }
            // The colonless labels inside this line (sorted, as the lines are).
            let (body_start, body_end) = (ls + trimmed_off, ls + trimmed_off + body.len());
            let from = colonless.partition_point(|&(a, _)| a <= body_start);
            let to = colonless.partition_point(|&(a, _)| a < body_end);
            inline.extend(
                colonless[from..to]
                    .iter()
                    .filter(|&&(_, e)| e <= body_end)
                    .map(|&(a, e)| (a - body_start, e - body_start - 1, false)),
            );
            inline.sort_unstable();
            for (at, colon, capitals) in inline {
                // The label and its colon are all `header_at` reads of a candidate.
                if let Some((len, name)) = header_at(&body[at..=colon], scheme, capitals) {
                    let start = ls + trimmed_off + at;
                    if headers.last().is_none_or(|h| h.1 <= start) {
                        headers.push((start, start + len, name));
                    }
                }
            }
        }
        let mut sections = Vec::with_capacity(headers.len() + 1);
        let first = headers.first().map(|h| h.0).unwrap_or(self.text.len());
        if first > 0 || headers.is_empty() {
            sections.push(Section { name: "preamble".into(), header: (0, 0), range: (0, first) });
        }
        for (i, (hs, he, name)) in headers.iter().enumerate() {
            let end = headers.get(i + 1).map(|h| h.0).unwrap_or(self.text.len());
            let paragraph_end = scheme.paragraph_sections.contains(name).then(|| self.paragraph_end(*he, end)).flatten();
            match paragraph_end {
                Some(cut) => {
                    sections.push(Section { name: name.clone(), header: (*hs, *he), range: (*hs, cut) });
                    sections.push(Section { name: "other".into(), header: (cut, cut), range: (cut, end) });
                }
                None => sections.push(Section { name: name.clone(), header: (*hs, *he), range: (*hs, end) }),
            }
        }
        sections
    }

    /// Each written line's start and end in the text (the end is the next
    /// line's start, or the text's end).
    fn written_line_bounds(&self) -> impl Iterator<Item = (usize, usize)> + '_ {
        let ends = self.written_starts.iter().skip(1).copied().chain(std::iter::once(self.text.len()));
        self.written_starts.iter().copied().zip(ends)
    }

    /// Labels typed in capitals with no colon inside the note's lines, as
    /// (start, end) in the text: the longest known label opening each run of
    /// capitals ([`capital_runs`]), or, in a note typed all in capitals
    /// (`capitals_mark_labels` false), each piece after a break
    /// ([`runs_after_breaks`]). Only in a note that writes three such labels
    /// at least: one "PLAN" in a sentence is a shout, not a format.
    fn colonless_labels(&self, scheme: &NoteScheme, capitals_mark_labels: bool) -> Vec<(usize, usize)> {
        let mut found = Vec::new();
        for (ls, le) in self.written_line_bounds() {
            let line = &self.text[ls..le];
            let runs = if capitals_mark_labels { capital_runs(line) } else { runs_after_breaks(line) };
            for (start, ends) in runs {
                let letters = |e: usize| line[start..e].bytes().filter(u8::is_ascii_uppercase).count();
                let label = ends.iter().find(|&&e| letters(e) >= 4 && header_at(&line[start..e], scheme, false).is_some_and(|(len, _)| start + len == e));
                if let Some(&e) = label.filter(|_| start > 0) {
                    found.push((ls + start, ls + e));
                }
            }
        }
        if found.len() < 3 {
            found.clear();
        }
        found
    }

    /// Where a section that speaks for one paragraph ends: the start of the
    /// paragraph after the first blank line that follows some of its text,
    /// unless that paragraph is a list item (a list may run on over blank
    /// lines), or of a written line that opens a new part ([`opens_a_part`]);
    /// `None` when neither comes before `end`.
    fn paragraph_end(&self, label_end: usize, end: usize) -> Option<usize> {
        let blank = self.blank_line_end(label_end, end);
        // A written line (a flattened export's too) that opens a new part,
        // after some of the section's text.
        let first = self.written_starts.partition_point(|&ws| ws <= label_end);
        let part = self.written_starts[first..].iter().copied().take_while(|&ws| ws < end).find(|&ws| {
            !self.text[label_end..ws].trim_matches(|c: char| c.is_whitespace() || c == ',' || c == ':').is_empty() && opens_a_part(self.text[ws..end].trim_start())
        });
        match (blank, part) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// [`Note::paragraph_end`] by blank lines alone.
    fn blank_line_end(&self, label_end: usize, end: usize) -> Option<usize> {
        let text = &self.text[label_end..end];
        let mut seen_text = !text.split('\n').next().unwrap_or("").trim_start_matches([':', '-', ' ', '\t', ',']).trim().is_empty();
        let mut blank_after_text = false;
        let mut at = text.find('\n').map_or(text.len(), |i| i + 1);
        while at < text.len() {
            let line_end = text[at..].find('\n').map_or(text.len(), |i| at + i);
            let line = text[at..line_end].trim();
            if line.is_empty() {
                blank_after_text |= seen_text;
            } else if blank_after_text && !is_list_marker(line) {
                return Some(label_end + at + (text[at..].len() - text[at..].trim_start().len()));
            } else {
                seen_text = true;
                blank_after_text = false;
            }
            at = line_end + 1;
        }
        None
    }

    fn find_sentences(&self, scheme: &NoteScheme) -> Vec<Sentence> {
        let mut out = Vec::new();
        for (si, sec) in self.sections.iter().enumerate() {
            let vs = self.view_offset(sec.range.0);
            let ve = self.view_offset(sec.range.1);
            let mut para_start = vs;
            for (i, c) in self.view[vs..ve].char_indices() {
                if c == '\n' {
                    self.split_paragraph(para_start, vs + i, si, scheme, &mut out);
                    para_start = vs + i + 1;
                }
            }
            self.split_paragraph(para_start, ve, si, scheme, &mut out);
        }
        out
    }

    fn split_paragraph(&self, a: usize, b: usize, section: usize, scheme: &NoteScheme, out: &mut Vec<Sentence>) {
        if a >= b {
            return;
        }
        let mut pending: Option<(usize, usize)> = None;
        let pieces: Vec<(usize, &str)> = sentence_pieces(&self.view[a..b])
            .into_iter()
            .flat_map(|(off, piece)| split_at_lower_case_starts(off, piece, &self.folded[a + off..a + off + piece.len()], &scheme.abbreviations))
            .collect();
        for (k, &(off, piece)) in pieces.iter().enumerate() {
            let lead = piece.len() - piece.trim_start().len();
            let trimmed = piece.trim();
            if trimmed.is_empty() {
                continue;
            }
            let s = a + off + lead;
            let e = s + trimmed.len();
            let (s, _) = pending.take().unwrap_or((s, e));
            let folded_piece = &self.folded[s..e];
            let next_opens_sentence = pieces.get(k + 1).is_some_and(|(_, next)| {
                opens_a_sentence(next) || (ends_in(folded_piece, &scheme.closing_abbreviations) && starts_capitalized(next))
            });
            if ends_without_sentence_end(folded_piece, &scheme.abbreviations) && e < b && !next_opens_sentence {
                pending = Some((s, e));
                continue;
            }
            self.push_sentence(s, e, section, out);
        }
        if let Some((s, e)) = pending {
            self.push_sentence(s, e, section, out);
        }
    }

    /// Pushes the sentence `s..e`, broken at spaces into pieces of at most
    /// [`MAX_SENTENCE_BYTES`]: cue scopes are searched within a sentence, and a
    /// run of text with no sentence end (megabytes of it in a hostile note)
    /// must not make that search quadratic.
    fn push_sentence(&self, mut s: usize, e: usize, section: usize, out: &mut Vec<Sentence>) {
        while e - s > MAX_SENTENCE_BYTES {
            let mut limit = s + MAX_SENTENCE_BYTES;
            while !self.view.is_char_boundary(limit) {
                limit -= 1;
            }
            let cut = self.view[s..limit].rfind([' ', '\n']).map(|i| s + i).filter(|&c| c > s).unwrap_or(limit);
            out.push(Sentence { start: s, end: cut, section });
            s = cut;
            while s < e && self.view.as_bytes()[s] == b' ' {
                s += 1;
            }
        }
        if s < e {
            out.push(Sentence { start: s, end: e, section });
        }
    }
}

/// The Unicode sentence pieces of `text`, exactly as
/// `text.split_sentence_bound_indices()` gives them, found faster on ASCII.
///
/// UAX #29 only breaks after a run of sentence terminators (`.`, `!`, `?`
/// followed by closing punctuation and spaces) or after a line separator. On
/// ASCII text without line breaks, the segmenter is therefore run on a small
/// window around each terminator run: from the character before it (rule SB7
/// looks back one character) up to and including the next letter or
/// terminator (rule SB8 looks ahead over anything else). Most of a dictation
/// is never handed to the segmenter's per-character table lookups. A property
/// test checks the result against the crate on arbitrary text.
fn sentence_pieces(text: &str) -> Vec<(usize, &str)> {
    let bytes = text.as_bytes();
    if !text.is_ascii() || bytes.iter().any(|&b| b == b'\n' || b == b'\r' || b == 0x0b || b == 0x0c) {
        return text.split_sentence_bound_indices().collect();
    }
    let terminator = |b: u8| matches!(b, b'.' | b'!' | b'?');
    let in_run = |b: u8| terminator(b) || matches!(b, b'"' | b'\'' | b'(' | b')' | b'[' | b']' | b'{' | b'}' | b' ' | b'\t');
    let mut cuts: Vec<usize> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if !terminator(bytes[i]) {
            i += 1;
            continue;
        }
        let run_start = i;
        let mut run_end = i;
        while run_end < bytes.len() && in_run(bytes[run_end]) {
            run_end += 1;
        }
        let mut stop = run_end;
        while stop < bytes.len() && !(bytes[stop].is_ascii_alphabetic() || terminator(bytes[stop])) {
            stop += 1;
        }
        let window_start = run_start.saturating_sub(1);
        let window_end = (stop + 1).min(bytes.len());
        for (off, _) in text[window_start..window_end].split_sentence_bound_indices() {
            let at = window_start + off;
            if at > run_start && at <= stop && at < bytes.len() {
                cuts.push(at);
            }
        }
        i = run_end;
    }
    cuts.dedup();
    let mut pieces = Vec::with_capacity(cuts.len() + 1);
    let mut from = 0;
    for at in cuts.into_iter().chain(std::iter::once(bytes.len())) {
        if at > from {
            pieces.push((from, &text[from..at]));
            from = at;
        }
    }
    pieces
}

/// Splits a sentence piece where a full stop ends a sentence and the next
/// begins in lower case ("... (completion left mastectomy). pt had a wide
/// local excision"), or where a flattened export's ".," stands for a line
/// break ("... bouts of flooding.,She desired ..."). UAX #29 breaks at
/// neither (it reads the stop as an abbreviation's); in all-lower-case
/// dictation or a flattened export that would make one sentence of a whole
/// paragraph. Not after an abbreviation of the lexicon, a dotted one
/// ("e.g."), an initial or a one- or two-digit list number.
fn split_at_lower_case_starts<'p>(off: usize, piece: &'p str, folded: &str, abbreviations: &[String]) -> Vec<(usize, &'p str)> {
    let bytes = piece.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    for stop in memchr::memchr_iter(b'.', bytes) {
        // A flattened export's line break: ".," then the next line ("...of
        // flooding.,She desired ...").
        let flattened = bytes.get(stop + 1) == Some(&b',');
        let gap_start = stop + 1 + usize::from(flattened);
        let Some(next) = bytes[gap_start..].iter().position(|&c| c != b' ').map(|n| gap_start + n) else { continue };
        // The next sentence may open with a bracket or quote ("... retrieved.
        // (ii) rectum ..."), or a heading's rule ("No complications.,=== #2
        // RIGID BRONCHOSCOPY").
        let letter = bytes[next..].iter().position(|&c| !matches!(c, b'(' | b'[' | b'"' | b'=' | b'*' | b' ')).map(|n| next + n);
        // Or with a numbered item's hash ("... snare. #2 descending colon",
        // flattened "Bx today.,#1 Excision BCC L forearm"); a flattened line
        // may open with a number too ("recurrent hydrocephalus.,68F admitted").
        let numbered = |n: usize| bytes[n] == b'#' && bytes.get(n + 1).is_some_and(u8::is_ascii_digit);
        let starts_next = |n: usize| {
            if flattened {
                bytes[n].is_ascii_alphanumeric() || numbered(n)
            } else {
                n > stop + 1 && (bytes[n].is_ascii_lowercase() || numbered(n))
            }
        };
        if !letter.is_some_and(starts_next) {
            continue;
        }
        let token = folded.get(start..=stop).and_then(|t| t.rsplit(|c: char| c.is_whitespace() || c == '(').next());
        let Some(core) = token.and_then(|t| t.strip_suffix('.')) else { continue };
        // A bracket closed before the stop ends what it holds ("retrieved w net
        // (jar A). antrum patchy erythema"): its last letter is no initial.
        let bracketed = core.ends_with([')', ']']);
        let core = core.trim_end_matches([')', ']', '"', '\'']);
        let is_list_number = core.len() <= 2 && core.bytes().all(|c| c.is_ascii_digit());
        let ends_a_sentence = (core.chars().count() > 1 || (bracketed && !core.is_empty()))
            && !core.contains('.')
            && !is_list_number
            && core.bytes().any(|c| c.is_ascii_alphanumeric())
            && !abbreviations.iter().any(|a| a.strip_suffix('.') == Some(core));
        if ends_a_sentence {
            out.push((off + start, &piece[start..next]));
            start = next;
        }
    }
    out.push((off + start, &piece[start..]));
    out
}

/// Words that, capitalized, open a sentence even after an abbreviation's
/// stop ("MBBs bilat. We burned the L side"): a subject, never a name. In
/// capitals too, as a note typed in capitals writes them.
const SENTENCE_OPENERS: [&str; 13] = ["I", "We", "He", "She", "They", "Pt", "The", "WE", "HE", "SHE", "THEY", "PT", "THE"];

/// Whether a piece of text begins with one of [`SENTENCE_OPENERS`] as a word.
fn opens_a_sentence(piece: &str) -> bool {
    let piece = piece.trim_start();
    SENTENCE_OPENERS.iter().any(|w| piece.strip_prefix(w).is_some_and(|rest| rest.starts_with([' ', '\'', '\u{2019}'])))
}

/// A piece's last token: the text after its last space or `(`.
fn last_token(piece: &str) -> &str {
    piece.rsplit(|c: char| c.is_whitespace() || c == '(').next().unwrap_or(piece)
}

/// Whether a piece's last token is one of `abbreviations`.
fn ends_in(piece: &str, abbreviations: &[String]) -> bool {
    let last = last_token(piece);
    abbreviations.iter().any(|a| a == last)
}

/// Whether a piece begins with a capital letter ("Completely separate").
fn starts_capitalized(piece: &str) -> bool {
    piece.trim_start().chars().next().is_some_and(char::is_uppercase)
}

/// The shortest run of stops read as a table's dot leaders (an ellipsis has three).
pub(crate) const DOT_LEADER: &str = "....";

/// Whether a sentence piece ends in an abbreviation, an initial, a list number
/// or dot leaders, so that the sentence goes on after it.
fn ends_without_sentence_end(piece: &str, abbreviations: &[String]) -> bool {
    if !piece.ends_with('.') {
        return false;
    }
    // A table's dot leaders ("ORIF R distal radius ........ R. Abernathy MD")
    // lead to the next column, not out of the sentence.
    if ends_in(piece, abbreviations) || piece.ends_with(DOT_LEADER) {
        return true;
    }
    let last = last_token(piece);
    let stem = &last[..last.len() - 1];
    // "1." list numbers and single-letter initials ("J.") do not end a sentence.
    (piece == last && !stem.is_empty() && stem.len() <= 3 && stem.bytes().all(|b| b.is_ascii_digit()))
        || (stem.chars().count() == 1 && stem.chars().all(|c| c.is_alphabetic()))
}

/// Where a header may start inside a line: notes exported with their line
/// breaks flattened run their sections together ("...right eye.,POSTOPERATIVE
/// DIAGNOSIS: , Vitreous hemorrhage.,PROCEDURE:  ,Vitrectomy."). A label in
/// capitals (at least two letters, only capitals, spaces and `/ & ( ) -`, at
/// most 50 bytes) that ends in a colon and follows `,` `.` `;` or two spaces
/// is a candidate (its start and colon), as is a label after a dash inside it
/// ("... SEPARATE INCISION - INDICATIONS:"); [`header_at`] then decides as at
/// a line start. Lower-case labels inside a line are prose ("tolerated the
/// procedure: well").
fn inline_label_starts(line: &str) -> Vec<(usize, usize)> {
    let bytes = line.as_bytes();
    let mut out = Vec::new();
    for colon in memchr::memchr_iter(b':', bytes) {
        let mut start = colon;
        while start > 0 && matches!(bytes[start - 1], b'A'..=b'Z' | b' ' | b'/' | b'&' | b'(' | b')' | b'-' | b'\'') {
            start -= 1;
        }
        while start < colon && !bytes[start].is_ascii_uppercase() {
            start += 1;
        }
        let label = &bytes[start..colon];
        let letters = label.iter().filter(|b| b.is_ascii_uppercase()).count();
        if start > 0 && letters >= 2 && label.len() <= 50 && follows_a_break(&bytes[..start]) {
            out.push((start, colon));
        }
        // A dash sets a label apart inside the run, as a line break would
        // ("... RIGHT, SEPARATE INCISION - INDICATIONS: 79 YO MAN"), and so
        // do two spaces, where an export ran the lines together ("... SEED
        // LOCALIZED  PROCEDURES: (1) ..."): the label after it is a candidate too.
        out.extend(
            (start + 2..colon)
                .filter(|&p| bytes[p].is_ascii_uppercase() && bytes[p - 1] == b' ' && matches!(bytes[p - 2], b'-' | b' '))
                .map(|p| (p, colon)),
        );
    }
    out
}

/// Where a known label in title case may start inside a line whose breaks
/// were flattened to single spaces ("Postop dx: same Procedure: removal of
/// screws ... closed 3-0 nylon. Plan: WBAT"): a word opening in a capital,
/// after a space, that begins a run of letters and spaces (at most 40 bytes,
/// two letters at least) ending in a colon. Only the lexicon's header
/// aliases are accepted at these candidates (by [`header_at`] without the
/// all-caps rule), earliest start first, so "Pre-op Diagnosis:" is read whole.
fn titled_label_starts(line: &str) -> Vec<(usize, usize)> {
    let bytes = line.as_bytes();
    let mut out = Vec::new();
    for colon in memchr::memchr_iter(b':', bytes) {
        let mut start = colon;
        while start > 0 && colon - start < 40 && matches!(bytes[start - 1], b'A'..=b'Z' | b'a'..=b'z' | b' ' | b'/' | b'&' | b'(' | b')' | b'-') {
            start -= 1;
        }
        for p in start..colon {
            let opens_word = p > 0 && bytes[p - 1] == b' ' && bytes[p].is_ascii_uppercase();
            let letters = bytes[p..colon].iter().filter(|b| b.is_ascii_alphabetic()).count();
            // A one-letter label ("A:", "P:" of a SOAP note) only where a
            // sentence has just ended: "... EBL minimal. P: Keflex".
            let after_sentence = line[..p].trim_end().ends_with('.');
            if opens_word && (letters >= 2 || (letters == 1 && after_sentence)) {
                out.push((p, colon));
            }
        }
    }
    out
}

/// Runs of words typed in capitals inside a line, where a flattened report
/// may write its labels with no colon ("... tibial shaft fracture
/// POSTOPERATIVE DIAGNOSIS same PROCEDURE delayed primary closure ..."): each
/// run opens after a space, holds words of capitals (with `/`, `&` and `-`),
/// and is followed by the line's end or a word that is not all capitals
/// (lower case, a name, a number). Returns, per run, its start and the ends
/// of its words, longest first; the caller takes the longest known label.
fn capital_runs(line: &str) -> Vec<(usize, Vec<usize>)> {
    let bytes = line.as_bytes();
    let is_cap = |b: u8| b.is_ascii_uppercase() || matches!(b, b'/' | b'&' | b'-');
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        // A word opens after a space (or at the line's start).
        if !(i == 0 || bytes[i - 1] == b' ') || !bytes[i].is_ascii_uppercase() {
            i += 1;
            continue;
        }
        let start = i;
        let mut ends = Vec::new();
        let mut at = i;
        let mut with_colon = false;
        loop {
            let word_end = at + bytes[at..].iter().take_while(|&&b| is_cap(b)).count();
            // A word ends at a space or the line's end; "Rafael" or "CT-guided"
            // is no word of capitals, and a label with its colon ("DATE OF
            // SERVICE:") is the colon readers'.
            if word_end == at || !(word_end == bytes.len() || bytes[word_end] == b' ') {
                with_colon = bytes.get(word_end) == Some(&b':');
                break;
            }
            ends.push(word_end);
            let next = word_end + bytes[word_end..].iter().take_while(|&&b| b == b' ').count();
            if next >= bytes.len() || !bytes[next].is_ascii_uppercase() {
                break;
            }
            at = next;
        }
        let after = ends.last().copied().unwrap_or(start);
        i = after.max(start + 1);
        if !ends.is_empty() && !with_colon {
            ends.reverse();
            out.push((start, ends));
        }
    }
    out
}

/// In a note typed all in capitals, where case sets no label apart: the
/// words after two spaces or more, as candidate labels with no colon ("...
/// APPENDICITIS  PROCEDURE LAPAROSCOPIC APPENDECTOMY  ANESTHESIA GENERAL");
/// not after a comma or a full stop, where prose goes on in capitals
/// ("..., CONSULTANT GENERAL SURGEON"), nor where a colon follows in the
/// first four words (a label with its colon is the colon readers'). Returns,
/// per candidate, its start and the ends of its first four words, longest
/// first.
fn runs_after_breaks(line: &str) -> Vec<(usize, Vec<usize>)> {
    let bytes = line.as_bytes();
    let mut out = Vec::new();
    for p in 2..bytes.len() {
        if &bytes[p - 2..p] != b"  " || !bytes[p].is_ascii_alphabetic() {
            continue;
        }
        let mut ends = Vec::new();
        let mut at = p;
        while ends.len() < 4 && at < bytes.len() && bytes[at] != b' ' {
            let end = at + bytes[at..].iter().take_while(|&&b| b != b' ').count();
            ends.push(end);
            at = end + 1;
            if at >= bytes.len() || bytes[end..].starts_with(b"  ") {
                break;
            }
        }
        if ends.last().is_some_and(|&e| line[p..e].contains(':')) {
            continue;
        }
        ends.reverse();
        out.push((p, ends));
    }
    out
}

/// Whether the text before an inline label ends a piece of the line: `,`
/// `.`, `;` or an export's `|` (spaces between allowed), or two spaces.
fn follows_a_break(before: &[u8]) -> bool {
    let spaces = before.iter().rev().take_while(|&&b| b == b' ').count();
    // A pipe separates an export's fields ("... none || IMPRESSION: ...").
    matches!(before[..before.len() - spaces].last(), Some(b',' | b'.' | b';' | b'|')) || spaces >= 2
}

/// Where a label may start inside a line of a note typed all in lower case
/// ("...if the leak lessens.,plan: , continue suction"): a run of letters
/// and spaces (two letters at least, at most 40 bytes) ending in a colon,
/// right after `,` `.` or `;` (spaces between allowed) or after two spaces.
/// Only the lexicon's header aliases are accepted there ([`header_at`]
/// without the all-caps rule), earliest start first.
fn lower_label_starts(line: &str) -> Vec<(usize, usize)> {
    let bytes = line.as_bytes();
    let mut out = Vec::new();
    for colon in memchr::memchr_iter(b':', bytes) {
        let mut start = colon;
        while start > 0 && colon - start < 40 && matches!(bytes[start - 1], b'a'..=b'z' | b' ' | b'/' | b'&' | b'-' | b'\'') {
            start -= 1;
        }
        for p in start..colon {
            if p == 0 || !bytes[p].is_ascii_lowercase() || bytes[p - 1].is_ascii_lowercase() {
                continue;
            }
            let letters = bytes[p..colon].iter().filter(|b| b.is_ascii_alphabetic()).count();
            if follows_a_break(&bytes[..p]) && letters >= 2 {
                out.push((p, colon));
            }
        }
    }
    out
}

/// Recognizes a section header at the start of a line: a known alias (or,
/// where `capitals_mark_labels`, an all-caps label) followed by a colon, a
/// dash, or the end of the line.
fn header_at(line: &str, scheme: &NoteScheme, capitals_mark_labels: bool) -> Option<(usize, String)> {
    let window_end = line.char_indices().nth(80).map(|(i, _)| i).unwrap_or(line.len());
    let window = &line[..window_end];
    let mut folded = String::with_capacity(window.len());
    let mut map = Vec::with_capacity(window.len() + 1);
    let mut last_space = false;
    for (i, c) in window.char_indices() {
        if c.is_whitespace() {
            // "HPI / indications" is the label "hpi/indications".
            let beside_slash = folded.ends_with('/') || window[i..].trim_start().starts_with('/');
            if !last_space && !beside_slash {
                folded.push(' ');
                map.push(i);
            }
            last_space = true;
            continue;
        }
        last_space = false;
        let f = fold_case(normalize_char(c));
        for _ in 0..f.len_utf8() {
            map.push(i);
        }
        folded.push(f);
    }
    map.push(window.len());
    let label_end_ok = |folded_end: usize| -> Option<usize> {
        let rest = &folded[folded_end..];
        let rest_trim = rest.trim_start();
        let orig_end = map[folded_end];
        if rest_trim.starts_with(':') || rest_trim.is_empty() || rest_trim.starts_with("- ") {
            Some(orig_end)
        } else {
            None
        }
    };
    if let Some((len, name)) = scheme.longest_alias(&folded) {
        let boundary = folded[len..].chars().next().is_none_or(|c| !is_word_char(c));
        if boundary {
            if let Some(end) = label_end_ok(len) {
                return Some((end, name.to_string()));
            }
        }
    }
    // An unknown all-caps label ending in a colon still opens a section.
    if !capitals_mark_labels {
        return None;
    }
    let colon = window.find(':')?;
    let label = window[..colon].trim_end();
    let letters = label.chars().filter(|c| c.is_alphabetic()).count();
    let caps = label
        .chars()
        .all(|c| c.is_uppercase() || c == ' ' || c == '/' || c == '&' || c == '(' || c == ')' || c == '-');
    if letters >= 4 && caps && label.len() <= 50 {
        return Some((label.len(), "other".into()));
    }
    None
}

/// Where the commas of a flattened export stand for line breaks. An export
/// that flattens a note onto one line writes each break as a comma with no
/// space after it ("...note 4/22/26,Pt: 78M,Procedure 1: Excision ...",
/// "...pyelogram.,3.  Right double-J stent"). Prose puts a space after its
/// commas and numbers group thousands with them ("1,200"), so a break is a
/// comma after a non-space that opens a capital, a digit (not after one), a
/// bracket, a list mark or a heading's rule ("==", "---"). A note is read
/// this way only when such commas outnumber its physical line breaks, two at
/// least (a typed note's "BP 120/80,HR 72" stays one line); in a note read
/// this way a line may also open in lower case ("...bed 6] Temporary
/// pacing,s/p CABG"), with a number that groups no thousands ("CLINIC
/// 10:20,71M with ...") or with an indented list item (",  - 0.8 cm lesion").
fn flattened_line_breaks(text: &str) -> Vec<usize> {
    let bytes = text.as_bytes();
    // (offset, whether the comma alone shows a flattened note)
    let candidates: Vec<(usize, bool)> = memchr::memchr_iter(b',', bytes)
        .filter_map(|i| {
            let prev = *bytes.get(i.checked_sub(1)?)?;
            if prev.is_ascii_whitespace() || prev == b',' {
                return None;
            }
            let rest = &text[i + 1..];
            let next = rest.chars().next()?;
            let indented = rest.trim_start_matches(is_indent);
            let strong = next.is_uppercase()
                || (next.is_ascii_digit() && !prev.is_ascii_digit())
                || matches!(next, '[' | '(' | '#')
                || starts_with_heading_rule(rest)
                || (!next.is_whitespace() && is_list_marker(rest));
            let weak = next.is_alphabetic()
                || (next.is_ascii_digit() && !groups_thousands(rest))
                || (indented.len() < rest.len() && is_list_marker(indented));
            (strong || weak).then_some((i, strong))
        })
        .collect();
    let strong = candidates.iter().filter(|&&(_, strong)| strong).count();
    let physical = memchr::memchr_iter(b'\n', bytes).count();
    if strong >= 2 && strong > physical {
        candidates.into_iter().map(|(i, _)| i).collect()
    } else {
        Vec::new()
    }
}

/// Whether `text` opens with a heading's rule ("==", "---", "***", "~~~").
fn starts_with_heading_rule(text: &str) -> bool {
    ["==", "---", "***", "~~~"].iter().any(|rule| text.starts_with(rule))
}

/// Whether a written line opens a new part of the note, as a blank line
/// does: a heading between rules ("=== ADDENDUM - same date 1940 ===") or a
/// numbered session with its clock time ("#2 -- 21:20, same day"). A plan
/// written just above it ends there, in a flattened export too.
fn opens_a_part(line: &str) -> bool {
    if starts_with_heading_rule(line) {
        return true;
    }
    let Some(rest) = line.strip_prefix('#') else { return false };
    let rest = rest.trim_start();
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    digits > 0 && digits <= 2 && rest[digits..].trim_start_matches([' ', '-', '\u{2013}', ':', '.']).starts_with(|c: char| c.is_ascii_digit())
}

/// Whether `rest`, the text after a comma, is a thousands group: three digits
/// and then no digit ("200 mL" after "1,").
fn groups_thousands(rest: &str) -> bool {
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    digits == 3
}

/// Whether a single line break between the written line `prev` and the text
/// `rest` after it is a break in the view (`\n`) or a wrapped line read on
/// (a header's colon, a list marker, or a short line before a capital or
/// digit break it).
fn breaks_the_view(prev: &str, rest: &str) -> bool {
    let first = rest.chars().next().unwrap_or(' ');
    let opens_line = first.is_uppercase() || first.is_ascii_digit();
    prev.ends_with(':')
        || is_list_marker(rest)
        || (opens_line && (prev.chars().count() <= 40 || is_table_row(prev) || heading_over_prose(prev, rest) || ends_dated(prev)))
}

/// Whether a line ends with a date, or a date and a clock time ("PEDS ED
/// NOTE - RETURN VISIT  2/21/2026 1835"): a dated heading, whose sentence
/// the next line does not continue, in capitals or not.
fn ends_dated(line: &str) -> bool {
    let is_date = |w: &str| {
        let parts: Vec<&str> = w.split(['/', '-', '.']).collect();
        parts.len() == 3 && parts.iter().all(|p| !p.is_empty() && p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit()))
    };
    let is_time = |w: &str| {
        let digits: String = w.chars().filter(|c| *c != ':').collect();
        (3..=4).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit()) && w.len() - digits.len() <= 1
    };
    let mut words = line.split_whitespace().rev();
    match (words.next(), words.next()) {
        (Some(last), _) if is_date(last) => true,
        (Some(last), Some(before)) => is_time(last) && is_date(before),
        _ => false,
    }
}

/// Whether a line in capitals is a heading over a line of prose ("ORTHO
/// ON-CALL -- CLOSED REDUCTION R HIP UNDER ANESTHESIA" over "82F from
/// memory care, found on floor this AM"): the prose does not continue the
/// heading's sentence. In a note typed all in capitals no line is prose.
fn heading_over_prose(prev: &str, rest: &str) -> bool {
    let shouted = |t: &str| t.chars().filter(|c| c.is_alphabetic()).count() >= 4 && !t.chars().any(char::is_lowercase);
    let opening: String = rest.chars().take(HEADING_PROSE_CHARS).collect();
    shouted(prev) && opening.chars().any(char::is_lowercase)
}

/// How much of the next line is read for lower-case letters (prose).
const HEADING_PROSE_CHARS: usize = 24;

/// Whether a written line is a row of a table laid out with spaces or tabs
/// ("Lap hernia repair w/ mesh  03/17/2026    Fischer, Lena MD"): two
/// column gaps or more (a tab, or two spaces or more after anything but a
/// sentence's end: "... stable.  Plan ..." is prose), or two "|" marks or
/// more ("| TKA | 07/30/2026 | Iverson, Mark MD |"). Each row is its own line.
fn is_table_row(line: &str) -> bool {
    if line.matches('|').count() >= 2 {
        return true;
    }
    let bytes = line.as_bytes();
    let mut gaps = 0;
    let mut i = 0;
    while i < bytes.len() {
        let run = bytes[i..].iter().take_while(|&&b| b == b' ' || b == b'\t').count();
        let column_gap = run >= 2 || bytes[i] == b'\t';
        if run > 0 && column_gap && i > 0 && !matches!(bytes[i - 1], b'.' | b'!' | b'?' | b':' | b';') {
            gaps += 1;
        }
        i += run.max(1);
    }
    gaps >= 2
}

fn build_view(text: &str, flattened: &[usize]) -> (String, String, Vec<u32>) {
    let mut view = String::with_capacity(text.len());
    let mut origin: Vec<u32> = Vec::with_capacity(text.len() + 1);
    let bytes = text.as_bytes();
    let mut i = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let mut line_start = i;
    let mut flattened = flattened.iter().copied().peekable();
    while i < text.len() {
        let c = text[i..].chars().next().expect("in bounds on a char boundary");
        if c == ',' && flattened.next_if_eq(&i).is_some() {
            // A flattened export's line break: a view break where a written
            // one would be, a space where it wraps a sentence, else the comma
            // as written.
            let indent = text[i + 1..].len() - text[i + 1..].trim_start_matches(is_indent).len();
            let rest = &text[i + 1 + indent..];
            // A line wrapped inside a sentence ("This PEG has nothing to
            // do,with the belly surgery") reads on as a written wrap does,
            // with a space; before a capital, a number or after a stop the
            // comma stays, the break a cue's scope and a sentence see.
            let wrapped = rest.chars().next().is_some_and(char::is_lowercase) && !text[..i].ends_with(['.', ';', ':']);
            let sep = if breaks_the_view(text[line_start..i].trim(), rest) {
                '\n'
            } else if wrapped {
                ' '
            } else {
                ','
            };
            view.push(sep);
            origin.push(i as u32);
            line_start = i + 1;
            // The line's indent is part of the break, as a written line's is.
            i += 1 + if sep == '\n' { indent } else { 0 };
            continue;
        }
        if c.is_whitespace() {
            let run_start = i;
            let mut breaks = 0;
            let mut last_break_end = i;
            while i < text.len() {
                let c = text[i..].chars().next().expect("char boundary");
                if !c.is_whitespace() {
                    break;
                }
                if c == '\n' || (c == '\r' && bytes.get(i + 1) != Some(&b'\n')) {
                    breaks += 1;
                    last_break_end = i + 1;
                }
                i += c.len_utf8();
            }
            if view.is_empty() || i >= text.len() {
                if breaks > 0 {
                    line_start = last_break_end;
                }
                continue;
            }
            let sep = if breaks >= 2 || (breaks == 1 && breaks_the_view(text[line_start..run_start].trim(), &text[i..])) {
                '\n'
            } else {
                ' '
            };
            if breaks > 0 {
                line_start = last_break_end;
            }
            view.push(sep);
            origin.push(run_start as u32);
            continue;
        }
        let n = normalize_char(c);
        view.push(n);
        for _ in 0..n.len_utf8() {
            origin.push(i as u32);
        }
        i += c.len_utf8();
    }
    origin.push(text.len() as u32);
    let folded: String = view.chars().map(fold_case).collect();
    debug_assert_eq!(folded.len(), view.len());
    (view, folded, origin)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_after_a_bullet_report_their_indent_and_marker() {
        let text = "Plan\n* cyst, posterior neck\n\n  - excision to fat\nImp: done";
        let note = Note::new(text, &scheme()).unwrap();
        let at = note.view().find("cyst").unwrap();
        assert_eq!(note.line_layout(at), LineLayout { indent: 0, list_item: true });
        let (start, end) = note.next_written_line(at).unwrap();
        assert_eq!(&note.view()[start..end], "- excision to fat", "the blank line is skipped");
        assert_eq!(note.line_layout(start), LineLayout { indent: 2, list_item: true });
        let (start, _) = note.next_written_line(start).unwrap();
        assert_eq!(note.line_layout(start), LineLayout { indent: 0, list_item: false });
        assert_eq!(note.next_written_line(start), None);
        assert_eq!(after_list_marker("2. remove"), Some(" remove"));
    }

    #[test]
    fn a_tab_indents_to_the_next_tab_stop() {
        let text = "* cyst\n\t- excision\n  \t- biopsy";
        let note = Note::new(text, &scheme()).unwrap();
        let at = note.view().find("excision").unwrap();
        assert_eq!(note.line_layout(at).indent, TAB_WIDTH);
        let at = note.view().find("biopsy").unwrap();
        assert_eq!(note.line_layout(at).indent, TAB_WIDTH, "two spaces then a tab reach the same stop");
        assert_eq!(after_list_marker("20 mm"), None);
    }
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// The windowed segmentation is the crate's segmentation.
        #[test]
        fn sentence_pieces_match_the_unicode_segmenter(text in "[aZbY .!?\"'()\\[\\]{}5,;:\\-\t\né]{0,60}") {
            let expected: Vec<(usize, &str)> = text.split_sentence_bound_indices().collect();
            prop_assert_eq!(sentence_pieces(&text), expected);
        }

        #[test]
        fn sentence_pieces_match_on_long_ascii_text(text in "[aZbY .!?\"'()\\[\\]{}5,;:\\-\t]{0,200}") {
            let expected: Vec<(usize, &str)> = text.split_sentence_bound_indices().collect();
            prop_assert_eq!(sentence_pieces(&text), expected);
        }

        #[test]
        fn sentence_pieces_match_on_any_printable_ascii(text in "[ -~\t]{0,300}") {
            let expected: Vec<(usize, &str)> = text.split_sentence_bound_indices().collect();
            prop_assert_eq!(sentence_pieces(&text), expected);
        }

        #[test]
        fn sentence_pieces_match_on_dictation_like_text(
            words in prop::collection::vec("(Dr|s/p|pt|The|he|knee|No|5|3\\.5|U\\.S|etc|i\\.e)[.!?]{0,3}[\"')]{0,2}", 0..40)
        ) {
            let text = words.join(" ");
            let expected: Vec<(usize, &str)> = text.split_sentence_bound_indices().collect();
            prop_assert_eq!(sentence_pieces(&text), expected);
        }
    }

    fn scheme() -> NoteScheme {
        NoteScheme::new(&Lexicon::builtin().unwrap())
    }

    /// The sentences the note reads in `text`, as view text.
    fn sentences_of(text: &str) -> Vec<String> {
        let note = Note::new(text, &scheme()).unwrap();
        note.sentences().iter().map(|s| note.view()[s.start..s.end].to_string()).collect()
    }

    #[test]
    fn folded_view_collapses_whitespace_and_maps_back_exactly() {
        let text = "Pt was  TAKEN back\r\n to the “OR” — for évacuation.";
        let note = Note::new(text, &scheme()).unwrap();
        assert_eq!(note.folded(), "pt was taken back to the \"or\" - for évacuation.");
        let at = note.folded().find("taken back to").unwrap();
        let span = note.span(at, at + "taken back to".len());
        assert_eq!(span.text, "TAKEN back\r\n to");
        assert_eq!(&text[span.start..span.end], span.text);
        let at = note.folded().find("\"or\"").unwrap();
        let span = note.span(at, at + 4);
        assert_eq!(span.text, "“OR”");
        assert_eq!(span.line, 2);
        assert_eq!(span.column, 9);
        assert_eq!(span.char_start, text[..span.start].chars().count());
    }

    #[test]
    fn byte_order_mark_and_leading_space_are_skipped() {
        let note = Note::new("\u{feff}  \n Hematoma.", &scheme()).unwrap();
        assert_eq!(note.folded(), "hematoma.");
        assert_eq!(note.span(0, 8).text, "Hematoma");
    }

    #[test]
    fn sections_are_found_from_known_headers_and_caps_labels() {
        let text = "OPERATIVE REPORT\nPREOPERATIVE DIAGNOSIS: Left knee OA.\nComplications: None.\nProcedure was done well.\nSURGEON'S NOTE X: fine\n";
        let note = Note::new(text, &scheme()).unwrap();
        let names: Vec<&str> = note.sections().iter().map(|s| s.name.as_str()).collect();
        assert!(names.contains(&"preoperative_diagnosis"), "{names:?}");
        assert!(names.contains(&"complications"), "{names:?}");
        // "Procedure was done" is prose, not a header.
        assert_eq!(names.iter().filter(|n| **n == "procedure").count(), 0, "{names:?}");
    }

    #[test]
    fn flattened_exports_open_sections_inside_a_line() {
        let text = "PREOPERATIVE DIAGNOSIS:,  Vitreous hemorrhage, right eye.,POSTOPERATIVE DIAGNOSIS: , Same.,\
PROCEDURE:  ,Vitrectomy.,COMPLICATIONS:  None.  ESTIMATED BLOOD LOSS: Minimal. He tolerated the procedure: well. BP: 120/80.";
        let note = Note::new(text, &scheme()).unwrap();
        let sections: Vec<(&str, &str)> =
            note.sections().iter().map(|s| (s.name.as_str(), &text[s.header.0..s.header.1])).collect();
        assert_eq!(
            sections,
            [
                ("preoperative_diagnosis", "PREOPERATIVE DIAGNOSIS"),
                ("postoperative_diagnosis", "POSTOPERATIVE DIAGNOSIS"),
                ("procedure", "PROCEDURE"),
                ("complications", "COMPLICATIONS"),
                ("blood_loss", "ESTIMATED BLOOD LOSS"),
            ]
        );
    }

    #[test]
    fn two_spaces_set_a_label_apart_in_a_note_typed_in_capitals() {
        let text = "OP NOTE  PREOP DX: R BREAST CANCER 10:00, FIBROADENOMA 4:00, SEED LOCALIZED  PROCEDURES: (1) R PARTIAL MASTECTOMY  \
INDICATIONS: BOTH SEEDED BY RADIOLOGY ON 7/7.";
        let note = Note::new(text, &scheme()).unwrap();
        let names: Vec<&str> = note.sections().iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["preamble", "preoperative_diagnosis", "procedure", "indications"]);
    }

    #[test]
    fn a_flattened_line_wrapped_inside_a_sentence_reads_on_with_a_space() {
        let text = "ENDOSCOPY REPORT,Date: 4/20/2026,Indication: stroke. This tube has nothing to do,with the colectomy.,Plan: feeds";
        let note = Note::new(text, &scheme()).unwrap();
        assert!(note.view().contains("nothing to do with the colectomy"), "{}", note.view());
        // Before a capital, a number or after a stop the comma is the break.
        assert!(note.view().contains("the colectomy.,") || note.view().contains("the colectomy.\n"), "{}", note.view());
    }

    #[test]
    fn labels_in_capitals_with_no_colon_open_sections_where_a_report_writes_several() {
        let text = "OPERATIVE REPORT DATE OF SERVICE 05/14/2026 POSTOPERATIVE DIAGNOSIS same PROCEDURE delayed closure \
INDICATIONS fasciotomy at County General, CT negative. DESCRIPTION closed in layers. COMPLICATIONS none";
        let note = Note::new(text, &scheme()).unwrap();
        let sections: Vec<(&str, &str)> =
            note.sections().iter().map(|s| (s.name.as_str(), &text[s.header.0..s.header.1])).collect();
        assert!(sections.contains(&("postoperative_diagnosis", "POSTOPERATIVE DIAGNOSIS")), "{sections:?}");
        assert!(sections.contains(&("procedure", "PROCEDURE")), "{sections:?}");
        assert!(sections.contains(&("indications", "INDICATIONS")), "{sections:?}");
        assert!(sections.contains(&("complications", "COMPLICATIONS")), "{sections:?}");
        // "CT" is no label; one word in capitals in prose opens nothing.
        assert!(!sections.iter().any(|(_, h)| *h == "CT"), "{sections:?}");
        let prose = Note::new("He was seen. The PLAN is surgery next week, and the procedure went well.", &scheme()).unwrap();
        assert!(prose.sections().iter().all(|s| s.name != "plan"), "one shouted word is no format");
    }

    #[test]
    fn a_note_typed_in_lower_case_opens_known_sections_after_a_break() {
        let text = "complications: , none.,indications: , a leak after the lobectomy.,plan: , suction; she tolerated the procedure: well.";
        let note = Note::new(text, &scheme()).unwrap();
        let sections: Vec<(&str, &str)> =
            note.sections().iter().map(|s| (s.name.as_str(), &text[s.header.0..s.header.1])).collect();
        assert_eq!(sections, [("complications", "complications"), ("indications", "indications"), ("plan", "plan")]);
    }

    /// The names of a note's sections, in order.
    fn names(text: &str) -> Vec<String> {
        Note::new(text, &scheme()).unwrap().sections().iter().map(|s| s.name.clone()).collect()
    }

    #[test]
    fn a_paragraph_section_ends_at_the_blank_line_after_its_text() {
        // Inline text: the consent speaks for its paragraph; the story after it is no consent.
        assert_eq!(names("Consent: risks incl. bleeding reviewed.\n\nWe agreed at the first stage to come back."), ["consent", "other"]);
        // Alone on its line, the header's text is the paragraph below it.
        assert_eq!(names("Problem list:\n1. S/p R TKA 2019\n2. DM2\n\nPOD 5 s/p CABG."), ["past_history", "other"]);
        // A list after the blank line keeps the section going, and so does a
        // blank line before any text.
        assert_eq!(names("Plan: 1. Ice.\n\n2. F/u 2 wk."), ["plan"]);
        assert_eq!(names("Plan:\n\n1. Ice.\n\n2. F/u 2 wk."), ["plan"]);
        // Sections without the flag run to the next header as before.
        assert_eq!(names("Indications: fracture.\n\nShe fell at home."), ["indications"]);
    }

    #[test]
    fn a_stop_after_a_closed_bracket_ends_the_sentence() {
        let count = |text: &str| Note::new(text, &scheme()).unwrap().sentences().len();
        // The bracket's last letter is no initial: a lower-case sentence starts after it.
        assert_eq!(count("polyp removed w cold snare, retrieved w net (jar A). antrum patchy erythema, cold bx x2."), 2);
        // An initial stays one: "Dr. A. smith" is no sentence end.
        assert_eq!(count("seen by dr A. smith today."), 1);
    }

    #[test]
    fn spaces_around_a_labels_slash_are_no_part_of_it() {
        assert_eq!(names("Procedure: scrotal exploration\nHPI / indications: hernia repair 8/19 by Dr. Cole."), ["procedure", "history"]);
        assert_eq!(names("Procedure: scrotal exploration\nHPI/indications: hernia repair 8/19 by Dr. Cole."), ["procedure", "history"]);
        // A slash inside the text of a line names no label.
        assert_eq!(names("Procedure: scrotal exploration\nDrain / packing left in."), ["procedure"]);
    }

    #[test]
    fn a_paragraph_section_ends_where_a_new_part_opens() {
        // A heading between rules or a numbered session with its clock time
        // opens a new part of the note, as a blank line does, also where the
        // blank line is missing or the export flattened the note.
        assert_eq!(names("Plan: clears, advance if stable.\n=== ADDENDUM - same date 1940 ===\nBrought back down."), ["plan", "other"]);
        assert_eq!(names("Plan: clears, advance if stable.\n#2 -- 21:20, same day\nRescoped."), ["plan", "other"]);
        assert_eq!(names("Scope 1,Plan: clears, advance if stable.,#2 -- 21:20, same day,Rescoped.,Imp: ok"), ["preamble", "plan", "other", "diagnosis"]);
        // A numbered item is no session: "#1 R heel ulcer" goes on the plan.
        assert_eq!(names("Plan: dressings.\n#1 R heel ulcer, silver alginate."), ["plan"]);
    }

    #[test]
    fn known_labels_in_title_case_open_sections_where_lines_were_run_together() {
        let text = "Preop dx: L ankle disruption, retained screws Postop dx: same Procedure: removal of 2 screws \
Indications: I fixed his syndesmosis on 11/3/25. Plan A: boot. He tolerated the procedure: well. Plan: WBAT.";
        let note = Note::new(text, &scheme()).unwrap();
        let sections: Vec<(&str, &str)> =
            note.sections().iter().map(|s| (s.name.as_str(), &text[s.header.0..s.header.1])).collect();
        assert_eq!(
            sections,
            [
                ("preoperative_diagnosis", "Preop dx"),
                ("postoperative_diagnosis", "Postop dx"),
                ("procedure", "Procedure"),
                ("indications", "Indications"),
                ("plan", "Plan"),
            ],
            "\"same Procedure:\" is two fields; \"Plan A:\" and \"the procedure:\" are prose"
        );
    }

    #[test]
    fn a_soap_notes_one_letter_labels_open_sections_after_a_sentence_run_on() {
        let text = "Clinic visit. O: incision red, pus expressed. A: superficial SSI. P: Keflex, if worse back to the OR. \
Plan A: boot. Grade B: mild.";
        let note = Note::new(text, &scheme()).unwrap();
        let sections: Vec<(&str, &str)> =
            note.sections().iter().map(|s| (s.name.as_str(), &text[s.header.0..s.header.1])).collect();
        assert_eq!(
            sections,
            [("preamble", ""), ("findings", "O"), ("diagnosis", "A"), ("plan", "P")],
            "one-letter labels open sections only right after a full stop: \"Plan A:\" is prose"
        );
    }

    #[test]
    fn a_flattened_exports_commas_are_its_written_lines() {
        let text = "OPERATION PERFORMED,Excision of cyst.,PLAN:,  - sutures out 10 d,  - path by phone,s/p repair 1,200 mL";
        let note = Note::new(text, &scheme()).unwrap();
        let at = |w: &str| note.folded().find(w).unwrap();
        let line = |v: usize| {
            let (a, b) = note.written_line(v);
            &note.view()[a..b]
        };
        assert_eq!(line(at("excision")), "Excision of cyst.");
        assert_eq!(note.sections()[0].name, "procedure", "a header alone on its flattened line needs no colon");
        assert_eq!(note.line_layout(at("sutures")), LineLayout { indent: 2, list_item: true });
        assert_eq!(line(at("path")), "- path by phone");
        assert_eq!(line(at("repair")), "s/p repair 1,200 mL", "a thousands group is no line break");
        let span = note.span(at("sutures"), at("path") + 4);
        assert_eq!(&text[span.start..span.end], span.text);
        assert_eq!((span.line, span.text.as_str()), (1, "sutures out 10 d,  - path"));
    }

    #[test]
    fn a_flattened_heading_rule_opens_its_own_line() {
        let text = "Plan: DL today.,=== OPERATIVE REPORT ===,08-Apr-2026 15:45,Procedure: DL";
        let note = Note::new(text, &scheme()).unwrap();
        let (a, b) = note.written_line(note.folded().find("operative").unwrap());
        assert_eq!(&note.view()[a..b], "=== OPERATIVE REPORT ===");
        let below = note.folded().find("08-apr").unwrap();
        assert_eq!(note.previous_written_line(below), Some((a, b)));
    }

    #[test]
    fn a_typed_notes_commas_stay_in_their_line() {
        for text in ["BP 120/80,HR 72, afebrile\nPlan: home", "Seen today.\nR knee,L hip both sore.\nPlan: PT"] {
            let note = Note::new(text, &scheme()).unwrap();
            let (a, b) = note.written_line(note.view().find(',').unwrap());
            assert!(!note.view()[a..b].starts_with(','), "{text:?}");
            assert!(note.view()[a..b].contains(','), "{text:?}");
        }
    }

    #[test]
    fn crlf_lines_end_before_the_next_line() {
        let note = Note::new("Wound A: coccyx\r\nWound A care: debrided\r\n", &scheme()).unwrap();
        let (a, b) = note.written_line(note.view().find("coccyx").unwrap());
        assert_eq!(&note.view()[a..b], "Wound A: coccyx");
    }

    #[test]
    fn capitals_open_no_section_in_a_note_all_in_capitals() {
        let caps = "PROCEDURE: EXCISIONS\n- A) LEFT SHOULDER, POSTERIOR ASPECT: CYST EXCISED\nPLAN: RTC 2 WEEKS";
        assert_eq!(names(caps), ["procedure", "plan"]);
        let mixed = "Procedure: excisions\nSHOULDER AREA: cyst excised\nPlan: RTC";
        assert_eq!(names(mixed), ["procedure", "other", "plan"]);
    }

    #[test]
    fn a_no_break_space_indents_a_line() {
        let note = Note::new("* cyst\n\u{a0}\u{a0}- excision", &scheme()).unwrap();
        assert_eq!(note.line_layout(note.view().find("excision").unwrap()), LineLayout { indent: 2, list_item: true });
    }

    #[test]
    fn a_table_row_is_a_line_of_its_own() {
        assert!(is_table_row("Lap hernia repair w/ mesh  03/17/2026    Fischer, Lena MD"));
        assert!(is_table_row("TKA\t2019\tDr. Ames"));
        // Two spaces after a sentence's end are prose.
        assert!(!is_table_row("Wound clean and dry.  Sutures out.  Return in two weeks as planned"));
        assert!(!is_table_row("A long dictated line that wraps onto the next without any gap"));
    }

    #[test]
    fn sentences_respect_abbreviations_and_hard_wraps() {
        let text = "INDICATIONS: Seen by Dr. Smith approx. 6 wks ago. She is s/p\nright TKA and\nnow has a hematoma.\n\n1. Washout.\n2. Closure.";
        let sents = sentences_of(text);
        assert_eq!(
            sents,
            vec![
                "INDICATIONS: Seen by Dr. Smith approx. 6 wks ago.",
                "She is s/p right TKA and now has a hematoma.",
                "1. Washout.",
                "2. Closure."
            ]
        );
    }

    #[test]
    fn a_closing_abbreviation_before_a_capital_ends_a_sentence() {
        // "per pt." ends its sentence; "Dr." and "e.g." never do, and "pt."
        // before a lower-case word goes on.
        let text = "No biliary sx ever before per pt. Completely separate issue. Seen by Dr. Okafor, e.g. Bactrim given. The pt. was seen.";
        let sents = sentences_of(text);
        assert_eq!(
            sents,
            vec!["No biliary sx ever before per pt.", "Completely separate issue.", "Seen by Dr. Okafor, e.g. Bactrim given.", "The pt. was seen."]
        );
    }

    #[test]
    fn a_flattened_line_of_heading_rules_opens_a_sentence() {
        // "No" must not reach across the flattened break into the next heading.
        let text = "Suction only. No complications.,=== #2 RIGID BRONCHOSCOPY - OR 3 - start 19:35 ===,Interval: rebled.";
        let sents = sentences_of(text);
        assert!(sents.iter().any(|s| s.starts_with("=== #2 RIGID")), "{sents:?}");
        assert!(!sents.iter().any(|s| s.contains("complications") && s.contains("RIGID")), "{sents:?}");
    }

    #[test]
    fn a_flattened_break_read_on_is_found_before_a_capital_only() {
        let text = "Anesthesia: GA, spontaneous vent, no paralytic,Separate trip from the bedside scope,Consent: signed,BP 120/80,HR 72.";
        let note = Note::new(text, &scheme()).unwrap();
        let at = |w: &str| note.view().find(w).unwrap();
        assert!(note.holds_flattened_break(at("no paralytic"), at("Separate")));
        // Prose commas (a space after them) are no break.
        assert!(!note.holds_flattened_break(at("GA"), at("no paralytic")));
        let prose = Note::new("No fever, Chills or sweats.\nSeen today.", &scheme()).unwrap();
        assert!(!prose.holds_flattened_break(0, prose.view().len()));
    }

    #[test]
    fn a_flattened_line_opening_with_a_number_opens_a_sentence() {
        let text = "Indication: accidental removal of EVD.,68F admitted 11/2 w/ aSAH. Hgb 12.5 today.";
        let sents = sentences_of(text);
        assert!(sents.iter().any(|s| s.starts_with("68F admitted")), "{sents:?}");
        assert!(sents.iter().any(|s| *s == "Hgb 12.5 today."), "{sents:?}");
    }

    #[test]
    fn a_full_stop_before_a_lower_case_word_ends_a_sentence() {
        let text = "left mastectomy (completion). pt had a wle by me 2 mar. approx. 6 cm flaps, i.e. to the clavicle. ebl 20. no drains. 1. washout.,She went home. (ii) rectum clear. #2 sigmoid 3 mm, forceps. bx today.,#3 rectum.";
        let sents = sentences_of(text);
        assert_eq!(
            sents,
            vec![
                "left mastectomy (completion).",
                "pt had a wle by me 2 mar.",
                // abbreviations, dotted abbreviations and short numbers go on
                "approx. 6 cm flaps, i.e. to the clavicle.",
                "ebl 20. no drains.",
                "1. washout.,",
                "She went home.",
                "(ii) rectum clear.",
                // a numbered item's hash opens a sentence, in a flattened
                // export too
                "#2 sigmoid 3 mm, forceps.",
                "bx today.,",
                "#3 rectum."
            ]
        );
    }

    #[test]
    fn a_dated_heading_line_is_not_run_on_into_the_next() {
        // In capitals no line is prose, yet a heading that ends in its date and time is still a line.
        let text = "PEDS ED NOTE - RETURN VISIT  2/21/2026 1835\n3 Y/O F. SEEN BY ME EARLIER TODAY FOR R ELBOW.";
        let note = Note::new(text, &scheme()).unwrap();
        assert!(note.folded().starts_with("peds ed note - return visit 2/21/2026 1835\n"), "{:?}", note.folded());
        assert!(ends_dated("OP NOTE 03/09/2026") && ends_dated("ED 2/21/2026 18:35") && !ends_dated("seen on 2/21 at 1835 by"));
    }

    #[test]
    fn words_between_counts_words() {
        let note = Note::new("no sign of a deep hematoma", &scheme()).unwrap();
        assert_eq!(note.words_between(2, note.folded().find("hematoma").unwrap()), 4);
    }
}
