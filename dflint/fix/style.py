"""The file's own style, for fixes that write text.

A fix writes what it adds the way the file around it is written: a keyword cased like
the instruction beside it or the one it replaces, the line end of the line it is on
(CRLF stays CRLF, also in a file whose heredocs end their lines otherwise), and a RUN's
script continued as it already is: ``&&`` at line starts or ends, ``;`` chains, the
indentation of the lines that start a command (tabs or spaces), the escape character,
and escapes aligned at one column, which an edit of a line keeps in their column.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from dflint.fix.edit import Edit


def keyword_like(like: str, name: str) -> str:
    """``name`` in the case of the keyword ``like``: ``RUN`` gives ``COPY``, ``run``
    gives ``copy``, and any other casing (``Run``) ``Copy``."""
    if like.isupper():
        return name.upper()
    if like.islower():
        return name.lower()
    return name.capitalize()


def line_end(text: str, at: int = 0) -> str:
    """The line end to write on the line holding offset ``at``: the one that ends it, or
    for a last line without one, the one of the line before; ``\\n`` for a file of one
    line."""
    end = text.find("\n", at)
    if end < 0:
        end = text.rfind("\n", 0, at)
        if end < 0:
            return "\n"
    return "\r\n" if text[end - 1 : end] == "\r" else "\n"


def line_start(text: str, offset: int) -> int:
    return text.rfind("\n", 0, offset) + 1


#: The end of a line after which the next line starts a command.
COMMAND_BREAKS = ("&&", ";", "||", "|")


@dataclass(frozen=True, slots=True)
class Layout:
    """How a shell script is laid out over its lines."""

    leading: bool  #: ``&&`` at line starts
    indent: str | None  #: of a line that starts a command (None: no such line)
    column: int | None  #: the 0-based column the escapes are aligned at, if they are
    #: the operator at the end of the first line after which a command starts (``&&``,
    #: ``;``, ``||``, ``|``); None when there is none, or ``&&`` is at line starts
    breaks: str | None = None


def layout(lines: list[str], escape: str) -> Layout:
    """The layout of a script from its physical ``lines`` (line ends removed; the first
    one from its line start, keyword included). Comment lines are skipped. The escapes
    count as aligned when every continued line ends with one in the same column and
    some line pads it with two or more blanks."""
    code = [line.rstrip() for line in lines if not line.lstrip().startswith("#")]
    leading = False
    indent = None
    breaks = None
    for before, line in itertools.pairwise(code):
        blanks = line[: len(line) - len(line.lstrip())]
        if line.lstrip().startswith("&&"):
            leading, indent = True, blanks
            break
        if before.endswith(escape):
            found = before[:-1].rstrip()
            operator = next((op for op in COMMAND_BREAKS if found.endswith(op)), None)
            if operator is not None:
                indent = blanks
                breaks = operator
                break
    columns = {len(line) - 1 for line in code[:-1] if line.endswith(escape)}
    padded = any(re.search(rf"[ \t]{{2}}{re.escape(escape)}$", line) for line in code[:-1])
    column = columns.pop() if len(columns) == 1 and padded else None
    return Layout(leading, indent, column, breaks)


def escape_padding(line: str, column: int | None) -> str:
    """The blanks to write between ``line`` (so far) and an escape that ends it: one,
    or as many as put the escape at ``column`` when the line is short enough."""
    if column is not None and len(line) + 1 <= column:
        return " " * (column - len(line))
    return " "


def quoted(text: str, start: int, at: int) -> bool:
    """Whether offset ``at`` of a shell script that starts at ``start`` is inside quotes
    (``'...'``, or ``"..."`` without ``\\"``), skipping the comment lines BuildKit drops
    after a continuation. A ``'`` in a ``# ...`` comment of the script itself can mislead
    it: callers use it only to leave text alone."""
    state = ""
    i = start
    while i < at:
        ch = text[i]
        if ch == "\n":
            end = text.find("\n", i + 1)
            end = len(text) if end < 0 else end
            if text[i + 1 : end].lstrip(" \t").startswith("#"):
                i = end
                continue
        elif ch == "\\" and state != "'" and text[i + 1 : i + 2] not in ("\n", "\r"):
            i += 1
        elif ch in "'\"" and state in ("", ch):
            state = "" if state else ch
        i += 1
    return bool(state)


#: the blanks that pad an escape ending a line, and what may follow it
_PADDED_ESCAPE = r"(?P<pad> {2,})%s[ \t]*\r?$"


def keep_columns(text: str, escape: str, *edits: Edit, since: int) -> tuple[Edit, ...]:
    """``edits``, and for each line they change whose escape is padded with two or more
    spaces (which says the file aligns its escapes), an edit of that padding that keeps
    the escape in its column: as many spaces removed as the edits add characters before
    it, or added as they remove. ``since`` is where the instruction (its script) starts:
    padding inside quotes is part of a string, and left alone. Edits that span lines are
    left as they are, and so is a line whose padding would have to shrink below one
    space."""
    pattern = re.compile(_PADDED_ESCAPE % re.escape(escape))
    growth: dict[tuple[int, int], int] = {}
    for edit in edits:
        if "\n" in edit.content or "\n" in text[edit.start : edit.end]:
            continue
        end = text.find("\n", edit.end)
        m = pattern.search(text, edit.end, len(text) if end < 0 else end)
        if m is not None and not quoted(text, since, m.start("pad")):
            growth[m.span("pad")] = growth.get(m.span("pad"), 0) + len(edit.content) - (edit.end - edit.start)
    padding = []
    for (start, end), grow in growth.items():
        if grow > 0 and end - start - grow >= 1:
            padding.append(Edit.deletion(end - grow, end))
        elif grow < 0:
            padding.append(Edit.insertion(end, " " * -grow))
    if any(p.start <= e.end and e.start <= p.end for p in padding for e in edits):
        return edits  # an edit reaches into the padding: it decides the layout there
    return (*edits, *padding)
