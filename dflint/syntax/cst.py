"""The lossless, typed Dockerfile tree.

Modelled on LibCST: nodes are frozen dataclasses with slots; every byte of the source
belongs to exactly one node (the ``#:`` comment on each field says which); printing
the tree (``Dockerfile.code``) gives the source back byte for byte; changes are made
with :meth:`Node.with_changes` and :meth:`Node.deep_replace`, or with a
:class:`dflint.syntax.visit.Transformer`. Nodes compare and hash by identity, so
they can key metadata such as positions (:mod:`dflint.syntax.positions`);
:meth:`Node.deep_equals` compares structure.

Text fields hold the source exactly as written, continuations included (a
continuation is the escape character at the end of a line, its line end, and the
comment and empty lines BuildKit skips after it). The ``value``-like properties give
the text as BuildKit sees it, with continuations removed; see
:mod:`dflint.syntax.buildkit` for how each instruction splits its arguments.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar, Union

from dflint.syntax import buildkit as bk

if TYPE_CHECKING:
    from dflint.syntax.visit import Visitor

_BLANK = r"[^\S\n\x1c-\x1f]"  # Go's unicode.IsSpace (Python's \s without \x1c-\x1f), not "\n"
_SKIPPED_LINE = _BLANK + r"*(?:#[^\n]*)?(?:\n|\Z)"
_NOT_SKIPPED = r"(?!" + _BLANK + r"*[#\n]|" + _BLANK + r"+\Z)"
#: A line continuation inside the text of a token. Within a token a line end can only
#: belong to a continuation, so the pattern does not need to know which character the
#: escape directive chose; and a token never ends a file inside a continuation, so
#: its end is not the end of the file (no ``\Z`` here).
CONTINUATION = re.compile(
    r"(?:(?<!\\)\\|(?<!`)`)[ \t]*\r*\n(?:" + _BLANK + r"*(?:#[^\n]*)?\n)*(?!" + _BLANK + r"*[#\n])"
)


def logical(raw: str) -> str:
    """``raw`` with its continuations removed: the text as BuildKit joins it."""
    if "\n" not in raw:
        return raw
    return CONTINUATION.sub("", raw)


def logical_segments(raw: str) -> tuple[str, list[tuple[int, int, int]]]:
    """:func:`logical` and where its pieces come from.

    Returns the logical text and its segments ``(logical_start, raw_start, length)``:
    runs of characters copied unchanged from ``raw``, in order.
    """
    if "\n" not in raw:
        return raw, [(0, 0, len(raw))]
    parts: list[str] = []
    segments: list[tuple[int, int, int]] = []
    pos = at = 0
    for m in CONTINUATION.finditer(raw):
        chunk = raw[pos : m.start()]
        segments.append((at, pos, len(chunk)))
        parts.append(chunk)
        at += len(chunk)
        pos = m.end()
    segments.append((at, pos, len(raw) - pos))
    parts.append(raw[pos:])
    return "".join(parts), segments


#: A continuation anywhere in an instruction's text, including one at the end of the file.
_ANY_CONTINUATION = re.compile(
    r"(?:(?<!\\)\\|(?<!`)`)[ \t]*\r*(?:\n(?:" + _SKIPPED_LINE + r")*" + _NOT_SKIPPED + r"|\Z)"
)
_SKIPPED_LINES = re.compile(_SKIPPED_LINE)


@dataclass(frozen=True, slots=True)
class SkippedLine:
    """A line BuildKit skips after a continuation."""

    kind: str  #: "comment" or "empty"
    start: int  #: offset in the instruction's text (see :attr:`Continuation.start`)
    end: int


@dataclass(frozen=True, slots=True)
class Continuation:
    """A line continuation: the escape, blanks, line end, and the lines skipped after it.

    Offsets count from the start of the instruction's text: its ``indent`` (leading
    lines are not included).
    """

    start: int
    end: int
    skipped: tuple[SkippedLine, ...]


def _skipped_lines(text: str, start: int, end: int) -> list[SkippedLine]:
    first = text.find("\n", start, end) + 1
    if first == 0:
        return []
    out = []
    for m in _SKIPPED_LINES.finditer(text, first, end):
        if m.start() == m.end():
            break
        kind = "comment" if "#" in m.group() else "empty"
        out.append(SkippedLine(kind, m.start(), m.end()))
    return out


def _text_part(instr: Instruction) -> str:
    """The instruction's text from its indent through its trailing blanks."""
    out: list[str] = [instr.indent]
    for name in instr._order[2:]:
        if name in ("newline", "heredocs"):
            break
        value = getattr(instr, name)
        if isinstance(value, str):
            out.append(value)
        elif isinstance(value, Node):
            if isinstance(value, Instruction):  # an ONBUILD trigger owns the line end
                out.append(_text_part(value))
            else:
                value._codegen(out)
        elif value is not None:
            for item in value:
                item._codegen(out)
    return "".join(out)


