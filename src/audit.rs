//! Audit findings: what was billed compared with what the documentation
//! supports.
//!
//! This stage reads the asserted hits, the encounter facts and the ranked
//! lines, and never re-reads the note. Every finding names its kind, a
//! severity (`error` fails `modcite audit`, `warning` and `info` do not), the
//! line's code, the modifier concerned and a message free of note text.

use crate::assertion::AssertedHit;
use crate::codes::ModifierIndicator;
use crate::facts::{EncounterFacts, LineFacts, Setting, WindowStatus};
use crate::model::{Assertion, Category, Family, Modifier};
use crate::result::{Finding, LineResult};

/// What the audit reads.
pub struct AuditInput<'a> {
    /// Asserted trigger hits of the note.
    pub hits: &'a [AssertedHit],
    /// Encounter facts.
    pub facts: &'a EncounterFacts,
    /// The ranked lines, in encounter order.
    pub lines: &'a [LineResult],
}

impl AuditInput<'_> {
    fn present(&self, categories: &[Category]) -> bool {
        self.hits.iter().any(|h| h.assertion == Assertion::Present && categories.contains(&h.category))
    }
}

fn finding(kind: &'static str, severity: &'static str, code: &Option<String>, modifier: Option<&str>, message: String) -> Finding {
    Finding { kind, severity, code: code.clone(), modifier: modifier.map(str::to_string), message }
}

const STAGED: &[Category] = &[Category::Staged, Category::MoreExtensive, Category::TherapeuticAfterDiagnostic];
const DISTINCT: &[Category] = &[
    Category::DistinctSite,
    Category::DistinctSession,
    Category::DistinctPractitioner,
    Category::DistinctNonoverlap,
];

/// Computes the findings of one encounter.
pub fn findings(input: &AuditInput<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    for (i, (facts, result)) in input.facts.lines.iter().zip(input.lines).enumerate() {
        let code = &facts.code;
        for pair in &facts.pairs {
            if pair.indicator == ModifierIndicator::NotAllowed {
                out.push(finding(
                    "ncci_pair_not_separable",
                    "info",
                    code,
                    None,
                    format!(
                        "NCCI edit {} / {} has modifier indicator 0: no modifier can unbundle this pair",
                        pair.column1,
                        code.as_deref().unwrap_or("?")
                    ),
                ));
            }
        }
        let Some(billed) = &facts.billed else { continue };
        let billed: Vec<String> = billed.iter().map(|m| m.trim().to_ascii_uppercase()).collect();
        let known: Vec<Modifier> = billed.iter().filter_map(|m| Modifier::parse(m)).collect();
        line_findings(input, i, facts, result, &known, &mut out);
    }
    out
}

