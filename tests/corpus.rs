//! Corpus scoring as a test: the annotated encounters in `corpus/` must keep
//! line accuracy at or above the floor, and raise no false alarm on lines
//! whose gold answer is "no modifier". Raise the floors as the engine improves.

use modcite::analyze::Analyzer;
use modcite::eval::{corpus_files, evaluate};

/// Line accuracy floor (fraction of procedure lines answered acceptably).
const LINE_ACCURACY_FLOOR: f64 = 0.97;
/// Most false alarms allowed on gold-none lines.
/// Least evidence-phrase recall.
const EVIDENCE_RECALL_FLOOR: f64 = 0.60;

#[test]
fn corpus_scores_stay_above_the_floor() {
    let files = corpus_files(std::path::Path::new("corpus")).unwrap();
    let report = evaluate(&Analyzer::builtin(), &files).unwrap();
    assert!(report.records >= 80, "corpus has only {} records", report.records);
    assert_eq!(report.errors, 0, "corpus records that failed: {:?}", report.misses);
    let misses: Vec<String> = report
        .misses
        .iter()
        .map(|m| format!("{} {:?}: expected {:?} got {:?}", m.id, m.code, m.expected, m.got))
        .collect();
    assert!(
        report.line_accuracy >= LINE_ACCURACY_FLOOR,
        "line accuracy {:.3} < floor {LINE_ACCURACY_FLOOR}; misses:\n{}",
        report.line_accuracy,
        misses.join("\n")
    );
    assert_eq!(report.false_alarms, 0, "false alarms on gold-none lines");
    assert!(report.evidence_recall >= EVIDENCE_RECALL_FLOOR, "evidence recall {:.3}", report.evidence_recall);
}

#[test]
fn corpus_records_are_well_formed() {
    // Every gold line matches a procedure line, and every evidence phrase is in the note.
    for file in corpus_files(std::path::Path::new("corpus")).unwrap() {
        let text = std::fs::read_to_string(&file).unwrap();
        let mut ids = std::collections::BTreeSet::new();
        for (i, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
            let where_ = format!("{}:{}", file.display(), i + 1);
            let v: serde_json::Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("{where_}: {e}"));
            assert!(ids.insert(v["id"].as_str().unwrap_or("").to_string()), "{where_}: duplicate id");
            let note = v["note"].as_str().unwrap_or_else(|| panic!("{where_}: no note"));
            let procs = v["procedures"].as_array().map(Vec::len).unwrap_or(0);
            let gold = v["expected"]["procedures"].as_array().unwrap_or_else(|| panic!("{where_}: no expected"));
            if procs > 0 {
                assert_eq!(gold.len(), procs, "{where_}: one gold line per procedure line");
            }
            for p in v["expected"]["evidence_phrases"].as_array().into_iter().flatten() {
                let p = p.as_str().unwrap();
                assert!(note.contains(p), "{where_}: evidence phrase not in note: {p:?}");
            }
        }
    }
}

/// The shared dev set (independently written encounters) meets the accuracy
/// issue's acceptance figures. It lives beside the repository, as in CI; a
/// checkout without it skips this test and says so.
#[test]
fn devset_meets_the_acceptance_figures() {
    let dir = std::path::Path::new("../shared/data/devset");
    if !dir.is_dir() {
        eprintln!("skipped: {} is absent", dir.display());
        return;
    }
    let report = evaluate(&Analyzer::builtin(), &corpus_files(dir).unwrap()).unwrap();
    let misses: Vec<String> = report.misses.iter().map(|m| format!("{} {:?}: expected {:?} got {:?}", m.id, m.code, m.expected, m.got)).collect();
    assert!(report.line_accuracy >= 0.95, "dev set line accuracy {:.3}:\n{}", report.line_accuracy, misses.join("\n"));
    assert_eq!(report.false_alarms, 0, "false alarms on the dev set:\n{}", misses.join("\n"));
    assert!(report.evidence_recall >= 0.80, "dev set evidence recall {:.3}", report.evidence_recall);
    assert!(report.unflagged_accuracy >= 0.98, "accuracy on unflagged lines {:.3}", report.unflagged_accuracy);
    assert!(report.coverage >= 0.85, "coverage {:.3}", report.coverage);
    let false_errors = report.audit_false_errors as f64 / report.audit_gold_records as f64;
    let caught = report.audit_caught as f64 / report.audit_wrong_records as f64;
    assert!(false_errors <= 0.03, "audit errors on gold billing {false_errors:.3}: {:?}", report.audit_false_error_ids);
    assert!(caught >= 0.95, "wrong billings caught {caught:.3}: {:?}", report.audit_passed_ids);
}

