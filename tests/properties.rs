//! Properties that must hold for any input:
//!
//! 1. batch output is identical at 1 and N worker threads (and any chunk size);
//! 2. line endings (LF or CRLF) change offsets only: the same modifiers are
//!    recommended, with the same scores and the same evidence (texts equal
//!    once `\r` is removed), and the same warnings;
//! 3. global-period window math: for an index date D and a 000/010/090
//!    global, day D+N is inside exactly when 1 <= N <= window days, N = 0 is
//!    the same day, and the window ends on D + window days; the analyzer
//!    reports the same through an encounter.

use modcite::analyze::{Analyzer, Options};
use modcite::batch::{self, JsonLinesSource, RecordSource};
use modcite::encounter::{Encounter, GlobalDaysValue, HistoryItem, ProcedureLine};
use modcite::facts::{window_end, window_status, WindowStatus};
use modcite::model::GlobalDays;
use modcite::result::EncounterResult;
use jiff::civil::Date;
use jiff::ToSpan;
use proptest::prelude::*;
use std::sync::OnceLock;

fn analyzer() -> &'static Analyzer {
    static A: OnceLock<Analyzer> = OnceLock::new();
    A.get_or_init(Analyzer::builtin)
}

fn pool(threads: usize) -> &'static rayon::ThreadPool {
    static ONE: OnceLock<rayon::ThreadPool> = OnceLock::new();
    static THREE: OnceLock<rayon::ThreadPool> = OnceLock::new();
    let cell = if threads == 1 { &ONE } else { &THREE };
    cell.get_or_init(|| rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap())
}

const FRAGMENTS: &[&str] = &[
    "OPERATIVE REPORT",
    "DATE OF SURGERY: 03/09/2026",
    "INDICATIONS:",
    "COMPLICATIONS: None.",
    "COMPLICATIONS: Wound hematoma.",
    "She returns for the planned second stage of her reconstruction.",
    "He was taken back to the operating room for evacuation of an expanding hematoma.",
    "Risks including infection, bleeding and hematoma were discussed.",
    "This is a new injury, unrelated to the prior surgery, a fall on ice.",
    "Separate lesion on the contralateral forearm, separate incision.",
    "No evidence of infection.",
    "s/p right TKA 01/12/2026, POD #12.",
    "He is s/p left total knee arthroplasty 6 weeks ago.",
    "Temp 38.4; Dr. Müller’s “staged” plan — approx. 6 wks.",
    "PROCEDURE: Left total knee arthroplasty.",
    "PLAN: return to clinic in 2 weeks.",
    "Café-au-lait macule, stage II.",
    "日本語のメモ。",
];

const SEPARATORS: &[&str] = &[" ", "  ", "\n", "\n\n", "\t", "\n  ", " \n"];

fn note_strategy() -> impl Strategy<Value = String> {
    prop::collection::vec((0..FRAGMENTS.len(), 0..SEPARATORS.len()), 0..16).prop_map(|parts| {
        let mut s = String::new();
        for (f, sep) in parts {
            s.push_str(FRAGMENTS[f]);
            s.push_str(SEPARATORS[sep]);
        }
        s
    })
}

/// Encounter context: none, or a date of service with lines and a prior procedure.
#[derive(Debug, Clone)]
struct Context {
    dos: Option<&'static str>,
    codes: Vec<&'static str>,
    prior: Option<(&'static str, &'static str, Option<i64>)>,
    payer: Option<&'static str>,
}

fn context_strategy() -> impl Strategy<Value = Context> {
    (
        prop::option::of(prop::sample::select(vec!["2026-03-09", "2026-02-01", "2026-01-12", "2026-06-30"])),
        prop::collection::vec(prop::sample::select(vec!["27447", "11042", "97597", "20610", "10060", "Q9999"]), 0..3),
        prop::option::of((
            prop::sample::select(vec!["27447", "29881", "10060"]),
            prop::sample::select(vec!["2026-01-12", "2026-03-01", "2025-10-01"]),
            prop::option::of(prop::sample::select(vec![0i64, 10, 90])),
        )),
        prop::option::of(prop::sample::select(vec!["medicare", "commercial"])),
    )
        .prop_map(|(dos, codes, prior, payer)| Context { dos, codes, prior, payer })
}

fn encounter(note: &str, ctx: &Context) -> Encounter {
    let mut enc = Encounter::from_note(note);
    enc.date_of_service = ctx.dos.map(str::to_string);
    enc.payer = ctx.payer.map(str::to_string);
    if !ctx.codes.is_empty() {
        enc.procedures =
            Some(ctx.codes.iter().map(|c| ProcedureLine { code: Some(c.to_string()), ..Default::default() }).collect());
    }
    if let Some((code, date, global)) = ctx.prior {
        enc.history = Some(vec![HistoryItem {
            code: Some(code.into()),
            date: Some(date.into()),
            global_days: global.map(GlobalDaysValue::Number),
            ..Default::default()
        }]);
    }
    enc
}

