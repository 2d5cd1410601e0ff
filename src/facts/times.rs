//! Clock times the note gives to each line's work ("Manual therapy (97140)
//! 10:02-10:15", "Time: 13:35-14:05 ... Therapeutic activities"), so that two
//! lines of an NCCI pair done in separate, non-overlapping blocks of time can
//! be told apart from two lines done together.
//!
//! A `time_range` extraction goes to the nearest mention of a line's work: the
//! line's code written in the note, or a present `service` phrase covering it,
//! at most `TIME_REACH_WORDS` words away on either side. A mention that
//! covers several lines' codes gives the range to each of them, so their
//! blocks overlap and nothing is concluded.
//!
//! A note may also hold two encounters of one day, each opened by a short
//! line with its clock time ("\[1\] OFFICE PROCEDURE NOTE 09:15", "\[2\]
//! OPERATIVE NOTE 17:50"): see [`EncounterBlocks`].

use crate::assertion::AssertedHit;
use crate::lexicon::{Lexicon, PatternKind};
use crate::matcher::Extraction;
use crate::model::{Assertion, Category};
use crate::note::Note;

/// Labels of a line that names work to come, not work done.
const PLAN_LABELS: [&str; 4] = ["plan", "plans", "recommendation", "recommendations"];

/// Words a time range may be from the mention of the work it times.
const TIME_REACH_WORDS: usize = 12;

/// A block of clock time: minutes after midnight, and the view range of the
/// text that gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimeBlock {
    pub start: u32,
    pub end: u32,
    pub span: (usize, usize),
}

impl TimeBlock {
    /// Whether two blocks share any minute (blocks that only touch do not).
    pub fn overlaps(&self, other: &TimeBlock) -> bool {
        self.start < other.end && other.start < self.end
    }
}

/// The block a `time_range` extraction gives: groups `h1`, `m1`, `h2`, `m2`,
/// and optional `p1`/`p2` (`am`/`pm`, or their dotted forms). A start without
/// its own am/pm takes the end's when that keeps it before the end. `None`
/// for impossible clock times or a block that does not end after it starts.
pub fn time_block(e: &Extraction) -> Option<TimeBlock> {
    let num = |g: &str| e.field(g)?.parse::<u32>().ok();
    let (h1, m1, h2, m2) = (num("h1")?, num("m1")?, num("h2")?, num("m2")?);
    if h1 > 23 || h2 > 23 || m1 > 59 || m2 > 59 {
        return None;
    }
    let half = |g: &str| e.field(g).map(|p| p.starts_with('p'));
    let on_clock = |h: u32, pm: Option<bool>| match pm {
        Some(true) if h < 12 => h + 12,
        Some(false) if h == 12 => 0,
        _ => h,
    };
    let end = on_clock(h2, half("p2")) * 60 + m2;
    let start = match half("p1") {
        Some(pm) => on_clock(h1, Some(pm)) * 60 + m1,
        None => {
            let same_half = on_clock(h1, half("p2")) * 60 + m1;
            if same_half < end { same_half } else { h1 * 60 + m1 }
        }
    };
    (start < end).then_some(TimeBlock { start, end, span: (e.start, e.end) })
}

/// One place the note names some lines' work: the view range and which
/// lines (by index into `codes`).
struct Mention {
    start: usize,
    end: usize,
    lines: Vec<usize>,
    /// The code itself is written (preferred over a service phrase at the
    /// same distance).
    by_code: bool,
}

/// Where the note writes `code` as a word of its own (not inside a longer
/// number).
fn code_mentions(folded: &str, code: &str) -> Vec<(usize, usize)> {
    let bytes = folded.as_bytes();
    let alnum_at = |i: usize| bytes.get(i).is_some_and(|b| b.is_ascii_alphanumeric());
    folded
        .match_indices(code)
        .map(|(at, _)| (at, at + code.len()))
        .filter(|&(a, b)| !(a > 0 && alnum_at(a - 1)) && !alnum_at(b))
        .collect()
}

