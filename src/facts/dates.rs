//! The order a note writes its numeric dates in, the holidays notes date
//! by, and hospital days counted back from the note's own.
//!
//! Date patterns read an ambiguous numeric date ("06/01/2026") month first.
//! A note that writes a date no month-first reading fits ("19/02/2026")
//! writes day first, and then its ambiguous dates are day first too: the
//! prior "on 06/01/2026" of a British operation note is 6 January, not 1 June.

use crate::lexicon::PatternKind;
use crate::matcher::{Extraction, Matches};
use crate::note::Note;

/// Ordinal words in the order of the days they name.
const ORDINALS: [&str; 19] = [
    "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "eleventh",
    "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth", "eighteenth", "nineteenth",
];

/// The day of the month a `d` field gives: digits ("9", "09", "9th") or an
/// ordinal as a dictation says it ("ninth", "twenty-first", "thirtieth").
pub fn day_of(field: &str) -> Option<i8> {
    let f = field.trim().to_ascii_lowercase().replace('-', " ");
    let digits = f.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        return digits.parse().ok();
    }
    let ordinal = |w: &str| ORDINALS.iter().position(|o| *o == w).map(|i| i as i8 + 1);
    match f.split_once(' ') {
        None if f == "twentieth" => Some(20),
        None if f == "thirtieth" => Some(30),
        None => ordinal(&f),
        Some(("twenty", rest)) => ordinal(rest).filter(|&n| n <= 9).map(|n| 20 + n),
        Some(("thirty", "first")) => Some(31),
        Some(_) => None,
    }
}

/// The day taken for a part of a month a `part` field names, at its middle:
/// the 4th for its first week, the 5th for "early", the 15th for "mid", the
/// 25th for its last week, "late" or "the end".
pub fn middle_of_part(field: &str) -> Option<i8> {
    match field.trim().to_ascii_lowercase().as_str() {
        "first week" | "1st week" => Some(4),
        "early" | "beginning" | "start" => Some(5),
        "second week" | "2nd week" => Some(11),
        "mid" | "middle" => Some(15),
        "third week" | "3rd week" => Some(18),
        "last week" | "final week" | "late" | "end" => Some(25),
        _ => None,
    }
}

/// The year a `y` field gives: digits ("2026", "26") or a year as a
/// dictation says it ("twenty twenty-six", "two thousand and twenty six").
pub fn year_of(field: &str) -> Option<i16> {
    let f = field.trim().to_ascii_lowercase().replace('-', " ");
    if f.bytes().all(|b| b.is_ascii_digit()) {
        let y: i16 = f.parse().ok()?;
        return Some(if y < 100 { 2000 + y } else { y });
    }
    let rest = f.strip_prefix("two thousand and ").or_else(|| f.strip_prefix("two thousand ")).or_else(|| f.strip_prefix("twenty "))?;
    let tens = match rest.split_once(' ') {
        None if rest == "twenty" => 20,
        // "twenty-six": a unit as the day counts of "six weeks ago" read it.
        Some(("twenty", unit)) => 20 + super::number_word(unit).filter(|n| (1..=9).contains(n))? as i16,
        _ => return None,
    };
    Some(2000 + tens)
}

/// How a holiday falls in a year: a fixed day, or the `nth` weekday of a
/// month (negative counts from the month's end).
enum HolidayRule {
    Day(i8, i8),
    Weekday(i8, i8, jiff::civil::Weekday),
}

/// US holidays notes date operations by ("the Tuesday before Thanksgiving",
/// "the day after Christmas"), by the first words of their names as the
/// folded note writes them.
const HOLIDAYS: [(&str, HolidayRule); 13] = {
    use jiff::civil::Weekday::{Monday, Thursday};
    use HolidayRule::{Day, Weekday};
    [
        ("thanksgiving", Weekday(11, 4, Thursday)),
        ("christmas eve", Day(12, 24)),
        ("christmas", Day(12, 25)),
        ("xmas", Day(12, 25)),
        ("new year's eve", Day(12, 31)),
        ("new years eve", Day(12, 31)),
        ("new year", Day(1, 1)),
        ("the fourth of july", Day(7, 4)),
        ("fourth of july", Day(7, 4)),
        ("july 4", Day(7, 4)),
        ("independence day", Day(7, 4)),
        ("memorial day", Weekday(5, -1, Monday)),
        ("labor day", Weekday(9, 1, Monday)),
    ]
};

