//! Ranking: turns asserted hits and encounter facts into scored suggestions for
//! every candidate modifier on every line, and picks what to recommend.
//!
//! The model (weights in `lexicons/scoring.toml`):
//!
//! ```text
//! evidence(m) = Σ weight of present triggers supporting m
//!             − oppose_factor × Σ weight of present triggers opposing m
//!             + fact weights for m (side, region, diagnosis, pair sides, repeats)
//! score(m)    = gate(m) × (1 − e^(−gain × max(0, evidence(m))))
//! ```
//!
//! A trigger seen `n` times counts `weight × min(1 + repeat_hit_factor × (n−1), 1.5)`.
//! Only `present` hits count: negated, hypothetical, historical and conditional
//! ones are never evidence. The gates carry the coding rules: 58/78/79 need an
//! index procedure whose global period is active and binds this physician (gate
//! 1, or `text_only_gate` when the index comes from the note); 78 also needs an
//! operating or procedure room (bedside/office: 0; unknown: `unknown_setting_gate`); 59/X{EPSU} need
//! the line to be column 2 of an NCCI pair with modifier indicator 1; 76/77 need
//! the same code twice the same day. A line gets at most one modifier per family
//! (58/78/79; 59/X{EPSU}; 76/77): the best, if it reaches `threshold`. Add-on
//! (ZZZ) lines take their primary line's 58/78/79 result. A line bundled into
//! another line of the claim, with no 59/X{EPSU} recommended, is not
//! separately payable and takes no 58/78/79.

use crate::assertion::AssertedHit;
use crate::codes::ModifierIndicator;
use crate::facts::{EncounterFacts, IndexSource, LineFacts, PairFact, Setting, WindowStatus};
use crate::lexicon::{Lexicon, Scoring, Trigger};
use crate::model::{Assertion, Category, Family, GlobalDays, Modifier};
use crate::note::Note;
use crate::result::{Evidence, GlobalPeriod, LineResult, Review, Suggestion};
use std::collections::BTreeMap;

/// Text evidence for and against each modifier, summed over present hits.
#[derive(Debug, Default)]
struct TextEvidence {
    support: BTreeMap<Modifier, f64>,
    oppose: BTreeMap<Modifier, f64>,
    /// Present hits that support (true) or oppose (false) each modifier.
    hits: BTreeMap<Modifier, Vec<(usize, bool)>>,
}

/// How much each present hit counts on one line once the note's evidence is
/// weighed against itself: which condition is which.
///
/// - A staged plan stated at the index (planned second stage, "we'd be back
///   for the definitive amputation") explains the infection or hematoma that
///   the index surgery treated: unless the note says the return was
///   unplanned, complication words then neither support 78 nor oppose 58;
///   and a line on the other side is the plan's next stage, so the other
///   side is no fact for 79.
/// - A complication of the index surgery sits at its site: on a line on
///   another side or body region, or where the note states outright that the
///   problem is unrelated (an `unrelated` hit as strong as
///   `unrelated_explains_complications`), complication words count
///   `other_site_complication` as much.
/// - Where the note never speaks of the index (no prior-procedure words, its
///   statement not found) and the line's diagnoses are of another ICD-10
///   chapter than the index's and no complication code, complication words
///   describe the line's own problem: they count `unlinked_complication`.
/// - On a line with the index's own (non-complication) diagnosis, complication
///   words name the disease the index treated: they count `indication_complication` as much,
///   except words of a failure of the index's own work (`index_failure`
///   triggers: "the graft did not take"), which no index treats, and except
///   where that diagnosis is one no complication word describes
///   (`quiet_dx_prefixes`: osteoarthritis carried onto a washout's line).
///   So do new-problem words at the index's site ("fell off a ladder" told of
///   the fracture the frame was put on for), and neither opposes 58.
/// - Therapy-after-diagnostic words do not count on a line whose code is
///   itself diagnostic (`diagnostic_codes`): "status post punch biopsy" on a
///   biopsy line names today's biopsy.
/// - A problem called unrelated belongs to the line elsewhere (away from the
///   index's site, or at no known site with other diagnoses) when the claim
///   has one: on a line at the index's site (same body
///   region, not the other side), `unrelated` words count
///   `unrelated_at_index_site` as much (the expander exchange beside "a mole
///   on her back ... not related to her cancer"); and plan words belong to
///   the line at the index's site, so on the line elsewhere they count
///   `other_region_plan` as much.
/// - A plan, a wider procedure or therapy after a diagnostic one continues the
///   index at its site: on a line in another body region, such words (often the
///   current procedure's own plan: "the planned procedure was performed") count
///   `other_region_plan` as much.
/// - A return that came before the plan's time (an `overrides_plan` trigger:
///   "brought back early") was not the plan: staged, more-extensive and
///   therapy-after-diagnostic words count for nothing.
/// - A complication and a return to the operating room sit at the index's
///   site: on a line away from it (another side or region) beside a line at
///   it, complication, return and unplanned words count
///   `return_words_away_from_index` as much.
#[derive(Debug, Clone, Copy)]
struct Weighing {
    complication: f64,
    plan_words: f64,
    /// How much therapy-after-diagnostic words count: none on a line that is
    /// itself a diagnostic procedure (a biopsy is not the therapy).
    therapy_words: f64,
    /// Complication words name the disease the index treated: they still
    /// count (weakly) for 78 but are no evidence against 58.
    indication: bool,
    /// Complication words were set aside because a staged plan explains them.
    explained_by_plan: bool,
    /// A staged plan is stated (an unplanned return is not): the other side
    /// is then the plan's second stage, not a sign of a new problem.
    plan: bool,
    /// The line's complication diagnosis is the one the index carried, and a
    /// plan explains the return: that diagnosis is no evidence for 78.
    carried: bool,
    /// A wider procedure is stated (a completion thyroidectomy) and the note
    /// does not call the problem unrelated: the other side is then what
    /// completes the index, not a new problem.
    sequel: bool,
    /// How much `unrelated` words count: less on a line at the index's site
    /// when another line of the claim is away from it, or when the line has
    /// the index's own diagnosis.
    unrelated_words: f64,
    /// The line has the index's own (non-complication) diagnosis at its site:
    /// new-problem words are no evidence against 58.
    own_diagnosis: bool,
    /// How much complication, return and unplanned words count: less on a
    /// line away from the index's site beside a line at it (they are that
    /// line's).
    return_words: f64,
    /// Another line of the claim is at the index's site and this one is
    /// elsewhere: the plan or the wider procedure the note states is that
    /// line's, not this one's (a margin re-excision beside a new lesion in
    /// the other breast).
    plan_is_anothers: bool,
    /// The line completes a course whose first step failed on its own (a
    /// closed reduction that slipped, then fixed open): the note's words
    /// for the first step's failure tell why the course went on, not of a
    /// complication.
    failure_on_course: bool,
}

/// Where the claim's other lines stand against their index's site.
#[derive(Debug, Clone, Copy)]
struct OtherLines {
    /// Another line is elsewhere (see [`elsewhere`]).
    elsewhere: bool,
    /// Another line is at its index's site.
    at_index_site: bool,
    /// Another line goes on with its index's own course: it completes it, or
    /// treats the index's own (non-complication) diagnosis.
    on_course: bool,
}

