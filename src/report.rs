//! The self-contained HTML audit report: each flagged encounter with its
//! findings, recommendations, and the note with evidence spans highlighted.
//! No external assets; written as a stream so large audits stay flat.

use std::io::Write;

use crate::batch::Outcome;
use crate::output::Summary;
use crate::result::EncounterResult;

/// Escapes text for HTML element content and attribute values.
pub fn escape(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            _ => o.push(c),
        }
    }
    o
}

/// A highlight: byte range, CSS class, hover title.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Highlight {
    /// Start byte offset in the note.
    pub start: usize,
    /// End byte offset.
    pub end: usize,
    /// `supports`, `opposes` or `context`.
    pub class: String,
    /// Rule, assertion and modifier, shown on hover.
    pub title: String,
}

/// The evidence spans of a result worth highlighting (recommended and
/// billed modifiers' evidence, and the global period's), without overlaps.
pub fn highlights(result: &EncounterResult) -> Vec<Highlight> {
    let mut all = Vec::new();
    for line in &result.procedures {
        for s in &line.suggestions {
            if !line.recommended.contains(&s.modifier) && s.score < 0.3 {
                continue;
            }
            for e in &s.evidence {
                all.push(Highlight {
                    start: e.span.start,
                    end: e.span.end,
                    class: e.effect.to_string(),
                    title: format!("{} {}: {} ({}, {})", e.effect, s.modifier.as_str(), e.rule, e.assertion.as_str(), e.section),
                });
            }
        }
        if let Some(g) = &line.global_period {
            for e in &g.evidence {
                all.push(Highlight {
                    start: e.span.start,
                    end: e.span.end,
                    class: "context".into(),
                    title: format!("global period: {} ({})", e.rule, e.assertion.as_str()),
                });
            }
        }
    }
    all.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)).then(a.class.cmp(&b.class)));
    let mut out: Vec<Highlight> = Vec::new();
    for h in all {
        if out.last().is_some_and(|l| h.start < l.end) {
            continue;
        }
        out.push(h);
    }
    out
}

/// The note as HTML with highlights (offsets outside the note or off char
/// boundaries are skipped, never a panic).
pub fn highlighted_note(note: &str, highlights: &[Highlight]) -> String {
    let mut o = String::new();
    let mut at = 0;
    for h in highlights {
        if h.start < at || h.end > note.len() || !note.is_char_boundary(h.start) || !note.is_char_boundary(h.end) {
            continue;
        }
        o.push_str(&escape(&note[at..h.start]));
        o.push_str(&format!(
            "<mark class=\"{}\" title=\"{}\">{}</mark>",
            escape(&h.class),
            escape(&h.title),
            escape(&note[h.start..h.end])
        ));
        at = h.end;
    }
    o.push_str(&escape(&note[at..]));
    o
}

const STYLE: &str = "body{font:15px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:70rem;color:#1b1b1b}\
h1{font-size:1.5rem}section{border:1px solid #ccc;border-radius:6px;padding:1rem;margin:1.2rem 0}\
table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:.25rem .5rem;text-align:left;vertical-align:top}\
.error{color:#a40000;font-weight:600}.warning{color:#8a5a00;font-weight:600}.info{color:#555}\
pre{white-space:pre-wrap;background:#fafafa;border:1px solid #eee;padding:.8rem}\
mark.supports{background:#c8f0c8}mark.opposes{background:#ffd6d6}mark.context{background:#dde8ff}";

/// Streams the report.
pub struct HtmlReport<W: Write> {
    out: W,
    flagged: usize,
}

impl<W: Write> HtmlReport<W> {
    /// Writes the page head.
    pub fn new(mut out: W) -> std::io::Result<Self> {
        write!(
            out,
            "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>modcite audit report</title>\
             <style>{STYLE}</style></head><body>\n<h1>modcite audit report</h1>\n\
             <p>Encounters whose billed modifiers disagree with the documentation. Highlights: \
             <mark class=\"supports\">supports</mark> <mark class=\"opposes\">opposes</mark> \
             <mark class=\"context\">context</mark> (hover for the rule). <a href=\"#summary\">Summary</a></p>\n"
        )?;
        Ok(HtmlReport { out, flagged: 0 })
    }

    /// Adds an encounter when it has error or warning findings.
    pub fn add(&mut self, o: &Outcome) -> std::io::Result<()> {
        let Ok(r) = &o.result else { return Ok(()) };
        if !r.findings.iter().any(|f| f.severity == "error" || f.severity == "warning") {
            return Ok(());
        }
        self.flagged += 1;
        let id = r.id.clone().unwrap_or_default();
        writeln!(self.out, "<section><h2>{}</h2>", escape(&id))?;
        writeln!(self.out, "<table><tr><th>severity</th><th>kind</th><th>code</th><th>modifier</th><th>message</th></tr>")?;
        for f in &r.findings {
            writeln!(
                self.out,
                "<tr><td class=\"{0}\">{0}</td><td>{1}</td><td>{2}</td><td>{3}</td><td>{4}</td></tr>",
                escape(f.severity),
                escape(f.kind),
                escape(f.code.as_deref().unwrap_or("")),
                escape(f.modifier.as_deref().unwrap_or("")),
                escape(&f.message)
            )?;
        }
        writeln!(self.out, "</table>\n<p>")?;
        for l in &r.procedures {
            let rec: Vec<&str> = l.recommended.iter().map(|m| m.as_str()).collect();
            let top = l.suggestions.iter().find(|s| l.recommended.contains(&s.modifier));
            writeln!(
                self.out,
                "<b>{}</b>: {}{}<br>",
                escape(l.code.as_deref().unwrap_or("(no code)")),
                if rec.is_empty() { "no modifier supported".to_string() } else { format!("documentation supports {}", rec.join(", ")) },
                top.map(|s| format!(" &mdash; {}", escape(&s.rationale))).unwrap_or_default()
            )?;
        }
        writeln!(self.out, "</p>")?;
        if let Some(note) = &o.note {
            writeln!(self.out, "<pre>{}</pre>", highlighted_note(note, &highlights(r)))?;
        }
        writeln!(self.out, "</section>")
    }

    /// Writes the summary and closes the page.
    pub fn finish(mut self, summary: &Summary) -> std::io::Result<W> {
        writeln!(self.out, "<section id=\"summary\"><h2>Summary</h2><p>{}; {} encounters flagged.</p>", escape(&summary.line()), self.flagged)?;
        writeln!(self.out, "<table><tr><th>severity</th><th>kind</th><th>count</th></tr>")?;
        for ((sev, kind), n) in &summary.findings {
            writeln!(self.out, "<tr><td class=\"{0}\">{0}</td><td>{1}</td><td>{n}</td></tr>", escape(sev), escape(kind))?;
        }
        writeln!(self.out, "</table></section></body></html>")?;
        self.out.flush()?;
        Ok(self.out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn highlighting_escapes_and_marks_exact_spans() {
        let note = "a <b> & “planned second stage” é";
        let start = note.find("planned").unwrap();
        let end = start + "planned second stage".len();
        let h = vec![Highlight { start, end, class: "supports".into(), title: "58 \"x\"".into() }];
        let html = highlighted_note(note, &h);
        assert!(html.starts_with("a &lt;b&gt; &amp; “<mark class=\"supports\" title=\"58 &quot;x&quot;\">planned second stage</mark>” é"));
        // Bad offsets are skipped, not a panic.
        let bad = vec![Highlight { start: note.len() - 1, end: note.len() + 4, class: "x".into(), title: String::new() }];
        assert_eq!(highlighted_note(note, &bad), escape(note));
    }
}
