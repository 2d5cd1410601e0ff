#!/usr/bin/env python3
"""Analyze a JSON Lines file of encounters with Spark; write one result per line.

    python examples/spark_scan.py INPUT.jsonl OUTPUT_DIR [--master local[*]] [--jobs N]

OUTPUT_DIR receives Spark part files (part-*.txt), one JSON result per line:
as a set of records, exactly what `modcite batch INPUT.jsonl` writes, error
records included (`{"id": null, "line": N, "source": "INPUT.jsonl", "error":
...}` for a line that cannot be read; a record without an id gets "line:N").
Lines are read as batch reads them (split at "\\n" only, bytes as they are,
numbered from 1 in the file), analyzed with modcite.spark.scan_json_lines
(mapInArrow: one Analyzer per task, whole Arrow batches per call).

On a cluster, modcite must be installed in the executors' Python (a native
wheel cannot be imported from --py-files); for instance with a packed venv
(see the README's "Python and Spark" section):

    PYSPARK_PYTHON=./env/bin/python spark-submit --master yarn --archives env.tar.gz#env \
        examples/spark_scan.py hdfs:///archive/notes.jsonl hdfs:///archive/modcite-out

Without --master, the master comes from spark-submit's options or
configuration; run with plain `python`, Spark's default is local[*].
"""

from __future__ import annotations

import argparse
import os
import sys
import time


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("input", help="a JSON Lines file of encounters (records.md)")
    parser.add_argument("output", help="output folder (must not exist): Spark part files, one JSON result per line")
    parser.add_argument("--master", help="Spark master URL (default: spark-submit's, local[*] under plain python)")
    parser.add_argument("--jobs", type=int, help="threads per Spark task (default: all the executor's cores)")
    parser.add_argument("--lexicon", action="append", help="extra lexicon file or folder (repeatable; same path on every executor)")
    parser.add_argument("--fee-schedule", help="CMS PFS RVU file (same path on every executor)")
    parser.add_argument("--ncci", help="CMS NCCI PTP edit file (same path on every executor)")
    parser.add_argument("--conf", action="append", default=[], metavar="KEY=VALUE", help="a Spark configuration setting (repeatable)")
    args = parser.parse_args(argv)

    # In local mode the Python workers are this interpreter, which has modcite.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    from pyspark.sql import SparkSession

    from modcite.spark import scan_json_lines

    builder = SparkSession.builder.appName("modcite-scan")
    for setting in args.conf:
        key, _, value = setting.partition("=")
        builder = builder.config(key, value)
    if args.master:
        builder = builder.master(args.master)
    # A session already running in this process (a notebook, a test) is used and left running.
    owned = SparkSession.getActiveSession() is None
    spark = builder.getOrCreate()
    try:
        started = time.perf_counter()
        results = scan_json_lines(
            spark,
            args.input,
            source=args.input,
            lexicons=args.lexicon,
            fee_schedule=args.fee_schedule,
            ncci=args.ncci,
            jobs=args.jobs,
        )
        results.select("value").write.text(args.output)
        print(f"spark_scan: {args.input} -> {args.output} in {time.perf_counter() - started:.2f} s", file=sys.stderr)
    finally:
        if owned:
            spark.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