impl OtherLines {
    /// The other lines that take global modifiers at all: a test or a drug
    /// beside the line (`XXX`) is no line elsewhere.
    fn of(lines: &[LineFacts], i: usize) -> OtherLines {
        let others = || lines.iter().enumerate().filter(move |(j, l)| *j != i && l.global != Some(GlobalDays::Xxx)).map(|(_, l)| l);
        let on_course = |l: &LineFacts| l.completes_course.is_some() || (l.treats_index_diagnosis() && !l.complication_diagnosis);
        OtherLines { elsewhere: others().any(elsewhere), at_index_site: others().any(at_index_site), on_course: others().any(on_course) }
    }
}

/// Whether a line is away from its index's site (the other side, or another
/// body region).
fn away_from_index(line: &LineFacts) -> bool {
    line.other_side == Some(true) || line.other_region == Some(true)
}

/// Whether a line treats something else than its index did, elsewhere: away
/// from the index's site, or at no known site (skin anywhere) with other
/// diagnoses.
fn elsewhere(line: &LineFacts) -> bool {
    away_from_index(line) || (!at_index_site(line) && line.same_diagnosis == Some(false))
}

/// Whether a line is at its index's site: same body region, not the other
/// side; or, where the index's region is not known (an operation told by its
/// verb alone: "I pinned the R 5th MC") or the line's work has none (the
/// skin: an incision drained), on the index's own side.
fn at_index_site(line: &LineFacts) -> bool {
    match line.other_region {
        Some(other) => !other && line.other_side != Some(true),
        None => {
            line.other_side == Some(false)
                && (line.region.is_none() || line.period.index.as_ref().is_some_and(|i| i.code.is_none()))
        }
    }
}

/// Whether the line's diagnosis is a complication of care the index did not
/// carry, of no other earlier operation, on a line that does not complete the
/// index's course (a fasciotomy's wound grafted carries its compartment
/// syndrome): the code says this problem came of the index.
fn new_complication_of_care(line: &LineFacts) -> bool {
    line.complication_of_care() && line.completes_course.is_none()
}

fn weighing(hits: &[AssertedHit], lexicon: &Lexicon, line: &LineFacts, others: OtherLines) -> Weighing {
    let present = |c: Category| hits.iter().any(|h| h.assertion == Assertion::Present && h.category == c);
    // The weight of the strongest present hit of a category.
    let strongest = |c: Category| {
        hits.iter().filter(|h| h.assertion == Assertion::Present && h.category == c).map(|h| lexicon.triggers[h.trigger].weight).fold(0.0, f64::max)
    };
    // The index already carried the line's complication of care (an
    // infected arthroplasty explanted with a spacer) and the note speaks of
    // a plan at all ("reimplantation"): the return is that plan's next step,
    // and the complication is what the index treated.
    let carried = line.treats_index_complication && present(Category::Staged);
    // The index's own operation done again at its site, and the note speaks of
    // it as one of a series ("another exploration and washout", "the third
    // procedure for this"): the abscess it drains is what the index drained.
    let redone = line.code.is_some()
        && line.period.index.as_ref().is_some_and(|i| i.code == line.code)
        && line.other_side != Some(true)
        && !line.complication_diagnosis
        && present(Category::Staged);
    let plan = (strongest(Category::Staged) >= lexicon.scoring.plan_explains_complications || carried || redone)
        && !present(Category::Unplanned);
    // The return came before the plan's time ("we had planned a second look
    // at 48 hours, but he was brought back early"): the plan is not what
    // happened.
    let plan_overridden =
        hits.iter().any(|h| h.assertion == Assertion::Present && lexicon.triggers[h.trigger].overrides_plan);

    // The note says in so many words that the problem is unrelated to the
    // index ("Bartholin abscess. Unrelated to the hysterectomy."): its
    // complication words name that new problem, as at another site.
    // A line with the index's own diagnosis at its site is no new problem:
    // new-problem words there ("fell off a ladder") tell how the index's
    // condition began, like complication words that name its indication.
    let own_diagnosis = line.treats_index_diagnosis() && !away_from_index(line);
    let new_complication = new_complication_of_care(line);
    let unrelated_words = if others.elsewhere && at_index_site(line) {
        lexicon.scoring.unrelated_at_index_site
    } else if own_diagnosis {
        lexicon.scoring.indication_complication
    } else if new_complication && at_index_site(line) {
        lexicon.scoring.unrelated_beside_complication_code
    } else {
        1.0
    };
    let declared_unrelated =
        unrelated_words * strongest(Category::Unrelated) >= lexicon.scoring.unrelated_explains_complications;
    // A wider procedure said in so many words ("completion thyroidectomy"),
    // and no word that the problem is new.
    let sequel = strongest(Category::MoreExtensive) >= lexicon.scoring.sequel_explains_other_side && !declared_unrelated;
    // The note never speaks of the index, and the line's problem is of
    // another kind (another ICD-10 chapter, not a complication code): its
    // infection or bleeding words describe that problem ("infected sebaceous
    // cyst" weeks after a cholecystectomy), as at another site.
    let unlinked = !line.index_in_note && line.other_chapter == Some(true) && !line.complication_diagnosis;
    let other_site = away_from_index(line) || declared_unrelated;
    // A complication and a return sit at the index's site: beside a line
    // there, a line away from it (the other, unoperated knee injected) is
    // not what they tell of.
    let return_words =
        if others.at_index_site && away_from_index(line) { lexicon.scoring.return_words_away_from_index } else { 1.0 };
    // A line whose diagnosis is a new complication of care, beside a line
    // that goes on with its index's course (a tibia nailed after its frame,
    // beside a thigh hematoma washed out): the plan is that line's, and
    // explains none of this line's complication words.
    let plan_of_a_line_on_course = others.on_course && new_complication;
    // Nothing else explains them and the line has the index's own
    // (non-complication) diagnosis: the infection or abscess the note speaks
    // of is what the index surgery treated.
    // A diagnosis no complication word describes (a worn knee carried onto
    // the washout's line) leaves those words to a complication.
    let indication = !plan && !other_site && !unlinked && line.treats_index_diagnosis() && !line.quiet_shared_diagnosis;
    // Nor does a plan explain the words of a line whose own diagnosis is a
    // new complication of care: the code says the return came of the index
    // ("brought her back to the OR this afternoon to close it", a leaking
    // cataract wound).
    let complication = if plan && !plan_of_a_line_on_course && !new_complication {
        0.0
    } else if unlinked {
        lexicon.scoring.unlinked_complication
    } else if other_site {
        lexicon.scoring.other_site_complication
    } else if indication {
        lexicon.scoring.indication_complication
    } else {
        1.0
    };
    // Plan words speak of the index's site: a line in another region, or a
    // line elsewhere beside one at the index's site, is not the plan's; nor
    // is a new complication's beside a line on its index's course.
    let plan_is_anothers = (others.at_index_site && elsewhere(line)) || plan_of_a_line_on_course;
    let plan_elsewhere = line.other_region == Some(true) || plan_is_anothers;
    let plan_words = if plan_overridden {
        0.0
    } else if line.diagnosis_of_another_prior {
        // The plan is that other operation's course.
        lexicon.scoring.plan_of_another_course
    } else if plan_elsewhere {
        lexicon.scoring.other_region_plan
    } else {
        1.0
    };
    // Treatment after a diagnosis speaks for 58 only when the index could
    // have made it: the index was a diagnostic procedure, the line's disease
    // is of the index's ICD-10 chapter (a margin after an excision), or the
    // index was done for a finding (a cone for an abnormal smear), or the note
    // dates the pathology to the index's day ("path from 10/6"). "Biopsy-proven
    // carcinoma" on day 90 of a cholecystectomy names someone else's biopsy.
    let line_is_diagnostic = line.code.as_deref().is_some_and(|c| lexicon.is_diagnostic(c));
    // So does a disease of another category, not known to be of the index's
    // body region (a cheek's skin cancer during a breast reconstruction's
    // global).
    let elsewhere = line.other_chapter == Some(true) || (line.same_diagnosis == Some(false) && line.other_region != Some(false));
    let diagnosed_elsewhere = line.index_diagnostic == Some(false) && elsewhere && !line.index_for_finding && !line.index_pathology;
    Weighing {
        complication,
        plan_words,
        therapy_words: if line_is_diagnostic || diagnosed_elsewhere { 0.0 } else { plan_words },
        indication,
        explained_by_plan: plan && !new_complication && (present(Category::Complication) || carried),
        plan,
        carried: carried && plan,
        sequel,
        unrelated_words,
        own_diagnosis,
        return_words,
        plan_is_anothers,
        failure_on_course: line.completes_course.as_ref().is_some_and(|c| c.after_failure),
    }
}