fn mentions(note: &Note, hits: &[AssertedHit], lexicon: &Lexicon, codes: &[Option<String>]) -> Vec<Mention> {
    let mut out = Vec::new();
    for (i, code) in codes.iter().enumerate() {
        let Some(code) = code else { continue };
        for (start, end) in code_mentions(note.folded(), &code.to_ascii_lowercase()) {
            out.push(Mention { start, end, lines: vec![i], by_code: true });
        }
    }
    // A line labelled as a plan names work to come ("Plan: needs DL w/
    // biopsy" in the morning clinic's note): it places no work in its block.
    let planned = |h: &&AssertedHit| {
        let (a, b) = note.written_line(h.hit.start);
        note.folded().get(a..b).and_then(entry_label).is_some_and(|l| {
            PLAN_LABELS.contains(&l.trim_matches(|c: char| !c.is_alphanumeric()))
        })
    };
    for h in hits.iter().filter(|h| h.category == Category::Service && h.assertion == Assertion::Present && !planned(h)) {
        let t = &lexicon.triggers[h.trigger];
        let lines: Vec<usize> =
            codes.iter().enumerate().filter(|(_, c)| c.as_deref().is_some_and(|c| t.covers(c))).map(|(i, _)| i).collect();
        if !lines.is_empty() {
            out.push(Mention { start: h.hit.start, end: h.hit.end, lines, by_code: false });
        }
    }
    out
}

/// The time blocks the note gives each line's work (one list per entry of
/// `codes`, in note order).
pub fn line_times(note: &Note, extractions: &[Extraction], hits: &[AssertedHit], lexicon: &Lexicon, codes: &[Option<String>]) -> Vec<Vec<TimeBlock>> {
    let mut times = vec![Vec::new(); codes.len()];
    let blocks: Vec<TimeBlock> = extractions.iter().filter(|e| e.kind == PatternKind::TimeRange).filter_map(time_block).collect();
    if blocks.is_empty() {
        return times;
    }
    let mentions = mentions(note, hits, lexicon, codes);
    for block in blocks {
        // Counting words costs what the gap is long: a gap of more bytes than
        // the reach could hold words is out of reach without counting.
        let reach_bytes = TIME_REACH_WORDS * 64;
        let distance = |m: &Mention| {
            let (a, b) = if m.end <= block.span.0 {
                (m.end, block.span.0)
            } else if block.span.1 <= m.start {
                (block.span.1, m.start)
            } else {
                return 0;
            };
            if b - a > reach_bytes { usize::MAX } else { note.words_between(a, b) }
        };
        let nearest = mentions
            .iter()
            .map(|m| (distance(m), !m.by_code, m))
            .filter(|(d, _, _)| *d <= TIME_REACH_WORDS)
            .min_by_key(|(d, by_phrase, m)| (*d, *by_phrase, m.start));
        if let Some((_, _, m)) = nearest {
            for &line in &m.lines {
                times[line].push(block);
            }
        }
    }
    times
}

/// How two lines' timed work stands apart.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TimesApart {
    /// The view ranges of all the blocks of both lines, in note order.
    pub spans: Vec<(usize, usize)>,
    /// How far apart in minutes: for timed blocks, the shortest gap between a
    /// block of one and a block of the other (0 when one starts as the other
    /// ends); for encounter blocks, the difference of their opening times.
    pub gap_minutes: u32,
}