fn json_line(note: &str, ctx: &Context, id: usize) -> String {
    let mut v = serde_json::json!({ "id": format!("r{id}"), "note": note });
    if let Some(d) = ctx.dos {
        v["date_of_service"] = d.into();
    }
    if let Some(p) = ctx.payer {
        v["payer"] = p.into();
    }
    if !ctx.codes.is_empty() {
        v["procedures"] = ctx.codes.iter().map(|c| serde_json::json!({ "code": c })).collect();
    }
    if let Some((code, date, global)) = ctx.prior {
        v["history"] = serde_json::json!([{ "code": code, "date": date, "global_days": global }]);
    }
    v.to_string()
}

/// One input line: a record, or one of the broken lines a batch must survive.
fn line_strategy() -> impl Strategy<Value = (String, Context, u8)> {
    (note_strategy(), context_strategy(), 0u8..12)
}

/// Runs a batch over `input` and serializes every outcome, in order.
fn run_batch(input: &[u8], threads: usize, chunk: usize) -> Vec<String> {
    let mut sources: Vec<Box<dyn RecordSource>> =
        vec![Box::new(JsonLinesSource::new(std::io::Cursor::new(input.to_vec()), "in.jsonl", false))];
    let mut out = Vec::new();
    batch::run(analyzer(), &mut sources, pool(threads), chunk, false, &|_| {}, |outcomes, _| {
        for o in outcomes {
            out.push(match &o.result {
                Ok(r) => modcite::output::to_json_line(r),
                Err(e) => format!("{:?} error {} {}", o.origin, e.kind, e.message),
            });
        }
        Ok(())
    })
    .unwrap();
    out
}

/// What must not depend on line endings: per line, the recommendation, and
/// per suggestion its score and its evidence (rule, effect, assertion, text
/// without `\r`); the warnings.
fn ending_independent(r: &EncounterResult) -> String {
    let mut s = String::new();
    for line in &r.procedures {
        s += &format!("line {:?} recommended {:?}\n", line.code, line.recommended);
        if let Some(g) = &line.global_period {
            s += &format!("  period {} {:?} {:?}\n", g.status, g.index_date, g.ends);
            for e in &g.evidence {
                s += &format!("    {} {:?}\n", e.rule, e.span.text.replace('\r', ""));
            }
        }
        for sug in &line.suggestions {
            s += &format!("  {} {:.3}\n", sug.modifier.as_str(), sug.score);
            for e in &sug.evidence {
                s += &format!("    {} {} {:?} {:?}\n", e.rule, e.effect, e.assertion, e.span.text.replace('\r', ""));
            }
        }
    }
    s += &format!("warnings {:?}\n", r.warnings);
    s
}

