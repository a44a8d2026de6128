"""Positions of nodes, computed from code generation (LibCST's PositionProvider).

Positions are not stored in nodes: they are derived by printing the tree, so nodes a
transform makes get positions too. Lines and columns are 1-based; columns count
characters (code points); ``end`` is exclusive.

Two spans per node, as in LibCST: :meth:`Positions.span` is *syntactic* (it leaves out
the blanks, lines and line ends a node owns before and after its text, so a flag's span
is ``--from=build`` without the blank before it, and an instruction's span runs from
its keyword to its last argument); :meth:`Positions.full_span` covers every byte the
node owns.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from dflint.syntax.cst import Instruction, Node

#: Fields that hold what comes before a node's own text.
_LEADING = frozenset({"leading_lines", "indent", "whitespace_before"})
#: Fields that hold what comes after it.
_TRAILING = frozenset({"trailing_whitespace", "newline", "heredocs", "whitespace_before_comma", "comma"})


@dataclass(frozen=True, slots=True)
class Position:
    line: int  #: 1-based
    column: int  #: 1-based, in characters
    offset: int  #: 0-based character offset in the file


@dataclass(frozen=True, slots=True)
class Span:
    start: Position
    end: Position  #: just past the last character

    @property
    def last_line(self) -> int:
        """The line of the last character (``end.line`` unless the span ends a line)."""
        if self.end.offset > self.start.offset and self.end.column == 1:
            return self.end.line - 1
        return self.end.line


class Positions:
    """Spans of every node of a tree."""

    def __init__(self, root: Node) -> None:
        self._full: dict[int, tuple[int, int]] = {}
        self._syntactic: dict[int, tuple[int, int]] = {}
        self._nodes: list[Node] = []  # keeps the nodes alive, so their ids stay unique
        parts: list[str] = []
        self._walk(root, parts, 0)
        self.code = "".join(parts)
        self._line_starts = [0]
        find = self.code.find
        i = find("\n")
        while i >= 0:
            self._line_starts.append(i + 1)
            i = find("\n", i + 1)

    def _walk(self, node: Node, parts: list[str], pos: int) -> int:
        start = pos
        syn_start = syn_end = -1
        for name in node._order:
            value = getattr(node, name)
            if value is None or value == "" or value == ():
                continue
            pieces: list[tuple[int, int]] = []
            if isinstance(value, str):
                parts.append(value)
                pieces.append((pos, pos + len(value)))
                pos += len(value)
            elif isinstance(value, Node):
                pos = self._walk(value, parts, pos)
                pieces.append(self._syntactic[id(value)])
            else:
                for item in value:
                    if isinstance(item, str):
                        parts.append(item)
                        pieces.append((pos, pos + len(item)))
                        pos += len(item)
                    else:
                        pos = self._walk(item, parts, pos)
                        pieces.append(self._syntactic[id(item)])
            if name in _LEADING or name in _TRAILING:
                continue
            if syn_start < 0:
                syn_start = pieces[0][0]
            syn_end = pieces[-1][1]
        if syn_start < 0:
            syn_start = syn_end = start
        key = id(node)
        self._full[key] = (start, pos)
        self._syntactic[key] = (syn_start, syn_end)
        self._nodes.append(node)
        return pos

    def position(self, offset: int) -> Position:
        line = bisect.bisect_right(self._line_starts, offset)
        return Position(line, offset - self._line_starts[line - 1] + 1, offset)

    def _lookup(self, table: dict[int, tuple[int, int]], node: Node) -> Span:
        try:
            start, end = table[id(node)]
        except KeyError:
            raise KeyError(f"{type(node).__name__} is not in this tree") from None
        return Span(self.position(start), self.position(end))

    def span(self, node: Node) -> Span:
        """The node's own text: what a diagnostic should point at."""
        return self._lookup(self._syntactic, node)

    def full_span(self, node: Node) -> Span:
        """Every byte the node owns (leading lines, blanks and line end included)."""
        return self._lookup(self._full, node)

    def instruction_lines(self, instr: Instruction) -> tuple[int, int]:
        """BuildKit's ``StartLine`` and ``EndLine`` of an instruction.

        From its first physical line (a line holding only a continuation counts) to its
        last one, heredoc bodies and skipped continuation lines included.
        """
        start, end = self._full[id(instr)]
        start += sum(len(line.code) for line in instr.leading_lines)
        return self.position(start).line, Span(self.position(start), self.position(end)).last_line
