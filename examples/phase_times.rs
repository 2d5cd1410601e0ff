use modcite::lexicon::Lexicon;
use modcite::matcher::Matcher;
use modcite::note::{Note, NoteScheme};
use std::time::Instant;
fn main() {
    let lex = Lexicon::builtin().unwrap();
    let text = std::fs::read_to_string("examples/staged-tka.txt").unwrap();
    for round in 0..2 {
        let t = Instant::now();
        let scheme = NoteScheme::new(&lex);
        let a = t.elapsed();
        let t = Instant::now();
        let note = Note::new(text.clone(), &scheme).unwrap();
        let b = t.elapsed();
        let t = Instant::now();
        let m = Matcher::for_note(&lex, &note);
        let c = t.elapsed();
        let t = Instant::now();
        let found = m.find(&note);
        let d = t.elapsed();
        eprintln!("round {round}: scheme {a:?} note {b:?} for_note {c:?} find {d:?} ({} triggers)", found.triggers.len());
    }
    let all: Vec<&modcite::lexicon::Regex> = lex.triggers.iter().flat_map(|t| &t.patterns).chain(lex.cues.iter().flat_map(|t| &t.patterns)).chain(lex.patterns.iter().map(|p| &p.regex)).collect();
    eprintln!("compiled by the note: {} of {}", all.iter().filter(|r| r.is_compiled()).count(), all.len());
    let fresh = Lexicon::builtin().unwrap();
    let all2: Vec<&modcite::lexicon::Regex> = fresh.triggers.iter().flat_map(|t| &t.patterns).chain(fresh.cues.iter().flat_map(|t| &t.patterns)).chain(fresh.patterns.iter().map(|p| &p.regex)).collect();
    let hay = note_text();
    for (a, b) in all.iter().zip(all2.iter()) { if a.is_compiled() { let t = Instant::now(); let re = b.compiled(); let c = t.elapsed(); let t = Instant::now(); let _ = re.find(hay.as_str()); eprintln!("{c:?} + {:?} {}", t.elapsed(), &b.as_str()[..b.as_str().len().min(60)]); } }
}
#[allow(dead_code)]
fn y() {}
fn note_text() -> String { std::fs::read_to_string("examples/staged-tka.txt").unwrap().to_lowercase() }
