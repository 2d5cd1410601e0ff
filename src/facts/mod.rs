//! Encounter facts: what the encounter context and the note's stated history
//! say about each procedure line, independent of any modifier's wording.
//!
//! For each line: which earlier procedure's global period it falls in (the
//! *index*), whether the same physician is bound by it, the day count and the
//! window's end; the setting (operating/procedure room or bedside/office); how
//! the line relates to the index (side, body region, diagnosis); NCCI pairs it
//! forms with the other lines; and same-day repeats. When `history` is missing,
//! prior procedures stated in the note ("s/p right TKA 01/10/2026", "POD #12")
//! are read as history, with their evidence spans.

use crate::assertion::AssertedHit;
use crate::codes::{CodeTables, ModifierIndicator};
use crate::encounter::{CheckedEncounter, Provider};
use crate::fold::holds_words;
use crate::lexicon::{Lexicon, PatternKind};
use crate::matcher::{Matches, Owner};
use crate::model::{Assertion, Category, GlobalDays};
use crate::note::Note;
use jiff::civil::Date;
use jiff::ToSpan;

pub mod dates;
pub mod people;
pub mod times;

/// Where a line stands against its index procedure's global period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WindowStatus {
    /// Inside the post-operative window (day 1 to the window's last day).
    Within,
    /// The same day as the index procedure.
    SameDay,
    /// After the window ended.
    Outside,
    /// The index code has no global period (XXX).
    NotApplicable,
    /// The index's global period or dates cannot be judged (YYY, MMM, unknown code, no dates).
    Unknown,
    /// Another physician's procedure: its global does not bind this one.
    NotBound,
    /// No earlier procedure is known.
    NoIndex,
}

impl WindowStatus {
    /// The output spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            WindowStatus::Within => "within",
            WindowStatus::SameDay => "same_day",
            WindowStatus::Outside => "outside",
            WindowStatus::NotApplicable => "not_applicable",
            WindowStatus::Unknown => "unknown",
            WindowStatus::NotBound => "not_bound",
            WindowStatus::NoIndex => "none",
        }
    }

    /// Whether 58/78/79 can apply.
    pub fn inside(self) -> bool {
        matches!(self, WindowStatus::Within | WindowStatus::SameDay)
    }
}

/// Where the index procedure came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IndexSource {
    /// `history[i]` of the encounter.
    History(usize),
    /// Stated in the note; view ranges of the evidence.
    Note(Vec<(usize, usize)>),
}

/// An earlier procedure considered as the index of a global period.
#[derive(Debug, Clone, PartialEq)]
pub struct IndexProcedure {
    /// Its code, when known.
    pub code: Option<String>,
    /// What the note called it, when read from the note.
    pub name: Option<String>,
    /// The `procedures.toml` entry that name is, when read from the note.
    pub procedure: Option<String>,
    /// Its date, when known.
    pub date: Option<Date>,
    /// Days from it to this encounter, when known.
    pub days_after: Option<i64>,
    /// Its global period, when known.
    pub global: Option<GlobalDays>,
    /// Where the global period came from (`encounter`, `fee schedule`, `built-in`, `note`).
    pub global_source: &'static str,
    /// Its side.
    pub side: Option<Side>,
    /// Its body region.
    pub region: Option<String>,
    /// Its ICD-10 diagnoses.
    pub diagnoses: Vec<String>,
    /// Whether the same physician performed it (None: not stated, taken as the same).
    pub same_physician: Option<bool>,
    /// Where it came from.
    pub source: IndexSource,
    /// For a prior procedure the author states as their own but whose global
    /// period no table knows: the window (in days) it is assumed to have.
    pub assumed_window: Option<i64>,
    /// Read from the note with no cue and no timing of its own, dated only by
    /// a post-op day said elsewhere (today's cystoscopy in an unheaded
    /// paragraph below "POD 16 after his hydrocele repair"): it shares the
    /// index's day by that reading alone, and says nothing of the index.
    pub dated_elsewhere: bool,
    /// Read from the note and told as earlier today ("on my morning list
    /// today", "this morning"): an earlier operation of the day, not this
    /// encounter's own work.
    pub earlier_today: bool,
    /// A history item whose provider id differs from the encounter's (both
    /// given): another individual, though of the same group and specialty. A
    /// global binds the group; a repeat by this physician is 77, not 76.
    pub other_individual: bool,
    /// The author's own earlier work named only by the side it was done on
    /// ("we burned the left side on 05/16/2025", "did the right side in
    /// May"): today's procedure, on that side, so it takes the line's code
    /// and global period rather than an assumed window.
    pub side_of_todays_work: bool,
    /// The service triggers the author's own unnamed deed is told with ("I
    /// resected him on 06/24/2025"), in a note that calls today's work a
    /// repeat: a line whose code one of them covers ("Repeat transurethral
    /// resection") did that work again, so the deed takes that line's code
    /// and global period.
    pub deed_services: Vec<usize>,
}

/// A body side.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// Left.
    Left,
    /// Right.
    Right,
    /// Both sides.
    Bilateral,
}

impl Side {
    /// Reads a `laterality` field: `left`, `RT`, `bilateral`, `L`, `OD`...
    pub fn parse(s: &str) -> Option<Side> {
        match s.trim().to_ascii_lowercase().as_str() {
            "l" | "lt." => Some(Side::Left),
            "r" | "rt." => Some(Side::Right),
            "both" | "b" | "bilat" | "50" => Some(Side::Bilateral),
            word => Side::from_note_word(word),
        }
    }

    /// Reads a side word of note text (folded): `left`, `lt`, `bilateral`, and
    /// the eyes' own `od`, `os`, `ou` (oculus dexter, sinister, uterque). The
    /// one-letter forms a field allows are too loose for prose.
    fn from_note_word(word: &str) -> Option<Side> {
        match word {
            "left" | "lt" | "os" => Some(Side::Left),
            "right" | "rt" | "od" => Some(Side::Right),
            "bilateral" | "ou" => Some(Side::Bilateral),
            _ => None,
        }
    }

    /// Whether two sides are different sides (bilateral overlaps both).
    pub fn differs(self, other: Side) -> bool {
        matches!((self, other), (Side::Left, Side::Right) | (Side::Right, Side::Left))
    }
}

/// The global-period relation of one line.
#[derive(Debug, Clone, PartialEq)]
pub struct GlobalFact {
    /// The status.
    pub status: WindowStatus,
    /// The chosen index, if any.
    pub index: Option<IndexProcedure>,
    /// The window's last day, when the date is known.
    pub ends: Option<Date>,
    /// Where the note itself states an index given in `history` ("I replaced
    /// her right knee six weeks ago"): view ranges, cited as context.
    pub stated_in_note: Vec<(usize, usize)>,
}

/// Where the work of this encounter was done.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Setting {
    /// Operating room, procedure room, endoscopy suite, cath lab.
    OperatingRoom,
    /// Bedside, ICU bed, exam room, office.
    Bedside,
    /// Not known.
    Unknown,
}

/// An NCCI pair in which this line is column 2.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PairFact {
    /// Index of the column-1 line.
    pub other_line: usize,
    /// The column-1 code.
    pub column1: String,
    /// The edit's modifier indicator.
    pub indicator: ModifierIndicator,
    /// The two lines are on different sides.
    pub other_side: bool,
    /// The note places the two lines' work at different anatomic sites: the
    /// view ranges of the site words (empty when it does not).
    pub other_site: Vec<(usize, usize)>,
    /// The column-2 line treats an injury (ICD-10-CM S code) the column-1
    /// line does not: a forearm laceration beside a scalp laceration, or
    /// beside a cyst excision.
    pub injury_apart: bool,
    /// Both lines' diagnoses name body sites (the `diagnoses` of the
    /// lexicon's site triggers) and none is the same place: osteoarthritis
    /// of the knee beside osteoarthritis of the wrist.
    pub diagnoses_apart: bool,
    /// The note places the column-2 line's work only where it places the
    /// column-1 line's (soft-tissue work on the lumbar paraspinals beside a
    /// lumbar adjustment): the diagnoses cannot set them apart.
    pub same_site: bool,
    /// The note times the two lines' work in separate, non-overlapping
    /// blocks of clock time: where, and how far apart.
    pub separate_times: Option<times::TimesApart>,
    /// The column-1 line bills the same code for the same disease at another
    /// place (M25.461 knee effusion, M25.411 shoulder effusion): no NCCI edit
    /// pairs a code with itself, but the second line needs 59 or X{EPSU} to
    /// show it is distinct work, not a repeat.
    pub same_code: bool,
}

/// A same-day repeat of the same code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RepeatFact {
    /// By the same physician (76) or another (77).
    pub same_physician: bool,
    /// Described as `line N` or `history[N]`.
    pub earlier: String,
    /// The earlier one was on the other side: as like a bilateral pair as a repeat.
    pub other_side: bool,
    /// The two lines' diagnoses are of one ICD-10 category but share no
    /// code ("trigger finger, middle finger" and "..., ring finger"): one
    /// disease at two places, the work done at each (told apart by site
    /// modifiers), not a repeat.
    pub diagnoses_apart: bool,
    /// The note says the work was done at separate places and never that it
    /// was done again ([`told_apart`]: "attention next to the third toe,
    /// through a separate incision"): work at each place, which anatomic
    /// modifiers (T1, F2) or 59 tell apart, not a repeat.
    pub places_apart: bool,
}

/// Facts for one procedure line.
#[derive(Debug, Clone, PartialEq)]
pub struct LineFacts {
    /// The line's code.
    pub code: Option<String>,
    /// Its fee-schedule global period.
    pub global: Option<GlobalDays>,
    /// Its region.
    pub region: Option<String>,
    /// Its side.
    pub side: Option<Side>,
    /// Its diagnoses.
    pub diagnoses: Vec<String>,
    /// The global-period relation.
    pub period: GlobalFact,
    /// Line differs from the index in side.
    pub other_side: Option<bool>,
    /// Line differs from the index in body region.
    pub other_region: Option<bool>,
    /// Line and index are different organs of one body area (a gallbladder
    /// and an appendix): no other region, yet no one site.
    pub other_organ: bool,
    /// Line's diagnoses share an ICD-10 category with the index's.
    pub same_diagnosis: Option<bool>,
    /// The line's diagnoses share no ICD-10 category with the index's but do
    /// with another earlier operation's (a bladder tumour resected last
    /// month, re-resected during a nephrectomy's global): a plan the note
    /// states is that operation's course.
    pub diagnosis_of_another_prior: bool,
    /// The line's complication of care is on the other side from its index,
    /// on the side of another earlier operation (a fistula made years ago
    /// clotted, during the global of a carotid operation on the other side):
    /// the complication is that operation's, not the index's.
    pub complication_of_another_prior: bool,
    /// The line treats an injury (S code) of a body region none of the
    /// index's diagnoses name (`injury_apart`): a new injury.
    pub new_injury: bool,
    /// No line diagnosis is in the same ICD-10 chapter (first letter) as any
    /// of the index's: a problem of another body system or kind.
    pub other_chapter: Option<bool>,
    /// The note speaks of the index or of an earlier procedure at all (the
    /// index read from the note, its statement found, or a prior-procedure
    /// phrase such as "s/p" or "post-op day" that is not negated).
    pub index_in_note: bool,
    /// A line diagnosis is a complication of surgical or medical care.
    pub complication_diagnosis: bool,
    /// Every diagnosis the line shares with its index (by ICD-10 category) is
    /// a disease no complication word describes (`quiet_dx_prefixes`: a worn
    /// knee carried onto the washout's line): the note's infection or
    /// bleeding words cannot be what the index treated.
    pub quiet_shared_diagnosis: bool,
    /// The line's complication of care is one the index already carried (they
    /// share the complication's ICD-10 category) and no line of the claim
    /// repeats the index's code: an infected knee replacement explanted with
    /// a spacer, now reimplanted; a fasciotomy's wounds closed. (A shunt
    /// revised again for the same failure is a redo: the complication came
    /// back.) Whether a plan explains the return is the ranker's to weigh.
    pub treats_index_complication: bool,
    /// Whether the index was diagnostic: its code, or another code of the
    /// same physician on the index's day, is a diagnostic procedure (a
    /// diagnostic laparoscopy with a D&C). `None` when the index has no code.
    pub index_diagnostic: Option<bool>,
    /// The index was diagnostic and this line is not: therapy after diagnosis.
    pub after_diagnostic: bool,
    /// The line completes a course its index began (a `staged_sequence` of
    /// the lexicon: expander, then implant).
    pub completes_course: Option<CourseFact>,
    /// The index's diagnoses name a sign, symptom or abnormal finding
    /// (ICD-10-CM chapter R: an abnormal smear, haematuria), what a work-up
    /// leads from to the disease a later line treats.
    pub index_for_finding: bool,
    /// The note says the index's own specimen led here: a therapy-after-
    /// diagnosis statement in a sentence dated on the index's day ("Path
    /// from 10/6 confirms osteomyelitis", "on final pathology from
    /// laparoscopic cystectomy 03/04/2025"). The index made the diagnosis,
    /// whatever its code.
    pub index_pathology: bool,
    /// View ranges where the note says why the index was done: "for ..."
    /// after the index's name or date, to the end of that clause; and clauses
    /// dated before the index.
    pub index_indication: Vec<(usize, usize)>,
    /// View ranges of sentences that tell of another earlier operation than
    /// the index, and not of the index ("She also had a nasal endoscopy in
    /// March with ENT, unrelated."): their words speak of that operation.
    pub told_of_others: Vec<(usize, usize)>,
    /// View ranges of sentences that tell the index procedure, done on an
    /// earlier day ("I did a suction D&C that evening"): their times of day
    /// are that day's, not a separate session today.
    pub index_day_told: Vec<(usize, usize)>,
    /// View ranges of sentences that name a place of another line's work of
    /// the claim and none of this line's ("NEW issue: R dorsal forearm --
    /// norepi extravasated" beside a graft of the left leg): their words
    /// speak of that line.
    pub told_of_other_lines: Vec<(usize, usize)>,
    /// Of those, the sentences whose other places are of lines this one is
    /// not paired with by NCCI: a "separate lesion" there sets that line
    /// apart, not this one from its partner.
    pub told_of_unpaired_lines: Vec<(usize, usize)>,
    /// View ranges from another line's service to the end of its sentence,
    /// where the sentence names none of this line's services ("3. Open right
    /// inguinal hernia repair through a separate right groin incision" beside
    /// an umbilical hernia's line): words of a distinct site said after that
    /// service speak of its line, unless it is this line's NCCI partner.
    /// Words said before it set this line apart from it ("Different
    /// lesion/separate area from the cryo").
    pub told_of_other_services: Vec<(usize, usize)>,
    /// On a claim whose other work is a return to the operating room, the
    /// note places this line's own work at the bedside ("Did an emergent
    /// lateral canthotomy ... at the bedside", then "had to take her back to
    /// the OR" for the hematoma): this line's work needed no operating room.
    pub done_at_bedside: bool,
    /// NCCI pairs where this line is column 2.
    pub pairs: Vec<PairFact>,
    /// Same-day repeat.
    pub repeat: Option<RepeatFact>,
    /// For an add-on (ZZZ) line, the index of its primary line.
    pub primary_line: Option<usize>,
    /// Modifiers billed on the line (audit), when given.
    pub billed: Option<Vec<String>>,
}

/// Whether `at` lies inside one of the view ranges.
fn starts_within(ranges: &[(usize, usize)], at: usize) -> bool {
    ranges.iter().any(|&(s, e)| (s..e).contains(&at))
}

impl LineFacts {
    /// Whether a hit at view range `start..end` is in a sentence that names
    /// only another line's places.
    pub fn told_of_another_line(&self, (start, _): (usize, usize)) -> bool {
        starts_within(&self.told_of_other_lines, start)
    }

    /// Whether a hit at view range `start..end` is in a sentence that names
    /// only places of lines this one is not paired with.
    pub fn told_of_an_unpaired_line(&self, (start, _): (usize, usize)) -> bool {
        starts_within(&self.told_of_unpaired_lines, start)
    }

    /// Whether a hit at view range `start..end` follows another line's
    /// service in a sentence that names none of this line's
    /// ([`LineFacts::told_of_other_services`]).
    pub fn told_of_another_service(&self, (start, _): (usize, usize)) -> bool {
        starts_within(&self.told_of_other_services, start)
    }

    /// Whether a hit at view range `start..end` is in a sentence that tells of
    /// another earlier operation, not the index.
    pub fn told_of_another(&self, (start, _): (usize, usize)) -> bool {
        starts_within(&self.told_of_others, start)
    }

    /// Whether a hit at view range `start..end` is in a sentence that tells
    /// the index procedure of an earlier day ([`LineFacts::index_day_told`]).
    pub fn told_of_the_index_day(&self, (start, _): (usize, usize)) -> bool {
        starts_within(&self.index_day_told, start)
    }

    /// Whether a hit at view range `start..end` begins or ends in the note's
    /// statement of why the index procedure was done ("my resection for an
    /// incarcerated hernia"; "Pt: 38M, roofer, fell ~12 ft off a ladder 6/3").
    pub fn in_index_indication(&self, (start, end): (usize, usize)) -> bool {
        let last = end.saturating_sub(1);
        self.index_indication.iter().any(|&(s, e)| (s..e).contains(&start) || (s..e).contains(&last))
    }

    /// The line's diagnosis is a complication of care that counts: not one
    /// the index carried (the index treated it; it is no news of a new one),
    /// nor one of another earlier operation on the line's side.
    pub fn complication_of_care(&self) -> bool {
        self.complication_diagnosis && !self.treats_index_complication && !self.complication_of_another_prior
    }

    /// The line treats the index procedure's own diagnosis (they share an
    /// ICD-10 category) and that diagnosis is not a complication of care the
    /// index did not already carry (a fasciotomy's compartment syndrome is
    /// what the fasciotomy treated, when its wounds are closed later).
    pub fn treats_index_diagnosis(&self) -> bool {
        self.same_diagnosis == Some(true) && (!self.complication_diagnosis || self.treats_index_complication)
    }
}

/// Whether the index procedure was diagnostic: its own code, or a code the
/// same physician performed on the index's day (a diagnostic laparoscopy with
/// a D&C, a diagnostic arthroscopy with a debridement). `None` without a code.
fn index_was_diagnostic(index: Option<&IndexProcedure>, candidates: &[IndexProcedure], lexicon: &Lexicon) -> Option<bool> {
    let index = index.filter(|i| i.code.is_some())?;
    Some(index_day_codes(index, candidates).any(|c| lexicon.is_diagnostic(c)))
}

/// The index's code and those of the same physician's other procedures on
/// the index's day (a diagnostic laparoscopy beside a D&C).
fn index_day_codes<'a>(index: &'a IndexProcedure, candidates: &'a [IndexProcedure]) -> impl Iterator<Item = &'a str> {
    let same_day = candidates
        .iter()
        .filter(|h| index.days_after.is_some() && h.days_after == index.days_after && h.same_physician != Some(false) && !h.dated_elsewhere);
    std::iter::once(index).chain(same_day).filter_map(|h| h.code.as_deref())
}

/// A course of two operations the line completes (see
/// [`LineFacts::completes_course`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CourseFact {
    /// The course in plain words ("closed treatment of the forearm shafts,
    /// then open fixation").
    pub says: String,
    /// The first step's failure is why the line is done (a lost closed
    /// reduction): words for that failure tell the course.
    pub after_failure: bool,
}

/// The course this line's code completes after its index's day (see
/// [`LineFacts::completes_course`]). A course goes on where it began: not in
/// another region, nor on the other side unless the course allows it.
fn course_completed(
    index: Option<&IndexProcedure>,
    candidates: &[IndexProcedure],
    code: Option<&str>,
    (other_side, other_region): (Option<bool>, Option<bool>),
    lexicon: &Lexicon,
) -> Option<CourseFact> {
    let (index, code) = (index?, code?);
    if other_region == Some(true) {
        return None;
    }
    let named = || index.code.is_none().then_some(index.procedure.as_deref()).flatten();
    index_day_codes(index, candidates)
        .find_map(|first| lexicon.staged_sequence(first, code))
        .or_else(|| named().and_then(|n| lexicon.staged_sequence_named(n, code)))
        .filter(|q| q.either_side || other_side != Some(true))
        .map(|q| CourseFact { says: q.says.clone(), after_failure: q.after_failure })
}

/// How long before the index a dated event may be and still be what the
/// index treated.
const BEFORE_INDEX_DAYS: i64 = 120;

/// Clauses that date an event before the index procedure ("fell off a
/// ladder 3/1", the frame going on 3/2), or on its day where the note tells
/// it before it tells the index ("came in 1/12 septic ... with cellulitis, I
/// took him that night"): what happened then is what the index treated,
/// neither a complication of it nor a new problem after it. A clause runs
/// between commas, semicolons and sentence ends.
fn dated_before_index(note: &Note, extractions: &[crate::matcher::Extraction], period: &GlobalFact, dos: Option<Date>) -> Vec<(usize, usize)> {
    let Some(index_date) = period.index.as_ref().and_then(|i| i.date) else { return Vec::new() };
    let told = index_told(period);
    let folded = note.folded();
    let mut out = Vec::new();
    // Shortly before: a yearless date of a plan ("back on 3/20", said on
    // 3/10) reads as last year's and must not pass for the injury's.
    let earliest = index_date.checked_sub(jiff::Span::new().days(BEFORE_INDEX_DAYS)).unwrap_or(index_date);
    for e in extractions.iter().filter(|e| e.kind == PatternKind::Date) {
        let Some(date) = extraction_date(e, dos).filter(|&d| d <= index_date && d >= earliest) else { continue };
        let Some(si) = note.sentence_at(e.start) else { continue };
        let sentence = note.sentences()[si];
        let (Some(before), Some(after)) = (folded.get(sentence.start..e.start), folded.get(e.end..sentence.end)) else { continue };
        let start = before.rfind([',', ';']).map_or(sentence.start, |i| sentence.start + i + 1);
        let end = after.find([',', ';']).map_or(sentence.end, |i| e.end + i);
        // The index's own statement, its date left out (the date is this one).
        let told_at = told.iter().filter(|&&(a, b)| b <= e.start || a >= e.end).map(|&(a, _)| a).min();
        if date == index_date && told_at.is_none_or(|at| end > at) {
            continue;
        }
        out.push((start, end));
    }
    out
}

/// The sentences that tell the index procedure, a named operation of a 010
/// or 090 global done on an earlier day than today (see
/// [`LineFacts::index_day_told`]).
fn index_day_told(note: &Note, period: &GlobalFact) -> Vec<(usize, usize)> {
    let earlier_operation = |i: &IndexProcedure| {
        i.code.is_some() && i.days_after.is_some_and(|d| d > 0) && matches!(i.global, Some(GlobalDays::D010 | GlobalDays::D090))
    };
    if !period.index.as_ref().is_some_and(earlier_operation) {
        return Vec::new();
    }
    sentence_ranges(note, index_told(period).iter().filter_map(|&(start, _)| note.sentence_at(start)))
}

