//! Per-note analysis benchmarks. Compare stages against each other in the
//! same run (ratios), not against absolute numbers: machines are noisy.
//!
//! `cargo bench --bench analyze`

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use modcite::analyze::{Analyzer, Options};
use modcite::encounter::Encounter;
use modcite::matcher::Matcher;
use modcite::note::{Note, NoteScheme};

/// Notes from the bundled corpus: a short, a median and a long one.
fn corpus_notes() -> Vec<(String, String)> {
    let mut notes: Vec<(String, String)> = Vec::new();
    for entry in std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/corpus")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "jsonl") {
            for line in std::fs::read_to_string(&path).unwrap().lines() {
                let mut v: serde_json::Value = serde_json::from_str(line).unwrap();
                v.as_object_mut().unwrap().remove("expected");
                notes.push((v["note"].as_str().unwrap().to_string(), v.to_string()));
            }
        }
    }
    notes.sort_by_key(|(n, _)| n.len());
    let pick = [0, notes.len() / 2, notes.len() - 1];
    pick.iter().map(|&i| notes[i].clone()).collect()
}

fn bench(c: &mut Criterion) {
    let analyzer = Analyzer::builtin();
    let lexicon = analyzer.lexicon();
    let scheme = NoteScheme::new(lexicon);
    let matcher = Matcher::new(lexicon);
    let mut group = c.benchmark_group("per_note");
    for (note, json) in corpus_notes() {
        let size = note.len();
        group.throughput(Throughput::Bytes(size as u64));
        group.bench_with_input(BenchmarkId::new("note_model", size), &note, |b, n| {
            b.iter(|| Note::new(n.clone(), &scheme).unwrap())
        });
        let built = Note::new(note.clone(), &scheme).unwrap();
        group.bench_with_input(BenchmarkId::new("match_only", size), &built, |b, n| b.iter(|| matcher.find(n)));
        group.bench_with_input(BenchmarkId::new("analyze_text_only", size), &note, |b, n| {
            b.iter(|| analyzer.analyze(Encounter::from_note(n.clone()), Options::default()).unwrap())
        });
        group.bench_with_input(BenchmarkId::new("analyze_encounter_json", size), &json, |b, j| {
            b.iter(|| analyzer.analyze(Encounter::from_json(j).unwrap(), Options::default()).unwrap())
        });
    }
    group.finish();
    c.bench_function("startup_builtin_analyzer", |b| b.iter(Analyzer::builtin));
}

criterion_group!(benches, bench);
criterion_main!(benches);