impl Weighing {
    /// How much a present hit of this category counts.
    fn factor(&self, category: Category) -> f64 {
        match category {
            Category::Complication => self.complication * self.return_words,
            Category::ReturnToOr | Category::Unplanned => self.return_words,
            Category::Staged | Category::MoreExtensive => self.plan_words,
            Category::TherapeuticAfterDiagnostic => self.therapy_words,
            Category::Unrelated => self.unrelated_words,
            _ => 1.0,
        }
    }

    /// Whether a present hit of this trigger counts against `m`.
    fn opposes(&self, trigger: &Trigger, m: Modifier) -> bool {
        let names_the_indication = match trigger.category {
            Category::Complication => self.indication && !trigger.index_failure,
            Category::Unrelated => self.own_diagnosis,
            _ => false,
        };
        !(names_the_indication && m == Modifier::M58)
    }
}

/// The categories of words that speak for or against 58/78/79.
const GLOBAL_FAMILY_WORDS: [Category; 7] = [
    Category::Complication,
    Category::ReturnToOr,
    Category::Unplanned,
    Category::Unrelated,
    Category::Staged,
    Category::MoreExtensive,
    Category::TherapeuticAfterDiagnostic,
];

/// Whether a repeat phrase names, within its own words, only work that is
/// not the line's code ("second injection" beside a trigger-finger release).
fn repeats_other_work(hits: &[AssertedHit], lexicon: &Lexicon, repeat: &AssertedHit, code: Option<&str>) -> bool {
    let Some(code) = code else { return false };
    let mut named = hits
        .iter()
        .filter(|h| h.category == Category::Service && h.hit.start >= repeat.hit.start && h.hit.end <= repeat.hit.end)
        .peekable();
    named.peek().is_some() && !named.any(|h| lexicon.triggers[h.trigger].covers(code))
}

fn text_evidence(hits: &[AssertedHit], lexicon: &Lexicon, weighing: Weighing, line: &LineFacts, claim_lines: usize) -> TextEvidence {
    // Complication and new-problem words in the note's statement of why the
    // index was done ("my resection for an incarcerated hernia") are its
    // indication: they count for nothing.
    // A failure of the index's own work ("the graft did not take") is never
    // the disease the index treated.
    let factor = |h: &AssertedHit| match h.category {
        // "This morning" tells a repeat only on a claim of one line: on a
        // claim of more, the morning's work is another line's.
        _ if lexicon.triggers[h.trigger].single_line && claim_lines > 1 => 0.0,
        Category::Complication | Category::Unrelated if line.in_index_indication((h.hit.start, h.hit.end)) => 0.0,
        // Said of another earlier operation ("a nasal endoscopy in March, unrelated").
        Category::Complication | Category::Unrelated if line.told_of_another((h.hit.start, h.hit.end)) => 0.0,
        Category::Complication if weighing.failure_on_course && lexicon.triggers[h.trigger].index_failure => 0.0,
        Category::Complication if weighing.indication && lexicon.triggers[h.trigger].index_failure => 1.0,
        // Said of another line's work ("NEW issue: R dorsal forearm ..." on
        // the left leg's graft line).
        c if GLOBAL_FAMILY_WORDS.contains(&c) && line.told_of_another_line((h.hit.start, h.hit.end)) => {
            weighing.factor(c) * lexicon.scoring.other_line_words
        }
        // "I did a suction D&C that evening" told of the index's own day.
        Category::DistinctSession if line.told_of_the_index_day((h.hit.start, h.hit.end)) => 0.0,
        // "her second injection" on a tendon release's line: the repeat
        // names work the line is not.
        Category::Repeat if repeats_other_work(hits, lexicon, h, line.code.as_deref()) => 0.0,
        // "inguinal hernia repair through a separate groin incision" on the
        // umbilical hernia's line.
        // "L forearm SCC: a separate lesion ..." on the right nose's
        // excision line, which its own flap covers.
        Category::DistinctSite
            if line.told_of_another_service((h.hit.start, h.hit.end)) || line.told_of_an_unpaired_line((h.hit.start, h.hit.end)) =>
        {
            lexicon.scoring.other_line_words
        }
        c => weighing.factor(c),
    };
    let counted = |h: &&AssertedHit| h.assertion == Assertion::Present && factor(h) > 0.0;
    let mut counts: BTreeMap<usize, (usize, f64)> = BTreeMap::new();
    for h in hits.iter().filter(counted) {
        let e = counts.entry(h.trigger).or_insert((0, 0.0));
        e.0 += 1;
        e.1 = e.1.max(factor(h));
    }
    let f = lexicon.scoring.repeat_hit_factor;
    let mut ev = TextEvidence::default();
    for (&ti, &(n, k)) in &counts {
        let t = &lexicon.triggers[ti];
        let w = k * t.weight * (1.0 + f * (n as f64 - 1.0)).min(1.5);
        for &m in &t.supports {
            *ev.support.entry(m).or_default() += w;
        }
        for &m in t.opposes.iter().filter(|&&m| weighing.opposes(t, m)) {
            *ev.oppose.entry(m).or_default() += w;
        }
    }
    for (hi, h) in hits.iter().enumerate().filter(|(_, h)| counted(h)) {
        let t = &lexicon.triggers[h.trigger];
        for &m in &t.supports {
            ev.hits.entry(m).or_default().push((hi, true));
        }
        for &m in t.opposes.iter().filter(|&&m| weighing.opposes(t, m)) {
            ev.hits.entry(m).or_default().push((hi, false));
        }
    }
    ev
}

/// The X{EPSU} subset a pair's clock times support, how much, the words that
/// say so and the times cited.
struct Timed {
    modifier: Modifier,
    bonus: f64,
    says: &'static str,
    evidence: Vec<Evidence>,
}

