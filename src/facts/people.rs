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
    /// Doctors the note labels as someone else ("Referring: Dr. P. Vance").
    others: Vec<String>,
    /// Every "Dr. X" of the note, in note order (see `doctors_named`).
    doctors: Vec<(usize, usize, String)>,
    /// Doctors the note places in the author's group ("covering for Dr.
    /// Whitfield, same practice", "my partner Dr. Ng"): their work binds too.
    partners: Vec<String>,
    /// Where a doctor named with a credential ends an entry of a list or a
    /// table row, after its dash or dot leaders ("I&D L thigh - P. Ruiz MD"):
    /// that entry's surgeon.
    entry_surgeons: Vec<usize>,
}

/// Words before "for Dr. X" on its line that make X the author of record a
/// dictation was made for ("Dictated by: Dr. Y. Castellanos PGY-3 for Dr.
/// Eric Lindqvist").
const DICTATED_FOR: &[&str] = &["dictated by", "dictating", "transcribed by", "written by", "scribed by", "prepared by"];

/// Words before a label that make its name someone else's ("Referring
/// surgeon:", "Requesting surgeon:", "Anesthesia provider:").
const NOT_THE_AUTHOR: &[&str] = &[
    "referring", "referred", "requesting", "ordering", "assistant", "assisting", "anesthesia", "anaesthesia", "pcp",
    "consulting", "outside", "previous", "prior", "original", "index", "covering", "co",
];

/// Words after a doctor's name that make them one of the author's own group.
const SAME_GROUP: &[&str] =
    &["partner", "colleague", "my associate", "our associate", "our group", "our practice", "same group", "same practice", "this practice", "my group"];

impl Authors {
    /// Reads the author's names from the note's fields and signatures.
    /// `own_specialty` is the encounter's provider's: a colleague of the
    /// group named with another specialty is no partner (the global binds a
    /// group's physicians of one specialty).
    pub fn of(note: &Note, lexicon: &Lexicon, own_specialty: Option<&str>) -> Authors {
        let (view, folded) = (note.view(), note.folded());
        let own = own_specialty.map(crate::fold::fold_phrase);
        let mut surnames = Vec::new();
        let mut others = Vec::new();
        // Doctors signed with another specialty: no label makes them the author.
        let mut named_elsewhere: Vec<String> = Vec::new();
        for label in &lexicon.author_labels {
            for (at, _) in folded.match_indices(label.as_str()) {
                let end = at + label.len();
                let starts_word = folded[..at].chars().next_back().is_none_or(|c| !c.is_alphanumeric());
                let rest = &folded[end..];
                let sep = rest.len() - rest.trim_start_matches([' ', '\t']).len();
                // "for attending Dr. Mendez": the attending titled, with no colon.
                let titled = matches!(label.as_str(), "attending" | "attg" | "attending surgeon") && rest[sep..].starts_with("dr");
                let labelled = rest[sep..].starts_with([':', '-']) || label.ends_with(" by") || titled;
                if starts_word && labelled && !qualified_as_someone_else(folded, at) {
                    let value = end + sep + usize::from(rest[sep..].starts_with([':', '-']));
                    surnames.extend(name_at(view, value, &lexicon.credentials, false).map(|(surname, _)| surname));
                }
            }
        }
        // "DICTATED BY: Dr. Y. Castellanos PGY-3 FOR Dr. Eric Lindqvist": the
        // doctor a dictation is made for is its author of record.
        for (at, _) in folded.match_indices(" for dr") {
            let line_start = folded[..at].rfind('\n').map_or(0, |i| i + 1);
            let dictated = DICTATED_FOR.iter().any(|w| folded[line_start..at].contains(w));
            if dictated {
                surnames.extend(name_at(view, at + " for ".len(), &lexicon.credentials, false).map(|(surname, _)| surname));
            }
        }
        // A note typed all in capitals: a surname in capitals is still a name.
        let (letters, capitals) = view.chars().filter(|c| c.is_alphabetic()).fold((0usize, 0usize), |(n, u), c| (n + 1, u + usize::from(c.is_uppercase())));
        let shouted = letters > 0 && capitals * 10 >= letters * 9;
        for cred in &lexicon.credentials {
            // Written in capitals: the view is searched for them as such.
            let upper = cred.to_uppercase();
            for (at, _) in view.match_indices(upper.as_str()) {
                let end = at + upper.len();
                let whole = folded[..at].ends_with([' ', ',']) && folded[end..].chars().next().is_none_or(|c| !c.is_alphanumeric());
                // A name in a table's surgeon column after dot leaders ("ORIF
                // R distal radius ........ R. Abernathy MD") signs nothing.
                let line = &folded[folded[..at].rfind('\n').map_or(0, |i| i + 1)..at];
                if whole && !line.contains(crate::note::DOT_LEADER) && !in_a_history_entry(view, at) {
                    let name = name_before(view, at, shouted);
                    // "Head & neck surgeon: Samir Haddad, MD, Otolaryngology",
                    // in a plastic surgeon's note: a doctor signed with another
                    // specialty than the provider's is not the author.
                    let other_specialty = own.as_deref().is_some_and(|own| lexicon.other_specialty(&described_as(folded, at, end), own));
                    if other_specialty {
                        named_elsewhere.extend(name.clone());
                    }
                    if labelled_as_someone_else(folded, at) || other_specialty {
                        others.extend(name);
                    } else {
                        surnames.extend(name);
                    }
                }
            }
        }
        let entries = entry_surgeons(note, &lexicon.credentials);
        let mut entry_surgeons: Vec<usize> = entries.iter().map(|d| d.0).collect();
        entry_surgeons.sort_unstable();
        let doctors = doctors_named(note, &lexicon.credentials, entries);
        for (at, _, name) in &doctors {
            if labelled_as_someone_else(folded, *at) {
                others.push(name.clone());
            }
        }
        // A doctor named with another specialty than the provider's ("Dr.
        // Anand, one of the orthopedic hand surgeons in our group", in a
        // podiatrist's note) is another physician, even of the same group.
        let mut partners = Vec::new();
        for (at, end, name) in &doctors {
            if own.as_deref().is_some_and(|own| lexicon.other_specialty(&described_as(folded, *at, *end), own)) {
                others.push(name.clone());
            } else if same_group_around(folded, *at, *end) {
                partners.push(name.clone());
            }
        }
        surnames.retain(|s| !named_elsewhere.contains(s));
        Authors { surnames: sorted(surnames), partners: sorted(partners), others: sorted(others), doctors, entry_surgeons }
    }