N = TypeVar("N", bound="Node")


class _Removal:
    """Return :data:`REMOVE` from a transformer's ``leave_`` method to drop a node."""

    _instance: ClassVar[_Removal | None] = None

    def __repr__(self) -> str:
        return "REMOVE"


REMOVE = _Removal()


@dataclass(frozen=True, slots=True, eq=False, kw_only=True)
class Node:
    """Base of all nodes."""

    #: The fields in source order; code generation and traversal follow it.
    _order: ClassVar[tuple[str, ...]] = ()

    def _codegen(self, out: list[str]) -> None:
        for name in self._order:
            value = getattr(self, name)
            if value is None:
                continue
            if isinstance(value, str):
                out.append(value)
            elif isinstance(value, Node):
                value._codegen(out)
            else:
                for item in value:
                    if isinstance(item, str):
                        out.append(item)
                    else:
                        item._codegen(out)

    @property
    def code(self) -> str:
        """The source text this node owns."""
        out: list[str] = []
        self._codegen(out)
        return "".join(out)

    def children(self) -> Iterator[Node]:
        """The child nodes, in source order."""
        for name in self._order:
            value = getattr(self, name)
            if isinstance(value, Node):
                yield value
            elif isinstance(value, tuple):
                for item in value:
                    if isinstance(item, Node):
                        yield item

    def walk(self) -> Iterator[Node]:
        """This node and all nodes below it, in source order."""
        stack: list[Node] = [self]
        while stack:
            node = stack.pop()
            yield node
            stack.extend(reversed(list(node.children())))

    def with_changes(self: N, **changes: Any) -> N:
        """A copy of this node with some fields replaced."""
        return dataclasses.replace(self, **changes)

    def deep_replace(self: N, old: Node, new: Node | _Removal) -> N:
        """A copy of this tree with the node ``old`` (by identity) replaced."""
        from dflint.syntax.visit import Transformer

        class _Replace(Transformer):
            def on_leave(self, original: Node, updated: Node) -> Node | _Removal:
                return new if original is old else updated

        return self.visit(_Replace())  # type: ignore[return-value]

    def deep_equals(self, other: object) -> bool:
        """Structural equality (``==`` compares identity)."""
        if type(self) is not type(other):
            return False
        for f in dataclasses.fields(self):
            a, b = getattr(self, f.name), getattr(other, f.name)
            if isinstance(a, Node):
                if not a.deep_equals(b):
                    return False
            elif isinstance(a, tuple) and isinstance(b, tuple):
                if len(a) != len(b):
                    return False
                for x, y in zip(a, b, strict=True):
                    if isinstance(x, Node):
                        if not x.deep_equals(y):
                            return False
                    elif x != y:
                        return False
            elif a != b:
                return False
        return True

    def visit(self, visitor: Visitor) -> Node | _Removal:
        """Visit this node and its children (LibCST's protocol)."""
        if visitor.on_visit(self):
            updated = self._visit_children(visitor)
        else:
            updated = self
        return visitor.on_leave(self, updated)

    def _visit_children(self: N, visitor: Visitor) -> N:
        changes: dict[str, Any] = {}
        for name in self._order:
            value = getattr(self, name)
            if isinstance(value, Node):
                new = value.visit(visitor)
                if new is not value:
                    changes[name] = None if new is REMOVE else new
            elif isinstance(value, tuple) and value and not isinstance(value[0], str):
                items = []
                changed = False
                for item in value:
                    new = item.visit(visitor)
                    if new is not item:
                        changed = True
                    if new is not REMOVE:
                        items.append(new)
                if changed:
                    changes[name] = tuple(items)
        return dataclasses.replace(self, **changes) if changes else self


