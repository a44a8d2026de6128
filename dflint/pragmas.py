"""Suppression comments.

``# dflint: ignore=DF201,DF202``
    on the comment lines directly above an instruction (no blank line between):
    silences those rules on that instruction; ``# dflint: ignore`` alone silences all.
``# dflint: ignore-file`` / ``# dflint: ignore-file=DF201``
    in the leading comment block (before the first instruction): the whole file.
``# hadolint ignore=DL3008`` / ``# hadolint global ignore=DL3008``
    hadolint's forms (the global one anywhere in the file), through the rules' aliases.
``# check=skip=JSONArgsRecommended,StageNameCasing`` (``skip=all``)
    BuildKit's check directive, at the top of the file; also accepted as a comment
    directly above an instruction, for that instruction only.

Codes are rule ids, names or aliases. A code no rule answers to is reported (DF002),
as is a ``# dflint:`` comment that is not one of the forms above.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from dflint.syntax import cst
from dflint.syntax.positions import Positions

_DFLINT = re.compile(r"#\s*dflint\s*:\s*(?P<body>.*?)\s*$", re.IGNORECASE)
_DFLINT_BODY = re.compile(r"(?P<verb>ignore-file|ignore)(?:\s*=\s*(?P<codes>.*))?$", re.IGNORECASE)
_HADOLINT = re.compile(r"#\s*hadolint\s+(?P<global>global\s+)?ignore\s*=\s*(?P<codes>.*?)\s*$")
_CHECK = re.compile(r"#\s*check\s*=\s*(?P<body>.*?)\s*$", re.IGNORECASE)
_CODE = re.compile(r"[^,\s]+")


@dataclass(frozen=True, slots=True)
class CodeRef:
    """A code written in a pragma, with where it is (to report an unknown one)."""

    code: str
    start: int
    end: int
    foreign: bool = False  #: a hadolint or BuildKit code (may name a rule dflint lacks)


@dataclass(frozen=True, slots=True)
class Problem:
    message: str
    start: int
    end: int


@dataclass
class Pragmas:
    #: every rule is off for the whole file
    file_all: bool = False
    #: codes off for the whole file
    file_codes: list[CodeRef] = field(default_factory=list)
    #: (first line, last line, codes or None for all) of instructions with line pragmas
    lines: list[tuple[int, int, list[CodeRef] | None]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def codes(self) -> Iterable[CodeRef]:
        yield from self.file_codes
        for _, _, refs in self.lines:
            yield from refs or ()


def _codes(text: str, base: int, foreign: bool = False) -> list[CodeRef]:
    """Codes separated by commas and/or spaces (``DF101,DF102``, ``DF101, DF102``)."""
    return [CodeRef(m.group(), base + m.start(), base + m.end(), foreign) for m in _CODE.finditer(text)]


def _check_skip(body: str, base: int) -> tuple[bool, list[CodeRef]] | None:
    """BuildKit's ``skip=A,B;error=true``: (skip all, codes), or None without skip."""
    pos = 0
    for part in body.split(";"):
        key, sep, value = part.partition("=")
        if sep and key.strip().lower() == "skip":
            value_base = base + pos + len(key) + 1
            if value.strip().lower() == "all":
                return True, []
            return False, _codes(value, value_base, foreign=True)
        pos += len(part) + 1
    return None


def parse(df: cst.Dockerfile, positions: Positions) -> Pragmas:
    result = Pragmas()

    def comment_text(node: cst.Node) -> tuple[str, int]:
        """The comment from its ``#`` (BuildKit ignores the blanks before it), and where."""
        code = node.code
        indent = len(code) - len(code.lstrip(" \t"))
        return code[indent:], positions.span(node).start.offset  # the span starts at "#"

    for directive in df.directives:
        text, base = comment_text(directive)
        m = _CHECK.match(text)
        if m:
            skip = _check_skip(m.group("body"), base + m.start("body"))
            if skip:
                result.file_all |= skip[0]
                result.file_codes += skip[1]

    first = True
    for instr in df.instructions:
        block: list[cst.Node] = []
        for item in instr.leading_lines:
            if isinstance(item, cst.Comment):
                block.append(item)
            else:
                block = []
            text, base = comment_text(item) if isinstance(item, cst.Comment) else ("", 0)
            _file_level(text, base, first, result)
        lines: list[CodeRef] | None = []
        everything = False
        for item in block:
            text, base = comment_text(item)
            found = _line_level(text, base, result)
            if found is None:
                everything = True
            elif found:
                lines += found
        if everything or lines:
            start_line, end_line = positions.instruction_lines(instr)  # heredoc bodies included
            result.lines.append((start_line, end_line, None if everything else lines))
        first = False
    for item in df.footer:
        if isinstance(item, cst.Comment):
            text, base = comment_text(item)
            _file_level(text, base, first, result)
    return result


def _file_level(text: str, base: int, leading: bool, result: Pragmas) -> None:
    """Pragmas that act on the whole file (and misplaced or malformed dflint pragmas)."""
    if not text:
        return
    m = _HADOLINT.match(text)
    if m and m.group("global"):
        result.file_codes += _codes(m.group("codes"), base + m.start("codes"), foreign=True)
        return
    m = _DFLINT.match(text)
    if not m:
        return
    body_start = base + m.start("body")
    b = _DFLINT_BODY.match(m.group("body"))
    if not b:
        result.problems.append(
            Problem(
                f"unknown dflint pragma `{m.group('body')}`: expected `ignore=CODES` or `ignore-file[=CODES]`",
                body_start,
                base + m.end("body"),
            )
        )
        return
    if b.group("verb").lower() != "ignore-file":
        return
    if not leading:
        result.problems.append(
            Problem(
                "`dflint: ignore-file` only works in the comments before the first instruction",
                body_start,
                base + m.end("body"),
            )
        )
        return
    if b.group("codes") is None:
        result.file_all = True
    else:
        refs = _codes(b.group("codes"), body_start + b.start("codes"))
        if not refs:
            result.problems.append(
                Problem("`dflint: ignore-file=` names no rule", body_start, base + m.end("body"))
            )
        result.file_codes += refs


def _line_level(text: str, base: int, result: Pragmas) -> list[CodeRef] | None:
    """The codes a comment above an instruction silences on it: [] for none, None for all."""
    m = _DFLINT.match(text)
    if m:
        b = _DFLINT_BODY.match(m.group("body"))
        if b and b.group("verb").lower() == "ignore":
            if b.group("codes") is None:
                return None
            refs = _codes(b.group("codes"), base + m.start("body") + b.start("codes"))
            if not refs:
                result.problems.append(
                    Problem("`dflint: ignore=` names no rule", base + m.start("body"), base + m.end("body"))
                )
            return refs
        return []
    m = _HADOLINT.match(text)
    if m and not m.group("global"):
        return _codes(m.group("codes"), base + m.start("codes"), foreign=True)
    m = _CHECK.match(text)
    if m:
        skip = _check_skip(m.group("body"), base + m.start("body"))
        if skip:
            return None if skip[0] else skip[1]
    return []