/// The view ranges of sentences `si`, in note order, each once.
fn sentence_ranges(note: &Note, si: impl Iterator<Item = usize>) -> Vec<(usize, usize)> {
    let sentences = note.sentences();
    let mut out: Vec<(usize, usize)> = si.map(|si| (sentences[si].start, sentences[si].end)).collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// Where the note tells of the index procedure: its name, cue and date as
/// read from the note, or the note's statements of a history item.
fn index_told(period: &GlobalFact) -> &[(usize, usize)] {
    match period.index.as_ref().map(|i| &i.source) {
        Some(IndexSource::Note(spans)) => spans,
        Some(IndexSource::History(_)) => &period.stated_in_note,
        None => &[],
    }
}

/// With no date of service anywhere, a dated history item the note counts
/// from ("I performed her open sigmoid colectomy ...; she's POD 17 today")
/// fixes today: its date plus that count. Only when every count agrees. An
/// item of the same code settles it; where the note names no operation of
/// any item's code, the only dated item is the one it counts from when the
/// operation it names lies in the same body area ("POD 2 from DCL" beside a
/// history item of the bowel resection that laparotomy held) and is not said
/// to be another physician's.
fn dos_from_counted_history(
    history: &[crate::encounter::CheckedHistory],
    stated: &[IndexProcedure],
    region_of: impl Fn(&str) -> Option<String>,
    lexicon: &Lexicon,
) -> Option<Date> {
    let dated: Vec<(Date, &str)> = history.iter().filter_map(|h| Some((h.date?, h.item.code.as_deref()?.trim()))).collect();
    let counted = |date: Date, s: &IndexProcedure| date.checked_add(s.days_after?.days()).ok();
    let same_code: Vec<Date> = dated
        .iter()
        .flat_map(|&(date, code)| {
            stated.iter().filter(move |s| s.days_after.is_some() && s.code.as_deref() == Some(code)).map(move |s| counted(date, s))
        })
        .collect::<Option<_>>()?;
    if !same_code.is_empty() {
        return agreed(&same_code);
    }
    let [(date, code)] = dated.as_slice() else { return None };
    let area = region_of(code)?;
    let in_area: Vec<Date> = stated
        .iter()
        .filter(|s| s.days_after.is_some() && s.same_physician != Some(false))
        .filter(|s| s.region.as_deref().is_some_and(|r| lexicon.same_body_area(r, &area)))
        .map(|s| counted(*date, s))
        .collect::<Option<_>>()?;
    agreed(&in_area)
}

/// The one day every count gives, if they all give the same.
fn agreed(days: &[Date]) -> Option<Date> {
    let first = *days.first()?;
    days.iter().all(|d| *d == first).then_some(first)
}

/// Sentences that tell of an earlier operation the note names other than
/// the index, and say nothing of the index (see [`LineFacts::told_of_others`]).
/// Another operation is one of another body area on another day: a
/// "lumpectomy" beside the index's "partial mastectomy" is the same one told
/// in other words.
fn told_of_others(note: &Note, period: &GlobalFact, stated: &[IndexProcedure], lexicon: &Lexicon) -> Vec<(usize, usize)> {
    let Some(index) = period.index.as_ref() else { return Vec::new() };
    let Some(index_region) = index.region.as_deref() else { return Vec::new() };
    let another = |c: &IndexProcedure| {
        c.region.as_deref().is_some_and(|r| !lexicon.same_body_area(r, index_region))
            && (c.days_after.is_none() || c.days_after != index.days_after)
    };
    let sentence_of = |&(start, _): &(usize, usize)| note.sentence_at(start);
    let index_sentences: Vec<usize> = index_told(period).iter().filter_map(sentence_of).collect();
    let told = stated
        .iter()
        .filter(|c| another(c))
        .filter_map(|c| match &c.source {
            IndexSource::Note(spans) => Some(spans),
            IndexSource::History(_) => None,
        })
        .flatten()
        .filter_map(sentence_of)
        .filter(|si| !index_sentences.contains(si));
    sentence_ranges(note, told)
}

/// Words within which a "for" after the index's name or date begins its indication.
const INDICATION_REACH_WORDS: usize = 8;

/// Words that end the clause giving the index's indication: what follows
/// tells of the patient since ("for a deviated septum - airway now clear").
const INDICATION_ENDS: [&str; 10] =
    [" now ", " but ", " complicated", " then ", " which ", " and was ", " and has ", " - ", " -- ", " \u{2014} "];

/// Where the note says why the index was done: from a "for" shortly after the
/// index procedure's name or date (no sentence stop between) to the end of
/// that clause ("day 3 after my small bowel resection for an incarcerated
/// hernia.", "s/p washout on 3/1 for septic arthritis, now ..."). Complication
/// and new-problem words there are the index's indication, not events after it.
fn index_indication(note: &Note, period: &GlobalFact) -> Vec<(usize, usize)> {
    let statement = index_told(period);
    let folded = note.folded();
    let mut out = Vec::new();
    for &(_, end) in statement {
        let Some(si) = note.sentence_at(end.saturating_sub(1)) else { continue };
        let sentence_end = note.sentences()[si].end;
        let Some(after) = folded.get(end..sentence_end) else { continue };
        let Some(at) = after.match_indices("for ").map(|(i, _)| i).find(|&i| i == 0 || after.as_bytes()[i - 1] == b' ') else { continue };
        if after[..at].contains([';', ':']) || note.words_between(end, end + at) > INDICATION_REACH_WORDS {
            continue;
        }
        let clause = &after[at..];
        let stop = clause
            .find([',', ';', ':', '.'])
            .into_iter()
            .chain(INDICATION_ENDS.iter().filter_map(|w| clause.find(w)))
            .min()
            .unwrap_or(clause.len());
        out.push((end + at, end + at + stop));
    }
    out.extend(statement.first().and_then(|&(first, _)| indication_before_who(note, first)));
    out.sort();
    out.dedup();
    out
}

/// The patient's disease told just before "who underwent" the index ("a
/// 38-year-old woman with endocarditis and an annular abscess who underwent
/// valve replacement with me"): the "with" clause, read as the indication.
fn indication_before_who(note: &Note, first: usize) -> Option<(usize, usize)> {
    let start = note.sentences()[note.sentence_at(first)?].start;
    let before = note.folded().get(start..first)?;
    let who = before.rfind(" who ")?;
    let with = before[..who].rfind(" with ")?;
    let told = note.words_between(start + who + " who ".len(), first) <= WHO_TO_INDEX_WORDS
        && !before[with..who].contains([';', ':'])
        && note.words_between(start + with, start + who) <= INDICATION_CLAUSE_WORDS;
    told.then_some((start + with + 1, start + who))
}

/// Words between "who" and the index it tells of ("who underwent", "who had a").
const WHO_TO_INDEX_WORDS: usize = 2;
/// Words a "with ..." clause may run before "who underwent".
const INDICATION_CLAUSE_WORDS: usize = 20;

/// Facts for the whole encounter.
#[derive(Debug, Clone, PartialEq)]
pub struct EncounterFacts {
    /// One entry per procedure line (a single inferred line when none were given).
    pub lines: Vec<LineFacts>,
    /// Where the work was done.
    pub setting: Setting,
    /// The payer is Medicare (X{EPSU} preferred), not Medicare, or unknown.
    pub medicare: Option<bool>,
    /// Prior procedures read from the note.
    pub note_history: Vec<IndexProcedure>,
    /// What could not be checked.
    pub warnings: Vec<String>,
    /// Whether the procedure lines were inferred from the note.
    pub inferred_line: bool,
    /// The view range of the note's text that gave the date of service, when
    /// the encounter gave none ("DOS 4/18", "Electronically signed ... 08/23/2025").
    pub service_date_span: Option<(usize, usize)>,
}

fn same_text(a: &Option<String>, b: &Option<String>) -> Option<bool> {
    match (a, b) {
        (Some(a), Some(b)) if !a.trim().is_empty() && !b.trim().is_empty() => {
            Some(a.trim().eq_ignore_ascii_case(b.trim()))
        }
        _ => None,
    }
}

/// Same physician: same individual, or same group and same specialty.
pub fn same_physician(current: Option<&Provider>, earlier: Option<&Provider>) -> Option<bool> {
    let (Some(c), Some(e)) = (current, earlier) else { return None };
    if same_text(&c.id, &e.id) == Some(true) {
        return Some(true);
    }
    match (same_text(&c.group, &e.group), same_text(&c.specialty, &e.specialty)) {
        (Some(true), Some(true)) => Some(true),
        (Some(false), _) | (_, Some(false)) => Some(false),
        _ => same_text(&c.id, &e.id),
    }
}

/// The post-operative window of `global` after `index`: whether day `dos` is in
/// it. Day 0 is the same day; days 1 to the window length are inside.
pub fn window_status(global: GlobalDays, days_after: i64) -> WindowStatus {
    match global.window_days() {
        None => match global {
            GlobalDays::Xxx => WindowStatus::NotApplicable,
            _ => WindowStatus::Unknown,
        },
        Some(_) if days_after == 0 => WindowStatus::SameDay,
        Some(w) if days_after >= 1 && days_after <= i64::from(w) => WindowStatus::Within,
        Some(_) if days_after < 0 => WindowStatus::Unknown,
        Some(_) => WindowStatus::Outside,
    }
}

/// The last day of the window, when it has one.
pub fn window_end(global: GlobalDays, index: Date) -> Option<Date> {
    let w = global.window_days()?;
    index.checked_add(i64::from(w).days()).ok()
}

/// Whether no diagnosis of `a` shares an ICD-10-CM chapter with one of
/// `b`; `None` when either has none.
fn other_chapter(a: &[String], b: &[String]) -> Option<bool> {
    let (a, b) = (chapters(a), chapters(b));
    if a.is_empty() || b.is_empty() {
        return None;
    }
    Some(!a.iter().any(|x| b.contains(x)))
}

/// Whether the column-2 line (`column2`) treats an injury the column-1 line
/// (`column1`) does not (also read with a line and its index's diagnoses:
/// [`LineFacts::new_injury`]): it carries injury codes (S00-S99) and the
/// column-1 line, which has at least one readable diagnosis, carries either no injury
/// code (a laceration repaired beside a cyst excision) or only injuries of
/// other body regions (the block's first digit: S0 head, S5 elbow and
/// forearm, S9 ankle and foot).
fn injury_apart(column2: &[String], column1: &[String]) -> bool {
    let regions = |list: &[String]| -> Vec<char> {
        list.iter()
            .filter_map(|d| {
                let mut c = d.trim().chars();
                (c.next()?.eq_ignore_ascii_case(&'S')).then(|| c.next()).flatten().filter(char::is_ascii_digit)
            })
            .collect()
    };
    let (two, one) = (regions(column2), regions(column1));
    let one_has_diagnosis = column1.iter().any(|d| icd_chapter(d).is_some());
    !two.is_empty() && one_has_diagnosis && !one.iter().any(|r| two.contains(r))
}

/// The site triggers whose `diagnoses` prefixes one of `list` begins with.
fn diagnosis_sites(lexicon: &Lexicon, list: &[String]) -> Vec<usize> {
    let codes: Vec<String> = list.iter().map(|d| d.trim().replace('.', "").to_ascii_uppercase()).collect();
    (0..lexicon.triggers.len())
        .filter(|&t| lexicon.triggers[t].diagnoses.iter().any(|p| codes.iter().any(|c| c.starts_with(p.as_str()))))
        .collect()
}

/// Whether the two lines' diagnoses name body sites and share no place (a
/// site, or one lying in the other): see [`PairFact::diagnoses_apart`].
fn diagnoses_apart(lexicon: &Lexicon, column2: &[String], column1: &[String]) -> bool {
    let (two, one) = (diagnosis_sites(lexicon, column2), diagnosis_sites(lexicon, column1));
    let same_place = |a: usize, b: usize| a == b || lexicon.triggers[a].wider.contains(&b) || lexicon.triggers[b].wider.contains(&a);
    !two.is_empty() && !one.is_empty() && !two.iter().any(|&a| one.iter().any(|&b| same_place(a, b)))
}

/// The ICD-10-CM chapters of a list of diagnoses (unreadable codes left out).
fn chapters(list: &[String]) -> Vec<u8> {
    list.iter().filter_map(|d| icd_chapter(d)).collect()
}

/// The ICD-10-CM chapter of a code, by its letter and, where a letter is
/// shared by two chapters, its first two digits: neoplasms run C00-D49 and
/// blood D50-D89, the eye H00-H59 and the ear H60-H95, injuries S and T
/// together, external causes V-Y.
fn icd_chapter(dx: &str) -> Option<u8> {
    let dx = dx.trim();
    let letter = dx.chars().next()?.to_ascii_uppercase();
    let two: Option<u32> = dx.get(1..3).and_then(|d| d.parse().ok());
    Some(match letter {
        'A' | 'B' => 1,
        'C' => 2,
        'D' => if two? < 50 { 2 } else { 3 },
        'E' => 4,
        'F' => 5,
        'G' => 6,
        'H' => if two? < 60 { 7 } else { 8 },
        'I' => 9,
        'J' => 10,
        'K' => 11,
        'L' => 12,
        'M' => 13,
        'N' => 14,
        'O' => 15,
        'P' => 16,
        'Q' => 17,
        'R' => 18,
        'S' | 'T' => 19,
        'V' | 'W' | 'X' | 'Y' => 20,
        'Z' => 21,
        'U' => 22,
        _ => return None,
    })
}

/// An ICD-10-CM code's category and first subcategory character (`G56.2`
/// ulnar, `G56.0` carpal tunnel): close enough to be "the same diagnosis",
/// while laterality and encounter characters further right do not count.
fn icd_category(dx: &str) -> String {
    dx.trim().chars().filter(|c| c.is_ascii_alphanumeric()).take(4).collect::<String>().to_ascii_uppercase()
}

/// An ICD-10-CM code with its laterality characters (`M17.11` right knee,
/// `M17.12` left; `E11.3591` right eye), without a seventh-character letter
/// (the encounter extension of an injury code: `S52.501A`, `S52.501D`).
fn icd_sided(dx: &str) -> String {
    let mut code: String = dx.trim().chars().filter(|c| c.is_ascii_alphanumeric()).collect::<String>().to_ascii_uppercase();
    if code.len() == 7 && code.ends_with(|c: char| c.is_ascii_alphabetic()) {
        code.pop();
    }
    code
}

/// Whether the line shares diagnoses with its index (by ICD-10 category) and
/// every one it shares is quiet (`Lexicon::is_quiet_diagnosis`).
fn only_quiet_shared(line: &[String], index: &[String], lexicon: &Lexicon) -> bool {
    let mut shared = line.iter().filter(|d| index.iter().any(|i| icd_category(i) == icd_category(d))).peekable();
    shared.peek().is_some() && shared.all(|d| lexicon.is_quiet_diagnosis(d))
}

/// Whether the two lists share a diagnosis. Between sides, the laterality
/// characters count: osteoarthritis of the right knee is not the diagnosis of
/// a left knee replacement, nor is it another disease. Codes that differ only
/// there say no more than "the other side", which is judged as a side: the
/// answer is then unknown. So are codes of one three-character category on
/// the other side, whose laterality may be the fourth character (C64.1 and
/// C64.2, a Wilms tumour of each kidney).
fn diagnoses_overlap(a: &[String], b: &[String], other_side: bool, lexicon: &Lexicon) -> Option<bool> {
    if a.is_empty() || b.is_empty() {
        return None;
    }
    let shared = |key: &dyn Fn(&str) -> String| a.iter().any(|x| b.iter().any(|y| key(x) == key(y)));
    match (shared(&|d| lexicon.diagnosis_key(d)), other_side && !shared(&icd_sided)) {
        (true, true) => None,
        (false, _) if other_side && shared(&|d| icd_category(d).chars().take(3).collect()) => None,
        (same, _) => Some(same),
    }
}

fn number_word(s: &str) -> Option<i64> {
    let n = match s {
        "a" | "an" | "one" => 1,
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "eleven" => 11,
        "twelve" => 12,
        "thirteen" => 13,
        "fourteen" => 14,
        "fifteen" => 15,
        "sixteen" => 16,
        "twenty" => 20,
        "thirty" => 30,
        // "last week", "the month before last", "yesterday".
        "last" | "yester" => 1,
        // "this morning", "earlier today", "on my list today".
        "this" | "earlier" | "today" => 0,
        "before last" => 2,
        _ => return s.parse().ok(),
    };
    Some(n)
}

/// Days in a span's unit: words ("weeks", "wk", "fortnight", "mos", "yrs")
/// by their first letter, the Commonwealth denominators of "3/52" (weeks),
/// "6/7" (days) and "2/12" (months), and a decade for a time of life ("as a
/// child": long before any global period).
fn unit_days(unit: &str) -> i64 {
    if ["child", "kid", "teen", "teenager", "youngster", "toddler", "baby", "infant", "boy", "girl"].contains(&unit) {
        3650
    } else if unit.starts_with('y') {
        365
    } else if unit.starts_with('w') || unit == "52" {
        7
    } else if unit.starts_with('f') {
        14
    } else if unit.starts_with('m') || unit == "12" {
        30
    } else {
        1
    }
}

fn month_number(m: &str) -> Option<i8> {
    const MONTHS: [&str; 12] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
    MONTHS.iter().position(|p| m.starts_with(p)).map(|i| i as i8 + 1)
}

/// Region tokens that do not name a body site (see lexicons/codes/README.md):
/// they never make two procedures "same site" or "other site". Skin work
/// (incision and drainage, excision, repair) lies on whatever body part it
/// treats, so `skin` says nothing about the site either.
fn names_a_site(region: &str) -> bool {
    !matches!(region, "general" | "evaluation" | "therapy" | "skin")
}

/// A date and the view range of the note's text that gives it.
type SpannedDate = (Date, (usize, usize));

/// How far into the note (view bytes) its opening lines, where a header
/// states the date of service, run.
const OPENING_BYTES: usize = 600;

/// The date of service the note states: the last date an addendum corrects it
/// to ("date of service on this note should read 03/10/2025"), else a
/// `service_date` pattern in its opening lines ("DOS 3/3/2026", "date of
/// surgery November 20 2025"), else a date in its date-of-surgery header section, else a dated first line with
/// little else on it ("September 17, 2026" above "OPERATIVE REPORT", "6/2/26
/// office", "OR  1/29/26"), else
/// a date of any form right after a head of the date of service in its
/// opening ("Date of operation 19/03/2026"), else a full date on the line of
/// a post-op day in its opening ("POD #2 / HD 3 (3/9/26)"), else "today
/// is" a date anywhere, else the date of its signature line.
fn note_date_of_service(note: &Note, matches: &Matches, lexicon: &Lexicon) -> Option<SpannedDate> {
    let dated = |kind: PatternKind| matches.extractions.iter().filter(move |e| e.kind == kind);
    let date_of = |e: &crate::matcher::Extraction| extraction_date(e, None).map(|d| (d, (e.start, e.end)));
    dated(PatternKind::CorrectedServiceDate)
        .filter_map(date_of)
        .last()
        .or_else(|| dated(PatternKind::ServiceDate).filter(|e| e.start < OPENING_BYTES).find_map(date_of))
        .or_else(|| {
            dated(PatternKind::Date).filter(|e| note.section_name_at_view(e.start) == "date").find_map(date_of)
        })
        .or_else(|| {
            let from = own_text_start(note);
            dated(PatternKind::Date).filter(|e| is_the_first_line(note.folded(), e, from)).find_map(date_of)
        })
        .or_else(|| {
            dated(PatternKind::Date)
                .filter(|e| e.start < OPENING_BYTES && headed_as_service_date(note.folded(), e, lexicon))
                .find_map(date_of)
        })
        .or_else(|| {
            // "POD #2 / HD 3 (3/9/26)": on a short line of its own, the day a
            // post-op day names is today ("POD 42 s/p reduction 3/3/26" dates
            // the operation instead).
            dated(PatternKind::PostOpDay).filter(|p| p.start < OPENING_BYTES).find_map(|p| {
                let (from, to) = note.written_line(p.start);
                let line = note.folded().get(from..to)?;
                let own_line = note.words_between(from, to) <= 8 && !["s/p", "status post", "after", "since", "from"].iter().any(|w| line.contains(w));
                dated(PatternKind::Date)
                    .filter(|e| own_line && e.start >= from && e.end <= to && e.field("y").is_some())
                    .find_map(date_of)
            })
        })
        // "Today is 11/03/2026, hospital day 6", however deep in the note: a
        // head that says so in a sentence ("today is", "the date of service
        // is"), or a sentence that opens "Today 11/4/25 (HD #3) he came back".
        .or_else(|| {
            dated(PatternKind::Date)
                .filter(|e| {
                    let before = note.folded()[..e.start].trim_end_matches([' ', ':', ',', '(']);
                    (before.ends_with(" is") || opens_sentence_with_today(before)) && headed_as_service_date(note.folded(), e, lexicon)
                })
                .find_map(date_of)
        })
        // "Electronically signed by M. Oyelaran MD 08/23/2025 16:42": a note
        // dated nowhere else is dated by its signature.
        .or_else(|| dated(PatternKind::Date).filter(|e| on_a_signature_line(note, e, lexicon)).find_map(date_of))
}

/// Whether `before` (the text up to a date) ends with a sentence or line
/// that is only the word "today": "... lactate normalized.\nToday" (or a
/// flattened export's "normalized.,Today"), not "she was seen today".
fn opens_sentence_with_today(before: &str) -> bool {
    let Some(head) = strip_suffix_words(before, "today") else { return false };
    let head = head.trim_end_matches([' ', '\t']);
    let head = head.strip_suffix(',').filter(|h| h.ends_with('.')).unwrap_or(head);
    head.chars().next_back().is_none_or(|c| matches!(c, '\n' | '.' | ';'))
}

/// Whether a full date follows, on a short line, one of the `sign_off_words`
/// that sign the note, head its addendum or date its specimen ("Signed: J.
/// Park MD 3/9/2026 14:02", "e-signed 03/09/2026", "ADDENDUM 04/14/2026
/// 15:05 (same day as visit): ...", "Pathology requisition: ... collected
/// 11/04/2025 10:52"): the last date the note has of itself.
fn on_a_signature_line(note: &Note, date: &crate::matcher::Extraction, lexicon: &Lexicon) -> bool {
    let (from, _) = note.written_line(date.start);
    let Some(before) = note.folded().get(from..date.start) else { return false };
    // Right before the date, however long the line ("... Bactrim DS x7d
    // e-prescribed 3/19/26 to CVS").
    let words: Vec<&str> = before.split_whitespace().collect();
    let just_before = words[words.len().saturating_sub(SIGN_OFF_REACH_WORDS)..].join(" ");
    let short_line = note.words_between(from, date.end) <= SIGNATURE_LINE_WORDS;
    date.field("y").is_some()
        && lexicon.sign_off_words.iter().any(|w| holds_words(&just_before, w) || (short_line && holds_words(before, w)))
}

/// Words between a sign-off word and the date it gives on a line of any length.
const SIGN_OFF_REACH_WORDS: usize = 2;

/// Words a signature line holds at most (name, credentials, date and time).
const SIGNATURE_LINE_WORDS: usize = 14;

/// The date of service the note states without a year ("DOS 4/18", a first
/// line "Op note 4/18"), when it states none with one: month and day.
fn note_yearless_service_day(note: &Note, matches: &Matches, lexicon: &Lexicon) -> Option<((i8, i8), (usize, usize))> {
    let yearless = |e: &&crate::matcher::Extraction| e.start < OPENING_BYTES && e.field("y").is_none();
    let month_day = |e: &crate::matcher::Extraction| Some(((written_month(e)?, dates::day_of(e.field("d")?)?), (e.start, e.end)));
    let folded = note.folded();
    let from = own_text_start(note);
    matches
        .extractions
        .iter()
        .filter(yearless)
        .filter(|e| {
            e.kind == PatternKind::ServiceDate
                || (e.kind == PatternKind::Date && (is_the_first_line(folded, e, from) || headed_as_service_date(folded, e, lexicon)))
        })
        .find_map(month_day)
}

/// A working date of service for a note that dates today without a year:
/// the yearless day in the year of the latest full date the note or history
/// gives, the year after when that would put today before it, else in a
/// fixed year. Day counts between the note's yearless dates and from the
/// history's dates hold; the working year itself is never reported (see
/// [`Priors::read`]).
fn working_date_of_service((m, d): (i8, i8), matches: &Matches, history: &[crate::encounter::CheckedHistory]) -> Option<Date> {
    let latest = matches
        .extractions
        .iter()
        .filter(|e| e.kind == PatternKind::Date && e.field("y").is_some())
        .filter_map(|e| extraction_date(e, None))
        .chain(history.iter().filter_map(|h| h.date))
        .max();
    let Some(latest) = latest else {
        // A leap year, so a 29 February of service has its day.
        return Date::new(WORKING_YEAR, m, d).ok();
    };
    [latest.year(), latest.year() + 1].into_iter().filter_map(|y| Date::new(y, m, d).ok()).find(|today| *today >= latest)
}

/// The year a yearless date of service is placed in when nothing dates the
/// note: a leap year.
const WORKING_YEAR: i16 = 2000;

/// Whether a date in the note's opening follows a head of the date of
/// service (`service_date_heads`: "Date of operation 19/03/2026", "date of
/// service March ninth two thousand twenty six"), with at most a colon,
/// comma, dash or stop between.
fn headed_as_service_date(folded: &str, date: &crate::matcher::Extraction, lexicon: &Lexicon) -> bool {
    const GAP: [char; 7] = [' ', ':', ',', '.', '-', '\n', '\t'];
    let before = folded[..date.start].trim_end_matches(GAP);
    // A weekday may stand between the head and the date ("Date: Mon 26-Jan-2026").
    let before = dates::WEEKDAYS
        .iter()
        .find_map(|(w, _)| strip_suffix_words(before, w))
        .map_or(before, |rest| rest.trim_end_matches(GAP));
    lexicon.service_date_heads.iter().any(|h| ends_with_words(before, h))
}

/// Whether `text` ends with `words`, starting at a word boundary ("... on
/// POD" ends with "on", "... upon" does not).
fn ends_with_words(text: &str, words: &str) -> bool {
    strip_suffix_words(text, words).is_some()
}

/// `text` without `words` at its end, where they start at a word boundary
/// ([`ends_with_words`]); `None` when it does not end with them.
fn strip_suffix_words<'t>(text: &'t str, words: &str) -> Option<&'t str> {
    text.strip_suffix(words).filter(|rest| rest.chars().next_back().is_none_or(|c| !crate::note::is_word_char(c)))
}

/// Words a dated first line may hold after its date and still head the
/// note ("6/2/26 office", "3/3/26 clinic procedure note").
const FIRST_LINE_LABEL_WORDS: usize = 3;

/// `text` without a clock time that opens it ("0215", "14:32", "9:05 pm").
/// After a date whose year is written (`after_year`), four digits from 1900
/// to 2359 are a time too ("12/02/2025 2140"); else they read as a year.
fn strip_clock_time(text: &str, after_year: bool) -> &str {
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    let rest = match (digits, text.as_bytes().get(digits)) {
        // Four digits are a time ("0215"), unless they read as a year.
        (4, _) if text[..2] < *(if after_year { "24" } else { "19" }) && text[2..4] < *"60" => &text[4..],
        (1 | 2, Some(b':')) => {
            let after = &text[digits + 1..];
            let minutes = after.bytes().take_while(u8::is_ascii_digit).count();
            if minutes != 2 {
                return text;
            }
            let after = after[2..].trim_start();
            ["am", "pm", "a.m.", "p.m."].iter().find_map(|m| after.strip_prefix(m)).unwrap_or(after)
        }
        _ => return text,
    };
    if rest.starts_with(|c: char| c.is_alphanumeric()) {
        return text;
    }
    rest
}

/// Words a title line over a dated second line holds at most.
const TITLE_LINE_WORDS: usize = 6;

/// Words that name a kind of note in its first line's label.
const NOTE_KIND_WORDS: [&str; 10] = ["op", "note", "operative", "procedure", "report", "brief", "progress", "dictation", "clinic", "visit"];

/// The longest an earlier operation's course runs: a prior older than this
/// shares the line's disease, but no plan of today's is its course.
const COURSE_SPAN_DAYS: i64 = 365;

/// Words that name a room when a number follows ("OR 6", "Theatre 2").
const ROOM_WORDS: [&str; 6] = ["or", "room", "rm", "theatre", "theater", "suite"];

/// `words` without a room and its number ("OR 6" after a header's date says
/// where, not what the date is).
fn without_room_numbers(words: Vec<&str>) -> Vec<&str> {
    let mut kept = Vec::with_capacity(words.len());
    let mut i = 0;
    while i < words.len() {
        let numbered = words.get(i + 1).is_some_and(|n| n.chars().all(|c| c.is_ascii_digit()));
        if ROOM_WORDS.contains(&words[i]) && numbered {
            i += 2;
            continue;
        }
        kept.push(words[i]);
        i += 1;
    }
    kept
}

/// Where the note's own text starts in the view: after a problem list, a
/// past history or a consent paragraph pasted above its first line
/// ("Problem list: ..." then "OR NOTE 3/7/26").
fn own_text_start(note: &Note) -> usize {
    let mut at = 0;
    for s in note.sections() {
        let blank = note.text().get(s.range.0..s.range.1).is_some_and(|t| t.trim().is_empty());
        if s.range.0 != at || !(blank || matches!(s.name.as_str(), "past_history" | "consent")) {
            break;
        }
        at = s.range.1;
    }
    note.view_offset(at)
}

/// Whether a date is all the note's first written line holds (or the line
/// under a short title), but for a weekday before it ("Tuesday, March 3,
/// 2026") or a short label before or after it ("6/2/26 office", "OR
/// 1/29/26").
fn is_the_first_line(folded: &str, date: &crate::matcher::Extraction, from: usize) -> bool {
    let Some(rest) = folded.get(from..) else { return false };
    let first = from + (rest.len() - rest.trim_start().len());
    let line_end_from = |start: usize| folded[start..].find('\n').map_or(folded.len(), |i| start + i);
    let first_end = line_end_from(first);
    // Below a title line of a few words with no number ("Op note - OS" over
    // "Wed 4/29/2026", "Brief op note - CT surgery (NICU)" over "08/13/2025"),
    // the second line is where the date stands; a dash or the words that only
    // say what kind of note it is count for nothing.
    let title = &folded[first..first_end];
    let titled = !title.chars().any(|c| c.is_ascii_digit())
        && label_words(title).len() <= TITLE_LINE_WORDS
        && date.start > first_end;
    let lead = if titled { first_end + 1 + (folded[first_end + 1..].len() - folded[first_end + 1..].trim_start_matches([' ', '\t']).len()) } else { first };
    if lead > folded.len() {
        return false;
    }
    let line_end = line_end_from(lead);
    if !(lead..=line_end).contains(&date.start) || date.end > line_end {
        return false;
    }
    // A flattened export runs the first line on into the note after a comma.
    // Words that only say what kind of note it is do not count ("| Hand
    // surgery | op note").
    let label = folded[date.end..line_end].split(',').next().unwrap_or("");
    // A clock time right after the date is when the note was written ("3/2/26 0215").
    let label = strip_clock_time(label.trim_start(), date.field("y").is_some());
    let after_words = without_room_numbers(label_words(label));
    if after_words.len() > FIRST_LINE_LABEL_WORDS || after_words.iter().any(|w| w.chars().any(|c| c.is_ascii_digit())) {
        return false;
    }
    let before = folded[lead..date.start].trim().trim_end_matches(',');
    // Words of the label before the date, a weekday right before it and
    // words that only say what kind of note it is aside ("Derm proc visit -
    // Tue 1/13/26 - Dr. Bhattacharya", "PEDS ED NOTE - RETURN VISIT 2/21/2026").
    let mut before_words = label_words(before);
    if before_words.last().is_some_and(|w| dates::is_weekday(w)) {
        before_words.pop();
    }
    let label_before = before_words.len() <= FIRST_LINE_LABEL_WORDS && !before.chars().any(|c| c.is_ascii_digit());
    before.is_empty() || (before.ends_with("day") && before.chars().all(char::is_alphabetic)) || label_before
}

