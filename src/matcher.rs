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
use regex_automata::util::captures::Captures;
use regex_automata::{Anchored, Input};
use std::collections::{HashMap, HashSet};

use crate::tokens::is_word_byte;

/// A fast, fixed-seed hasher for the matcher's short-lived word sets and
/// string tables (SipHash cost a tenth of `suggest`); fixed, so nothing
/// depends on a random seed.
type FastHash = foldhash::fast::FixedState;

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

/// What a trigger names, for the layers its hits are kept in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TriggerKind {
    Site,
    /// A service: the words for a line's work ("closed reduction"), kept in
    /// a layer of their own, so a longer evidence phrase that holds them
    /// ("another closed reduction") still leaves the work named.
    Service,
    /// Words whose places are real places: a new problem ("caught his right
    /// shin", "the other knee").
    NamesPlaces,
    Evidence,
}

impl TriggerKind {
    fn of(category: crate::model::Category) -> TriggerKind {
        use crate::model::Category;
        match category {
            Category::Site => TriggerKind::Site,
            Category::Service => TriggerKind::Service,
            Category::Unrelated => TriggerKind::NamesPlaces,
            _ => TriggerKind::Evidence,
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
#[derive(Debug, Clone, Default, PartialEq, Eq)]
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
///
/// One Aho-Corasick automaton holds every phrase and every lead literal of
/// the lexicon's expressions (see [`crate::lexicon::Regex::leads`]). A note
/// is scanned once; each expression then runs anchored only where one of its
/// leads was found, and an expression whose leads are absent costs nothing.
#[derive(Debug, Clone)]
pub struct Matcher {
    automaton: AhoCorasick,
    /// For each automaton pattern: its owners, and whether it needs a word
    /// boundary before and after (phrases; leads never do).
    entries: Vec<Entry>,
    searches: Vec<Search>,
    /// For each trigger: what it names, a place (category `site`), words
    /// whose places are real (a service, a new problem), or other evidence.
    /// Places keep their own leftmost-longest layer, so a site named inside a
    /// service or new-problem phrase ("removal of clavicle plate", "caught his
    /// right shin") stays; one inside other evidence ("as planned at the
    /// index procedure") goes, as the longer phrase says what the words mean.
    trigger_kinds: Vec<TriggerKind>,
    /// Identifies this matcher's per-thread scratch (clones share it).
    id: u64,
}

#[derive(Debug, Clone)]
struct Entry {
    owners: Vec<Owner>,
    /// Indexes into `Matcher::searches` of the expressions this string leads.
    leads: Vec<usize>,
    word_start: bool,
    word_end: bool,
}

/// One lexicon expression and what its matches become.
#[derive(Debug, Clone)]
struct Search {
    regex: crate::lexicon::Regex,
    /// The prefilter-built form, for an expression without leads scanned
    /// over many notes (`None`: the plain compiled form is used).
    whole_note: Option<Regex>,
    /// Run the quick-to-build form (one note) rather than the full one.
    quick: bool,
    yields: Yields,
}

impl Search {
    /// The matches of this expression in `hay`, given where its leads begin
    /// (`None`: it cannot match here); `scan_all` scans the whole note.
    fn ranges(
        &self,
        hay: &str,
        starts: &mut Vec<usize>,
        cache: Option<&mut Option<regex_automata::meta::Cache>>,
        scan_all: bool,
    ) -> Option<Vec<(usize, usize)>> {
        if self.regex.leads().is_none() || scan_all {
            let re = self.whole_note.as_ref().unwrap_or_else(|| self.regex.compiled());
            return Some(re.find_iter(hay).map(|m| (m.start(), m.end())).collect());
        }
        if starts.is_empty() {
            return None;
        }
        // Before compiling an expression for one note, checking that one of
        // its suffixes occurs at all is the cheaper bet.
        let compiles = self.quick && !self.regex.is_compiled() && self.regex.program().is_none();
        if compiles && self.regex.cannot_match(hay) {
            return None;
        }
        starts.sort_unstable();
        starts.dedup();
        if let (true, Some(program)) = (self.quick, self.regex.program()) {
            return Some(anchored_matches(starts, |at| program.match_at(hay.as_bytes(), at)));
        }
        let re = self.engine();
        let mut own = cache.map(|c| c.get_or_insert_with(|| re.create_cache()));
        Some(anchored_matches(starts, |at| {
            let input = Input::new(hay).range(at..).anchored(Anchored::Yes);
            match own.as_deref_mut() {
                Some(c) => re.search_with(c, &input),
                None => re.search(&input),
            }
            .map(|m| m.end())
        }))
    }

    /// The compiled form anchored searches run.
    fn engine(&self) -> &Regex {
        if self.quick {
            self.regex.quick()
        } else {
            self.regex.compiled()
        }
    }
}

#[derive(Debug, Clone)]
enum Yields {
    /// A trigger, cue or pseudo hit found by the owner's pattern `k`.
    Hit(Owner, u32),
    /// An extraction (an index into `Lexicon::patterns`).
    Extraction(PatternKind, String),
}

/// What a matcher is built for: its regexes trade build time for search speed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tuning {
    /// Many notes (batch, audit, serve, eval): expressions without lead
    /// literals get literal prefilters, which take milliseconds to build and
    /// search faster.
    #[default]
    ManyNotes,
    /// One note (`suggest`): nothing is built that the note may not need, so
    /// that the process starts and exits sooner.
    OneNote,
}

impl Matcher {
    /// Compiles every phrase and pattern of `lexicon`, for many notes.
    pub fn new(lexicon: &Lexicon) -> Matcher {
        Matcher::with_tuning(lexicon, Tuning::ManyNotes)
    }

    /// Compiles every phrase and pattern of `lexicon`, tuned as asked.
    pub fn with_tuning(lexicon: &Lexicon, tuning: Tuning) -> Matcher {
        Matcher::build(lexicon, tuning, None)
    }

    /// A matcher for one note that holds only the phrases and leads that can
    /// match in it: a phrase whose first word is not a word of the note, or a
    /// lead that begins no word of the note, cannot (see
    /// [`NoteWords`]). It finds exactly what [`Matcher::new`] finds in that
    /// note, and builds in a fraction of the time: what `suggest` uses.
    pub fn for_note(lexicon: &Lexicon, note: &Note) -> Matcher {
        Matcher::build(lexicon, Tuning::OneNote, Some(&NoteWords::of(note.folded())))
    }

    fn build(lexicon: &Lexicon, tuning: Tuning, words: Option<&NoteWords>) -> Matcher {
        let mut searches: Vec<Search> = Vec::new();
        let mut add_search = |regex: &crate::lexicon::Regex, yields: Yields| {
            let whole_note = (tuning == Tuning::ManyNotes && regex.leads().is_none()).then(|| regex.for_many_notes());
            searches.push(Search { regex: regex.clone(), whole_note, quick: tuning == Tuning::OneNote, yields });
        };
        for (i, t) in lexicon.triggers.iter().enumerate() {
            t.patterns.iter().enumerate().for_each(|(k, r)| add_search(r, Yields::Hit(Owner::Trigger(i), k as u32)));
        }
        for (i, c) in lexicon.cues.iter().enumerate() {
            c.patterns.iter().enumerate().for_each(|(k, r)| add_search(r, Yields::Hit(Owner::Cue(i), k as u32)));
        }
        for p in &lexicon.pseudos {
            p.patterns.iter().enumerate().for_each(|(k, r)| add_search(r, Yields::Hit(Owner::Pseudo, k as u32)));
        }
        for (i, p) in lexicon.procedures.iter().enumerate() {
            p.patterns.iter().enumerate().for_each(|(k, r)| add_search(r, Yields::Hit(Owner::Procedure(i), k as u32)));
        }
        for p in &lexicon.patterns {
            add_search(&p.regex, Yields::Extraction(p.kind, p.id.clone()));
        }

        let mut table = StringTable::default();
        let mut phrase_ids: Vec<(usize, Owner)> = Vec::new();
        let owned = lexicon
            .triggers
            .iter()
            .enumerate()
            .flat_map(|(i, t)| t.phrases.iter().map(move |p| (p, Owner::Trigger(i))))
            .chain(lexicon.cues.iter().enumerate().flat_map(|(i, c)| c.phrases.iter().map(move |p| (p, Owner::Cue(i)))))
            .chain(lexicon.terminators.iter().flat_map(|t| t.phrases.iter().map(|p| (p, Owner::Terminator))))
            .chain(lexicon.pseudos.iter().flat_map(|t| t.phrases.iter().map(|p| (p, Owner::Pseudo))))
            .chain(
                lexicon
                    .procedures
                    .iter()
                    .enumerate()
                    .flat_map(|(i, p)| p.phrases.iter().map(move |ph| (ph, Owner::Procedure(i)))),
            );
        for (phrase, owner) in owned {
            if words.is_none_or(|w| w.may_hold_phrase(phrase)) {
                phrase_ids.push((table.intern(phrase), owner));
            }
        }
        let mut lead_ids: Vec<(usize, usize)> = Vec::new();
        for (si, search) in searches.iter().enumerate() {
            if words.is_some_and(|w| !w.hold_required(search.regex.required_words())) {
                continue;
            }
            for lead in search.regex.leads().into_iter().flatten() {
                if words.is_none_or(|w| w.may_hold_lead(lead, search.regex.starts_words())) {
                    lead_ids.push((table.intern(lead), si));
                }
            }
        }
        let StringTable { strings, mut entries, .. } = table;
        for (id, owner) in phrase_ids {
            let e = &mut entries[id];
            if e.owners.is_empty() {
                e.word_start = strings[id].chars().next().is_some_and(is_word_char);
                e.word_end = strings[id].chars().next_back().is_some_and(is_word_char);
            }
            if !e.owners.contains(&owner) {
                e.owners.push(owner);
            }
        }
        for (id, si) in lead_ids {
            if !entries[id].leads.contains(&si) {
                entries[id].leads.push(si);
            }
        }
        // For one note, the automaton that builds fastest (no DFA, no
        // prefilter) is searched once over a few kilobytes.
        let one_note = words.is_some();
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .kind(one_note.then_some(aho_corasick::AhoCorasickKind::NoncontiguousNFA))
            .prefilter(!one_note)
            .build(&strings)
            .expect("lexicon phrases are plain strings");
        let id = NEXT_MATCHER_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let trigger_kinds = lexicon.triggers.iter().map(|t| TriggerKind::of(t.category)).collect();
        Matcher { automaton, entries, searches, trigger_kinds, id }
    }

    /// Finds every phrase, cue, procedure name and pattern in `note`.
    pub fn find(&self, note: &Note) -> Matches {
        self.find_in(note, false)
    }

    /// What [`Matcher::find`] must find, found the slow way: every expression
    /// scanned over the whole note, leads or not. Tests compare the two.
    pub fn find_by_scanning(&self, note: &Note) -> Matches {
        self.find_in(note, true)
    }

    fn find_in(&self, note: &Note, scan_all: bool) -> Matches {
        SCRATCH.with(|cell| match cell.try_borrow_mut() {
            Ok(mut kept) => {
                // The scratch of this matcher, or a new one in place of the
                // one used longest ago (a thread may use a few matchers).
                let at = match kept.iter().position(|s| s.matcher == self.id) {
                    Some(at) => at,
                    None if kept.len() < KEPT_SCRATCH => {
                        kept.push(Scratch::default());
                        kept.len() - 1
                    }
                    None => 0,
                };
                let mut scratch = kept.remove(at);
                let found = self.find_with(note, scan_all, &mut scratch);
                kept.push(scratch);
                found
            }
            Err(_) => self.find_with(note, scan_all, &mut Scratch::default()),
        })
    }

    /// One automaton scan: phrase hits (whole words) and, in `starts`, where
    /// each expression's leads begin.
    fn phrase_hits(&self, hay: &str, starts: &mut [Vec<usize>]) -> Vec<Hit> {
        let mut candidates: Vec<Hit> = Vec::new();
        for m in self.automaton.find_overlapping_iter(hay) {
            let (s, e) = (m.start(), m.end());
            let entry = &self.entries[m.pattern().as_usize()];
            for &si in &entry.leads {
                starts[si].push(s);
            }
            if entry.owners.is_empty() {
                continue;
            }
            if entry.word_start && hay[..s].chars().next_back().is_some_and(is_word_char) {
                continue;
            }
            if entry.word_end && hay[e..].chars().next().is_some_and(is_word_char) {
                continue;
            }
            for &owner in &entry.owners {
                candidates.push(Hit { start: s, end: e, owner, pattern: None });
            }
        }
        candidates
    }

    fn find_with(&self, note: &Note, scan_all: bool, scratch: &mut Scratch) -> Matches {
        let hay = note.folded();
        scratch.prepare(self.id, self.searches.len());
        let mut candidates = self.phrase_hits(hay, &mut scratch.starts);
        let mut out = Matches::default();
        for (si, search) in self.searches.iter().enumerate() {
            if let (true, Yields::Extraction(kind, id)) = (scan_all, &search.yields) {
                out.extractions.extend(scanned_extractions(search.regex.compiled(), hay, *kind, id));
                continue;
            }
            // A thread's own cache, not one from the regex's shared pool: the
            // engines for many notes, outside the reference scan.
            let cache = (!scan_all && !search.quick).then(|| &mut scratch.caches[si]);
            let Some(ranges) = search.ranges(hay, &mut scratch.starts[si], cache, scan_all) else { continue };
            match &search.yields {
                Yields::Hit(owner, k) => candidates.extend(
                    ranges
                        .into_iter()
                        .filter(|(s, e)| s < e)
                        .map(|(start, end)| Hit { start, end, owner: *owner, pattern: Some(*k) }),
                ),
                Yields::Extraction(kind, id) => {
                    out.extractions.extend(ranges.into_iter().map(|r| extraction(search.engine(), hay, r, *kind, id)))
                }
            }
        }
        let candidates = within_sections(note, outside_pseudos(candidates));
        let order = |a: &Hit, b: &Hit| {
            a.start.cmp(&b.start).then(b.end.cmp(&a.end)).then(a.owner.cmp(&b.owner)).then(a.pattern.cmp(&b.pattern))
        };
        let kind = |h: &Hit| match h.owner {
            Owner::Trigger(i) => self.trigger_kinds.get(i).copied().unwrap_or(TriggerKind::Evidence),
            _ => TriggerKind::Evidence,
        };
        for class in 0..3u8 {
            let of_class = candidates.iter().copied().filter(|h| h.owner.class() == class);
            // Sites, services and the other triggers are three layers, each
            // kept leftmost-longest on its own, then merged in order; a site
            // inside kept evidence that names no places goes.
            let (mut places, others): (Vec<Hit>, Vec<Hit>) = of_class.partition(|h| kind(h) == TriggerKind::Site);
            let (mut services, mut rest): (Vec<Hit>, Vec<Hit>) = others.into_iter().partition(|h| kind(h) == TriggerKind::Service);
            places.sort_by(order);
            services.sort_by(order);
            rest.sort_by(order);
            let mut kept = leftmost_longest(rest);
            kept.extend(leftmost_longest(services));
            kept.sort_by(order);
            let evidence: Vec<(usize, usize)> = kept.iter().filter(|h| kind(h) == TriggerKind::Evidence).map(|h| (h.start, h.end)).collect();
            // The kept evidence is sorted and does not overlap: the one that
            // could hold a place is the last to start at or before it.
            let inside_evidence = |p: &Hit| {
                let i = evidence.partition_point(|&(s, _)| s <= p.start);
                i > 0 && p.end <= evidence[i - 1].1
            };
            kept.extend(leftmost_longest(places).into_iter().filter(|p| !inside_evidence(p)));
            kept.sort_by(order);
            match class {
                0 => out.triggers = kept,
                1 => out.cues = kept,
                _ => out.procedures = kept,
            }
        }
        out.extractions.sort_by(|a, b| a.start.cmp(&b.start).then(a.end.cmp(&b.end)).then(a.pattern.cmp(&b.pattern)));
        out
    }
}

/// The maximal runs of word characters ([`is_word_char`]) of `text`.
fn word_runs(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !is_word_char(c)).filter(|w| !w.is_empty())
}

/// The words of one note's folded view: what decides which phrases and
/// leads a per-note matcher needs.
#[derive(Debug, Default)]
pub struct NoteWords<'a> {
    /// Maximal runs of word characters ([`is_word_char`]), for whole-word
    /// lookups (a set: every phrase of the lexicon is looked up).
    words: HashSet<&'a str, FastHash>,
    /// Maximal runs of ASCII word characters (`[0-9a-z_]` in the folded view),
    /// where an ASCII `\b` can begin a match.
    ascii_words: Vec<&'a str>,
}

