//! Matching: every lexicon phrase compiled into one Aho-Corasick automaton, plus
//! the lexicon's regular expressions, run over a note's folded view.
//!
//! Phrases match whole words only, case-insensitively, across line breaks and
//! repeated spaces (the folded view has already collapsed those). Where phrases
//! of one kind overlap, the leftmost-longest wins; phrases that cover the same
//! span for several lexicon entries are all kept. A pseudo-trigger ("stage II",
//! "return to clinic") suppresses any phrase it overlaps that is not longer.

use crate::lexicon::{Lexicon, PatternKind};
use crate::note::{is_word_char, Note};
use aho_corasick::{AhoCorasick, MatchKind};
use regex_automata::meta::Regex;
use std::collections::HashMap;

/// What a matched phrase belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Owner {
    /// Index into `Lexicon::triggers`.
    Trigger(usize),
    /// Index into `Lexicon::cues`.
    Cue(usize),
    /// A scope terminator.
    Terminator,
    /// Index into `Lexicon::procedures`.
    Procedure(usize),
    /// A pseudo-trigger.
    Pseudo,
}

impl Owner {
    fn class(self) -> u8 {
        match self {
            Owner::Trigger(_) => 0,
            Owner::Cue(_) | Owner::Terminator => 1,
            Owner::Procedure(_) => 2,
            Owner::Pseudo => 3,
        }
    }
}

/// A phrase or pattern found in the note, as a folded-view range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    /// View byte offset of the first character.
    pub start: usize,
    /// View byte offset one past the last character.
    pub end: usize,
    /// What it belongs to.
    pub owner: Owner,
    /// Which of the owner's `patterns` found it (`None`: one of its phrases).
    pub pattern: Option<u32>,
}

/// A regular-expression extraction (a date, a post-op day, a code).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Extraction {
    /// View byte offset of the first character.
    pub start: usize,
    /// View byte offset one past the last character.
    pub end: usize,
    /// What it extracts.
    pub kind: PatternKind,
    /// Id of the lexicon pattern.
    pub pattern: String,
    /// Named groups that matched, by name.
    pub fields: Vec<(String, String)>,
}

impl Extraction {
    /// The text of a named group.
    pub fn field(&self, name: &str) -> Option<&str> {
        self.fields.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }
}

/// Everything found in one note, each list in note order.
#[derive(Debug, Clone, Default)]
pub struct Matches {
    /// Trigger phrases.
    pub triggers: Vec<Hit>,
    /// Context cues and terminators.
    pub cues: Vec<Hit>,
    /// Procedure names.
    pub procedures: Vec<Hit>,
    /// Pattern extractions.
    pub extractions: Vec<Extraction>,
}

/// The compiled matcher for one lexicon; build once, run on many notes.
#[derive(Debug, Clone)]
pub struct Matcher {
    automaton: AhoCorasick,
    owners: Vec<Vec<Owner>>,
    edges: Vec<(bool, bool)>,
    regexes: Vec<(Regex, Owner, u32)>,
    /// Each pattern with its kind, id and named groups.
    patterns: Vec<(Regex, PatternKind, String, Vec<String>)>,
}

/// What a matcher is built for: its regexes trade build time for search speed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tuning {
    /// Many notes (batch, audit, serve, eval): regexes get literal
    /// prefilters, which take milliseconds to build and search faster.
    #[default]
    ManyNotes,
    /// One note (`suggest`): regexes as the lexicon built them, no prefilter,
    /// so that the process starts and exits sooner.
    OneNote,
}

impl Matcher {
    /// Compiles every phrase and pattern of `lexicon`, for many notes.
    pub fn new(lexicon: &Lexicon) -> Matcher {
        Matcher::with_tuning(lexicon, Tuning::ManyNotes)
    }

