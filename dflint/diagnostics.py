"""Diagnostics: what a lint run reports, as immutable records."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from dflint.fix.edit import Fix


class Severity(enum.IntEnum):
    """Ordered so that ``severity >= threshold`` means "at or above the threshold"."""

    STYLE = 1
    INFO = 2
    WARNING = 3
    ERROR = 4

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> Severity:
        try:
            return cls[str(text).strip().upper()]
        except KeyError:
            raise ValueError(f"unknown severity {text!r} (expected error, warning, info or style)") from None


SEVERITY_NAMES = ("error", "warning", "info", "style")


@dataclass(frozen=True, slots=True)
class Location:
    line: int  #: 1-based
    column: int  #: 1-based, in characters


class LineIndex:
    """Lines and columns of 0-based character offsets in a text.

    Lines end at ``\n`` only, as in the parser's positions: a ``\r`` before it is the
    last character of its line.
    """

    def __init__(self, text: str) -> None:
        starts = [0]
        i = text.find("\n")
        while i >= 0:
            starts.append(i + 1)
            i = text.find("\n", i + 1)
        self._starts = starts

    def location(self, offset: int) -> Location:
        """Where the character at ``offset`` (or the end of the text) is."""
        import bisect

        index = bisect.bisect_right(self._starts, offset) - 1
        return Location(index + 1, offset - self._starts[index] + 1)


class LocatedError(ValueError):
    """A problem in a file the user wrote (a config, a rule file), with where it is."""

    def __init__(self, path: str, message: str, line: int | None = None, column: int | None = None):
        self.path, self.message, self.line, self.column = path, message, line, column
        where = path if line is None else f"{path}:{line}:{column or 1}"
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One finding in one file, with its exact span."""

    rule: str  #: the rule id, e.g. "DF101"
    name: str  #: the rule's kebab-case name
    severity: Severity
    message: str
    path: str  #: as given on the command line ("<stdin>" or --stdin-filename for stdin)
    start: Location
    end: Location  #: just past the last character of the span
    offset: int = 0  #: 0-based character offset of ``start``
    end_offset: int = 0
    fix: Fix | None = None
    fix_title: str | None = None  #: imperative: "Add `--no-cache`"
    #: the rule's aliases (hadolint codes, BuildKit check names), for reporters
    aliases: tuple[str, ...] = field(default=())
    #: the specific code of this finding, when the rule answers to several (see
    #: :attr:`dflint.checks.Violation.code`)
    code: str | None = None

    @property
    def last_line(self) -> int:
        """The line of the span's last character: a span that ends with a line break
        ends at column 1 of the next line, which it does not cover."""
        if self.end.line > self.start.line and self.end.column == 1:
            return self.end.line - 1
        return self.end.line

    @property
    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.start.line, self.start.column, self.rule)

    @property
    def fixable(self) -> bool:
        from dflint.fix.edit import Applicability

        return self.fix is not None and self.fix.applicability >= Applicability.UNSAFE