impl<'a> NoteWords<'a> {
    /// Collects the words of `folded`.
    pub fn of(folded: &'a str) -> NoteWords<'a> {
        let words = word_runs(folded).collect();
        let mut ascii_words: Vec<&str> =
            folded.split(|c: char| !(c.is_ascii() && is_word_byte(c as u8))).filter(|w| !w.is_empty()).collect();
        ascii_words.sort_unstable();
        ascii_words.dedup();
        NoteWords { words, ascii_words }
    }

    /// Whether `phrase` can match whole-word in the note. A phrase matches
    /// whole words at its ends, and its inner words lie between its own
    /// non-word characters, so every maximal run of word characters in the
    /// phrase must be a whole word of the note. (A phrase is folded like the
    /// note's view, so the runs are the same on both sides.)
    pub fn may_hold_phrase(&self, phrase: &str) -> bool {
        word_runs(phrase).all(|w| self.words.contains(w))
    }

    /// Whether the note holds one word of each list (see
    /// [`crate::lexicon::Regex::required_words`]).
    pub fn hold_required(&self, required: &[Vec<crate::tokens::WordHead>]) -> bool {
        required.iter().all(|heads| {
            heads.iter().any(|h| {
                let at = self.ascii_words.partition_point(|w| *w < h.text.as_str());
                self.ascii_words
                    .get(at)
                    .is_some_and(|w| *w == h.text || (h.prefix && w.starts_with(h.text.as_str())))
            })
        })
    }

    /// Whether `lead`, a literal every match of an expression begins with,
    /// can occur in the note. The lead is found byte for byte in the folded
    /// view, so each of its maximal runs of ASCII word characters with a
    /// non-word character after it is a whole ASCII word of the note when
    /// something also bounds it on the left: a non-word character of the
    /// lead, or, for the first run, an expression that begins matches at word
    /// starts (`starts_word`). A bounded run at the lead's end only begins a
    /// note word ("stag" of "staged"); a run unbounded on the left proves
    /// nothing.
    pub fn may_hold_lead(&self, lead: &str, starts_word: bool) -> bool {
        let bytes = lead.as_bytes();
        let mut at = 0;
        while at < bytes.len() {
            if !is_word_byte(bytes[at]) {
                at += 1;
                continue;
            }
            let start = at;
            while at < bytes.len() && is_word_byte(bytes[at]) {
                at += 1;
            }
            let (run, left_bounded, right_bounded) = (&lead[start..at], start > 0 || starts_word, at < bytes.len());
            let present = match (left_bounded, right_bounded) {
                (true, true) => self.ascii_words.binary_search(&run).is_ok(),
                (true, false) => self.has_ascii_word_starting(run),
                (false, _) => true,
            };
            if !present {
                return false;
            }
        }
        true
    }

    fn has_ascii_word_starting(&self, head: &str) -> bool {
        let at = self.ascii_words.partition_point(|w| *w < head);
        self.ascii_words.get(at).is_some_and(|w| w.starts_with(head))
    }
}

/// Per-thread working memory of a matcher: regex
/// caches (one per expression, instead of taking them from each regex's
/// shared pool, which contends across threads) and the lead-position lists,
/// reused from note to note.
#[derive(Default)]
struct Scratch {
    matcher: u64,
    caches: Vec<Option<regex_automata::meta::Cache>>,
    starts: Vec<Vec<usize>>,
}

impl Scratch {
    /// Ready for a note of matcher `id` with `searches` expressions.
    fn prepare(&mut self, id: u64, searches: usize) {
        if self.matcher != id || self.starts.len() != searches {
            *self = Scratch { matcher: id, caches: (0..searches).map(|_| None).collect(), starts: vec![Vec::new(); searches] };
        }
        self.starts.iter_mut().for_each(Vec::clear);
    }
}

/// How many matchers' scratch a thread keeps, most recently used last.
const KEPT_SCRATCH: usize = 4;

thread_local! {
    static SCRATCH: std::cell::RefCell<Vec<Scratch>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Distinct ids for matchers (0 is no matcher).
static NEXT_MATCHER_ID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

/// The automaton's strings, each once, with what each stands for.
#[derive(Default)]
struct StringTable<'a> {
    index: HashMap<&'a str, usize, FastHash>,
    strings: Vec<&'a str>,
    entries: Vec<Entry>,
}

impl<'a> StringTable<'a> {
    fn intern(&mut self, s: &'a str) -> usize {
        let (strings, entries) = (&mut self.strings, &mut self.entries);
        *self.index.entry(s).or_insert_with(|| {
            strings.push(s);
            entries.push(Entry { owners: Vec::new(), leads: Vec::new(), word_start: false, word_end: false });
            entries.len() - 1
        })
    }
}

/// The matches a left-to-right scan of an expression finds (leftmost-first,
/// non-overlapping), given every place a match can begin (sorted) and the end
/// of the match an anchored search finds at a place: at each candidate past
/// the previous match, the anchored match is the one the scan finds there.
fn anchored_matches(starts: &[usize], mut end_of_match_at: impl FnMut(usize) -> Option<usize>) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut resume = 0;
    for &at in starts {
        if at < resume {
            continue;
        }
        if let Some(end) = end_of_match_at(at) {
            out.push((at, end));
            resume = end.max(at + 1);
        }
    }
    out
}