/// The date of the holiday a `holiday` field names ("thanksgiving",
/// "new year's"), moved by a `shift` and its `dir` ("tuesday" "before",
/// "day" "after", "week" "before", "weekend" "after"): the latest such date
/// on or before the date of service.
pub fn holiday_date(name: &str, shift: Option<&str>, dir: Option<&str>, dos: jiff::civil::Date) -> Option<jiff::civil::Date> {
    let rule = &HOLIDAYS.iter().find(|(n, _)| name.starts_with(n))?.1;
    let in_year = |y: i16| -> Option<jiff::civil::Date> {
        let day = match *rule {
            HolidayRule::Day(m, d) => jiff::civil::Date::new(y, m, d).ok()?,
            HolidayRule::Weekday(m, nth, w) => jiff::civil::Date::new(y, m, 1).ok()?.nth_weekday_of_month(nth, w).ok()?,
        };
        shifted(day, shift, dir)
    };
    [dos.year(), dos.year() - 1].into_iter().filter_map(in_year).find(|d| *d <= dos)
}

/// `day` moved as "the day/week/weekend/<weekday> before/after" says.
fn shifted(day: jiff::civil::Date, shift: Option<&str>, dir: Option<&str>) -> Option<jiff::civil::Date> {
    let (Some(shift), Some(dir)) = (shift, dir) else { return Some(day) };
    let sign: i32 = if dir == "before" { -1 } else { 1 };
    let weekday = match shift {
        "day" => return day.checked_add(jiff::Span::new().days(sign)).ok(),
        "week" => return day.checked_add(jiff::Span::new().days(7 * sign)).ok(),
        "weekend" => jiff::civil::Weekday::Saturday,
        w => WEEKDAYS.iter().find(|(n, _)| *n == w)?.1,
    };
    day.nth_weekday(sign, weekday).ok()
}

/// The latest `weekday` (a name of [`WEEKDAYS`]) before `dos`: "last Thurs"
/// said on a Thursday is a week back.
pub fn last_weekday(weekday: &str, dos: jiff::civil::Date) -> Option<jiff::civil::Date> {
    let w = WEEKDAYS.iter().find(|(n, _)| *n == weekday)?.1;
    dos.nth_weekday(-1, w).ok()
}

/// Weekday names as notes write them, whole or cut short, with the day each
/// names; a whole name comes before its short forms.
pub const WEEKDAYS: [(&str, jiff::civil::Weekday); 17] = {
    use jiff::civil::Weekday::*;
    [
        ("monday", Monday), ("tuesday", Tuesday), ("wednesday", Wednesday), ("thursday", Thursday), ("friday", Friday),
        ("saturday", Saturday), ("sunday", Sunday), ("mon", Monday), ("tue", Tuesday), ("tues", Tuesday),
        ("wed", Wednesday), ("thu", Thursday), ("thur", Thursday), ("thurs", Thursday), ("fri", Friday),
        ("sat", Saturday), ("sun", Sunday),
    ]
};

/// Whether a word is a weekday's name, whole or cut short.
pub fn is_weekday(word: &str) -> bool {
    WEEKDAYS.iter().any(|(n, _)| *n == word)
}

/// Whether a date extraction gives a year alone ("in 2015") and that year
/// is before the date of service's.
/// A part of the year ("late 2025", "in the fall of 2025") reaches the next
/// year's first months, so only a year before last is remote then.
pub fn remote_year(e: &Extraction, dos: Option<jiff::civil::Date>) -> bool {
    let reach = if e.field("season").is_some() { 1 } else { 0 };
    year_alone(e) && e.field("y").and_then(year_of).zip(dos).is_some_and(|(y, dos)| y < dos.year() - reach)
}

/// Whether a date gives a year and nothing finer ("SLT in 2022").
pub fn year_alone(e: &Extraction) -> bool {
    e.field("y").is_some() && e.field("m").is_none() && e.field("month").is_none() && e.field("d").is_none() && e.field("holiday").is_none()
}

/// The day a numeric date extraction gives (none for a spoken one).
fn numeric_day(e: &Extraction) -> Option<u32> {
    e.field("d")?.parse().ok()
}

/// How a numeric date extraction was written: its first number is its day
/// (`Some(true)`), its month (`Some(false)`), or it is no numeric date.
fn day_written_first(note: &Note, e: &Extraction) -> Option<bool> {
    if !matches!(e.kind, PatternKind::Date | PatternKind::ServiceDate | PatternKind::CorrectedServiceDate | PatternKind::VisitDate) {
        return None;
    }
    let (m, d): (u32, u32) = (e.field("m")?.parse().ok()?, numeric_day(e)?);
    let text = note.folded().get(e.start..e.end)?;
    let first: u32 = text.split(|c: char| !c.is_ascii_digit()).find(|run| !run.is_empty())?.parse().ok()?;
    match (first == d, first == m) {
        (true, false) => Some(true),
        (false, true) => Some(false),
        // "5/5/2026": either order.
        _ => None,
    }
}

/// Days past the date of service a note's date may name (a follow-up, a
/// planned next stage) and still be read as written.
const FURTHEST_AHEAD_DAYS: i32 = 120;

