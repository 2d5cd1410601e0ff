//! Corpus scoring: runs the analyzer on annotated encounters and compares
//! its recommendations with the gold answers.
//!
//! A corpus record is an encounter (see [`crate::encounter`]) plus an
//! `expected` object:
//!
//! ```json
//! {"procedures": [{"code": "27447", "modifiers": ["58"], "acceptable": [["58"]]}],
//!  "evidence_phrases": ["planned second stage"], "why": "..."}
//! ```
//!
//! A line is correct when the recommended set equals `modifiers` or one of
//! the `acceptable` sets (order does not matter). Per-modifier counts treat an
//! acceptable prediction as the gold for that line.
//!
//! Two more views of the same records:
//! - **Review coverage**: accuracy on the lines the analyzer did not flag for
//!   review, and the share of lines it answered without a flag.
//! - **Audit check**: each record is audited twice, once billed with its gold
//!   modifiers (an `error` finding there is a false error) and once with a
//!   deliberately wrong modifier on its first line (no `error` finding there is
//!   a wrong billing that passed).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::analyze::{Analyzer, Options};
use crate::encounter::Encounter;
use crate::model::Modifier;
use crate::result::EncounterResult;

/// Gold answers of one record.
#[derive(Debug, Clone, Deserialize, Default)]
pub struct Expected {
    /// One entry per procedure line, in order.
    #[serde(default)]
    pub procedures: Vec<ExpectedLine>,
    /// Phrases a coder would cite; each must be covered by a supporting span.
    #[serde(default)]
    pub evidence_phrases: Vec<String>,
    /// The annotator's reasoning.
    #[serde(default)]
    pub why: String,
}

/// Gold answer for one line.
#[derive(Debug, Clone, Deserialize, Default)]
pub struct ExpectedLine {
    /// The line's code (for reports).
    #[serde(default)]
    pub code: Option<String>,
    /// The modifiers a coder appends.
    #[serde(default)]
    pub modifiers: Vec<String>,
    /// Other sets that are also right.
    #[serde(default)]
    pub acceptable: Vec<Vec<String>>,
}

/// Precision/recall counts for one modifier.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ModifierScore {
    /// Predicted and gold.
    pub tp: usize,
    /// Predicted, not gold.
    pub fp: usize,
    /// Gold, not predicted.
    #[serde(rename = "fn")]
    pub missed: usize,
    /// tp / (tp + fp).
    pub precision: f64,
    /// tp / (tp + fn).
    pub recall: f64,
    /// Harmonic mean.
    pub f1: f64,
}

/// One wrong line.
#[derive(Debug, Clone, Serialize)]
pub struct Miss {
    /// Record id (or `file:line`).
    pub id: String,
    /// Line code.
    pub code: Option<String>,
    /// Gold modifiers.
    pub expected: Vec<String>,
    /// What the analyzer recommended (or `error: ...`).
    pub got: Vec<String>,
    /// The top-scored suggestion with a score above zero, for diagnosis (none when nothing scored).
    pub top: Option<String>,
}

/// The scores of a corpus.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Report {
    /// Records read.
    pub records: usize,
    /// Records that could not be analyzed.
    pub errors: usize,
    /// Lines scored.
    pub lines: usize,
    /// Lines whose recommendation was acceptable.
    pub correct_lines: usize,
    /// correct_lines / lines.
    pub line_accuracy: f64,
    /// Lines whose gold is none.
    pub none_lines: usize,
    /// Of those, lines where something was recommended.
    pub false_alarms: usize,
    /// Per modifier.
    pub modifiers: BTreeMap<String, ModifierScore>,
    /// gold label → predicted label → count.
    pub confusion: BTreeMap<String, BTreeMap<String, usize>>,
    /// Evidence phrases in the gold of records where some line takes a modifier.
    pub evidence_phrases: usize,
    /// Of those, phrases overlapped by a supporting span of a recommended modifier.
    pub evidence_found: usize,
    /// evidence_found / evidence_phrases.
    pub evidence_recall: f64,
    /// Wrong lines.
    pub misses: Vec<Miss>,
    /// Evidence phrases not cited: (record id, phrase).
    pub uncited: Vec<(String, String)>,
    /// Lines not flagged for review.
    pub unflagged_lines: usize,
    /// Of those, lines answered acceptably.
    pub unflagged_correct: usize,
    /// unflagged_correct / unflagged_lines.
    pub unflagged_accuracy: f64,
    /// unflagged_lines / lines: the share answered without a person.
    pub coverage: f64,
    /// Records audited with their gold modifiers billed.
    pub audit_gold_records: usize,
    /// Of those, records given an `error` finding (false errors).
    pub audit_false_errors: usize,
    /// Records audited with a wrong modifier billed.
    pub audit_wrong_records: usize,
    /// Of those, records given an `error` finding (wrong billings caught).
    pub audit_caught: usize,
    /// Records whose gold billing drew an error: (id, finding kinds).
    pub audit_false_error_ids: Vec<(String, Vec<String>)>,
    /// Records whose wrong billing passed: (id, what was billed).
    pub audit_passed_ids: Vec<(String, String)>,
}

