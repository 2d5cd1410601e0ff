//! Who the note says did the work: the names of the note's own clinician, and
//! the doctor a sentence names as having done an earlier operation.
//!
//! The author's names come from the note's fields (`author_labels`:
//! "Surgeon: A. Demir, DPM", "Attg: Dr. Sandoval") and from a name signed with
//! one of the `credentials` in capitals ("- J. Park MD"). A sentence that
//! says an operation was done "by Dr. Lindqvist" or "w/ Dr. Sandoval" then
//! tells whose it was: the author's when the surname is one of theirs,
//! another physician's when the note names its author and this is not them.
//! A partner or the practice ("my partner Dr. Ng", "Dr. Ng of our group")
//! binds like the author, so such a mention says nothing here.

use crate::lexicon::Lexicon;
use crate::note::Note;

/// The surnames (folded) the note gives its own clinician.
#[derive(Debug, Default)]
pub struct Authors {
    surnames: Vec<String>,
    /// Doctors the note places in the author's group ("covering for Dr.
    /// Whitfield, same practice", "my partner Dr. Ng"): their work binds too.
    partners: Vec<String>,
}

/// Words before a label that make its name someone else's ("Referring
/// surgeon:", "Anesthesia provider:", "Original surgeon:").
const NOT_THE_AUTHOR: &[&str] = &[
    "referring", "referred", "assistant", "assisting", "anesthesia", "anaesthesia", "pcp", "consulting", "outside",
    "previous", "prior", "original", "index", "covering", "co",
];

/// Words after a doctor's name that make them one of the author's own group.
const SAME_GROUP: &[&str] =
    &["partner", "colleague", "my associate", "our associate", "our group", "our practice", "same group", "same practice", "this practice", "my group"];

impl Authors {
    /// Reads the author's names from the note's fields and signatures.
    pub fn of(note: &Note, lexicon: &Lexicon) -> Authors {
        let (view, folded) = (note.view(), note.folded());
        let mut surnames = Vec::new();
        for label in &lexicon.author_labels {
            for (at, _) in folded.match_indices(label.as_str()) {
                let end = at + label.len();
                let starts_word = folded[..at].chars().next_back().is_none_or(|c| !c.is_alphanumeric());
                let rest = &folded[end..];
                let sep = rest.len() - rest.trim_start_matches([' ', '\t']).len();
                let labelled = rest[sep..].starts_with([':', '-']) || label.ends_with(" by");
                let word_before = folded[..at].trim_end().rsplit([' ', '\t', '\n']).next().unwrap_or("");
                if starts_word && labelled && !NOT_THE_AUTHOR.contains(&word_before) {
                    let value = end + sep + usize::from(rest[sep..].starts_with([':', '-']));
                    surnames.extend(name_at(view, value));
                }
            }
        }
        for cred in &lexicon.credentials {
            for (at, _) in folded.match_indices(cred.as_str()) {
                let end = at + cred.len();
                let whole = folded[..at].ends_with([' ', ',']) && folded[end..].chars().next().is_none_or(|c| !c.is_alphanumeric());
                let capitals = view.get(at..end).is_some_and(|w| w.chars().all(|c| !c.is_lowercase()));
                if whole && capitals {
                    surnames.extend(name_before(view, at));
                }
            }
        }
        surnames.sort();
        surnames.dedup();
        let mut partners: Vec<String> = doctors_named(note).filter(|&(at, end, _)| same_group_around(folded, at, end)).map(|(_, _, n)| n).collect();
        partners.sort();
        partners.dedup();
        Authors { surnames, partners }
    }

    /// Whose work a sentence (`start..end`) says an earlier operation was:
    /// `Some(true)` the author's ("with Dr. Sandoval", the attending),
    /// `Some(false)` another physician's ("by Dr. Lindqvist of Lakeshore
    /// Vascular"), `None` where it names no doctor, names a partner, or the
    /// note names no author to compare with.
    pub fn doer_in(&self, note: &Note, name: (usize, usize), sentence: (usize, usize)) -> Option<bool> {
        if self.surnames.is_empty() {
            return None;
        }
        let folded = note.folded();
        let clause_end = folded.get(name.1..sentence.1.min(folded.len()))?.find([';', '\n']).map_or(sentence.1, |i| name.1 + i);
        doctors_named(note)
            .filter(|&(at, _, _)| at >= name.1 && at < clause_end && note.words_between(name.1, at) <= DOER_REACH_WORDS)
            .find(|&(at, _, _)| ["by", "with", "w/"].iter().any(|w| folded[..at].trim_end().ends_with(w)))
            .map(|(_, _, surname)| self.surnames.contains(&surname) || self.partners.contains(&surname))
    }
}

/// Words between an operation's name and the "by Dr. X" that says who did it,
/// at most ("L CFA endarterectomy w/ bovine patch 7/24/26 by Dr. Lindqvist").
const DOER_REACH_WORDS: usize = 12;

/// Every "Dr. X" of the note: where "Dr" starts, where the name ends, and
/// the surname (folded).
fn doctors_named(note: &Note) -> impl Iterator<Item = (usize, usize, String)> + '_ {
    let (view, folded) = (note.view(), note.folded());
    ["dr.", "dr ", "doctor "].into_iter().flat_map(move |t| {
        folded.match_indices(t).filter_map(move |(at, _)| {
            let starts_word = folded[..at].chars().next_back().is_none_or(|c| !c.is_alphanumeric());
            let after = at + t.len();
            let surname = name_at(view, after).filter(|_| starts_word)?;
            let end = folded[after..].find(surname.as_str()).map_or(after, |i| after + i + surname.len());
            Some((at, end, surname))
        })
    })
}