/// When both lines' work is timed and no block of one overlaps a block of
/// the other: where the blocks are and how far apart.
pub fn separate_times(a: &[TimeBlock], b: &[TimeBlock]) -> Option<TimesApart> {
    if a.is_empty() || b.is_empty() || a.iter().any(|x| b.iter().any(|y| x.overlaps(y))) {
        return None;
    }
    let gap = |x: &TimeBlock, y: &TimeBlock| if x.end <= y.start { y.start - x.end } else { x.start - y.end };
    let gap_minutes = a.iter().flat_map(|x| b.iter().map(move |y| gap(x, y))).min().unwrap_or(0);
    let mut spans: Vec<(usize, usize)> = a.iter().chain(b).map(|t| t.span).collect();
    spans.sort();
    spans.dedup();
    Some(TimesApart { spans, gap_minutes })
}

/// Words (the time among them) before a time that opens its line, for those
/// words to head an encounter block ("Session 2 (1430-1500), ...").
const LEAD_WORDS: usize = 4;

/// Words a line may hold and still open an encounter block with its time.
const HEADING_WORDS: usize = 8;

/// The encounters of one note, each opened by a short line that gives a
/// clock time ("CLINIC 10:20", "ED CONSULT / OR 21:40") and running to the
/// next such line, with the blocks each line's work is mentioned in.
///
/// A running log whose entries open with their clock time ("09:10 - US-guided
/// thoracentesis ...", "19:40 - new procedure: tube thoracostomy") makes
/// blocks too, but its entries may be minutes apart within one session, so
/// they tell two lines apart only when hours apart (separate sessions).
#[derive(Debug, Default)]
pub struct EncounterBlocks {
    /// Per block: its view range, its minute of the day, and the span of the
    /// time that opens it.
    blocks: Vec<((usize, usize), u32, (usize, usize))>,
    /// Whether the blocks are a log's time-stamped entries, not headings.
    logged: bool,
    /// Minutes apart that make two entries of a log separate sessions.
    session_minutes: u32,
    /// Per line: the blocks where a mention names only this line's work.
    own: Vec<Vec<usize>>,
    /// Per line: the blocks where any mention covers its work.
    any: Vec<Vec<usize>>,
}

/// Whether a view line with a clock time opens an encounter: short, and
/// naming a kind of encounter (`encounter_headings`: "CLINIC 10:20",
/// "[2] OPERATIVE NOTE 17:50"), so "Time out 09:12" or "Tourniquet up
/// 10:05" open nothing.
fn is_heading(line: &str, lexicon: &Lexicon) -> bool {
    let words: Vec<&str> = line.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
    // Dates and times are not words of a heading ("03/03/2026 21:40 - EGD").
    let lettered = words.iter().filter(|w| w.chars().any(char::is_alphabetic)).count();
    lettered <= HEADING_WORDS
        && lexicon.encounter_headings.iter().any(|h| {
            let heading: Vec<&str> = h.split(' ').collect();
            words.windows(heading.len()).any(|w| w == heading.as_slice())
        })
}

/// The label a line opens with, up to its first colon that is not inside a
/// clock time ("First exam (07:45, GI lab)" of "First exam (07:45, GI lab):
/// EGD ..."), or `None` when it has none.
fn entry_label(line: &str) -> Option<&str> {
    let bytes = line.as_bytes();
    let digit = |i: Option<usize>| i.and_then(|i| bytes.get(i)).is_some_and(u8::is_ascii_digit);
    let colon = line.match_indices(':').map(|(i, _)| i).find(|&i| !(digit(i.checked_sub(1)) && digit(Some(i + 1))))?;
    Some(&line[..colon])
}

/// Minutes after midnight of a `clock_time` extraction (groups `h`, `m`,
/// optional `p`).
fn clock_minute(e: &Extraction) -> Option<u32> {
    let h: u32 = e.field("h")?.parse().ok()?;
    let m: u32 = e.field("m")?.parse().ok()?;
    if h > 23 || m > 59 {
        return None;
    }
    let h = match e.field("p").map(|p| p.starts_with('p')) {
        Some(true) if h < 12 => h + 12,
        Some(false) if h == 12 => 0,
        _ => h,
    };
    Some(h * 60 + m)
}