# -- lines -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, eq=False, kw_only=True)
class EmptyLine(Node):
    """A line with nothing but blanks."""

    whitespace: str = ""  #: the blanks
    newline: str = "\n"  #: the line end ("\n", "\r\n", or "" at the end of the file)

    _order = ("whitespace", "newline")


@dataclass(frozen=True, slots=True, eq=False, kw_only=True)
class Comment(Node):
    """A comment line."""

    indent: str = ""  #: blanks before the "#"
    text: str  #: from the "#" to the end of the line, without the line end
    newline: str = "\n"  #: the line end

    _order = ("indent", "text", "newline")

    @property
    def value(self) -> str:
        """The comment without its "#" and surrounding blanks."""
        return bk.trim_space(self.text[1:])


@dataclass(frozen=True, slots=True, eq=False, kw_only=True)
class Directive(Node):
    """A parser directive in the leading block: ``# syntax=...``, ``# escape=...``, ``# check=...``."""

    indent: str = ""  #: blanks before the "#"
    text: str  #: from the "#" to the end of the line, without the line end
    newline: str = "\n"  #: the line end

    _order = ("indent", "text", "newline")

    @property
    def name(self) -> str:
        m = bk.RE_DIRECTIVE.match(self.text.rstrip("\r"))
        return m.group(1).lower() if m else ""

    @property
    def value(self) -> str:
        m = bk.RE_DIRECTIVE.match(self.text.rstrip("\r"))
        return m.group(2) if m else ""


EmptyOrComment = Union[EmptyLine, Comment]


# -- parts of instructions ------------------------------------------------------------


@dataclass(frozen=True, slots=True, eq=False, kw_only=True)
class Keyword(Node):
    """The instruction word, as written (``RUN``, ``run``, ``Run``)."""

    raw: str  #: the word

    _order = ("raw",)

    @property
    def value(self) -> str:
        return logical(self.raw)

    @property
    def name(self) -> str:
        """The instruction name, lower-cased: what BuildKit dispatches on."""
        return bk.go_lower(logical(self.raw))


@dataclass(frozen=True, slots=True, eq=False, kw_only=True)
class Flag(Node):
    """A builder flag (``--from=build``, ``--link``), or the ``--`` that ends the flags."""

    whitespace_before: str = " "  #: blanks before the flag
    raw: str  #: the flag as written

    _order = ("whitespace_before", "raw")

    @property
    def text(self) -> str | None:
        """The flag as BuildKit keeps it (quotes removed, escapes applied), or None for ``--``.

        BuildKit always escapes with ``\\`` in flags, whatever the escape directive.
        """
        return bk.flag_word(logical(self.raw))

    @property
    def is_terminator(self) -> bool:
        return self.text is None

    @property
    def name(self) -> str:
        """The flag name without ``--``: ``from`` in ``--from=build``."""
        text = self.text
        return "" if text is None else text[2:].split("=", 1)[0]

    @property
    def value(self) -> str | None:
        """The text after the first ``=``, or None when there is no ``=``."""
        text = self.text
        if text is None or "=" not in text:
            return None
        return text.split("=", 1)[1]


@dataclass(frozen=True, slots=True, eq=False, kw_only=True)
class Word(Node):
    """A piece of argument text: a whitespace-separated word, a key, a value, a string."""

    whitespace_before: str = " "  #: blanks before the word
    raw: str  #: the word as written

    _order = ("whitespace_before", "raw")

    @property
    def value(self) -> str:
        """The word with continuations removed (quotes and escapes kept, as in BuildKit's AST)."""
        return logical(self.raw)


@dataclass(frozen=True, slots=True, eq=False, kw_only=True)
class ShellForm(Node):
    """A command in shell form: the rest of the line, run by the shell."""

    whitespace_before: str = " "  #: blanks before the command
    raw: str  #: the command as written, continuations included

    _order = ("whitespace_before", "raw")

    @property
    def command(self) -> str:
        """The command exactly as BuildKit hands it to the shell."""
        return logical(self.raw)


