#!/usr/bin/env python3
"""Throughput of the Python bindings and of Spark (local mode) against `modcite batch`, same records, same run.

    python python/benches/throughput.py [--copies N] [--modcite target/release/modcite] [--no-spark]

The records are the corpus (corpus/**/*.jsonl) repeated --copies times. Each
way is timed end to end on all cores:
  batch          `modcite batch FILE -o /dev/null` (reading, analysis, JSON output);
  suggest_many   the records as dicts in, dicts out (JSON text both ways plus json.loads);
  batch_lines    the file's lines in, the JSON lines batch writes out;
  spark          examples/spark_scan.py in local[*] mode: Spark reads the file, analyzes
                 with mapInArrow and writes part files (session start-up not counted).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def rate(n: int, seconds: float) -> str:
    return f"{n / seconds:,.0f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=20)
    parser.add_argument("--modcite", default=str(ROOT / "target" / "release" / "modcite"))
    parser.add_argument("--no-spark", action="store_true")
    args = parser.parse_args()

    import modcite

    lines = [line for f in sorted((ROOT / "corpus").rglob("*.jsonl")) for line in f.read_bytes().splitlines()]
    lines = lines * args.copies
    tmp = Path(tempfile.mkdtemp(prefix="modcite-bench-"))
    data = tmp / "records.jsonl"
    data.write_bytes(b"\n".join(lines) + b"\n")
    n = len(lines)
    size_mb = data.stat().st_size / 1e6
    print(f"{n} records ({size_mb:.1f} MB), {os.cpu_count()} cores", file=sys.stderr)
    rows = []

    started = time.perf_counter()
    subprocess.run([args.modcite, "batch", str(data), "-q", "-o", os.devnull], check=True)
    rows.append(("modcite batch", time.perf_counter() - started))

    started = time.perf_counter()
    analyzer = modcite.Analyzer()
    build = time.perf_counter() - started
    records = [json.loads(x) for x in lines]
    started = time.perf_counter()
    results = analyzer.suggest_many(records)
    rows.append(("Analyzer.suggest_many (dicts)", time.perf_counter() - started))
    assert len(results) == n

    started = time.perf_counter()
    out = analyzer.batch_lines(lines)
    rows.append(("Analyzer.batch_lines (JSON lines)", time.perf_counter() - started))
    assert len(out) == n

    if not args.no_spark:
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        from pyspark.sql import SparkSession

        from modcite.spark import scan_json_lines

        started = time.perf_counter()
        spark = (
            SparkSession.builder.master("local[*]")
            .appName("modcite-bench")
            .config("spark.ui.showConsoleProgress", "false")
            .getOrCreate()
        )
        spark.sparkContext.setLogLevel("ERROR")
        startup = time.perf_counter() - started
        try:
            started = time.perf_counter()
            scan_json_lines(spark, str(data)).select("value").write.text(str(tmp / "spark-out"))
            rows.append((f"Spark local[*] (spark_scan; session start-up {startup:.1f} s not counted)", time.perf_counter() - started))
        finally:
            spark.stop()

    print(f"\n{n} records ({size_mb:.1f} MB), {os.cpu_count()} cores; Analyzer() built in {build * 1000:.0f} ms\n")
    print("| way | seconds | notes/s |")
    print("| --- | ---: | ---: |")
    for name, seconds in rows:
        print(f"| {name} | {seconds:.2f} | {rate(n, seconds)} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