fn one_note_analyzer() -> &'static Analyzer {
    static A: OnceLock<Analyzer> = OnceLock::new();
    A.get_or_init(|| {
        let lexicon = modcite::lexicon::Lexicon::builtin().unwrap();
        Analyzer::with_tuning(lexicon, modcite::codes::CodeTables::builtin(), modcite::analyze::Tuning::OneNote)
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// `suggest` builds, for its one note, a matcher holding only the phrases
    /// and patterns that note's words allow (faster start); batch builds one
    /// over the whole lexicon. The answers must not differ.
    #[test]
    fn one_note_and_many_note_tunings_give_identical_results(note in note_strategy(), ctx in context_strategy()) {
        let many = analyzer().analyze(encounter(&note, &ctx), Options { explain: true });
        let one = one_note_analyzer().analyze(encounter(&note, &ctx), Options { explain: true });
        prop_assert_eq!(
            many.map(|r| serde_json::to_string(&r).unwrap()).map_err(|e| e.to_string()),
            one.map(|r| serde_json::to_string(&r).unwrap()).map_err(|e| e.to_string())
        );
    }

    #[test]
    fn batch_output_is_identical_at_one_and_three_threads(
        lines in prop::collection::vec(line_strategy(), 1..40),
        chunk in 1usize..9,
    ) {
        let mut input = Vec::new();
        for (i, (note, ctx, kind)) in lines.iter().enumerate() {
            match kind {
                0 => input.extend_from_slice(b"{\"note\": \"unterminated"),
                1 => input.extend_from_slice(b"\xff\xfe not utf-8"),
                2 => {}
                3 => input.extend_from_slice(br#"{"date_of_service":"2026-02-30","note":"x"}"#),
                _ => input.extend_from_slice(json_line(note, ctx, i).as_bytes()),
            }
            input.push(b'\n');
        }
        let one = run_batch(&input, 1, chunk);
        prop_assert_eq!(one.len(), lines.len());
        let three = run_batch(&input, 3, chunk);
        prop_assert_eq!(&one, &three);
        let three_big_chunks = run_batch(&input, 3, 1024);
        prop_assert_eq!(&one, &three_big_chunks);
    }

}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn line_endings_change_offsets_only(note in note_strategy(), ctx in context_strategy()) {
        let crlf = note.replace('\n', "\r\n");
        let lf = analyzer().analyze(encounter(&note, &ctx), Options::default()).unwrap();
        let cr = analyzer().analyze(encounter(&crlf, &ctx), Options::default()).unwrap();
        prop_assert_eq!(ending_independent(&lf), ending_independent(&cr));
        for line in &cr.procedures {
            for s in &line.suggestions {
                for e in &s.evidence {
                    prop_assert_eq!(&crlf[e.span.start..e.span.end], e.span.text.as_str());
                }
            }
        }
    }

}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1024))]

    #[test]
    fn window_math(index_days in 0i64..40_000, n in -400i64..400, g in prop::sample::select(vec![GlobalDays::D000, GlobalDays::D010, GlobalDays::D090])) {
        let d = Date::new(1990, 1, 1).unwrap().checked_add(index_days.days()).unwrap();
        let dos = d.checked_add(n.days()).unwrap();
        let days_after = i64::from((dos - d).get_days());
        prop_assert_eq!(days_after, n);
        let w = i64::from(g.window_days().unwrap());
        let status = window_status(g, days_after);
        prop_assert_eq!(status.inside(), (0..=w).contains(&n), "{:?} day {} of {:?}", status, n, g);
        prop_assert_eq!(status == WindowStatus::Within, (1..=w).contains(&n));
        prop_assert_eq!(status == WindowStatus::SameDay, n == 0);
        prop_assert_eq!(status == WindowStatus::Outside, n > w);
        prop_assert_eq!(window_end(g, d), Some(d.checked_add(w.days()).unwrap()));
    }

}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn window_math_through_an_encounter(index_days in 0i64..30_000, n in -3i64..120, g in prop::sample::select(vec![0i64, 10, 90])) {
        let d = Date::new(1995, 1, 1).unwrap().checked_add(index_days.days()).unwrap();
        let dos = d.checked_add(n.days()).unwrap();
        let mut enc = Encounter::from_note("PROCEDURE: Arthroscopy.\nCOMPLICATIONS: None.");
        enc.date_of_service = Some(dos.to_string());
        enc.procedures = Some(vec![ProcedureLine { code: Some("27447".into()), ..Default::default() }]);
        enc.history = Some(vec![HistoryItem {
            code: Some("29881".into()),
            date: Some(d.to_string()),
            global_days: Some(GlobalDaysValue::Number(g)),
            ..Default::default()
        }]);
        let r = analyzer().analyze(enc, Options::default()).unwrap();
        let period = r.procedures[0].global_period.as_ref();
        if n < 0 {
            prop_assert!(r.warnings.iter().any(|w| w.contains("after the date of service")), "{:?}", r.warnings);
            prop_assert!(period.is_none_or(|p| p.index_date.is_none()), "{:?}", period);
        } else {
            let p = period.expect("a global period is judged");
            let want = if n == 0 { "same_day" } else if n <= g { "within" } else { "outside" };
            prop_assert_eq!(p.status, want, "day {} of a {}-day global", n, g);
            let index_date = d.to_string();
            let ends = d.checked_add(g.days()).unwrap().to_string();
            prop_assert_eq!(p.index_date.as_deref(), Some(index_date.as_str()));
            prop_assert_eq!(p.ends.as_deref(), Some(ends.as_str()));
            prop_assert_eq!(p.day, Some(n));
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// Any text given as a token pattern compiles to a valid regex or is
    /// refused with a reason; nothing panics. Inputs mix the pattern
    /// language's own characters with words so that both paths are exercised.
    #[test]
    fn token_patterns_compile_or_say_why(parts in proptest::collection::vec(
        prop_oneof![
            Just("stage".to_string()), Just("knee".to_string()), Just("{a|b c}".to_string()),
            Just("[the]".to_string()), Just("@two".to_string()), Just("@nope".to_string()),
            Just("_0-3".to_string()), Just("_9".to_string()), Just("#".to_string()), Just("stag*".to_string()),
            Just("{".to_string()), Just("]".to_string()), Just("|".to_string()), "[ -~]{0,6}",
        ], 0..8)) {
        let classes = std::collections::HashMap::from([("two".to_string(), vec!["second".to_string(), "ii".to_string()])]);
        let pattern = parts.join(" ");
        match modcite::tokens::compile(&pattern, &classes) {
            Ok(re) => prop_assert!(regex::Regex::new(&re).is_ok(), "{pattern:?} -> {re}"),
            Err(e) => prop_assert!(!e.reason.is_empty()),
        }
    }
}