@dataclass(frozen=True, slots=True, eq=False, kw_only=True)
class ExecArg(Node):
    """One string of an exec-form (JSON) array."""

    whitespace_before: str = ""  #: blanks before the string
    raw: str  #: the JSON string literal, quotes included
    whitespace_before_comma: str = ""  #: blanks between the string and its comma
    comma: str = ""  #: "," or "" for the last element

    _order = ("whitespace_before", "raw", "whitespace_before_comma", "comma")

    @property
    def value(self) -> str:
        """The decoded string."""
        decoded = json.loads(logical(self.raw))
        return bk._SURROGATE.sub("\ufffd", decoded) if not decoded.isascii() else decoded


@dataclass(frozen=True, slots=True, eq=False, kw_only=True)
class ExecForm(Node):
    """Arguments in exec form: a JSON array of strings."""

    whitespace_before: str = " "  #: blanks before "["
    open_bracket: str = "["
    elements: tuple[ExecArg, ...] = ()
    whitespace_before_close: str = ""  #: blanks before "]"
    close_bracket: str = "]"

    _order = ("whitespace_before", "open_bracket", "elements", "whitespace_before_close", "close_bracket")

    @property
    def argv(self) -> list[str]:
        return [e.value for e in self.elements]


@dataclass(frozen=True, slots=True, eq=False, kw_only=True)
class KeyValue(Node):
    """An ENV or LABEL pair: ``key=value``, or the legacy ``KEY value``."""

    whitespace_before: str = " "  #: blanks before the key
    key: Word  #: the key (its ``whitespace_before`` is empty)
    #: "=" for ``key=value``; the blanks between key and value in the legacy form.
    separator: str = "="
    value: Word  #: the value, raw: quotes and escapes are kept

    _order = ("whitespace_before", "key", "separator", "value")

    @property
    def is_legacy(self) -> bool:
        return self.separator != "="


@dataclass(frozen=True, slots=True, eq=False, kw_only=True)
class ArgDeclaration(Node):
    """One name of an ARG instruction, with its default value if it has one."""

    whitespace_before: str = " "  #: blanks before the name
    name: Word  #: the name
    equals: str = ""  #: "=" or "" when there is no default
    default: Word | None = None  #: the default value, raw

    _order = ("whitespace_before", "name", "equals", "default")


@dataclass(frozen=True, slots=True, eq=False, kw_only=True)
class HeredocBody(Node):
    """The lines of a heredoc after its instruction, and its terminator line."""

    content: str  #: the body lines, line ends included
    terminator: str  #: the terminator line, its line end included

    _order = ("content", "terminator")


@dataclass(frozen=True, slots=True)
class Heredoc:
    """A heredoc with what BuildKit knows of it (``parser.Heredoc``)."""

    name: str
    file_descriptor: int
    expand: bool
    chomp: bool
    content: str  #: raw: leading tabs are not removed even when ``chomp`` is set
    body: HeredocBody


