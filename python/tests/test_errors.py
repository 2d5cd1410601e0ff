"""Errors that are the caller's fault raise typed exceptions carrying the CLI's message."""

from __future__ import annotations

import pytest

import modcite
import modcite.spark
from conftest import ROOT, run_cli


def cli_error(cli, *args: str) -> str:
    out = run_cli(cli, "suggest", str(ROOT / "examples" / "staged-tka.txt"), "--format", "json", *args)
    assert out.returncode == 2
    err = out.stderr.decode().strip()
    assert err.startswith("modcite: error: ")
    return err[len("modcite: error: ") :]


def test_exceptions_form_one_hierarchy():
    for e in (modcite.LexiconError, modcite.DataFileError, modcite.InputError):
        assert issubclass(e, modcite.ModciteError)
    assert issubclass(modcite.ModciteError, Exception)


def test_a_lexicon_that_does_not_parse_raises_lexicon_error(cli, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("[[trigger]]\nid = \n")
    with pytest.raises(modcite.LexiconError) as e:
        modcite.Analyzer(lexicons=bad)
    assert str(e.value) == cli_error(cli, "--lexicon", str(bad))
    assert str(bad) in str(e.value)


def test_a_missing_lexicon_raises_lexicon_error(cli, tmp_path):
    missing = tmp_path / "nope.toml"
    with pytest.raises(modcite.LexiconError) as e:
        modcite.Analyzer(lexicons=[missing])
    assert str(e.value) == cli_error(cli, "--lexicon", str(missing))


@pytest.mark.parametrize("option", ["fee_schedule", "ncci"])
def test_missing_code_table_files_raise_data_file_error(cli, tmp_path, option):
    missing = tmp_path / "missing.csv"
    with pytest.raises(modcite.DataFileError) as e:
        modcite.Analyzer(**{option: missing})
    assert str(e.value) == cli_error(cli, "--" + option.replace("_", "-"), str(missing))


def test_a_fee_schedule_in_the_wrong_layout_raises_data_file_error(cli, tmp_path):
    bad = tmp_path / "pprrvu.csv"
    bad.write_text("this,is,not\na,fee,schedule\n")
    with pytest.raises(modcite.DataFileError) as e:
        modcite.Analyzer(fee_schedule=str(bad))
    assert str(e.value) == cli_error(cli, "--fee-schedule", str(bad))


def test_an_unreadable_single_encounter_raises_input_error(analyzer):
    with pytest.raises(modcite.InputError, match="invalid JSON"):
        analyzer.suggest('{"note": ')
    with pytest.raises(modcite.InputError, match="missing `note`"):
        analyzer.suggest({"id": "x"})
    with pytest.raises(modcite.InputError, match="date_of_service"):
        analyzer.suggest({"note": "SECRET NOTE TEXT", "date_of_service": "2026-02-30"})
    with pytest.raises(modcite.InputError, match="UTF-8"):
        analyzer.suggest(b"\xffnote")
    with pytest.raises(modcite.InputError, match="type set"):
        analyzer.suggest({"note": {1}})


def test_error_messages_never_quote_the_note(analyzer):
    with pytest.raises(modcite.InputError) as e:
        analyzer.suggest({"note": "SECRET NOTE TEXT", "date_of_service": "tomorrow"})
    assert "SECRET" not in str(e.value)


def test_help_shows_the_api():
    for obj in (modcite, modcite.Analyzer, modcite.Analyzer.suggest, modcite.Analyzer.suggest_many, modcite.LexiconError):
        assert obj.__doc__ and len(obj.__doc__) > 40, obj
    assert "mapInArrow" in modcite.spark.analyze.__doc__
