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

/// Options of the human rendering.
#[derive(Debug, Clone, Copy, Default)]
pub struct HumanOptions {
    /// Also list suggestions scoring zero.
    pub all: bool,
    /// ANSI colour (otherwise plain `[`/`]` markers around cited spans).
    pub color: bool,
}

struct Paint {
    color: bool,
}

impl Paint {
    fn wrap(&self, code: &str, s: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
    fn bold(&self, s: &str) -> String {
        self.wrap("1", s)
    }
    fn dim(&self, s: &str) -> String {
        self.wrap("2", s)
    }
    fn span(&self, effect: &str, s: &str) -> String {
        if self.color {
            let code = match effect {
                "supports" => "1;32",
                "opposes" => "1;31",
                _ => "1;36",
            };
            self.wrap(code, s)
        } else {
            format!("[{s}]")
        }
    }
}

/// The note line holding some evidence spans, with the spans marked, trimmed
/// to a window around them. Spans running past the line end are marked to the
/// end; overlapping spans after the first are skipped.
fn evidence_line(note: &str, spans: &[&Evidence], paint: &Paint) -> Option<String> {
    let first = spans.first()?;
    let start0 = first.span.start;
    if start0 > note.len() || !note.is_char_boundary(start0) {
        return None;
    }
    let line_start = note[..start0].rfind('\n').map(|i| i + 1).unwrap_or(0);
    let line_end = note[start0..].find('\n').map(|i| start0 + i).unwrap_or(note.len());
    let clean = |s: &str| s.replace(['\r', '\t'], " ");
    let mut body = String::new();
    let mut at = line_start;
    for e in spans {
        let (start, end) = (e.span.start, e.span.end.min(line_end));
        if start < at || end > note.len() || !note.is_char_boundary(start) || !note.is_char_boundary(end) || start > end {
            continue;
        }
        let gap = clean(&note[at..start]);
        let gap = if at == line_start && gap.chars().count() > 50 {
            format!("…{}", gap.chars().rev().take(50).collect::<Vec<_>>().into_iter().rev().collect::<String>())
        } else {
            gap
        };
        body.push_str(&gap);
        body.push_str(&paint.span(e.effect, &clean(&note[start..end])));
        at = end;
    }
    let tail = clean(&note[at..line_end]);
    let tail = if tail.chars().count() > 50 { format!("{}…", tail.chars().take(50).collect::<String>()) } else { tail };
    body.push_str(&tail);
    Some(body.trim().to_string())
}

/// Renders a result for a terminal: per line the recommendation first, the
/// global period, then the ranked suggestions with score and rationale, each
/// followed by the note lines holding its evidence with the cited spans
/// marked (colour, or `[...]` without colour).
pub fn render_human(result: &EncounterResult, note: &str, options: HumanOptions) -> String {
    let paint = Paint { color: options.color };
    let mut o = String::new();
    if let Some(id) = &result.id {
        let _ = writeln!(o, "encounter {id}");
    }
    for line in &result.procedures {
        let code = line.code.as_deref().unwrap_or("(no code)");
        let rec: Vec<&str> = line.recommended.iter().map(|m| m.as_str()).collect();
        let rec = if rec.is_empty() { "no modifier".to_string() } else { format!("append {}", rec.join(", ")) };
        let _ = writeln!(o, "{}", paint.bold(&format!("{code}: {rec}")));
        if let Some(review) = &line.review {
            let _ = writeln!(o, "  review before billing: {}", review.reasons.join("; "));
        }
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
        for s in line.suggestions.iter().filter(|s| options.all || s.score > 0.0) {
            let chosen = line.recommended.contains(&s.modifier);
            let head = format!("  {}{:<3} {:.2}", if chosen { "*" } else { " " }, s.modifier.as_str(), s.score);
            let _ = writeln!(o, "{}  {}", if chosen { paint.bold(&head) } else { head }, s.rationale);
            let mut i = 0;
            while i < s.evidence.len() {
                let line_no = s.evidence[i].span.line;
                let group: Vec<&Evidence> = s.evidence[i..].iter().take_while(|e| e.span.line == line_no).collect();
                i += group.len();
                let text = evidence_line(note, &group, &paint).unwrap_or_else(|| quote(group[0]));
                let _ = writeln!(o, "        {line_no:>4} | {text}");
                let mut labels: Vec<String> = group
                    .iter()
                    .map(|e| format!("{} {} ({}, {})", e.effect, e.rule, e.section, e.assertion.as_str()))
                    .collect();
                labels.dedup();
                let _ = writeln!(o, "             {}", paint.dim(&labels.join("; ")));
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
        let _ = writeln!(o, "considered (every phrase hit, kept or dropped):");
        for c in list {
            let _ = writeln!(
                o,
                "  {:>4}:{:<3} {} {} [{}; {}]{} <- {} {} at {}",
                c.evidence.span.line,
                c.evidence.span.column,
                quote(&c.evidence),
                if c.outcome == "counted" { "kept" } else { "dropped" },
                c.category,
                c.evidence.assertion.as_str(),
                c.reason.as_ref().map(|r| format!(" {r}")).unwrap_or_default(),
                c.matched_by.kind,
                c.matched_by.id,
                c.matched_by.origin,
            );
        }
    }
    o
}

/// Output formats of `batch` and `audit`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BatchFormat {
    /// One JSON object per line (results, or findings for audit).
    JsonLines,
    /// CSV: one row per suggestion (batch) or per finding (audit).
    Csv,
    /// One JSON array.
    JsonArray,
}

/// Counts for the end-of-run summary.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    /// Input records seen.
    pub records: usize,
    /// Records analyzed.
    pub results: usize,
    /// Records that could not be analyzed.
    pub errors: usize,
    /// Findings by (severity, kind).
    pub findings: std::collections::BTreeMap<(String, String), usize>,
}

impl Summary {
    /// Adds one outcome.
    pub fn add(&mut self, o: &crate::batch::Outcome) {
        self.records += 1;
        match &o.result {
            Ok(r) => {
                self.results += 1;
                for f in &r.findings {
                    *self.findings.entry((f.severity.to_string(), f.kind.to_string())).or_default() += 1;
                }
            }
            Err(_) => self.errors += 1,
        }
    }