impl EncounterBlocks {
    /// Finds the blocks (none unless there are two or more) and where each
    /// line's work is mentioned.
    pub fn find(note: &Note, extractions: &[Extraction], hits: &[AssertedHit], lexicon: &Lexicon, codes: &[Option<String>]) -> EncounterBlocks {
        let folded = note.folded();
        let ranges: Vec<(usize, usize)> = extractions.iter().filter(|e| e.kind == PatternKind::TimeRange).map(|e| (e.start, e.end)).collect();
        let in_range = |e: &Extraction| {
            let i = ranges.partition_point(|&(_, end)| end <= e.start);
            ranges.get(i).is_some_and(|&(a, _)| a < e.end)
        };
        let mut heads: Vec<(usize, u32, (usize, usize))> = Vec::new();
        let mut entries: Vec<(usize, u32, (usize, usize))> = Vec::new();
        // A clock time, or a block of clock time that heads its line
        // ("Session 2 (1430-1500), pt back after lunch ..."): its start.
        let opening = |e: &Extraction| match e.kind {
            PatternKind::ClockTime if !in_range(e) => clock_minute(e),
            PatternKind::TimeRange => time_block(e).map(|b| b.start),
            _ => None,
        };
        for e in extractions.iter() {
            let Some(minute) = opening(e) else { continue };
            // The line as written: the view joins a long heading to the next line.
            let (line_start, line_end) = note.written_line(e.start);
            if heads.last().is_some_and(|h| h.0 == line_start) {
                continue;
            }
            let Some(line) = folded.get(line_start..line_end) else { continue };
            // "First exam (07:45, GI lab): EGD for melena ...": a long line
            // whose label, with the time in it, reads as a heading.
            let label = entry_label(line).filter(|l| line_start + l.len() >= e.end);
            // "Session 2 (1430-1500), pt back after lunch ...": the words up
            // to the time open the line as a heading would.
            let lead = folded.get(line_start..e.end).filter(|l| l.split_whitespace().count() <= LEAD_WORDS);
            // "=== OTOLARYNGOLOGY CLINIC NOTE ===" over "08-Apr-2026 09:20
            // Provider: ...": a heading whose time opens the line below it.
            let heading_above = || {
                lead.and_then(|_| note.previous_written_line(line_start))
                    .filter(|&(a, b)| folded.get(a..b).is_some_and(|l| is_heading(l, lexicon)))
            };
            if is_heading(line, lexicon) || label.is_some_and(|l| is_heading(l, lexicon)) || lead.is_some_and(|l| is_heading(l, lexicon)) {
                heads.push((line_start, minute, (e.start, e.end)));
            } else if let Some((above, _)) = heading_above() {
                if !heads.last().is_some_and(|h| h.0 == above) {
                    heads.push((above, minute, (e.start, e.end)));
                }
            } else if opens_log_entry(folded, line_start, e) {
                entries.push((line_start, minute, (e.start, e.end)));
            }
        }
        // Headings, where the note has two, else a log's entries with the
        // one heading among them ("0930 - bedside US ..." reads as both).
        let logged = heads.len() < 2;
        if logged {
            heads.extend(entries);
            heads.sort_unstable();
            heads.dedup_by_key(|h| h.0);
        }
        if heads.len() < 2 {
            return EncounterBlocks::default();
        }
        let blocks: Vec<((usize, usize), u32, (usize, usize))> = heads
            .iter()
            .enumerate()
            .map(|(i, &(start, minute, span))| ((start, heads.get(i + 1).map_or(folded.len(), |h| h.0)), minute, span))
            .collect();
        let block_of = |at: usize| blocks.iter().position(|((a, b), _, _)| (*a..*b).contains(&at));
        let mut own = vec![Vec::new(); codes.len()];
        let mut any = vec![Vec::new(); codes.len()];
        for m in mentions(note, hits, lexicon, codes) {
            let Some(b) = block_of(m.start) else { continue };
            for &line in &m.lines {
                any[line].push(b);
                if m.lines.len() == 1 {
                    own[line].push(b);
                }
            }
        }
        for list in own.iter_mut().chain(any.iter_mut()) {
            list.sort_unstable();
            list.dedup();
        }
        EncounterBlocks { blocks, own, any, logged, session_minutes: lexicon.scoring.separate_session_minutes.max(0) as u32 }
    }