fn line_findings(
    input: &AuditInput<'_>,
    line: usize,
    facts: &LineFacts,
    result: &LineResult,
    billed: &[Modifier],
    out: &mut Vec<Finding>,
) {
    let code = &facts.code;
    let mut explained: Vec<Modifier> = Vec::new();
    let complication = input.present(&[Category::Complication, Category::ReturnToOr]);
    for &m in billed {
        let ms = Some(m.as_str());
        // What the analysis itself recommends needs no text check: it may rest
        // on facts (sites, a diagnostic index) rather than a phrase.
        let supported = result.recommended.contains(&m);
        match m {
            _ if supported => {}
            Modifier::M58 => {
                if complication && !input.present(STAGED) {
                    out.push(finding("58_for_complication", "error", code, ms, 
                        "58 billed, but the documentation describes a complication of the earlier surgery and no planned or staged procedure; a return to the operating room for a complication takes 78".into()));
                    explained.push(m);
                } else if !input.present(STAGED) {
                    out.push(finding("58_without_staged_intent", "error", code, ms,
                        "58 billed, but no staged, planned, more extensive or therapeutic-after-diagnostic intent is documented".into()));
                    explained.push(m);
                }
            }
            Modifier::M78 => {
                if input.facts.setting == Setting::Bedside {
                    out.push(finding("78_without_or_return", "error", code, ms,
                        "78 billed, but the work was done at the bedside or in the office; a complication treated without a return to the operating or procedure room is part of the global package".into()));
                    explained.push(m);
                } else if input.facts.setting == Setting::Unknown
                    && !input.present(&[Category::ReturnToOr, Category::SettingOr])
                    && !result.recommended.iter().any(|r| r.family() == Family::GlobalPeriod)
                {
                    out.push(finding("78_without_or_return", "warning", code, ms,
                        "78 billed, but no return to the operating or procedure room is documented or given as the setting".into()));
                    explained.push(m);
                }
            }
            Modifier::M79 => {
                // Same ICD-10 category on the other side (left vs right knee) is a different problem.
                if facts.same_diagnosis == Some(true) && facts.other_side != Some(true) {
                    out.push(finding("79_same_diagnosis", "error", code, ms,
                        "79 billed with the same diagnosis as the index surgery; 79 requires an unrelated problem".into()));
                    explained.push(m);
                }
            }
            Modifier::M59 => {
                let subset = result.recommended.iter().find(|r| r.family() == Family::Distinct && **r != Modifier::M59);
                if let Some(x) = subset {
                    out.push(finding("59_where_subset_fits", "warning", code, ms,
                        format!("59 billed where the more specific {} fits the documentation", x.as_str())));
                    explained.push(m);
                } else if facts.pairs.iter().any(|p| p.other_side) {
                    out.push(finding("59_where_anatomic_fits", "warning", code, ms,
                        "59 billed where the lines are on different sides: anatomic modifiers (LT/RT) show the distinction".into()));
                    explained.push(m);
                } else if !input.present(DISTINCT) {
                    out.push(finding("59_without_distinctness", "error", code, ms,
                        "59 billed, but no separate site, session, lesion, incision or practitioner is documented".into()));
                    explained.push(m);
                }
            }
            _ => {}
        }
        if m.family() == Family::Distinct && !supported && !explained.contains(&m) {
            if let Some(column2) = column2_beside(input, line, facts) {
                out.push(finding("distinct_on_column_1", "error", code, ms,
                    format!("{} billed on the column-1 code of an NCCI edit; the modifier goes on its column-2 code, {}", m.as_str(), column2)));
                explained.push(m);
            }
        }
        if m.family() == Family::Distinct
            && facts.pairs.iter().any(|p| p.indicator == ModifierIndicator::NotAllowed)
        {
            out.push(finding("indicator_0_with_modifier", "error", code, Some(m.as_str()),
                format!("{} billed on a pair whose NCCI modifier indicator is 0: no modifier can unbundle it", m.as_str())));
            explained.push(m);
        }
    }
    // Billed modifiers the analysis does not support and no specific finding explained.
    for &m in billed {
        if !explained.contains(&m) && !result.recommended.contains(&m) {
            let better = result.recommended.iter().find(|r| r.family() == m.family());
            let message = match better {
                Some(b) => format!("{} billed, but the documentation supports {}", m.as_str(), b.as_str()),
                None => format!("{} billed, but the documentation and encounter facts do not support it", m.as_str()),
            };
            // Where the analysis supports another modifier of the family, that is
            // an error; where it supports none on a line it flagged for review, it
            // is unsure, and warns rather than fails the claim.
            let severity = if better.is_none() && result.review.is_some() { "warning" } else { "error" };
            out.push(finding("billed_modifier_unsupported", severity, code, Some(m.as_str()), message));
        }
    }
    // Recommended modifiers that were not billed.
    for &r in &result.recommended {
        if billed.iter().any(|b| b.family() == r.family()) {
            continue;
        }
        if r.family() == Family::GlobalPeriod && matches!(facts.period.status, WindowStatus::Within) {
            out.push(finding("global_period_no_modifier", "error", code, Some(r.as_str()),
                format!("billed inside another procedure's global period with no 58/78/79; the documentation supports {}", r.as_str())));
        } else {
            out.push(finding("modifier_missing", "warning", code, Some(r.as_str()),
                format!("the documentation supports {}, which was not billed", r.as_str())));
        }
    }
}

