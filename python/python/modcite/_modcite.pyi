"""Type stubs of the native extension (``modcite._modcite``); use the ``modcite`` package."""

import os
from typing import List, Optional, Sequence, Union

__version__: str

class ModciteError(Exception):
    """Base class of every error modcite raises."""

class LexiconError(ModciteError):
    """A lexicon file or folder does not parse or check."""

class DataFileError(ModciteError):
    """A fee schedule or NCCI file cannot be read or is not in the expected layout."""

class InputError(ModciteError):
    """A single encounter given to ``suggest`` cannot be read or analyzed."""

_Path = Union[str, "os.PathLike[str]"]

class Analyzer:
    """The native analyzer (frozen, thread-safe); ``modcite.Analyzer`` wraps it."""

    def __init__(
        self,
        lexicons: Sequence[_Path] = ...,
        fee_schedule: Optional[_Path] = None,
        ncci: Optional[_Path] = None,
    ) -> None: ...
    def suggest_json(self, text: str, is_json: Optional[bool] = None, explain: bool = False) -> str:
        """One encounter's result as ``modcite suggest --format json`` prints it."""
    def analyze_records(
        self,
        items: Sequence[Union[str, bytes]],
        mode: str = "auto",
        source: str = "-",
        first_line: int = 1,
        lines: Optional[Sequence[int]] = None,
        ids: Optional[Sequence[Optional[str]]] = None,
        json_items: Sequence[int] = ...,
        jobs: Optional[int] = None,
    ) -> List[str]:
        """Many records' output lines as ``modcite batch`` writes them."""