/// The words of a first line's label or title, those that only say what
/// kind of note it is ([`NOTE_KIND_WORDS`]) and punctuation left out.
fn label_words(text: &str) -> Vec<&str> {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty() && !NOTE_KIND_WORDS.contains(w)).collect()
}

/// Whether the note writes the index's date ("pinned in situ 4/20" of a
/// history's 2026-04-20 pinning): it speaks of the index, even in words no
/// procedure phrase names.
fn note_gives_date(index: &IndexProcedure, matches: &Matches, dos: Option<Date>) -> bool {
    let Some(date) = index.date else { return false };
    matches.extractions.iter().any(|e| e.kind == PatternKind::Date && extraction_date(e, dos) == Some(date))
}

/// Whether a present therapy-after-diagnosis statement is dated, a few words
/// from it on its own line, with the day the note gives for `index` ("Path
/// from 10/6 confirms ...", "on final pathology from laparoscopic cystectomy
/// 03/04/2025"). Another line's date tells of another specimen.
fn pathology_dated_at(index: &IndexProcedure, note: &Note, matches: &Matches, hits: &[AssertedHit], dos: Option<Date>) -> bool {
    let Some(date) = index.date else { return false };
    let dates: Vec<(usize, usize)> = matches
        .extractions
        .iter()
        .filter(|e| e.kind == PatternKind::Date && extraction_date(e, dos) == Some(date))
        .map(|e| (e.start, e.end))
        .collect();
    // A date inside the statement ("path 10/6 showed") is beside it.
    let near = |statement: (usize, usize), date: (usize, usize)| {
        let (from, to) = gap_to_cue(statement, date);
        from >= to || (note.view().get(from..to).is_some_and(|t| !t.contains('\n')) && note.words_between(from, to) <= PATHOLOGY_DATE_WORDS)
    };
    hits.iter().any(|h| {
        h.category == Category::TherapeuticAfterDiagnostic
            && h.assertion == Assertion::Present
            && dates.iter().any(|&d| near((h.hit.start, h.hit.end), d))
    })
}

/// Words between a pathology statement and the index's date that tie them.
const PATHOLOGY_DATE_WORDS: usize = 6;

/// Reads a `date` extraction into a calendar date. A date written without a
/// year takes the latest year that puts it on or before `dos` (none without `dos`).
pub fn extraction_date(e: &crate::matcher::Extraction, dos: Option<Date>) -> Option<Date> {
    if let Some(holiday) = e.field("holiday") {
        return dates::holiday_date(holiday, e.field("shift"), e.field("dir"), dos?);
    }
    if let Some(weekday) = e.field("weekday") {
        return dates::last_weekday(weekday, dos?);
    }
    let d = match e.field("part") {
        Some(part) => dates::middle_of_part(part)?,
        None => dates::day_of(e.field("d")?)?,
    };
    let m = match (written_month(e), e.field("m").or(e.field("month")), e.field("y")) {
        (Some(m), _, _) => m,
        // A day of the month alone ("on the 3rd"): the latest such day on or
        // before the date of service, this month or the one before.
        (None, None, None) => return latest_day_of_month(d, dos?),
        _ => return None,
    };
    let Some(y) = e.field("y") else {
        let dos = dos?;
        // The latest such date on or before the date of service (a 29 February
        // may lie further back than last year).
        return (0..8).filter_map(|back| Date::new(dos.year() - back, m, d).ok()).find(|date| *date <= dos);
    };
    Date::new(dates::year_of(y)?, m, d).ok()
}

/// The longest global period (CMS global periods run 0, 10 or 90 days).
const LONGEST_GLOBAL_DAYS: i32 = 90;

/// Whether a date extraction names a time too long before the date of
/// service for any global period to reach it: a year alone before this one
/// ([`dates::remote_year`]), or a month and year with no day ("lap chole w/
/// me 9/2024", "in March 2025") whose month ended more than
/// [`LONGEST_GLOBAL_DAYS`] before it.
fn remote_date(e: &crate::matcher::Extraction, dos: Option<Date>) -> bool {
    if dates::remote_year(e, dos) {
        return true;
    }
    if e.field("d").is_some() || e.field("part").is_some() || e.field("holiday").is_some() || e.field("weekday").is_some() {
        return false;
    }
    let (Some(m), Some(y), Some(dos)) = (written_month(e), e.field("y").and_then(dates::year_of), dos) else { return false };
    Date::new(y, m, 1)
        .ok()
        .and_then(|first| first.last_of_month().checked_add(jiff::Span::new().days(LONGEST_GLOBAL_DAYS)).ok())
        .is_some_and(|reach| reach < dos)
}

/// The month a date extraction writes, as a number (`m`) or a name
/// (`month`); `None` when it writes none or one that is no month.
fn written_month(e: &crate::matcher::Extraction) -> Option<i8> {
    match (e.field("m"), e.field("month")) {
        (Some(m), _) => m.parse().ok(),
        (None, Some(month)) => month_number(month),
        (None, None) => None,
    }
}

/// The latest date on or before `dos` whose day of the month is `d`,
/// looking back at most one month ("on the 3rd", said on the 9th or the 1st).
fn latest_day_of_month(d: i8, dos: Date) -> Option<Date> {
    let this_month = Date::new(dos.year(), dos.month(), d).ok().filter(|date| *date <= dos);
    this_month.or_else(|| {
        let last_month = dos.first_of_month().checked_sub(jiff::Span::new().days(1)).ok()?;
        Date::new(last_month.year(), last_month.month(), d).ok()
    })
}

/// Stated day counts beyond this (a century) are not about a prior procedure;
/// the bound also keeps user patterns with unbounded digit groups from
/// overflowing day arithmetic.
const MAX_STATED_DAYS: i64 = 36_600;

/// What an extraction says about days since the prior procedure.
fn extraction_days(e: &crate::matcher::Extraction, dos: Option<Date>) -> Option<i64> {
    match e.kind {
        PatternKind::Date | PatternKind::ServiceDate | PatternKind::CorrectedServiceDate | PatternKind::VisitDate => {
            let date = extraction_date(e, dos)?;
            let dos = dos?;
            Some(i64::from((dos - date).get_days()))
        }
        PatternKind::PostOpDay => number_word(e.field("n")?).filter(|d| d.abs() <= MAX_STATED_DAYS),
        PatternKind::Ago | PatternKind::After => {
            let span = |n: &str, unit: &str| number_word(n)?.checked_mul(unit_days(unit));
            // A span in two units ("three months and two days from") adds its first part.
            let first = match (e.field("n0"), e.field("unit0")) {
                (Some(n), Some(unit)) => span(n, unit)?,
                _ => 0,
            };
            span(e.field("n")?, e.field("unit")?)?.checked_add(first).filter(|d| d.abs() <= MAX_STATED_DAYS)
        }
        PatternKind::Cpt | PatternKind::TimeRange | PatternKind::ClockTime => None,
    }
}

/// The date `days` before `dos`, when that is a date the calendar has.
fn days_before(dos: Date, days: i64) -> Option<Date> {
    dos.checked_sub(jiff::Span::new().try_days(days).ok()?).ok()
}

/// A side in the three words before `start`, on its own line (a heading's
/// "OS" above "Previous surgery: phaco right eye" is today's eye).
fn side_before(note: &Note, start: usize) -> Option<Side> {
    let before = &note.folded()[..start];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let from = before.char_indices().rev().nth(24).map(|(i, _)| i).unwrap_or(0).max(line_start);
    // A date's numbers are no words here: "OD done 9/9/25 w/ me" names its eye.
    let numeric = |w: &str| w.bytes().all(|b| b.is_ascii_digit());
    words_at(note.folded(), from, start).into_iter().rev().filter(|(_, w)| !numeric(w)).take(3).find_map(|(at, w)| side_word(note, at, w))
}

/// The words (runs of letters and digits) of `text[from..to]`, each with its offset.
fn words_at(text: &str, from: usize, to: usize) -> Vec<(usize, &str)> {
    let Some(slice) = text.get(from..to) else { return Vec::new() };
    let mut words = Vec::new();
    let mut start = None;
    for (i, c) in slice.char_indices().chain(std::iter::once((slice.len(), ' '))) {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                words.push((from + s, &slice[s..i]));
                start = None;
            }
            _ => {}
        }
    }
    words
}

/// The side a note word at `at` names: a side word ("left", "rt", "OD"), or
/// a capital L or R standing alone as shorthand does ("L 2nd toe", "R TKA"),
/// but not a volume ("2 L"), "R/O" (rule out) or "L-spine".
fn side_word(note: &Note, at: usize, word: &str) -> Option<Side> {
    if let Some(side) = Side::from_note_word(word) {
        return Some(side);
    }
    if word.len() != 1 {
        return None;
    }
    let capital = note.view().get(at..at + 1).filter(|c| matches!(*c, "L" | "R"))?;
    let next = note.view()[at + 1..].chars().next();
    if matches!(next, Some('/' | '-' | '&')) {
        return None;
    }
    let before = note.folded()[..at].trim_end();
    if before.ends_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    Side::parse(capital)
}

/// The side a procedure's name gives, just before it, inside it ("plated
/// her L distal radius", "replaced her right knee") or in a phrase just after
/// it that a preposition opens ("mesh repair of a right inguinal hernia",
/// "removed the cataract from her right eye").
fn side_of_name(note: &Note, (start, end): (usize, usize)) -> Option<Side> {
    side_before(note, start)
        .or_else(|| words_at(note.folded(), start, end).into_iter().find_map(|(at, w)| side_word(note, at, w)))
        .or_else(|| side_after(note, end))
}

/// A side in the few words after a procedure's name, within its sentence,
/// where "of", "on", "from", "to" or "in" comes at most two words before it
/// ("left" alone after a name is as often the verb: "the TKA left him
/// stiff"), or an eye's OD, OS or OU right after it.
fn side_after(note: &Note, end: usize) -> Option<Side> {
    let rest = note.folded().get(end..)?;
    let clause = &rest[..rest.find(['.', ';', '\n', ':']).unwrap_or(rest.len())];
    let words: Vec<(usize, &str)> = words_at(note.folded(), end, end + clause.len()).into_iter().take(SIDE_AFTER_WORDS).collect();
    words.iter().enumerate().find_map(|(i, &(at, w))| {
        let opened = words[i.saturating_sub(2)..i].iter().any(|(_, p)| matches!(*p, "of" | "on" | "from" | "to" | "in"))
            // The object of an operation told by its verb: "I pinned the R 5th MC".
            || (i > 0 && matches!(words[i - 1].1, "the" | "his" | "her" | "their" | "a" | "an"));
        // An eye's own abbreviation names its side right after the name
        // or next but one ("phaco/PCIOL OS on 5/26"), and so does a side
        // word with "eye" or "side" after it ("Phaco/IOL right eye 02/10").
        let named_part = words.get(i + 1).is_some_and(|(_, n)| matches!(*n, "eye" | "eyes" | "side"));
        let eye = i <= 1 && (matches!(w, "od" | "os" | "ou") || named_part);
        side_word(note, at, w).filter(|_| opened || eye)
    })
}

/// Words after a procedure's name read for its side: "nail avulsion of the
/// medial border of the RIGHT hallux" names it seven words on.
const SIDE_AFTER_WORDS: usize = 8;

const CURRENT_PROCEDURE_SECTIONS: &[&str] = &["procedure", "postoperative_diagnosis", "preoperative_diagnosis"];

/// Sections that speak of the future: a "POD 1 check" there is not a prior procedure.
const FUTURE_SECTIONS: &[&str] = &["plan", "disposition"];

/// Words between a prior-procedure cue ("s/p", "I placed") and the procedure
/// it introduces, at most.
const CUE_REACH_WORDS: usize = 12;

/// Timing statements of one sentence that can date a prior procedure: a date
/// written without a year is dropped where a full date covers it, and the
/// note's own date ("op note - 11/03/2026", "DOS 3/3/26") dates nothing.
fn timing_in<'m>(all: &'m [crate::matcher::Extraction], start: usize, end: usize) -> Vec<&'m crate::matcher::Extraction> {
    let slice = starting_within(all, start, end);
    let overlaps = |a: &crate::matcher::Extraction, b: &crate::matcher::Extraction| a.start < b.end && b.start < a.end;
    let service_dates: Vec<&crate::matcher::Extraction> = slice.iter().filter(|e| e.kind == PatternKind::ServiceDate).collect();
    let in_sentence: Vec<&crate::matcher::Extraction> = slice
        .iter()
        .filter(|e| {
            e.end <= end
                && !matches!(
                    e.kind,
                    PatternKind::Cpt
                        | PatternKind::ServiceDate
                        | PatternKind::CorrectedServiceDate
                        | PatternKind::VisitDate
                        | PatternKind::TimeRange
                        | PatternKind::ClockTime
                )
        })
        .filter(|e| !service_dates.iter().any(|d| overlaps(d, e)))
        .collect();
    in_sentence
        .iter()
        .copied()
        .filter(|e| {
            e.kind != PatternKind::Date
                || e.field("y").is_some()
                || !in_sentence.iter().any(|o| o.kind == PatternKind::Date && o.field("y").is_some() && overlaps(o, e))
        })
        .collect()
}

/// The extractions (sorted by start) that start within the view range
/// `start..end`, found by binary search: each sentence reads only its own.
fn starting_within(all: &[crate::matcher::Extraction], start: usize, end: usize) -> &[crate::matcher::Extraction] {
    &all[all.partition_point(|e| e.start < start)..all.partition_point(|e| e.start < end)]
}

/// The date a sentence refers back to ("motorcycle crash 2/27/26. I took him
/// to the OR that night for I&D", "Seen 8/4 for a papule. I excised it that
/// day"): where sentence `si` holds one of the `same_day_refs`, the last date
/// (or visit date) written in the two sentences before it, in its section.
fn date_referred_back<'m>(
    note: &Note,
    si: usize,
    extractions: &'m [crate::matcher::Extraction],
    lexicon: &Lexicon,
) -> Option<&'m crate::matcher::Extraction> {
    let sentences = note.sentences();
    let sent = sentences[si];
    let text = note.folded().get(sent.start..sent.end)?;
    let refers = lexicon.same_day_refs.iter().any(|r| holds_words(text, r));
    if !refers {
        return None;
    }
    (si.saturating_sub(2)..si)
        .rev()
        .filter(|&i| sentences[i].section == sent.section)
        .find_map(|i| {
            let visits = starting_within(extractions, sentences[i].start, sentences[i].end)
                .iter()
                .filter(|e| e.kind == PatternKind::VisitDate && e.end <= sentences[i].end);
            let dates = timing_in(extractions, sentences[i].start, sentences[i].end).into_iter().filter(|e| e.kind == PatternKind::Date);
            dates.chain(visits).max_by_key(|e| e.start)
        })
}

/// Words within which a calendar date beside a procedure's name dates it
/// even when a relative statement ("five weeks after") is nearer.
const DATE_REACH_WORDS: usize = 6;

/// Words after a procedure's name within which a span of years or a time of
/// life ("as a child") dates it ahead of any calendar date.
const REMOTE_SPAN_WORDS: usize = 2;

/// Whether the view range `gap` crosses from one entry of a past surgical
/// history to the next, where the list runs its entries on with semicolons
/// ("lap chole 2004; R open CTR 4/14/26 (me); L TKA 2017 elsewhere"). In a
/// story a semicolon joins clauses of one telling ("came in 4/6 septic; I
/// did a guillotine amputation that night").
fn another_list_entry(note: &Note, gap: (usize, usize)) -> bool {
    note.section_name_at_view(gap.0) == "past_history" && note.folded().get(gap.0..gap.1).is_some_and(|t| t.contains(';'))
}

/// The first of `timing` (nearest to `at` first) that gives a day count, with
/// that count. A calendar date close by comes first: notes round relative
/// times ("five weeks after the hysterectomy I did on 4/14/2026").
fn dated_by<'m>(
    note: &Note,
    timing: &[&'m crate::matcher::Extraction],
    at: (usize, usize),
    dos: Option<Date>,
) -> Option<(&'m crate::matcher::Extraction, Option<i64>)> {
    // "yesterday" and "this morning" date only the operation they are said
    // beside, and "this morning" only in its own clause ("... lumbar fusion
    // hardware; PICC placed earlier today"), not across a colon ("Taken to
    // OR this am: cysto / stent" lists today's own work).
    let near = |e: &crate::matcher::Extraction| {
        let gap = if e.start >= at.1 { (at.1, e.start) } else { (e.end, at.0) };
        let today = matches!(e.field("n"), Some("this" | "earlier" | "today"));
        let said_beside = today || e.field("n") == Some("yester");
        // Nor a date of another entry of a surgical history run on with
        // semicolons ("06/27/2026 I&D L thigh - P. Ruiz MD; 2021 lap appy").
        let other_entry = another_list_entry(note, gap);
        // A bracketed aside counts no words ("thyroplasty (silastic, awake,
        // local + MAC) done by me yesterday").
        let beside = || note.view().get(gap.0..gap.1).is_some_and(|t| people::words_outside_brackets(t) <= DATE_REACH_WORDS);
        // A post-op day of the earlier operation's course ("a prolonged leak
        // after the lobectomy and went home POD 9") dates nothing from today.
        let course_day = e.kind == PatternKind::PostOpDay && tells_the_index_course(note, e);
        // "Earlier today" sets the operation against this one, so it reaches
        // across a colon ("who I operated on earlier today (9/2): mini-
        // Pfannenstiel laparotomy").
        let earlier = e.field("n") == Some("earlier");
        (!today || (in_one_clause(note, gap) && (earlier || !holds_colon(note, gap))))
            && (!said_beside || beside())
            && !other_entry
            && !course_day
    };
    let mut by_distance: Vec<&crate::matcher::Extraction> = timing.iter().copied().filter(|e| near(e)).collect();
    // Keys counted once per timing (counting words is not free).
    by_distance.sort_by_cached_key(|e| {
        let (gap, bytes_away) = if e.start >= at.1 { ((at.1, e.start), e.start - at.1) } else { ((e.end, at.0), at.0.saturating_sub(e.end) + 1) };
        let close_date = e.kind == PatternKind::Date && note.words_between(gap.0, gap.1) <= DATE_REACH_WORDS;
        (!close_date, bytes_away)
    });
    // A year alone beside the name, before this one ("a left total knee
    // arthroplasty in 2022"), or a month long past ("lap chole 9/2024"),
    // dates it, though a farther date can be counted.
    if let Some(&e) = by_distance.first().filter(|e| remote_date(e, dos)) {
        return Some((e, None));
    }
    // So does a span of years or a time of life said right after the name
    // ("he had a tonsillectomy as a child", "a TURP 10 years ago"), though a
    // date closes the clause before it.
    let years_back = |e: &&&crate::matcher::Extraction| {
        matches!(e.kind, PatternKind::Ago | PatternKind::After)
            && e.start >= at.1
            && note.words_between(at.1, e.start) <= REMOTE_SPAN_WORDS
            && extraction_days(e, dos).is_some_and(|d| d >= 365)
    };
    if let Some(&e) = by_distance.iter().find(years_back) {
        return Some((e, extraction_days(e, dos)));
    }
    // A date that is the day of service itself ("today's date is August
    // fourteenth ..., I put him in a spanning external fixator ... August
    // second") dates the note, not the operation, where another date does.
    by_distance
        .iter()
        .find_map(|e| extraction_days(e, dos).filter(|&d| d != 0).map(|d| (*e, Some(d))))
        .or_else(|| by_distance.iter().find_map(|e| extraction_days(e, dos).map(|d| (*e, Some(d)))))
        .or_else(|| by_distance.first().map(|e| (*e, None)))
}

/// Words before a post-op day that make it a day of the earlier operation's
/// course, not today ("out by POD 12", "home on POD 3", "home POD1").
const INDEX_COURSE_WORDS: [&str; 11] =
    ["by", "until", "till", "through", "since", "discharged on", "home on", "out on", "home", "discharged", "d/c'd"];

/// Whether a post-op day tells the course after the earlier operation
/// ([`INDEX_COURSE_WORDS`] just before it) rather than where today stands.
fn tells_the_index_course(note: &Note, e: &crate::matcher::Extraction) -> bool {
    let before = note.folded()[..e.start].trim_end();
    INDEX_COURSE_WORDS.iter().any(|w| ends_with_words(before, w))
}

/// Words between an operation's name and the author's mark that claims it
/// outright ("repair (mine, 4/6)", "TKA by me").
const OWN_MARK_REACH_WORDS: usize = 2;

/// The gap between a procedure's name and a cue's span, whichever comes
/// first (reversed where the two overlap).
fn gap_to_cue(name: (usize, usize), cue: (usize, usize)) -> (usize, usize) {
    if cue.1 <= name.0 {
        (cue.1, name.0)
    } else {
        (name.1, cue.0)
    }
}

/// A prior procedure read from the note.
struct StatedPrior<'a> {
    note: &'a Note,
    dos: Option<Date>,
    /// A present "another physician did it" statement, said of no operation
    /// named before it, in a note that tells of no operation of the author's
    /// own: it speaks of every prior.
    other_physician: bool,
    /// Where the note says "another physician did it": each speaks of the
    /// operation named just before it in its sentence.
    other_said: Vec<(usize, usize)>,
    /// The note's own clinician, to tell whose a named doctor's work was.
    authors: &'a people::Authors,
}

impl StatedPrior<'_> {
    fn index(
        &self,
        name: (usize, usize),
        cue: Option<&AssertedHit>,
        timing: Option<(&crate::matcher::Extraction, Option<i64>)>,
    ) -> IndexProcedure {
        let days_after = timing.and_then(|(_, d)| d);
        let date = match (timing, self.dos, days_after) {
            (Some((e, _)), _, _) if matches!(e.kind, PatternKind::Date | PatternKind::VisitDate) => extraction_date(e, self.dos),
            (Some(_), Some(dos), Some(d)) => days_before(dos, d),
            _ => None,
        };
        let own = cue.is_some_and(|c| c.category == Category::PriorOwn);
        let own_beside = cue.is_some_and(|c| {
            let (from, to) = gap_to_cue(name, (c.hit.start, c.hit.end));
            c.category == Category::PriorOwn && from <= to && self.note.words_between(from, to) <= OWN_MARK_REACH_WORDS
        });
        let sentence = self.note.sentence_at(name.0).map(|si| self.note.sentences()[si]);
        let named = sentence.and_then(|s| self.authors.doer_in(self.note, name, (s.start, s.end)));
        let said_other = sentence.is_some_and(|s| {
            let from = self.other_said.partition_point(|&(a, _)| a < name.1);
            let to = self.other_said.partition_point(|&(a, _)| a < s.end);
            self.other_said[from..to].iter().any(|&(a, _)| {
                let another_entry = another_list_entry(self.note, (name.1, a));
                self.note.words_between(name.1, a) <= people::DOER_REACH_WORDS && !another_entry
            })
        });
        // "This afternoon ... VATS" is as likely the note's own work, and
        // "seen this morning for a wound check after her TKA" dates a visit.
        let earlier_today = timing.is_some_and(|(e, _)| {
            e.kind == PatternKind::Ago
                && !tells_a_visit_between(self.note, name, (e.start, e.end))
                && matches!((e.field("n"), e.field("unit")), (Some("earlier" | "today"), _) | (Some("this"), Some("morning")))
        });
        let mut evidence = vec![name];
        evidence.extend(cue.map(|c| (c.hit.start, c.hit.end)));
        evidence.extend(timing.map(|(t, _)| (t.start, t.end)));
        evidence.sort();
        evidence.dedup();
        IndexProcedure {
            code: None,
            name: Some(self.note.span(name.0, name.1).text),
            procedure: None,
            date,
            days_after,
            global: None,
            global_source: "note",
            side: side_of_name(self.note, name),
            region: None,
            diagnoses: Vec::new(),
            // The author's mark right beside the name ("hydrocele repair (mine,
            // 4/6)", "the ALIF with me (access by Dr. Yoon)") speaks of it
            // before a doctor named after it (who helped, or did the next
            // thing named) and a later "by an outside urologist".
            same_physician: own_beside
                .then_some(true)
                .or(named)
                .or(said_other.then_some(false))
                .or(own.then_some(true))
                .or(self.other_physician.then_some(false)),
            source: IndexSource::Note(evidence),
            assumed_window: None,
            dated_elsewhere: false,
            earlier_today,
            other_individual: false,
            side_of_todays_work: false,
            deed_services: Vec::new(),
        }
    }
}