/// The held-out splits (`corpus/heldout*/`, written by other hands and each
/// scored before any tuning on it) keep their level together.
#[test]
fn held_out_splits_stay_above_the_floor() {
    let mut files = Vec::new();
    for dir in ["corpus/heldout", "corpus/heldout2", "corpus/heldout3", "corpus/heldout4", "corpus/heldout5", "corpus/heldout6", "corpus/heldout7", "corpus/heldout8", "corpus/heldout9", "corpus/heldout10", "corpus/heldout11", "corpus/heldout12", "corpus/heldout13", "corpus/heldout14", "corpus/heldout15", "corpus/heldout16", "corpus/heldout17", "corpus/heldout18", "corpus/heldout19", "corpus/heldout20", "corpus/heldout21", "corpus/heldout22", "corpus/heldout23", "corpus/heldout24", "corpus/heldout25", "corpus/heldout26", "corpus/heldout27", "corpus/heldout28", "corpus/heldout29", "corpus/heldout30", "corpus/heldout31", "corpus/heldout32", "corpus/heldout33", "corpus/heldout34", "corpus/heldout35", "corpus/heldout36", "corpus/heldout37", "corpus/heldout38", "corpus/heldout39", "corpus/heldout40", "corpus/heldout41", "corpus/heldout42", "corpus/heldout43", "corpus/heldout44", "corpus/heldout45", "corpus/heldout46", "corpus/heldout47", "corpus/heldout48", "corpus/heldout49", "corpus/heldout50", "corpus/heldout51", "corpus/heldout52", "corpus/heldout53", "corpus/heldout54", "corpus/heldout55", "corpus/heldout56", "corpus/heldout57", "corpus/heldout58", "corpus/heldout59", "corpus/heldout60", "corpus/heldout61", "corpus/heldout62", "corpus/heldout63", "corpus/heldout65", "corpus/heldout66", "corpus/heldout67", "corpus/heldout68", "corpus/heldout69", "corpus/heldout70", "corpus/heldout71", "corpus/heldout72", "corpus/heldout73", "corpus/heldout75", "corpus/heldout77", "corpus/heldout79", "corpus/heldout80", "corpus/heldout81", "corpus/heldout83", "corpus/heldout84", "corpus/heldout85", "corpus/heldout87", "corpus/heldout89", "corpus/heldout90", "corpus/heldout91", "corpus/heldout92", "corpus/heldout96", "corpus/heldout100", "corpus/heldout101", "corpus/heldout102", "corpus/heldout103", "corpus/heldout104", "corpus/heldout106", "corpus/heldout107", "corpus/heldout108", "corpus/heldout109", "corpus/heldout111", "corpus/heldout112", "corpus/heldout114", "corpus/heldout115", "corpus/heldout116", "corpus/heldout118", "corpus/heldout119", "corpus/heldout120", "corpus/heldout121", "corpus/heldout122", "corpus/heldout123", "corpus/heldout124", "corpus/heldout125", "corpus/heldout126", "corpus/heldout127", "corpus/heldout128", "corpus/heldout129", "corpus/heldout130", "corpus/heldout131", "corpus/heldout132", "corpus/heldout133", "corpus/heldout134", "corpus/heldout135", "corpus/heldout138", "corpus/heldout140", "corpus/heldout141", "corpus/heldout142", "corpus/heldout144", "corpus/heldout146", "corpus/heldout147", "corpus/heldout149", "corpus/heldout150", "corpus/heldout151", "corpus/heldout154", "corpus/heldout160", "corpus/heldout161", "corpus/heldout162", "corpus/heldout163", "corpus/heldout164", "corpus/heldout165", "corpus/heldout169", "corpus/heldout171", "corpus/heldout172", "corpus/heldout173", "corpus/heldout175", "corpus/heldout177", "corpus/heldout178", "corpus/heldout179", "corpus/heldout180", "corpus/heldout182", "corpus/heldout183", "corpus/heldout184", "corpus/heldout185", "corpus/heldout186", "corpus/heldout187", "corpus/heldout188", "corpus/heldout189", "corpus/heldout190", "corpus/heldout191", "corpus/heldout192"] {
        files.extend(corpus_files(std::path::Path::new(dir)).unwrap());
    }
    let report = evaluate(&Analyzer::builtin(), &files).unwrap();
    let misses: Vec<String> = report.misses.iter().map(|m| format!("{} {:?}: expected {:?} got {:?}", m.id, m.code, m.expected, m.got)).collect();
    assert!(report.line_accuracy >= 0.95, "held-out line accuracy {:.3}:\n{}", report.line_accuracy, misses.join("\n"));
    assert_eq!(report.false_alarms, 0, "false alarms on the held-out splits:\n{}", misses.join("\n"));
}

