"""modcite: suggest CPT modifiers (58, 78, 79, 59 and XE/XS/XP/XU, 76/77)
from clinical procedure notes, with ranked, explained suggestions backed by
evidence spans cited by exact byte offsets (``note[start:end] == text`` on the
note's UTF-8 bytes).

The analysis runs in Rust, the same code as the ``modcite`` command line:

>>> import modcite
>>> analyzer = modcite.Analyzer()              # build once, reuse, share across threads
>>> result = analyzer.suggest("OPERATIVE NOTE ... planned second stage ...")
>>> result["procedures"][0]["recommended"]

- :class:`Analyzer` ``.suggest(encounter)`` returns what
  ``modcite suggest --format json`` prints for the same input, as a dict.
- :class:`Analyzer` ``.suggest_many(records, jobs=None)`` analyzes many records
  in parallel (the GIL released) and returns what ``modcite batch`` writes for
  them, one dict per record in input order; a record that cannot be read
  becomes an error record in its place.
- :mod:`modcite.spark` runs the analyzer on Spark DataFrames (``mapInArrow``).

Errors that are the caller's fault raise subclasses of :class:`ModciteError`:
:class:`LexiconError`, :class:`DataFileError`, :class:`InputError`.
"""

from __future__ import annotations

import concurrent.futures as _futures
import datetime as _datetime
import itertools as _itertools
import json as _json
import os as _os
from collections.abc import Mapping as _Mapping
from typing import Any, Dict, Iterable, List, Optional, Sequence, Union

from modcite._modcite import Analyzer as _NativeAnalyzer
from modcite._modcite import DataFileError, InputError, LexiconError, ModciteError
from modcite._modcite import __version__

__all__ = [
    "Analyzer",
    "ModciteError",
    "LexiconError",
    "DataFileError",
    "InputError",
    "Record",
    "__version__",
]

PathLike = Union[str, "_os.PathLike[str]"]
"""A file system path: ``str`` or ``os.PathLike``."""

Record = Union[Dict[str, Any], str, bytes]
"""One input record: an encounter dict (records.md), encounter JSON text, or a plain note."""

# Records handed to the native code at a time by suggest_many: bounds the
# memory held for a long iterable's inputs while keeping every core busy.
_CHUNK = 4096


def _json_default(value: Any) -> Any:
    """Dates in an encounter dict become ISO text; anything else JSON cannot hold is refused."""
    if isinstance(value, (_datetime.date, _datetime.datetime)):
        return value.isoformat()
    raise TypeError(f"a value of type {type(value).__name__} cannot be written as JSON")


def _to_json(record: Any) -> str:
    """The JSON text of an encounter given as a dict (or any other JSON value)."""
    if isinstance(record, _Mapping) and not isinstance(record, dict):
        record = dict(record)
    return _json.dumps(record, ensure_ascii=False, allow_nan=False, default=_json_default)


def _lexicon_paths(lexicons: Union[None, PathLike, Iterable[PathLike]]) -> List[Any]:
    if lexicons is None:
        return []
    if isinstance(lexicons, (str, bytes, _os.PathLike)):
        return [lexicons]
    return list(lexicons)