/// The column-2 code of an edit in which `line` is the column-1 code, when
/// `line` is column 2 of no edit itself: a distinct-service modifier billed
/// there is on the wrong line of the pair.
fn column2_beside(input: &AuditInput<'_>, line: usize, facts: &LineFacts) -> Option<String> {
    if !facts.pairs.is_empty() {
        return None;
    }
    input.facts.lines.iter().find_map(|other| {
        other.pairs.iter().any(|p| p.other_line == line).then(|| other.code.clone().unwrap_or_default())
    })
}

#[cfg(test)]
mod tests {
    use crate::analyze::{Analyzer, Options};
    use crate::encounter::Encounter;

    fn kinds(json: &str) -> Vec<(String, String)> {
        let enc = Encounter::from_json(json).unwrap();
        let r = Analyzer::builtin().analyze(enc, Options::default()).unwrap();
        r.findings.iter().map(|f| (f.kind.to_string(), f.severity.to_string())).collect()
    }

    const BASE: &str = r#"{"date_of_service":"2026-02-01","setting":"bedside","provider":"1",
        "history":[{"code":"27447","date":"2026-01-10","provider":"1","diagnoses":["M17.11"]}],"#;

    #[test]
    fn billed_78_at_bedside_is_an_error() {
        let json = format!(
            r#"{BASE}"procedures":[{{"code":"10140","billed_modifiers":["78"],"diagnoses":["T81.49XA"]}}],
            "note":"Bedside evacuation of a wound hematoma at the knee incision."}}"#
        );
        let k = kinds(&json);
        assert!(k.contains(&("78_without_or_return".into(), "error".into())), "{k:?}");
    }

    #[test]
    fn billed_58_for_a_complication_is_an_error() {
        let json = format!(
            r#"{BASE}"procedures":[{{"code":"27310","billed_modifiers":["58"]}}],
            "note":"Returned to the operating room for irrigation and debridement of a postoperative infection."}}"#
        );
        let k = kinds(&json);
        assert!(k.contains(&("58_for_complication".into(), "error".into())), "{k:?}");
    }

    #[test]
    fn in_global_without_modifier_is_an_error() {
        let json = format!(
            r#"{BASE}"procedures":[{{"code":"25607","billed_modifiers":[],"diagnoses":["S52.572A"]}}],
            "note":"She fell and sustained a new injury, a distal radius fracture of the left wrist, unrelated to her knee replacement. ORIF performed."}}"#
        );
        let k = kinds(&json);
        assert!(k.contains(&("global_period_no_modifier".into(), "error".into())), "{k:?}");
    }

    #[test]
    fn billed_78_where_the_note_shows_a_new_problem_is_an_error() {
        let json = r#"{"date_of_service":"2026-02-01","provider":"1",
            "history":[{"code":"27447","date":"2026-01-10","provider":"1","diagnoses":["M17.11"]}],
            "procedures":[{"code":"25607","billed_modifiers":["78"],"diagnoses":["S52.572A"]}],
            "note":"She fell and sustained a new injury, a distal radius fracture of the left wrist, unrelated to her knee replacement. ORIF performed."}"#;
        let k = kinds(json);
        assert!(k.contains(&("billed_modifier_unsupported".into(), "error".into())), "{k:?}");
    }

    #[test]
    fn distinct_modifier_on_the_column_1_code_is_an_error() {
        let json = r#"{"date_of_service":"2026-02-01","payer":"commercial","provider":"1",
            "procedures":[{"code":"11602","billed_modifiers":["59"]},{"code":"11104","billed_modifiers":[]}],
            "note":"Excision of the 1.4 cm melanoma in situ of the upper back with margins. Separately, a punch biopsy of a different lesion on the left forearm."}"#;
        let k = kinds(json);
        assert!(k.contains(&("distinct_on_column_1".into(), "error".into())), "{k:?}");
    }

    #[test]
    fn nothing_billed_nothing_audited() {
        let json = format!(r#"{BASE}"procedures":[{{"code":"25607"}}],"note":"New injury: fractured left wrist after a fall."}}"#);
        assert!(kinds(&json).iter().all(|(_, s)| s != "error"));
    }
}