fn category_phrase(c: Category) -> &'static str {
    match c {
        Category::Staged => "staged or planned intent documented",
        Category::MoreExtensive => "a more extensive procedure documented",
        Category::TherapeuticAfterDiagnostic => "therapy following a diagnostic procedure documented",
        Category::Complication => "a complication documented",
        Category::ReturnToOr => "a return to the operating room documented",
        Category::Unplanned => "the return said to be unplanned",
        Category::Unrelated => "a new, unrelated problem documented",
        Category::DistinctSite => "a separate site, lesion or structure documented",
        Category::DistinctSession => "a separate session the same day documented",
        Category::DistinctPractitioner => "a different practitioner documented",
        Category::DistinctNonoverlap => "an unusual, non-overlapping service documented (separately timed, or a diagnostic service that decided the other)",
        Category::Repeat => "a repeat of the procedure documented",
        Category::SettingOr => "an operating or procedure room documented",
        Category::SettingBedside => "a bedside or office setting documented",
        Category::PriorProcedure => "a prior procedure stated",
        Category::OtherPhysician => "the earlier procedure was by another physician",
        Category::PriorOwn => "the author's own earlier procedure stated",
        Category::Service => "the service named",
        Category::Site => "an anatomic site named",
    }
}

/// Sections that state the line's problem, most specific first.
const STATED_DIAGNOSIS_SECTIONS: [&str; 3] = ["postoperative_diagnosis", "preoperative_diagnosis", "diagnosis"];
/// Sections that name the operation.
const STATED_PROCEDURE_SECTIONS: [&str; 1] = ["procedure"];
/// Longest statement cited from a section's opening.
const STATED_MAX_BYTES: usize = 200;

/// Everything the ranker reads.
pub struct RankInput<'a> {
    /// The note.
    pub note: &'a Note,
    /// Asserted trigger hits.
    pub hits: &'a [AssertedHit],
    /// Encounter facts.
    pub facts: &'a EncounterFacts,
    /// The lexicon (weights, rule ids).
    pub lexicon: &'a Lexicon,
}

impl RankInput<'_> {
    fn evidence_of(&self, hit_index: usize, effect: &'static str) -> Evidence {
        let h = &self.hits[hit_index];
        Evidence {
            span: self.note.span(h.hit.start, h.hit.end),
            rule: self.lexicon.triggers[h.trigger].id.clone(),
            section: self.note.sections()[h.section].name.clone(),
            assertion: h.assertion,
            effect,
        }
    }

    fn view_evidence(&self, start: usize, end: usize, rule: &str) -> Evidence {
        let span = self.note.span(start, end);
        let section = self.note.sections()[self.note.section_at(span.start)].name.clone();
        Evidence { span, rule: rule.to_string(), section, assertion: Assertion::Present, effect: "context" }
    }

    /// Where the note states the problem and the operation, cited as context
    /// for 58, 78 and 79 inside a global (a reviewer checks that the problem
    /// is the plan's, the complication's, or a new one): the opening
    /// sentence of the diagnosis section (postoperative, else preoperative,
    /// else a plain diagnosis section; one saying only "Same." is passed over)
    /// and of the procedure section, without the header.
    fn stated_problem(&self) -> Vec<Evidence> {
        [(&STATED_DIAGNOSIS_SECTIONS[..], "line.diagnosis_stated"), (&STATED_PROCEDURE_SECTIONS[..], "line.procedure_stated")]
            .into_iter()
            .filter_map(|(names, rule)| {
                let (s, e) = names.iter().find_map(|n| self.section_opening(n))?;
                Some(self.view_evidence(s, e, rule))
            })
            .collect()
    }

    /// The view range of a section's opening sentence after its header, when
    /// it says more than one word (at most [`STATED_MAX_BYTES`], cut at a space).
    fn section_opening(&self, name: &str) -> Option<(usize, usize)> {
        let sections = self.note.sections();
        let si = sections.iter().position(|s| s.name == name)?;
        let body = self.note.view_offset(sections[si].header.1);
        let sentence = self.note.sentences().iter().find(|s| s.section == si && s.end > body)?;
        let view = self.note.view();
        let start = sentence.start.max(body);
        let text = &view[start..sentence.end];
        let opened = text.trim_start_matches(|c: char| c == ':' || c == ',' || c == '-' || c.is_whitespace());
        let start = start + (text.len() - opened.len());
        let mut said = opened.trim_end_matches(|c: char| c == ',' || c.is_whitespace());
        if said.len() > STATED_MAX_BYTES {
            let mut limit = STATED_MAX_BYTES;
            while !said.is_char_boundary(limit) {
                limit -= 1;
            }
            said = &said[..said[..limit].rfind(' ').unwrap_or(0)];
        }
        (said.split_whitespace().count() >= 2).then_some((start, start + said.len()))
    }

    /// A summary of the text evidence: categories with up to two quoted phrases.
    fn describe(&self, list: &[(usize, bool)], supports: bool) -> Option<String> {
        let mut by_cat: BTreeMap<Category, Vec<String>> = BTreeMap::new();
        for &(hi, s) in list.iter().filter(|(_, s)| *s == supports) {
            let _ = s;
            let h = &self.hits[hi];
            let text = self.note.span(h.hit.start, h.hit.end).text.split_whitespace().collect::<Vec<_>>().join(" ");
            let e = by_cat.entry(h.category).or_default();
            if !e.iter().any(|t| t.eq_ignore_ascii_case(&text)) && e.len() < 2 {
                e.push(text);
            }
        }
        if by_cat.is_empty() {
            return None;
        }
        Some(
            by_cat
                .into_iter()
                .map(|(c, texts)| {
                    let quoted: Vec<String> = texts.iter().map(|t| format!("\"{t}\"")).collect();
                    format!("{} ({})", category_phrase(c), quoted.join(", "))
                })
                .collect::<Vec<_>>()
                .join("; "),
        )
    }
}

fn squash(scoring: &Scoring, gate: f64, evidence: f64) -> f64 {
    let s = gate * (1.0 - (-scoring.gain * evidence.max(0.0)).exp());
    (s * 1000.0).round() / 1000.0
}

fn period_sentence(line: &LineFacts) -> String {
    let p = &line.period;
    let Some(idx) = &p.index else { return "no earlier procedure is known".into() };
    let name = idx.code.clone().or_else(|| idx.name.clone()).unwrap_or_else(|| "the prior procedure".into());
    let from = match (&idx.source, idx.date) {
        (_, Some(d)) => format!(" of {d}"),
        (IndexSource::Note(_), None) => " stated in the note".into(),
        _ => String::new(),
    };
    let g = idx.global.map(|g| match g.window_days() {
        Some(d) => format!("{d}-day global"),
        None => format!("{g} global"),
    });
    let day = idx.days_after.map(|d| format!("day {d}")).unwrap_or_default();
    match p.status {
        WindowStatus::Within => format!(
            "within the {} of {name}{from} ({day}{})",
            g.unwrap_or_else(|| "post-operative period".into()),
            p.ends.map(|e| format!(", ends {e}")).unwrap_or_default()
        ),
        WindowStatus::SameDay => format!("the same day as {name}{from}"),
        WindowStatus::Outside => format!(
            "{day} is after the {} of {name}{from} ended{}",
            g.unwrap_or_else(|| "global period".into()),
            p.ends.map(|e| format!(" on {e}")).unwrap_or_default()
        ),
        WindowStatus::NotApplicable => {
            if line.global == Some(crate::model::GlobalDays::Xxx) {
                format!("{} has no global period (XXX): 58/78/79 do not apply", line.code.as_deref().unwrap_or("this code"))
            } else {
                format!("{name} has no global period (XXX)")
            }
        }
        WindowStatus::Unknown => format!("the global period of {name}{from} cannot be judged"),
        WindowStatus::NotBound => {
            format!("{name}{from} was by another physician (other group or specialty): its global period does not bind")
        }
        WindowStatus::NoIndex => "no earlier procedure is known".into(),
    }
}