    /// Compiles every phrase and pattern of `lexicon`, tuned as asked.
    pub fn with_tuning(lexicon: &Lexicon, tuning: Tuning) -> Matcher {
        let compile = |r: &crate::lexicon::Regex| match tuning {
            Tuning::ManyNotes => r.for_many_notes(),
            Tuning::OneNote => r.compiled().clone(),
        };
        let mut index: HashMap<String, usize> = HashMap::new();
        let mut phrases: Vec<String> = Vec::new();
        let mut owners: Vec<Vec<Owner>> = Vec::new();
        let mut add = |phrase: &str, owner: Owner| {
            let id = *index.entry(phrase.to_string()).or_insert_with(|| {
                phrases.push(phrase.to_string());
                owners.push(Vec::new());
                phrases.len() - 1
            });
            if !owners[id].contains(&owner) {
                owners[id].push(owner);
            }
        };
        for (i, t) in lexicon.triggers.iter().enumerate() {
            t.phrases.iter().for_each(|p| add(p, Owner::Trigger(i)));
        }
        for (i, c) in lexicon.cues.iter().enumerate() {
            c.phrases.iter().for_each(|p| add(p, Owner::Cue(i)));
        }
        for t in &lexicon.terminators {
            t.phrases.iter().for_each(|p| add(p, Owner::Terminator));
        }
        for p in &lexicon.pseudos {
            p.phrases.iter().for_each(|ph| add(ph, Owner::Pseudo));
        }
        for (i, p) in lexicon.procedures.iter().enumerate() {
            p.phrases.iter().for_each(|ph| add(ph, Owner::Procedure(i)));
        }
        let edges = phrases
            .iter()
            .map(|p| {
                (
                    p.chars().next().is_some_and(is_word_char),
                    p.chars().next_back().is_some_and(is_word_char),
                )
            })
            .collect();
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .build(&phrases)
            .expect("lexicon phrases are plain strings");
        let mut regexes = Vec::new();
        for (i, t) in lexicon.triggers.iter().enumerate() {
            regexes.extend(t.patterns.iter().enumerate().map(|(k, r)| (compile(r), Owner::Trigger(i), k as u32)));
        }
        for (i, c) in lexicon.cues.iter().enumerate() {
            regexes.extend(c.patterns.iter().enumerate().map(|(k, r)| (compile(r), Owner::Cue(i), k as u32)));
        }
        for p in &lexicon.pseudos {
            regexes.extend(p.patterns.iter().enumerate().map(|(k, r)| (compile(r), Owner::Pseudo, k as u32)));
        }
        let patterns = lexicon
            .patterns
            .iter()
            .map(|p| {
                let regex = compile(&p.regex);
                let names =
                    regex.group_info().pattern_names(regex_automata::PatternID::ZERO).flatten().map(str::to_string).collect();
                (regex, p.kind, p.id.clone(), names)
            })
            .collect();
        Matcher { automaton, owners, edges, regexes, patterns }
    }

    /// Finds every phrase, cue, procedure name and pattern in `note`.
    pub fn find(&self, note: &Note) -> Matches {
        let hay = note.folded();
        let mut candidates: Vec<Hit> = Vec::new();
        for m in self.automaton.find_overlapping_iter(hay) {
            let (s, e) = (m.start(), m.end());
            let (word_start, word_end) = self.edges[m.pattern().as_usize()];
            if word_start && hay[..s].chars().next_back().is_some_and(is_word_char) {
                continue;
            }
            if word_end && hay[e..].chars().next().is_some_and(is_word_char) {
                continue;
            }
            for &owner in &self.owners[m.pattern().as_usize()] {
                candidates.push(Hit { start: s, end: e, owner, pattern: None });
            }
        }
        for (re, owner, k) in &self.regexes {
            for m in re.find_iter(hay) {
                if m.start() < m.end() {
                    candidates.push(Hit { start: m.start(), end: m.end(), owner: *owner, pattern: Some(*k) });
                }
            }
        }
        // A hit inside (overlapping, and no longer than) a pseudo-trigger is
        // dropped. Pseudo spans sorted by start; only those starting less than
        // the longest pseudo's length before the hit can overlap it.
        let mut pseudo: Vec<(usize, usize)> =
            candidates.iter().filter(|h| h.owner == Owner::Pseudo).map(|h| (h.start, h.end)).collect();
        pseudo.sort_unstable();
        let longest = pseudo.iter().map(|&(ps, pe)| pe - ps).max().unwrap_or(0);
        candidates.retain(|h| {
            if h.owner == Owner::Pseudo {
                return false;
            }
            let from = pseudo.partition_point(|&(ps, _)| ps + longest <= h.start);
            !pseudo[from..]
                .iter()
                .take_while(|&&(ps, _)| ps < h.end)
                .any(|&(ps, pe)| h.start < pe && ps < h.end && h.end - h.start <= pe - ps)
        });
        let mut out = Matches::default();
        for class in 0..3u8 {
            let mut of_class: Vec<Hit> = candidates.iter().copied().filter(|h| h.owner.class() == class).collect();
            of_class.sort_by(|a, b| {
                a.start.cmp(&b.start).then(b.end.cmp(&a.end)).then(a.owner.cmp(&b.owner)).then(a.pattern.cmp(&b.pattern))
            });
            let kept = leftmost_longest(of_class);
            match class {
                0 => out.triggers = kept,
                1 => out.cues = kept,
                _ => out.procedures = kept,
            }
        }
        for (re, kind, id, names) in &self.patterns {
            for caps in re.captures_iter(hay) {
                let Some(whole) = caps.get_match() else { continue };
                let fields = names
                    .iter()
                    .filter_map(|n| caps.get_group_by_name(n).map(|g| (n.clone(), hay[g.range()].to_string())))
                    .collect();
                out.extractions.push(Extraction {
                    start: whole.start(),
                    end: whole.end(),
                    kind: *kind,
                    pattern: id.clone(),
                    fields,
                });
            }
        }
        out.extractions.sort_by(|a, b| a.start.cmp(&b.start).then(a.end.cmp(&b.end)).then(a.pattern.cmp(&b.pattern)));
        out
    }
}