# -- instructions ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True, eq=False, kw_only=True)
class Instruction(Node):
    """Fields every instruction has. The argument fields come between ``flags`` and
    ``trailing_whitespace``."""

    #: Blank and comment lines between the previous instruction and this one.
    leading_lines: tuple[EmptyOrComment, ...] = ()
    #: Blanks before the keyword; for an ONBUILD trigger, the blanks after ONBUILD.
    indent: str = ""
    keyword: Keyword
    flags: tuple[Flag, ...] = ()
    #: Blanks and continuations after the last argument (for ARG, ENV and LABEL also an
    #: escape character that ends the line, which BuildKit drops).
    trailing_whitespace: str = ""
    newline: str = "\n"  #: the line end ("" at the end of the file)

    #: The argument fields of a concrete instruction, in source order.
    _arguments: ClassVar[tuple[str, ...]] = ()
    #: Whether heredoc bodies follow the line end (RUN, COPY, ADD).
    _carries_heredocs: ClassVar[bool] = False
    _order = ("leading_lines", "indent", "keyword", "flags", "trailing_whitespace", "newline")

    def __init_subclass__(cls, **kwargs: Any) -> None:
        # (no super() call: slotted dataclasses are re-created, which breaks its cell)
        cls._order = (
            "leading_lines",
            "indent",
            "keyword",
            "flags",
            *cls._arguments,
            "trailing_whitespace",
            "newline",
            *(("heredocs",) if cls._carries_heredocs else ()),
        )

    @property
    def name(self) -> str:
        """The lower-cased instruction name (``run``)."""
        return self.keyword.name

    @property
    def builder_flags(self) -> list[str]:
        """The flags as BuildKit's AST keeps them (``Node.Flags``)."""
        return [t for t in (f.text for f in self.flags) if t is not None]

    def flags_named(self, name: str) -> list[Flag]:
        return [f for f in self.flags if f.name == name]

    def flag(self, name: str) -> Flag | None:
        """The last flag with this name (the one BuildKit uses), if any."""
        found = self.flags_named(name)
        return found[-1] if found else None

    @property
    def prev_comment(self) -> list[str]:
        """BuildKit's ``Node.PrevComment``: the comments above this instruction.

        The comment lines since the previous instruction (blank lines do not break
        them; an empty ``#`` line starts the list again), each with its first byte
        and surrounding blanks removed, as BuildKit does (so an indented ``  # x``
        gives ``# x``). Used for stage and ARG descriptions.
        """
        out: list[str] = []
        for line in self.leading_lines:
            if isinstance(line, Comment):
                raw = (line.indent + line.text).encode("utf-8", "surrogateescape")[1:]
                comment = bk.trim_space(raw.decode("utf-8", "surrogateescape"))
                if comment:
                    out.append(comment)
                else:
                    out = []
        return out

    @property
    def continuations(self) -> list[Continuation]:
        """The line continuations in this instruction's text, in order."""
        code = _text_part(self)
        return [
            Continuation(m.start(), m.end(), tuple(_skipped_lines(code, m.start(), m.end())))
            for m in _ANY_CONTINUATION.finditer(code)
        ]

    @property
    def has_empty_continuation_line(self) -> bool:
        """Whether an empty line follows a continuation (BuildKit's NoEmptyContinuation)."""
        return any(line.kind == "empty" for c in self.continuations for line in c.skipped)

    @property
    def logical_line(self) -> str:
        """The instruction's joined line, from its keyword to its last argument."""
        out: list[str] = []
        self.keyword._codegen(out)
        for f in self.flags:
            f._codegen(out)
        for name in self._arguments:
            value = getattr(self, name)
            if isinstance(value, Node):
                value._codegen(out)
            elif isinstance(value, tuple):
                for item in value:
                    item._codegen(out)
        return logical("".join(out))

    @property
    def argument_values(self) -> list[str]:
        """The argument nodes of BuildKit's AST (``Node.Next``), as strings."""
        return []


@dataclass(frozen=True, slots=True, eq=False, kw_only=True)
class _CommandInstruction(Instruction):
    arguments: ShellForm | ExecForm | None = None

    _arguments = ("arguments",)

    @property
    def form(self) -> str | None:
        """``"exec"``, ``"shell"``, or None when there are no arguments."""
        if isinstance(self.arguments, ExecForm):
            return "exec"
        if isinstance(self.arguments, ShellForm):
            return "shell"
        return None

    @property
    def argv(self) -> list[str] | None:
        """The exec-form arguments, or None in shell form."""
        return self.arguments.argv if isinstance(self.arguments, ExecForm) else None

    @property
    def command(self) -> str | None:
        """The shell-form command as BuildKit passes it to the shell, or None."""
        return self.arguments.command if isinstance(self.arguments, ShellForm) else None

    @property
    def argument_values(self) -> list[str]:
        if isinstance(self.arguments, ExecForm):
            return self.arguments.argv
        if isinstance(self.arguments, ShellForm):
            return [self.arguments.command]
        return []


@dataclass(frozen=True, slots=True, eq=False, kw_only=True)
class _HeredocHost:
    """Mixin for the instructions that can carry heredocs."""

    _carries_heredocs: ClassVar[bool] = True

    @property
    def heredoc_documents(self) -> list[Heredoc]:
        """The heredocs with their names, flags and contents."""
        bodies = self.heredocs  # type: ignore[attr-defined]
        if not bodies:
            return []
        specs = bk.heredocs_from_line(self.logical_line)  # type: ignore[attr-defined]
        return [
            Heredoc(s.name, s.file_descriptor, s.expand, s.chomp, b.content, b)
            for s, b in zip(specs, bodies, strict=False)
        ]


