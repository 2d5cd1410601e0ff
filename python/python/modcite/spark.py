"""modcite on Spark: analyze a DataFrame's notes or encounters with ``mapInArrow``.

Each Spark task builds one :class:`modcite.Analyzer` for its partition and
hands every Arrow record batch to it at once (``suggest_many``'s native core,
on all the executor's cores, GIL released), so no row crosses Python one at a
time. Needs Spark 3.3 or newer and ``pyarrow``; ``modcite`` must be installed
on the executors (a wheel as a cluster library on Databricks, ``pip install``
in the executors' image, or ``spark-submit --py-files`` with the wheel).

>>> from modcite.spark import analyze
>>> out = analyze(spark.table("notes"), note_col="note_text", id_col="note_id")
>>> out.select("note_id", "modcite").show()

:func:`read_json_lines` and :func:`scan_json_lines` read JSON Lines files as
``modcite batch`` does (line numbers and all), for ``examples/spark_scan.py``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Dict, Iterable, Iterator, List, Optional, Union

if TYPE_CHECKING:  # pragma: no cover
    import pyarrow
    from pyspark.sql import DataFrame

__all__ = ["analyze", "RESULT_STRUCT", "read_json_lines", "scan_json_lines"]

RESULT_STRUCT = (
    "id STRING, "
    "procedures ARRAY<STRUCT<code: STRING, recommended: ARRAY<STRING>, "
    "review: STRUCT<reasons: ARRAY<STRING>>>>, "
    "findings ARRAY<STRUCT<kind: STRING, severity: STRING, code: STRING, modifier: STRING, message: STRING>>, "
    "warnings ARRAY<STRING>, "
    "line BIGINT, "
    "error STRUCT<kind: STRING, message: STRING>"
)
"""The Spark DDL of the struct column ``analyze(..., struct_col=...)`` adds: per
procedure line the recommended modifiers (and review reasons), the audit
findings and warnings; for a row that could not be analyzed, ``error``."""

_ROW_BITS = 33  # monotonically_increasing_id: partition id above bit 33, row within it below


def _data_files(lexicons: Any, fee_schedule: Any, ncci: Any) -> Dict[str, Any]:
    """Data file paths as plain strings, so that the task closure pickles."""
    import os

    if lexicons is None:
        paths: Optional[List[str]] = None
    elif isinstance(lexicons, (str, os.PathLike)):
        paths = [os.fspath(lexicons)]
    else:
        paths = [os.fspath(p) for p in lexicons]
    return {
        "lexicons": paths,
        "fee_schedule": None if fee_schedule is None else os.fspath(fee_schedule),
        "ncci": None if ncci is None else os.fspath(ncci),
    }


def analyze(
    df: "DataFrame",
    note_col: str = "note",
    json_col: Optional[str] = None,
    result_col: str = "modcite",
    id_col: Optional[str] = None,
    *,
    struct_col: Optional[str] = None,
    lexicons: Union[None, str, Iterable[str]] = None,
    fee_schedule: Optional[str] = None,
    ncci: Optional[str] = None,
    jobs: Optional[int] = None,
) -> "DataFrame":
    """Returns ``df`` with a column ``result_col`` holding each row's modcite result as JSON text.

    The input of a row is the plain note in ``note_col``, or, when
    ``json_col`` is given, the encounter JSON (records.md) in that column
    (``note_col`` is then unused). ``id_col`` (any type, read as text) gives
    the id of a result whose input has none; without it such a result's id
    is ``"partition:P:line:N"`` (row N of Spark partition P, from 1).

    The JSON is what ``modcite batch`` writes for the row: the result
    (``procedures`` with ``recommended`` per line, ``findings``, ...) or, for
    a row that cannot be analyzed (a null or empty note, invalid JSON, a
    malformed date), the error record ``{"id": null, "line": N, "source":
    "partition:P", "error": {"kind": ..., "message": ...}}``. No row fails the
    job. ``struct_col`` also adds the result parsed into a struct
    (:data:`RESULT_STRUCT`) for SQL use.

    ``lexicons``, ``fee_schedule`` and ``ncci`` are as for
    :class:`modcite.Analyzer` and must be readable at the same path on every
    executor (say, a DBFS or shared mount path). ``jobs`` caps the threads
    each task uses (default: all the executor's cores; with several task
    slots per executor, set it to the cores per slot).

    Implemented with ``DataFrame.mapInArrow`` (Spark 3.3 or newer): each
    task builds one analyzer, then analyzes each Arrow batch in one call.
    """
    from pyspark.sql.types import StringType, StructField, StructType

    column = json_col if json_col is not None else note_col
    for name in [column] + ([id_col] if id_col is not None else []):
        if name not in df.columns:
            raise ValueError(f"no column {name!r} in the DataFrame (columns: {', '.join(df.columns)})")
    if result_col in df.columns:
        raise ValueError(f"the DataFrame already has a column {result_col!r}; name another with result_col=")
    mode = "json" if json_col is not None else "note"
    files = _data_files(lexicons, fee_schedule, ncci)
    schema = StructType(df.schema.fields + [StructField(result_col, StringType(), False)])

    def run(batches: Iterator["pyarrow.RecordBatch"]) -> Iterator["pyarrow.RecordBatch"]:
        import pyarrow as pa
        from pyspark import TaskContext

        from modcite import Analyzer

        analyzer = Analyzer(**files)  # once per partition
        context = TaskContext.get()
        partition = context.partitionId() if context is not None else 0
        row = 0
        for batch in batches:
            items = [b if b is not None else b"" for b in _binary(batch.column(column)).to_pylist()]
            lines = list(range(row + 1, row + 1 + len(items)))
            if id_col is not None:
                ids = batch.column(id_col).cast(pa.string()).to_pylist()
            else:
                ids = [None] * len(items)
            ids = [i if i is not None else f"partition:{partition}:line:{n}" for i, n in zip(ids, lines)]
            results = analyzer._native.analyze_records(
                items, mode=mode, source=f"partition:{partition}", lines=lines, ids=ids, jobs=jobs
            )
            row += len(items)
            yield pa.RecordBatch.from_arrays(
                list(batch.columns) + [pa.array(results, pa.string())],
                names=list(batch.schema.names) + [result_col],
            )

    out = df.mapInArrow(run, schema)
    if struct_col is not None:
        from pyspark.sql import functions as F

        out = out.withColumn(struct_col, F.from_json(F.col(result_col), RESULT_STRUCT))
    return out


def _binary(array: "pyarrow.Array") -> "pyarrow.Array":
    """A string column's raw bytes (Spark passes text through as it read it, valid UTF-8 or not)."""
    import pyarrow as pa

    if isinstance(array, pa.ChunkedArray):
        array = array.combine_chunks()
    if pa.types.is_large_string(array.type):
        return array.view(pa.large_binary())
    if pa.types.is_string(array.type):
        return array.view(pa.binary())
    return array.cast(pa.binary())