/// The note's extractions with every ambiguous numeric date read day first,
/// when the note gives more signs of writing the day first than of writing
/// the month first; `None` when the month-first reading stands. A sign is a
/// date that can only be read one way ("19/02/2026", "02/19/2026"), an
/// ambiguous one that only one reading puts before the date of service `dos`
/// or less than [`FURTHEST_AHEAD_DAYS`] after it (an operation "on
/// 10/02/2026" in a note of 24 February 2026 was on 10 February, not in
/// October), or, for the day first, an ambiguous full date written with dots
/// ("03.04.2026"), as Europe writes them (a yearless "11.3" is as likely a
/// calcium of 11.3).
pub fn in_the_notes_order(note: &Note, matches: &Matches, dos: Option<jiff::civil::Date>) -> Option<Matches> {
    let (mut day_first, mut month_first) = (0usize, 0usize);
    // One written date is one sign, however many patterns read it ("DOS
    // 11.3.25" is a service date and a date; "Date: 12/05/2026" also a
    // service date without its year): the first reading of it that gives one.
    let (mut group_end, mut group_signed) = (0, false);
    for e in &matches.extractions {
        let (Some(written_day_first), Some(d)) = (day_written_first(note, e), numeric_day(e)) else { continue };
        if e.start >= group_end {
            group_signed = false;
        }
        group_end = group_end.max(e.end);
        if group_signed {
            continue;
        }
        let before = (day_first, month_first);
        if d > 12 {
            *(if written_day_first { &mut day_first } else { &mut month_first }) += 1;
            group_signed = true;
            continue;
        }
        // The date's own digits, not its head ("Brief op note. Date 12/08/2026").
        let dotted = note
            .folded()
            .get(e.start..e.end)
            .and_then(|t| t.find(|c: char| c.is_ascii_digit()).map(|at| &t[at..]))
            // Dots throughout: "10.8-11" is a range of values, no date.
            .is_some_and(|digits| digits.contains('.') && !digits.contains(['-', '/']));
        let dated = |day: u32, month: u32| {
            let y = e.field("y").and_then(year_of)?;
            jiff::civil::Date::new(y, i8::try_from(month).ok()?, i8::try_from(day).ok()?).ok()
        };
        let m: u32 = e.field("m").and_then(|m| m.parse().ok()).unwrap_or(0);
        let (as_read, swapped) = (dated(d, m), dated(m, d));
        // A note names later days too ("f/u 03/02/2026"), but seldom months
        // ahead: a reading that far past the date of service is no reading.
        let possible = |date: Option<jiff::civil::Date>| {
            date.zip(dos).map(|(date, dos)| date.since(dos).map_or(true, |span| span.get_days() <= FURTHEST_AHEAD_DAYS))
        };
        // The date of service itself under one reading only ("ACDF C5-6 --
        // op note 10.01.2025" on 1 October) tells the note's order, dots or
        // none.
        let is_dos = |date: Option<jiff::civil::Date>| date.is_some() && date == dos;
        if is_dos(as_read) != is_dos(swapped) {
            *(if written_day_first == is_dos(as_read) { &mut day_first } else { &mut month_first }) += 1;
            group_signed = true;
            continue;
        }
        match (possible(as_read), possible(swapped)) {
            // Only one reading is possible.
            (Some(false), Some(true)) => *(if written_day_first { &mut month_first } else { &mut day_first }) += 1,
            (Some(true), Some(false)) => *(if written_day_first { &mut day_first } else { &mut month_first }) += 1,
            // Only a full date: "Ca was 11.3" and "1.02 g" are numbers, not days.
            _ if dotted && !written_day_first && e.field("y").is_some() => day_first += 1,
            _ => {}
        }
        group_signed = (day_first, month_first) != before;
    }
    if day_first <= month_first {
        return None;
    }
    let mut reordered = matches.clone();
    for e in &mut reordered.extractions {
        let ambiguous = numeric_day(e).is_some_and(|d| d <= 12);
        if ambiguous && day_written_first(note, e) == Some(false) {
            for (name, _) in &mut e.fields {
                match name.as_str() {
                    "m" => *name = "d".to_string(),
                    "d" => *name = "m".to_string(),
                    _ => {}
                }
            }
        }
    }
    Some(reordered)
}

/// The note's extractions with each earlier hospital day ("ex-lap on HD2")
/// made a day count back from the hospital day the note dates itself by
/// ("Hospital day 11" on a short line of its opening, or "today is HD 11"):
/// nine days ago. `None` when the note gives no such day of its own, or no
/// earlier one.
pub fn hospital_days_counted(note: &Note, matches: &Matches, opening: usize) -> Option<Matches> {
    // Hospital days (`hd`) and days from an injury or admission (`ed`:
    // "fixed on post-injury day 10", "now at day 96 from her injury") are
    // counted apart: each only against its own kind.
    ["hd", "ed"].into_iter().fold(None, |counted: Option<Matches>, group| {
        days_counted(note, counted.as_ref().unwrap_or(matches), opening, group).or(counted)
    })
}

