"""modcite on Spark (local[2]): spark_scan.py writes what `modcite batch` writes; analyze() adds results."""

from __future__ import annotations

import importlib.util
import json
import os
import sys

import pytest

import modcite
from conftest import ROOT, run_cli, skip_or_fail
from test_bindings import GARBAGE


@pytest.fixture(scope="module")
def spark(java_available):
    """One local[2] session for the module (a JVM start is the slow part of these tests)."""
    try:
        import pyarrow  # noqa: F401
        import pyspark  # noqa: F401
    except ImportError as e:
        skip_or_fail(f"pyspark and pyarrow are needed for the Spark tests: {e}")
    if not java_available:
        skip_or_fail("no Java runtime (java on PATH or JAVA_HOME) for Spark")
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    from pyspark.sql import SparkSession

    session = (
        SparkSession.builder.master("local[2]")
        .appName("modcite-test")
        .config("spark.ui.showConsoleProgress", "false")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def spark_scan_main():
    """examples/spark_scan.py's main(argv), run in this process (and this module's session)."""
    spec = importlib.util.spec_from_file_location("spark_scan", ROOT / "examples" / "spark_scan.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.main


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


def test_spark_scan_writes_what_batch_writes(spark, cli, corpus_files, tmp_path):
    path, count = scan_input(corpus_files, tmp_path)
    out_dir = tmp_path / "out"
    # Small splits: several partitions, so line numbers must carry across them.
    spark.conf.set("spark.sql.files.maxPartitionBytes", "131072")
    try:
        assert spark_scan_main()([str(path), str(out_dir)]) == 0
    finally:
        spark.conf.unset("spark.sql.files.maxPartitionBytes")
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


def test_analyze_adds_a_result_column(spark, corpus_files):
    from modcite.spark import analyze

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


def test_scanning_several_files_at_once_is_refused(spark, corpus_files, tmp_path):
    """batch numbers lines per file; one scan reads one file."""
    from modcite.spark import read_json_lines

    for f in corpus_files[:2]:
        (tmp_path / f.name).write_bytes(f.read_bytes())
    with pytest.raises(ValueError, match="one JSON Lines file"):
        read_json_lines(spark, str(tmp_path))