    /// Whose work an earlier operation named at `name` was, by the doctor
    /// the clause after it names ("by Dr. Lindqvist", "w/ Dr. Sandoval", "(Dr.
    /// Whitcomb)"): `Some(true)` the author's or a partner's, `Some(false)`
    /// another physician's (one the note names and is not the author, one it
    /// labels as referring or requesting, or one given with another practice:
    /// "by Dr. Yusuf of Riverside Surgical Group"), `None` where no doctor is
    /// named or nothing tells.
    pub fn doer_in(&self, note: &Note, name: (usize, usize), sentence: (usize, usize)) -> Option<bool> {
        let (end, surname) = self.doer_named(note, name, sentence)?;
        if self.is_author(&surname) || self.partners.contains(&surname) {
            return Some(true);
        }
        let affiliated = affiliated_after(note.folded(), end);
        (self.others.contains(&surname) || !self.surnames.is_empty() || affiliated).then_some(false)
    }

    /// Whether the doctor named as doing the work at `name` (as in
    /// [`Authors::doer_in`]) is someone other than the note's author, a
    /// partner included: "DCCV this AM by Dr. Feld (on-call partner)" in Dr.
    /// Osei's note. The global period binds a partner's work to the group;
    /// a repeat of it is still another individual's (77, not 76).
    pub fn another_individual_did(&self, note: &Note, name: (usize, usize), sentence: (usize, usize)) -> bool {
        self.doer_named(note, name, sentence).is_some_and(|(end, surname)| {
            !self.is_author(&surname)
                && (!self.surnames.is_empty() || self.others.contains(&surname) || self.partners.contains(&surname) || affiliated_after(note.folded(), end))
        })
    }

    /// Whether `surname` (folded) is one of the author's, written out or by
    /// the initials of a hyphenated surname ("Dr C-R" or "Dr. CR" for Dr.
    /// Castellanos-Reyes).
    fn is_author(&self, surname: &str) -> bool {
        self.surnames.iter().any(|s| s == surname || initials_of(s).is_some_and(|i| i == surname.replace('-', "")))
    }

    /// The doctor the clause around `name` gives the work to: where the
    /// name ends and the surname.
    fn doer_named(&self, note: &Note, name: (usize, usize), sentence: (usize, usize)) -> Option<(usize, String)> {
        let folded = note.folded();
        let clause_end = folded.get(name.1..sentence.1.min(folded.len()))?.find([';', '\n']).map_or(sentence.1, |i| name.1 + i);
        // After a comma only with the practice named ("L BKA 12/22/25, Dr.
        // Feld w/ Summit Vascular").
        let after = |&(at, end, _): &(usize, usize, String)| {
            let before = folded[..at].trim_end();
            // A table row's surgeon cell, on the operation's own line.
            let same_row = folded.get(name.1..at).is_some_and(|t| !t.contains('\n')) && opens_table_cell(&folded[..at]);
            let joined = ["by", "with", "w/"].iter().any(|w| before.ends_with(&format!(" {w}")))
                || same_row
                || self.entry_surgeons.binary_search(&at).is_ok()
                || before.ends_with('(')
                || labelled_in_brackets(before)
                || (before.ends_with([',', '-']) && affiliated_after(folded, end));
            // A bracketed aside counts no words ("wide local excision of melanoma
            // (AJCC stage IB, Breslow 0.9 mm) - excision done 03/03/2026 by Dr. Fenwick").
            let reach = folded.get(name.1..at).map_or(usize::MAX, words_outside_brackets);
            at >= name.1 && at < clause_end && reach <= DOER_REACH_WORDS && joined
        };
        // "Dr. Morrow's lap chole", "Dr. Shah, who placed the port", "Dr. Obi placed it",
        // and a name that is itself the deed ("Dr. Feeney (Coastal Ortho) reduced it").
        let named_by_its_verb = folded.get(name.0..name.1).and_then(|n| n.split_whitespace().next()).is_some_and(is_done_verb);
        let before = |&(at, end, _): &(usize, usize, String)| {
            let between = folded.get(end..name.0).unwrap_or("");
            at >= sentence.0
                && end <= name.0
                && {
                    let words = note.words_between(end, name.0);
                    words <= DOER_BEFORE_WORDS || (words <= DOER_VERB_REACH_WORDS && told_as_one_deed(between))
                }
                && !between.contains([';', '.'])
                && (between.starts_with("'s ")
                    || between.contains(" who ")
                    || first_word_done(between)
                    || done_after_and(between)
                    || (named_by_its_verb && without_brackets(between).trim().is_empty()))
        };
        // Only the doctors named in the sentence: a long note names many.
        let in_sentence = &self.doctors[self.doctors.partition_point(|d| d.0 < sentence.0)..self.doctors.partition_point(|d| d.0 < sentence.1)];
        let (_, end, surname) = in_sentence.iter().find(|d| after(d)).or_else(|| in_sentence.iter().filter(|d| before(d)).last())?;
        Some((*end, surname.clone()))
    }
}

/// The first letters of a surname's parts, where it has two or more
/// ("castellanos-reyes" -> "cr"); `None` for a surname of one part, whose
/// single letter could be anyone's.
fn initials_of(surname: &str) -> Option<String> {
    let parts: Vec<&str> = surname.split(['-', ' ']).filter(|p| !p.is_empty()).collect();
    (parts.len() >= 2).then(|| parts.iter().filter_map(|p| p.chars().next()).collect())
}

/// Whether the text before a doctor's name opens a bracket with a short label
/// and a comma ("s/p R TKA 6/2 (ortho, Dr Feld)"): the bracket tells whose
/// the operation was, as "(Dr. Feld)" does.
fn labelled_in_brackets(before: &str) -> bool {
    let Some(head) = before.strip_suffix(',') else { return false };
    head.rsplit_once('(').is_some_and(|(_, label)| {
        let words = label.split_whitespace().count();
        (1..=BRACKET_LABEL_WORDS).contains(&words) && !label.contains([')', ',', ';', '.'])
    })
}

/// Words a bracket's label may have before the doctor it names.
const BRACKET_LABEL_WORDS: usize = 3;

/// Whether a practice follows a doctor's name ending at `end` ("of Mercy
/// General", "w/ Summit Vascular", "(Valley Eye Assoc.)").
fn affiliated_after(folded: &str, end: usize) -> bool {
    let after = folded.get(end..).unwrap_or("");
    ([" of ", " at ", " from ", " (", " w/ ", " with "].iter().any(|w| after.starts_with(w)) && names_a_practice(after))
        || practice_after_comma(after)
}