/// [`hospital_days_counted`] for the day counts of one group.
fn days_counted(note: &Note, matches: &Matches, opening: usize, group: &str) -> Option<Matches> {
    let day = |e: &Extraction| e.field(group).and_then(|n| n.parse::<i64>().ok());
    let folded = note.folded();
    // How surely an extraction is the note's own day, best first: said to
    // be today's ("today is HD 11", "now at day 96"); a short line of its own
    // in the opening or the first words of a line there ("HD #11. 66M adm
    // w/ ..."); the note's first sentence where its lines were run together
    // ("OPERATIVE NOTE Hospital day 11 24M, GSW ...") or in brackets after
    // the note's date ("Date: 12th August 2025 (HD 3)").
    let rank = |e: &Extraction| -> Option<u8> {
        let (from, to) = note.written_line(e.start);
        let before = folded.get(..e.start).unwrap_or("").trim_end();
        if ["today is", "today", "now", "now on", "now in", "now at", "is at", "this is", "today at"].iter().any(|w| before.ends_with(w)) {
            return Some(0);
        }
        if e.start >= opening {
            return None;
        }
        if note.words_between(from, to) <= 6 || e.start == from {
            return Some(1);
        }
        let after_date = before.strip_suffix('(').is_some_and(|b| b.trim_end().ends_with(|c: char| c.is_ascii_digit()));
        (note.sentence_at(e.start) == Some(0) || after_date).then_some(2)
    };
    let today = matches
        .extractions
        .iter()
        .filter_map(|e| {
            let n = day(e)?;
            Some((rank(e)?, e.start, n))
        })
        .min()?
        .2;
    let mut counted = matches.clone();
    let mut changed = false;
    for e in &mut counted.extractions {
        let Some(n) = day(e).filter(|&n| n < today) else { continue };
        e.kind = PatternKind::Ago;
        e.fields = vec![("n".to_string(), (today - n).to_string()), ("unit".to_string(), "days".to_string())];
        changed = true;
    }
    changed.then_some(counted)
}

/// The note's extractions without the post-op days given as a range past its
/// opening ("early motion w/ therapy POD 3-5"): a protocol's days, never
/// today's (a heading's "POD 0-1" at 2 am is today's first). `None` when
/// there is none.
pub fn without_day_ranges(matches: &Matches, opening: usize) -> Option<Matches> {
    without(matches, |e| e.kind == PatternKind::PostOpDay && e.field("to").is_some() && e.start >= opening)
}

/// `matches` without the extractions `drop` picks; `None` when it picks none,
/// so a reading step that changes nothing copies nothing.
fn without(matches: &Matches, drop: impl Fn(&Extraction) -> bool) -> Option<Matches> {
    if !matches.extractions.iter().any(&drop) {
        return None;
    }
    let mut kept = matches.clone();
    kept.extractions.retain(|e| !drop(e));
    Some(kept)
}

/// Words before a post-op day within which a planned step's word makes it
/// the plan's day ("resume apixaban POD1 if ...").
const PLANNED_DAY_REACH_WORDS: usize = 3;

/// Words that open the condition of a planned step after its day.
const CONDITIONS: [&str; 6] = ["if", "once", "when", "provided", "unless", "as long as"];

/// The note's extractions without the post-op days a conditional plan gives a
/// step ("Resume apixaban POD1 if Hgb stable"): one of the lexicon's
/// `planned_day_words` is among the last words of its clause before it, and a
/// condition opens right after it. `None` when there is none.
pub fn without_planned_days(note: &Note, matches: &Matches, planned_day_words: &[String]) -> Option<Matches> {
    without_post_op_days(note, matches, |day| {
        let words: Vec<&str> = day.clause().split_whitespace().collect();
        let near = words[words.len().saturating_sub(PLANNED_DAY_REACH_WORDS)..].join(" ");
        let after = day.after.trim_start();
        let conditional = CONDITIONS.iter().any(|c| after.strip_prefix(c).is_some_and(|rest| rest.starts_with(' ')));
        conditional && planned_day_words.iter().any(|w| crate::fold::holds_words(&near, w))
    })
}

/// A post-op day as its line reads around it (folded): the text before it
/// and after it on its written line.
struct DayOnLine<'a> {
    before: &'a str,
    after: &'a str,
    start: usize,
}

impl DayOnLine<'_> {
    /// The day's clause before it on its line (from the last `.`, `;`, `:`
    /// or `,`).
    fn clause(&self) -> &str {
        self.before.rsplit(['.', ';', ':', ',']).next().unwrap_or("")
    }
}

/// The note's extractions without the post-op days `drop` picks, given each
/// day as its line reads around it. `None` when it picks none.
fn without_post_op_days(note: &Note, matches: &Matches, drop: impl Fn(&DayOnLine) -> bool) -> Option<Matches> {
    let folded = note.folded();
    without(matches, |e| {
        if e.kind != PatternKind::PostOpDay {
            return false;
        }
        let (line_start, line_end) = note.written_line(e.start);
        let before = folded.get(line_start..e.start).unwrap_or("");
        let after = folded.get(e.end..line_end.max(e.end)).unwrap_or("");
        drop(&DayOnLine { before, after, start: e.start })
    })
}