    /// Findings of a severity.
    pub fn count(&self, severity: &str) -> usize {
        self.findings.iter().filter(|((s, _), _)| s == severity).map(|(_, n)| n).sum()
    }

    /// One summary line.
    pub fn line(&self) -> String {
        format!(
            "{} records: {} results, {} errors; findings: {} error, {} warning, {} info",
            self.records,
            self.results,
            self.errors,
            self.count("error"),
            self.count("warning"),
            self.count("info")
        )
    }

    /// A table of findings by kind and severity.
    pub fn table(&self) -> String {
        let mut o = String::new();
        let _ = writeln!(o, "{:<8} {:<30} {:>7}", "severity", "kind", "count");
        for ((sev, kind), n) in &self.findings {
            let _ = writeln!(o, "{sev:<8} {kind:<30} {n:>7}");
        }
        if self.findings.is_empty() {
            let _ = writeln!(o, "(no findings)");
        }
        o
    }
}

/// One outcome rendered for output, ready to be written in input order:
/// rendering runs on the worker threads, writing on one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rendered {
    /// JSON items (a result, an error record, or one per audit finding).
    Json(Vec<String>),
    /// Complete CSV rows.
    Csv(Vec<u8>),
}

/// Writes `batch` results in a chosen format, streaming.
pub struct ResultWriter<W: std::io::Write> {
    out: W,
    format: BatchFormat,
    first: bool,
    findings_only: bool,
}

const RESULT_CSV_HEADER: [&str; 10] =
    ["id", "line", "code", "modifier", "score", "recommended", "rationale", "evidence", "error_kind", "error_message"];
const FINDING_CSV_HEADER: [&str; 9] = ["id", "line", "code", "kind", "severity", "modifier", "message", "error_kind", "error_message"];

fn csv_rows(write: impl FnOnce(&mut csv::Writer<Vec<u8>>) -> csv::Result<()>) -> Vec<u8> {
    let mut c = csv::Writer::from_writer(Vec::new());
    write(&mut c).expect("CSV rows write to memory");
    c.into_inner().expect("CSV rows flush to memory")
}

impl<W: std::io::Write> ResultWriter<W> {
    /// A writer of results (`findings_only = false`) or of audit findings.
    pub fn new(out: W, format: BatchFormat, findings_only: bool) -> std::io::Result<Self> {
        ResultWriter::open(out, format, findings_only, true)
    }

    /// A writer that goes on writing an output that already holds records
    /// (`batch --resume`): no CSV header, no opening bracket.
    pub fn continuing(out: W, format: BatchFormat, findings_only: bool) -> std::io::Result<Self> {
        ResultWriter::open(out, format, findings_only, false)
    }

    fn open(mut out: W, format: BatchFormat, findings_only: bool, fresh: bool) -> std::io::Result<Self> {
        if fresh {
            match format {
                BatchFormat::Csv => {
                    let header: &[&str] = if findings_only { &FINDING_CSV_HEADER } else { &RESULT_CSV_HEADER };
                    out.write_all(&csv_rows(|c| c.write_record(header)))?;
                }
                BatchFormat::JsonArray => out.write_all(b"[")?,
                BatchFormat::JsonLines => {}
            }
        }
        Ok(ResultWriter { out, format, first: fresh, findings_only })
    }