    /// When the column-2 line's work (`column2`) is mentioned in an encounter
    /// block where the column-1 line's (`column1`) is not: the opening times
    /// of those blocks and how far apart they are. The column-1 line's blocks
    /// are those naming its work alone, when there are any (a bare
    /// "cystoscopy" inside the stent operation is the stent's own).
    pub fn apart(&self, column2: usize, column1: usize) -> Option<TimesApart> {
        let (Some(col2), Some(own1), Some(any1)) = (self.any.get(column2), self.own.get(column1), self.any.get(column1)) else { return None };
        let col1 = if own1.is_empty() { any1 } else { own1 };
        if col1.is_empty() {
            return None;
        }
        let minute = |b: usize| self.blocks[b].1;
        let gap = |b: usize| col1.iter().map(|&c| minute(b).abs_diff(minute(c))).min().unwrap_or(0);
        let elsewhere = col2.iter().copied().filter(|b| !col1.contains(b)).max_by_key(|&b| (gap(b), std::cmp::Reverse(b)))?;
        if self.logged && gap(elsewhere) < self.session_minutes {
            return None;
        }
        let mut spans: Vec<(usize, usize)> = std::iter::once(elsewhere).chain(col1.iter().copied()).map(|b| self.blocks[b].2).collect();
        spans.sort();
        spans.dedup();
        Some(TimesApart { spans, gap_minutes: gap(elsewhere) })
    }
}