/// Reads prior procedures stated in the note: a named procedure next to a
/// prior-procedure cue or a timing statement ("s/p right TKA 01/10/2026"),
/// and the author's own earlier operation with its date even when no table
/// names it ("I took him to the OR on 10/27 for ..."), whose global period is
/// then assumed to be `prose_prior_window` days. `own_specialty` is the
/// provider's (see [`people::Authors::of`]).
#[allow(clippy::too_many_arguments)]
fn history_from_note(
    note: &Note,
    matches: &Matches,
    hits: &[AssertedHit],
    lexicon: &Lexicon,
    tables: &CodeTables,
    dos: Option<Date>,
    line_regions: &[String],
    authors: &people::Authors,
) -> Vec<IndexProcedure> {
    let prior_cues: Vec<&AssertedHit> = hits
        .iter()
        .filter(|h| names_a_prior(h))
        .collect();
    let present = |c: Category| hits.iter().any(|h| h.category == c && h.assertion == Assertion::Present);
    // "By another physician" right after an operation's name ("hernia repair
    // 1/30 by Dr. Moss (gen surg)") speaks of that operation alone.
    let said_of_a_name = |h: &AssertedHit| {
        let sentence = note.sentence_at(h.hit.start);
        matches.procedures.iter().any(|p| {
            p.end <= h.hit.start
                && note.sentence_at(p.start) == sentence
                && note.words_between(p.end, h.hit.start) <= people::DOER_REACH_WORDS
        })
    };
    let free_other =
        hits.iter().any(|h| h.category == Category::OtherPhysician && h.assertion == Assertion::Present && !said_of_a_name(h));
    let stated = StatedPrior {
        note,
        dos,
        other_physician: free_other && !present(Category::PriorOwn),
        other_said: hits
            .iter()
            .filter(|h| h.category == Category::OtherPhysician && h.assertion == Assertion::Present)
            .map(|h| (h.hit.start, h.hit.end))
            .collect(),
        authors,
    };
    let in_future_section = |e: &&crate::matcher::Extraction| FUTURE_SECTIONS.contains(&note.section_name_at_view(e.start));
    // Hits and extractions are sorted by start: each sentence looks only at its
    // own slice of them, so long notes stay linear.
    let pod_anywhere = matches
        .extractions
        .iter()
        .filter(|e| !in_future_section(e) && !tells_the_index_course(note, e))
        .find(|e| e.kind == PatternKind::PostOpDay);
    let cues_of = |start: usize, end: usize| -> &[&AssertedHit] {
        &prior_cues[prior_cues.partition_point(|c| c.hit.start < start)..prior_cues.partition_point(|c| c.hit.start < end)]
    };
    let mut named_sentences = Vec::new();
    // Each named prior, and whether only a post-op day read in another sentence dates it.
    let mut named = Vec::new();
    for p in &matches.procedures {
        let Owner::Procedure(pi) = p.owner else { continue };
        let Some(si) = note.sentence_at(p.start) else { continue };
        let sent = note.sentences()[si];
        let section = &note.sections()[sent.section];
        if names_the_next_operation(note, lexicon, sent.start, p.start) {
            continue;
        }
        // A cue of another entry of a surgical history run on with
        // semicolons ("R open CTR 4/14/26 (me); L TKA 2017 elsewhere") speaks
        // of that entry.
        let within = |c: &&AssertedHit, reach: usize| {
            let (from, to) = gap_to_cue((p.start, p.end), (c.hit.start, c.hit.end));
            let other_entry = another_list_entry(note, (from, to));
            c.hit.end <= sent.end && note.words_between(from, to) <= reach && !other_entry
        };
        // The author's mark beside the name ("hydrocele repair (mine, 4/6)")
        // before any other cue the sentence holds ("POD 16 after his ...").
        let cues = cues_of(sent.start, sent.end);
        let cue = cues
            .iter()
            .copied()
            .find(|c| c.category == Category::PriorOwn && within(c, OWN_MARK_REACH_WORDS))
            .or_else(|| cues.iter().copied().find(|c| within(c, CUE_REACH_WORDS)));
        let timing = timing_in(&matches.extractions, sent.start, sent.end);
        let in_history_section = section.name == "past_history" || section.name == "history";
        // A sentence dated by the one before it ("came in on 10/05 ... That
        // night I took the foot off") tells of earlier work as a date does.
        let dated_back = timing.is_empty() && date_referred_back(note, si, &matches.extractions, lexicon).is_some();
        // The story told below a one-line procedure field ("Procedure: L partial
        // 1st met resection" then "Came in 10/7/2025 ..., I disarticulated the
        // hallux that day") is no field of today's work.
        let in_procedure_field =
            CURRENT_PROCEDURE_SECTIONS.contains(&section.name.as_str()) && !past_a_one_line_field(note, sent.start);
        let is_prior = cue.is_some() || ((!timing.is_empty() || dated_back) && !in_procedure_field);
        if !is_prior && !in_history_section {
            continue;
        }
        let todays = in_procedure_field || opens_with_today(note, lexicon, sent.start);
        if todays && cue.is_none() {
            continue;
        }
        named_sentences.push(si);
        // Timing in the sentence (nearest that gives a day count), else a
        // post-op day anywhere; but a past surgical history list names remote
        // operations: today's "POD 1" is not theirs.
        let pod = pod_anywhere.filter(|_| section.name != "past_history");
        // A date that cannot be counted (no year, no date of service: "on May
        // 14th") gives way to a post-op day that can ("now on postoperative
        // day 7"); a year alone ("SLT in 2022") dates the operation too
        // coarsely to count, but it is no day of today's post-op course.
        let in_sentence = dated_by(note, &timing, (p.start, p.end), dos);
        let timing = in_sentence
            .filter(|(_, days)| days.is_some())
            .or_else(|| date_referred_back(note, si, &matches.extractions, lexicon).map(|e| (e, extraction_days(e, dos))))
            .or_else(|| pod.filter(|_| !in_sentence.is_some_and(|(e, _)| dates::year_alone(e))).map(|e| (e, extraction_days(e, dos))))
            .or(in_sentence);
        // A year alone, before this one ("a vein stripping in 2015"), or a
        // month long past names a remote operation, no prior of any global.
        if timing.is_some_and(|(e, _)| remote_date(e, dos)) {
            continue;
        }
        let proc = &lexicon.procedures[pi];
        // A name that settles no code alone takes the code it has in the
        // region of the encounter's own lines ("wide local excision" on a
        // breast operation's note is a partial mastectomy).
        let code = proc.code.clone().or_else(|| {
            proc.by_region.iter().find(|(region, _)| line_regions.contains(region)).map(|(_, code)| code.clone())
        });
        let info = code.as_deref().and_then(|c| tables.code(c));
        let info = info.as_ref();
        let mut index = stated.index((p.start, p.end), cue, timing);
        let by_a_far_pod = timing.is_some_and(|(e, _)| pod.is_some_and(|q| std::ptr::eq(e, q)) && note.sentence_at(e.start) != Some(si));
        index.dated_elsewhere = cue.is_none() && by_a_far_pod;
        // A name with no cue of its own, dated only by a span said of
        // something else further on ("PJI R TKA ... - likely source R thumb
        // paronychia she had 2 wks ago"): where the note dates the same
        // operation by its own date, this telling gives way to that one.
        let by_a_far_span = cue.is_none()
            && timing.is_some_and(|(e, _)| {
                let gap = gap_to_cue((p.start, p.end), (e.start, e.end));
                matches!(e.kind, PatternKind::Ago | PatternKind::After)
                    && note.view().get(gap.0..gap.1).is_some_and(|t| people::words_outside_brackets(t) > DATE_REACH_WORDS)
            });
        (index.global, index.global_source) = match (info, proc.global) {
            (Some(i), _) => (Some(i.global), i.source),
            (None, Some(g)) => (Some(g), "note"),
            _ => (None, "note"),
        };
        index.code = code;
        index.procedure = Some(proc.id.clone());
        index.region = info.and_then(|i| i.region.clone()).or_else(|| proc.region.clone()).filter(|r| names_a_site(r));
        if index.global.is_none() && index.same_physician == Some(true) {
            index.assumed_window = Some(lexicon.scoring.prose_prior_window);
        }
        named.push((index, by_a_far_pod || by_a_far_span));
    }
    let mut out = drop_redated_by_a_far_pod(named);
    share_the_doer(&mut out);
    // The services the note says were done again ("Repeat transurethral resection").
    let repeated: Vec<usize> = hits
        .iter()
        .filter(|h| h.category == Category::Service && h.assertion != Assertion::Negated && told_again(note, lexicon, (h.hit.start, h.hit.end)))
        .map(|h| h.trigger)
        .collect();
    // The author's own earlier operation, dated, where no procedure name was read.
    for c in prior_cues.iter().filter(|c| c.category == Category::PriorOwn) {
        let Some(si) = note.sentence_at(c.hit.start) else { continue };
        let sent = note.sentences()[si];
        let in_procedure_field = CURRENT_PROCEDURE_SECTIONS.contains(&note.section_name_at_view(c.hit.start))
            && !below_the_heading_line(note, sent.start);
        if named_sentences.contains(&si) || in_procedure_field {
            continue;
        }
        let timing = timing_in(&matches.extractions, sent.start, sent.end);
        // Dated in its own sentence, else by the one before it ("Arrived
        // 4/14 with Kanavel signs. I took her to the OR that night ...").
        let referred_back = || date_referred_back(note, si, &matches.extractions, lexicon).map(|e| (e, extraction_days(e, dos)));
        let Some(dated @ (_, Some(days))) = dated_by(note, &timing, (c.hit.start, c.hit.end), dos).or_else(referred_back) else { continue };
        if days < 1 || tells_a_visit_between(note, (c.hit.start, c.hit.end), (dated.0.start, dated.0.end)) {
            continue;
        }
        named_sentences.push(si);
        let mut index = stated.index((c.hit.start, c.hit.end), Some(c), Some(dated));
        // The same day's operation named elsewhere with its code ("status
        // post excisional debridement 03/02/2026" in the diagnosis, "I took
        // him to the operating room on 03/02/2026" in the story) is this one:
        // its own global period stands, no assumed one.
        if index.date.is_some() && out.iter().any(|o| o.code.is_some() && o.date == index.date && o.same_physician != Some(false)) {
            continue;
        }
        index.name = None;
        // The code the note writes for it in brackets ("with me on 5/2/25
        // (11403, path benign)") settles its global period; else one is assumed.
        match bracketed_code(note, tables, (sent.start, sent.end)) {
            Some((code, info)) => {
                (index.global, index.global_source) = (Some(info.global), info.source);
                index.region = info.region.filter(|r| names_a_site(r));
                index.code = Some(code);
            }
            None => index.assumed_window = Some(lexicon.scoring.prose_prior_window),
        }
        index.side_of_todays_work = names_only_a_side(note, (c.hit.end, sent.end));
        // Only where the note calls that work a repeat ("Repeat
        // transurethral resection"): "when I sutured her R forearm" beside
        // today's knee laceration names other work of the same verb.
        index.deed_services = hits
            .iter()
            .filter(|h| h.category == Category::Service && h.assertion != Assertion::Negated)
            .filter(|h| h.hit.start >= c.hit.start && h.hit.end <= c.hit.end && repeated.contains(&h.trigger))
            .map(|h| h.trigger)
            .collect();
        out.push(index);
    }
    // A post-op day with no named procedure still places the encounter in a window.
    if out.is_empty() {
        if let Some(e) = pod_anywhere {
            let mut index = stated.index((e.start, e.end), None, Some((e, extraction_days(e, dos))));
            index.name = None;
            out.push(index);
        }
    }
    out
}

/// The one procedure code a sentence writes in brackets, as the first thing
/// in them ("(11403, path benign, margins clear)", "(CPT 27447)"), that the
/// code tables know, with what they say of it. `None` where the sentence
/// brackets no such code, or more than one.
fn bracketed_code(note: &Note, tables: &CodeTables, (start, end): (usize, usize)) -> Option<(String, crate::codes::CodeInfo)> {
    let text = note.folded().get(start..end)?;
    let mut found = text.match_indices('(').filter_map(|(i, _)| {
        let inside = text[i + 1..].trim_start();
        let inside = inside.strip_prefix("cpt").map_or(inside, |r| r.trim_start_matches([' ', ':', '#']));
        let digits = inside.bytes().take_while(u8::is_ascii_digit).count();
        let closed = inside[digits..].starts_with([',', ')', ';', ' ']);
        (digits == 5 && closed).then(|| inside[..5].to_string())
    });
    let code = found.next()?;
    if found.next().is_some() {
        return None;
    }
    let info = tables.code(&code)?;
    Some((code, info))
}

/// Whether one of the lexicon's `repeat_work_words` stands right before the
/// service phrase at `(start, end)` ("Repeat transurethral resection"), and
/// the phrase is no repeat still to be timed ("Repeat colonoscopy interval to
/// be set by path", "repeat EGD in 8 weeks").
fn told_again(note: &Note, lexicon: &Lexicon, (start, end): (usize, usize)) -> bool {
    let Some(before) = note.folded().get(..start) else { return false };
    let before = before.trim_end();
    let after = note.folded().get(end..).unwrap_or("");
    let next = after.split_whitespace().next().unwrap_or("").trim_matches(|c: char| !c.is_alphanumeric());
    !TIMED_LATER_WORDS.contains(&next) && lexicon.repeat_work_words.iter().any(|w| ends_with_words(before, w))
}

/// Words right after a repeated service's phrase that time it later, as a
/// plan does ("repeat EGD in 8 weeks", "repeat colonoscopy interval per path").
const TIMED_LATER_WORDS: &[&str] = &["interval", "in", "at", "when", "if", "per", "due", "recommended", "advised"];

/// Whether the words right after the author's own deed name only a side
/// ("we burned the left side on 05/16", "did the right side in May"): the
/// work done was today's procedure, there.
fn names_only_a_side(note: &Note, (from, to): (usize, usize)) -> bool {
    let words: Vec<(usize, &str)> = words_at(note.folded(), from, to).into_iter().take(3).collect();
    let side_at = |i: usize| words.get(i).is_some_and(|&(at, w)| side_word(note, at, w).is_some() || w == "other");
    let side_word_at = |i: usize| words.get(i).is_some_and(|&(_, w)| w == "side");
    (matches!(words.first(), Some((_, "the" | "his" | "her" | "their"))) && side_at(1) && side_word_at(2)) || (side_at(0) && side_word_at(1))
}

/// Whether the sentence at `sentence_start` opens with one of the lexicon's
/// `current_operation_openers` ("Today: left breast wide local excision"):
/// it tells of today's own operation.
fn opens_with_today(note: &Note, lexicon: &Lexicon, sentence_start: usize) -> bool {
    let Some(text) = note.folded().get(sentence_start..) else { return false };
    let text = text.trim_start();
    lexicon.current_operation_openers.iter().any(|w| {
        text.strip_prefix(w.as_str()).is_some_and(|rest| w.ends_with([':', ',', '-']) || rest.chars().next().is_none_or(|c| !crate::note::is_word_char(c)))
    })
}

/// Articles and pronouns a procedure's name may take after a
/// `next_operation_words` entry ("back for a TMA", "planned for her BKA").
const NAME_DETERMINERS: [&str; 7] = ["a", "an", "the", "her", "his", "their", "another"];

/// Sides a procedure's name may take after its determiner ("for her left
/// TKA").
const NAME_SIDES: [&str; 7] = ["left", "right", "l", "r", "lt", "rt", "bilateral"];

/// `text` without the last word when it is one of `words` (after a space),
/// trimmed; else `text` as it is.
fn without_last_of<'t>(text: &'t str, words: &[&str]) -> &'t str {
    words.iter().find_map(|w| text.strip_suffix(w).filter(|rest| rest.ends_with(' '))).map_or(text, str::trim_end)
}

/// Whether the words before a procedure's name (from its sentence's start
/// to `name_start`) end with one of the lexicon's `next_operation_words`,
/// perhaps followed by an article ("we'd probably be back for a TMA once
/// things declared"): the name is an operation still to come, not an
/// earlier one.
fn names_the_next_operation(note: &Note, lexicon: &Lexicon, sentence_start: usize, name_start: usize) -> bool {
    let Some(before) = note.folded().get(sentence_start..name_start) else { return false };
    // A side may come between ("plan made in clinic 8/28 for left
    // capsulectomy", "booked for her right TKA").
    let before = without_last_of(without_last_of(before.trim_end(), &NAME_SIDES), &NAME_DETERMINERS);
    if lexicon.next_operation_words.iter().any(|w| ends_with_words(before, w)) {
        return true;
    }
    // The same words with a span of time before the "for": "would very likely
    // have to come back within a week or two for a TMA".
    let Some(head) = strip_suffix_words(before, "for") else { return false };
    let words: Vec<&str> = head.split_whitespace().collect();
    let window = words[words.len().saturating_sub(NEXT_OPERATION_REACH_WORDS)..].join(" ");
    let padded = format!(" {window} ");
    lexicon
        .next_operation_words
        .iter()
        .filter_map(|w| w.strip_suffix(" for"))
        .any(|w| padded.contains(&format!(" {w} ")))
}

/// How many words before the "for" of a next operation its words may stand
/// ("to come back within a week or two for").
const NEXT_OPERATION_REACH_WORDS: usize = 8;

/// The same operation named twice, once with a date of its own ("ACDF
/// C4-C7 on 2/3/26, done by me") and once dated only by a post-op day read in
/// another sentence ("s/p ACDF C4-C7" beside "... aspiration pneumonia POD
/// 3"): that post-op day tells the operation's own course, not today's, so
/// the second reading goes. Each entry of `named` says whether only such a
/// far post-op day, or such a far span, dates it.
///
/// So does a telling with no day at all ("slow recovery after the
/// laminectomy, went home POD 6", whose day is the operation's own course)
/// beside one that dates the same code ("s/p L4-5 laminectomy 3/3/25"), or
/// one dated only by a span said of something else further on ("R TKA ... -
/// likely source R thumb paronychia she had 2 wks ago").
fn drop_redated_by_a_far_pod(named: Vec<(IndexProcedure, bool)>) -> Vec<IndexProcedure> {
    let dated: Vec<String> = named.iter().filter(|(i, far)| !far && i.date.is_some()).filter_map(|(i, _)| i.code.clone()).collect();
    let undated = |i: &IndexProcedure| i.date.is_none() && i.days_after.is_none();
    let redated = |i: &IndexProcedure, far: bool| (far || undated(i)) && i.code.as_ref().is_some_and(|c| dated.contains(c));
    named.into_iter().filter(|(i, far)| !redated(i, *far)).map(|(i, _)| i).collect()
}

/// One operation told twice in a note ("Pre-op Dx: ... s/p ACL
/// reconstruction, ~3 wks post-op" and "His R ACL was reconstructed 6/2 ...
/// by Dr. Okafor at Lakeshore Orthopedics"): a telling that says nothing of
/// who did it takes the doer the other gives, when both name one code (or,
/// with no code, one procedure of the lexicon: "6 weeks after ORIF of
/// trimalleolar fracture" and "ORIF was done 07/22/2025 by Dr. Brandt") and
/// are dated within a few days of each other (notes round "3 wks").
fn share_the_doer(priors: &mut [IndexProcedure]) {
    const DAYS_SLACK: i64 = 4;
    let kind = |p: &IndexProcedure| p.code.clone().map(Ok).or_else(|| p.procedure.clone().map(Err));
    let told: Vec<(Option<Result<String, String>>, Option<i64>, Option<bool>)> =
        priors.iter().map(|p| (kind(p), p.days_after, p.same_physician)).collect();
    for p in priors.iter_mut().filter(|p| p.same_physician.is_none() && kind(p).is_some()) {
        let own_kind = kind(p);
        let doers: Vec<bool> = told
            .iter()
            .filter(|(k, days, _)| *k == own_kind && matches!((days, p.days_after), (Some(a), Some(b)) if (a - b).abs() <= DAYS_SLACK))
            .filter_map(|&(_, _, doer)| doer)
            .collect();
        // Only where the other tellings agree.
        if let Some(&first) = doers.first() {
            if doers.iter().all(|&d| d == first) {
                p.same_physician = Some(first);
            }
        }
    }
}

/// Whether view offset `v` lies past a one-line field: its section's
/// heading line holds the field's own text ("Procedure: L partial 1st met
/// resection"), and `v` is in a later sentence outside a labelled line
/// ([`below_the_heading_line`]): "Came in 10/7/2025 ..., I disarticulated the
/// hallux that day" is the story, not the field. A heading alone on its line
/// heads a list or a description, all of it the field's.
fn past_a_one_line_field(note: &Note, v: usize) -> bool {
    let section = &note.sections()[note.section_at(note.original_offset(v))];
    if section.header.1 <= section.header.0 {
        return false;
    }
    let text = note.text();
    let header_end = section.header.1;
    let (_, line_end) = note.written_line(note.view_offset(header_end));
    let line_end = note.original_offset(line_end).max(header_end);
    let field_text = text.get(header_end..line_end).unwrap_or("").trim_start_matches([':', '-', ' ', '\t']).trim();
    !field_text.is_empty() && below_the_heading_line(note, v)
}

/// Whether the sentence starting at view offset `v` comes after its
/// section's heading sentence and outside a labelled line: a note opened by a
/// one-line field ("Procedure: RF neurotomy R L4-5") goes on with the story
/// ("70 yo F ... We burned the L side last Mon (2/2)"), which is not the
/// field's, however the lines were joined; a labelled line ("Why: ...",
/// "How: ...") still describes the procedure.
fn below_the_heading_line(note: &Note, v: usize) -> bool {
    let section = &note.sections()[note.section_at(note.original_offset(v))];
    if section.header.1 <= section.header.0 {
        return false;
    }
    let heading = note.view_offset(section.header.0);
    let after_heading_sentence = note.sentence_at(heading).is_some_and(|h| note.sentence_at(v).is_some_and(|s| s > h));
    let (line_start, line_end) = note.written_line(v);
    let on_heading_line = (line_start..=line_end).contains(&heading);
    let labelled = !on_heading_line && note.view().get(line_start..line_end).is_some_and(opens_with_label);
    after_heading_sentence && !labelled
}

/// Whether the note's stated prior `s` is the history item `index`: the same
/// code, or dated within a few days of it (notes round "six weeks ago").
fn states_the_item(s: &IndexProcedure, index: &IndexProcedure) -> bool {
    const DAYS_SLACK: i64 = 4;
    (s.code.is_some() && s.code == index.code)
        || matches!((s.days_after, index.days_after), (Some(a), Some(b)) if (a - b).abs() <= DAYS_SLACK)
}

/// A history item given without a provider is whoever's the note says it
/// was: "performed by Dr. Okafor of the acute care surgery service" on a
/// gastroenterologist's note makes it another physician's.
fn physician_from_the_note(candidates: &mut [IndexProcedure], stated: &[IndexProcedure], enc: &CheckedEncounter, warnings: &mut [String]) {
    for c in candidates.iter_mut() {
        let IndexSource::History(i) = c.source else { continue };
        if c.same_physician.is_some() || enc.history.get(i).is_some_and(|h| h.item.provider.is_some()) {
            continue;
        }
        // The same code: a day shared with another operation ("mastectomy by
        // Dr. Ruiz ... w/ expander placed by me same sitting") is not enough.
        if stated.iter().any(|s| s.same_physician == Some(false) && s.code.is_some() && s.code == c.code) {
            c.same_physician = Some(false);
            let assumed = format!("history[{i}] has no provider; taken as the same physician");
            for w in warnings.iter_mut().filter(|w| **w == assumed) {
                *w = format!("history[{i}] has no provider; the note names another physician for it");
            }
        }
    }
}

/// In a note that says the history list misdates an operation (one of the
/// `history_disputes`: "the surgical history tab has 2/3/25, which is when
/// she was first booked"), a history item the author dates otherwise as
/// their own work of the same code ("whose left TKA I did on 3/24/2025")
/// takes the note's date. Without such words a note's other date may be
/// another time the same work was done.
fn dates_from_the_note(
    candidates: &mut [IndexProcedure],
    stated: &[IndexProcedure],
    (note, lexicon): (&Note, &Lexicon),
    dos: Option<Date>,
    warnings: &mut Vec<String>,
) {
    // Read only for a note that gives such a date: most give none.
    let disputed = std::cell::OnceCell::new();
    let disputed = || *disputed.get_or_init(|| lexicon.history_disputes.iter().any(|w| holds_words(note.folded(), w)));
    for c in candidates.iter_mut() {
        let IndexSource::History(i) = c.source else { continue };
        let (Some(code), Some(given)) = (c.code.as_deref(), c.date) else { continue };
        let mut dated: Vec<Date> = stated
            .iter()
            .filter(|s| s.same_physician == Some(true) && s.code.as_deref() == Some(code))
            .filter_map(|s| s.date)
            .filter(|d| *d != given && dos.is_none_or(|t| *d <= t))
            .collect();
        dated.dedup();
        // One date the note gives, no other reading.
        let ([date], false) = (&dated[..], stated.iter().any(|s| s.code.as_deref() == Some(code) && s.date == Some(given))) else { continue };
        if !disputed() {
            return;
        }
        c.date = Some(*date);
        c.days_after = dos.map(|t| i64::from((t - *date).get_days()));
        warnings.push(format!("history[{i}] is dated {given}; the note dates the author's own {code} {date}, taken from the note"));
    }
}

/// An earlier operation the note names with no doer, whose code's region is
/// none the provider's specialty operates on (`specialty_regions`: "L arm
/// AVF placed 6/27" in a retina clinic's note), was another physician's.
fn outside_own_specialty(priors: &mut [IndexProcedure], lexicon: &Lexicon, own: Option<&str>) {
    let own = own.map(crate::fold::fold_phrase);
    let Some(regions) = own.as_deref().and_then(|o| lexicon.regions_of_specialty(o)) else { return };
    for p in priors.iter_mut().filter(|p| p.same_physician.is_none() && matches!(p.source, IndexSource::Note(_))) {
        if p.region.as_deref().is_some_and(|r| !regions.contains(&r)) {
            p.same_physician = Some(false);
        }
    }
}

/// The note's statements of a history item (see [`states_the_item`]).
fn stated_spans(index: &IndexProcedure, stated: &[IndexProcedure]) -> Vec<(usize, usize)> {
    let same = |s: &IndexProcedure| states_the_item(s, index);
    let mut spans: Vec<(usize, usize)> = stated
        .iter()
        .filter(|s| same(s))
        .flat_map(|s| match &s.source {
            IndexSource::Note(spans) => spans.clone(),
            IndexSource::History(_) => Vec::new(),
        })
        .collect();
    spans.sort();
    spans.dedup();
    spans
}

/// Status of one candidate index for a line.
fn status_of(index: &IndexProcedure) -> WindowStatus {
    if index.same_physician == Some(false) {
        return WindowStatus::NotBound;
    }
    let Some(days) = index.days_after else { return WindowStatus::Unknown };
    match index.global {
        Some(g) => window_status(g, days),
        // The author's own operation that no table names: its assumed window.
        None if index.assumed_window.is_some() => match index.assumed_window {
            Some(w) if (1..=w).contains(&days) => WindowStatus::Within,
            _ if days == 0 => WindowStatus::SameDay,
            _ if days > 0 => WindowStatus::Outside,
            _ => WindowStatus::Unknown,
        },
        // Unknown procedure: a stated post-op day of 1..10 is inside any 010/090 window.
        None if (1..=10).contains(&days) => WindowStatus::Within,
        None if days == 0 => WindowStatus::SameDay,
        None => WindowStatus::Unknown,
    }
}

fn status_rank(s: WindowStatus) -> u8 {
    match s {
        WindowStatus::Within | WindowStatus::SameDay => 0,
        WindowStatus::Unknown => 1,
        WindowStatus::Outside => 2,
        WindowStatus::NotApplicable => 3,
        WindowStatus::NotBound => 4,
        WindowStatus::NoIndex => 5,
    }
}

/// The note's date extractions as the facts read them: dates of birth
/// dropped, ambiguous numeric dates in the note's own order, hospital and
/// injury days counted back from today's, spans given as bounds dropped, and
/// protocol, planned, future, plan-section and listed-check post-op days
/// dropped.
/// `None` when nothing changed.
fn read_dates(note: &Note, matches: &Matches, lexicon: &Lexicon, dos: Option<jiff::civil::Date>) -> Option<Matches> {
    // Each step reads what the one before left, and keeps it when it changes nothing.
    type Step<'a> = &'a dyn Fn(&Matches) -> Option<Matches>;
    let steps: [Step; 9] = [
        &|m| dates::without_birth_dates(note, m, &lexicon.birth_date_heads),
        &|m| dates::without_bound_spans(note, m, &lexicon.span_bound_words),
        &|m| dates::in_the_notes_order(note, m, dos),
        &|m| dates::hospital_days_counted(note, m, OPENING_BYTES),
        &|m| dates::without_day_ranges(m, OPENING_BYTES),
        &|m| dates::without_planned_days(note, m, &lexicon.planned_day_words),
        &|m| dates::without_future_days(note, m, &lexicon.future_day_words),
        &|m| dates::without_plan_days(note, m),
        &|m| dates::without_checkpoint_lists(note, m),
    ];
    steps.iter().fold(None, |read: Option<Matches>, step| step(read.as_ref().unwrap_or(matches)).or(read))
}

