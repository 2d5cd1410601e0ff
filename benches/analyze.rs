//! Per-stage benchmarks. Compare stages against each other in the same run
//! (ratios), not against absolute numbers: machines are noisy. Each "before"
//! is the previous way of doing the same work, still in the library as the
//! reference the tests compare against:
//!
//! - `match/scan_all` (every expression over the whole note, here without
//!   the literal prefilters batch used to build, so an upper bound on the
//!   gain; `benches/archive.sh` with `BASELINE=` measures the whole program
//!   against an older binary) against `match/anchored` (expressions run at
//!   their lead literals only);
//! - `startup/lexicon_parse` (TOML parsed and checked, expressions compiled)
//!   against `startup/lexicon_prebuilt` (what `build.rs` embedded);
//! - `startup/matcher_full` (the automaton over the whole lexicon) against
//!   `startup/matcher_for_note` (what `suggest` builds for its note).
//!
//! Before the timings, a counting allocator reports allocations per note for
//! the whole analysis and for matching alone.
//!
//! `cargo bench --bench analyze`

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use modcite::analyze::{Analyzer, Options};
use modcite::encounter::Encounter;
use modcite::lexicon::Lexicon;
use modcite::matcher::Matcher;
use modcite::note::{Note, NoteScheme};
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicU64, Ordering};

/// Counts allocations and allocated bytes.
struct Counting;

static ALLOCATIONS: AtomicU64 = AtomicU64::new(0);
static BYTES: AtomicU64 = AtomicU64::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        BYTES.fetch_add(layout.size() as u64, Ordering::Relaxed);
        // SAFETY: forwarded unchanged to the system allocator.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` came from `alloc` above, with this layout.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        BYTES.fetch_add(new_size as u64, Ordering::Relaxed);
        // SAFETY: as for `alloc`; `ptr` and `layout` come from this allocator.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Allocations and bytes that `f` makes.
fn count<T>(f: impl FnOnce() -> T) -> (u64, u64) {
    let (a, b) = (ALLOCATIONS.load(Ordering::Relaxed), BYTES.load(Ordering::Relaxed));
    let out = f();
    let counted = (ALLOCATIONS.load(Ordering::Relaxed) - a, BYTES.load(Ordering::Relaxed) - b);
    drop(out);
    counted
}

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

fn report_allocations(analyzer: &Analyzer, notes: &[(String, String)]) {
    let lexicon = analyzer.lexicon();
    let scheme = NoteScheme::new(lexicon);
    let matcher = Matcher::new(lexicon);
    for (note, _) in notes {
        // Warm once: expressions compile, and their caches fill, on first use.
        let _ = analyzer.analyze(Encounter::from_note(note.clone()), Options::default());
        let built = Note::new(note.clone(), &scheme).unwrap();
        let _ = (matcher.find(&built), matcher.find_by_scanning(&built));
        let (a, b) = count(|| analyzer.analyze(Encounter::from_note(note.clone()), Options::default()));
        let (ma, mb) = count(|| matcher.find(&built));
        let (sa, sb) = count(|| matcher.find_by_scanning(&built));
        eprintln!(
            "allocations, {}-byte note: analysis {a} ({b} bytes); matching {ma} ({mb} bytes), scanning every expression {sa} ({sb} bytes)",
            note.len()
        );
    }
}

fn bench(c: &mut Criterion) {
    let analyzer = Analyzer::builtin();
    let lexicon = analyzer.lexicon();
    let scheme = NoteScheme::new(lexicon);
    let matcher = Matcher::new(lexicon);
    let notes = corpus_notes();
    report_allocations(&analyzer, &notes);

    let mut group = c.benchmark_group("per_note");
    for (note, json) in &notes {
        let size = note.len();
        group.throughput(Throughput::Bytes(size as u64));
        group.bench_with_input(BenchmarkId::new("note_model", size), note, |b, n| {
            b.iter(|| Note::new(n.clone(), &scheme).unwrap())
        });
        let built = Note::new(note.clone(), &scheme).unwrap();
        group.bench_with_input(BenchmarkId::new("match/anchored", size), &built, |b, n| b.iter(|| matcher.find(n)));
        group.bench_with_input(BenchmarkId::new("match/scan_all", size), &built, |b, n| {
            b.iter(|| matcher.find_by_scanning(n))
        });
        group.bench_with_input(BenchmarkId::new("analyze_text_only", size), note, |b, n| {
            b.iter(|| analyzer.analyze(Encounter::from_note(n.clone()), Options::default()).unwrap())
        });
        group.bench_with_input(BenchmarkId::new("analyze_encounter_json", size), json, |b, j| {
            b.iter(|| analyzer.analyze(Encounter::from_json(j).unwrap(), Options::default()).unwrap())
        });
    }
    group.finish();

    let example = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/staged-tka.txt")).unwrap();
    let example_note = Note::new(example, &scheme).unwrap();
    let mut group = c.benchmark_group("startup");
    group.sample_size(20);
    group.bench_function("lexicon_parse", |b| b.iter(|| Lexicon::parse_layers(&[]).unwrap()));
    group.bench_function("lexicon_prebuilt", |b| b.iter(|| Lexicon::builtin().unwrap()));
    group.bench_function("matcher_full", |b| b.iter(|| Matcher::new(lexicon)));
    group.bench_function("matcher_for_note", |b| b.iter(|| Matcher::for_note(lexicon, &example_note)));
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
