"""modcite on Spark (local[2]): spark_scan.py writes what `modcite batch` writes; analyze() adds results."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

import modcite
from conftest import ROOT, run_cli, skip_or_fail
from test_bindings import GARBAGE


@pytest.fixture(scope="module")
def spark_ready(java_available):
    try:
        import pyarrow  # noqa: F401
        import pyspark  # noqa: F401
    except ImportError as e:
        skip_or_fail(f"pyspark and pyarrow are needed for the Spark tests: {e}")
    if not java_available:
        skip_or_fail("no Java runtime (java on PATH or JAVA_HOME) for Spark")
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)


def scan_input(corpus_files, tmp_path):
    """The corpus, some records without ids (numbered by their line), garbage in the middle and at the end."""
    lines = [line for f in corpus_files for line in f.read_bytes().splitlines()]
    for i in range(0, len(lines), 37):
        record = json.loads(lines[i])
        record.pop("id", None)
        lines[i] = json.dumps(record).encode()
    middle = len(lines) // 2
    lines = lines[:middle] + GARBAGE + lines[middle:] + [b"", b"not json at all"] + GARBAGE
    path = tmp_path / "corpus.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    return path, len(lines)


def test_spark_scan_writes_what_batch_writes(spark_ready, cli, corpus_files, tmp_path):
    path, count = scan_input(corpus_files, tmp_path)
    out_dir = tmp_path / "out"
    run = subprocess.run(
        [
            sys.executable,
            str(ROOT / "examples" / "spark_scan.py"),
            str(path),
            str(out_dir),
            "--master",
            "local[2]",
            # Small splits: several partitions, so line numbers must carry across them.
            "--conf",
            "spark.sql.files.maxPartitionBytes=65536",
            "--conf",
            "spark.ui.showConsoleProgress=false",
        ],
        capture_output=True,
        check=False,
        timeout=600,
    )
    assert run.returncode == 0, run.stderr.decode()[-3000:]
    parts = sorted(out_dir.glob("part-*"))
    assert len(parts) > 1, "the input was read as several partitions"
    got = [line for p in parts for line in p.read_text().splitlines()]
    batch = run_cli(cli, "batch", str(path), "-q")
    assert batch.returncode == 0
    want = batch.stdout.decode().splitlines()
    assert len(got) == len(want) == count
    assert sorted(got) == sorted(want), "the same JSON lines, byte for byte"

    def keyed(lines):
        records = [json.loads(x) for x in lines]
        results = {r["id"]: r for r in records if "error" not in r}
        errors = {r["line"]: r for r in records if "error" in r}
        return results, errors

    results, errors = keyed(got)
    assert (results, errors) == keyed(want)
    assert any(k.startswith("line:") for k in results), "records without an id are named by their line"
    assert len(errors) >= 2 * 5 + 2


def test_analyze_adds_a_result_column(spark_ready, corpus_files):
    from pyspark.sql import SparkSession

    from modcite.spark import analyze

    spark = (
        SparkSession.builder.master("local[2]")
        .appName("modcite-test")
        .config("spark.ui.showConsoleProgress", "false")
        .getOrCreate()
    )
    try:
        records = [json.loads(x) for x in corpus_files[0].read_bytes().splitlines()]
        rows = [(r["id"], r["note"], json.dumps(r)) for r in records] + [("empty", None, '{"note": ')]
        df = spark.createDataFrame(rows, "nid string, note string, encounter string").repartition(3)

        by_note = {r["nid"]: r for r in analyze(df, id_col="nid", struct_col="parsed").collect()}
        analyzer = modcite.Analyzer()
        notes = analyzer.suggest_many([{"id": r["id"], "note": r["note"]} for r in records])
        for want in notes:
            row = by_note[want["id"]]
            assert json.loads(row["modcite"]) == want
            assert [p["recommended"] for p in row["parsed"]["procedures"]] == [p["recommended"] for p in want["procedures"]]
        # A null note is an empty note: analyzed, nothing recommended.
        assert json.loads(by_note["empty"]["modcite"])["id"] == "empty"

        by_json = {r["nid"]: r for r in analyze(df, json_col="encounter", result_col="out", id_col="nid").collect()}
        encounters = {r["id"]: r for r in analyzer.suggest_many(records)}
        for nid, want in encounters.items():
            assert json.loads(by_json[nid]["out"]) == want
        error = json.loads(by_json["empty"]["out"])
        assert error["error"]["kind"] == "invalid_json" and error["id"] is None
        assert error["source"].startswith("partition:")
    finally:
        spark.stop()