/// The full date the note gives in a sentence that tells today's return to
/// the operating room ("Taken straight up to Theatre 6 - case start 23:14 on
/// 9/30/25"), for a note dated nowhere else: not a sentence that tells an
/// earlier operation, and later than every date the history gives.
fn date_of_the_return(note: &Note, matches: &Matches, hits: &[AssertedHit], history: &[crate::encounter::CheckedHistory]) -> Option<SpannedDate> {
    let sentences_of = |keep: &dyn Fn(&AssertedHit) -> bool| -> Vec<usize> {
        hits.iter().filter(|h| keep(h)).filter_map(|h| note.sentence_at(h.hit.start)).collect()
    };
    let returns = sentences_of(&|h| h.category == Category::ReturnToOr && h.assertion == Assertion::Present);
    let earlier = sentences_of(&names_a_prior);
    let latest_history = history.iter().filter_map(|h| h.date).max();
    matches
        .extractions
        .iter()
        .filter(|e| e.kind == PatternKind::Date && e.field("y").is_some())
        .filter(|e| note.sentence_at(e.start).is_some_and(|s| returns.contains(&s) && !earlier.contains(&s)))
        .filter_map(|e| extraction_date(e, None).map(|d| (d, (e.start, e.end))))
        .find(|(d, _)| latest_history.is_none_or(|h| *d > h))
}

/// What the priors are read from.
struct PriorSources<'a> {
    enc: &'a CheckedEncounter,
    note: &'a Note,
    matches: &'a Matches,
    hits: &'a [AssertedHit],
    lexicon: &'a Lexicon,
    tables: &'a CodeTables,
}

/// The encounter's earlier procedures: the history's, those the note
/// states, and the date of service they are counted from.
struct Priors {
    /// The history's items, each a candidate index.
    candidates: Vec<IndexProcedure>,
    /// The earlier procedures the note states.
    stated: Vec<IndexProcedure>,
    /// The date of service: the encounter's, else the note's own, else a
    /// history item's date plus the days the note counts from it, else a
    /// working date for a header without a year (see
    /// [`working_date_of_service`]).
    dos: Option<Date>,
    /// The view range of the note's text that gave the date of service, when
    /// the encounter gave none.
    dos_span: Option<(usize, usize)>,
    /// The note's own clinician and the doctors it names.
    authors: people::Authors,
}

impl Priors {
    fn read(src: &PriorSources<'_>, warnings: &mut Vec<String>) -> Priors {
        let PriorSources { enc, note, matches, hits, lexicon, tables } = *src;
        let mut found = None;
        if enc.date_of_service.is_none() {
            found = note_date_of_service(note, matches, lexicon);
            if found.is_some() {
                warnings.push("no date of service given; taken from the note's date header".to_string());
            } else {
                found = date_of_the_return(note, matches, hits, &enc.history);
                if found.is_some() {
                    warnings.push("no date of service given; taken as the date the note gives its return to the operating room".into());
                }
            }
        }
        let mut dos = enc.date_of_service.or(found.map(|(d, _)| d));
        let mut dos_span = found.map(|(_, span)| span);
        let line_regions: Vec<String> = enc
            .encounter
            .procedures
            .iter()
            .flatten()
            .filter_map(|l| l.code.as_deref().and_then(|c| tables.code(c.trim())).and_then(|i| i.region))
            .collect();
        let region_of = |code: &str| tables.code(code).and_then(|i| i.region);
        let own_specialty = enc.encounter.provider.as_ref().and_then(|p| p.specialty.as_deref());
        let authors = people::Authors::of(note, lexicon, own_specialty);
        let stated_at = |dos| history_from_note(note, matches, hits, lexicon, tables, dos, &line_regions, &authors);
        let mut stated = stated_at(dos);
        if let (None, Some(today)) = (dos, dos_from_counted_history(&enc.history, &stated, region_of, lexicon)) {
            warnings.push("no date of service given; taken as a history item's date plus the days the note counts from it".into());
            dos = Some(today);
            stated = stated_at(dos);
        } else if dos.is_none() {
            let yearless = note_yearless_service_day(note, matches, lexicon);
            let working = yearless.and_then(|(day, _)| working_date_of_service(day, matches, &enc.history));
            if let Some(today) = working {
                dos_span = yearless.map(|(_, span)| span);
                warnings.push("no date of service given and the note's date header has no year; days counted between its dates".into());
                dos = Some(today);
                stated = stated_at(dos);
                // The working year is no fact of the note: its dates are not reported.
                for prior in &mut stated {
                    prior.date = None;
                }
            }
        }
        outside_own_specialty(&mut stated, lexicon, own_specialty);
        let mut candidates = history_candidates(enc, dos, tables, warnings);
        physician_from_the_note(&mut candidates, &stated, enc, warnings);
        dates_from_the_note(&mut candidates, &stated, (note, lexicon), dos, warnings);
        Priors { candidates, stated, dos, dos_span, authors }
    }
}

/// The note's priors stated as the author's own ("by me", "(mine)"), dated,
/// with a code and global period, that no history item is (neither its day
/// nor its code: a note may misdate the operation the history lists).
fn own_priors_history_lacks(stated: &[IndexProcedure], history: &[IndexProcedure]) -> Vec<IndexProcedure> {
    stated
        .iter()
        .filter(|p| p.same_physician == Some(true) && p.date.is_some() && p.code.is_some() && p.global.is_some())
        .filter(|p| history.iter().all(|h| h.date != p.date && h.code != p.code))
        .cloned()
        .collect()
}

/// Derives the facts of an encounter from its context, the note's hits and the tables.
pub fn derive(
    enc: &CheckedEncounter,
    note: &Note,
    matches: &Matches,
    hits: &[AssertedHit],
    lexicon: &Lexicon,
    tables: &CodeTables,
) -> EncounterFacts {
    let e = &enc.encounter;
    let mut warnings = Vec::new();
    let read = read_dates(note, matches, lexicon, enc.date_of_service);
    let matches = read.as_ref().unwrap_or(matches);
    let prior_mentioned =
        hits.iter().any(names_a_prior);
    let setting = encounter_setting(e.setting.as_deref(), hits, SettingCues::read(note, lexicon, hits), &mut warnings);

    let medicare = e.payer.as_deref().map(|p| p.to_ascii_lowercase().contains("medicare"));

    // Candidate index procedures.
    let given_history = !enc.history.is_empty();
    let Priors { mut candidates, stated: stated_priors, dos, dos_span: service_date_span, authors } =
        Priors::read(&PriorSources { enc, note, matches, hits, lexicon, tables }, &mut warnings);
    // With a history given, the note adds only the author's own dated
    // operation of a known code that no history item is ("s/p T&A by me on
    // 6/3/25" beside a history listing another group's septoplasty).
    let note_history = if given_history { own_priors_history_lacks(&stated_priors, &candidates) } else { stated_priors.clone() };
    if !given_history {
        if note_history.is_empty() {
            warnings.push("no prior-procedure history given or stated in the note; 58/78/79 not applicable".into());
        } else {
            warnings.push("no prior-procedure history given; global period judged from note text only".into());
        }
    }
    if dos.is_none() {
        warnings.push("no date of service; global windows judged from relative statements (POD, days after) only".into());
    }
    // A procedure the note describes on the date of service with a code billed on
    // this encounter is the current work itself, not an earlier procedure.
    let line_codes: Vec<String> =
        e.procedures.iter().flatten().filter_map(|l| l.code.as_ref().map(|c| c.trim().to_string())).collect();
    candidates.extend(
        note_history
            .iter()
            .filter(|h| !(h.days_after == Some(0) && h.code.as_ref().is_some_and(|c| line_codes.contains(c))))
            .cloned(),
    );
    // Work the note tells of done earlier today by another physician ("Dr.
    // Amsel did an open thrombectomy this morning", dated by a `repeat`
    // phrase of its sentence): a same-day history item given with no
    // provider is that physician's.
    let told_today = |s: &IndexProcedure| {
        let IndexSource::Note(spans) = &s.source else { return false };
        let sentences: Vec<usize> = spans.iter().filter_map(|&(start, _)| note.sentence_at(start)).collect();
        s.days_after == Some(0)
            || hits.iter().any(|h| {
                h.category == Category::Repeat && h.assertion == Assertion::Present && note.sentence_at(h.hit.start).is_some_and(|si| sentences.contains(&si))
            })
    };
    // The sentences where the note tells of earlier work by another
    // physician, whenever it was ("Dr. Feeney (Coastal Ortho) reduced it in
    // the OR at 0130", a history table's row by another surgeon).
    let others_work: Vec<(usize, usize)> = stated_priors
        .iter()
        .filter(|s| s.same_physician == Some(false))
        .filter_map(|s| match &s.source {
            IndexSource::Note(spans) => Some(spans.iter().copied()),
            IndexSource::History(_) => None,
        })
        .flatten()
        .filter_map(|(start, _)| note.sentence_at(start).map(|si| note.sentences()[si]))
        .map(|sent| (sent.start, sent.end))
        .chain(deeds_of_another_individual(note, hits, &authors))
        .collect();
    let others = OtherPhysicians {
        told_today: stated_priors.iter().any(|s| s.same_physician == Some(false) && told_today(s)),
        work: &others_work,
        own_specialty: e.provider.as_ref().and_then(|p| p.specialty.as_deref()).map(crate::fold::fold_phrase),
    };
    // The sentences that tell an operation of an earlier day ("Mohs 1/14/25,
    // repaired same day w/ bilobed flap by me"): a time of day there is that day's.
    let earlier_days: Vec<usize> = stated_priors
        .iter()
        .filter(|s| s.days_after.is_some_and(|d| d > 0))
        .filter_map(|s| match &s.source {
            IndexSource::Note(spans) => Some(spans),
            IndexSource::History(_) => None,
        })
        .flatten()
        .filter_map(|&(start, _)| note.sentence_at(start))
        .collect();
    // Same-day entries of the same code are repeats, not indexes: drop them here.
    let lines_given = e.procedures.clone().unwrap_or_default();
    let mut inferred_line = false;
    let lines_input: Vec<crate::encounter::ProcedureLine> = if lines_given.is_empty() {
        inferred_line = true;
        let named = note_procedure(note, matches, lexicon, tables);
        warnings.push(match &named {
            Some(code) => format!("no procedure lines given; analyzed the procedure the note names ({code})"),
            None => "no procedure lines given and the note names no known procedure; reported as code null".into(),
        });
        vec![crate::encounter::ProcedureLine { code: named, ..Default::default() }]
    } else {
        lines_given
    };

    let mut lines: Vec<LineFacts> = Vec::with_capacity(lines_input.len());
    for (li, line) in lines_input.iter().enumerate() {
        let code = line.code.as_ref().map(|c| c.trim().to_string()).filter(|c| !c.is_empty());
        let info = code.as_deref().and_then(|c| tables.code(c));
        let info = info.as_ref();
        if let (Some(c), None) = (&code, info) {
            warnings.push(format!("code {c} is not in the fee-schedule tables; its own global period is unknown"));
        }
        let side = line.laterality.as_deref().and_then(Side::parse);
        unknown_laterality(line.laterality.as_deref(), &format!("procedures[{li}]"), &mut warnings);
        let table_region = info.and_then(|i| i.region.as_deref());
        let region = table_region.map(str::to_string).filter(|r| names_a_site(r));
        let period = choose_index(line, code.as_deref(), side, region.as_deref(), info, &candidates, &stated_priors, lexicon);
        let complication_diagnosis = line.diagnoses.iter().any(|d| lexicon.is_complication_diagnosis(d));
        let (other_side, other_region, same_diagnosis) = match &period.index {
            Some(idx) => {
                let other_side = match (side, idx.side) {
                    (Some(a), Some(b)) => Some(a.differs(b)),
                    _ => None,
                };
                let other_region = match (&region, &idx.region) {
                    (Some(a), Some(b)) => Some(!lexicon.same_body_area(a, b)),
                    _ => None,
                };
                (other_side, other_region, diagnoses_overlap(&line.diagnoses, &idx.diagnoses, other_side == Some(true), lexicon))
            }
            None => (None, None, None),
        };
        let treats_index_complication = period.index.as_ref().is_some_and(|i| {
            let complications = |list: &[String]| -> Vec<String> {
                list.iter().filter(|d| lexicon.is_complication_diagnosis(d)).map(|d| icd_category(d)).collect()
            };
            let carried = complications(&i.diagnoses);
            let redo = i.code.is_some() && lines_input.iter().any(|l| l.code == i.code);
            !redo && complications(&line.diagnoses).iter().any(|c| carried.contains(c))
        });
        let quiet_shared_diagnosis = period.index.as_ref().is_some_and(|i| only_quiet_shared(&line.diagnoses, &i.diagnoses, lexicon));
        // The earlier operations other than this line's index, and other
        // than those done at the index's own session (a seton placed when
        // the abscess was drained is that operation's work, not another course).
        let other_priors = || {
            let is_index = |c: &IndexProcedure| {
                period.index.as_ref().is_some_and(|i| {
                    (i.code == c.code && i.date == c.date && i.days_after == c.days_after)
                        || (i.date.is_some() && i.date == c.date && i.same_physician == Some(true) && c.same_physician == Some(true))
                })
            };
            candidates.iter().chain(&stated_priors).filter(move |c| !is_index(c))
        };
        let diagnosis_of_another_prior = same_diagnosis == Some(false)
            && other_priors().any(|c| {
                // A course runs months, not years: a shunt of 2019 begins none today.
                let recent = c.days_after.is_none_or(|d| d <= COURSE_SPAN_DAYS);
                recent && diagnoses_overlap(&line.diagnoses, &c.diagnoses, false, lexicon) == Some(true)
            });
        let complication_of_another_prior = complication_diagnosis
            && other_side == Some(true)
            && other_priors().any(|c| {
                let same_side = matches!((side, c.side), (Some(a), Some(b)) if !a.differs(b));
                let same_area = matches!((&region, &c.region), (Some(a), Some(b)) if lexicon.same_body_area(a, b));
                let earlier = c.days_after.is_some_and(|d| d > 0) || c.earlier_today;
                same_side && same_area && earlier
            });
        let repeat = code.as_deref().and_then(|c| same_day_repeat((c, table_region), li, side, &lines_input, &candidates, &others, note, hits, lexicon, period.index.as_ref(), &earlier_days));
        let mut index_indication = index_indication(note, &period);
        index_indication.extend(dated_before_index(note, &matches.extractions, &period, dos));
        let told_of_others = told_of_others(note, &period, &stated_priors, lexicon);
        let index_day_told = index_day_told(note, &period);
        let index_diagnostic = index_was_diagnostic(period.index.as_ref(), &candidates, lexicon);
        let index_in_note = prior_mentioned
            || !period.stated_in_note.is_empty()
            || period.index.as_ref().is_some_and(|i| note_gives_date(i, matches, dos))
            || period.index.as_ref().is_some_and(|i| matches!(i.source, IndexSource::Note(_)));
        let other_chapter = period.index.as_ref().and_then(|i| other_chapter(&line.diagnoses, &i.diagnoses));
        let new_injury = period.index.as_ref().is_some_and(|i| injury_apart(&line.diagnoses, &i.diagnoses));
        let other_organ = match (&region, period.index.as_ref().and_then(|i| i.region.as_ref())) {
            (Some(a), Some(b)) => lexicon.other_organ(a, b),
            _ => false,
        };
        let index_for_finding = period.index.as_ref().is_some_and(|i| i.diagnoses.iter().any(|d| d.trim().starts_with(['R', 'r'])));
        let index_pathology = period.index.as_ref().is_some_and(|i| pathology_dated_at(i, note, matches, hits, dos));
        let after_diagnostic =
            index_diagnostic == Some(true) && code.as_deref().is_some_and(|c| !lexicon.is_diagnostic(c));
        let completes_course =
            course_completed(period.index.as_ref(), &candidates, code.as_deref(), (other_side, other_region), lexicon);
        lines.push(LineFacts {
            code,
            global: info.map(|i| i.global),
            region,
            side,
            diagnoses: line.diagnoses.clone(),
            period,
            other_side,
            other_region,
            other_organ,
            same_diagnosis: if complication_diagnosis && same_diagnosis == Some(false) { None } else { same_diagnosis },
            diagnosis_of_another_prior,
            complication_of_another_prior,
            other_chapter,
            new_injury,
            index_in_note,
            complication_diagnosis,
            quiet_shared_diagnosis,
            treats_index_complication,
            index_diagnostic,
            after_diagnostic,
            completes_course,
            index_for_finding,
            index_pathology,
            index_indication,
            told_of_others,
            index_day_told,
            told_of_other_lines: Vec::new(),
            told_of_unpaired_lines: Vec::new(),
            told_of_other_services: Vec::new(),
            done_at_bedside: false,
            pairs: Vec::new(),
            repeat,
            primary_line: None,
            billed: line.billed_modifiers.clone(),
        });
    }

    add_ncci_pairs(&mut lines, tables, dos, note, &matches.extractions, hits, lexicon);
    tell_other_lines_apart(&mut lines, note, hits, lexicon);
    tell_other_services_apart(&mut lines, note, hits, lexicon);
    place_work_at_the_bedside(&mut lines, note, hits, lexicon);
    link_add_ons(&mut lines);
    index_warnings(&lines, &mut warnings);
    if lines.iter().any(|l| !l.pairs.is_empty()) && medicare.is_none() {
        warnings.push("payer unknown: 59 suggested; Medicare prefers the X{EPSU} subsets".into());
    }
    warnings.dedup();
    let mut seen = std::collections::HashSet::new();
    warnings.retain(|w| seen.insert(w.clone()));
    EncounterFacts { lines, setting, medicare, note_history, warnings, inferred_line, service_date_span }
}

/// Which setting cues the note gives, where: in the sections describing the
/// service itself, and anywhere at all (the narrative too).
#[derive(Debug, Clone, Copy, Default)]
struct SettingCues {
    service_or: bool,
    service_bedside: bool,
    any_or: bool,
    any_bedside: bool,
    /// The weight of the strongest operating-room and bedside cue anywhere.
    strongest_or: f64,
    strongest_bedside: f64,
}

impl SettingCues {
    fn read(note: &Note, lexicon: &Lexicon, hits: &[AssertedHit]) -> SettingCues {
        let narrative = |h: &AssertedHit| {
            let name = note.sections().get(h.section).map(|s| s.name.as_str());
            lexicon.sections.iter().any(|s| s.narrative && Some(s.name.as_str()) == name)
        };
        let mut cues = SettingCues::default();
        for h in hits.iter().filter(|h| h.assertion == Assertion::Present) {
            let in_service = !narrative(h);
            let weight = lexicon.triggers[h.trigger].weight;
            match h.category {
                Category::SettingOr => {
                    cues.any_or = true;
                    cues.service_or |= in_service;
                    cues.strongest_or = cues.strongest_or.max(weight);
                }
                Category::SettingBedside => {
                    cues.any_bedside = true;
                    cues.service_bedside |= in_service;
                    cues.strongest_bedside = cues.strongest_bedside.max(weight);
                }
                _ => {}
            }
        }
        cues
    }

    /// The setting the note gives: where the service's own sections name one
    /// setting only, that one ("Location: Main OR" beats the failed attempts
    /// "in the ED" told in the indications); else a bedside cue anywhere wins
    /// over an operating-room one, unless a stronger one (a general
    /// anaesthetic, which no bedside gives) says operating room.
    fn setting(self) -> Setting {
        match (self.service_or, self.service_bedside) {
            (true, false) => Setting::OperatingRoom,
            (false, true) => Setting::Bedside,
            _ if self.any_bedside && self.strongest_bedside >= self.strongest_or => Setting::Bedside,
            _ if self.any_or => Setting::OperatingRoom,
            _ => Setting::Unknown,
        }
    }
}

/// Where the work was done: an explicit return to the OR wins; then the
/// encounter's setting (when it names an OR-like room or the bedside; `other`
/// and blanks say nothing, anything else earns a warning); then the text.
/// Case, spaces and hyphens aside, the long forms of `asc` and `hopd`
/// ("ambulatory surgery center", "hospital_outpatient") read as those.
fn encounter_setting(given: Option<&str>, hits: &[AssertedHit], cues: SettingCues, warnings: &mut Vec<String>) -> Setting {
    let present = |c: Category| hits.iter().any(|h| h.category == c && h.assertion == Assertion::Present);
    let given_setting = match given.map(str::trim).filter(|s| !s.is_empty()) {
        None => None,
        Some(s) => match s.to_ascii_lowercase().replace([' ', '-'], "_").as_str() {
            "operating_room" | "procedure_room" | "asc" | "ambulatory_surgery_center" | "ambulatory_surgical_center" => {
                Some(Setting::OperatingRoom)
            }
            // A hospital outpatient department holds clinics (a wound centre,
            // a dressing clinic) as well as procedure rooms: the note decides,
            // its own sections first ("Endoscopy Unit" in the header beats
            // "Dr. Morrow is in clinic" told in the indications).
            "hopd" | "hospital_outpatient" | "outpatient_hospital" if cues.setting() == Setting::Bedside => Some(Setting::Bedside),
            "hopd" | "hospital_outpatient" | "outpatient_hospital" => Some(Setting::OperatingRoom),
            "office" | "bedside" => Some(Setting::Bedside),
            "other" => None,
            _ => {
                warnings.push(format!(
                    "setting {s:?} is not one of operating_room, procedure_room, asc, hopd, office, bedside, other; judged from the note text instead"
                ));
                None
            }
        },
    };
    if present(Category::ReturnToOr) {
        Setting::OperatingRoom
    } else if let Some(s) = given_setting {
        s
    } else {
        cues.setting()
    }
}

/// A prior-procedure phrase ("s/p", "I placed", "post-op day") the note does
/// not deny.
fn names_a_prior(h: &AssertedHit) -> bool {
    matches!(h.category, Category::PriorProcedure | Category::PriorOwn) && h.assertion != Assertion::Negated
}

/// The encounter's `history` items as candidate index procedures, with their
/// global periods, day counts and whether they bind this physician.
fn history_candidates(enc: &CheckedEncounter, dos: Option<Date>, tables: &CodeTables, warnings: &mut Vec<String>) -> Vec<IndexProcedure> {
    let e = &enc.encounter;
    let mut candidates: Vec<IndexProcedure> = Vec::new();
    for (i, h) in enc.history.iter().enumerate() {
        let code = h.item.code.as_ref().map(|c| c.trim().to_string());
        let info = code.as_deref().and_then(|c| tables.code(c));
        let info = info.as_ref();
        let (global, global_source) = match (h.global, info) {
            (Some(g), _) => (Some(g), "encounter"),
            (None, Some(i)) => (Some(i.global), i.source),
            (None, None) => (None, "unknown"),
        };
        if h.date.is_some() && dos.is_some() && h.date > dos {
            warnings.push(format!("history[{i}] is dated after the date of service; not used as an index"));
            continue;
        }
        if h.item.provider.is_none() {
            warnings.push(format!("history[{i}] has no provider; taken as the same physician"));
        }
        unknown_laterality(h.item.laterality.as_deref(), &format!("history[{i}]"), warnings);
        let same = match same_physician(e.provider.as_ref(), h.item.provider.as_ref()) {
            Some(s) => Some(s),
            None if h.item.provider.is_some() && e.provider.is_none() => {
                warnings.push("no provider given for this encounter; prior procedures taken as the same physician's".into());
                None
            }
            None => None,
        };
        let days_after = match (h.date, dos) {
            (Some(d), Some(dos)) => Some(i64::from((dos - d).get_days())),
            _ => None,
        };
        candidates.push(IndexProcedure {
            code,
            name: None,
            procedure: None,
            date: h.date,
            days_after,
            global,
            global_source,
            side: h.item.laterality.as_deref().and_then(Side::parse),
            region: info.and_then(|i| i.region.clone()).filter(|r| names_a_site(r)),
            diagnoses: h.item.diagnoses.clone(),
            same_physician: same,
            source: IndexSource::History(i),
            assumed_window: None,
            dated_elsewhere: false,
            earlier_today: false,
            side_of_todays_work: false,
            deed_services: Vec::new(),
            other_individual: match (e.provider.as_ref(), h.item.provider.as_ref()) {
                (Some(a), Some(b)) => same_text(&a.id, &b.id) == Some(false),
                _ => false,
            },
        });
    }
    if candidates.iter().any(|c| c.global == Some(GlobalDays::Zzz))
        && !candidates.iter().any(|c| c.global != Some(GlobalDays::Zzz))
    {
        warnings.push(
            "history holds only add-on codes (ZZZ); an add-on has no global period of its own, so list its primary procedure"
                .into(),
        );
    }
    candidates
}

/// The index procedure a line is judged against: inside and bound first, then
/// the same side, region and diagnosis, then the most recent.
fn choose_index(
    line: &crate::encounter::ProcedureLine,
    code: Option<&str>,
    side: Option<Side>,
    region: Option<&str>,
    info: Option<&crate::codes::CodeInfo>,
    candidates: &[IndexProcedure],
    stated_priors: &[IndexProcedure],
    lexicon: &Lexicon,
) -> GlobalFact {
    // The author's own work named only by its side ("we burned the left side
    // on 05/16"), or told with a verb naming this line's work ("I resected
    // him on 06/24" beside a repeat resection), was this line's procedure:
    // its code and global period.
    let deed_is_this_work = |c: &IndexProcedure| {
        c.side_of_todays_work || code.is_some_and(|k| c.deed_services.iter().any(|&t| lexicon.triggers[t].covers(k)))
    };
    let adapted: Vec<IndexProcedure>;
    let candidates = if candidates.iter().any(|c| deed_is_this_work(c) && c.code.is_none()) && info.is_some() {
        adapted = candidates.iter().cloned().map(|mut c| {
            if let (true, None, Some(i)) = (deed_is_this_work(&c), &c.code, info) {
                c.code = code.map(str::to_string);
                c.global = Some(i.global);
                c.global_source = i.source;
                c.region = i.region.clone().filter(|r| names_a_site(r));
                c.assumed_window = None;
            }
            c
        }).collect();
        &adapted[..]
    } else {
        candidates
    };
    // Choose the index: inside and bound first, then same side/region/diagnosis, then most recent.
    // An operation the note names without a date, beside one that is dated,
    // is background ("prior partial gastrectomy" beside "jejunostomy placed
    // here on Jan 21"): it ranks no higher than the dated ones outside their
    // windows, after them, not before them as a window that cannot be judged.
    let placed_in_time = |c: &IndexProcedure| c.date.is_some() || c.days_after.is_some();
    let some_dated = candidates.iter().any(|c| placed_in_time(c) && c.global != Some(GlobalDays::Zzz));
    let undated_background = |c: &IndexProcedure| some_dated && !placed_in_time(c) && matches!(c.source, IndexSource::Note(_));
    let mut best: Option<(u8, u8, i64, usize)> = None;
    for (ci, cand) in candidates.iter().enumerate() {
        if cand.global == Some(GlobalDays::Zzz) {
            continue;
        }
        if cand.days_after == Some(0) && cand.code.is_some() && cand.code.as_deref() == code {
            continue; // same code the same day: a repeat, judged below
        }
        if cand.days_after == Some(0) && matches!(cand.source, IndexSource::Note(_)) && !cand.earlier_today {
            continue; // read from the note on the date of service: this encounter's own work
        }
        let st = status_of(cand);
        let mut affinity = 3u8;
        if let (Some(a), Some(b)) = (side, cand.side) {
            if !a.differs(b) {
                affinity -= 1;
            }
        }
        if let (Some(a), Some(b)) = (region, cand.region.as_deref()) {
            if a == b {
                affinity -= 1;
            }
        }
        if diagnoses_overlap(&line.diagnoses, &cand.diagnoses, false, lexicon) == Some(true) {
            affinity -= 1;
        }
        let recency = cand.days_after.unwrap_or(i64::MAX / 2);
        let rank = if undated_background(cand) { status_rank(st).max(status_rank(WindowStatus::Outside)) } else { status_rank(st) };
        let key = (rank, affinity, recency, ci);
        if best.is_none_or(|b| key < b) {
            best = Some(key);
        }
    }
match best {
        None => GlobalFact { status: WindowStatus::NoIndex, index: None, ends: None, stated_in_note: Vec::new() },
        Some((_, _, _, ci)) => {
            let idx = candidates[ci].clone();
            let mut status = status_of(&idx);
            if info.map(|i| i.global) == Some(GlobalDays::Xxx) && status.inside() {
                // 58/78/79 never go on a code without a global concept.
                status = WindowStatus::NotApplicable;
            }
            let ends = match (idx.global, idx.date) {
                (Some(g), Some(d)) => window_end(g, d),
                _ => None,
            };
            let stated_in_note = match idx.source {
                IndexSource::History(_) => stated_spans(&idx, &stated_priors),
                IndexSource::Note(_) => Vec::new(),
            };
            GlobalFact { status, index: Some(idx), ends, stated_in_note }
        }
}
}