/// Keeps the leftmost-longest non-overlapping hits of a sorted list; hits with
/// exactly the kept span (other owners of the same phrase) are kept too.
fn leftmost_longest(sorted: Vec<Hit>) -> Vec<Hit> {
    let mut kept: Vec<Hit> = Vec::with_capacity(sorted.len());
    let mut last_end = 0;
    let mut last_span = None;
    for h in sorted {
        if Some((h.start, h.end)) == last_span {
            if !kept.iter().rev().take_while(|k| (k.start, k.end) == (h.start, h.end)).any(|k| k.owner == h.owner) {
                kept.push(h);
            }
            continue;
        }
        if h.start >= last_end {
            last_end = h.end;
            last_span = Some((h.start, h.end));
            kept.push(h);
        }
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::note::NoteScheme;

    fn run(text: &str) -> (Note, Matches, Lexicon) {
        let lex = Lexicon::builtin().unwrap();
        let note = Note::new(text, &NoteScheme::new(&lex)).unwrap();
        let m = Matcher::new(&lex).find(&note);
        (note, m, lex)
    }

    fn trigger_texts(note: &Note, m: &Matches) -> Vec<String> {
        m.triggers.iter().map(|h| note.span(h.start, h.end).text).collect()
    }

    #[test]
    fn phrases_match_whole_words_across_line_breaks_longest_first() {
        let (note, m, _) = run("She was TAKEN BACK to the\r\n   operating room for hematomas and an expanding hematoma.");
        let texts = trigger_texts(&note, &m);
        assert!(texts.contains(&"TAKEN BACK to the\r\n   operating room".to_string()), "{texts:?}");
        assert!(texts.contains(&"expanding hematoma".to_string()), "{texts:?}");
        // "hematomas" is not the whole word "hematoma".
        assert!(!texts.iter().any(|t| t == "hematoma"), "{texts:?}");
    }

    #[test]
    fn pseudo_triggers_suppress_lookalikes() {
        let (note, m, _) = run("Stage II adenocarcinoma of the second toe. Return to clinic in 2 weeks.");
        let texts = trigger_texts(&note, &m);
        assert!(texts.is_empty(), "{texts:?}");
    }

    #[test]
    fn patterns_extract_dates_and_post_op_days() {
        let (_, m, _) = run("S/p right TKA on 01/10/2026, now POD #12, seen 6 weeks ago.");
        let kinds: Vec<PatternKind> = m.extractions.iter().map(|e| e.kind).collect();
        assert!(kinds.contains(&PatternKind::Date));
        assert!(kinds.contains(&PatternKind::PostOpDay));
        assert!(kinds.contains(&PatternKind::Ago));
        let pod = m.extractions.iter().find(|e| e.kind == PatternKind::PostOpDay).unwrap();
        assert_eq!(pod.field("n"), Some("12"));
    }

    #[test]
    fn procedures_are_found() {
        let (note, m, lex) = run("s/p left total knee arthroplasty");
        let p = m.procedures.first().unwrap();
        assert_eq!(note.span(p.start, p.end).text, "total knee arthroplasty");
        let Owner::Procedure(i) = p.owner else { panic!() };
        assert_eq!(lex.procedures[i].code.as_deref(), Some("27447"));
    }
}
