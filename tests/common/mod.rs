//! Helpers shared by the CLI test files.

/// Every corpus record, as JSON Lines, files in name order.
pub fn corpus_lines() -> Vec<String> {
    let mut files: Vec<_> = std::fs::read_dir("corpus")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "jsonl"))
        .collect();
    files.sort();
    files.iter().flat_map(|f| std::fs::read_to_string(f).unwrap().lines().map(str::to_string).collect::<Vec<_>>()).collect()
}