    fn json_item(&mut self, item: &str) -> std::io::Result<()> {
        match self.format {
            BatchFormat::JsonLines => {
                self.out.write_all(item.as_bytes())?;
                self.out.write_all(b"\n")
            }
            BatchFormat::JsonArray => {
                self.out.write_all(if self.first { b"\n" } else { b",\n" })?;
                self.first = false;
                self.out.write_all(item.as_bytes())
            }
            BatchFormat::Csv => Ok(()),
        }
    }

    /// Writes one outcome.
    pub fn write(&mut self, o: &crate::batch::Outcome) -> std::io::Result<()> {
        let rendered = render(o, self.format, self.findings_only);
        self.write_rendered(&rendered)
    }

    /// Writes an outcome rendered by [`render`] with this
    /// writer's format.
    pub fn write_rendered(&mut self, rendered: &Rendered) -> std::io::Result<()> {
        match rendered {
            Rendered::Json(items) => items.iter().try_for_each(|item| self.json_item(item)),
            Rendered::Csv(rows) => self.out.write_all(rows),
        }
    }

    /// Flushes what was written so far.
    pub fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }

    /// Ends the output (closes a JSON array) and flushes.
    pub fn finish(mut self) -> std::io::Result<W> {
        if self.format == BatchFormat::JsonArray {
            self.out.write_all(if self.first { b"]\n" } else { b"\n]\n" })?;
        }
        self.out.flush()?;
        Ok(self.out)
    }
}

/// Renders one outcome in `format`: what [`ResultWriter::write`] writes
/// (`batch` renders on its worker threads, then writes in order).
pub fn render(o: &crate::batch::Outcome, format: BatchFormat, findings_only: bool) -> Rendered {
    if format == BatchFormat::Csv {
        return Rendered::Csv(csv_rows(|c| render_csv(c, o, findings_only)));
    }
    Rendered::Json(match &o.result {
        Err(e) => vec![error_record(o, e)],
        Ok(r) if findings_only => r
            .findings
            .iter()
            .map(|f| {
                serde_json::json!({
                    "id": r.id, "line": o.origin.line, "kind": f.kind, "severity": f.severity,
                    "code": f.code, "modifier": f.modifier, "message": f.message,
                })
                .to_string()
            })
            .collect(),
        Ok(r) => vec![to_json_line(r)],
    })
}

/// The CSV rows of one outcome.
fn render_csv(c: &mut csv::Writer<Vec<u8>>, o: &crate::batch::Outcome, findings_only: bool) -> csv::Result<()> {
    let line = o.origin.line.map(|l| l.to_string()).unwrap_or_default();
    match &o.result {
        Err(e) => {
            if findings_only {
                c.write_record([&o.origin.default_id, &line, "", "", "", "", "", e.kind, &e.message])?;
            } else {
                c.write_record([&o.origin.default_id, &line, "", "", "", "", "", "", e.kind, &e.message])?;
            }
        }
        Ok(r) => {
            let id = r.id.clone().unwrap_or_default();
            if findings_only {
                for f in &r.findings {
                    c.write_record([
                        id.as_str(),
                        &line,
                        f.code.as_deref().unwrap_or(""),
                        f.kind,
                        f.severity,
                        f.modifier.as_deref().unwrap_or(""),
                        &f.message,
                        "",
                        "",
                    ])?;
                }
            } else {
                if r.procedures.is_empty() {
                    c.write_record([id.as_str(), &line, "", "", "", "", "", "", "", ""])?;
                }
                for l in &r.procedures {
                    for s in &l.suggestions {
                        let evidence: Vec<String> = s
                            .evidence
                            .iter()
                            .map(|e| format!("{}@{}..{}:{}", e.effect, e.span.start, e.span.end, e.rule))
                            .collect();
                        c.write_record([
                            id.as_str(),
                            &line,
                            l.code.as_deref().unwrap_or(""),
                            s.modifier.as_str(),
                            &format!("{:.3}", s.score),
                            if l.recommended.contains(&s.modifier) { "true" } else { "false" },
                            &s.rationale,
                            &evidence.join(" "),
                            "",
                            "",
                        ])?;
                    }
                }
            }
        }
    }
    Ok(())
}

/// The error record written in place of an unreadable input record.
pub fn error_record(o: &crate::batch::Outcome, e: &crate::batch::RecordError) -> String {
    let v = serde_json::json!({
        "id": serde_json::Value::Null,
        "line": o.origin.line,
        "source": o.origin.source,
        "error": {"kind": e.kind, "message": e.message},
    });
    v.to_string()
}