/// One line being ranked: what every modifier family's reasoning reads.
struct LineRanking<'a> {
    input: &'a RankInput<'a>,
    line: &'a LineFacts,
    weighing: Weighing,
    ev: TextEvidence,
    /// Spans stating the index procedure, when read from the note.
    index_evidence: Vec<Evidence>,
    /// The global-period relation in words.
    period_text: String,
}

impl LineRanking<'_> {
    fn scoring(&self) -> &Scoring {
        &self.input.lexicon.scoring
    }

    fn sup(&self, m: Modifier) -> f64 {
        self.ev.support.get(&m).copied().unwrap_or(0.0)
    }

    fn opp(&self, m: Modifier) -> f64 {
        self.scoring().oppose_factor * self.ev.oppose.get(&m).copied().unwrap_or(0.0)
    }

    /// Support minus weighted opposition.
    fn net(&self, m: Modifier) -> f64 {
        self.sup(m) - self.opp(m)
    }

    fn evidence_for(&self, m: Modifier, extra: Vec<Evidence>) -> Vec<Evidence> {
        let mut out: Vec<Evidence> = self
            .ev
            .hits
            .get(&m)
            .map(|l| l.iter().map(|&(hi, s)| self.input.evidence_of(hi, if s { "supports" } else { "opposes" })).collect())
            .unwrap_or_default();
        out.extend(extra);
        out.sort_by(|a, b| a.span.start.cmp(&b.span.start).then(a.rule.cmp(&b.rule)));
        out.dedup_by(|a, b| a.span.start == b.span.start && a.span.end == b.span.end && a.rule == b.rule);
        out
    }

    fn describe(&self, m: Modifier) -> String {
        let list = self.ev.hits.get(&m).map(Vec::as_slice).unwrap_or(&[]);
        let mut parts = Vec::new();
        if let Some(s) = self.input.describe(list, true) {
            parts.push(s);
        }
        if let Some(o) = self.input.describe(list, false) {
            parts.push(format!("against: {o}"));
        }
        if parts.is_empty() {
            "no supporting phrase in the note".to_string()
        } else {
            parts.join("; ")
        }
    }

    fn suggestion(&self, modifier: Modifier, gate: f64, evidence: f64, rationale: String, extra: Vec<Evidence>) -> Suggestion {
        Suggestion {
            modifier,
            score: squash(self.scoring(), gate, evidence),
            rationale,
            evidence: self.evidence_for(modifier, extra),
        }
    }

    /// 58/78/79 need an index whose global period is active and binds this
    /// physician; an index read from the note alone gates lower.
    fn global_gate(&self) -> f64 {
        let period = &self.line.period;
        let from_note = matches!(period.index.as_ref().map(|i| &i.source), Some(IndexSource::Note(_)));
        match (period.status.inside(), from_note) {
            (false, _) => 0.0,
            (true, true) => self.scoring().text_only_gate,
            (true, false) => 1.0,
        }
    }

    fn same_site_bonus(&self) -> f64 {
        let same_site = self.line.other_side != Some(true) && self.line.other_region == Some(false);
        if same_site {
            self.scoring().same_site
        } else {
            0.0
        }
    }

    /// `extra`, then, inside a global, where the note states the problem and
    /// the operation ([`RankInput::stated_problem`]), which 58, 78 and 79 cite.
    fn with_stated_problem(&self, mut extra: Vec<Evidence>) -> Vec<Evidence> {
        if self.global_gate() > 0.0 {
            extra.extend(self.input.stated_problem());
        }
        extra
    }

    fn complication_dx(&self) -> f64 {
        if self.line.complication_of_care() {
            self.scoring().complication_diagnosis
        } else {
            0.0
        }
    }

    /// The index was a diagnostic procedure and this line is therapy. Not a
    /// line coded for a complication of care and done at the bedside or in
    /// the office (a seroma aspirated after a sentinel node biopsy): that
    /// treats what the index caused, not what it found.
    fn after_diagnostic(&self) -> f64 {
        let care_of_a_complication = self.line.complication_of_care() && self.input.facts.setting == Setting::Bedside;
        if self.line.after_diagnostic && !care_of_a_complication {
            self.scoring().diagnostic_index
        } else {
            0.0
        }
    }

    /// The line completes a course the index began (expander, then implant).
    fn completes_course(&self) -> f64 {
        if self.line.completes_course.is_some() {
            self.scoring().course_sequel
        } else {
            0.0
        }
    }

    /// The line treats the index's own (non-complication) diagnosis, back in
    /// an operating or procedure room: a related return (at the bedside or in
    /// the office the same work is post-operative care). Not on the other
    /// side: the same disease in the other knee is that knee's own problem,
    /// related only when a plan says so.
    fn related_by_diagnosis(&self) -> f64 {
        let in_room = self.input.facts.setting == Setting::OperatingRoom;
        if in_room && self.line.treats_index_diagnosis() && self.line.other_side != Some(true) {
            self.scoring().same_diagnosis_58
        } else {
            0.0
        }
    }

    /// Taking out what the index left in (`post_op_care_codes`: wires, a
    /// cast) at the bedside or in the office, at the index's site: its
    /// post-operative care, in its global package.
    fn post_op_care(&self) -> bool {
        let care_code = self.line.code.as_deref().is_some_and(|c| self.scoring().post_op_care_codes.iter().any(|k| k.trim() == c.trim()));
        let at_site = self.line.other_side != Some(true) && self.line.other_region != Some(true);
        care_code && at_site && self.input.facts.setting == Setting::Bedside
    }

    /// 58: staged, more extensive, or therapy after a diagnostic procedure.
    fn staged_58(&self) -> Suggestion {
        let related = self.related_by_diagnosis();
        let e = self.net(Modifier::M58) + self.same_site_bonus() - self.scoring().oppose_factor * self.complication_dx()
            + self.after_diagnostic()
            + self.completes_course()
            + related;
        let diag = match (self.line.after_diagnostic, self.weighing.carried, related > 0.0) {
            (true, _, _) => "; the index was a diagnostic procedure and this line treats what it found",
            (false, true, _) => "; the line's complication diagnosis is the one the index treated, and the plan explains the return",
            (false, false, true) => "; the line treats the index procedure's own diagnosis",
            (false, false, false) => "",
        };
        let course = self.line.completes_course.as_ref().map(|c| format!("; the line completes a course the index began ({})", c.says)).unwrap_or_default();
        let (gate_care, care_text) = if self.post_op_care() {
            (0.0, "; taking out what the index left in, at the bedside or in the office, is its post-operative care, in the global package")
        } else {
            (1.0, "")
        };
        let rationale = format!("{}{diag}{course}; {}{care_text}", self.describe(Modifier::M58), self.period_text);
        let extra = self.with_stated_problem(self.index_evidence.clone());
        self.suggestion(Modifier::M58, self.global_gate() * gate_care, e, rationale, extra)
    }

    /// 78: a complication of the index treated by a return to an operating or procedure room.
    fn return_78(&self) -> Suggestion {
        let scoring = self.scoring();
        let (gate_setting, setting_text) = match self.input.facts.setting {
            _ if self.line.done_at_bedside => {
                (0.0, "the note places this line's work at the bedside, apart from the return to the operating room: part of the global package")
            }
            Setting::OperatingRoom => (1.0, "in an operating or procedure room"),
            Setting::Unknown => (scoring.unknown_setting_gate, "setting not stated (an operating or procedure room is required)"),
            Setting::Bedside => (0.0, "treated at the bedside or in the office: no return to the operating room, so the work is part of the global package"),
        };
        let cdx_text = if self.line.complication_of_care() { "; the line's diagnosis is a complication of care" } else { "" };
        let e = self.net(Modifier::M78) + self.same_site_bonus() + self.complication_dx();
        let setting_evidence = self
            .input
            .hits
            .iter()
            .enumerate()
            .filter(|(_, h)| h.assertion == Assertion::Present && matches!(h.category, Category::SettingOr | Category::SettingBedside))
            .take(3)
            .map(|(hi, _)| self.input.evidence_of(hi, "context"));
        let mut extra = self.index_evidence.clone();
        extra.extend(setting_evidence);
        let extra = self.with_stated_problem(extra);
        let rationale = format!("{}{cdx_text}; {}; {setting_text}", self.describe(Modifier::M78), self.period_text);
        self.suggestion(Modifier::M78, self.global_gate() * gate_setting, e, rationale, extra)
    }

    /// 79: a new problem: other side, region or diagnosis, or said to be unrelated.
    fn unrelated_79(&self) -> Suggestion {
        let scoring = self.scoring();
        let line = self.line;
        let mut e = self.net(Modifier::M79) - self.complication_dx()
            - scoring.oppose_factor * (self.after_diagnostic() + self.completes_course());
        let mut facts = Vec::new();
        if line.after_diagnostic {
            facts.push("against: the index was a diagnostic procedure and this line treats what it found");
        }
        if line.completes_course.is_some() {
            facts.push("against: the line completes a course the index began");
        }
        if self.line.complication_of_care() {
            facts.push("against: the line's diagnosis is a complication of care");
        } else if line.complication_of_another_prior {
            facts.push("the line's complication of care is of another earlier operation, on the line's side");
        }
        let plan_here = !self.weighing.plan_is_anothers;
        if line.other_side == Some(true) && self.weighing.plan && plan_here {
            facts.push("other side than the index procedure, as the staged plan says");
        } else if line.other_side == Some(true) && self.weighing.sequel && plan_here {
            facts.push("other side than the index procedure, which this wider procedure completes");
        } else if line.other_side == Some(true) && line.completes_course.is_some() {
            // Only a course that goes on to either side completes on the other.
            facts.push("other side than the index procedure, where the course the index began goes on");
        } else if line.other_side == Some(true) {
            e += scoring.other_side;
            facts.push("other side than the index procedure");
        }
        if line.other_region == Some(true) {
            e += scoring.other_region;
            facts.push("other body region than the index procedure");
        } else if line.other_organ {
            e += scoring.other_organ;
            facts.push("another organ of the index procedure's body area");
        }
        if line.new_injury {
            e += scoring.new_injury;
            facts.push("the line treats an injury of a region the index's diagnoses do not name");
        }
        match line.same_diagnosis {
            Some(false) => {
                e += scoring.other_diagnosis;
                facts.push("diagnoses differ from the index procedure's");
            }
            Some(true) if line.other_side == Some(true) => {
                e += scoring.same_diagnosis_other_side;
                facts.push("the same diagnosis as the index procedure, on the other side");
            }
            Some(true) => {
                e += scoring.same_diagnosis;
                facts.push("same diagnosis as the index procedure");
            }
            None => {}
        }
        let facts_text = if facts.is_empty() { String::new() } else { format!("; {}", facts.join(", ")) };
        let rationale = format!("{}{facts_text}; {}", self.describe(Modifier::M79), self.period_text);
        let extra = self.with_stated_problem(self.index_evidence.clone());
        self.suggestion(Modifier::M79, self.global_gate(), e, rationale, extra)
    }

    /// 59 and X{EPSU}: the line is column 2 of an NCCI pair that a modifier may unbundle.
    /// What the note's clock times say about a pair: blocks hours apart are
    /// separate sessions (XE); back to back, or a short break, non-overlapping
    /// services of one session (XU).
    fn timed_apart(&self, pair: Option<&PairFact>) -> Timed {
        let scoring = self.scoring();
        let Some(times) = pair.and_then(|p| p.separate_times.as_ref()) else {
            return Timed { modifier: Modifier::XU, bonus: 0.0, says: "", evidence: Vec::new() };
        };
        let evidence = times.spans.iter().map(|&(s, e)| self.input.view_evidence(s, e, "pair.separate_times")).collect();
        if i64::from(times.gap_minutes) >= scoring.separate_session_minutes {
            Timed {
                modifier: Modifier::XE,
                bonus: scoring.pair_separate_sessions,
                says: "; the note times the two services hours apart, in separate sessions",
                evidence,
            }
        } else {
            Timed {
                modifier: Modifier::XU,
                bonus: scoring.pair_separate_times,
                says: "; the note times the two services in separate, non-overlapping blocks",
                evidence,
            }
        }
    }

    /// Whether the note's words support a repeat (76/77) of this line.
    fn told_a_repeat(&self) -> bool {
        [Modifier::M76, Modifier::M77].iter().any(|m| self.ev.support.get(m).is_some_and(|&w| w > 0.0))
    }

    fn distinct_59(&self) -> Vec<Suggestion> {
        let scoring = self.scoring();
        // Of the edits a modifier can bypass, the one whose lines the note
        // sets apart best (a column-1 line the note never places, such as a
        // wound-bed preparation beside its graft, says nothing either way).
        let apart = |p: &&PairFact| 2 * u8::from(!p.other_site.is_empty()) + u8::from(p.other_side || p.injury_apart || p.diagnoses_apart);
        let pair = self
            .line
            .pairs
            .iter()
            .filter(|p| p.indicator == ModifierIndicator::Allowed)
            .rev()
            .max_by_key(apart)
            .or_else(|| self.line.pairs.first());
        let (gate, pair_text) = match pair {
            // The same code again at another place is a second unit, unless
            // the note tells a repeat ("reduced again"): then it is the
            // first line's work done again (76/77).
            Some(p) if p.same_code => (
                if self.told_a_repeat() { 0.0 } else { 1.0 },
                format!("line {} bills the same code for the same disease at another place (a second unit, not a repeat)", p.other_line + 1),
            ),
            Some(p) if p.indicator == ModifierIndicator::Allowed => (
                1.0,
                format!("NCCI pairs this code as column 2 with {} (line {}), modifier indicator 1", p.column1, p.other_line + 1),
            ),
            Some(p) => (
                0.0,
                format!("NCCI pairs this code with {} (line {}) with modifier indicator 0: no modifier can unbundle it", p.column1, p.other_line + 1),
            ),
            None => (0.0, "no NCCI edit pairs this line with another line of the encounter".to_string()),
        };
        let side_bonus = if pair.is_some_and(|p| p.other_side) { scoring.pair_other_side } else { 0.0 };
        let sites_apart = pair.is_some_and(|p| !p.other_site.is_empty());
        let injuries_apart = !sites_apart && pair.is_some_and(|p| p.injury_apart && !p.same_site);
        // The diagnoses' sites speak only where nothing else sets the lines
        // apart: they are the weakest reading of where the work was done.
        let diagnoses_apart =
            !sites_apart && !injuries_apart && pair.is_some_and(|p| p.diagnoses_apart && !p.same_site && !p.other_side);
        let site_bonus = if sites_apart || injuries_apart || diagnoses_apart { scoring.pair_other_site } else { 0.0 };
        let spans = |rule: &'static str, list: &[(usize, usize)]| -> Vec<Evidence> {
            list.iter().map(|&(s, e)| self.input.view_evidence(s, e, rule)).collect()
        };
        let site_evidence = pair.map(|p| spans("pair.other_site", &p.other_site)).unwrap_or_default();
        let Timed { modifier: timed_modifier, bonus: time_bonus, says: timed, evidence: time_evidence } = self.timed_apart(pair);
        let mut apart = String::new();
        if side_bonus > 0.0 {
            apart.push_str("; the two lines are on different sides");
        }
        if sites_apart {
            apart.push_str("; the note places the two services at different sites");
        } else if injuries_apart {
            apart.push_str("; this line treats an injury the other line does not");
        } else if diagnoses_apart {
            apart.push_str("; the two lines' diagnoses name different body sites");
        }
        // A pair only a separate place unbundles (manual therapy beside a
        // spinal manipulation): time, encounter and practitioner set nothing apart.
        let place_only = pair.is_some_and(|p| self.line.code.as_deref().is_some_and(|c| self.input.lexicon.place_only(&p.column1, c)));
        if place_only {
            apart.push_str("; for this pair only a separate place unbundles");
        }
        // A pair only a separate session unbundles (a diagnostic EGD beside a
        // snare EGD): the scope passed every place the note names.
        let session_only = pair.is_some_and(|p| self.line.code.as_deref().is_some_and(|c| self.input.lexicon.session_only(&p.column1, c)));
        if session_only {
            apart = "; for this pair only a separate session unbundles".to_string();
        }
        let medicare = self.input.facts.medicare == Some(true);
        let round = |x: f64| (x * 1000.0).round() / 1000.0;
        let mut out = Vec::new();
        let mut best_subset: f64 = 0.0;
        for (m, bonus, what) in [
            (Modifier::XS, side_bonus + site_bonus, "separate structure"),
            (Modifier::XE, 0.0, "separate encounter"),
            (Modifier::XP, 0.0, "separate practitioner"),
            (Modifier::XU, 0.0, "unusual non-overlapping service"),
        ] {
            let payer = if medicare { "" } else { "; X{EPSU} subsets are Medicare's: this payer takes 59" };
            let bonus = if m == timed_modifier { bonus + time_bonus } else { bonus };
            let side = match m {
                Modifier::XS => apart.as_str(),
                _ if m == timed_modifier => timed,
                _ => "",
            };
            let extra = match m {
                Modifier::XS => site_evidence.clone(),
                _ if m == timed_modifier => time_evidence.clone(),
                _ => Vec::new(),
            };
            let gate = if (place_only && m != Modifier::XS) || (session_only && m != Modifier::XE) { 0.0 } else { gate };
            let mut s = self.suggestion(m, gate, self.net(m) + bonus, format!("{what}: {}{side}; {pair_text}{payer}", self.describe(m)), extra);
            best_subset = best_subset.max(s.score);
            if !medicare {
                s.score = round(s.score * scoring.medicare_plain_59);
            }
            out.push(s);
        }
        let payer59 = if medicare { "; Medicare prefers the specific X{EPSU} subset" } else { "" };
        let rationale = format!("distinct procedural service: {}{apart}{timed}; {pair_text}{payer59}", self.describe(Modifier::M59));
        let evidence59 = if session_only { time_evidence } else { site_evidence.into_iter().chain(time_evidence).collect() };
        let weight59 = if place_only {
            self.net(Modifier::XS) + side_bonus + site_bonus
        } else if session_only {
            self.net(Modifier::XE) + time_bonus
        } else {
            self.net(Modifier::M59) + side_bonus + site_bonus + time_bonus
        };
        let mut s59 = self.suggestion(Modifier::M59, gate, weight59, rationale, evidence59);
        if medicare {
            s59.score = round(best_subset * scoring.medicare_plain_59);
        }
        out.push(s59);
        out
    }

    /// 76/77: the same code repeated the same day, by the same or another physician.
    fn repeat_76_77(&self) -> Vec<Suggestion> {
        [Modifier::M76, Modifier::M77]
            .into_iter()
            .map(|m| {
                let (gate, text) = match &self.line.repeat {
                    Some(r) => (
                        if r.same_physician == (m == Modifier::M76) { 1.0 } else { 0.0 },
                        format!(
                            "same code as {} on the same day, {} physician",
                            r.earlier,
                            if r.same_physician { "same" } else { "another" }
                        ),
                    ),
                    None => (0.0, "the code is not repeated the same day".to_string()),
                };
                // The same code on the other side may be a bilateral pair, and
                // at two places with their own diagnoses (two fingers), or at
                // places the note sets apart (a second unit, two toes through
                // separate incisions), is work at each:
                // only the note's words can make it a repeat.
                let second_unit = self.line.pairs.iter().any(|p| p.same_code);
                let fact = match &self.line.repeat {
                    Some(r) if r.other_side || r.diagnoses_apart || r.places_apart || second_unit => 0.0,
                    _ => self.scoring().same_code_same_day,
                };
                let e = self.net(m) + fact;
                self.suggestion(m, gate, e, format!("{}; {text}", self.describe(m)), Vec::new())
            })
            .collect()
    }
}