/// Every extraction of `re` in `hay`, by a scan with captures (the reference
/// for [`extraction`] at anchored matches).
fn scanned_extractions(re: &Regex, hay: &str, kind: PatternKind, id: &str) -> Vec<Extraction> {
    re.captures_iter(hay)
        .filter_map(|caps| {
            let whole = caps.get_match()?;
            Some(extraction_of(&caps, hay, (whole.start(), whole.end()), kind, id))
        })
        .collect()
}

/// The extraction for the match `range` of `re`, with its named groups.
fn extraction(re: &Regex, hay: &str, (start, end): (usize, usize), kind: PatternKind, id: &str) -> Extraction {
    let mut caps = re.create_captures();
    re.search_captures(&Input::new(hay).range(start..).anchored(Anchored::Yes), &mut caps);
    extraction_of(&caps, hay, (start, end), kind, id)
}

/// The named group that, where a pattern has it, is the extraction's span
/// instead of the whole match: the words around it only place it ("0930 -"
/// opening a log entry is the time 09:30, the dash after it is the log's).
const SPAN_GROUP: &str = "at";

/// What one match's captures extract, read the same way by the scan and
/// the anchored search: the named groups as fields, and the span of the
/// whole match (`whole`) or of its [`SPAN_GROUP`].
fn extraction_of(caps: &Captures, hay: &str, whole: (usize, usize), kind: PatternKind, id: &str) -> Extraction {
    let fields = caps
        .group_info()
        .pattern_names(regex_automata::PatternID::ZERO)
        .flatten()
        .filter_map(|n| caps.get_group_by_name(n).map(|g| (n.to_string(), hay[g.range()].to_string())))
        .collect();
    let (start, end) = caps.get_group_by_name(SPAN_GROUP).map_or(whole, |g| (g.start, g.end));
    Extraction { start, end, kind, pattern: id.to_string(), fields }
}