/// NCCI pairs among the lines of this encounter (all on the date of service),
/// recorded on the column-2 line with the sides, sites and times of the two.
fn add_ncci_pairs(
    lines: &mut [LineFacts],
    tables: &CodeTables,
    dos: Option<Date>,
    note: &Note,
    extractions: &[crate::matcher::Extraction],
    hits: &[AssertedHit],
    lexicon: &Lexicon,
) {
    // Where and when each line's work was done, read once and only for a
    // claim that holds a pair: most claims hold none.
    let placed = std::cell::OnceCell::new();
    let place = |lines: &[LineFacts]| {
        let all_codes: Vec<&str> = lines.iter().filter_map(|l| l.code.as_deref()).collect();
        let mut sites: Vec<Vec<SiteMention>> =
            lines.iter().map(|l| l.code.as_deref().map(|c| service_sites(note, hits, lexicon, c, &all_codes)).unwrap_or_default()).collect();
        own_side_sites(lines, &mut sites);
        let codes: Vec<Option<String>> = lines.iter().map(|l| l.code.clone()).collect();
        let times = times::line_times(note, extractions, hits, lexicon, &codes);
        let encounters = times::EncounterBlocks::find(note, extractions, hits, lexicon, &codes);
        (sites, times, encounters)
    };
    let told_apart = told_apart(hits);
    for i in 0..lines.len() {
        for j in 0..lines.len() {
            if i == j {
                continue;
            }
            let (Some(a), Some(b)) = (lines[i].code.clone(), lines[j].code.clone()) else { continue };
            let other_side = matches!((lines[i].side, lines[j].side), (Some(x), Some(y)) if x.differs(y));
            if a == b {
                if j < i && !other_side {
                    let second = second_unit(tables, lexicon, &a, (&lines[i].diagnoses, &lines[j].diagnoses), told_apart, j);
                    lines[i].pairs.extend(second);
                }
                continue;
            }
            if let Some(edit) = tables.ptp(&a, &b, dos) {
                if edit.column2 == a && edit.indicator != ModifierIndicator::NotApplicable {
                    let (sites, times, encounters) = placed.get_or_init(|| place(lines));
                    let other_site = different_sites(&sites[i], &sites[j]);
                    // Encounter blocks speak only where the note does not time
                    // both lines' work itself (timed and overlapping is together).
                    let both_timed = !times[i].is_empty() && !times[j].is_empty();
                    let separate_times = if both_timed {
                        times::separate_times(&times[i], &times[j])
                    } else {
                        encounters.apart(i, j)
                    };
                    lines[i].pairs.push(PairFact {
                        other_line: j,
                        column1: b.clone(),
                        indicator: edit.indicator,
                        other_side,
                        other_site,
                        injury_apart: injury_apart(&lines[i].diagnoses, &lines[j].diagnoses),
                        diagnoses_apart: diagnoses_apart(lexicon, &lines[i].diagnoses, &lines[j].diagnoses),
                        same_site: only_where(&sites[i], &sites[j]),
                        separate_times,
                        same_code: false,
                    });
                }
            }
        }
    }
}

/// Whether the note says work was done at separate places ("separate skin
/// entry", "through its own puncture") and never that it was repeated (a
/// SOAP plan's "Repeat aspiration, same approach, new prep" tells the work
/// again, even where the plan's words read as intended).
fn told_apart(hits: &[AssertedHit]) -> bool {
    hits.iter().any(|h| h.category == Category::DistinctSite && h.assertion == Assertion::Present)
        && !hits.iter().any(|h| h.category == Category::Repeat && matches!(h.assertion, Assertion::Present | Assertion::Hypothetical))
}

/// The same code billed again on one side, by a line whose diagnoses are
/// one disease at another place than line `earlier`'s
/// ([`one_disease_two_places`]), or where the note says the work was done
/// at separate places (`told_apart`: two abscesses, "each through its own
/// puncture"): a second unit, which 59 or X{EPSU} shows distinct, unless
/// the code's region is one whose places anatomic modifiers name
/// (`anatomic_modifier_regions`: fingers, toes, eyelids), or the code is
/// reported once per session (`single_unit_codes`).
fn second_unit(
    tables: &CodeTables,
    lexicon: &Lexicon,
    code: &str,
    (diagnoses, earlier_diagnoses): (&[String], &[String]),
    told_apart: bool,
    earlier: usize,
) -> Option<PairFact> {
    if lexicon.is_single_unit(code) {
        return None;
    }
    let region = tables.code(code).and_then(|c| c.region);
    let anatomic = region.is_some_and(|r| lexicon.scoring.anatomic_modifier_regions.contains(&r));
    let diagnoses_apart = one_disease_two_places(diagnoses, earlier_diagnoses);
    (!anatomic && (diagnoses_apart || told_apart)).then(|| PairFact {
        other_line: earlier,
        column1: code.to_string(),
        indicator: ModifierIndicator::Allowed,
        other_side: false,
        other_site: Vec::new(),
        injury_apart: false,
        diagnoses_apart,
        same_site: false,
        separate_times: None,
        same_code: true,
    })
}

/// Sets each line's [`LineFacts::told_of_other_lines`] (and
/// [`LineFacts::told_of_unpaired_lines`]): on a claim of
/// lines of different codes, where the note places each line's work
/// ([`service_sites`]), the sentences naming a place of another line's work
/// and none of this line's.
fn tell_other_lines_apart(lines: &mut [LineFacts], note: &Note, hits: &[AssertedHit], lexicon: &Lexicon) {
    let mut codes: Vec<&str> = lines.iter().filter_map(|l| l.code.as_deref()).collect();
    codes.sort_unstable();
    codes.dedup();
    if codes.len() < 2 {
        return;
    }
    let mut places: Vec<Vec<SiteMention>> =
        lines.iter().map(|l| l.code.as_deref().map(|c| service_sites(note, hits, lexicon, c, &codes)).unwrap_or_default()).collect();
    own_side_sites(lines, &mut places);
    let named: Vec<(usize, SiteMention)> = hits
        .iter()
        .filter(|h| h.category == Category::Site && h.assertion == Assertion::Present)
        .filter_map(|h| Some((note.sentence_at(h.hit.start)?, SiteMention::of(note, lexicon, h))))
        .collect();
    let sentences = note.sentences();
    // The sentences naming a place of another line's work (of a line
    // `counts`) and none of line i's.
    let told_of = |i: usize, counts: &dyn Fn(usize) -> bool| -> Vec<(usize, usize)> {
        if places[i].is_empty() {
            return Vec::new();
        }
        let mine = |s: &SiteMention| places[i].iter().any(|p| p.same_place(s));
        let anothers = |s: &SiteMention| {
            (0..lines.len()).any(|j| j != i && lines[j].code != lines[i].code && counts(j) && places[j].iter().any(|p| p.same_place(s)))
        };
        let mut out: Vec<(usize, usize)> = Vec::new();
        for &(si, ref site) in &named {
            let in_sentence = || named.iter().filter(|(sj, _)| *sj == si).map(|(_, s)| s);
            if anothers(site) && !mine(site) && !in_sentence().any(mine) {
                out.push((sentences[si].start, sentences[si].end));
            }
        }
        out.dedup();
        out
    };
    let paired = |i: usize, j: usize| {
        let (a, b) = (&lines[i], &lines[j]);
        a.pairs.iter().any(|p| Some(&p.column1) == b.code.as_ref()) || b.pairs.iter().any(|p| Some(&p.column1) == a.code.as_ref())
    };
    let told: Vec<(Vec<(usize, usize)>, Vec<(usize, usize)>)> =
        (0..lines.len()).map(|i| (told_of(i, &|_| true), told_of(i, &|j| !paired(i, j)))).collect();
    for (line, (told, unpaired)) in lines.iter_mut().zip(told) {
        line.told_of_other_lines = told;
        line.told_of_unpaired_lines = unpaired;
    }
}

/// Sets each line's [`LineFacts::told_of_other_services`]: the rest of each
/// sentence after a present service hit of another line's code (not a line
/// this one is paired with), in sentences that hold none of this line's.
fn tell_other_services_apart(lines: &mut [LineFacts], note: &Note, hits: &[AssertedHit], lexicon: &Lexicon) {
    let codes: Vec<Option<String>> = lines.iter().map(|l| l.code.clone()).collect();
    let services: Vec<(usize, usize)> = hits
        .iter()
        .enumerate()
        .filter(|(_, h)| h.category == Category::Service && h.assertion == Assertion::Present)
        .filter_map(|(i, h)| Some((note.sentence_at(h.hit.start)?, i)))
        .collect();
    let sentences = note.sentences();
    for (i, line) in lines.iter_mut().enumerate() {
        let Some(code) = codes[i].as_deref() else { continue };
        let names_this_line = |si: usize| services.iter().any(|&(sj, h)| sj == si && lexicon.triggers[hits[h].trigger].covers(code));
        // A line this one is paired with: words after its service set the
        // pair apart ("polyp, snared (different segment from the ulcers)").
        let partner = |c: &str| line.pairs.iter().any(|p| p.column1 == c);
        let covers_another =
            |h: usize| codes.iter().flatten().any(|c| c != code && !partner(c) && lexicon.triggers[hits[h].trigger].covers(c));
        let mut told: Vec<(usize, usize)> = services
            .iter()
            .filter(|&&(si, h)| covers_another(h) && !names_this_line(si))
            .map(|&(si, h)| (hits[h].hit.end, sentences[si].end))
            .collect();
        told.dedup();
        line.told_of_other_services = told;
    }
}

/// Sets each line's [`LineFacts::done_at_bedside`]: on a claim of lines of
/// different codes whose note tells a return to the operating room, a line
/// whose work a sentence naming it alone (a present service of its code and
/// of no other line's) places at the bedside, with no return or operating
/// room within [`BEDSIDE_ROOM_REACH_WORDS`] of any such naming in its
/// sentence ("canthotomy ... done at the bedside in the ED bay", later "The
/// canthotomy bought time" beside "Had to take him back").
fn place_work_at_the_bedside(lines: &mut [LineFacts], note: &Note, hits: &[AssertedHit], lexicon: &Lexicon) {
    let present = |h: &&AssertedHit| h.assertion == Assertion::Present;
    if !hits.iter().filter(present).any(|h| h.category == Category::ReturnToOr) {
        return;
    }
    let codes: Vec<Option<String>> = lines.iter().map(|l| l.code.clone()).collect();
    if codes.iter().flatten().collect::<std::collections::BTreeSet<_>>().len() < 2 {
        return;
    }
    // The sentences holding a present hit of the bedside, read once; the
    // returns and rooms themselves, each read beside the work it is near.
    let bedside: Vec<usize> =
        hits.iter().filter(present).filter(|h| h.category == Category::SettingBedside).filter_map(|h| note.sentence_at(h.hit.start)).collect();
    let operating: Vec<&AssertedHit> =
        hits.iter().filter(present).filter(|h| matches!(h.category, Category::ReturnToOr | Category::SettingOr)).collect();
    // A return or a room a few words from the work places that work there; a
    // note's title ("BRIEF OP NOTE / PROCEDURE NOTE -- ... BEDSIDE PROCEDURE
    // ...: ... chest tube output"), run on into the sentence, does not.
    let in_the_room = |h: &AssertedHit| {
        let si = note.sentence_at(h.hit.start);
        operating.iter().any(|o| {
            let (a, b) = gap(h, o);
            note.sentence_at(o.hit.start) == si && note.words_between(a, b) <= BEDSIDE_ROOM_REACH_WORDS
        })
    };
    for (i, line) in lines.iter_mut().enumerate() {
        let Some(code) = codes[i].as_deref() else { continue };
        let covers_another = |h: &AssertedHit| codes.iter().flatten().any(|c| c != code && lexicon.triggers[h.trigger].covers(c));
        let told: Vec<&AssertedHit> = hits
            .iter()
            .filter(present)
            .filter(|h| h.category == Category::Service && lexicon.triggers[h.trigger].covers(code) && !covers_another(h))
            .collect();
        line.done_at_bedside = told.iter().any(|h| note.sentence_at(h.hit.start).is_some_and(|si| bedside.contains(&si)))
            && !told.iter().any(|h| in_the_room(h));
    }
}

/// How far a return to the operating room or an operating room may stand
/// from the words for a line's work and still place that work there.
const BEDSIDE_ROOM_REACH_WORDS: usize = 15;

/// Lines on two sides whose work the note tells in the same words (one
/// code on a left knee and a right shoulder injected; a left cheek's and a
/// right back's excisions, both "excised") share the places the note gives
/// that work: each line's are those named on its own side, where the note
/// names any.
fn own_side_sites(lines: &[LineFacts], sites: &mut [Vec<SiteMention>]) {
    let shares_places = |i: usize, j: usize| sites[i].iter().any(|a| sites[j].iter().any(|b| a.span == b.span));
    let twin_on_other_side: Vec<bool> = (0..lines.len())
        .map(|i| {
            let Some(side) = lines[i].side else { return false };
            lines.iter().enumerate().any(|(j, l)| {
                j != i && l.side.is_some_and(|s| s.differs(side)) && (l.code == lines[i].code || shares_places(i, j))
            })
        })
        .collect();
    for (i, line) in lines.iter().enumerate() {
        let Some(side) = line.side else { continue };
        if !twin_on_other_side[i] {
            continue;
        }
        let own: Vec<SiteMention> = sites[i].iter().filter(|s| s.side.is_some_and(|x| !x.differs(side))).cloned().collect();
        if !own.is_empty() {
            sites[i] = own;
        }
    }
}

/// Add-on lines are judged with their primary: the nearest earlier non-add-on line.
fn link_add_ons(lines: &mut [LineFacts]) {
    for i in 0..lines.len() {
        if lines[i].global == Some(GlobalDays::Zzz) {
            let primary = (0..i).rev().find(|&j| lines[j].global != Some(GlobalDays::Zzz))
                .or_else(|| (i + 1..lines.len()).find(|&j| lines[j].global != Some(GlobalDays::Zzz)));
            lines[i].primary_line = primary;
        }
    }
}

/// Warnings for index procedures whose global period cannot be judged.
fn index_warnings(lines: &[LineFacts], warnings: &mut Vec<String>) {
    for l in lines {
        if let Some(idx) = &l.period.index {
            match idx.global {
                Some(GlobalDays::Yyy) => warnings.push(format!(
                    "index {} has global YYY (set by the payer): global period not judged",
                    idx.code.as_deref().unwrap_or("procedure")
                )),
                Some(GlobalDays::Mmm) => warnings.push(format!(
                    "index {} has global MMM (maternity): out of scope, not judged",
                    idx.code.as_deref().unwrap_or("procedure")
                )),
                None if l.period.status == WindowStatus::Unknown => warnings.push(format!(
                    "global period of index {} unknown: 58/78/79 not judged",
                    idx.code.as_deref().unwrap_or("a procedure named in the note")
                )),
                _ => {}
            }
        }
    }
}

/// Words between a service and a site it is said to be at, at most.
const SITE_REACH_WORDS: usize = 8;

/// Words a dictated finding may run from the site that opens it to the
/// service that treats it ("In the ascending colon about five centimeters
/// above the valve there was a flat 4 mm polyp which was removed with cold
/// biopsy forceps"), when no service is nearer.
const SITE_FORWARD_WORDS: usize = 30;

/// A place the note puts a line's work: the site trigger's id, the wider
/// site it lies in (`within`), the side word just before it when there is
/// one ("right shin", "left calf"), and its view range.
#[derive(Debug, Clone)]
struct SiteMention {
    /// The site trigger's index in the lexicon.
    site: usize,
    /// The sites it lies in (the trigger's resolved `within` chain).
    within: Vec<usize>,
    side: Option<Side>,
    span: (usize, usize),
}

impl SiteMention {
    fn of(note: &Note, lexicon: &Lexicon, site: &AssertedHit) -> SiteMention {
        SiteMention {
            site: site.trigger,
            within: lexicon.triggers[site.trigger].wider.clone(),
            side: side_before(note, site.hit.start),
            span: (site.hit.start, site.hit.end),
        }
    }

    /// The same place: the same site, or one inside the other (L4-5 in the
    /// lumbar spine, in the spine), and not named on opposite sides.
    fn same_place(&self, other: &SiteMention) -> bool {
        let nested = self.site == other.site || self.within.contains(&other.site) || other.within.contains(&self.site);
        nested && !matches!((self.side, other.side), (Some(a), Some(b)) if a.differs(b))
    }
}

/// Where the note places the work of `code`: each present `site` hit goes
/// to the nearest `service` mention in its sentence (at most
/// `SITE_REACH_WORDS` away), else to the first present service after it when
/// the finding runs on to it ([`service_after_site`]), and counts for `code`
/// when that mention is present (not denied, not planned) and names `code`'s
/// work; where the note has a phrase naming this line's work alone, phrases
/// that also name another line's work do not count. A site that labels an
/// item ("2) Sigmoid colon at 30 cm: a 3 mm polyp, taken with cold forceps")
/// goes to every service of the item instead, which runs to the next site,
/// across sentences, at most `ITEM_REACH_WORDS`; an item with no service is
/// read as no item; the item also ends where its list or form opens the next
/// entry ([`next_entry_start`]). A site given as a field ("Site: left
/// forehead") places every service below it ([`site_field_block`]), and a
/// site on a bulleted line every service on the lines nested under it
/// ([`nested_items`]).
fn service_sites(note: &Note, hits: &[AssertedHit], lexicon: &Lexicon, code: &str, claim_codes: &[&str]) -> Vec<SiteMention> {
    let services: Vec<&AssertedHit> = hits.iter().filter(|h| h.category == Category::Service).collect();
    if !services.iter().any(|h| lexicon.triggers[h.trigger].covers(code)) {
        return Vec::new();
    }
    // A phrase naming this line's work alone ("selective debridement") places
    // it; where the note has one, a phrase that also names another line's
    // work ("debridement") does not tell the two apart.
    let covers = |h: &AssertedHit| lexicon.triggers[h.trigger].covers(code);
    let alone = |h: &AssertedHit| covers(h) && !claim_codes.iter().any(|&o| o != code && lexicon.triggers[h.trigger].covers(o));
    let named_alone = services.iter().any(|h| h.assertion == Assertion::Present && alone(h));
    let does_the_work = |h: &AssertedHit| h.assertion == Assertion::Present && if named_alone { alone(h) } else { covers(h) };
    // Sites that list codes hold only those codes' work among the codes any
    // site lists: a knee a major joint's injection, a wrist an intermediate's.
    let listed_somewhere = lexicon.triggers.iter().any(|t| t.category == Category::Site && t.covers(code));
    let fits = |h: &&AssertedHit| !listed_somewhere || lexicon.triggers[h.trigger].covers(code);
    let sites: Vec<&AssertedHit> =
        hits.iter().filter(|h| h.category == Category::Site && h.assertion == Assertion::Present).filter(fits).collect();
    let layout = Layout { note, lexicon, sites: &sites, services: &services, does_the_work: &does_the_work };
    sites.iter().filter(|site| layout.places_work_at(site)).map(|site| SiteMention::of(note, lexicon, site)).collect()
}

/// What [`service_sites`] reads one site against: the note's present sites,
/// its service mentions, and which of those do the line's work.
struct Layout<'a> {
    note: &'a Note,
    lexicon: &'a Lexicon,
    sites: &'a [&'a AssertedHit],
    services: &'a [&'a AssertedHit],
    does_the_work: &'a dyn Fn(&AssertedHit) -> bool,
}

impl Layout<'_> {
    /// Whether the line's work is done at `site`, by the first reading its
    /// layout allows: a site field, a bullet with lines nested under it, an
    /// item label, else the nearest service.
    fn places_work_at(&self, site: &AssertedHit) -> bool {
        let Some(si) = self.note.sentence_at(site.hit.start) else { return false };
        let sent = self.note.sentences()[si];
        if let Some(labelled) = self.work_under_same_label(site) {
            return labelled;
        }
        if let Some(block) = site_field_block(self.note, site, self.sites, self.lexicon) {
            // "Site: left forehead" on its own line: every service from that
            // line to the next such field is done at this site.
            return self.work_within(block, |_| true);
        }
        if self.work_nested_under(site) {
            return true;
        }
        match self.item_services(site, sent.end) {
            Some(item) if !item.is_empty() => item.iter().any(|h| (self.does_the_work)(h)),
            _ => {
                let in_sentence: Vec<&AssertedHit> =
                    self.services.iter().copied().filter(|h| h.hit.start >= sent.start && h.hit.end <= sent.end).collect();
                // The nearest service in its sentence, else the first after it
                // that the finding runs on to.
                nearest_service(self.note, site, &in_sentence)
                    .or_else(|| service_after_site(self.note, site, &in_sentence, self.sites, self.lexicon))
                    .is_some_and(self.does_the_work)
                    || self.work_in_entry(site)
                    || self.work_after_finding(site)
            }
        }
    }

    /// Whether a service within the view range `(start, end)` does the work
    /// and passes `also`.
    fn work_within(&self, (start, end): (usize, usize), also: impl Fn(&AssertedHit) -> bool) -> bool {
        self.services.iter().any(|h| h.hit.start >= start && h.hit.end <= end && (self.does_the_work)(h) && also(h))
    }

    /// "* new macule R dorsal forearm" over "  - 4 mm punch bx": the work on
    /// the lines nested under a site's bullet is done there, up to a line
    /// that names another place.
    fn work_nested_under(&self, site: &AssertedHit) -> bool {
        let Some(children) = nested_items(self.note, site.hit.start) else { return false };
        let other_place_first =
            |h: &AssertedHit| self.sites.iter().any(|s| s.hit.start >= children.0 && s.hit.start < h.hit.start && s.trigger != site.trigger);
        self.work_within(children, |h| !other_place_first(h))
    }

    /// "Issue 2: Right shin, 9 mm scaly plaque ... 4 mm punch biopsy": a
    /// numbered entry is about the first place it names, so the line's work
    /// later on that written line (and on the bulleted lines under a heading
    /// such as "#2 R WRIST") is done there, across sentences, up to a
    /// place named after the first sentence and at most `ITEM_REACH_WORDS`
    /// away.
    fn work_in_entry(&self, site: &AssertedHit) -> bool {
        let (line_start, heading_end) = self.note.written_line(site.hit.start);
        let opens_entry = numbered_entry(self.note.folded().get(line_start..heading_end).unwrap_or(""));
        // A heading that is no list item itself ("#2 R WRIST") holds the
        // bulleted lines under it.
        let line_end = if self.note.line_layout(line_start).list_item {
            heading_end
        } else {
            self.note.lines_after(line_start).take_while(|&(s, _)| self.note.line_layout(s).list_item).last().map_or(heading_end, |(_, e)| e)
        };
        let first_place = !self.sites.iter().any(|s| s.hit.start >= line_start && s.hit.start < site.hit.start);
        if !opens_entry || !first_place {
            return false;
        }
        // The places its first sentence names describe one place ("Upper
        // back, just right of the spine"); a place named later starts other work.
        let first_sentence_end = self.note.sentence_at(site.hit.start).map_or(line_end, |i| self.note.sentences()[i].end);
        let other_place = self
            .sites
            .iter()
            .filter(|s| s.hit.start > first_sentence_end && s.hit.start < line_end && s.trigger != site.trigger)
            .map(|s| s.hit.start)
            .min()
            .unwrap_or(line_end);
        self.work_within((site.hit.end, other_place), |h| self.note.words_between(site.hit.end, h.hit.start) <= ITEM_REACH_WORDS)
    }

    /// "Wound #2: R plantar heel, diabetic ulcer ..." and, lines later,
    /// "Wound #2 procedure: selective sharp debridement ...": a numbered
    /// label that names a place first is that place wherever the note
    /// writes the label again, so the work on its own line and on those
    /// later lines is done there (up to a place of another name on such a
    /// line). `None` when the note does not write the label again, or its
    /// lines with the label name no work at all ("Wound #2 measurements:
    /// 2 x 3 cm"): other readings decide.
    fn work_under_same_label(&self, site: &AssertedHit) -> Option<bool> {
        let folded = self.note.folded();
        let (line_start, line_end) = self.note.written_line(site.hit.start);
        let key = entry_key(folded.get(line_start..line_end).unwrap_or(""))?;
        if self.sites.iter().any(|s| s.hit.start >= line_start && s.hit.start < site.hit.start) {
            return None;
        }
        let again: Vec<(usize, usize)> = self
            .note
            .lines_after(line_start)
            .filter(|&(s, e)| entry_keys(folded.get(s..e).unwrap_or("")).contains(&key))
            .collect();
        let names_work = |(s, e): (usize, usize)| {
            self.services.iter().any(|h| h.hit.start >= s && h.hit.end <= e && h.assertion == Assertion::Present)
        };
        if !again.iter().copied().any(names_work) {
            return None;
        }
        let at_this_place = |(s, e): (usize, usize)| {
            let other_place_first =
                |h: &AssertedHit| self.sites.iter().any(|p| p.hit.start >= s && p.hit.start < h.hit.start && p.trigger != site.trigger);
            self.work_within((s, e), |h| !other_place_first(h))
        };
        Some(at_this_place((site.hit.end, line_end)) || again.into_iter().any(at_this_place))
    }

    /// "Adjacent to the appendiceal orifice there was a 4 mm ulceration; two
    /// cold forceps biopsies were taken from it", "a pink scaly papule R
    /// upper back, new since fall. 6 mm, shiny. Shave bx, to path": a
    /// finding at the site that does no work passes the site on through the
    /// clauses after it (a semicolon or a sentence stop apart, in one
    /// paragraph, at most `FINDING_REACH_WORDS`) that name no place, to the
    /// first that names work; the finding is described (a size) on the way.
    fn work_after_finding(&self, site: &AssertedHit) -> bool {
        let (start, end) = clause_around(self.note, site.hit.start);
        let folded = self.note.folded();
        let in_range = |h: &AssertedHit, (a, b): (usize, usize)| h.hit.start >= a && h.hit.end <= b;
        let names_work = |range| self.services.iter().any(|h| in_range(h, range) && h.assertion == Assertion::Present);
        let last_site = !self.sites.iter().any(|s| s.hit.start > site.hit.end && s.hit.end <= end);
        if !last_site || names_work((start, end)) {
            return false;
        }
        let mut sized = gives_a_size(folded.get(start..end).unwrap_or(""));
        let mut at = end;
        loop {
            let gap = folded.get(at..).map_or(0, |rest| rest.len() - rest.trim_start_matches([';', '.', ' ', '\t']).len());
            let next_start = at + gap;
            if next_start >= folded.len() || self.note.words_between(site.hit.end, next_start) > FINDING_REACH_WORDS {
                return false;
            }
            let next = clause_around(self.note, next_start);
            if next.1 <= next_start || self.sites.iter().any(|s| in_range(s, next)) {
                return false;
            }
            sized |= gives_a_size(folded.get(next.0..next.1).unwrap_or(""));
            if names_work(next) {
                return sized && self.work_within(next, |_| true);
            }
            at = next.1;
        }
    }

    /// The services of the item a site labels ("- Sacrum: stage 3 ulcer,
    /// slough. -> Excisional debridement ..."), or `None` when it labels
    /// none. The item runs from the label's colon, past its sentence, until
    /// the next site names another place or the list or form opens its next
    /// entry ("Imp: polyp removed; ..."), at most `ITEM_REACH_WORDS`. An
    /// empty item ("left leg from ankle to groin, 25 min (97140): proximal
    /// clearing ...") is no item: its site goes to the nearest service.
    fn item_services(&self, site: &AssertedHit, sentence_end: usize) -> Option<Vec<&AssertedHit>> {
        let colon = item_label_colon(self.note, site.hit.end, sentence_end)?;
        let next_site = self.sites.iter().map(|s| s.hit.start).find(|&s| s > colon).unwrap_or(usize::MAX);
        let item_end = next_site.min(next_entry_start(self.note, colon));
        Some(
            self.services
                .iter()
                .copied()
                .filter(|h| h.hit.start > colon && h.hit.end <= item_end)
                .take_while(|h| self.note.words_between(colon, h.hit.start) <= ITEM_REACH_WORDS)
                .collect(),
        )
    }
}

