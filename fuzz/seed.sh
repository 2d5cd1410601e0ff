#!/usr/bin/env bash
# Seeds fuzz/corpus/<target>/ from the repository's own data (bundled notes,
# the annotated corpus, test fixtures, lexicons). The corpora are gitignored;
# run this once before `cargo +nightly fuzz run <target>`. Needs jq for the
# note and CSV seeds taken from corpus/*.jsonl (skipped without it).
set -euo pipefail
cd "$(dirname "$0")"
root=..
mkdir -p corpus/analyze_note corpus/encounter_json corpus/csv_input corpus/lexicon_load corpus/read_fhir corpus/read_hl7
for f in "$root"/tests/fixtures/fhir/*.json "$root"/tests/fixtures/fhir/export/*.ndjson; do
  cp "$f" "corpus/read_fhir/seed-$(basename "$f")"
done
for f in "$root"/tests/fixtures/hl7/*.hl7; do
  cp "$f" "corpus/read_hl7/seed-$(basename "$f")"
done

for f in "$root"/examples/*.txt "$root"/tests/fixtures/*.txt; do
  cp "$f" "corpus/analyze_note/seed-$(basename "$f")"
done
n=0
for f in "$root"/corpus/*.jsonl "$root"/tests/fixtures/*.jsonl; do
  while IFS= read -r line; do
    n=$((n + 1))
    printf '%s' "$line" > "corpus/encounter_json/seed-$n.json"
    if command -v jq >/dev/null; then
      printf '%s' "$line" | jq -j '.note // empty' > "corpus/analyze_note/seed-$n.txt"
    fi
  done < "$f"
done

printf 'id,note,date_of_service,codes\na,"LINE ONE\nLINE TWO, with comma",2026-01-02,27447;20610\nb\nc,plain,,\n' \
  > corpus/csv_input/seed-ragged.csv
if command -v jq >/dev/null; then
  for f in "$root"/corpus/*.jsonl; do
    {
      echo 'id,note,date_of_service,codes'
      jq -r '[.id // "", .note // "", .date_of_service // "", ([.procedures[]?.code // empty] | join(";"))] | @csv' "$f"
    } > "corpus/csv_input/seed-$(basename "$f" .jsonl).csv"
  done
fi

for f in "$root"/lexicons/*.toml "$root"/tests/fixtures/*.toml; do
  cp "$f" "corpus/lexicon_load/seed-$(basename "$f")"
done
echo "seeded: $(for d in corpus/*/; do printf '%s=%s ' "$(basename "$d")" "$(ls "$d" | wc -l)"; done)"