/// Whether text opens with a comma and a practice's name ("..., Northgate
/// General Surgery"): a word that names no service first, and a word that
/// names a practice within the next few.
fn practice_after_comma(after: &str) -> bool {
    const PRACTICE_WORDS: &[&str] = &[
        "surgery", "surgical", "group", "associates", "clinic", "partners", "orthopaedics", "orthopedics", "urology",
        "medical", "health", "specialists", "practice", "hospital", "center", "centre", "institute", "physicians",
    ];
    let Some(rest) = after.strip_prefix(", ") else { return false };
    let words: Vec<&str> = rest.split_whitespace().take(5).map(|w| w.trim_matches(|c: char| !c.is_alphanumeric())).collect();
    names_a_practice(after) && words.iter().skip(1).any(|w| PRACTICE_WORDS.contains(w))
}

/// First words after "of", "at", "from", "w/" that name no practice: a
/// determiner, a time, a service or specialty ("of breast surgical
/// oncology", "at the same hospital", "w/ general surgery").
const NOT_A_PRACTICE: &[&str] = &[
    "the", "a", "an", "her", "his", "their", "our", "my", "this", "that", "same", "another", "other", "home", "night",
    "general", "breast", "surgical", "surgery", "surg", "oncology", "onc", "vascular", "vasc", "ortho", "orthopedics",
    "orthopaedics", "orthopedic", "orthopaedic", "urology", "uro", "gyn", "ob", "obgyn", "ent", "gi", "gastroenterology",
    "cardiology", "cards", "cardiac", "cardiothoracic", "thoracic", "ct", "ir", "interventional", "radiology",
    "plastics", "plastic", "neurosurgery", "nsgy", "podiatry", "derm", "dermatology", "ophtho", "ophthalmology",
    "colorectal", "crs", "trauma", "acs", "hand", "spine", "pain", "anesthesia", "ed", "emergency", "internal",
    "medicine", "family", "pediatric", "pediatrics", "me", "us", "him", "them",
];

/// Whether the words after a doctor's name and "of"/"at"/"from"/"w/"/"("
/// name a practice: a name of its own ("of Mercy General", "w/ Summit
/// Vascular", "(Valley Eye Assoc.)"), not a specialty or a determiner. Read
/// in the folded text, so a note typed in capitals reads the same.
fn names_a_practice(after: &str) -> bool {
    let after = after.trim_start();
    // "(Summit Ortho)": the first word is inside the bracket; "of Mercy": after the connector.
    let first = match after.strip_prefix('(') {
        Some(inside) => inside.split_whitespace().next(),
        None => after.split_whitespace().nth(1),
    };
    let Some(first) = first else { return false };
    let first = first.trim_matches(|c: char| !c.is_alphanumeric());
    !first.is_empty() && first.chars().next().is_some_and(char::is_alphabetic) && !NOT_A_PRACTICE.contains(&first)
}

/// Words between a doctor named before an operation and its name, at most
/// ("Dr. Shah, Summit Surgical Oncology, who placed the left chest port").
const DOER_BEFORE_WORDS: usize = 10;

/// Words a doctor's verb of work done may stand before the operation's name
/// when one clause tells it all ("Dr. Okafor removed a changing pigmented
/// lesion from the right flank as an excisional biopsy").
const DOER_VERB_REACH_WORDS: usize = 16;

/// Whether the text between a doctor's name and an operation's name opens
/// with a verb of work done and goes on in one clause (no comma, no "and"):
/// the doctor did that operation, however long the telling (up to
/// [`DOER_VERB_REACH_WORDS`]).
fn told_as_one_deed(between: &str) -> bool {
    first_word_done(between) && !between.contains(',') && !between.contains(" and ")
}

/// Whether the text after a doctor's name opens with a verb of work done
/// ("placed", "did", "performed"), perhaps after the doctor's service or
/// practice ("Dr. Amsel (hepatology) did", "Dr. Lindqvist of Lakeside
/// Pulmonary did").
fn first_word_done(between: &str) -> bool {
    let text = without_brackets(between);
    let mut words = text.split(|c: char| !c.is_alphabetic()).filter(|w| !w.is_empty());
    match words.next() {
        // "Dr. Ngo in the ED did a bedside LP", "Dr. Lim on call placed it".
        Some("of" | "from" | "at" | "with" | "in" | "on") => words.take(AFFILIATION_WORDS).any(is_done_verb),
        Some(word) => is_done_verb(word),
        None => false,
    }
}

/// Whether the doctor's clause goes on with "and" and a verb of work done:
/// "My partner Dr. Haddad saw him at about 3 AM and did a flexible scope".
fn done_after_and(between: &str) -> bool {
    let text = without_brackets(between);
    let words: Vec<&str> = text.split(|c: char| !c.is_alphabetic()).filter(|w| !w.is_empty()).collect();
    words.windows(2).any(|w| w[0] == "and" && is_done_verb(w[1]))
}

/// Words of a practice's name read for the verb after it.
const AFFILIATION_WORDS: usize = 7;

fn is_done_verb(word: &str) -> bool {
    word == "did" || (word.len() > 4 && word.ends_with("ed") && !matches!(
            word,
            "called" | "asked" | "consulted" | "referred" | "requested" | "noted" | "agreed" | "recommended" | "ordered" | "suggested"
                | "planned" | "scheduled" | "advised" | "offered"
        ))
}

/// The words of a text outside its round brackets: a bracketed aside counts
/// none ("thyroplasty (silastic, awake, local + MAC) done by me yesterday").
pub(super) fn words_outside_brackets(text: &str) -> usize {
    words_in(&without_brackets(text))
}

/// The words of a text: runs of letters and digits.
fn words_in(text: &str) -> usize {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).count()
}