/// A corpus error (unreadable file).
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    /// The path could not be read.
    #[error("{path}: {cause}")]
    Io {
        /// The path.
        path: String,
        /// The cause (shown in the message, so not chained as a source).
        cause: std::io::Error,
    },
    /// No `.jsonl` file was found.
    #[error("{0}: no .jsonl corpus files found")]
    Empty(String),
}

/// Lists the corpus files under a path: the file itself, or every `.jsonl`
/// file in the folder (sorted by name).
pub fn corpus_files(path: &Path) -> Result<Vec<PathBuf>, EvalError> {
    let io = |cause| EvalError::Io { path: path.display().to_string(), cause };
    if path.is_dir() {
        let mut files: Vec<PathBuf> = std::fs::read_dir(path)
            .map_err(io)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "jsonl"))
            .collect();
        files.sort();
        if files.is_empty() {
            return Err(EvalError::Empty(path.display().to_string()));
        }
        Ok(files)
    } else {
        std::fs::metadata(path).map_err(io)?;
        Ok(vec![path.to_path_buf()])
    }
}

struct Record {
    id: String,
    expected: Expected,
    outcome: Result<(String, EncounterResult), String>,
    /// Audit of the gold billing and of a wrong one: (error kinds, what was billed wrong).
    audit: Option<AuditCheck>,
}

struct AuditCheck {
    gold_errors: Vec<String>,
    wrong_billed: String,
    wrong_errors: Vec<String>,
}

/// A plausible but wrong modifier for a line whose gold is `gold`: the
/// confusion a coder makes (58 for 78, 59 where nothing applies, ...), never
/// one of the line's acceptable answers.
fn wrong_modifier(gold: &BTreeSet<String>, acceptable: &[BTreeSet<String>]) -> &'static str {
    let first = gold.iter().next().map(String::as_str);
    let likely: &[&'static str] = match first {
        None => &["59", "79", "58"],
        Some("58") => &["78", "79"],
        Some("78") => &["58", "79"],
        Some("79") => &["78", "58"],
        Some("76") => &["77", "59"],
        Some("77") => &["76", "59"],
        Some(_) => &["58", "76"],
    };
    let is_acceptable = |m: &str| acceptable.iter().any(|a| a.len() == 1 && a.contains(m));
    likely.iter().copied().find(|m| !is_acceptable(m)).unwrap_or("76")
}

/// Audits `enc` billed with `billed` per line; returns the error finding kinds.
fn audit_errors(analyzer: &Analyzer, enc: &Encounter, billed: &[Vec<String>]) -> Option<Vec<String>> {
    let mut enc = enc.clone();
    let lines = enc.procedures.as_mut()?;
    for (line, b) in lines.iter_mut().zip(billed) {
        line.billed_modifiers = Some(b.clone());
    }
    let result = analyzer.analyze(enc, Options::default()).ok()?;
    Some(result.findings.iter().filter(|f| f.severity == "error").map(|f| f.kind.to_string()).collect())
}

fn audit_check(analyzer: &Analyzer, enc: &Encounter, expected: &Expected) -> Option<AuditCheck> {
    let gold: Vec<Vec<String>> = expected.procedures.iter().map(|p| p.modifiers.clone()).collect();
    if enc.procedures.as_ref().is_none_or(|p| p.len() != gold.len() || p.is_empty()) {
        return None;
    }
    let gold_errors = audit_errors(analyzer, enc, &gold)?;
    let mut wrong = gold.clone();
    let first = &expected.procedures[0];
    let acceptable: Vec<BTreeSet<String>> = first.acceptable.iter().map(|a| set_of(a)).chain([set_of(&first.modifiers)]).collect();
    let bad = wrong_modifier(&set_of(&gold[0]), &acceptable);
    wrong[0] = vec![bad.to_string()];
    let wrong_errors = audit_errors(analyzer, enc, &wrong)?;
    Some(AuditCheck { gold_errors, wrong_billed: format!("{} on line 1", bad), wrong_errors })
}