def read_json_lines(spark: Any, path: str) -> "DataFrame":
    """Reads one JSON Lines file as ``modcite batch`` does: one row per line (split at ``\\n`` only,
    so a ``\\r\\n`` file's lines keep their ``\\r`` for the analyzer to drop), the bytes as they are in
    the file, and the line's number in the file (``line``, from 1).

    Returns a DataFrame ``(line BIGINT, value STRING)``. Line numbers are counted per
    partition (``monotonically_increasing_id``) and offset by the counts of the partitions
    before it: Spark reads one file's splits into partitions in file order.
    """
    from pyspark.sql import functions as F

    text = spark.read.option("lineSep", "\n").text(path)
    files = text.inputFiles()
    if len(files) != 1:
        # batch numbers lines per file, and Spark orders several files' splits by size.
        raise ValueError(f"{path}: read_json_lines reads one JSON Lines file; this names {len(files)} files")
    tagged = text.withColumn("_mid", F.monotonically_increasing_id())
    counts = (
        tagged.select(F.shiftright(F.col("_mid"), _ROW_BITS).alias("p"))
        .groupBy("p")
        .count()
        .orderBy("p")
        .collect()
    )
    offsets = F.create_map(*[x for row in _offsets(counts) for x in (F.lit(row[0]).cast("bigint"), F.lit(row[1]).cast("bigint"))]) if counts else None
    if offsets is None:
        return tagged.select(F.lit(0).cast("bigint").alias("line"), "value")
    partition = F.shiftright(F.col("_mid"), _ROW_BITS)
    within = F.col("_mid").bitwiseAND(F.lit((1 << _ROW_BITS) - 1))
    line = (offsets[partition] + within + F.lit(1)).cast("bigint")
    return tagged.select(line.alias("line"), "value")


def _offsets(counts: List[Any]) -> List[tuple]:
    """Each partition's first line minus one: the rows of the partitions before it."""
    out = []
    total = 0
    for row in counts:
        out.append((int(row["p"]), total))
        total += int(row["count"])
    return out


def scan_json_lines(
    spark: Any,
    path: str,
    *,
    source: Optional[str] = None,
    lexicons: Union[None, str, Iterable[str]] = None,
    fee_schedule: Optional[str] = None,
    ncci: Optional[str] = None,
    jobs: Optional[int] = None,
) -> "DataFrame":
    """Analyzes a JSON Lines file of encounters on Spark; returns one row per input line,
    ``(line BIGINT, value STRING)``, ``value`` being the JSON line ``modcite batch PATH``
    writes for that line (error records and default ids ``"line:N"`` alike; ``source``,
    default ``path``, is the name error records give the input). Write it out with
    ``.select("value").write.text(OUTPUT_DIR)``.
    """
    from pyspark.sql.types import LongType, StringType, StructField, StructType

    files = _data_files(lexicons, fee_schedule, ncci)
    name = path if source is None else source
    schema = StructType([StructField("line", LongType(), False), StructField("value", StringType(), False)])

    def run(batches: Iterator["pyarrow.RecordBatch"]) -> Iterator["pyarrow.RecordBatch"]:
        import pyarrow as pa

        from modcite import Analyzer

        analyzer = Analyzer(**files)  # once per partition
        for batch in batches:
            lines = batch.column("line").to_pylist()
            items = _binary(batch.column("value")).to_pylist()
            results = analyzer.batch_lines(items, source=name, line_numbers=lines, jobs=jobs)
            yield pa.RecordBatch.from_arrays(
                [batch.column("line"), pa.array(results, pa.string())], schema=pa.schema([("line", pa.int64()), ("value", pa.string())])
            )

    return read_json_lines(spark, path).mapInArrow(run, schema)