/// The text less what it holds in round brackets.
fn without_brackets(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

fn sorted(mut names: Vec<String>) -> Vec<String> {
    names.sort();
    names.dedup();
    names
}

/// Whether the words right before a label at `at` make it someone else's
/// ("Referring surgeon:", "Anesthesia provider:").
fn qualified_as_someone_else(folded: &str, at: usize) -> bool {
    let from = folded[..at].rfind([':', ',', '.', ';', ')', '(', '\n']).map_or(0, |i| i + 1);
    names_someone_else(&folded[from..at])
}

/// Whether a label's words say its name is not the author's.
fn names_someone_else(label: &str) -> bool {
    label.split(|c: char| !c.is_alphanumeric()).any(|w| NOT_THE_AUTHOR.contains(&w))
}

/// Whether the field holding a name at `at` is someone else's: its label
/// (the words before the last colon of its line) is ("Referring: K. Morrow,
/// MD"), or "requested by" or "referred by" comes just before.
fn labelled_as_someone_else(folded: &str, at: usize) -> bool {
    let line = &folded[folded[..at].rfind('\n').map_or(0, |i| i + 1)..at];
    let before = line.trim_end();
    if before.ends_with("requested by") || before.ends_with("referred by") {
        return true;
    }
    line.rfind(':').is_some_and(|colon| {
        let from = line[..colon].rfind([':', ',', '.', ';', ')']).map_or(0, |i| i + 1);
        names_someone_else(&line[from..colon])
    })
}

/// Words between an operation's name and the "by Dr. X" that says who did it,
/// at most ("L CFA endarterectomy w/ bovine patch 7/24/26 by Dr. Lindqvist").
pub(crate) const DOER_REACH_WORDS: usize = 16;

/// Every "Dr. X" of the note, in note order: where "Dr" starts, where the
/// name ends, and the surname (folded). `entry_surgeons` (see
/// [`entry_surgeons`]) are found once by the caller and joined in.
fn doctors_named(note: &Note, credentials: &[String], entry_surgeons: Vec<(usize, usize, String)>) -> Vec<(usize, usize, String)> {
    let (view, folded) = (note.view(), note.folded());
    let mut all: Vec<(usize, usize, String)> = ["dr.", "dr ", "doctor "].into_iter().flat_map(move |t| {
        folded.match_indices(t).filter_map(move |(at, _)| {
            let starts_word = folded[..at].chars().next_back().is_none_or(|c| !c.is_alphanumeric());
            let after = at + t.len();
            // "dr. szabo": a writer who titles in lower case names in it too.
            let lower_title = view.get(at..at + 2) == Some("dr");
            let (surname, end) = name_at(view, after, credentials, lower_title).filter(|_| starts_word)?;
            Some((at, end, surname))
        })
    })
    .collect();
    // A surname alone with its practice in brackets, in a list of operations
    // ("L TKA 1/14/26 - Farouk (Summit Ortho)").
    all.extend(
        folded.match_indices(" (").filter_map(|(at, _)| listed_surname(view, folded, at, &['-', ',', ':', '\u{2013}'], names_a_practice)),
    );
    // The same with the practice after a comma ("s/p lap chole 10 d ago -
    // Amsel, Northgate General Surgery").
    // And a table's surgeon cell, surname first ("| Iverson, Mark MD (Ortho) |",
    // "03/17/2026    Fischer, Lena MD").
    all.extend(folded.match_indices(", ").flat_map(|(at, _)| {
        [listed_surname(view, folded, at, &['-', ':', '\u{2013}'], practice_after_comma), cell_surname(view, folded, at, credentials)]
    }).flatten());
    all.extend(entry_surgeons);
    all.sort();
    all.dedup_by_key(|d| d.0);
    all
}

/// The doctors named, with a credential, after a table's dot leaders ("ORIF
/// R distal radius ........ R. Abernathy MD, Coastline") or the dash of a
/// list entry ("I&D L thigh abscess in ED - P. Ruiz MD / Emergency Med").
fn entry_surgeons(note: &Note, credentials: &[String]) -> Vec<(usize, usize, String)> {
    let (view, folded) = (note.view(), note.folded());
    // In a note typed in capitals every word looks like a name ("HEALING
    // FINE - NOTHING TO DO WITH TONIGHT"), so names there need more.
    let in_capitals = !view.chars().any(char::is_lowercase);
    [".. ", " - "]
        .into_iter()
        .flat_map(|t| folded.match_indices(t))
        .filter_map(|(at, t)| leader_surname(view, at + t.len(), credentials, in_capitals))
        .collect()
}

/// Whether the text before a word ends a table cell: a "|", dot leaders or a date cell.
fn opens_table_cell(before: &str) -> bool {
    let before_gap = before.trim_end_matches(' ');
    before_gap.ends_with('|') || before_gap.ends_with("..") || after_a_date_cell(before)
}

/// Whether a word, its stops aside, is one of the `credentials` ("MD", "M.D.").
fn is_credential(word: &str, credentials: &[String]) -> bool {
    let word = word.to_lowercase();
    credentials.iter().any(|c| c.trim_end_matches('.') == word.trim_end_matches('.'))
}

/// Whether text ends with a date cell ("03/17/2026 ", "10/2015 ", "2019 "):
/// the view keeps one space of a table's column gap, so a surname after a
/// date on its row opens the surgeon cell.
fn after_a_date_cell(before: &str) -> bool {
    let Some(rest) = before.strip_suffix(' ') else { return false };
    let word = rest.rsplit([' ', '\n']).next().unwrap_or("");
    word.len() >= 4 && word.bytes().all(|b| b.is_ascii_digit() || b == b'/' || b == b'-') && word.bytes().filter(u8::is_ascii_digit).count() >= 4
}

/// A surname that opens a table cell (after a "|" or a date cell) and is followed, after the comma at `at`, by a given name
/// or initial and a credential ("Iverson, Mark MD").
fn cell_surname(view: &str, folded: &str, at: usize, credentials: &[String]) -> Option<(usize, usize, String)> {
    let word_start = word_start_before(view, at);
    let word = &view[word_start..at];
    let opens_cell = opens_table_cell(&view[..word_start]);
    let name_like = word.chars().count() >= 2 && word.starts_with(|c: char| c.is_uppercase());
    let mut after = folded.get(at + 2..)?.split_whitespace();
    let given = after.next()?;
    let credentialed = is_credential(after.next()?.trim_end_matches([',', ';', ')']), credentials);
    (opens_cell && name_like && given.chars().next().is_some_and(char::is_alphabetic) && credentialed).then(|| (word_start, at, word.to_lowercase()))
}

/// A capitalized surname ending at `at`, where an entry of a list names it
/// (`marks` end the text before it) and `practice` reads a practice in the
/// text from `at` on: its span and the surname, folded.
fn listed_surname(view: &str, folded: &str, at: usize, marks: &[char], practice: fn(&str) -> bool) -> Option<(usize, usize, String)> {
    let word_start = word_start_before(view, at);
    let word = &view[word_start..at];
    let listed = view[..word_start].trim_end().ends_with(marks);
    let name_like = word.chars().count() >= 3 && word.starts_with(|c: char| c.is_uppercase());
    (listed && name_like && practice(&folded[at..])).then(|| (word_start, at, word.to_lowercase()))
}

/// The surname of a name after a table's dot leaders or a list entry's
/// dash, at `at`, with its initials or given name before it and a
/// credential right after it ("R. Abernathy MD", "Mira Ptak, MD"): the span
/// of the whole name and the surname, folded. `in_capitals` (a note typed in
/// capitals) asks for an initial or a comma before the credential ("R.
/// ABERNATHY MD", "MIRA PTAK, MD"), not "NOTHING TO DO".
fn leader_surname(view: &str, at: usize, credentials: &[String], in_capitals: bool) -> Option<(usize, usize, String)> {
    let rest = view.get(at..)?;
    let (mut surname, mut initialled, mut comma) = (None, false, false);
    let mut offset = at;
    for raw in rest.split(' ').take(LEADER_NAME_WORDS) {
        let word = raw.trim_end_matches([',', ';']);
        if surname.is_some() && is_credential(word, credentials) && (!in_capitals || initialled || comma) {
            return surname.map(|(end, w): (usize, &str)| (at, end, w.to_lowercase()));
        }
        comma = raw.ends_with(',');
        let initial = word.len() == 2 && word.ends_with('.') && word.starts_with(|c: char| c.is_uppercase());
        initialled |= initial;
        let name = word.chars().count() >= 2 && word.starts_with(|c: char| c.is_uppercase()) && word.chars().all(|c| c.is_alphabetic() || c == '-' || c == '\'');
        if !(initial || name) || raw.contains('\n') {
            return None;
        }
        if name {
            surname = Some((offset + word.len(), word));
        }
        offset += raw.len() + 1;
    }
    None
}

/// Words read after dot leaders or a dash for a name and its credential.
const LEADER_NAME_WORDS: usize = 4;

/// Where the word (letters, hyphens, apostrophes) ending at `at` starts: a
/// char boundary, whatever stands before it ("42°, Feld").
fn word_start_before(view: &str, at: usize) -> usize {
    view[..at]
        .char_indices()
        .rev()
        .find(|&(_, c)| !c.is_alphabetic() && c != '-' && c != '\'')
        .map_or(0, |(i, c)| i + c.len_utf8())
}

/// Where the few characters (25) before a named doctor at `at` begin, where
/// their group or specialty may be said.
fn reach_before(folded: &str, at: usize) -> usize {
    folded[..at].char_indices().rev().nth(24).map_or(0, |(i, _)| i)
}

/// What the note says a named doctor is (the name at `at..end`): the words
/// right before the name in its clause ("our orthopedic colleague Dr. X"),
/// and an appositive right after it, to its clause's end ("Dr. Anand, one of
/// the orthopedic hand surgeons in our group", "Dr. Shah (cardiology)"). What
/// the doctor did ("Dr. Haines did her ORIF and cardiology cleared her") is
/// not what the doctor is.
fn described_as(folded: &str, at: usize, end: usize) -> String {
    let from = reach_before(folded, at);
    let before = &folded[from..at];
    let before = before.rfind([',', ';', '.', '(', '\n']).map_or(before, |i| &before[i + 1..]);
    let rest = &folded[end..];
    // "Dr. Okafor from plastic surgery here", "Dr. Lin of urology": a
    // preposition after the name opens its description as a comma does.
    let opener = [", ", " (", " from ", " of ", " in "].into_iter().find(|o| rest.starts_with(o));
    let after = if let Some(opener) = opener {
        let body = &rest[opener.len()..];
        let stop = body.find([',', ';', '.', ')', '\n']).unwrap_or(body.len());
        let cut = body[..stop].char_indices().nth(DESCRIBED_AFTER_CHARS).map_or(stop, |(i, _)| i);
        &body[..cut]
    } else {
        ""
    };
    format!("{before} {after}")
}

/// How far an appositive after a doctor's name is read.
const DESCRIBED_AFTER_CHARS: usize = 60;

/// Whether view offset `at` lies inside a double-quoted passage of its line:
/// words quoted ('I dictated "my partner Dr. Feld" - correction, ...') are
/// mentioned, not meant.
fn quoted(folded: &str, at: usize) -> bool {
    let line_start = folded[..at].rfind('\n').map_or(0, |i| i + 1);
    folded[line_start..at].matches('"').count() % 2 == 1
}

/// Whether the few words around a named doctor place them in the author's group.
fn same_group_around(folded: &str, at: usize, end: usize) -> bool {
    // Within the name's sentence: "He has never been seen by our practice.
    // Dr Okafor is out of the country" places no one in the group.
    let from = reach_before(folded, at);
    let from = folded[from..at].rfind(['.', ';', '\n']).map_or(from, |i| from + i + 1);
    let to = folded[end..].char_indices().nth(40).map_or(folded.len(), |(i, _)| end + i);
    // The clause after the name: "Dr. Pressley (not our practice; pt new
    // to our group)" says nothing of him after the semicolon.
    let to = folded[end..to].find([';', '\n']).map_or(to, |i| end + i);
    let window = &folded[from..to];
    // "I called Dr. Kowalczyk's on-call partner": a group word after the
    // name's possessive is that doctor's group, not the author's (folding
    // has made a curly apostrophe straight).
    let possessive = folded[end..].starts_with("'s");
    SAME_GROUP.iter().any(|w| {
        window
            .match_indices(w)
            .any(|(i, _)| {
                !(possessive && from + i >= end) && !denied_before(&window[..i]) && !someone_elses(&window[..i]) && !quoted(folded, from + i)
            })
    })
}

/// Whether a group word is said as someone else's: "Dr. Okafor is away and
/// his partners asked us" names Dr. Okafor's group, not the author's ("her
/// partner" may even be the patient's).
fn someone_elses(text: &str) -> bool {
    matches!(plain_words(text).next_back(), Some("his" | "her" | "their"))
}

/// The words of a text as a group word's context reads them: letters and
/// digits, an apostrophe kept ("isn't").
fn plain_words(text: &str) -> impl DoubleEndedIterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric() && c != '\'').filter(|w| !w.is_empty())
}

