//! The matcher finds expressions by running them anchored at their lead
//! literals, and `suggest` uses a matcher cut down to one note's words. Both
//! must find exactly what scanning every expression over the whole note
//! finds (`Matcher::find_by_scanning`): on every note we have (the corpus
//! and its held-out splits, the examples, the dev set and the MTSamples
//! notes when `../shared/data` is present) and on generated text.

use modcite::lexicon::Lexicon;
use modcite::matcher::Matcher;
use modcite::note::{Note, NoteScheme};
use proptest::prelude::*;
use std::path::Path;
use std::sync::OnceLock;

struct Setup {
    lexicon: Lexicon,
    scheme: NoteScheme,
    matcher: Matcher,
}

fn setup() -> &'static Setup {
    static S: OnceLock<Setup> = OnceLock::new();
    S.get_or_init(|| {
        let lexicon = Lexicon::builtin().unwrap();
        Setup { scheme: NoteScheme::new(&lexicon), matcher: Matcher::new(&lexicon), lexicon }
    })
}

/// Checks one note; returns the number of hits and extractions found.
fn check(text: &str) -> Result<usize, String> {
    let s = setup();
    let note = Note::new(text, &s.scheme).unwrap();
    let reference = s.matcher.find_by_scanning(&note);
    if s.matcher.find(&note) != reference {
        return Err("anchored matching differs from scanning".into());
    }
    if Matcher::for_note(&s.lexicon, &note).find(&note) != reference {
        return Err("the one-note matcher differs from scanning".into());
    }
    Ok(reference.triggers.len() + reference.cues.len() + reference.procedures.len() + reference.extractions.len())
}

fn notes_in(path: &Path, out: &mut Vec<(String, String)>) {
    if path.is_dir() {
        let mut entries: Vec<_> = std::fs::read_dir(path).unwrap().map(|e| e.unwrap().path()).collect();
        entries.sort();
        entries.iter().for_each(|p| notes_in(p, out));
        return;
    }
    let name = path.display().to_string();
    match path.extension().and_then(|e| e.to_str()) {
        Some("jsonl") => {
            for (i, line) in std::fs::read_to_string(path).unwrap().lines().enumerate() {
                let Ok(v) = serde_json::from_str::<serde_json::Value>(line) else { continue };
                if let Some(note) = v["note"].as_str() {
                    out.push((format!("{name}:{}", i + 1), note.to_string()));
                }
            }
        }
        Some("txt") => out.push((name, std::fs::read_to_string(path).unwrap())),
        _ => {}
    }
}

#[test]
fn anchored_and_one_note_matching_find_what_scanning_finds_on_every_note_we_have() {
    let mut notes = Vec::new();
    for dir in ["corpus", "examples", "tests/fixtures", "../shared/data/devset", "../shared/data/mtsamples"] {
        if Path::new(dir).exists() {
            notes_in(Path::new(dir), &mut notes);
        }
    }
    assert!(notes.len() > 400, "only {} notes found", notes.len());
    let mut found = 0;
    for (name, text) in &notes {
        found += check(text).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
    assert!(found > notes.len(), "{found} hits in {} notes: the check saw almost nothing", notes.len());
}

/// Words of the lexicon's phrases and leads, to build text that hits them.
fn vocabulary() -> &'static Vec<String> {
    static V: OnceLock<Vec<String>> = OnceLock::new();
    V.get_or_init(|| {
        let lex = &setup().lexicon;
        let mut words: Vec<String> = Vec::new();
        let phrases = lex.triggers.iter().flat_map(|t| &t.phrases).chain(lex.cues.iter().flat_map(|c| &c.phrases));
        let leads = lex
            .triggers
            .iter()
            .flat_map(|t| &t.patterns)
            .chain(lex.cues.iter().flat_map(|c| &c.patterns))
            .chain(lex.patterns.iter().map(|p| &p.regex))
            .flat_map(|r| r.leads().into_iter().flatten());
        for text in phrases.chain(leads) {
            words.extend(text.split_whitespace().map(str::to_string));
        }
        words.sort();
        words.dedup();
        words
    })
}

fn text_strategy() -> impl Strategy<Value = String> {
    let word = (0..vocabulary().len(), prop::sample::select(vec!["", "", "", "é", "s", "-", "2", "ed"]), any::<bool>());
    let sep = prop::sample::select(vec![" ", " ", " ", ", ", ". ", "\n", "\n\n", " (", ") ", ": ", "; ", " \"", " é"]);
    prop::collection::vec((word, sep), 0..60).prop_map(|parts| {
        let vocab = vocabulary();
        let mut text = String::new();
        for ((i, affix, before), sep) in parts {
            if before {
                text.push_str(affix);
                text.push_str(&vocab[i]);
            } else {
                text.push_str(&vocab[i]);
                text.push_str(affix);
            }
            text.push_str(sep);
        }
        text
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn anchored_and_one_note_matching_find_what_scanning_finds_on_generated_text(text in text_strategy()) {
        let checked = check(&text);
        prop_assert!(checked.is_ok(), "{:?}", checked);
    }
}