/// Ranks every candidate modifier for every line.
pub fn rank(input: &RankInput<'_>) -> Vec<LineResult> {
    let scoring = &input.lexicon.scoring;
    let facts = input.facts;
    let mut results: Vec<LineResult> = Vec::with_capacity(facts.lines.len());
    let mut weighings = Vec::with_capacity(facts.lines.len());
    for (i, line) in facts.lines.iter().enumerate() {
        let weighing = weighing(input.hits, input.lexicon, line, OtherLines::of(&facts.lines, i));
        weighings.push(weighing);
        let ranking = LineRanking {
            input,
            line,
            weighing,
            ev: text_evidence(input.hits, input.lexicon, weighing, line, facts.lines.len()),
            index_evidence: index_evidence(input, line),
            period_text: period_sentence(line),
        };
        let mut suggestions = vec![ranking.staged_58(), ranking.return_78(), ranking.unrelated_79()];
        suggestions.extend(ranking.distinct_59());
        suggestions.extend(ranking.repeat_76_77());
        results.push(LineResult {
            code: line.code.clone(),
            recommended: Vec::new(),
            global_period: global_period_out(input, line),
            suggestions,
            review: None,
        });
    }

    // Add-on lines take their primary's 58/78/79 result.
    for (i, line) in facts.lines.iter().enumerate() {
        if let Some(p) = line.primary_line {
            let primary_code = facts.lines[p].code.clone().unwrap_or_default();
            let from: Vec<Suggestion> = results[p]
                .suggestions
                .iter()
                .filter(|s| s.modifier.family() == Family::GlobalPeriod)
                .cloned()
                .collect();
            for s in results[i].suggestions.iter_mut().filter(|s| s.modifier.family() == Family::GlobalPeriod) {
                if let Some(f) = from.iter().find(|f| f.modifier == s.modifier) {
                    s.score = f.score;
                    s.rationale = format!("add-on code judged with its primary {primary_code} (line {}): {}", p + 1, f.rationale);
                    s.evidence = f.evidence.clone();
                }
            }
            if results[i].global_period.is_none() {
                results[i].global_period = results[p].global_period.clone();
            }
        }
    }

    for r in &mut results {
        r.suggestions.sort_by(|a, b| {
            b.score
                .partial_cmp(&a.score)
                .unwrap_or(std::cmp::Ordering::Equal)
                .then_with(|| {
                    let pos = |m: Modifier| Modifier::ALL.iter().position(|x| *x == m);
                    pos(a.modifier).cmp(&pos(b.modifier))
                })
        });
        let mut families_done: Vec<Family> = Vec::new();
        for s in &r.suggestions {
            if s.score >= scoring.threshold && !families_done.contains(&s.modifier.family()) {
                families_done.push(s.modifier.family());
                r.recommended.push(s.modifier);
            }
        }
    }
    for (r, line) in results.iter_mut().zip(&facts.lines) {
        leave_bundled_lines_unmodified(r, line);
    }
    for ((r, line), weighing) in results.iter_mut().zip(&facts.lines).zip(&weighings) {
        let reasons = review_reasons(scoring, r, line, *weighing, facts.medicare == Some(true));
        r.review = (!reasons.is_empty()).then_some(Review { reasons });
    }
    results
}