/// Whether the few words before a group word deny it ("not affiliated with
/// our practice", "isn't in our group", "no partner of mine") or say it of
/// a patient ("new to our group").
fn denied_before(text: &str) -> bool {
    let words: Vec<&str> = plain_words(text).collect();
    words[words.len().saturating_sub(DENIAL_REACH_WORDS)..]
        .iter()
        .any(|w| matches!(*w, "not" | "no" | "never" | "non" | "unaffiliated") || w.ends_with("n't"))
        // "new to our group" is said of a patient.
        || words.ends_with(&["new", "to"])
}

/// Words before a group word read for its denial.
const DENIAL_REACH_WORDS: usize = 3;

/// Words that end a name, in any case ("DR. ANSEL WHITFORD OF MERCY GENERAL").
const NAME_STOPS: &[&str] = &[
    "of", "at", "from", "and", "the", "in", "with", "for", "by", "on", "to", "who", "did", "was",
    // A time said after the name, capitalized in a note typed in capitals
    // ("WITH DR. CASTELLANOS YESTERDAY 4/8").
    "yesterday", "today", "tonight", "tomorrow", "earlier", "last", "this", "overnight",
    // The first word of the next field's label, where a note typed in
    // capitals runs its fields on ("FOR DR. ERIC LINDQVIST DATE OF OPERATION:").
    "date", "dos", "time", "procedure", "operation", "preoperative", "postoperative", "indications", "anesthesia",
];