/// Whether the few words around a named doctor place them in the author's group.
fn same_group_around(folded: &str, at: usize, end: usize) -> bool {
    let from = folded[..at].char_indices().rev().nth(24).map_or(0, |(i, _)| i);
    let to = folded[end..].char_indices().nth(40).map_or(folded.len(), |(i, _)| end + i);
    SAME_GROUP.iter().any(|w| folded[from..to].contains(w))
}

/// The surname (folded) of a name starting at `at` (spaces and "Dr." may
/// come first): initials and capitalised words, the last of which counts
/// ("A. Demir" -> "demir", "Dr. Ilse Fairbanks" -> "fairbanks").
fn name_at(view: &str, at: usize) -> Option<String> {
    let rest = view.get(at..)?.trim_start_matches([' ', '\t']);
    let rest = rest.split('\n').next().unwrap_or("");
    let rest = ["Dr. ", "Dr ", "DR. ", "DR ", "Doctor "].iter().find_map(|t| rest.strip_prefix(t)).unwrap_or(rest).trim_start();
    let mut last = None;
    for raw in rest.split([' ', '\t', '\n']).take(4) {
        let word = raw.trim_end_matches([',', ';', ')', ':', '.']).trim_end_matches("'s");
        if !word.chars().next().is_some_and(char::is_uppercase) {
            break;
        }
        let initial = word.chars().count() == 1;
        if !initial {
            if word.len() < 2 || !word.chars().all(|c| c.is_alphabetic() || c == '-' || c == '\'') {
                break;
            }
            last = Some(word.to_lowercase());
        }
        if raw.ends_with([',', ';', ')', ':']) || (raw.ends_with('.') && !initial) {
            break;
        }
    }
    last
}

/// The surname (folded) just before a credential at `at` ("J. Park MD",
/// "Helena Marsh, MD" -> "marsh").
fn name_before(view: &str, at: usize) -> Option<String> {
    let before = view.get(..at)?.trim_end().trim_end_matches(',').trim_end();
    let word = before.rsplit([' ', '\t', '\n']).next()?;
    let capital = word.chars().next().is_some_and(char::is_uppercase);
    let letters = word.len() >= 2 && word.chars().all(|c| c.is_alphabetic() || c == '-' || c == '\'');
    (capital && letters && !word.chars().all(char::is_uppercase)).then(|| word.to_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::note::NoteScheme;

    fn read(text: &str) -> (Authors, Note) {
        let lex = Lexicon::builtin().unwrap();
        let note = Note::new(text, &NoteScheme::new(&lex)).unwrap();
        (Authors::of(&note, &lex), note)
    }

    /// Whose work the operation named `name` in `text` was.
    fn doer(text: &str, name: &str) -> Option<bool> {
        let (a, note) = read(text);
        let at = text.find(name).unwrap();
        let si = note.sentence_at(at).unwrap();
        let s = note.sentences()[si];
        a.doer_in(&note, (at, at + name.len()), (s.start, s.end))
    }

    #[test]
    fn the_author_is_read_from_fields_and_signatures() {
        let (a, _) = read("OPERATIVE REPORT\nSurgeon: A. Demir, DPM\nAttg: Dr. Sandoval\nReferring surgeon: Dr. Ruiz\nSigned - J. Park MD\n");
        assert_eq!(a.surnames, vec!["demir", "park", "sandoval"]);
    }

    #[test]
    fn an_operation_by_another_named_doctor_is_theirs() {
        let text = "Surgeon: M. Okonkwo, MD\nHe had a L CFA endarterectomy 7/24/26 by Dr. Lindqvist of Lakeshore Vascular Associates.\n";
        assert_eq!(doer(text, "endarterectomy"), Some(false));
    }

    #[test]
    fn the_attending_named_in_the_story_is_the_author() {
        let text = "Attg: Dr. Sandoval. Res: Kwame.\n77M, R hemicolectomy 4/6 w/ Dr. Sandoval for ascending colon cancer.\n";
        assert_eq!(doer(text, "hemicolectomy"), Some(true));
    }

    #[test]
    fn a_partner_binds_and_an_unsigned_note_says_nothing() {
        let text = "Surgeon: P. Ruiz, MD (covering for Dr. Ng, same practice)\nHip pinned 3/2 by Dr. Ng.\n";
        assert_eq!(doer(text, "pinned"), Some(true));
        assert_eq!(doer("Hip pinned 3/2 by Dr. Ng.\n", "pinned"), None);
    }

    #[test]
    fn the_doctor_names_the_operation_just_before() {
        // The Mohs was the dermatologist's; the flap, told after it, the author's.
        let text = "Surgeon: Priya Raman, MD\nMohs excision of the ala was done by Dr. Feld on 03/04/2026, and I reconstructed the defect with a bilobed flap on 03/05/2026.\n";
        assert_eq!(doer(text, "Mohs excision"), Some(false));
        assert_eq!(doer(text, "bilobed flap"), None);
    }
}
