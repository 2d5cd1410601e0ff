#!/usr/bin/env bash
# Whole-archive benchmark. Builds two archives of >= SIZE_MB each (default 200):
#   prose:  the real transcribed notes of ../shared/data/mtsamples/notes.jsonl,
#           repeated (skipped when that file is absent);
#   corpus: the encounters of corpus/*.jsonl (with their context), repeated;
# then measures, in the same run, on each archive:
#   1. a raw multi-literal scan of the lexicon phrases (rg -j1 -F -i
#      --count-matches), the ceiling, and the same on an empty file (ripgrep
#      building its matcher for ~5,000 phrases), so that the scan rate proper
#      is reported too;
#   2. `modcite batch --jobs 1`, also pinned to one CPU (taskset);
#   3. `modcite batch` on every core;
# and `modcite suggest` on the bundled example (median of 31 runs, process
# start to exit), then the `modcite serve` load check (benches/serve_load.rs:
# 16 TLS clients with tokens plus 20 stalled connections; skip with
# SERVE_LOAD=0). Prints MB/s, notes/s, ratios to the raw scan, scaling and
# peak RSS. With BASELINE=path/to/older/modcite, that binary is measured the
# same way in the same run, for before/after ratios.
#
# Usage: benches/archive.sh [SIZE_MB]   (from the repository root)
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE_MB="${1:-200}"
WORK="target/bench-archive"
mkdir -p "$WORK"

cargo build --release --quiet
BIN="$(pwd)/target/release/modcite"

if ! command -v rg >/dev/null 2>&1; then
  echo "installing ripgrep..." >&2
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" -eq 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ripgrep >/dev/null 2>&1 || true
  fi
  command -v rg >/dev/null 2>&1 || cargo install ripgrep --locked --quiet
fi
RG="$(command -v rg || echo "$HOME/.cargo/bin/rg")"
CORES=$(nproc)

# build_archive NAME: writes $WORK/NAME-${SIZE_MB}mb.jsonl unless cached.
build_archive() {
  local name="$1" out="$WORK/$1-${SIZE_MB}mb.jsonl"
  if [ ! -s "$out" ]; then
    echo "building $out ..." >&2
    python3 - "$name" "$out" "$SIZE_MB" <<'PY'
import glob, json, sys
name, out_path, size_mb = sys.argv[1], sys.argv[2], int(sys.argv[3])
records = []
if name == "prose":
    for line in open("../shared/data/mtsamples/notes.jsonl", encoding="utf-8"):
        r = json.loads(line)
        records.append({"note": r["note"]})
else:
    for path in sorted(glob.glob("corpus/*.jsonl")):
        for line in open(path, encoding="utf-8"):
            r = json.loads(line)
            r.pop("expected", None)
            records.append(r)
target = size_mb * 1000 * 1000
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
print(f"{name}: {n} notes, {written / 1e6:.0f} MB", file=sys.stderr)
PY
  fi
  echo "$out"
}

# measure LABEL CMD... : runs once, records wall seconds and peak RSS (KB).
measure() {
  local label="$1"; shift
  mkdir -p "$(dirname "$WORK/$label.time")"
  # ripgrep exits 1 when it finds nothing (the empty file): not a failure.
  /usr/bin/time -v "$@" > /dev/null 2> "$WORK/$label.time" || [ "$1" = "$RG" ]
  local wall rss
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$WORK/$label.time" | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$WORK/$label.time")
  echo "$label $wall $rss" >> "$WORK/results.txt"
}

"$BIN" lexicon list --phrases > "$WORK/phrases.txt"
rm -f "$WORK/results.txt" "$WORK/archives.txt"
BINS=("new:$BIN")
if [ -n "${BASELINE:-}" ]; then BINS+=("base:$BASELINE"); fi