/// A line NCCI bundles into another line of the claim (an ankle aspiration
/// beside the washout of that ankle), which no distinct-service modifier
/// unbundles, is not separately payable: 58, 78 or 79 on it would say
/// nothing, so none is recommended and its global-period suggestions say why.
fn leave_bundled_lines_unmodified(r: &mut LineResult, line: &LineFacts) {
    let Some(pair) = line.pairs.iter().find(|p| !p.same_code) else { return };
    if r.recommended.iter().any(|m| m.family() == Family::Distinct) {
        return;
    }
    let had_global = r.recommended.iter().any(|m| m.family() == Family::GlobalPeriod);
    r.recommended.retain(|m| m.family() != Family::GlobalPeriod);
    if !had_global {
        return;
    }
    let why = format!(
        "; bundled into {} (line {}) with no distinct service documented: not separately payable, so no global-period modifier",
        pair.column1,
        pair.other_line + 1
    );
    for s in r.suggestions.iter_mut().filter(|s| s.modifier.family() == Family::GlobalPeriod && s.score > 0.0) {
        s.rationale.push_str(&why);
    }
}

/// Why a person should look at this line before the claim goes out: the
/// decision rests on assumptions or close, conflicting evidence.
fn review_reasons(scoring: &Scoring, r: &LineResult, line: &LineFacts, weighing: Weighing, medicare: bool) -> Vec<String> {
    // Of 59 and X{EPSU}, the payer's choice is scored; the other is its scaled copy.
    let scaled_copy = |m: Modifier| m.family() == Family::Distinct && ((m == Modifier::M59) == medicare);
    let mut reasons = Vec::new();
    let in_family = |f: Family| r.suggestions.iter().filter(move |s| s.modifier.family() == f);
    // Suggestions are sorted: the first two of a family are its best two.
    for family in [Family::GlobalPeriod, Family::Distinct, Family::Repeat] {
        let top: Vec<&Suggestion> = in_family(family).filter(|s| !scaled_copy(s.modifier)).take(2).collect();
        if let [a, b] = top[..] {
            if b.score >= scoring.threshold - scoring.review_margin && a.score - b.score < scoring.review_margin {
                reasons.push(format!("conflicting evidence: {} {:.2} against {} {:.2}", a.modifier, a.score, b.modifier, b.score));
            }
        }
        if let Some(a) = top.first() {
            if (a.score - scoring.threshold).abs() < scoring.review_margin / 2.0 {
                reasons.push(format!("borderline: {} scored {:.2} at a threshold of {:.2}", a.modifier, a.score, scoring.threshold));
            }
        }
    }
    let global_decided = r.suggestions.iter().any(|s| s.modifier.family() == Family::GlobalPeriod && s.score > 0.0);
    if let Some(idx) = line.period.index.as_ref().filter(|_| global_decided) {
        // A prior procedure read from prose whose code and window the tables
        // know is as good as history; one whose window is assumed is not.
        if idx.assumed_window.is_some() && idx.global.is_none() {
            reasons.push(format!(
                "prior procedure inferred from prose; its global period is unknown and taken as {} days",
                scoring.prose_prior_window
            ));
        } else if matches!(idx.source, IndexSource::Note(_)) && idx.date.is_none() {
            reasons.push("prior procedure inferred from the note's prose, with no date: its window rests on a stated day count".into());
        }
    }
    if line.period.status == WindowStatus::Unknown {
        reasons.push("the global period of the prior procedure is unknown".into());
    }
    if weighing.explained_by_plan && r.recommended.contains(&Modifier::M58) {
        reasons.push("complication words set aside as the indication the staged plan treats".into());
    }
    reasons
}