@dataclass(frozen=True, slots=True, eq=False, kw_only=True)
class Run(_HeredocHost, _CommandInstruction):
    heredocs: tuple[HeredocBody, ...] = ()


@dataclass(frozen=True, slots=True, eq=False, kw_only=True)
class Cmd(_CommandInstruction):
    pass


@dataclass(frozen=True, slots=True, eq=False, kw_only=True)
class Entrypoint(_CommandInstruction):
    pass


@dataclass(frozen=True, slots=True, eq=False, kw_only=True)
class Shell(_CommandInstruction):
    pass


@dataclass(frozen=True, slots=True, eq=False, kw_only=True)
class _PathsInstruction(Instruction):
    #: An exec-form array, or the words of the shell form.
    arguments: ExecForm | tuple[Word, ...] = ()

    _arguments = ("arguments",)

    @property
    def values(self) -> list[str]:
        if isinstance(self.arguments, ExecForm):
            return self.arguments.argv
        return [w.value for w in self.arguments]

    @property
    def argument_values(self) -> list[str]:
        return self.values


@dataclass(frozen=True, slots=True, eq=False, kw_only=True)
class Copy(_HeredocHost, _PathsInstruction):
    heredocs: tuple[HeredocBody, ...] = ()

    @property
    def sources(self) -> list[str]:
        return self.values[:-1]

    @property
    def destination(self) -> str | None:
        values = self.values
        return values[-1] if len(values) >= 2 else None


@dataclass(frozen=True, slots=True, eq=False, kw_only=True)
class Add(Copy):
    pass


@dataclass(frozen=True, slots=True, eq=False, kw_only=True)
class Volume(_PathsInstruction):
    pass


@dataclass(frozen=True, slots=True, eq=False, kw_only=True)
class From(Instruction):
    arguments: tuple[Word, ...] = ()  #: ``image``, or ``image AS name`` (BuildKit accepts any count)

    _arguments = ("arguments",)

    @property
    def image(self) -> str | None:
        return self.arguments[0].value if self.arguments else None

    @property
    def as_keyword(self) -> Word | None:
        if len(self.arguments) == 3 and self.arguments[1].value.lower() == "as":
            return self.arguments[1]
        return None

    @property
    def stage_name_word(self) -> Word | None:
        return self.arguments[2] if self.as_keyword is not None else None

    @property
    def stage_name(self) -> str | None:
        """The stage name as written (BuildKit compares it lower-cased)."""
        word = self.stage_name_word
        return word.value if word is not None else None

    @property
    def platform(self) -> str | None:
        flag = self.flag("platform")
        return flag.value if flag is not None else None

    @property
    def argument_values(self) -> list[str]:
        return [w.value for w in self.arguments]


@dataclass(frozen=True, slots=True, eq=False, kw_only=True)
class Expose(Instruction):
    ports: tuple[Word, ...] = ()

    _arguments = ("ports",)

    @property
    def argument_values(self) -> list[str]:
        return [w.value for w in self.ports]


@dataclass(frozen=True, slots=True, eq=False, kw_only=True)
class _PairsInstruction(Instruction):
    pairs: tuple[KeyValue, ...] = ()

    _arguments = ("pairs",)

    @property
    def argument_values(self) -> list[str]:
        out = []
        for p in self.pairs:
            out += [p.key.value, p.value.value, "=" if not p.is_legacy else ""]
        return out


@dataclass(frozen=True, slots=True, eq=False, kw_only=True)
class Env(_PairsInstruction):
    pass


@dataclass(frozen=True, slots=True, eq=False, kw_only=True)
class Label(_PairsInstruction):
    pass


@dataclass(frozen=True, slots=True, eq=False, kw_only=True)
class Arg(Instruction):
    declarations: tuple[ArgDeclaration, ...] = ()

    _arguments = ("declarations",)

    @property
    def argument_values(self) -> list[str]:
        return [logical(d.code[len(d.whitespace_before) :]) for d in self.declarations]