ARCHIVES=()
if [ -f ../shared/data/mtsamples/notes.jsonl ]; then ARCHIVES+=(prose); fi
ARCHIVES+=(corpus)
for name in "${ARCHIVES[@]}"; do
  archive=$(build_archive "$name")
  echo "$name $(stat -c %s "$archive") $(wc -l < "$archive")" >> "$WORK/archives.txt"
  cat "$archive" > /dev/null  # warm the page cache for every run alike
  # --count-matches finds every occurrence (plain -c stops at the first match
  # on each line, i.e. each note); --no-mmap keeps its RSS honest.
  measure "$name/raw_scan" "$RG" -j1 -F -i --count-matches --no-mmap -f "$WORK/phrases.txt" "$archive"
  # ripgrep's own start-up (building its matcher for ~5,000 phrases) on an
  # empty file: subtracted for the scan rate proper.
  : > "$WORK/empty.txt"
  measure "$name/raw_setup" "$RG" -j1 -F -i --count-matches --no-mmap -f "$WORK/phrases.txt" "$WORK/empty.txt"
  for entry in "${BINS[@]}"; do
    tag="${entry%%:*}"; bin="${entry#*:}"
    measure "$name/$tag/batch_j1" "$bin" batch "$archive" --jobs 1 --quiet -o /dev/null
    if command -v taskset >/dev/null 2>&1; then
      measure "$name/$tag/batch_1cpu" taskset -c 0 "$bin" batch "$archive" --jobs 1 --quiet -o /dev/null
    fi
    measure "$name/$tag/batch_all" "$bin" batch "$archive" --jobs "$CORES" --quiet -o /dev/null
  done
done

# suggest on the bundled example, process start to exit (median of 31 runs).
: > "$WORK/suggest.txt"
for entry in "${BINS[@]}"; do
  tag="${entry%%:*}"; bin="${entry#*:}"
  python3 - "$tag" "$bin" >> "$WORK/suggest.txt" <<'PY'
import subprocess, sys, time
tag, binary = sys.argv[1], sys.argv[2]
runs = []
for _ in range(31):
    t = time.perf_counter()
    subprocess.run([binary, "suggest", "examples/staged-tka.txt", "--format", "json"], stdout=subprocess.DEVNULL, check=True)
    runs.append(time.perf_counter() - t)
runs.sort()
print(f"{tag} {runs[len(runs) // 2] * 1000:.2f} {sum(runs) / len(runs) * 1000:.2f}")
PY
done

python3 - "$WORK" "$CORES" <<'PY'
import sys
work, cores = sys.argv[1], int(sys.argv[2])
rows = {}
for line in open(f"{work}/results.txt"):
    label, wall, rss = line.split()
    rows[label] = (float(wall), int(rss))
for line in open(f"{work}/archives.txt"):
    name, nbytes, notes = line.split()
    mb, notes = int(nbytes) / 1e6, int(notes)
    raw_wall = rows[f"{name}/raw_scan"][0]
    scan_wall = max(raw_wall - rows[f"{name}/raw_setup"][0], 1e-9)
    print(f"\n{name} archive: {mb:.0f} MB, {notes} notes, {cores} cores")
    print(f"ripgrep: {raw_wall:.2f} s in all, of which {raw_wall - scan_wall:.2f} s building its matcher; scan alone {mb / scan_wall:.1f} MB/s")
    print(f"{'run':<18} {'seconds':>8} {'MB/s':>8} {'notes/s':>9} {'vs raw':>7} {'vs scan':>8} {'peak RSS':>9}")
    for label in sorted(k for k in rows if k.startswith(name + "/") and not k.endswith("raw_setup")):
        wall, rss = rows[label]
        run = label[len(name) + 1:]
        print(f"{run:<18} {wall:>8.2f} {mb / wall:>8.1f} {notes / wall:>9.0f} {raw_wall / wall:>6.1%} {scan_wall / wall:>7.1%} {rss / 1024:>7.1f}MB")
    for tag in ("new", "base"):
        if f"{name}/{tag}/batch_j1" not in rows:
            continue
        j1, jall = rows[f"{name}/{tag}/batch_j1"][0], rows[f"{name}/{tag}/batch_all"][0]
        line = f"{tag}: {cores} cores = {j1 / jall:.2f}x --jobs 1"
        if f"{name}/{tag}/batch_1cpu" in rows:
            line += f", {rows[f'{name}/{tag}/batch_1cpu'][0] / jall:.2f}x pinned to one CPU"
        print(line)
    if f"{name}/base/batch_j1" in rows:
        for run in ("batch_j1", "batch_all"):
            print(f"{run}: new is {rows[f'{name}/base/{run}'][0] / rows[f'{name}/new/{run}'][0]:.2f}x the baseline's speed")
print()
for line in open(f"{work}/suggest.txt"):
    tag, med, mean = line.split()
    print(f"{tag}: suggest on examples/staged-tka.txt, start to exit: median {med} ms, mean {mean} ms (31 runs)")
PY

if [ "${SERVE_LOAD:-1}" != "0" ]; then
  echo
  cargo bench --quiet --bench serve_load
fi