/// The note's extractions without the post-op days its clause tells are
/// still to come ("He will return to clinic tomorrow for his POD 1 check",
/// "POD1 tomorrow am"): one of the lexicon's `future_day_words` is in the
/// day's clause before it on its line, or opens the rest of its line.
/// `None` when there is none.
pub fn without_future_days(note: &Note, matches: &Matches, future_day_words: &[String]) -> Option<Matches> {
    without_post_op_days(note, matches, |day| {
        let after = day.after.trim_start();
        future_day_words.iter().any(|w| crate::fold::holds_words(day.clause(), w) || opens_with_word(after, w))
    })
}

/// The note's extractions without the post-op days a list of follow-up
/// checks names ("did well at POD1, wk1, 1 mo; lost to f/u in March"): a day
/// with another check beside it in a comma list is one visit of a course
/// told, not today's count from an earlier operation. `None` when there is
/// none.
pub fn without_checkpoint_lists(note: &Note, matches: &Matches) -> Option<Matches> {
    without_post_op_days(note, matches, |day| {
        let next = day.after.trim_start().strip_prefix(',').map(|rest| rest.trim_start().trim_start_matches("and "));
        let last = day.before.trim_end().strip_suffix(',').map(|rest| rest.split_whitespace().rev().take(2).collect::<Vec<_>>());
        next.is_some_and(|rest| {
            let words: Vec<&str> = rest.split(|c: char| c.is_whitespace() || c == ',' || c == ';').filter(|w| !w.is_empty()).take(2).collect();
            names_a_checkpoint(&words)
        }) || last.is_some_and(|mut words| {
            words.reverse();
            names_a_checkpoint(&words) || words.last().is_some_and(|w| names_a_checkpoint(&[w]))
        })
    })
}

/// Units a follow-up check is counted in ("wk1", "1 mo", "POD 7").
const CHECKPOINT_UNITS: [&str; 14] =
    ["pod", "d", "day", "days", "wk", "wks", "week", "weeks", "mo", "mos", "month", "months", "yr", "year"];

/// Whether the first one or two words name a follow-up check: a unit with
/// its number ("wk1", "pod#7", "week 2") or a number with its unit ("1 mo",
/// "6wks").
fn names_a_checkpoint(words: &[&str]) -> bool {
    let digit = |c: char| c.is_ascii_digit();
    let unit = |w: &str| CHECKPOINT_UNITS.contains(&w);
    let number = |w: &str| !w.is_empty() && w.chars().all(digit);
    let Some(first) = words.first().map(|w| w.trim_start_matches('~')) else { return false };
    let second = words.get(1).copied().unwrap_or("");
    let unit_then_number = first.ends_with(digit) && unit(first.trim_end_matches(digit).trim_end_matches('#'));
    let number_then_unit = first.starts_with(digit) && unit(first.trim_start_matches(digit));
    unit_then_number || number_then_unit || (unit(first) && number(second)) || (number(first) && unit(second))
}

/// The note's extractions without the post-op days a plan gives ("Plan: ...
/// POD1 tmrw am w/ me", "Plan ERAS clears tonight, foley out POD1"): a day in
/// a `plan` section, or on a line that opens with "plan", is a day of the
/// course still to come, not today's count from an earlier operation.
/// `None` when there is none.
pub fn without_plan_days(note: &Note, matches: &Matches) -> Option<Matches> {
    without_post_op_days(note, matches, |day| {
        note.section_name_at_view(day.start) == "plan" || opens_with_word(day.before.trim_start(), "plan")
    })
}

/// Whether `text` opens with `word` as a whole word ("plan ERAS ...", not
/// "planned washout").
fn opens_with_word(text: &str, word: &str) -> bool {
    text.strip_prefix(word).is_some_and(|rest| rest.chars().next().is_none_or(|c| !crate::note::is_word_char(c)))
}

/// The note's extractions without the spans of time a sentence gives as a
/// bound ("bleeding which can happen up to 2 wks after surgery"): an "ago" or
/// "after" span right after one of the lexicon's `span_bound_words`. `None`
/// when there is none.
pub fn without_bound_spans(note: &Note, matches: &Matches, span_bound_words: &[String]) -> Option<Matches> {
    let folded = note.folded();
    without(matches, |e| {
        if !matches!(e.kind, PatternKind::Ago | PatternKind::After) {
            return false;
        }
        let (line_start, _) = note.written_line(e.start);
        let before = folded.get(line_start..e.start).unwrap_or("").trim_end();
        span_bound_words.iter().any(|w| super::ends_with_words(before, w))
    })
}