/// The surname (folded) of a name starting at `at` (spaces and "Dr." may
/// come first), and where it ends in the view: initials and capitalised
/// words, the last of which counts ("A. Demir" -> "demir", "Dr. Ilse
/// Fairbanks" -> "fairbanks"), up to a credential ("ANAND RAMASWAMY MD" ->
/// "ramaswamy"). After a title in lower case (`lower_title`: "dr. szabo of
/// general surgery"), one word in lower case is the surname too: the words
/// after it are prose ("dr smith performed ...").
fn name_at(view: &str, at: usize, credentials: &[String], lower_title: bool) -> Option<(String, usize)> {
    let rest = view.get(at..)?.trim_start_matches([' ', '\t']);
    let rest = rest.split('\n').next().unwrap_or("");
    let rest = ["Dr. ", "Dr ", "DR. ", "DR ", "Doctor "].iter().find_map(|t| rest.strip_prefix(t)).unwrap_or(rest).trim_start();
    let mut last = None;
    let mut last_in_capitals = false;
    let in_capitals = |w: &str| w.chars().count() > 1 && w.chars().any(char::is_alphabetic) && !w.chars().any(char::is_lowercase);
    for (i, raw) in rest.split([' ', '\t', '\n']).take(4).enumerate() {
        let word = raw.trim_end_matches([',', ';', ')', ':', '.']).trim_end_matches("'s");
        // The next field's label, where a line's gaps were closed up
        // ("Attending: Dr. E. Vance   Fellow: A. Mehta"): no part of the name.
        if last.is_some() && raw.ends_with(':') {
            break;
        }
        // So is a word in capitals after a name in mixed case ("Dr. Eric
        // Lindqvist  DATE OF OPERATION: ...", its gaps closed up).
        if last.is_some() && !last_in_capitals && in_capitals(word) {
            break;
        }
        // A note in capitals runs the name into its verb ("DR. OKAFOR REMOVED A
        // CHANGING PIGMENTED LESION"): a verb of work done is no part of it.
        if last.is_some() && in_capitals(word) && is_done_verb(&word.to_lowercase()) {
            break;
        }
        let lower_surname = lower_title && i == 0 && word.chars().next().is_some_and(char::is_lowercase);
        // A note typed in capitals capitalizes "OF" too: no name goes on past it.
        if !(word.chars().next().is_some_and(char::is_uppercase) || lower_surname)
            || NAME_STOPS.contains(&word.to_lowercase().as_str())
            || is_credential(word, credentials)
        {
            break;
        }
        let initial = word.chars().count() == 1;
        if !initial {
            if word.len() < 2 || !word.chars().all(|c| c.is_alphabetic() || c == '-' || c == '\'') {
                break;
            }
            // `word` is a slice of `view`: its end is an offset there.
            last = Some((word.to_lowercase(), word.as_ptr() as usize - view.as_ptr() as usize + word.len()));
            last_in_capitals = in_capitals(word);
        }
        if lower_surname || raw.trim_end_matches('.').ends_with([',', ';', ')', ':']) || (raw.ends_with('.') && !initial) {
            break;
        }
    }
    last
}

/// Whether the name before a credential at `at` ends an entry of a list of
/// earlier operations, after a dash that follows the operation ("I&D L thigh
/// abscess in ED - P. Ruiz MD / Emergency Med"): the surgeon of that entry,
/// no signature. A signature's own dash opens its line ("-- R. Okonkwo MD").
fn in_a_history_entry(view: &str, at: usize) -> bool {
    let before = view[..at].trim_end().trim_end_matches(',');
    let clause = &before[before.rfind(['\n', ';']).map_or(0, |i| i + 1)..];
    let mut words: Vec<&str> = clause.split_whitespace().collect();
    words.pop(); // the surname
    // Its initials and given names ("P.", "Mira").
    let part_of_name = |w: &&str| (w.len() <= 2 && w.ends_with('.')) || (w.starts_with(char::is_uppercase) && w.chars().all(char::is_alphabetic));
    while words.last().is_some_and(part_of_name) {
        words.pop();
    }
    // The entry dates its operation ("06/27/2026 I&D L thigh abscess in ED -"); "Signed -" signs.
    matches!(words.last(), Some(&"-" | &"\u{2013}")) && words.len() > 1 && clause.bytes().any(|b| b.is_ascii_digit())
}