fn label(set: &BTreeSet<String>) -> String {
    if set.is_empty() {
        "none".into()
    } else {
        set.iter().cloned().collect::<Vec<_>>().join("+")
    }
}

fn set_of(list: &[String]) -> BTreeSet<String> {
    list.iter().map(|s| s.trim().to_ascii_uppercase()).collect()
}

fn read_record(analyzer: &Analyzer, file: &str, line_no: usize, line: &str) -> Record {
    let fallback = format!("{file}:{line_no}");
    let value: serde_json::Value = match serde_json::from_str(line) {
        Ok(v) => v,
        Err(e) => {
            return Record {
                id: fallback,
                expected: Expected::default(),
                outcome: Err(crate::encounter::describe_json_error(&e)),
                audit: None,
            }
        }
    };
    let mut value = value;
    let expected = value
        .as_object_mut()
        .and_then(|o| o.remove("expected"))
        .and_then(|e| serde_json::from_value::<Expected>(e).ok())
        .unwrap_or_default();
    let id = value.get("id").and_then(|v| v.as_str()).map(str::to_string).unwrap_or(fallback);
    let encounter = serde_json::from_value::<Encounter>(value).map_err(|e| crate::encounter::describe_json_error(&e));
    let audit = encounter.as_ref().ok().and_then(|enc| audit_check(analyzer, enc, &expected));
    let outcome = encounter.and_then(|enc| {
        let note = enc.note.clone().unwrap_or_default();
        analyzer.analyze(enc, Options::default()).map(|r| (note, r)).map_err(|e| e.to_string())
    });
    Record { id, expected, outcome, audit }
}

/// Scores every record of the given corpus files.
pub fn evaluate(analyzer: &Analyzer, files: &[PathBuf]) -> Result<Report, EvalError> {
    let mut inputs = Vec::new();
    for f in files {
        let bytes = std::fs::read(f).map_err(|cause| EvalError::Io { path: f.display().to_string(), cause })?;
        let name = f.display().to_string();
        // Lines are decoded one by one: a line that is not UTF-8 is scored as
        // an error record, like a line that is not JSON.
        for (i, line) in bytes.split(|&b| b == b'\n').enumerate() {
            let line = line.strip_suffix(b"\r").unwrap_or(line);
            let line = match std::str::from_utf8(line) {
                Ok(l) => Ok(l.to_string()),
                Err(e) => Err(format!("invalid UTF-8 at byte {}", e.valid_up_to())),
            };
            if line.as_ref().is_ok_and(|l| l.trim().is_empty()) {
                continue;
            }
            inputs.push((name.clone(), i + 1, line));
        }
    }
    let records: Vec<Record> =
        inputs
            .par_iter()
            .map(|(f, n, l)| match l {
                Ok(l) => read_record(analyzer, f, *n, l),
                Err(message) => Record {
                    id: format!("{f}:{n}"),
                    expected: Expected::default(),
                    outcome: Err(message.clone()),
                    audit: None,
                },
            })
            .collect();
    Ok(score(&records))
}