/// The note's spans stating a line's index procedure: where it was read from
/// the note, or where the note speaks of a history item.
fn index_evidence(input: &RankInput<'_>, line: &LineFacts) -> Vec<Evidence> {
    let mut evidence: Vec<Evidence> = match line.period.index.as_ref().map(|i| &i.source) {
        Some(IndexSource::Note(spans)) => spans.iter().map(|&(s, e)| input.view_evidence(s, e, "history.note")).collect(),
        _ => line.period.stated_in_note.iter().map(|&(s, e)| input.view_evidence(s, e, "history.stated")).collect(),
    };
    // The day counted to: the note's own date, where the encounter gave none.
    if let (Some(_), Some((s, e))) = (&line.period.index, input.facts.service_date_span) {
        evidence.push(input.view_evidence(s, e, "date_of_service.note"));
    }
    evidence
}

fn global_period_out(input: &RankInput<'_>, line: &LineFacts) -> Option<GlobalPeriod> {
    let idx = line.period.index.as_ref()?;
    let evidence = index_evidence(input, line);
    Some(GlobalPeriod {
        status: line.period.status.as_str(),
        index_code: idx.code.clone(),
        index_date: idx.date.map(|d| d.to_string()),
        global_days: idx.global.map(|g| g.to_json()),
        ends: line.period.ends.map(|d| d.to_string()),
        day: idx.days_after,
        source: match idx.source {
            IndexSource::History(_) => "history",
            IndexSource::Note(_) => "note",
        },
        evidence,
    })
}
