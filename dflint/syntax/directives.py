"""Parser directives as BuildKit's frontend reads them (directives.go).

:func:`dflint.parse` recognises the leading ``# syntax=``/``# escape=``/``# check=``
block the way ``parser.Parse`` does. BuildKit also reads directives *before* parsing,
with slightly different rules, to choose the frontend (``DetectSyntax``: ``#`` or
``//`` comments or a JSON object, after an optional shebang) and to read the lint
configuration (``ParseDirective("check")``: ``#`` comments only). Rules that report on
``syntax`` or ``check`` directives need those exact rules; they are here.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

_KNOWN = frozenset({"syntax", "escape", "check"})


def _regex(comment: str) -> re.Pattern[str]:
    # `^<comment>\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$`, with RE2's \s.
    return re.compile(
        re.escape(comment) + r"[\t\n\f\r ]*([a-zA-Z][a-zA-Z0-9]*)[\t\n\f\r ]*=[\t\n\f\r ]*(.+?)[\t\n\f\r ]*\Z"
    )


_HASH = _regex("#")
_SLASHES = _regex("//")


class DirectiveError(Exception):
    """A directive repeated: ``only one <key> parser directive can be used``."""


@dataclass(frozen=True, slots=True)
class Directive:
    name: str  #: lower-cased
    value: str
    line: int  #: 1-based


@dataclass(frozen=True, slots=True)
class Found:
    """What ``DetectSyntax``/``ParseDirective`` return for a directive they find."""

    ref: str  #: the value up to its first space (``docker/dockerfile:1``)
    cmdline: str  #: the whole value
    line: int


def _scan(text: str, comment: str, first_line: int) -> tuple[list[Directive], str | None]:
    regex = _HASH if comment == "#" else _SLASHES
    found: list[Directive] = []
    line_no = first_line
    for line in text.splitlines():  # bufio.ScanLines: "\n" or "\r\n"
        line_no += 1
        m = regex.match(line)
        if m is None:
            break
        key = m.group(1).lower()
        if key not in _KNOWN:
            break
        if any(d.name == key for d in found):
            return found, f"only one {key} parser directive can be used"
        found.append(Directive(key, m.group(2), line_no))
    return found, None


def parse_all(text: str, comment: str = "#", first_line: int = 0) -> list[Directive]:
    """DirectiveParser.ParseAll: the directives of the leading block.

    Lines are not left-trimmed here (unlike in ``parser.Parse``). Raises
    DirectiveError for a repeated directive.
    """
    found, error = _scan(text, comment, first_line)
    if error is not None:
        raise DirectiveError(error)
    return found


def _find(key: str, text: str, comment: str, first_line: int) -> Found | None:
    # BuildKit ignores ParseAll's error and searches what was read before it.
    found, _ = _scan(text, comment, first_line)
    for d in found:
        if d.name == key:
            return Found(d.value.split(" ", 1)[0], d.value, d.line)
    return None


def _prepare(text: str) -> tuple[str, int]:
    text = text.removeprefix("\ufeff")
    first, _, rest = text.partition("\n")
    if first.startswith("#!"):
        return rest, 1
    return text, 0


def parse_directive(key: str, text: str) -> Found | None:
    """ParseDirective: a ``# key=value`` directive (``check``, say), after an optional shebang."""
    text, first_line = _prepare(text)
    return _find(key, text, "#", first_line)


def detect_syntax(text: str) -> Found | None:
    """DetectSyntax: the frontend a file asks for with ``# syntax=``, ``// syntax=`` or JSON."""
    text, first_line = _prepare(text)
    found = _find("syntax", text, "#", first_line) or _find("syntax", text, "//", first_line)
    if found is not None:
        return found
    try:
        data = json.loads(text)
    except ValueError:
        return None
    if isinstance(data, dict) and isinstance(data.get("syntax"), str):
        value = data["syntax"]
        return Found(value, value, first_line)
    return None