fn score(records: &[Record]) -> Report {
    let mut r = Report { records: records.len(), ..Report::default() };
    for m in Modifier::ALL {
        r.modifiers.insert(m.as_str().to_string(), ModifierScore::default());
    }
    for rec in records {
        let (note, result) = match &rec.outcome {
            Ok((n, res)) => (n.as_str(), Some(res)),
            Err(_) => ("", None),
        };
        if result.is_none() {
            r.errors += 1;
        }
        for (i, gold) in rec.expected.procedures.iter().enumerate() {
            r.lines += 1;
            let gold_set = set_of(&gold.modifiers);
            let mut acceptable: Vec<BTreeSet<String>> = gold.acceptable.iter().map(|a| set_of(a)).collect();
            acceptable.push(gold_set.clone());
            let line = result.and_then(|res| res.procedures.get(i));
            let got: BTreeSet<String> =
                line.map(|l| l.recommended.iter().map(|m| m.as_str().to_string()).collect()).unwrap_or_default();
            let correct = result.is_some() && acceptable.contains(&got);
            if line.is_some_and(|l| l.review.is_none()) {
                r.unflagged_lines += 1;
                r.unflagged_correct += usize::from(correct);
            }
            if gold_set.is_empty() {
                r.none_lines += 1;
                if !got.is_empty() {
                    r.false_alarms += 1;
                }
            }
            let effective_gold = if correct { got.clone() } else { gold_set.clone() };
            for m in effective_gold.union(&got) {
                let s = r.modifiers.entry(m.clone()).or_default();
                match (effective_gold.contains(m), got.contains(m)) {
                    (true, true) => s.tp += 1,
                    (false, true) => s.fp += 1,
                    (true, false) => s.missed += 1,
                    _ => {}
                }
            }
            *r.confusion.entry(label(&gold_set)).or_default().entry(if result.is_some() { label(&got) } else { "error".into() }).or_default() += 1;
            if correct {
                r.correct_lines += 1;
            } else {
                let top = line.and_then(|l| {
                    l.suggestions.iter().filter(|s| s.score > 0.0).max_by(|a, b| a.score.total_cmp(&b.score)).map(|s| format!("{} {:.2}", s.modifier.as_str(), s.score))
                });
                r.misses.push(Miss {
                    id: rec.id.clone(),
                    code: gold.code.clone(),
                    expected: gold.modifiers.clone(),
                    got: match &rec.outcome {
                        Ok(_) => got.into_iter().collect(),
                        Err(e) => vec![format!("error: {e}")],
                    },
                    top,
                });
            }
        }
        if let Some(a) = &rec.audit {
            r.audit_gold_records += 1;
            if !a.gold_errors.is_empty() {
                r.audit_false_errors += 1;
                r.audit_false_error_ids.push((rec.id.clone(), a.gold_errors.clone()));
            }
            r.audit_wrong_records += 1;
            if a.wrong_errors.is_empty() {
                r.audit_passed_ids.push((rec.id.clone(), a.wrong_billed.clone()));
            } else {
                r.audit_caught += 1;
            }
        }
        // Evidence phrases are scored where the gold appends a modifier: only then
        // is there a recommendation whose supporting spans should cite them.
        let has_modifier = rec.expected.procedures.iter().any(|p| !p.modifiers.is_empty());
        for phrase in rec.expected.evidence_phrases.iter().filter(|_| has_modifier) {
            r.evidence_phrases += 1;
            let cited = result.is_some_and(|res| phrase_cited(note, phrase, res));
            if cited {
                r.evidence_found += 1;
            } else {
                r.uncited.push((rec.id.clone(), phrase.clone()));
            }
        }
    }
    for s in r.modifiers.values_mut() {
        s.precision = ratio(s.tp, s.tp + s.fp);
        s.recall = ratio(s.tp, s.tp + s.missed);
        s.f1 = if s.precision + s.recall > 0.0 { 2.0 * s.precision * s.recall / (s.precision + s.recall) } else { 0.0 };
    }
    r.modifiers.retain(|_, s| s.tp + s.fp + s.missed > 0);
    r.line_accuracy = ratio(r.correct_lines, r.lines);
    r.unflagged_accuracy = ratio(r.unflagged_correct, r.unflagged_lines);
    r.coverage = ratio(r.unflagged_lines, r.lines);
    r.evidence_recall = ratio(r.evidence_found, r.evidence_phrases);
    r
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// True when some supporting span of a recommended modifier overlaps an
/// occurrence of the phrase in the note.
fn phrase_cited(note: &str, phrase: &str, result: &EncounterResult) -> bool {
    let spans: Vec<(usize, usize)> = result
        .procedures
        .iter()
        .flat_map(|l| l.suggestions.iter().filter(|s| l.recommended.contains(&s.modifier)))
        .flat_map(|s| s.evidence.iter().filter(|e| e.effect == "supports" || e.effect == "context"))
        .map(|e| (e.span.start, e.span.end))
        .chain(result.procedures.iter().filter_map(|l| l.global_period.as_ref()).flat_map(|g| g.evidence.iter().map(|e| (e.span.start, e.span.end))))
        .collect();
    if phrase.is_empty() {
        return false;
    }
    note.match_indices(phrase).any(|(s, m)| {
        let e = s + m.len();
        spans.iter().any(|&(a, b)| a < e && s < b)
    })
}

/// Renders a report for a terminal.
pub fn render_human(r: &Report) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "records: {}  lines: {}  errors: {}", r.records, r.lines, r.errors);
    let _ = writeln!(
        o,
        "line accuracy: {:.1}% ({}/{})",
        100.0 * r.line_accuracy,
        r.correct_lines,
        r.lines
    );
    let _ = writeln!(o, "false alarms on gold-none lines: {} of {}", r.false_alarms, r.none_lines);
    let _ = writeln!(
        o,
        "evidence-phrase recall: {:.1}% ({}/{})",
        100.0 * r.evidence_recall,
        r.evidence_found,
        r.evidence_phrases
    );
    let _ = writeln!(
        o,
        "unflagged lines: accuracy {:.1}% ({}/{}), coverage {:.1}% of lines answered without a review flag",
        100.0 * r.unflagged_accuracy,
        r.unflagged_correct,
        r.unflagged_lines,
        100.0 * r.coverage
    );
    let _ = writeln!(
        o,
        "audit, gold modifiers billed: {} of {} records given an error finding ({:.1}%)",
        r.audit_false_errors,
        r.audit_gold_records,
        100.0 * ratio(r.audit_false_errors, r.audit_gold_records)
    );
    let _ = writeln!(
        o,
        "audit, a wrong modifier billed: {} of {} caught ({:.1}%)",
        r.audit_caught,
        r.audit_wrong_records,
        100.0 * ratio(r.audit_caught, r.audit_wrong_records)
    );
    let _ = writeln!(o, "\nmodifier  precision  recall     f1   tp  fp  fn");
    for (m, s) in &r.modifiers {
        let _ = writeln!(
            o,
            "{m:<8}  {:>9.3}  {:>6.3}  {:>5.3}  {:>3} {:>3} {:>3}",
            s.precision, s.recall, s.f1, s.tp, s.fp, s.missed
        );
    }
    let _ = writeln!(o, "\nconfusion (gold → predicted: count)");
    for (g, row) in &r.confusion {
        let cells: Vec<String> = row.iter().map(|(p, n)| format!("{p}: {n}")).collect();
        let _ = writeln!(o, "  {g:<8} → {}", cells.join(", "));
    }
    if !r.misses.is_empty() {
        let _ = writeln!(o, "\nmisses:");
        for m in &r.misses {
            let _ = writeln!(
                o,
                "  {} {}: expected [{}], got [{}]{}",
                m.id,
                m.code.as_deref().unwrap_or("-"),
                m.expected.join(","),
                m.got.join(","),
                m.top.as_ref().map(|t| format!(" (top {t})")).unwrap_or_default()
            );
        }
    }
    if !r.audit_false_error_ids.is_empty() {
        let _ = writeln!(o, "\naudit errors on gold billing:");
        for (id, kinds) in &r.audit_false_error_ids {
            let _ = writeln!(o, "  {id}: {}", kinds.join(", "));
        }
    }
    if !r.audit_passed_ids.is_empty() {
        let _ = writeln!(o, "\nwrong billings that passed audit:");
        for (id, billed) in &r.audit_passed_ids {
            let _ = writeln!(o, "  {id}: {billed}");
        }
    }
    if !r.uncited.is_empty() {
        let _ = writeln!(o, "\nevidence phrases not cited: {}", r.uncited.len());
    }
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scoring_counts_acceptable_sets_and_false_alarms() {
        let analyzer = Analyzer::builtin();
        let lines = [
            r#"{"id":"a","note":"Plain note with nothing to say.","procedures":[{"code":"11042"}],"expected":{"procedures":[{"code":"11042","modifiers":[]}]}}"#,
            r#"{"id":"b","note":"Another plain note.","procedures":[{"code":"11042"}],"expected":{"procedures":[{"code":"11042","modifiers":["58"],"acceptable":[["58"]]}]}}"#,
            r#"not json"#,
        ];
        let recs: Vec<Record> = lines.iter().enumerate().map(|(i, l)| read_record(&analyzer, "t", i + 1, l)).collect();
        let r = score(&recs);
        assert_eq!(r.records, 3);
        assert_eq!(r.errors, 1);
        assert_eq!(r.lines, 2);
        assert_eq!(r.correct_lines, 1);
        assert_eq!(r.misses[0].id, "b");
        assert_eq!(r.modifiers["58"].missed, 1);
        assert_eq!(r.false_alarms, 0);
    }
}