/// The service mention nearest a site in its sentence, at most
/// `SITE_REACH_WORDS` away and not across a semicolon ("polyp removed; flat
/// rectal lesion biopsied"). One in the site's own comma-delimited phrase
/// comes before a nearer one across a comma: in "sigmoid polyp removed,
/// ascending colon flat lesion sampled" the ascending colon's work is the
/// sampling.
fn nearest_service<'h>(note: &Note, site: &AssertedHit, in_sentence: &[&'h AssertedHit]) -> Option<&'h AssertedHit> {
    in_sentence
        .iter()
        .copied()
        .filter(|h| in_one_clause(note, gap(h, site)))
        .min_by_key(|h| {
            let (a, b) = gap(h, site);
            (note.folded().get(a..b).is_some_and(|t| t.contains(',')), b - a)
        })
        .filter(|h| same_clause_within(note, gap(h, site), SITE_REACH_WORDS))
}

/// The view range between two hits, in either order (empty when they overlap).
fn gap(x: &AssertedHit, y: &AssertedHit) -> (usize, usize) {
    if x.hit.end <= y.hit.start { (x.hit.end, y.hit.start) } else { (y.hit.end, x.hit.start.max(y.hit.end)) }
}

/// Whether the view range `(a, b)` holds no semicolon and no inline list
/// item ("1) gastric polyp s/p polypectomy 2) duodenal changes"): it stays
/// in one clause.
fn in_one_clause(note: &Note, (a, b): (usize, usize)) -> bool {
    !note.folded().get(a..b).is_some_and(|t| t.contains(';') || opens_inline_item(t))
}

/// Whether text holds an inline list item: one or two digits or a letter
/// and ")" after a space, then a space ("... polypectomy 2) duodenal").
fn opens_inline_item(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.iter().enumerate().filter(|&(_, &b)| b == b')').any(|(i, _)| {
        let label = text[..i].rsplit(' ').next().unwrap_or("");
        let numbered = (1..=2).contains(&label.len()) && label.bytes().all(|c| c.is_ascii_digit());
        let lettered = label.len() == 1 && label.bytes().all(|c| c.is_ascii_lowercase());
        // Followed by a word, and not closing a parenthesis ("(grade 2) and").
        let before = &text[..i];
        let unclosed = before.matches('(').count() > before.matches(')').count();
        (numbered || lettered) && before.len() > label.len() && bytes.get(i + 1) == Some(&b' ') && !unclosed
    })
}

/// Whether the view range `(a, b)` stays in one clause and holds at most
/// `max_words` words.
fn same_clause_within(note: &Note, (a, b): (usize, usize), max_words: usize) -> bool {
    in_one_clause(note, (a, b)) && note.words_between(a, b) <= max_words
}

/// The first present service after a site in its sentence, when the finding the site
/// opens runs on to it: no other place is named first, no semicolon comes
/// between, and it is at most `SITE_FORWARD_WORDS` away. Read only where no
/// service is near the site ([`nearest_service`]).
fn service_after_site<'h>(
    note: &Note,
    site: &AssertedHit,
    in_sentence: &[&'h AssertedHit],
    sites: &[&AssertedHit],
    lexicon: &Lexicon,
) -> Option<&'h AssertedHit> {
    let next = in_sentence
        .iter()
        .copied()
        .filter(|h| h.hit.start >= site.hit.end && h.assertion == Assertion::Present)
        .min_by_key(|h| h.hit.start)?;
    let (a, b) = (site.hit.end, next.hit.start);
    let id = &lexicon.triggers[site.trigger].id;
    let other_place_first =
        sites.iter().any(|s| s.hit.start >= a && s.hit.start < b && lexicon.triggers[s.trigger].id != *id);
    (!other_place_first && same_clause_within(note, (a, b), SITE_FORWARD_WORDS)).then_some(next)
}

/// Where a site is the value of a field on its own line, under one of the
/// lexicon's `site_labels`, perhaps numbered ("Site: left forehead, 2 cm above
/// the brow", "Location: R index finger", "Site 2 - Right dorsal forearm:",
/// "Wound #2 - Location: right heel"):
/// the block from
/// that line's start to the start of the next line that gives a site the same
/// way (or the end of the note). `None` when the site is not such a value.
fn site_field_block(note: &Note, site: &AssertedHit, sites: &[&AssertedHit], lexicon: &Lexicon) -> Option<(usize, usize)> {
    let folded = note.folded();
    // The line as written: the view joins a long line to the next one.
    let line_start = |at: usize| note.written_line(at).0;
    let is_field_value = |h: &AssertedHit| {
        let start = line_start(h.hit.start);
        // A bullet may open the line ("- Wound 1: R posterior heel").
        let mut prefix = folded.get(start..h.hit.start).unwrap_or("").trim_start();
        while let Some(rest) = crate::note::after_list_marker(prefix) {
            prefix = rest.trim_start();
        }
        // The label, then perhaps an item number ("Site 2", "Lesion #3", "Site
        // B"), then a colon or a dash, then at most two words of the value.
        let Some(rest) = lexicon.site_labels.iter().filter_map(|l| prefix.strip_prefix(l.as_str())).min_by_key(|r| r.len()) else { return false };
        let rest = rest.trim_start().trim_start_matches('#');
        let number_len = rest.find(|c: char| !c.is_ascii_alphanumeric()).unwrap_or(rest.len());
        let rest = if number_len <= 2 { rest[number_len..].trim_start() } else { rest };
        let Some(value) = rest.strip_prefix(':').or_else(|| rest.strip_prefix('-')) else { return false };
        // A labelled item may hold the site field itself ("Wound #2 -
        // Location: right heel").
        let value = lexicon
            .site_labels
            .iter()
            .find_map(|l| value.trim_start().strip_prefix(l.as_str()).and_then(|r| r.trim_start().strip_prefix(':')))
            .unwrap_or(value);
        value.split_whitespace().count() <= 2 && !value.contains([',', '.', ';', ':'])
    };
    if !is_field_value(site) {
        return None;
    }
    let start = line_start(site.hit.start);
    let end = sites
        .iter()
        .filter(|h| h.hit.start > site.hit.start && line_start(h.hit.start) > start && is_field_value(h))
        .map(|h| line_start(h.hit.start))
        .min()
        .unwrap_or(folded.len());
    Some((start, end))
}

/// The lines nested under the bulleted line holding view offset `at`: the
/// written lines after it opened by a list marker and indented deeper, as a
/// view range. `None` when the line is no list item or has no such lines.
fn nested_items(note: &Note, at: usize) -> Option<(usize, usize)> {
    let own = note.line_layout(at);
    if !own.list_item {
        return None;
    }
    let (_, own_end) = note.written_line(at);
    let nested = note.lines_after(at).take_while(|&(start, _)| {
        let layout = note.line_layout(start);
        layout.list_item && layout.indent > own.indent
    });
    nested.last().map(|(_, end)| (own_end, end))
}

/// Where the list or form holding view offset `at` opens its next entry,
/// within `ITEM_REACH_WORDS`: the start of a later written line, no deeper
/// indented than `at`'s, opened by a list marker other than an arrow, or by
/// a short label and a colon ("Imp: polyp removed"). `usize::MAX` when none.
fn next_entry_start(note: &Note, at: usize) -> usize {
    let indent = note.line_layout(at).indent;
    note.lines_after(at)
        .take_while(|&(start, _)| note.words_between(at, start) <= ITEM_REACH_WORDS)
        .find(|&(start, stop)| {
            let layout = note.line_layout(start);
            let text = note.folded().get(start..stop).unwrap_or("");
            let arrow = text.starts_with("->") || text.starts_with("=>") || text.starts_with('>');
            layout.indent <= indent && !arrow && (layout.list_item || opens_with_label(text))
        })
        .map_or(usize::MAX, |(start, _)| start)
}

/// The clause holding view offset `at`: its sentence, cut at semicolons.
fn clause_around(note: &Note, at: usize) -> (usize, usize) {
    let Some(i) = note.sentence_at(at) else { return (at, at) };
    let sentence = note.sentences()[i];
    let text = note.folded().get(sentence.start..sentence.end).unwrap_or("");
    let offset = at - sentence.start;
    let start = text.get(..offset).and_then(|t| t.rfind(';')).map_or(sentence.start, |p| sentence.start + p + 1);
    let end = text.get(offset..).and_then(|t| t.find(';')).map_or(sentence.end, |p| at + p);
    (start, end)
}

/// Words from a finding's site to the clause that names the work done on it.
const FINDING_REACH_WORDS: usize = 30;

/// Whether text gives a size ("a 4 mm ulceration", "15-mm polyp", "2.5 cm"):
/// a number followed by mm or cm.
fn gives_a_size(text: &str) -> bool {
    let bytes = text.as_bytes();
    text.match_indices(['m', 'c']).any(|(i, _)| {
        let unit = text.get(i..i + 2).is_some_and(|u| u == "mm" || u == "cm");
        let word_ends = bytes.get(i + 2).is_none_or(|b| !b.is_ascii_alphabetic());
        let before = text[..i].trim_end_matches([' ', '-']);
        unit && word_ends && before.ends_with(|c: char| c.is_ascii_digit())
    })
}

/// The numbered label a written line opens with, as (word, number): "Wound
/// #2: R plantar heel" and "Wound #2 procedure: ..." both give ("wound",
/// "2"); "Lesion 3 -" gives ("lesion", "3"). `None` for a line without one,
/// and for a decimal or a clock time ("Ulcer 1.5 x 2 cm", "Seen 10:15:").
fn entry_key(line: &str) -> Option<(String, String)> {
    let label = numbered_label(line)?;
    label_key(&label)
}

fn label_key(label: &NumberedLabel<'_>) -> Option<(String, String)> {
    (label.after.is_empty() || closes_label(label.after, &[':', '-', ')', '.'])).then(|| (label.word.to_lowercase(), label.number.to_string()))
}

/// The labels a written line opens with: [`entry_key`]'s, and a second one
/// right after it ("PROC 1 - Wound #1: excisional debridement" gives
/// ("proc", "1") and ("wound", "1")), so a procedure numbered on its own
/// still writes the wound's label again.
fn entry_keys(line: &str) -> Vec<(String, String)> {
    let Some(first) = numbered_label(line) else { return Vec::new() };
    // The second closed by its own mark ("Wound #1:", "Ulcer 2 -"), so words
    // and a count ("debrided 2 wounds") are none.
    let closed = |l: &NumberedLabel<'_>| closes_label(l.after, &[':', '-']) || (l.after.is_empty() && closes_label(l.rest, &[':', '-']));
    let second = numbered_label(first.rest.trim_start_matches(['-', ':', ' ']))
        .filter(|l| closed(l) && (first.after.is_empty() || closes_label(first.after, &[':', '-'])));
    [label_key(&first), second.as_ref().and_then(label_key)].into_iter().flatten().collect()
}

/// A written line that opens, after any bullet, with a word and a number of
/// one or two digits ("Wound #2: ...", "Issue 2 -", "Lesion #3 procedure:").
struct NumberedLabel<'a> {
    word: &'a str,
    /// The digits, without a `#`.
    number: &'a str,
    /// What follows the digits in the same word (":" of "#2:").
    after: &'a str,
    /// The rest of the line after that word.
    rest: &'a str,
}

fn numbered_label(line: &str) -> Option<NumberedLabel<'_>> {
    let line = line.trim_start();
    let line = crate::note::after_list_marker(line).map_or(line, str::trim_start);
    let mut words = line.splitn(3, ' ');
    let (word, number) = (words.next()?, words.next()?);
    let rest = words.next().unwrap_or("");
    let number = number.trim_start_matches('#');
    let digits = number.bytes().take_while(u8::is_ascii_digit).count();
    // A letter numbers a label too ("Ulcer A: coccyx", "Ulcer A treatment:",
    // "Site b)", "Wound A - lower midline"), where a mark closes it, a colon
    // ends the next word, or a colon or dash stands apart after it.
    let lettered = digits == 0
        && number.bytes().next().is_some_and(|c| matches!(c.to_ascii_lowercase(), b'a'..=b'h'))
        && (closes_label(&number[1..], &[':', '-', ')'])
            || (number.len() == 1
                && (closes_label(rest, &[':', '-']) || rest.split(' ').next().is_some_and(|w| w.len() > 1 && w.ends_with(':')))));
    let len = if lettered { 1 } else { digits };
    let shaped = !word.is_empty() && word.chars().all(char::is_alphabetic) && (1..=2).contains(&len) && (lettered || digits > 0);
    shaped.then(|| NumberedLabel { word, number: &number[..len], after: &number[len..], rest })
}

/// Whether text opens with one of `marks` that ends a label: followed by
/// whitespace or nothing, so not a clock time ("10:30"), a range ("2-3") or
/// a decimal ("1.5").
fn closes_label(text: &str, marks: &[char]) -> bool {
    text.starts_with(marks) && text[1..].chars().next().is_none_or(char::is_whitespace)
}

/// Whether a written line opens a numbered entry of a list: a numbered
/// list marker ("2. ", "2) "), a hash and a number ("#2 R WRIST"), or a
/// word and a number before a colon or dash ("Issue 2:", "Lesion #3 -",
/// "Problem 1:"), perhaps after a bullet.
fn numbered_entry(line: &str) -> bool {
    let line = line.trim_start();
    if line.starts_with(|c: char| c.is_ascii_digit()) {
        return crate::note::after_list_marker(line).is_some();
    }
    if let Some(number) = line.strip_prefix('#') {
        // "#2 R WRIST"
        let digits = number.bytes().take_while(u8::is_ascii_digit).count();
        return (1..=2).contains(&digits) && number[digits..].starts_with([' ', ')', ':', '.']);
    }
    let Some(label) = numbered_label(line) else { return false };
    // "Issue 2:" or "Issue 2 - ...", not a clock time ("at 10:30") or a range ("Day 2-3").
    closes_label(if label.after.is_empty() { label.rest } else { label.after }, &[':', '-'])
}

/// Whether a line opens with a short label and a colon ("Imp:", "Plan:",
/// "Post-op dx:"): at most three words, starting with a letter and not
/// ending with a digit.
fn opens_with_label(line: &str) -> bool {
    let Some(colon) = line.find(':') else { return false };
    let label = &line[..colon];
    // Not a clock time ("Then at 10:30 the polyp was snared").
    label.starts_with(|c: char| c.is_alphabetic())
        && !label.ends_with(|c: char| c.is_ascii_digit())
        && label.split_whitespace().count() <= 3
        && label.chars().all(|c| c.is_alphanumeric() || matches!(c, ' ' | '/' | '#' | '&' | '-' | '(' | ')' | '.'))
}

/// Words an item may run from its label's colon to a service of its own.
const ITEM_REACH_WORDS: usize = 40;

/// Words a site may take before the colon that makes it an item's label
/// ("Rectum, 8 cm from the anal verge:").
const LABEL_TAIL_WORDS: usize = 8;

/// Where the colon is when the site ending at `site_end` labels an item: a
/// colon follows it within a few words, before any full stop or semicolon
/// ("1) Ascending colon:", "Sigmoid colon at 30 cm:", "Rectum, 8 cm from the
/// anal verge, posterior wall:"), on the site's own written line. `None` when
/// it labels nothing.
fn item_label_colon(note: &Note, site_end: usize, sentence_end: usize) -> Option<usize> {
    let rest = note.folded().get(site_end..sentence_end)?;
    // A dash after a site that opens its line ("(a) R knee - superolateral
    // approach ...") ends a label as a colon does.
    let line_start = note.written_line(site_end.saturating_sub(1)).0;
    if let Some(dash) = rest.find(" - ").filter(|&d| rest[..d].find([':', '.', ';']).is_none()) {
        if note.words_between(line_start, site_end) <= 4 && note.words_between(site_end, site_end + dash) <= LABEL_TAIL_WORDS {
            return Some(site_end + dash + 2);
        }
    }
    let at = rest.find([':', '.', ';'])?;
    // On the site's own written line: "R shoulder flex 120 / Tx:" is a
    // finding followed by a heading, not a label.
    let same_line = note.written_line(site_end.saturating_sub(1)).0 == note.written_line(site_end + at).0;
    (rest.as_bytes()[at] == b':' && same_line && note.words_between(site_end, site_end + at) <= LABEL_TAIL_WORDS).then_some(site_end + at)
}

/// When the column-2 line's work (`column2`) is done at a site where the
/// column-1 line's work (`column1`) is not: the spans of those sites and of
/// the column-1 line's. The column-2 service there is distinct even when
/// another instance of it shares the column-1 site (the forehead lesion
/// excised under the flap, the cheek lesion excised on its own).
fn different_sites(column2: &[SiteMention], column1: &[SiteMention]) -> Vec<(usize, usize)> {
    let (column2, column1) = (most_specific(column2), most_specific(column1));
    let elsewhere: Vec<&SiteMention> = column2.iter().copied().filter(|s| !column1.iter().any(|other| other.same_place(s))).collect();
    if elsewhere.is_empty() || column1.is_empty() {
        return Vec::new();
    }
    let mut spans: Vec<(usize, usize)> = elsewhere.into_iter().chain(column1).map(|s| s.span).collect();
    spans.sort();
    spans.dedup();
    spans
}

/// A line's site mentions less those of a wider site another mention lies
/// in: "lumbar" beside "L4-L5" says no more than L4-L5, and must not make
/// the lumbar L3-L4 of another line the same place.
fn most_specific(list: &[SiteMention]) -> Vec<&SiteMention> {
    list.iter().filter(|s| !list.iter().any(|o| o.within.contains(&s.site))).collect()
}

/// Whether every site of the column-2 line's work (`column2`) is a place of
/// the column-1 line's (`column1`), and both are placed at all.
///
/// Not when both lines are placed alike at more than one place: the note's
/// words for the work name both lines' work ("inj" under "#1 R KNEE" and
/// "#2 R WRIST"), so the placing tells the lines apart nowhere.
fn only_where(column2: &[SiteMention], column1: &[SiteMention]) -> bool {
    let (column2, column1) = (most_specific(column2), most_specific(column1));
    let places = |list: &[&SiteMention]| list.iter().map(|s| s.site).collect::<std::collections::BTreeSet<usize>>();
    let placed_alike = places(&column2).len() > 1 && places(&column2) == places(&column1);
    !column2.is_empty() && !column1.is_empty() && !placed_alike && column2.iter().all(|s| column1.iter().any(|o| o.same_place(s)))
}

/// The sentences where the note gives a service to a named doctor other
/// than its author, a partner included ("DCCV this AM 0815 by Dr. Feld
/// (on-call partner)"): a repeat of that work is another individual's.
fn deeds_of_another_individual<'n>(
    note: &'n Note,
    hits: &'n [AssertedHit],
    authors: &'n people::Authors,
) -> impl Iterator<Item = (usize, usize)> + 'n {
    hits.iter()
        .filter(|h| h.category == Category::Service && h.assertion == Assertion::Present)
        .filter_map(|h| {
            let sent = note.sentences()[note.sentence_at(h.hit.start)?];
            authors.another_individual_did(note, (h.hit.start, h.hit.end), (sent.start, sent.end)).then_some((sent.start, sent.end))
        })
}

/// Whether an own-work cue names a partner ("by my partner Dr. Haines"): a
/// partner is another individual, so a repeat of their work is 77 though the
/// global binds the group.
fn partner_told(note: &Note, hits: &[AssertedHit]) -> bool {
    // In a sentence that tells of the repeat ("scoped this morning ... by my
    // partner"): a partner named elsewhere did something else.
    let repeat_sentences: Vec<usize> = hits
        .iter()
        .filter(|h| h.category == Category::Repeat && h.assertion == Assertion::Present)
        .filter_map(|h| note.sentence_at(h.hit.start))
        .collect();
    hits.iter().any(|h| {
        h.category == Category::PriorOwn
            && note.sentence_at(h.hit.start).is_some_and(|si| repeat_sentences.contains(&si))
            && note.folded().get(h.hit.start..h.hit.end).is_some_and(|t| PARTNER_WORDS.iter().any(|w| t.contains(w)))
    })
}

/// Whether the words between a cue and a date tell of a visit, which the
/// date is then of ("establishing care with our practice, I had not seen her
/// prior to her clinic visit of 03/05").
fn tells_a_visit_between(note: &Note, cue: (usize, usize), date: (usize, usize)) -> bool {
    let gap = if date.0 >= cue.1 { (cue.1, date.0) } else { (date.1, cue.0) };
    note.folded().get(gap.0..gap.1).is_some_and(|t| t.split(|c: char| !c.is_alphanumeric()).any(|w| VISIT_WORDS.contains(&w)))
}

/// Words that tell of a visit, not an operation, between an operation's name
/// and "this morning" ("seen this morning for a wound check after her TKA").
const VISIT_WORDS: [&str; 8] = ["seen", "saw", "examined", "rounded", "visit", "check", "clinic", "reviewed"];

/// Words in an own-work cue that name a partner, not the author.
const PARTNER_WORDS: [&str; 3] = ["partner", "colleague", "associate"];

/// Words between a repeat phrase and the service it says was repeated.
const REPEAT_REACH_WORDS: usize = 12;

/// Whether the clause after a repeat phrase (view range `after`, to its
/// sentence's end) names the line's work by the bare noun that ends the
/// line's service where the note names it in full: "I repeated the
/// laryngoscopy myself" beside "PROCEDURE: Flexible fiberoptic
/// laryngoscopy". The noun must be one no service of another line of the
/// claim ends in, and at least `BARE_NOUN_MIN_LEN` letters long. Read only
/// after words that say the work was done again, not after a time alone:
/// "brought to the operating suite this morning for a reduction" tells
/// when today's reduction was done.
fn names_the_work_bare(
    note: &Note,
    hits: &[AssertedHit],
    lexicon: &Lexicon,
    code: &str,
    other_codes: &[&str],
    after: (usize, usize),
) -> bool {
    let folded = note.folded();
    let last_word = |h: &AssertedHit| folded.get(h.hit.start..h.hit.end).and_then(|t| t.rsplit(|c: char| !c.is_alphanumeric()).next());
    let services = || hits.iter().filter(|h| h.category == Category::Service && h.assertion != Assertion::Negated);
    let others: Vec<&str> =
        services().filter(|h| other_codes.iter().any(|o| lexicon.triggers[h.trigger].covers(o))).filter_map(last_word).collect();
    let heads: Vec<&str> = services()
        .filter(|h| lexicon.triggers[h.trigger].covers(code))
        .filter_map(last_word)
        .filter(|w| w.len() >= BARE_NOUN_MIN_LEN && !others.contains(w))
        .collect();
    let clause = folded.get(after.0..after.1).unwrap_or("");
    let clause = clause.split(';').next().unwrap_or("");
    clause.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).take(REPEAT_REACH_WORDS).any(|w| heads.contains(&w))
}

/// Whether the repeat's own words give the earlier work to another
/// specialty than the provider's ("chest tube placed by thoracic surgery at
/// ~10:45 today" in an intensivist's note): the few words after "by" name
/// a `specialty_families` group the provider's specialty is not in.
fn by_another_service(note: &Note, lexicon: &Lexicon, (a, b): (usize, usize), own: Option<&str>) -> bool {
    let (Some(own), Some(text)) = (own, note.folded().get(a..b)) else { return false };
    text.split(" by ").skip(1).any(|after| {
        let named: String = after.split_whitespace().take(BY_SERVICE_WORDS).collect::<Vec<_>>().join(" ");
        lexicon.other_specialty(&named, own)
    })
}

/// Words after "by" read for a specialty.
const BY_SERVICE_WORDS: usize = 3;

/// Whether a time alone (`time`, a `single_line` repeat hit: "this AM",
/// "earlier today") speaks of the service `service` near it. It dates the
/// work of its own phrase: not across a colon, of the list it heads
/// ("Taken to OR this am: cysto / R URS / stent" is today's own operation),
/// nor back across a comma to a service before it ("REDUCTION R HIP,82F
/// from memory care, found on floor this AM" dates the fall), nor a device
/// taken out (`removal_words`: "Chest tube pulled this AM").
fn time_speaks_of(note: &Note, lexicon: &Lexicon, service: &AssertedHit, time: &AssertedHit) -> bool {
    let between = gap(service, time);
    let text = note.folded().get(between.0..between.1).unwrap_or("");
    let service_first = service.hit.end <= time.hit.start;
    !holds_colon(note, between) && !(service_first && text.contains(',')) && !lexicon.removal_words.iter().any(|w| holds_words(text, w))
}

/// Whether a time alone tells when the patient went back to an operating
/// room: "we brought him back to the operating room this morning for
/// washout" dates the return this note documents, not an earlier service.
fn times_a_return(note: &Note, hits: &[AssertedHit], time: &AssertedHit) -> bool {
    hits.iter().any(|h| {
        h.category == Category::ReturnToOr
            && h.assertion == Assertion::Present
            && h.hit.end <= time.hit.start
            && note.words_between(h.hit.end, time.hit.start) == 0
    })
}