/// The surname (folded) just before a credential at `at` ("J. Park MD",
/// "Helena Marsh, MD" -> "marsh"); a word all in capitals only where the
/// whole note is `shouted` ("OWEN PARK, MD"), else it is an acronym.
fn name_before(view: &str, at: usize, shouted: bool) -> Option<String> {
    let before = view.get(..at)?.trim_end().trim_end_matches(',').trim_end();
    let word = before.rsplit([' ', '\t', '\n']).next()?;
    let capital = word.chars().next().is_some_and(char::is_uppercase);
    let letters = word.len() >= 2 && word.chars().all(|c| c.is_alphabetic() || c == '-' || c == '\'');
    (capital && letters && (shouted || !word.chars().all(char::is_uppercase))).then(|| word.to_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::note::NoteScheme;

    #[test]
    fn a_doctor_is_what_the_appositive_says_not_what_the_clause_does() {
        let lex = Lexicon::builtin().unwrap();
        let of = |text: &str, own: &str| {
            let note = Note::new(text, &NoteScheme::new(&lex)).unwrap();
            Authors::of(&note, &lex, Some(own)).others
        };
        let colleague = "Had her ORIF by Dr. Anand, one of the orthopedic hand surgeons in our group, in May.";
        assert_eq!(of(colleague, "podiatry"), vec!["anand".to_string()]);
        assert!(of(colleague, "orthopaedic surgery").is_empty());
        // What the partner did and who cleared her says nothing of his specialty.
        assert!(of("My partner Dr. Haines did her ORIF 3/2 and cardiology cleared her.", "orthopaedic surgery").is_empty());
    }

    #[test]
    fn in_capitals_a_name_after_a_dash_needs_an_initial_or_a_comma() {
        let lex = Lexicon::builtin().unwrap();
        let surnames = |text: &str| -> Vec<String> {
            let note = Note::new(text, &NoteScheme::new(&lex)).unwrap();
            entry_surgeons(&note, &lex.credentials).into_iter().map(|(_, _, s)| s).collect()
        };
        assert!(surnames("S/P REDUCTION (3/2/26), HEALING FINE - NOTHING TO DO WITH TONIGHT.").is_empty());
        assert_eq!(surnames("03/02/2026 I&D THIGH - P. RUIZ MD"), ["ruiz"]);
        assert_eq!(surnames("03/02/2026 I&D THIGH - MIRA PTAK, MD"), ["ptak"]);
        assert_eq!(surnames("03/02/2026 I&D thigh - Mira Ptak MD"), ["ptak"]);
    }

    #[test]
    fn in_capitals_a_time_after_a_name_is_no_part_of_it() {
        let lex = Lexicon::builtin().unwrap();
        let doctors = |text: &str| -> Vec<String> {
            let note = Note::new(text, &NoteScheme::new(&lex)).unwrap();
            Authors::of(&note, &lex, None).doctors.into_iter().map(|(_, _, s)| s).collect()
        };
        assert_eq!(doctors("UNDERWENT THYROIDECTOMY WITH DR. CASTELLANOS YESTERDAY 4/8, UNEVENTFUL."), ["castellanos"]);
        assert_eq!(doctors("Underwent thyroidectomy with Dr. Castellanos yesterday 4/8, uneventful."), ["castellanos"]);
    }

    fn read(text: &str) -> (Authors, Note) {
        let lex = Lexicon::builtin().unwrap();
        let note = Note::new(text, &NoteScheme::new(&lex)).unwrap();
        (Authors::of(&note, &lex, None), note)
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
        // The next field on the same line is not the name's.
        let (a, _) = read("Attending: Dr. E. Vance   Fellow: A. Mehta\n");
        assert_eq!(a.surnames, vec!["vance"]);
    }

    #[test]
    fn a_doctor_titled_in_lower_case_is_named_in_it_too() {
        let text = "surgeon: m. okonkwo, md\nhe had a l cfa endarterectomy 7/24/26 by dr. lindqvist of lakeshore vascular associates.\n";
        assert_eq!(doer(text, "endarterectomy"), Some(false));
        // One word only: what follows the surname is prose, not more name.
        let (a, _) = read("hernia repair by dr smith performed last month.\n");
        assert_eq!(a.doctors.iter().map(|d| d.2.as_str()).collect::<Vec<_>>(), ["smith"]);
        // "Dr." in capitals still needs a capital surname.
        let (a, _) = read("Seen by Dr. today.\n");
        assert!(a.doctors.is_empty(), "{:?}", a.doctors);
    }

    #[test]
    fn an_operation_by_another_named_doctor_is_theirs() {
        let text = "Surgeon: M. Okonkwo, MD\nHe had a L CFA endarterectomy 7/24/26 by Dr. Lindqvist of Lakeshore Vascular Associates.\n";
        assert_eq!(doer(text, "endarterectomy"), Some(false));
        // A bracket that labels the doctor's service first.
        let text = "Operator: S. Bhattacharya MD\nOther hx: s/p R TKA 6/2 (ortho, Dr Feld), recovering well.\n";
        assert_eq!(doer(text, "TKA"), Some(false));
    }

    #[test]
    fn the_attending_named_in_the_story_is_the_author() {
        let text = "Attg: Dr. Sandoval. Res: Kwame.\n77M, R hemicolectomy 4/6 w/ Dr. Sandoval for ascending colon cancer.\n";
        assert_eq!(doer(text, "hemicolectomy"), Some(true));
    }

    #[test]
    fn a_doctor_named_with_a_practice_or_a_denied_group_before_the_verb_is_another() {
        let text = "Surgeon: A. Kowalczyk, MD\nDr. Halvorsen (not affiliated with our practice) placed a spanning ex-fix on 6/1.\n";
        assert_eq!(doer(text, "ex-fix"), Some(false));
        let text = "Operator: T. Varga MD\nDr. Lindqvist of the ED group did a thoracentesis this morning.\n";
        assert_eq!(doer(text, "thoracentesis"), Some(false));
        // The operation named by its verb right after the doctor and a bracket.
        let text = "Surgeon: K. Osei MD\nOvernight Dr. Feeney (Coastal Ortho, on call) reduced it in the OR.\n";
        assert_eq!(doer(text, "reduced it"), Some(false));
        // A long affiliation between the doctor and the verb.
        let text = "Surgeon: A. Brennan MD\nDr. Okafor from plastic surgery here at Riverbend did her carpal tunnel release on 8/12.\n";
        assert_eq!(doer(text, "carpal tunnel release"), Some(false));
    }

    #[test]
    fn a_partner_binds_and_an_unsigned_note_says_nothing() {
        let text = "Surgeon: P. Ruiz, MD (covering for Dr. Ng, same practice)\nHip pinned 3/2 by Dr. Ng.\n";
        assert_eq!(doer(text, "pinned"), Some(true));
        assert_eq!(doer("Hip pinned 3/2 by Dr. Ng.\n", "pinned"), None);
    }

    #[test]
    fn a_partner_quoted_and_taken_back_is_no_partner() {
        let text = "Surgeon: T. Vance MD\nHip replaced 8/11 by Dr. Feld. I wrote \"my partner Dr. Feld\" earlier - wrong, he is with Lakeside Ortho.\n";
        assert_ne!(doer(text, "Hip replaced"), Some(true));
        // Said, not quoted, the partner binds.
        let text = "Surgeon: T. Vance MD\nHip replaced 8/11 by Dr. Feld, my partner.\n";
        assert_eq!(doer(text, "Hip replaced"), Some(true));
    }

    #[test]
    fn a_referring_doctor_is_someone_else_even_in_an_unsigned_note() {
        let text = "IR REPORT\nReferring: Dr. P. Vance, Lakeside Vascular\nL radiocephalic AVF created 6 wks ago by Dr Vance. Not maturing.\n";
        assert_eq!(doer(text, "AVF"), Some(false));
        let text = "Endoscopist: P. Anand, MD (GI)     Referring: K. Morrow, MD (gen surg)\ns/p lap chole 3/4 by Dr. Morrow, POD#5.\n";
        assert_eq!(doer(text, "lap chole"), Some(false));
        let text = "She had a lap chole 9 days ago by Dr. Yusuf of Riverside Surgical Group.\n";
        assert_eq!(doer(text, "lap chole"), Some(false));
    }

    #[test]
    fn a_table_rows_surgeon_cell_tells_whose_it_was() {
        let text = "Surgeon: O. Park MD\n| R TKA | 07/30/2026 | Iverson, Mark MD (Ortho) |\n| Sleeve gastrectomy | 08/22/2023 | Park, Owen MD |\n";
        assert_eq!(doer(text, "TKA"), Some(false));
        assert_eq!(doer(text, "Sleeve gastrectomy"), Some(true));
        let text = "Surgeon: L. Fischer MD\nLap hernia repair w/ mesh  03/17/2026    Fischer, Lena MD\n";
        assert_eq!(doer(text, "hernia repair"), Some(true));
        // Typed all in capitals, the author signed in capitals is still known.
        let text = "ENDOSCOPIST OWEN PARK, MD\n| R TKA | 07/30/2026 | IVERSON, MARK MD (ORTHO) |\n";
        assert_eq!(doer(text, "TKA"), Some(false));
        // The surgeon column after dot leaders, initial first.
        let text = "Attending: Miroslava Ptak, MD\nSURG HX:\n 03/03/2026  ORIF R distal radius ........ R. Abernathy MD, Coastline\n 08/19/2024  R trigger release ...... M. Ptak MD, GLHUE\n";
        assert_eq!(doer(text, "ORIF"), Some(false));
        assert_eq!(doer(text, "trigger release"), Some(true));
        // A list entry's surgeon after its dash; a signature's dash signs.
        let text = "Surgeon: O. Amadi MD\nSurg Hx: 06/27/2026 I&D L thigh abscess in ED - P. Ruiz MD / Emergency Med; 2021 lap appy\nSigned - O. Amadi MD\n";
        assert_eq!(doer(text, "I&D"), Some(false));
        let (a, _) = read(text);
        assert_eq!(a.surnames, vec!["amadi"]);
    }

    #[test]
    fn a_name_in_capitals_ends_at_its_credential() {
        // Typed in capitals, "MD" is no surname: the author is Ramaswamy.
        let text = "SURGEON: ANAND RAMASWAMY MD (ATTENDING)\nS/P L FEM-POP BYPASS ON 4/14/25 (DR. RAMASWAMY).\n";
        assert_eq!(doer(text, "FEM-POP BYPASS"), Some(true));
    }

    #[test]
    fn another_practice_is_read_in_capitals_too() {
        let text = "SHE HAD A LAP CHOLE 9 DAYS AGO BY DR. ANSEL YUSUF OF RIVERSIDE SURGICAL GROUP.\n";
        assert_eq!(doer(text, "LAP CHOLE"), Some(false));
        // A doctor after a comma, with the practice named.
        let text = "L BKA 12/22/25 for ischemic foot, Dr. Feld w/ Summit Vascular -- followed by them.\n";
        assert_eq!(doer(text, "BKA"), Some(false));
        // A surname alone, its practice in brackets, in a list of operations.
        let text = "Provider: M. Quintero, DPM\nPSH:\n  - L TKA 1/14/26 - Farouk (Summit Ortho)\n";
        assert_eq!(doer(text, "TKA"), Some(false));
        // A specialty after "of" in capitals is no practice: nothing tells.
        let text = "MASTECTOMY BY DR. ANJALI RAVINDRAN OF BREAST SURGICAL ONCOLOGY ON 01/15/2026.\n";
        assert_eq!(doer(text, "MASTECTOMY"), None);
    }

    #[test]
    fn a_doctor_named_before_the_operation() {
        let text = "Attending: Owen Delacroix, MD\nReferring: Dr. Priya Shah, Summit Surgical Oncology, who placed the left chest port on 2/24 in the OR.\n";
        assert_eq!(doer(text, "chest port"), Some(false));
        let text = "Surgeon: K. Osei, MD\nFollows Dr. Morrow's lap chole of 3/4.\n";
        assert_eq!(doer(text, "lap chole"), Some(false));
        let text = "Surgeon: K. Osei, MD\nDr. Morrow asked us to see her after the lap chole of 3/4.\n";
        assert_eq!(doer(text, "lap chole"), None);
    }

    #[test]
    fn an_initial_alone_names_nobody() {
        let text = "Attending: Dr. Whitfield\nexpander recon 1/7/26 (Dr. W). Fully expanded to 450 cc.\n";
        assert_eq!(doer(text, "expander recon"), None);
    }

    #[test]
    fn the_doctor_names_the_operation_just_before() {
        // The Mohs was the dermatologist's; the flap, told after it, the author's.
        let text = "Surgeon: Priya Raman, MD\nMohs excision of the ala was done by Dr. Feld on 03/04/2026, and I reconstructed the defect with a bilobed flap on 03/05/2026.\n";
        assert_eq!(doer(text, "Mohs excision"), Some(false));
        assert_eq!(doer(text, "bilobed flap"), None);
    }

    #[test]
    fn a_surname_with_its_practice_after_a_comma_did_the_listed_operation() {
        let text = "PSH:\n- s/p lap chole 10 d ago - Amsel, Northgate General Surgery\n- appy as a child\n";
        assert_eq!(doer(text, "lap chole"), Some(false));
        // Not a practice: a word of the story after the comma.
        assert_eq!(doer("PSH:\n- lap chole 3/2 - Amsel, uneventful recovery\n", "lap chole"), None);
    }

    #[test]
    fn names_after_non_ascii_text_are_read_on_char_boundaries() {
        // A degree sign right before a listed name must not split a character.
        let (a, _) = read("ROM 90\u{b0}- Feld, Summit Ortho Group\nflexion 120\u{b0}, Park (Summit Ortho)\n");
        assert!(a.doctors.iter().any(|(_, _, n)| n == "feld"), "{:?}", a.doctors);
    }
}
