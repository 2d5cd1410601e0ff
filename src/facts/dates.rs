//! The order a note writes its numeric dates in.
//!
//! Date patterns read an ambiguous numeric date ("06/01/2026") month first.
//! A note that writes a date no month-first reading fits ("19/02/2026")
//! writes day first, and then its ambiguous dates are day first too: the
//! prior "on 06/01/2026" of a British operation note is 6 January, not 1 June.

use crate::lexicon::PatternKind;
use crate::matcher::{Extraction, Matches};
use crate::note::Note;

/// How a numeric date extraction was written: its first number is its day
/// (`Some(true)`), its month (`Some(false)`), or it is no numeric date.
fn day_written_first(note: &Note, e: &Extraction) -> Option<bool> {
    if !matches!(e.kind, PatternKind::Date | PatternKind::ServiceDate) {
        return None;
    }
    let (m, d): (u32, u32) = (e.field("m")?.parse().ok()?, e.field("d")?.parse().ok()?);
    let text = note.folded().get(e.start..e.end)?;
    let first: u32 = text.split(|c: char| !c.is_ascii_digit()).find(|run| !run.is_empty())?.parse().ok()?;
    match (first == d, first == m) {
        (true, false) => Some(true),
        (false, true) => Some(false),
        // "5/5/2026": either order.
        _ => None,
    }
}

/// The note's extractions with every ambiguous numeric date read day first,
/// when the note writes more dates that can only be day first ("19/02/2026")
/// than dates that can only be month first ("02/19/2026"); `None` when the
/// month-first reading stands.
pub fn in_the_notes_order(note: &Note, matches: &Matches) -> Option<Matches> {
    let unambiguous = |day_first: bool| {
        matches
            .extractions
            .iter()
            .filter(|e| e.field("d").and_then(|d| d.parse::<u32>().ok()).is_some_and(|d| d > 12))
            .filter(|e| day_written_first(note, e) == Some(day_first))
            .count()
    };
    if unambiguous(true) <= unambiguous(false) {
        return None;
    }
    let mut reordered = matches.clone();
    for e in &mut reordered.extractions {
        let ambiguous = e.field("d").and_then(|d| d.parse::<u32>().ok()).is_some_and(|d| d <= 12);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::Lexicon;
    use crate::matcher::Matcher;
    use crate::note::NoteScheme;

    fn dates(text: &str) -> Vec<(String, String)> {
        let lex = Lexicon::builtin().unwrap();
        let note = Note::new(text, &NoteScheme::new(&lex)).unwrap();
        let found = Matcher::new(&lex).find(&note);
        let matches = in_the_notes_order(&note, &found).unwrap_or(found);
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
    fn a_note_that_writes_day_first_is_read_day_first() {
        let british = "Fixed on 19/02/2026. Frame placed on 06/01/2026.";
        assert_eq!(dates(british), [("19".into(), "02".into()), ("06".into(), "01".into())]);
        let american = "Fixed on 02/19/2026. Frame placed on 06/01/2026.";
        assert_eq!(dates(american), [("19".into(), "02".into()), ("01".into(), "06".into())]);
        // Nothing says which order: month first.
        assert_eq!(dates("Frame placed on 06/01/2026."), [("01".into(), "06".into())]);
    }
}