/// The note's extractions without the dates of birth in it ("Mr. Benning
/// (DOB 02/03/1951)"): a date right after one of the lexicon's
/// `birth_date_heads`, with at most light punctuation between. `None` when
/// there is none.
pub fn without_birth_dates(note: &Note, matches: &Matches, birth_date_heads: &[String]) -> Option<Matches> {
    let folded = note.folded();
    let birthday = |e: &Extraction| {
        if !matches!(e.kind, PatternKind::Date | PatternKind::ServiceDate | PatternKind::CorrectedServiceDate | PatternKind::VisitDate) {
            return false;
        }
        let (line_start, _) = note.written_line(e.start);
        let before = folded.get(line_start..e.start).unwrap_or("").trim_end_matches([' ', ':', '-', '(', ',', '#', '=']);
        birth_date_heads.iter().any(|head| super::ends_with_words(before, head))
    };
    let births: Vec<(usize, usize)> = matches.extractions.iter().filter(|e| birthday(e)).map(|e| (e.start, e.end)).collect();
    if births.is_empty() {
        return None;
    }
    // With every reading that overlaps one: the year alone of "DOB 02/03/1951" too.
    let mut kept = matches.clone();
    kept.extractions.retain(|e| !births.iter().any(|&(start, end)| e.start < end && e.end > start));
    Some(kept)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn last_weekday_is_the_latest_before_the_day_of_service() {
        let thu = jiff::civil::date(2026, 5, 14);
        assert_eq!(last_weekday("thurs", thu), Some(jiff::civil::date(2026, 5, 7)));
        assert_eq!(last_weekday("mon", thu), Some(jiff::civil::date(2026, 5, 11)));
        assert_eq!(last_weekday("friday", thu), Some(jiff::civil::date(2026, 5, 8)));
        assert_eq!(last_weekday("someday", thu), None);
    }
    use crate::lexicon::Lexicon;
    use crate::matcher::Matcher;
    use crate::note::NoteScheme;

    fn dates(text: &str) -> Vec<(String, String)> {
        dates_on(text, None)
    }

    fn dates_on(text: &str, dos: Option<&str>) -> Vec<(String, String)> {
        let lex = Lexicon::builtin().unwrap();
        let note = Note::new(text, &NoteScheme::new(&lex)).unwrap();
        let found = Matcher::new(&lex).find(&note);
        let matches = in_the_notes_order(&note, &found, dos.map(|d| d.parse().unwrap())).unwrap_or(found);
        matches
            .extractions
            .iter()
            .filter(|e| e.kind == PatternKind::Date && e.field("m").is_some())
            .map(|e| (e.field("d").unwrap().to_string(), e.field("m").unwrap().to_string()))
            .fold(Vec::new(), |mut out, dm| {
                // "on 06/01/2026" is found with and without its year.
                if out.last() != Some(&dm) {
                    out.push(dm);
                }
                out
            })
    }

    #[test]
    fn a_date_read_by_two_patterns_is_one_sign_of_its_order() {
        // "DOS 11.3.25" is a service date and a date, one dotted (day-first)
        // sign against the month-first "9/22": the month-first reading stands.
        let found = dates("DOS 11.3.25\nmy cold knife cone 9/22 showed AIS.");
        assert!(found.contains(&("3".to_string(), "11".to_string())), "{found:?}");
        // Alone, the dotted date still reads day first, as Europe writes it.
        assert_eq!(dates("Seen 11.3.2025 in clinic."), vec![("11".to_string(), "3".to_string())]);
    }

    #[test]
    fn shorthand_after_s_p_is_no_date() {
        // "2/2" is "secondary to" and "8/10" a pain score after shorthand with
        // a slash; an abbreviation chain still reaches its date.
        assert_eq!(dates("Hx: s/p R TKA w/ ileus 2/2 opioids."), Vec::<(String, String)>::new());
        assert_eq!(dates("Hx: s/p TKA c/o pain 8/10 today."), Vec::<(String, String)>::new());
        assert_eq!(dates("Hx: s/p PPV/MP/EL/SO OS 8/4 for RRD."), vec![("4".to_string(), "8".to_string())]);
    }

    #[test]
    fn a_part_of_a_month_is_dated_at_its_middle() {
        for (part, day) in [("first week", 4), ("early", 5), ("Mid", 15), ("third week", 18), ("late", 25), ("end", 25)] {
            assert_eq!(middle_of_part(part), Some(day), "{part}");
        }
        assert_eq!(middle_of_part("sometime"), None);
        // "in the first week of February" and "mid-March" are read as such dates.
        let lex = Lexicon::builtin().unwrap();
        let note = Note::new("Right TKA went in the first week of February; left hip in mid-March.", &NoteScheme::new(&lex)).unwrap();
        let found = Matcher::new(&lex).find(&note);
        let parts: Vec<(&str, &str)> =
            found.extractions.iter().filter_map(|e| Some((e.field("part")?, e.field("month")?))).collect();
        assert_eq!(parts, vec![("first week", "february"), ("mid", "march")]);
    }

    #[test]
    fn days_and_years_as_dictation_says_them() {
        for (field, day) in [("9", 9), ("09", 9), ("9th", 9), ("ninth", 9), ("twenty-first", 21), ("twenty first", 21), ("thirtieth", 30), ("thirty-first", 31), ("twentieth", 20)] {
            assert_eq!(day_of(field), Some(day), "{field}");
        }
        for field in ["twenty", "thirty second", "forty first", "ninthly"] {
            assert_eq!(day_of(field), None, "{field}");
        }
        for (field, year) in [("2026", 2026), ("26", 2026), ("twenty twenty-six", 2026), ("two thousand and twenty six", 2026), ("two thousand twenty", 2020), ("twenty twenty", 2020)] {
            assert_eq!(year_of(field), Some(year), "{field}");
        }
        assert_eq!(year_of("nineteen ninety"), None);
    }

    #[test]
    fn a_year_alone_before_the_date_of_service_is_remote() {
        let lex = Lexicon::builtin().unwrap();
        let note = Note::new("H/o wound infection after a vein stripping in 2015. Gout since 2026.", &NoteScheme::new(&lex)).unwrap();
        let found = Matcher::new(&lex).find(&note);
        let mut years: Vec<&Extraction> = found.extractions.iter().filter(|e| e.field("y").is_some() && e.field("d").is_none()).collect();
        // "since 2026." is also a year at the end of a line: the same year.
        years.dedup_by_key(|e| e.field("y"));
        let dos = jiff::civil::date(2026, 4, 16);
        assert_eq!(years.len(), 2, "{years:?}");
        assert!(remote_year(years[0], Some(dos)), "2015 is before 2026");
        assert!(!remote_year(years[1], Some(dos)), "this year is not remote");
        assert!(!remote_year(years[0], None), "no date of service, nothing to compare");
    }

    #[test]
    fn a_date_of_birth_dates_nothing() {
        let lex = Lexicon::builtin().unwrap();
        let text = "Thyroidectomy on Mr. B (DOB 02/03/1951) yesterday, 05/11/2026. Born: 4/4/1950. Reborn 6/6/2020.";
        let note = Note::new(text, &NoteScheme::new(&lex)).unwrap();
        let found = Matcher::new(&lex).find(&note);
        let kept = without_birth_dates(&note, &found, &lex.birth_date_heads).expect("two dates of birth dropped");
        let years: Vec<&str> = kept.extractions.iter().filter_map(|e| e.field("y")).collect();
        assert!(years.contains(&"2026") && years.contains(&"2020"), "{years:?}");
        assert!(!years.contains(&"1951") && !years.contains(&"1950"), "{years:?}");
    }

    #[test]
    fn a_note_that_writes_day_first_is_read_day_first() {
        let british = "Fixed on 19/02/2026. Frame placed on 06/01/2026.";
        assert_eq!(dates(british), [("19".into(), "02".into()), ("06".into(), "01".into())]);
        let american = "Fixed on 02/19/2026. Frame placed on 06/01/2026.";
        assert_eq!(dates(american), [("19".into(), "02".into()), ("01".into(), "06".into())]);
        // Nothing says which order: month first.
        assert_eq!(dates("Frame placed on 06/01/2026."), [("01".into(), "06".into())]);
    }

    #[test]
    fn a_date_only_one_reading_allows_or_dots_say_the_day_comes_first() {
        // October would be eight months after the note's day: 10 February.
        let fixed = "ORIF on 10/02/2026, back today.";
        assert_eq!(dates_on(fixed, Some("2026-02-24")), [("10".into(), "02".into())]);
        assert_eq!(dates_on(fixed, None), [("02".into(), "10".into())], "no date of service, no sign");
        // A follow-up a few days ahead is no sign: read as written.
        assert_eq!(dates_on("F/u on 03/02/2026.", Some("2026-02-24")), [("02".into(), "03".into())]);
        // Dots are Europe's.
        assert_eq!(dates("Fixed on 03.04.2026."), [("03".into(), "04".into())]);
        // A full stop before the date's head is no dot of the date.
        assert_eq!(dates("Brief op note. Date 12/08/2026."), [("08".into(), "12".into())]);
        // A date only the month-first reading allows outweighs the dots.
        let mixed = "Fixed on 03.04.2025, plate out 2/11/26.";
        assert_eq!(dates_on(mixed, Some("2026-03-01")), [("04".into(), "03".into()), ("11".into(), "2".into())]);
    }

    fn holiday(name: &str, shift: Option<&str>, dir: Option<&str>, dos: &str) -> String {
        holiday_date(name, shift, dir, dos.parse().unwrap()).map(|d| d.to_string()).unwrap_or_default()
    }

    #[test]
    fn holidays_fall_on_their_days_on_or_before_the_date_of_service() {
        assert_eq!(holiday("thanksgiving", Some("tuesday"), Some("before"), "2025-12-16"), "2025-11-25");
        assert_eq!(holiday("thanksgiving", Some("week"), Some("before"), "2026-03-17"), "2025-11-20");
        assert_eq!(holiday("christmas", Some("day"), Some("after"), "2026-01-10"), "2025-12-26");
        assert_eq!(holiday("new year's", None, None, "2026-02-01"), "2026-01-01");
        assert_eq!(holiday("memorial day", Some("weekend"), Some("before"), "2026-06-15"), "2026-05-23");
        assert_eq!(holiday("labor day", None, None, "2026-09-07"), "2026-09-07");
        // Not yet this year: last year's.
        assert_eq!(holiday("labor day", None, None, "2026-09-06"), "2025-09-01");
    }

    /// The post-op days of `text` a reading step leaves (all, where it drops none).
    fn post_op_days_left(text: &str, step: fn(&Note, &Matches, &Lexicon) -> Option<Matches>) -> usize {
        let lex = Lexicon::builtin().unwrap();
        let note = Note::new(text, &NoteScheme::new(&lex)).unwrap();
        let found = Matcher::new(&lex).find(&note);
        let read = step(&note, &found, &lex).unwrap_or(found);
        read.extractions.iter().filter(|e| e.kind == PatternKind::PostOpDay).count()
    }

    #[test]
    fn a_conditional_plans_post_op_day_is_not_todays() {
        let pods = |text: &str| post_op_days_left(text, |note, found, lex| without_planned_days(note, found, &lex.planned_day_words));
        assert_eq!(pods("Post-op: WBAT. Resume apixaban POD1 if Hgb stable.\n"), 0);
        // Told as done, or without a condition, the day stands.
        assert_eq!(pods("Course: d/c'd POD1 voiding, restarted apixaban POD2.\n"), 2);
        assert_eq!(pods("Seen today, POD 9 after her repair.\n"), 1);
    }

    #[test]
    fn a_post_op_day_still_to_come_is_not_todays() {
        let pods = |text: &str| post_op_days_left(text, |note, found, lex| without_future_days(note, found, &lex.future_day_words));
        assert_eq!(pods("He will return to clinic tomorrow for his POD 1 check.\n"), 0);
        assert_eq!(pods("She will be POD 3 on Monday.\n"), 0);
        assert_eq!(pods("Drops OD only. POD1 tomorrow am.\n"), 0);
        // Today's day, with the future told in another clause or after it.
        assert_eq!(pods("Seen today POD 10; will return in 2 weeks.\n"), 1);
        assert_eq!(pods("Wound check, POD 12, healing. Will see again next week.\n"), 1);
    }

    #[test]
    fn a_post_op_day_in_a_list_of_checks_is_not_todays() {
        let pods = |text: &str| post_op_days_left(text, |note, found, _| without_checkpoint_lists(note, found));
        assert_eq!(pods("- did well at POD1, wk1, 1 mo; lost to f/u in March\n"), 0);
        assert_eq!(pods("Seen POD 2, POD 7 and 6 wks.\n"), 0);
        // A day on its own, or with a clause after its comma, stands.
        assert_eq!(pods("Seen today, POD 9 after her repair.\n"), 1);
        assert_eq!(pods("POD 12, wound healed, no drainage.\n"), 1);
        assert_eq!(pods("Now POD 5, afebrile.\n"), 1);
    }

    #[test]
    fn a_post_op_day_a_plan_gives_is_not_todays() {
        let pods = |text: &str| post_op_days_left(text, |note, found, _| without_plan_days(note, found));
        assert_eq!(pods("Plan clears tonight, lines out POD1, home when eating\n"), 0);
        assert_eq!(pods("Findings: bleb scarred.\n\nPlan: pred q2h. POD1 tmrw am w/ me.\n"), 0);
        // Outside a plan ("Planned" is no plan's line), the day stands.
        assert_eq!(pods("Seen today, POD 9 after her repair.\n"), 1);
        assert_eq!(pods("Planned washout, POD 6 from the ORIF.\n"), 1);
    }

    #[test]
    fn a_span_given_as_a_bound_counts_no_day() {
        let spans = |text: &str| {
            let lex = Lexicon::builtin().unwrap();
            let note = Note::new(text, &NoteScheme::new(&lex)).unwrap();
            let found = Matcher::new(&lex).find(&note);
            let read = without_bound_spans(&note, &found, &lex.span_bound_words).unwrap_or(found);
            read.extractions.iter().filter(|e| matches!(e.kind, PatternKind::Ago | PatternKind::After)).count()
        };
        assert_eq!(spans("Risks incl post-tonsillectomy bleeding which can happen up to 2 wks after surgery.\n"), 0);
        assert_eq!(spans("No lifting for at least 6 weeks after the repair.\n"), 0);
        // A span told as the time since the operation stands.
        assert_eq!(spans("Seen 2 wks after surgery, wound healed.\n"), 1);
        assert_eq!(spans("Hernia repaired 3 weeks ago.\n"), 1);
    }
}