/// Drops hits that run on into a section's label where the lines were run
/// together with nothing but a space between the fields: "Post-op: same
/// Procedure: R cystoscopy" holds "same procedure" only across the start of
/// the "Procedure:" field. A label after punctuation may end a phrase ("from
/// that op note, PLAN: ...").
fn within_sections(note: &Note, mut candidates: Vec<Hit>) -> Vec<Hit> {
    let folded = note.folded();
    let run_on = |v: usize| folded.get(..v).is_some_and(|t| t.trim_end_matches(' ').chars().next_back().is_some_and(char::is_alphanumeric));
    let labels: Vec<usize> = note
        .sections()
        .iter()
        .filter(|s| s.header.1 > s.header.0)
        .map(|s| note.view_offset(s.header.0))
        .filter(|&v| run_on(v))
        .collect();
    candidates.retain(|h| {
        let i = labels.partition_point(|&l| l <= h.start);
        labels.get(i).is_none_or(|&l| l >= h.end)
    });
    candidates
}

/// Drops the pseudo-triggers, and every hit inside (overlapping, and no
/// longer than) one. Pseudo spans sorted by start; only those starting less
/// than the longest pseudo's length before a hit can overlap it.
fn outside_pseudos(mut candidates: Vec<Hit>) -> Vec<Hit> {
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
    candidates
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
    fn no_phrase_runs_on_into_a_fields_label() {
        // Lines run together: "same" ends the Post-op field, "Procedure:" opens the next.
        let (note, m, _) = run("Pre-op dx: R renal stone. Post-op: same Procedure: R ureteroscopy. Same procedure as last year.");
        let texts = trigger_texts(&note, &m);
        assert!(!texts.iter().any(|t| t == "same Procedure"), "{texts:?}");
        assert!(texts.iter().any(|t| t == "Same procedure"), "{texts:?}");
        // A label after punctuation may end a phrase.
        let (note, m, _) = run("HX: STSG L THIGH 6/9.\n- FROM THAT OP NOTE, PLAN: R THIGH NEXT TRIP.");
        let texts = trigger_texts(&note, &m);
        assert!(texts.iter().any(|t| t == "FROM THAT OP NOTE, PLAN"), "{texts:?}");
    }

    #[test]
    fn work_done_by_hand_is_no_hand() {
        let (note, m, lex) = run("Jejunum resected, hand-sewn two-layer anastomosis; hand-assisted port placed.");
        let sites: Vec<String> = m
            .triggers
            .iter()
            .filter(|h| matches!(h.owner, Owner::Trigger(t) if lex.triggers[t].category == crate::model::Category::Site))
            .map(|h| note.span(h.start, h.end).text)
            .collect();
        assert!(!sites.iter().any(|t| t.eq_ignore_ascii_case("hand")), "{sites:?}");
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
    fn a_log_stamp_extracts_the_time_alone() {
        // The `at` group is the span: the dash after "0930" only tells a log entry.
        let (note, m, _) = run("MICU NOTE - 2025-10-07\n\n0930 - bedside US, thoracentesis.\n\n1510 - tube thoracostomy.");
        let mut clocks: Vec<String> =
            m.extractions.iter().filter(|e| e.kind == PatternKind::ClockTime).map(|e| note.span(e.start, e.end).text).collect();
        // The heading's year is no time; "0930" is read twice, as the heading's
        // time (the view joins the short heading to it) and as a stamp.
        clocks.dedup();
        assert_eq!(clocks, ["0930", "1510"]);
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