/// Whether the view range holds a colon: a time before one heads a list
/// of the work done then ("Taken to OR this am: cysto / URS / stent"),
/// which is today's own. A clock time's colon ("at 9:40 this morning")
/// heads nothing.
fn holds_colon(note: &Note, (a, b): (usize, usize)) -> bool {
    let Some(text) = note.folded().get(a..b) else { return false };
    let bytes = text.as_bytes();
    let digit_at = |i: Option<usize>| i.and_then(|i| bytes.get(i)).is_some_and(u8::is_ascii_digit);
    text.match_indices(':').any(|(i, _)| !(digit_at(i.checked_sub(1)) && digit_at(Some(i + 1))))
}

/// The shortest bare noun that names a line's work (see [`names_the_work_bare`]).
const BARE_NOUN_MIN_LEN: usize = 6;

/// A same-day repeat the note states: a present `repeat` hit in a clause
/// (a sentence up to its semicolons) that names the line's service at most
/// `REPEAT_REACH_WORDS` away ("Repeat arthrocentesis", "chest radiograph
/// obtained today at 05:42, which I also interpreted"); in a dictation run on
/// for a paragraph, "this morning" forty words from a service says nothing of it.
///
/// Not when another line of the claim is that service too: the note's "repeat"
/// then speaks of those lines, which are compared as lines; nor a time alone
/// ("same day") in one of `earlier_days`, the sentences telling an operation
/// of an earlier day.
fn repeat_in_note(
    note: &Note,
    hits: &[AssertedHit],
    lexicon: &Lexicon,
    code: &str,
    other_codes: &[&str],
    others: &OtherPhysicians<'_>,
    earlier_days: &[usize],
) -> Option<RepeatFact> {
    let repeat = hits.iter().filter(|h| h.category == Category::Repeat && h.assertion == Assertion::Present).find(|r| {
        if lexicon.triggers[r.trigger].single_line && !other_codes.is_empty() {
            return false;
        }
        let Some(si) = note.sentence_at(r.hit.start) else { return false };
        // "repaired same day" told of an operation of an earlier day.
        if lexicon.triggers[r.trigger].single_line && earlier_days.contains(&si) {
            return false;
        }
        let sent = note.sentences()[si];
        // One clause: "nowhere near anything touched this morning; it was
        // controlled with bipolar" does not say the cautery was repeated.
        let time_only = lexicon.triggers[r.trigger].single_line;
        if time_only && times_a_return(note, hits, r) {
            return false;
        }
        let same_clause = |h: &AssertedHit| {
            same_clause_within(note, gap(h, r), REPEAT_REACH_WORDS) && (!time_only || time_speaks_of(note, lexicon, h, r))
        };
        let in_clause: Vec<&AssertedHit> = hits
            .iter()
            .filter(|h| {
                h.category == Category::Service
                    && h.assertion != Assertion::Negated
                    && h.hit.start >= sent.start
                    && h.hit.end <= sent.end
                    && same_clause(h)
            })
            .collect();
        // "Repeat EGD with control of bleeding" beside a diagnostic EGD line:
        // the repeat is of that line's work.
        let names_another_line = |h: &&AssertedHit| other_codes.iter().any(|o| lexicon.triggers[h.trigger].covers(o));
        // The work the repeat phrase itself names is what was repeated:
        // "attempted repeat closed reduction, then flexible nailing" repeats
        // the reduction, not the nailing the clause goes on to.
        let own_object: Vec<&&AssertedHit> = in_clause.iter().filter(|h| h.hit.start >= r.hit.start && h.hit.end <= r.hit.end).collect();
        let repeats_other_work = !own_object.is_empty() && !own_object.iter().any(|h| lexicon.triggers[h.trigger].covers(code));
        let names_this_line = in_clause.iter().any(|h| lexicon.triggers[h.trigger].covers(code) && !names_another_line(h))
            || (in_clause.is_empty() && !time_only && names_the_work_bare(note, hits, lexicon, code, other_codes, (r.hit.end, sent.end)));
        !repeats_other_work && names_this_line && !in_clause.iter().any(names_another_line)
    })?;
    // Another physician's, where a practitioner word says so, or where a
    // sentence that tells of another physician's earlier work names this
    // line's work ("Dr. Feeney (Coastal Ortho) reduced it"): the repeat is of that.
    let names_this_work = |&(a, b): &(usize, usize)| {
        hits.iter().any(|h| {
            h.category == Category::Service && lexicon.triggers[h.trigger].covers(code) && h.hit.start < b && a < h.hit.end
        })
    };
    // The author's own word for the earlier work in the repeat's sentence ("I
    // reduced it closed in OR 6 this morning") settles whose it was, whatever
    // other physicians the note names elsewhere (the ED's failed attempt, the
    // outside group that did the arthroplasty).
    let repeat_sentence = note.sentence_at(repeat.hit.start);
    let in_repeat_sentence = |h: &AssertedHit| note.sentence_at(h.hit.start) == repeat_sentence;
    let own_in_sentence =
        hits.iter().any(|h| h.category == Category::PriorOwn && h.assertion == Assertion::Present && in_repeat_sentence(h));
    let said_here = |h: &AssertedHit| !own_in_sentence || in_repeat_sentence(h);
    let another = hits.iter().any(|h| {
        matches!(h.category, Category::DistinctPractitioner | Category::OtherPhysician) && h.assertion == Assertion::Present && said_here(h)
    }) || (!own_in_sentence && others.work.iter().any(names_this_work))
        || partner_told(note, hits)
        || by_another_service(note, lexicon, (repeat.hit.start, repeat.hit.end), others.own_specialty.as_deref());
    Some(RepeatFact {
        other_side: false,
        diagnoses_apart: false,
        places_apart: false,
        same_physician: !another,
        earlier: format!("a same-day repeat the note states ({})", lexicon.triggers[repeat.trigger].id),
    })
}

/// A same-day repeat of line `li`'s code `c`: an earlier line with this
/// code, a same-day history item with it, else a repeat the note states
/// (only where the history names nothing done earlier that day, and no work
/// of the same kind was done in the last `REPEAT_OF_EARLIER_DAYS`: "repeat
/// resection" five weeks after a resection repeats that one, nor where
/// `index`, the line's index, is the author's own work today under another
/// code of its kind).
#[allow(clippy::too_many_arguments)]
fn same_day_repeat(
    (c, region): (&str, Option<&str>),
    li: usize,
    side: Option<Side>,
    lines_input: &[crate::encounter::ProcedureLine],
    candidates: &[IndexProcedure],
    others: &OtherPhysicians<'_>,
    note: &Note,
    hits: &[AssertedHit],
    lexicon: &Lexicon,
    index: Option<&IndexProcedure>,
    earlier_days: &[usize],
) -> Option<RepeatFact> {
    let other_side = |l: &crate::encounter::ProcedureLine| {
        matches!((side, l.laterality.as_deref().and_then(Side::parse)), (Some(a), Some(b)) if a.differs(b))
    };
    // A code reported once per session on two lines is a duplicate, unless
    // the note says the work was repeated ("taken back ... for a repeat EGD").
    let repeat_told = || {
        hits.iter().any(|h| {
            (h.category == Category::Repeat && h.assertion == Assertion::Present)
                || (h.category == Category::Service && h.assertion == Assertion::Present && told_again(note, lexicon, (h.hit.start, h.hit.end)))
        })
    };
    let once_only = lexicon.is_single_unit(c) && !repeat_told();
    if let Some(j) = lines_input[..li].iter().position(|l| l.code.as_deref().map(str::trim) == Some(c)).filter(|_| !once_only) {
        let another = hits.iter().any(|h| h.category == Category::DistinctPractitioner && h.assertion == Assertion::Present);
        let earlier = &lines_input[j];
        return Some(RepeatFact {
            same_physician: !another,
            earlier: format!("line {}", j + 1),
            other_side: other_side(earlier),
            diagnoses_apart: one_disease_two_places(&lines_input[li].diagnoses, &earlier.diagnoses),
            places_apart: told_apart(hits),
        });
    }
    let same_day_history = |h: &IndexProcedure| h.days_after == Some(0) && matches!(h.source, IndexSource::History(_));
    // A same-day procedure the note tells of with this line's code is this
    // line's own work (the claim bills it once), not an earlier one; the
    // history lists earlier work on its own.
    if let Some((i, h)) = candidates.iter().find_map(|h| match h.source {
        IndexSource::History(i) if same_day_history(h) && h.code.as_deref() == Some(c) => Some((i, h)),
        _ => None,
    }) {
        // An item with no provider is another physician's where the note
        // tells of work done earlier today by one ("Dr. Amsel did an open
        // thrombectomy this morning").
        return Some(RepeatFact {
            same_physician: !h.other_individual && h.same_physician.unwrap_or(!others.told_today),
            earlier: format!("history[{i}]"),
            other_side: false,
            diagnoses_apart: false,
            places_apart: false,
        });
    }
    let recent_same_kind = |h: &IndexProcedure| {
        h.days_after.is_some_and(|d| d > 0 && d <= REPEAT_OF_EARLIER_DAYS)
            && h.code.as_deref().is_some_and(|e| same_kind(lexicon, (c, region), (e, h.region.as_deref())))
    };
    if candidates.iter().any(|h| same_day_history(h) || recent_same_kind(h)) {
        return None;
    }
    // The author names their own earlier work today as another code of this
    // kind ("I did his colonoscopy this AM ... took a 25 mm polyp with hot
    // snare", beside a colonoscopy to stop the bleeding): not this procedure
    // again. (Another physician's work is told more loosely: "a bedside LP
    // this morning" names no code exactly.)
    let another_code_today = index.is_some_and(|i| {
        matches!(i.source, IndexSource::Note(_))
            && (i.days_after == Some(0) || i.earlier_today)
            && i.code.as_deref().is_some_and(|e| e != c && same_kind(lexicon, (c, region), (e, i.region.as_deref())))
    });
    let other_codes: Vec<&str> =
        lines_input.iter().enumerate().filter(|&(j, _)| j != li).filter_map(|(_, l)| l.code.as_deref().map(str::trim)).collect();
    repeat_in_note(note, hits, lexicon, c, &other_codes, others, earlier_days).filter(|r| !(r.same_physician && another_code_today))
}

/// Earlier work the note gives to other physicians: whether it tells of such
/// work done today, and the sentences where it tells of such work at all.
struct OtherPhysicians<'a> {
    told_today: bool,
    work: &'a [(usize, usize)],
    /// The encounter's provider's specialty, folded, to tell another
    /// service named as the doer ("placed by thoracic surgery").
    own_specialty: Option<String>,
}

/// Whether two diagnosis lists each hold a code of one ICD-10 category the
/// other list lacks (compared without case, spaces, the dot or a
/// seventh-character letter): M65.331 and M65.341, or M25.461 (knee
/// effusion) and M25.411 (shoulder effusion) beside the fever and gout both
/// lines list. Only entries shaped like a code count (a letter, two digits:
/// "knee pain" is none).
fn one_disease_two_places(a: &[String], b: &[String]) -> bool {
    let (a, b) = (coded_diagnoses(a), coded_diagnoses(b));
    let sided = |list: &[&str]| list.iter().map(|d| icd_sided(d)).collect::<Vec<String>>();
    let (a_sided, b_sided) = (sided(&a), sided(&b));
    let only_a = a.iter().filter(|x| !b_sided.contains(&icd_sided(x)));
    only_a.into_iter().any(|x| b.iter().any(|y| icd_category(x) == icd_category(y) && !a_sided.contains(&icd_sided(y))))
}

/// The entries of a diagnosis list shaped like codes ([`icd_shaped`]).
fn coded_diagnoses(list: &[String]) -> Vec<&str> {
    list.iter().map(String::as_str).filter(|d| icd_shaped(d)).collect()
}

/// Whether text is shaped like an ICD-10-CM code: a letter, then two digits
/// (or a digit and a letter, as in M1A), after leading space.
fn icd_shaped(dx: &str) -> bool {
    let b = dx.trim().as_bytes();
    b.len() >= 3 && b[0].is_ascii_alphabetic() && b[1].is_ascii_digit() && b[2].is_ascii_alphanumeric()
}

/// Days back within which earlier work of the same kind is what a note's
/// "repeat" refers to (a stent placed a year ago is not).
const REPEAT_OF_EARLIER_DAYS: i64 = 90;

/// Whether two codes, each with its body region, are work of one kind:
/// equal, or both named by one service trigger (a resection of a bladder
/// tumour of any size); by an `any_kind` one ("scoped" names every
/// endoscopy) only in one region (a colonoscopy and a colonoscopic
/// polypectomy, not an EGD and a colonoscopy).
fn same_kind(lexicon: &Lexicon, (a, a_region): (&str, Option<&str>), (b, b_region): (&str, Option<&str>)) -> bool {
    let one_region = a_region.is_some() && a_region == b_region;
    a == b
        || lexicon
            .triggers
            .iter()
            .any(|t| t.category == Category::Service && (!t.any_kind || one_region) && t.covers(a) && t.covers(b))
}

/// Warns when a laterality is given but is not one the engine reads.
fn unknown_laterality(laterality: Option<&str>, what: &str, warnings: &mut Vec<String>) {
    if let Some(l) = laterality.map(str::trim).filter(|l| !l.is_empty()) {
        if Side::parse(l).is_none() {
            warnings.push(format!("{what}: laterality {l:?} is not left, right or bilateral; ignored"));
        }
    }
}

/// The procedure the note itself names: a known CPT code stated in the
/// procedure section, else the first procedure phrase there, else the first
/// one in the postoperative diagnosis.
fn note_procedure(note: &Note, matches: &Matches, lexicon: &Lexicon, tables: &CodeTables) -> Option<String> {
    // A known CPT code the procedure section names outright ("CPT 29881") beats
    // any procedure phrase.
    let named_code = matches
        .extractions
        .iter()
        .filter(|e| e.kind == PatternKind::Cpt && note.section_name_at_view(e.start) == "procedure")
        .filter_map(|e| e.field("code"))
        .map(|c| c.to_ascii_uppercase())
        .find(|c| tables.code(c).is_some());
    if let Some(code) = named_code {
        return Some(code);
    }
    let code_of = |h: &crate::matcher::Hit| match h.owner {
        Owner::Procedure(i) => lexicon.procedures[i].code.clone(),
        _ => None,
    };
    let in_section = |h: &&crate::matcher::Hit, name: &str| note.section_name_at_view(h.start) == name;
    matches
        .procedures
        .iter()
        .filter(|h| in_section(h, "procedure"))
        .find_map(code_of)
        .or_else(|| matches.procedures.iter().filter(|h| in_section(h, "postoperative_diagnosis")).find_map(code_of))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_are_numbers_in_mm_or_cm() {
        for text in ["a 4 mm aphthous ulceration", "15-mm polyp", "2.5cm nodule", "measuring 3 x 2 cm"] {
            assert!(gives_a_size(text), "{text}");
        }
        for text in ["advanced to the cecum", "mm of mercury", "the cm wide", "25 cmH2O"] {
            assert!(!gives_a_size(text), "{text}");
        }
    }

    #[test]
    fn a_date_after_a_sentence_that_opens_with_today_is_the_service_date() {
        for before in ["lactate normalized.\ntoday", "today", "closed.  today", "seen in clinic; today", "lactate normalized.,today"] {
            assert!(opens_sentence_with_today(before), "{before}");
        }
        for before in ["she was seen today", "yesterday", "not today", "labs sent today", "seen in clinic, today"] {
            assert!(!opens_sentence_with_today(before), "{before}");
        }
    }

    #[test]
    fn numbered_entries_open_with_a_number_not_a_clock() {
        for line in ["Issue 2: right shin plaque", "#2 R WRIST", "Lesion #3 - left cheek", "- Problem 1: scalp", "2) sigmoid polyp", "1. Right knee"] {
            assert!(numbered_entry(line), "{line}");
        }
        for line in ["Procedure: excision", "at 10:30 the polyp was snared", "Issue: scalp", "Seen 2026-03-01: scalp", "72 y/o farmer", "#2023 archive"] {
            assert!(!numbered_entry(line), "{line}");
        }
    }

    #[test]
    fn span_units_read_words_and_commonwealth_denominators() {
        assert_eq!(unit_days("weeks"), 7);
        assert_eq!(unit_days("52"), 7, "3/52 is three weeks");
        assert_eq!(unit_days("7"), 1, "6/7 is six days");
        assert_eq!(unit_days("12"), 30, "2/12 is two months");
        assert_eq!(unit_days("fortnight"), 14);
        assert_eq!(unit_days("yrs"), 365);
        assert_eq!(unit_days("child"), 3650);
        assert_eq!(unit_days("mos"), 30);
        assert_eq!(unit_days("d"), 1);
    }

    #[test]
    fn a_month_long_past_is_remote_and_a_recent_one_is_not() {
        use crate::lexicon::Lexicon;
        use crate::matcher::Matcher;
        use crate::note::NoteScheme;
        let lex = Lexicon::builtin().unwrap();
        let remote = |text: &str, dos: Option<Date>| {
            let note = Note::new(text, &NoteScheme::new(&lex)).unwrap();
            let found = Matcher::new(&lex).find(&note);
            // The dates that give a month (a year alone is `dates::remote_year`'s).
            let with_month = |e: &&crate::matcher::Extraction| e.kind == PatternKind::Date && written_month(e).is_some();
            found.extractions.iter().filter(with_month).any(|e| remote_date(e, dos))
        };
        let dos = Some(jiff::civil::date(2026, 11, 10));
        assert!(remote("PSH: lap chole w/ me 9/2024.", dos), "two years back");
        assert!(remote("ORIF R ankle in March of 2026.", dos), "March ended 224 days back");
        assert!(!remote("ORIF R ankle in September 2026.", dos), "September ended 40 days back: a 090 global may still run");
        assert!(!remote("lap chole w/ me 9/2024.", None), "no date of service, nothing to compare");
        assert!(!remote("lap chole 9/12/2024.", dos), "a whole date is counted, not judged remote");
    }

    #[test]
    fn window_edges() {
        assert_eq!(window_status(GlobalDays::D090, 90), WindowStatus::Within);
        assert_eq!(window_status(GlobalDays::D090, 91), WindowStatus::Outside);
        assert_eq!(window_status(GlobalDays::D010, 10), WindowStatus::Within);
        assert_eq!(window_status(GlobalDays::D010, 11), WindowStatus::Outside);
        assert_eq!(window_status(GlobalDays::D000, 0), WindowStatus::SameDay);
        assert_eq!(window_status(GlobalDays::D000, 1), WindowStatus::Outside);
        assert_eq!(window_status(GlobalDays::Xxx, 5), WindowStatus::NotApplicable);
        assert_eq!(window_status(GlobalDays::Yyy, 5), WindowStatus::Unknown);
    }

    #[test]
    fn icd_chapters_split_shared_letters() {
        assert_eq!(icd_chapter("D12.5"), icd_chapter("C18.7"), "neoplasms run C00-D49");
        assert_ne!(icd_chapter("D62"), icd_chapter("D12.5"), "blood is D50-D89");
        assert_ne!(icd_chapter("H25.11"), icd_chapter("H66.91"), "eye H00-H59, ear H60-H95");
        assert_eq!(icd_chapter("S52.501A"), icd_chapter("T84.84XA"));
        assert_eq!(icd_chapter("?"), None);
        let dx = |l: &[&str]| l.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(other_chapter(&dx(&["C50.412"]), &dx(&["D05.12"])), Some(false));
        assert_eq!(other_chapter(&dx(&["Z30.2"]), &dx(&["N87.1"])), Some(true));
    }

    #[test]
    fn inline_list_items_end_a_clause() {
        assert!(opens_inline_item(" s/p polypectomy 2) duodenal"));
        assert!(opens_inline_item(" removed b) biopsy"));
        assert!(!opens_inline_item(" (see note)"));
        assert!(!opens_inline_item(" (grade 2) and"));
        assert!(!opens_inline_item(" x2) "));
        // A parenthesis closed earlier does not hide a later item.
        assert!(opens_inline_item(" (grade 2) lesion 2) biopsy"));
    }

    #[test]
    fn injury_codes_name_their_body_region() {
        let dx = |l: &[&str]| l.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert!(injury_apart(&dx(&["S01.01XA"]), &dx(&["S51.812A"])), "scalp beside forearm");
        assert!(injury_apart(&dx(&["S61.412A"]), &dx(&["L72.0"])), "a laceration beside a cyst");
        assert!(!injury_apart(&dx(&["S51.812A"]), &dx(&["S52.501A", "S01.01XA"])), "one shared region");
        assert!(!injury_apart(&dx(&["L03.113"]), &dx(&["S51.812A"])), "no injury on the column-2 line");
        assert!(!injury_apart(&dx(&["S81.811A"]), &dx(&["S81.812A"])), "both lower legs");
        assert!(!injury_apart(&dx(&["S81.811A"]), &[]), "nothing known of the column-1 line");
    }

    #[test]
    fn a_numbered_procedure_line_writes_the_wounds_label_again() {
        let keys = |w: &[(&str, &str)]| w.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect::<Vec<_>>();
        assert_eq!(entry_keys("proc 1 - wound #1: excisional debridement"), keys(&[("proc", "1"), ("wound", "1")]));
        assert_eq!(entry_keys("procedure 2: ulcer #2 - selective debridement"), keys(&[("procedure", "2"), ("ulcer", "2")]));
        assert_eq!(entry_keys("wound #2 - r lateral malleolus"), keys(&[("wound", "2")]));
        assert_eq!(entry_keys("proc 1 - debrided 2 wounds"), keys(&[("proc", "1")]));
        assert!(entry_keys("left knee injected").is_empty());
    }

    #[test]
    fn entry_keys_are_numbered_labels_not_decimals_or_times() {
        let key = |w: &str, n: &str| Some((w.to_string(), n.to_string()));
        assert_eq!(entry_key("wound #2: r plantar heel"), key("wound", "2"));
        assert_eq!(entry_key("wound #2 procedure: selective debridement"), key("wound", "2"));
        assert_eq!(entry_key("- lesion 3 - left temple"), key("lesion", "3"));
        assert_eq!(entry_key("ulcer 1.5 x 2 cm l heel"), None);
        assert_eq!(entry_key("seen 10:15: r knee"), None);
        assert_eq!(entry_key("left knee injected"), None);
        assert_eq!(entry_key("ulcer a: coccyx, stage 3"), key("ulcer", "a"));
        assert_eq!(entry_key("- ulcer b treatment: selective debridement"), key("ulcer", "b"));
        assert_eq!(entry_key("wound a - lower midline abdomen"), key("wound", "a"));
        assert_eq!(entry_key("2) wound a: negative pressure therapy"), key("wound", "a"));
        assert_eq!(entry_key("wound a little red at the edge"), None);
        assert_eq!(entry_key("vitamin d 2000 iu daily"), None);
    }

    #[test]
    fn one_disease_at_two_places_needs_codes_of_one_category() {
        let list = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert!(one_disease_two_places(&list(&["M65.331"]), &list(&["M65.341"])));
        // One injury at two encounters' extensions is one place.
        assert!(!one_disease_two_places(&list(&["S52.501A"]), &list(&["S52.501D"])));
        // Other categories (a second ECG for a new problem) and free text.
        assert!(!one_disease_two_places(&list(&["R07.9"]), &list(&["I24.9"])));
        assert!(!one_disease_two_places(&list(&["knee pain"]), &list(&["knee effusion"])));
    }

    #[test]
    fn diagnoses_name_sites_from_the_lexicon() {
        let lexicon = &Lexicon::builtin().unwrap();
        let dx = |l: &[&str]| l.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert!(diagnoses_apart(lexicon, &dx(&["M19.031"]), &dx(&["M17.11"])), "wrist beside knee");
        assert!(diagnoses_apart(lexicon, &dx(&["M54.12"]), &dx(&["M99.03", "M54.50"])), "neck beside low back");
        assert!(!diagnoses_apart(lexicon, &dx(&["M54.16"]), &dx(&["M99.03", "M99.01"])), "one shared region");
        assert!(!diagnoses_apart(lexicon, &dx(&["M79.18"]), &dx(&["M17.11"])), "myalgia names no site");
        assert!(!diagnoses_apart(lexicon, &dx(&["M17.11"]), &dx(&["M23.221"])), "both the knee");
    }

    #[test]
    fn laterality_characters_count_only_between_sides() {
        let dx = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let (right_knee, left_knee) = (dx(&["M17.11"]), dx(&["M17.12"]));
        let lex = Lexicon::builtin().unwrap();
        // Same side: the category decides ("M17.1" either way), the encounter
        // extension never counts.
        assert_eq!(diagnoses_overlap(&right_knee, &left_knee, false, &lex), Some(true));
        assert_eq!(diagnoses_overlap(&dx(&["S52.501A"]), &dx(&["S52.501D"]), true, &lex), Some(true));
        // Other side: codes that differ only in laterality say nothing more.
        assert_eq!(diagnoses_overlap(&right_knee, &left_knee, true, &lex), None);
        assert_eq!(diagnoses_overlap(&right_knee, &dx(&["M17.11"]), true, &lex), Some(true));
        assert_eq!(diagnoses_overlap(&right_knee, &dx(&["S83.242A"]), true, &lex), Some(false));
        assert_eq!(diagnoses_overlap(&dx(&["E11.3591"]), &dx(&["E11.3592"]), true, &lex), None);
        assert_eq!(diagnoses_overlap(&right_knee, &[], true, &lex), None);
        // Spinal codes of one category at different levels are different diagnoses.
        assert_eq!(diagnoses_overlap(&dx(&["M48.54XA"]), &dx(&["M48.56XA"]), false, &lex), Some(false));
        assert_eq!(diagnoses_overlap(&dx(&["M48.061"]), &dx(&["M48.062"]), false, &lex), Some(true));
    }

    #[test]
    fn same_physician_rules() {
        let p = |id: &str, g: &str, s: &str| Provider {
            id: Some(id.into()),
            group: Some(g.into()),
            specialty: Some(s.into()),
        };
        assert_eq!(same_physician(Some(&p("1", "a", "ortho")), Some(&p("1", "b", "gs"))), Some(true));
        assert_eq!(same_physician(Some(&p("1", "a", "ortho")), Some(&p("2", "a", "ortho"))), Some(true));
        assert_eq!(same_physician(Some(&p("1", "a", "ortho")), Some(&p("2", "a", "gs"))), Some(false));
        assert_eq!(same_physician(Some(&p("1", "a", "ortho")), Some(&p("2", "b", "ortho"))), Some(false));
        assert_eq!(same_physician(None, Some(&p("2", "b", "ortho"))), None);
    }

    #[test]
    fn window_end_is_index_plus_days() {
        let d = Date::new(2026, 1, 10).unwrap();
        assert_eq!(window_end(GlobalDays::D090, d), Date::new(2026, 4, 10).ok());
    }

    #[test]
    fn a_clock_time_after_a_date_is_no_label_word_but_a_year_is_kept() {
        assert_eq!(super::strip_clock_time("0215 ct surg", false), " ct surg");
        assert_eq!(super::strip_clock_time("14:32 pm, op note", false), ", op note");
        assert_eq!(super::strip_clock_time("2026 | plastics", false), "2026 | plastics");
        assert_eq!(super::strip_clock_time("12345", false), "12345");
        // "12/02/2025 2140": after a written year, an evening time.
        assert_eq!(super::strip_clock_time("2140", true), "");
    }
}
