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
//! (ZZZ) lines take their primary line's 58/78/79 result.

use crate::assertion::AssertedHit;
use crate::codes::ModifierIndicator;
use crate::facts::{EncounterFacts, IndexSource, LineFacts, Setting, WindowStatus};
use crate::lexicon::{Lexicon, Scoring};
use crate::model::{Assertion, Category, Family, Modifier};
use crate::note::Note;
use crate::result::{Evidence, GlobalPeriod, LineResult, Suggestion};
use std::collections::BTreeMap;

/// Text evidence for and against each modifier, summed over present hits.
#[derive(Debug, Default)]
struct TextEvidence {
    support: BTreeMap<Modifier, f64>,
    oppose: BTreeMap<Modifier, f64>,
    /// Present hits that support (true) or oppose (false) each modifier.
    hits: BTreeMap<Modifier, Vec<(usize, bool)>>,
}

fn text_evidence(hits: &[AssertedHit], lexicon: &Lexicon) -> TextEvidence {
    let mut counts: BTreeMap<usize, usize> = BTreeMap::new();
    for h in hits.iter().filter(|h| h.assertion == Assertion::Present) {
        *counts.entry(h.trigger).or_default() += 1;
    }
    let f = lexicon.scoring.repeat_hit_factor;
    let mut ev = TextEvidence::default();
    for (&ti, &n) in &counts {
        let t = &lexicon.triggers[ti];
        let w = t.weight * (1.0 + f * (n as f64 - 1.0)).min(1.5);
        for &m in &t.supports {
            *ev.support.entry(m).or_default() += w;
        }
        for &m in &t.opposes {
            *ev.oppose.entry(m).or_default() += w;
        }
    }
    for (hi, h) in hits.iter().enumerate().filter(|(_, h)| h.assertion == Assertion::Present) {
        let t = &lexicon.triggers[h.trigger];
        for &m in &t.supports {
            ev.hits.entry(m).or_default().push((hi, true));
        }
        for &m in &t.opposes {
            ev.hits.entry(m).or_default().push((hi, false));
        }
    }
    ev
}

fn category_phrase(c: Category) -> &'static str {
    match c {
        Category::Staged => "staged or planned intent documented",
        Category::MoreExtensive => "a more extensive procedure documented",
        Category::TherapeuticAfterDiagnostic => "therapy following a diagnostic procedure documented",
        Category::Complication => "a complication documented",
        Category::ReturnToOr => "a return to the operating room documented",
        Category::Unrelated => "a new, unrelated problem documented",
        Category::DistinctSite => "a separate site, lesion or structure documented",
        Category::DistinctSession => "a separate session the same day documented",
        Category::DistinctPractitioner => "a different practitioner documented",
        Category::DistinctNonoverlap => "non-overlapping, separately timed services documented",
        Category::Repeat => "a repeat of the procedure documented",
        Category::SettingOr => "an operating or procedure room documented",
        Category::SettingBedside => "a bedside or office setting documented",
        Category::PriorProcedure => "a prior procedure stated",
        Category::OtherPhysician => "the earlier procedure was by another physician",
        Category::PriorOwn => "the author's own earlier procedure stated",
    }
}

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

