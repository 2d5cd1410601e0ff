#!/usr/bin/env python3
"""Check the built-in code tables (global_days.tsv, global_ranges.tsv, ncci_pairs.tsv, ncci_rules.tsv).

Usage: python3 lexicons/codes/check_tables.py [DIR]

DIR defaults to the folder of this script. Prints one line per problem as
`file:line: message` and exits 1 when there is any, else prints a summary and
exits 0. Standard library only.
"""

import re
import sys
from pathlib import Path

GLOBALS = {"000", "010", "090", "XXX", "YYY", "ZZZ", "MMM"}
INDICATORS = {"0", "1", "9"}
# Kept in step with README.md ("Allowed region tokens").
REGIONS = set(
    """
    head_neck eye nose_sinus throat ear spine shoulder upper_arm elbow forearm_wrist
    hand hip_pelvis thigh_femur knee leg_ankle foot chest breast abdomen
    gi_upper gi_lower hepatobiliary anorectal genitourinary vascular heart skin nervous
    general evaluation therapy
    """.split()
)
# Same shapes as `is_code_shape` in src/codes.rs: 4 digits + digit/letter, or letter + 4 digits.
CODE = re.compile(r"^(?:[0-9]{4}[0-9A-Z]|[A-Z][0-9]{4})$")


def read_rows(path, header, ncols, problems):
    text = path.read_bytes()
    name = path.name
    try:
        text = text.decode("utf-8")
    except UnicodeDecodeError as e:
        problems.append(f"{name}:0: not UTF-8 ({e})")
        return []
    if "\r" in text:
        problems.append(f"{name}:0: CR characters found; use LF line endings")
    if not text.endswith("\n"):
        problems.append(f"{name}:0: last line has no newline")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if not lines or lines[0] != header:
        problems.append(f"{name}:1: header must be {header!r}")
    rows = []
    for i, line in enumerate(lines[1:], start=2):
        if line.strip() == "" or line.startswith("#"):
            problems.append(f"{name}:{i}: blank or comment line")
            continue
        cells = line.split("\t")
        if len(cells) != ncols:
            problems.append(f"{name}:{i}: expected {ncols} tab-separated cells, found {len(cells)}")
            continue
        if any(c != c.strip() for c in cells):
            problems.append(f"{name}:{i}: stray whitespace around a cell")
        rows.append((i, cells))
    return rows


def check_globals(path, problems):
    rows = read_rows(path, "code\tglobal\tregion", 3, problems)
    prev = None
    for i, (code, glob, region) in rows:
        where = f"{path.name}:{i}"
        if not CODE.match(code):
            problems.append(f"{where}: `{code}` is not a CPT/HCPCS code")
        if glob not in GLOBALS:
            problems.append(f"{where}: global `{glob}` is not one of {sorted(GLOBALS)}")
        if region not in REGIONS:
            problems.append(f"{where}: region `{region}` is not an allowed token")
        if prev is not None and code <= prev:
            kind = "duplicate" if code == prev else "out of order"
            problems.append(f"{where}: code {code} {kind} (after {prev})")
        prev = code
    return len(rows)


def is_run(first, last):
    shape = r"^(?:[0-9]{5}|[A-Z][0-9]{4})$"
    same_kind = first[:1].isdigit() == last[:1].isdigit() and (first[:1].isdigit() or first[:1] == last[:1])
    return bool(re.match(shape, first) and re.match(shape, last) and same_kind and first <= last)


def check_ranges(path, problems):
    rows = read_rows(path, "first\tlast\tglobal\tsection", 4, problems)
    prev = None
    for i, (first, last, glob, section) in rows:
        where = f"{path.name}:{i}"
        if not is_run(first, last):
            problems.append(f"{where}: `{first}`-`{last}` is not a run of codes of one shape")
        if glob not in GLOBALS:
            problems.append(f"{where}: global `{glob}` is not one of {sorted(GLOBALS)}")
        if not section:
            problems.append(f"{where}: section must name the CPT section")
        if prev is not None and first <= prev:
            problems.append(f"{where}: run {first}-{last} overlaps or precedes the one before")
        prev = last
    return len(rows)


def check_rules(path, problems):
    header = "column1_first\tcolumn1_last\tcolumn1_globals\tcolumn2_first\tcolumn2_last\tindicator\tnote"
    rows = read_rows(path, header, 7, problems)
    for i, (c1a, c1b, globs, c2a, c2b, ind, note) in rows:
        where = f"{path.name}:{i}"
        for first, last in ((c1a, c1b), (c2a, c2b)):
            if not is_run(first, last):
                problems.append(f"{where}: `{first}`-`{last}` is not a run of codes of one shape")
        for g in globs.split(","):
            if g not in GLOBALS:
                problems.append(f"{where}: global `{g}` is not one of {sorted(GLOBALS)}")
        if ind not in INDICATORS:
            problems.append(f"{where}: indicator `{ind}` is not 0, 1 or 9")
        if not note or len(note) > 160:
            problems.append(f"{where}: note must be a short non-empty reason (1..160 chars)")
    return len(rows)


def check_pairs(path, globals_path, problems):
    rows = read_rows(path, "column1\tcolumn2\tindicator\tnote", 4, problems)
    known = set()
    if globals_path.exists():
        for line in globals_path.read_text(encoding="utf-8").split("\n")[1:]:
            if line:
                known.add(line.split("\t")[0])
    seen = set()
    prev = None
    for i, (c1, c2, ind, note) in rows:
        where = f"{path.name}:{i}"
        for c in (c1, c2):
            if not CODE.match(c):
                problems.append(f"{where}: `{c}` is not a CPT/HCPCS code")
        if c1 == c2:
            problems.append(f"{where}: column1 equals column2")
        if ind not in INDICATORS:
            problems.append(f"{where}: indicator `{ind}` is not 0, 1 or 9")
        if not note or len(note) > 160:
            problems.append(f"{where}: note must be a short non-empty reason (1..160 chars)")
        key = (c1, c2)
        if prev is not None and key <= prev:
            kind = "duplicate" if key == prev else "out of order"
            problems.append(f"{where}: pair {c1}/{c2} {kind} (after {prev[0]}/{prev[1]})")
        if (c2, c1) in seen:
            problems.append(f"{where}: pair {c1}/{c2} also listed in the other column order")
        seen.add(key)
        prev = key
    unknown = sorted({c for _, (c1, c2, _, _) in rows for c in (c1, c2)} - known)
    return len(rows), unknown


def main(argv):
    folder = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parent
    problems = []
    g = folder / "global_days.tsv"
    p = folder / "ncci_pairs.tsv"
    n_globals = check_globals(g, problems)
    n_ranges = check_ranges(folder / "global_ranges.tsv", problems)
    n_pairs, unknown = check_pairs(p, g, problems)
    n_rules = check_rules(folder / "ncci_rules.tsv", problems)
    for line in problems:
        print(line)
    if problems:
        print(f"{len(problems)} problem(s)", file=sys.stderr)
        return 1
    print(f"ok: global_days.tsv {n_globals} rows, global_ranges.tsv {n_ranges} rows, ncci_pairs.tsv {n_pairs} rows, ncci_rules.tsv {n_rules} rows")
    if unknown:
        print(f"note: {len(unknown)} code(s) in ncci_pairs.tsv have no global_days.tsv row: {' '.join(unknown)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
