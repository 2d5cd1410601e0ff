//! Output formats, at the edge of the pipeline: JSON (the public contract)
//! and a human-readable rendering for terminals.

use std::fmt::Write as _;

use crate::result::{EncounterResult, Evidence};

/// One compact JSON line for a result (records.md contract).
pub fn to_json_line(result: &EncounterResult) -> String {
    serde_json::to_string(result).expect("results serialize")
}

/// Pretty JSON for a result.
pub fn to_json_pretty(result: &EncounterResult) -> String {
    serde_json::to_string_pretty(result).expect("results serialize")
}

/// The JSON line written in place of a record that could not be analyzed.
pub fn error_line(id: Option<&str>, line: Option<usize>, kind: &str, message: &str) -> String {
    let v = serde_json::json!({
        "id": id,
        "line": line,
        "error": {"kind": kind, "message": message},
    });
    v.to_string()
}

fn quote(e: &Evidence) -> String {
    let t: String = e.span.text.split_whitespace().collect::<Vec<_>>().join(" ");
    let t = if t.chars().count() > 80 { format!("{}…", t.chars().take(80).collect::<String>()) } else { t };
    format!("\"{t}\"")
}

/// Renders a result for a terminal: per line, the recommendation, the global
/// period, and each suggestion with its score, rationale and evidence.
///
/// `all` also lists suggestions scoring zero.
pub fn render_human(result: &EncounterResult, all: bool) -> String {
    let mut o = String::new();
    if let Some(id) = &result.id {
        let _ = writeln!(o, "encounter {id}");
    }
    for line in &result.procedures {
        let code = line.code.as_deref().unwrap_or("(no code)");
        let rec: Vec<&str> = line.recommended.iter().map(|m| m.as_str()).collect();
        let rec = if rec.is_empty() { "no modifier".to_string() } else { format!("append {}", rec.join(", ")) };
        let _ = writeln!(o, "{code}: {rec}");
        if let Some(g) = &line.global_period {
            let mut s = format!("  global period: {}", g.status);
            if let Some(c) = &g.index_code {
                let _ = write!(s, ", index {c}");
            }
            if let Some(d) = &g.index_date {
                let _ = write!(s, " of {d}");
            }
            if let Some(v) = &g.global_days {
                let _ = write!(s, " ({v} days)");
            }
            if let Some(day) = g.day {
                let _ = write!(s, ", day {day}");
            }
            if let Some(e) = &g.ends {
                let _ = write!(s, ", ends {e}");
            }
            let _ = writeln!(o, "{s}");
        }
        for s in line.suggestions.iter().filter(|s| all || s.score > 0.0) {
            let mark = if line.recommended.contains(&s.modifier) { "*" } else { " " };
            let _ = writeln!(o, "  {mark}{:<3} {:.2}  {}", s.modifier.as_str(), s.score, s.rationale);
            for e in &s.evidence {
                let _ = writeln!(
                    o,
                    "        {} {}:{} {} [{}; {}, {}]",
                    e.effect,
                    e.span.line,
                    e.span.column,
                    quote(e),
                    e.rule,
                    e.section,
                    e.assertion.as_str()
                );
            }
        }
    }
    if !result.findings.is_empty() {
        let _ = writeln!(o, "findings:");
        for f in &result.findings {
            let _ = writeln!(
                o,
                "  {} {} {}{}: {}",
                f.severity,
                f.kind,
                f.code.as_deref().unwrap_or("-"),
                f.modifier.as_ref().map(|m| format!(" -{m}")).unwrap_or_default(),
                f.message
            );
        }
    }
    if !result.warnings.is_empty() {
        let _ = writeln!(o, "warnings:");
        for w in &result.warnings {
            let _ = writeln!(o, "  - {w}");
        }
    }
    if let Some(list) = &result.considered {
        let _ = writeln!(o, "considered:");
        for c in list {
            let _ = writeln!(
                o,
                "  {}:{} {} {} [{}; {}]{}",
                c.evidence.span.line,
                c.evidence.span.column,
                quote(&c.evidence),
                c.outcome,
                c.category,
                c.evidence.assertion.as_str(),
                c.reason.as_ref().map(|r| format!(" {r}")).unwrap_or_default()
            );
        }
    }
    o
}
