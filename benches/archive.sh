#!/usr/bin/env bash
# Whole-archive benchmark: builds an archive of realistic notes (>= SIZE_MB,
# default 1024), then measures in the same run
#   1. a raw multi-literal scan of the lexicon phrases (ripgrep -F -i -f), the ceiling;
#   2. `modcite batch` at --jobs 1, and at --jobs 1 pinned to one CPU (taskset);
#   3. `modcite batch` on all cores;
#   4. `modcite suggest` on a ~3 KB note, process start to exit.
# and prints MB/s, notes/s, ratios to the raw scan and peak RSS.
#
# Usage: benches/archive.sh [SIZE_MB]   (from the repository root)
# Notes come from ../shared/data/mtsamples.csv when present, else from corpus/.
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE_MB="${1:-1024}"
WORK="target/bench-archive"
mkdir -p "$WORK"

cargo build --release --quiet
BIN="target/release/modcite"

if ! command -v rg >/dev/null 2>&1; then
  echo "installing ripgrep..." >&2
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" -eq 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ripgrep >/dev/null 2>&1 || true
  fi
  command -v rg >/dev/null 2>&1 || cargo install ripgrep --locked --quiet
fi
RG="$(command -v rg || echo "$HOME/.cargo/bin/rg")"

ARCHIVE="$WORK/archive-${SIZE_MB}mb.jsonl"
if [ ! -s "$ARCHIVE" ]; then
  echo "building $ARCHIVE ..." >&2
  python3 - "$ARCHIVE" "$SIZE_MB" <<'PY'
import csv, glob, json, os, sys
out_path, size_mb = sys.argv[1], int(sys.argv[2])
records = []
mt = "../shared/data/mtsamples.csv"
if os.path.exists(mt):
    csv.field_size_limit(1 << 30)
    with open(mt, newline="", encoding="utf-8", errors="replace") as f:
        for row in csv.DictReader(f):
            text = row.get("transcription") or ""
            if len(text) > 200:
                records.append({"note": text})
    source = mt
else:
    for path in sorted(glob.glob("corpus/*.jsonl")):
        for line in open(path, encoding="utf-8"):
            r = json.loads(line)
            r.pop("expected", None)
            records.append(r)
    source = "corpus/"
target = size_mb * 1024 * 1024
written = n = 0
with open(out_path, "w", encoding="utf-8") as out:
    while written < target:
        for r in records:
            r = dict(r)
            r["id"] = f"a{n}"
            line = json.dumps(r, ensure_ascii=False) + "\n"
            out.write(line)
            written += len(line.encode("utf-8"))
            n += 1
            if written >= target:
                break
print(f"{n} notes, {written / 1e6:.0f} MB from {source}", file=sys.stderr)
PY
fi
BYTES=$(stat -c %s "$ARCHIVE")
NOTES=$(wc -l < "$ARCHIVE")
"$BIN" lexicon list --phrases > "$WORK/phrases.txt"
CORES=$(nproc)

# measure NAME CMD... : runs once, records wall seconds and peak RSS (KB).
measure() {
  local name="$1"; shift
  /usr/bin/time -v "$@" > /dev/null 2> "$WORK/$name.time"
  local wall rss
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$WORK/$name.time" | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$WORK/$name.time")
  echo "$name $wall $rss" >> "$WORK/results.txt"
}
rm -f "$WORK/results.txt"
cat "$ARCHIVE" > /dev/null  # warm the page cache for every run alike
# --count-matches makes ripgrep find every occurrence (plain -c stops at the
# first match on each line, i.e. each note); --no-mmap keeps its RSS honest.
measure raw_scan "$RG" -F -i --count-matches --no-mmap -f "$WORK/phrases.txt" "$ARCHIVE"
measure batch_j1 "$BIN" batch "$ARCHIVE" --jobs 1 --quiet -o /dev/null
# --jobs 1 is one analysis worker; reading and writing run on their own
# threads. Pinned to one CPU, the whole process gets exactly one core.
if command -v taskset >/dev/null 2>&1; then
  measure batch_1cpu taskset -c 0 "$BIN" batch "$ARCHIVE" --jobs 1 --quiet -o /dev/null
fi
measure batch_all "$BIN" batch "$ARCHIVE" --jobs "$CORES" --quiet -o /dev/null

# suggest on a ~3 KB note, process start to exit (mean of 50 runs).
python3 - "$BIN" <<'PY' > "$WORK/suggest.txt"
import subprocess, sys, time
binary = sys.argv[1]
note = open("examples/staged-tka.txt", encoding="utf-8").read()
while len(note.encode()) < 3000:
    note += "\nADDENDUM: dressing clean and dry, no drainage, neurovascularly intact distally."
runs = []
for _ in range(50):
    t = time.perf_counter()
    subprocess.run([binary, "suggest", "-", "--format", "json"], input=note.encode(), stdout=subprocess.DEVNULL, check=True)
    runs.append(time.perf_counter() - t)
runs.sort()
print(f"{len(note.encode())} {sum(runs) / len(runs) * 1000:.2f} {runs[len(runs) // 2] * 1000:.2f}")
PY

python3 - "$WORK/results.txt" "$WORK/suggest.txt" "$BYTES" "$NOTES" "$CORES" <<'PY'
import sys
rows = {}
for line in open(sys.argv[1]):
    name, wall, rss = line.split()
    rows[name] = (float(wall), int(rss))
size, avg_ms, med_ms = open(sys.argv[2]).read().split()
nbytes, notes, cores = int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
mb = nbytes / 1e6
raw = mb / rows["raw_scan"][0]
print(f"archive: {mb:.0f} MB, {notes} notes, {cores} cores")
print(f"{'run':<12} {'seconds':>8} {'MB/s':>8} {'notes/s':>9} {'vs raw':>7} {'peak RSS':>9}")
for name in ["raw_scan", "batch_1cpu", "batch_j1", "batch_all"]:
    if name not in rows:
        continue
    wall, rss = rows[name]
    print(f"{name:<12} {wall:>8.2f} {mb / wall:>8.1f} {notes / wall:>9.0f} {mb / wall / raw:>6.1%} {rss / 1024:>7.1f}MB")
j1, jall = rows["batch_j1"][0], rows["batch_all"][0]
print(f"scaling: all {cores} cores = {j1 / jall:.2f}x --jobs 1")
if "batch_1cpu" in rows:
    print(f"scaling: all {cores} cores = {rows['batch_1cpu'][0] / jall:.2f}x the process pinned to one CPU")
print(f"suggest on a {size}-byte note, start to exit: mean {avg_ms} ms, median {med_ms} ms")
PY