class Analyzer:
    """A ready-to-use modcite analyzer.

    Built once from the built-in lexicons and code tables, with optional
    data files layered over them, exactly as the command line's
    ``--lexicon``, ``--fee-schedule`` and ``--ncci`` options:

    - ``lexicons``: a lexicon TOML file or folder, or a list of them, layered
      over the built-in lexicons;
    - ``fee_schedule``: the CMS PFS RVU file (PPRRVU CSV); its global days win
      over the built-in table;
    - ``ncci``: the CMS practitioner PTP edit file; replaces the built-in pairs.

    Raises :class:`LexiconError` when a lexicon does not parse or check (the
    message lists every problem as ``file:line: message``) and
    :class:`DataFileError` when a fee schedule or NCCI file cannot be read or
    parsed; the messages are the command line's.

    An analyzer is immutable and thread-safe: build it once and share it
    between threads (its methods release the GIL while they analyze).
    """

    __slots__ = ("_native",)

    def __init__(
        self,
        lexicons: Union[None, PathLike, Iterable[PathLike]] = None,
        fee_schedule: Optional[PathLike] = None,
        ncci: Optional[PathLike] = None,
    ) -> None:
        self._native = _NativeAnalyzer(_lexicon_paths(lexicons), fee_schedule, ncci)

    def suggest(self, encounter: Record, *, explain: bool = False) -> Dict[str, Any]:
        """Analyzes one encounter and returns its result as a dict.

        ``encounter`` is an encounter dict in the records.md shape, encounter
        JSON text, or a plain note. A string is an encounter when it opens
        like a JSON object (``{"`` or ``{}``), as ``modcite suggest`` decides
        for a file without a ``.json``/``.txt`` extension; otherwise it is the
        note (so a dictation opening with "{Dictated}" is still a note).

        The dict equals what ``modcite suggest --format json`` prints for the
        same input (``explain=True``: ``--explain``, adding ``considered``).
        A record without an ``id`` has ``"id": None``, as on the command line.

        Raises :class:`InputError` (with the command line's message, which
        never quotes the note) when the encounter cannot be analyzed: invalid
        JSON, a missing note, a malformed date, bytes that are not UTF-8.
        """
        if isinstance(encounter, str):
            text, is_json = encounter, None
        elif isinstance(encounter, (bytes, bytearray, memoryview)):
            raw = bytes(encounter)
            try:
                text, is_json = raw.decode("utf-8"), None
            except UnicodeDecodeError as e:
                raise InputError(f"not UTF-8 text (byte {e.start})") from None
        else:
            try:
                text, is_json = _to_json(encounter), True
            except (TypeError, ValueError) as e:
                raise InputError(f"the encounter cannot be read as JSON: {e}") from None
        try:
            return _json.loads(self._native.suggest_json(text, is_json, explain))
        except UnicodeEncodeError:
            raise InputError("not UTF-8 text (a lone surrogate)") from None

    def suggest_many(
        self,
        records: Iterable[Record],
        jobs: Optional[int] = None,
        *,
        source: str = "-",
    ) -> List[Dict[str, Any]]:
        """Analyzes many records in parallel; returns one dict per record, in input order.

        ``records`` is any iterable of encounter dicts, encounter JSON strings
        and plain notes (a string is an encounter when it opens like a JSON
        object, as in :meth:`suggest`; ``bytes`` likewise, as UTF-8).
        Analysis runs on ``jobs`` threads (default: all cores) with the GIL
        released; the output is identical at any ``jobs``.

        Each output is what ``modcite batch`` writes for that record read as
        line N of a JSON Lines input (N counts from 1): the result, whose
        ``id`` is the record's own or ``"line:N"``, or, for a record that
        cannot be read (invalid JSON, no note, a malformed date, not UTF-8),
        the error record ``{"id": None, "line": N, "source": source,
        "error": {"kind": ..., "message": ...}}`` in its place. No record's
        problem raises; the others are analyzed all the same. ``source``
        names the input in error records (``"-"``, as ``batch`` names stdin).

        One kind has no ``batch`` counterpart: a dict holding a value JSON
        cannot hold (a set, NaN, an object) gives ``kind`` ``"invalid_record"``.
        """
        if isinstance(records, (str, bytes, bytearray, _Mapping)):
            raise TypeError("suggest_many takes an iterable of records; for a single encounter use suggest()")
        if jobs is not None and jobs < 1:
            raise ValueError("jobs must be at least 1 (or None for all cores)")
        results: List[Dict[str, Any]] = []
        # One chunk is analyzed (native, GIL released, on the pool) while this
        # thread turns the next chunk into JSON text and the previous one's
        # results into dicts.
        with _futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="modcite") as native:
            pending = None
            first_line = 1
            iterator = iter(records)
            while True:
                chunk = list(_itertools.islice(iterator, _CHUNK))
                if chunk:
                    items, json_items, unwritable = _prepare(chunk)
                    submitted = native.submit(
                        self._native.analyze_records,
                        items,
                        mode="auto",
                        source=source,
                        first_line=first_line,
                        json_items=json_items,
                        jobs=jobs,
                    )
                if pending is not None:
                    results.extend(_finish(*pending, source=source))
                if not chunk:
                    return results
                pending = (submitted, first_line, unwritable)
                first_line += len(chunk)

    def batch_lines(
        self,
        lines: Sequence[Union[str, bytes]],
        *,
        source: str = "-",
        first_line: int = 1,
        line_numbers: Optional[Sequence[int]] = None,
        jobs: Optional[int] = None,
    ) -> List[str]:
        """Analyzes lines of a JSON Lines file; returns the lines ``modcite batch`` writes for them.

        Every line is read as an encounter JSON (as ``batch`` reads a
        ``.jsonl`` file: a trailing ``\\r`` is dropped, a byte order mark
        skipped, invalid UTF-8 or JSON gives an error record). Line ``i`` is
        line ``line_numbers[i]`` (default ``first_line + i``) of ``source``,
        which is what error records and default ids (``"line:N"``) name.
        Returns compact JSON text, one per line, without line ends: byte for
        byte what ``modcite batch SOURCE`` writes for these lines.
        """
        if jobs is not None and jobs < 1:
            raise ValueError("jobs must be at least 1 (or None for all cores)")
        return self._native.analyze_records(
            list(lines),
            mode="json",
            source=source,
            first_line=first_line,
            lines=None if line_numbers is None else list(line_numbers),
            jobs=jobs,
        )

    def __repr__(self) -> str:
        return "modcite.Analyzer()"


def _finish(submitted: "_futures.Future[List[str]]", first_line: int, unwritable: Dict[int, str], *, source: str) -> List[Dict[str, Any]]:
    """A chunk's results as dicts; records JSON could not hold become error records."""
    out: List[Dict[str, Any]] = []
    for i, line in enumerate(submitted.result()):
        problem = unwritable.get(i)
        if problem is None:
            out.append(_json.loads(line))
        else:
            out.append(
                {
                    "id": None,
                    "line": first_line + i,
                    "source": source,
                    "error": {"kind": "invalid_record", "message": problem},
                }
            )
    return out


def _prepare(chunk: List[Any]):
    """The native items of a chunk: strings and bytes as they are, other records as JSON text."""
    items: List[Union[str, bytes]] = []
    json_items: List[int] = []
    unwritable: Dict[int, str] = {}
    for i, record in enumerate(chunk):
        if isinstance(record, (str, bytes)):
            items.append(record)
        elif isinstance(record, (bytearray, memoryview)):
            items.append(bytes(record))
        else:
            json_items.append(i)
            try:
                items.append(_to_json(record))
            except (TypeError, ValueError) as e:
                unwritable[i] = f"the record cannot be read as JSON: {e}"
                items.append("")
    return items, json_items, unwritable