/// The 378 real MTSamples notes without context: every cited span is exact,
/// and nothing is recommended (the notes alone never show a prior surgery
/// inside a global period by the same physician). Skipped, saying so, when
/// the shared data is absent.
#[test]
fn mtsamples_without_context_cite_exact_spans_and_recommend_nothing() {
    let path = std::path::Path::new("../shared/data/mtsamples/notes.jsonl");
    let Ok(text) = std::fs::read_to_string(path) else {
        eprintln!("skipped: {} is absent", path.display());
        return;
    };
    let analyzer = Analyzer::builtin();
    let mut recommended = Vec::new();
    for line in text.lines() {
        let record: serde_json::Value = serde_json::from_str(line).unwrap();
        let (id, note) = (record["id"].as_str().unwrap(), record["note"].as_str().unwrap());
        let enc = modcite::encounter::Encounter::from_json(&serde_json::json!({"id": id, "note": note}).to_string()).unwrap();
        let result = analyzer.analyze(enc, modcite::analyze::Options::default()).unwrap();
        for l in &result.procedures {
            for e in l.suggestions.iter().flat_map(|s| &s.evidence) {
                assert_eq!(&note[e.span.start..e.span.end], e.span.text, "{id}: span {}..{}", e.span.start, e.span.end);
            }
            if !l.recommended.is_empty() {
                recommended.push(format!("{id} {:?}: {:?}", l.code, l.recommended));
            }
        }
    }
    assert!(recommended.is_empty(), "recommendations on MTSamples without context: {recommended:?}");
}