@dataclass(frozen=True, slots=True, eq=False, kw_only=True)
class _StringInstruction(Instruction):
    argument: Word | None = None  #: the rest of the line

    _arguments = ("argument",)

    @property
    def value(self) -> str | None:
        return self.argument.value if self.argument is not None else None

    @property
    def argument_values(self) -> list[str]:
        return [self.argument.value] if self.argument is not None else []


@dataclass(frozen=True, slots=True, eq=False, kw_only=True)
class Maintainer(_StringInstruction):
    pass


@dataclass(frozen=True, slots=True, eq=False, kw_only=True)
class User(_StringInstruction):
    pass


@dataclass(frozen=True, slots=True, eq=False, kw_only=True)
class Workdir(_StringInstruction):
    pass


@dataclass(frozen=True, slots=True, eq=False, kw_only=True)
class Stopsignal(_StringInstruction):
    pass


@dataclass(frozen=True, slots=True, eq=False, kw_only=True)
class Unknown(_StringInstruction):
    """An instruction BuildKit's parser accepts but does not know (a rule flags it)."""

    @property
    def argument_values(self) -> list[str]:
        return [""]  # parseIgnore


@dataclass(frozen=True, slots=True, eq=False, kw_only=True)
class Healthcheck(Instruction):
    kind: Word | None = None  #: ``CMD``, ``NONE`` (or anything else: an error later)
    arguments: ShellForm | ExecForm | None = None

    _arguments = ("kind", "arguments")

    @property
    def argument_values(self) -> list[str]:
        if self.kind is None:
            return []
        out = [bk.health_type(self.kind.value)]
        if isinstance(self.arguments, ExecForm):
            out += self.arguments.argv
        elif isinstance(self.arguments, ShellForm):
            out.append(self.arguments.command)
        return out


@dataclass(frozen=True, slots=True, eq=False, kw_only=True)
class Onbuild(Instruction):
    """ONBUILD; the trigger owns the end of the line (and any heredocs)."""

    trigger: Instruction | None = None

    _arguments = ("trigger",)

    @property
    def logical_line(self) -> str:
        out: list[str] = []
        self.keyword._codegen(out)
        for f in self.flags:
            f._codegen(out)
        if self.trigger is not None:
            out.append(self.trigger.indent)
            out.append(self.trigger.logical_line)
        return logical("".join(out))


INSTRUCTION_CLASSES: dict[str, type[Instruction]] = {
    "add": Add,
    "arg": Arg,
    "cmd": Cmd,
    "copy": Copy,
    "entrypoint": Entrypoint,
    "env": Env,
    "expose": Expose,
    "from": From,
    "healthcheck": Healthcheck,
    "label": Label,
    "maintainer": Maintainer,
    "onbuild": Onbuild,
    "run": Run,
    "shell": Shell,
    "stopsignal": Stopsignal,
    "user": User,
    "volume": Volume,
    "workdir": Workdir,
}


@dataclass(frozen=True, slots=True)
class ParseWarning:
    """A warning of BuildKit's parser (today only: an empty continuation line)."""

    instruction: Instruction  #: BuildKit reports it at the instruction's last line
    short: str
    detail: str


@dataclass(frozen=True, slots=True, eq=False, kw_only=True)
class Dockerfile(Node):
    """A whole Dockerfile."""

    bom: str = ""  #: a UTF-8 byte-order mark, if the file starts with one
    directives: tuple[Directive, ...] = ()  #: the leading parser directives
    instructions: tuple[Instruction, ...] = ()  #: each with the lines before it
    footer: tuple[EmptyOrComment, ...] = ()  #: lines after the last instruction

    _order = ("bom", "directives", "instructions", "footer")

    @property
    def escape(self) -> str:
        """The escape character (``\\`` unless an ``escape`` directive says `````)."""
        for d in self.directives:
            if d.name == "escape":
                return d.value
        return "\\"

    @property
    def parse_warnings(self) -> list[ParseWarning]:
        """The warnings BuildKit's parser gives (``Result.Warnings``), in order."""
        return [
            ParseWarning(
                i,
                "Empty continuation line found in: " + i.logical_line,
                "Empty continuation lines will become errors in a future release",
            )
            for i in self.instructions
            if i.has_empty_continuation_line
        ]

    def directive(self, name: str) -> Directive | None:
        for d in self.directives:
            if d.name == name:
                return d
        return None