/// Ranks every candidate modifier for every line.
pub fn rank(input: &RankInput<'_>) -> Vec<LineResult> {
    let scoring = &input.lexicon.scoring;
    let ev = text_evidence(input.hits, input.lexicon);
    let sup = |m: Modifier| ev.support.get(&m).copied().unwrap_or(0.0);
    let opp = |m: Modifier| scoring.oppose_factor * ev.oppose.get(&m).copied().unwrap_or(0.0);
    let facts = input.facts;
    let mut results: Vec<LineResult> = Vec::with_capacity(facts.lines.len());

    for line in &facts.lines {
        let mut suggestions: Vec<Suggestion> = Vec::new();
        let evidence_for = |m: Modifier, extra: Vec<Evidence>| -> Vec<Evidence> {
            let mut out: Vec<Evidence> = ev
                .hits
                .get(&m)
                .map(|l| l.iter().map(|&(hi, s)| input.evidence_of(hi, if s { "supports" } else { "opposes" })).collect())
                .unwrap_or_default();
            out.extend(extra);
            out.sort_by(|a, b| a.span.start.cmp(&b.span.start).then(a.rule.cmp(&b.rule)));
            out.dedup_by(|a, b| a.span.start == b.span.start && a.span.end == b.span.end && a.rule == b.rule);
            out
        };
        let describe = |m: Modifier| -> String {
            let list = ev.hits.get(&m).map(Vec::as_slice).unwrap_or(&[]);
            let mut parts = Vec::new();
            if let Some(s) = input.describe(list, true) {
                parts.push(s);
            }
            if let Some(o) = input.describe(list, false) {
                parts.push(format!("against: {o}"));
            }
            if parts.is_empty() {
                "no supporting phrase in the note".to_string()
            } else {
                parts.join("; ")
            }
        };

        // ---- 58 / 78 / 79
        let period = &line.period;
        let from_note = matches!(period.index.as_ref().map(|i| &i.source), Some(IndexSource::Note(_)));
        let gate_g = if period.status.inside() {
            if from_note {
                scoring.text_only_gate
            } else {
                1.0
            }
        } else {
            0.0
        };
        let index_evidence: Vec<Evidence> = match period.index.as_ref().map(|i| &i.source) {
            Some(IndexSource::Note(spans)) => {
                spans.iter().map(|&(s, e)| input.view_evidence(s, e, "history.note")).collect()
            }
            _ => Vec::new(),
        };
        let same_site = line.other_side != Some(true) && line.other_region == Some(false);
        let site_bonus = if same_site { scoring.same_site } else { 0.0 };
        let period_text = period_sentence(line);

        let cdx = if line.complication_diagnosis { scoring.complication_diagnosis } else { 0.0 };
        let cdx_text = if line.complication_diagnosis { "; the line's diagnosis is a complication of care" } else { "" };
        let e58 = sup(Modifier::M58) - opp(Modifier::M58) + site_bonus - scoring.oppose_factor * cdx;
        suggestions.push(Suggestion {
            modifier: Modifier::M58,
            score: squash(scoring, gate_g, e58),
            rationale: format!("{}; {period_text}", describe(Modifier::M58)),
            evidence: evidence_for(Modifier::M58, index_evidence.clone()),
        });

        let (gate_setting, setting_text) = match facts.setting {
            Setting::OperatingRoom => (1.0, "in an operating or procedure room"),
            Setting::Unknown => (scoring.unknown_setting_gate, "setting not stated (an operating or procedure room is required)"),
            Setting::Bedside => (0.0, "treated at the bedside or in the office: no return to the operating room, so the work is part of the global package"),
        };
        let e78 = sup(Modifier::M78) - opp(Modifier::M78) + site_bonus + cdx;
        let setting_evidence: Vec<Evidence> = input
            .hits
            .iter()
            .enumerate()
            .filter(|(_, h)| {
                h.assertion == Assertion::Present
                    && matches!(h.category, Category::SettingOr | Category::SettingBedside)
            })
            .take(3)
            .map(|(hi, _)| input.evidence_of(hi, "context"))
            .collect();
        let mut extra78 = index_evidence.clone();
        extra78.extend(setting_evidence);
        suggestions.push(Suggestion {
            modifier: Modifier::M78,
            score: squash(scoring, gate_g * gate_setting, e78),
            rationale: format!("{}{cdx_text}; {period_text}; {setting_text}", describe(Modifier::M78)),
            evidence: evidence_for(Modifier::M78, extra78),
        });

        let mut e79 = sup(Modifier::M79) - opp(Modifier::M79) - cdx;
        let mut facts79 = Vec::new();
        if line.complication_diagnosis {
            facts79.push("against: the line's diagnosis is a complication of care");
        }
        if line.other_side == Some(true) {
            e79 += scoring.other_side;
            facts79.push("other side than the index procedure");
        }
        if line.other_region == Some(true) {
            e79 += scoring.other_region;
            facts79.push("other body region than the index procedure");
        }
        match line.same_diagnosis {
            Some(false) => {
                e79 += scoring.other_diagnosis;
                facts79.push("diagnoses differ from the index procedure's");
            }
            Some(true) => {
                e79 += scoring.same_diagnosis;
                facts79.push("same diagnosis as the index procedure");
            }
            None => {}
        }
        let facts79_text = if facts79.is_empty() { String::new() } else { format!("; {}", facts79.join(", ")) };
        suggestions.push(Suggestion {
            modifier: Modifier::M79,
            score: squash(scoring, gate_g, e79),
            rationale: format!("{}{facts79_text}; {period_text}", describe(Modifier::M79)),
            evidence: evidence_for(Modifier::M79, index_evidence),
        });

        // ---- 59 / X{EPSU}
        let pair = line
            .pairs
            .iter()
            .find(|p| p.indicator == ModifierIndicator::Allowed)
            .or_else(|| line.pairs.first());
        let (gate_p, pair_text) = match pair {
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
        let medicare = facts.medicare == Some(true);
        let subsets = [
            (Modifier::XS, side_bonus, "separate structure"),
            (Modifier::XE, 0.0, "separate encounter"),
            (Modifier::XP, 0.0, "separate practitioner"),
            (Modifier::XU, 0.0, "unusual non-overlapping service"),
        ];
        let mut best_subset: f64 = 0.0;
        for (m, bonus, what) in subsets {
            let raw = squash(scoring, gate_p, sup(m) - opp(m) + bonus);
            best_subset = best_subset.max(raw);
            let score = if medicare { raw } else { ((raw * scoring.medicare_plain_59) * 1000.0).round() / 1000.0 };
            let payer = if medicare { "" } else { "; X{EPSU} subsets are Medicare's: this payer takes 59" };
            let side = if m == Modifier::XS && side_bonus > 0.0 { "; the two lines are on different sides" } else { "" };
            suggestions.push(Suggestion {
                modifier: m,
                score,
                rationale: format!("{what}: {}{side}; {pair_text}{payer}", describe(m)),
                evidence: evidence_for(m, Vec::new()),
            });
        }
        let raw59 = squash(scoring, gate_p, sup(Modifier::M59) - opp(Modifier::M59) + side_bonus);
        let score59 = if medicare { ((best_subset * scoring.medicare_plain_59) * 1000.0).round() / 1000.0 } else { raw59 };
        let payer59 = if medicare { "; Medicare prefers the specific X{EPSU} subset" } else { "" };
        suggestions.push(Suggestion {
            modifier: Modifier::M59,
            score: score59,
            rationale: format!("distinct procedural service: {}; {pair_text}{payer59}", describe(Modifier::M59)),
            evidence: evidence_for(Modifier::M59, Vec::new()),
        });

        // ---- 76 / 77
        for m in [Modifier::M76, Modifier::M77] {
            let (gate, text) = match &line.repeat {
                Some(r) => {
                    let fits = r.same_physician == (m == Modifier::M76);
                    (
                        if fits { 1.0 } else { 0.0 },
                        format!(
                            "same code as {} on the same day, {} physician",
                            r.earlier,
                            if r.same_physician { "same" } else { "another" }
                        ),
                    )
                }
                None => (0.0, "the code is not repeated the same day".to_string()),
            };
            let e = sup(m) - opp(m) + scoring.same_code_same_day;
            suggestions.push(Suggestion {
                modifier: m,
                score: squash(scoring, gate, e),
                rationale: format!("{}; {text}", describe(m)),
                evidence: evidence_for(m, Vec::new()),
            });
        }

        results.push(LineResult {
            code: line.code.clone(),
            recommended: Vec::new(),
            global_period: global_period_out(input, line),
            suggestions,
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
    results
}

fn global_period_out(input: &RankInput<'_>, line: &LineFacts) -> Option<GlobalPeriod> {
    let idx = line.period.index.as_ref()?;
    let evidence = match &idx.source {
        IndexSource::Note(spans) => spans.iter().map(|&(s, e)| input.view_evidence(s, e, "history.note")).collect(),
        IndexSource::History(_) => Vec::new(),
    };
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
