"""The Python bindings give what the command line gives, record for record."""

from __future__ import annotations

import concurrent.futures
import json
import os
import threading
from pathlib import Path

import pytest

import modcite
from conftest import ROOT, run_cli


def cli_suggest(cli: Path, path: Path) -> dict:
    out = run_cli(cli, "suggest", str(path), "--format", "json")
    assert out.returncode == 0, out.stderr.decode()
    return json.loads(out.stdout)


def test_suggest_equals_the_cli_on_every_corpus_encounter(analyzer, cli, corpus_files, tmp_path):
    cases = []
    for f in corpus_files:
        for n, line in enumerate(f.read_bytes().splitlines(), 1):
            path = tmp_path / f"{f.stem}-{f.parent.name}-{n}.json"
            path.write_bytes(line)
            cases.append((path, line))
    assert len(cases) > 300
    with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
        expected = list(pool.map(lambda c: cli_suggest(cli, c[0]), cases))
    for (path, line), want in zip(cases, expected):
        record = json.loads(line)
        assert analyzer.suggest(record) == want, f"dict input differs from the CLI on {path.name}"
        assert analyzer.suggest(line.decode()) == want, f"JSON text input differs from the CLI on {path.name}"


def test_suggest_many_equals_batch_on_every_corpus_file(analyzer, cli, corpus_files):
    for f in corpus_files:
        out = run_cli(cli, "batch", str(f), "-q")
        assert out.returncode == 0, out.stderr.decode()
        want = [json.loads(x) for x in out.stdout.decode().splitlines()]
        lines = f.read_bytes().splitlines()
        assert len(want) == len(lines)
        got = analyzer.suggest_many([json.loads(x) for x in lines], source=str(f))
        assert got == want, f"suggest_many differs from batch on {f}"
        assert analyzer.batch_lines(lines, source=str(f)) == out.stdout.decode().splitlines(), f"batch_lines differs on {f}"


GARBAGE = [
    b'{"id": "ok-1", "note": "OPERATIVE NOTE: planned second stage of a staged procedure."}',
    b'{"note": ',  # truncated JSON
    b'{"id": "bad-date", "note": "x", "date_of_service": "2026-02-30"}',
    b'{"note": "\xff\xfe bytes that are not UTF-8"}',
    b'{"id": "no-note", "payer": "medicare"}',
    b'{"note": 17}',
    b'{"id": "ok-2", "note": "Return to the operating room for hematoma evacuation."}\r',
    b'{"note": "no id here"}',
]


def test_garbage_records_become_batchs_error_records_in_place(analyzer, cli):
    stdin = b"\n".join(GARBAGE) + b"\n"
    out = run_cli(cli, "batch", "-", "-q", stdin=stdin)
    assert out.returncode == 0, out.stderr.decode()
    want = [json.loads(x) for x in out.stdout.decode().splitlines()]
    assert len(want) == len(GARBAGE)
    got = analyzer.suggest_many(GARBAGE)
    assert got == want
    errors = [r for r in got if "error" in r]
    assert [r["line"] for r in errors] == [2, 3, 4, 5, 6]
    assert {r["error"]["kind"] for r in errors} >= {"invalid_json", "invalid_date", "invalid_utf8", "missing_note"}
    assert all(r["id"] is None and r["source"] == "-" for r in errors)
    assert got[0]["id"] == "ok-1" and got[6]["id"] == "ok-2" and got[7]["id"] == "line:8"
    for r in errors:
        assert "bytes that are not" not in r["error"]["message"], "error messages never quote the note"


def test_a_record_json_cannot_hold_is_an_error_record_not_an_exception(analyzer):
    good = {"id": "a", "note": "OPERATIVE NOTE"}
    got = analyzer.suggest_many([good, {"id": "b", "note": {1, 2}}, {"note": float("nan")}, good])
    assert got[0]["id"] == "a" and got[3]["id"] == "a"
    assert [got[1]["error"]["kind"], got[2]["error"]["kind"]] == ["invalid_record", "invalid_record"]
    assert got[1]["line"] == 2 and got[2]["line"] == 3


def test_jobs_1_and_jobs_4_give_identical_output(analyzer, corpus_files):
    records = [line for f in corpus_files for line in f.read_bytes().splitlines()]
    records = records + [json.loads(r) for r in records] + GARBAGE
    one = analyzer.suggest_many(records, jobs=1)
    four = analyzer.suggest_many(records, jobs=4)
    assert json.dumps(one) == json.dumps(four)
    assert len(one) == len(records)


def test_suggest_on_plain_text_equals_the_cli_on_that_note(analyzer, cli):
    for name in ["staged-tka.txt"]:
        note = (ROOT / "examples" / name).read_text()
        out = run_cli(cli, "suggest", "--format", "json", stdin=note.encode())
        assert out.returncode == 0
        result = analyzer.suggest(note)
        assert result == json.loads(out.stdout)
        assert result["id"] is None
        assert result["procedures"][0]["recommended"] == ["58"]
        for s in result["procedures"][0]["suggestions"]:
            for e in s["evidence"]:
                assert note.encode()[e["start"] : e["end"]].decode() == e["text"]


def test_a_note_opening_with_a_brace_is_a_note(analyzer, cli):
    note = "{Dictated} OPERATIVE NOTE: second stage of the planned staged procedure."
    out = run_cli(cli, "suggest", "--format", "json", stdin=note.encode())
    assert analyzer.suggest(note) == json.loads(out.stdout)
    assert analyzer.suggest_many([note])[0]["procedures"] == json.loads(out.stdout)["procedures"]


def test_explain_matches_the_cli(analyzer, cli):
    note = (ROOT / "examples" / "staged-tka.txt").read_bytes()
    out = run_cli(cli, "suggest", "--format", "json", "--explain", stdin=note)
    result = analyzer.suggest(note, explain=True)
    assert result == json.loads(out.stdout) and result["considered"]


def test_the_analyzer_is_shared_across_threads(analyzer, corpus_files):
    records = [json.loads(x) for x in corpus_files[0].read_bytes().splitlines()]
    want = [analyzer.suggest(r) for r in records]
    failures = []

    def work():
        if [analyzer.suggest(r) for r in records] != want:
            failures.append(threading.current_thread().name)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not failures


def test_suggest_many_takes_any_iterable_and_numbers_lines_past_a_chunk(analyzer):
    note = '{"note": "OPERATIVE NOTE"}'
    got = analyzer.suggest_many(note for _ in range(5000))
    assert len(got) == 5000
    assert got[0]["id"] == "line:1" and got[4999]["id"] == "line:5000"


def test_suggest_many_refuses_a_single_encounter(analyzer):
    with pytest.raises(TypeError):
        analyzer.suggest_many("OPERATIVE NOTE")
    with pytest.raises(ValueError):
        analyzer.suggest_many([], jobs=0)