/// Whether a clock time `e` opens its written line (from `line_start`) as a
/// log entry's stamp: nothing but a bullet before it, and a dash or colon
/// after it ("09:10 - US-guided ...", "- 19:40: tube thoracostomy").
fn opens_log_entry(folded: &str, line_start: usize, e: &Extraction) -> bool {
    let before = folded.get(line_start..e.start).unwrap_or("x");
    let after = folded.get(e.end..).unwrap_or("");
    let bare = before.trim().is_empty() || crate::note::after_list_marker(before.trim_start()).is_some_and(|rest| rest.trim().is_empty());
    let after = after.trim_start_matches([' ', '\t']);
    bare && (after.starts_with(['-', ':']) || after.starts_with('\u{2013}') || after.starts_with('\u{2014}'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn range(fields: &[(&str, &str)]) -> Extraction {
        Extraction {
            start: 0,
            end: 11,
            kind: PatternKind::TimeRange,
            pattern: "time.range".into(),
            fields: fields.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
        }
    }

    fn clock(start: usize, end: usize) -> Extraction {
        Extraction { start, end, kind: PatternKind::ClockTime, pattern: "time.clock".into(), fields: Vec::new() }
    }

    #[test]
    fn a_log_entry_opens_with_its_stamp() {
        let text = "09:10 - US-guided thoracentesis";
        assert!(opens_log_entry(text, 0, &clock(0, 5)));
        let text = "- 19:40: tube thoracostomy";
        assert!(opens_log_entry(text, 0, &clock(2, 7)));
        // A time inside the line is no stamp, nor one followed by words.
        let text = "tourniquet up 09:10 - 09:40";
        assert!(!opens_log_entry(text, 0, &clock(14, 19)));
        let text = "09:10 thoracentesis";
        assert!(!opens_log_entry(text, 0, &clock(0, 5)));
    }

    #[test]
    fn clock_times_read_with_and_without_am_pm() {
        let b = time_block(&range(&[("h1", "10"), ("m1", "02"), ("h2", "10"), ("m2", "15")])).unwrap();
        assert_eq!((b.start, b.end), (602, 615));
        // "1:30 - 2:10 pm": the start takes the end's pm.
        let b = time_block(&range(&[("h1", "1"), ("m1", "30"), ("h2", "2"), ("m2", "10"), ("p2", "pm")])).unwrap();
        assert_eq!((b.start, b.end), (13 * 60 + 30, 14 * 60 + 10));
        // "11:40 - 12:20 pm": noon is 12 pm; the start stays in the morning.
        let b = time_block(&range(&[("h1", "11"), ("m1", "40"), ("h2", "12"), ("m2", "20"), ("p2", "pm")])).unwrap();
        assert_eq!((b.start, b.end), (11 * 60 + 40, 12 * 60 + 20));
        // Backwards or impossible times give nothing.
        assert!(time_block(&range(&[("h1", "10"), ("m1", "15"), ("h2", "10"), ("m2", "02")])).is_none());
        assert!(time_block(&range(&[("h1", "25"), ("m1", "00"), ("h2", "26"), ("m2", "00")])).is_none());
    }

    #[test]
    fn only_lines_naming_an_encounter_open_one() {
        let lexicon = Lexicon::builtin().unwrap();
        assert!(is_heading("[1] office procedure note 09:15", &lexicon));
        assert!(is_heading("ed consult / or 21:40", &lexicon));
        assert!(!is_heading("time out 09:12", &lexicon));
        assert!(!is_heading("tourniquet up 10:05, down 11:20", &lexicon));
        // A long line is narrative, whatever it names.
        assert!(!is_heading("seen in clinic at 09:15 and then sent to the emergency department for imaging", &lexicon));
    }

    #[test]
    fn an_entry_label_ends_at_its_first_colon_outside_a_time() {
        assert_eq!(entry_label("first exam (07:45, gi lab): egd for melena"), Some("first exam (07:45, gi lab)"));
        assert_eq!(entry_label("07:45 clinic: seen"), Some("07:45 clinic"));
        assert_eq!(entry_label("no label at 10:30 here"), None);
    }

    #[test]
    fn clock_times_of_encounter_headings() {
        let clock = |fields: &[(&str, &str)]| {
            clock_minute(&Extraction {
                start: 0,
                end: 5,
                kind: PatternKind::ClockTime,
                pattern: "time.clock".into(),
                fields: fields.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
            })
        };
        assert_eq!(clock(&[("h", "17"), ("m", "50")]), Some(17 * 60 + 50));
        assert_eq!(clock(&[("h", "9"), ("m", "40"), ("p", "pm")]), Some(21 * 60 + 40));
        assert_eq!(clock(&[("h", "12"), ("m", "05"), ("p", "am")]), Some(5));
        assert_eq!(clock(&[("h", "31"), ("m", "05")]), None);
    }

    #[test]
    fn blocks_that_touch_are_separate_and_blocks_that_share_a_minute_are_not() {
        let t = |start, end, at| TimeBlock { start, end, span: (at, at + 5) };
        let apart = separate_times(&[t(600, 615, 0)], &[t(615, 647, 20)]).unwrap();
        assert_eq!((apart.spans, apart.gap_minutes), (vec![(0, 5), (20, 25)], 0));
        assert!(separate_times(&[t(600, 616, 0)], &[t(615, 647, 20)]).is_none());
        assert!(separate_times(&[], &[t(615, 647, 20)]).is_none());
        // A morning evaluation and an afternoon treatment: five hours apart.
        assert_eq!(separate_times(&[t(510, 560, 0)], &[t(885, 900, 20)]).unwrap().gap_minutes, 325);
    }

    #[test]
    fn a_code_is_a_mention_only_as_a_whole_word() {
        assert_eq!(code_mentions("manual therapy (97140) and 971401", "97140"), vec![(16, 21)]);
    }
}