/// A note form: its name and how it rewrites a note.
type NoteForm = (&'static str, fn(&str) -> String);

/// Every held-out record's line answers as written and in each of `forms`:
/// the number of records, and one line per record and form whose answers
/// changed. Every cited span must be exact in the note as given.
fn answers_that_change(forms: &[NoteForm]) -> (usize, Vec<String>) {
    let analyzer = Analyzer::builtin();
    let mut changed = Vec::new();
    let mut records = 0;
    let mut dirs: Vec<_> = std::fs::read_dir("corpus").unwrap().flatten().map(|e| e.path()).filter(|p| p.is_dir()).collect();
    dirs.sort();
    for dir in dirs {
        // A split being written may be an empty folder (git keeps none).
        let Ok(files) = corpus_files(&dir) else { continue };
        for file in files {
            for line in std::fs::read_to_string(&file).unwrap().lines().filter(|l| !l.trim().is_empty()) {
                let record: serde_json::Value = serde_json::from_str(line).unwrap();
                let answers = |note: &str| {
                    let mut r = record.clone();
                    r["note"] = serde_json::Value::from(note);
                    let enc = modcite::encounter::Encounter::from_json(&r.to_string()).unwrap();
                    let result = analyzer.analyze(enc, modcite::analyze::Options::default()).unwrap();
                    for e in result.procedures.iter().flat_map(|l| l.suggestions.iter().flat_map(|s| &s.evidence)) {
                        assert_eq!(&note[e.span.start..e.span.end], e.span.text, "{}: inexact span", record["id"]);
                    }
                    result.procedures.iter().map(|l| l.recommended.clone()).collect::<Vec<_>>()
                };
                let note = record["note"].as_str().unwrap();
                let as_written = answers(note);
                records += 1;
                for (form, reform) in forms {
                    let got = answers(&reform(note));
                    if got != as_written {
                        changed.push(format!("{} ({form}): {as_written:?} -> {got:?}", record["id"]));
                    }
                }
            }
        }
    }
    (records, changed)
}

/// How a note reaches us does not change its answers: the held-out splits'
/// notes with Windows line ends, flattened onto one line the way the
/// MTSamples export writes them (each line break a comma), typed all in
/// capitals, or indented with no-break spaces get, line for line, the
/// modifiers they get as written, with every cited span exact in the note
/// as given.
#[test]
fn a_notes_form_does_not_change_its_answers() {
    let forms: [NoteForm; 4] = [
        ("CRLF", |n| n.replace('\n', "\r\n")),
        ("flattened", |n| n.split('\n').filter(|l| !l.trim().is_empty()).collect::<Vec<_>>().join(",")),
        ("capitals", |n| n.to_uppercase()),
        ("no-break indent", |n| n.replace("\n  ", "\n\u{a0}\u{a0}")),
    ];
    let (records, changed) = answers_that_change(&forms);
    assert!(records >= 1500, "only {records} held-out records");
    assert!(changed.is_empty(), "answers that change with the note's form:\n{}", changed.join("\n"));
}

/// Boilerplate says nothing about this encounter: a consent paragraph that
/// lists every risk (bleeding, hematoma, staged procedures, an unplanned
/// return to the operating room), a problem list of old operations, a
/// review of systems that denies drainage and bleeding, or return
/// precautions, added to a held-out note, leave its answers as they were for
/// all but one in five hundred.
#[test]
fn boilerplate_does_not_change_the_answers() {
    let forms: [NoteForm; 4] = [
        ("consent first", |n| {
            format!("Consent: we went over the risks, benefits and alternatives, including but not limited to bleeding, infection, hematoma, seroma, wound breakdown, nerve injury, clots, the possible need for further or staged procedures and an unplanned return to the operating room. All questions answered.\n\n{n}")
        }),
        ("problem list first", |n| format!("Problem list:\n1. S/p R TKA 2019\n2. Hx surgical site infection after lumbar fusion 2017\n3. Anemia of CKD\n\n{n}")),
        ("review of systems last", |n| format!("{n}\n\nROS: negative for fever, chills, chest pain, shortness of breath, wound drainage or bleeding except as noted above.")),
        ("return precautions last", |n| format!("{n}\n\nFollow-up: wound check in 1 week; return sooner for fever, spreading redness, drainage or bleeding.")),
    ];
    let (records, changed) = answers_that_change(&forms);
    assert!(records >= 1500, "only {records} held-out records");
    // The engine of 27a245a changed 250 notes' answers with the consent
    // paragraph alone.
    assert!(changed.len() * 500 <= records * forms.len(), "{} of {} answers change with boilerplate:\n{}", changed.len(), records * forms.len(), changed.join("\n"));
}
