"""RUN commands as the shell sees them: simple commands with exact spans.

BuildKit hands a shell-form RUN to the stage's shell (``/bin/sh -c`` unless SHELL
says otherwise) as one string: the instruction's logical line, continuations and
the comment lines between them removed. With heredocs it hands over either the
single heredoc's body as the script (``RUN <<EOF``; a ``#!`` line picks another
interpreter) or the line followed by the bodies, so that the shell reads the
heredocs itself (dockerfile2llb ``dispatchRun``).

This module rebuilds that script, parses it with tree-sitter-bash, and returns its
simple commands: argv words with their static value where quoting allows (``$VAR``
kept symbolic), assignments, redirections, the operator joining each command to the
one before, and the constructs around it (subshells, groups, ``if``, loops,
functions, ``$(...)``, and ``sh -c '...'`` parsed again). Every word carries its
span as offsets into the Dockerfile's text, through continuations, skipped comment
lines and heredoc bodies, so a fix can edit it. Shell syntax errors are returned,
located, never hidden.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from dflint.syntax import buildkit as bk
from dflint.syntax import cst
from dflint.syntax.positions import Positions

if TYPE_CHECKING:
    from tree_sitter import Node as TSNode

#: Shells whose scripts dflint parses (by the basename of SHELL's first word).
POSIX_SHELLS = frozenset({"sh", "bash", "ash", "dash", "ksh", "mksh", "zsh", "busybox"})
#: Shells that are recognised and left alone by shell rules.
OTHER_SHELLS = frozenset({"cmd", "cmd.exe", "powershell", "powershell.exe", "pwsh", "pwsh.exe"})
DEFAULT_SHELL = ("/bin/sh", "-c")
_MAX_DEPTH = 4  # sh -c "sh -c '...'" nesting parsed again


#: Tokens that open a construct, and the tokens that may close it (tree-sitter-bash types).
_CLOSERS: dict[str, tuple[str, ...]] = {
    "if": ("fi",),
    "case": ("esac",),
    "for": ("done",),
    "while": ("done",),
    "until": ("done",),
    "select": ("done",),
    "do": ("done",),
    "{": ("}",),
    "(": (")",),
    "$(": (")",),
    "((": ("))",),
    "[[": ("]]",),
    '"': ('"',),
    "`": ("`",),
}
#: Reserved words that cannot start a command: a syntax error in sh, a command name to
#: tree-sitter-bash.
_CLOSING_WORDS = frozenset({"then", "else", "elif", "fi", "do", "done", "esac", "}"})
#: Tokens that cannot begin what an ERROR node holds.
_UNEXPECTED = frozenset({"&&", "||", "|", "|&", ";", ";;", "&", ")", *_CLOSING_WORDS})
#: Compound commands (tree-sitter-bash types).
_COMPOUND = frozenset(
    {
        "if_statement",
        "for_statement",
        "c_style_for_statement",
        "while_statement",
        "case_statement",
        "subshell",
        "compound_statement",
        "redirected_statement",
    }
)
#: A blank, then (after more blanks) a closing reserved word: what may follow a
#: compound command without a separator in sh.
_CLOSING_WORD_AHEAD = re.compile(
    rb"[ \t\n](?=[ \t\n]*(?:"
    + b"|".join(re.escape(w.encode()) for w in sorted(_CLOSING_WORDS))
    + rb")(?:[ \t\n;&|()<>]|$))"
)
_MAX_REPAIRS = 8  # rounds of re-parsing after repairs


# -- results --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ShellWord:
    """One word of a command, as written and as the shell would see it."""

    source: str  #: the word in the script (continuations removed)
    value: str | None  #: its text after quote removal, or None when it expands at run time
    symbolic: str  #: quote removal applied, ``$VAR``/``$(...)`` kept as written
    start: int  #: offset of its first character in the Dockerfile
    end: int  #: offset just past its last character

    @property
    def is_static(self) -> bool:
        return self.value is not None


@dataclass(frozen=True, slots=True)
class Assignment:
    """``NAME=value`` before a command (or alone)."""

    name: str
    value: ShellWord | None
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Redirect:
    """``> file``, ``2>&1``, ``< in``, ``<<EOF``, ``<<< word``."""

    operator: str
    descriptor: str | None
    target: ShellWord | None  #: the file, or the heredoc's delimiter
    start: int
    end: int
    #: For a heredoc of a RUN line, the body BuildKit found (its text and place).
    heredoc: _HeredocOperator | None = None


@dataclass(frozen=True, slots=True)
class SimpleCommand:
    """A simple command: assignments, argv, redirections."""

    words: tuple[ShellWord, ...]
    assignments: tuple[Assignment, ...]
    redirects: tuple[Redirect, ...]
    #: The operator joining it to the command before it: "&&", "||", ";", "|", "|&",
    #: "&", or None for the first command of its script.
    connector: str | None
    #: The constructs around it, outermost first: "subshell", "group", "if", "while",
    #: "for", "case", "function", "substitution", "sh -c", "negated".
    context: tuple[str, ...]
    start: int
    end: int

    @property
    def argv(self) -> list[str | None]:
        return [w.value for w in self.words]

    @property
    def name(self) -> str | None:
        """The command's basename (``apt-get`` for ``/usr/bin/apt-get``), if static."""
        if not self.words or self.words[0].value is None:
            return None
        return self.words[0].value.rsplit("/", 1)[-1]


@dataclass(frozen=True, slots=True)
class ShellSyntaxError:
    message: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class ParsedShell:
    """What a shell runs for one instruction, parsed."""

    shell: tuple[str, ...]  #: the shell command line (SHELL), e.g. ("/bin/sh", "-c")
    script: str  #: the script the shell gets
    commands: tuple[SimpleCommand, ...]  #: every simple command, nested ones included, in order
    errors: tuple[ShellSyntaxError, ...]


# -- where script characters come from ------------------------------------------------


class _OffsetMap:
    """Maps offsets in a script to offsets in the Dockerfile.

    Pieces of the script are copied from the file unchanged; characters that are not
    (a line end BuildKit adds between a RUN line and its heredocs) map to the end of the
    piece before them.
    """

    __slots__ = ("_script_starts", "_segments")

    def __init__(self) -> None:
        self._segments: list[tuple[int, int, int]] = []  # (script_start, file_start, length)
        self._script_starts: list[int] = []

    def add(self, script_start: int, file_start: int, length: int) -> None:
        if length:
            self._segments.append((script_start, file_start, length))
            self._script_starts.append(script_start)

    def __call__(self, offset: int, *, end: bool = False) -> int:
        """The file offset of script offset ``offset`` (``end``: of a span's end)."""
        if not self._segments:
            return 0
        probe = offset - 1 if end and offset > 0 else offset
        i = bisect.bisect_right(self._script_starts, probe) - 1
        if i < 0:
            return self._segments[0][1]
        script_start, file_start, length = self._segments[i]
        inside = probe - script_start
        if inside >= length:  # past the piece: a character BuildKit added
            return file_start + length
        return file_start + inside + (1 if end and offset > 0 else 0)


class _CharMap:
    """Maps offsets in a nested script (``sh -c '...'``) to the file, character by
    character: an escaped character in the outer word covers its escape too."""

    __slots__ = ("_starts", "_ends")

    def __init__(self, starts: list[int], ends: list[int]) -> None:
        self._starts = starts
        self._ends = ends

    def __call__(self, offset: int, *, end: bool = False) -> int:
        if not self._starts:
            return 0
        if end and offset > 0:
            return self._ends[min(offset, len(self._ends)) - 1]
        return self._starts[min(offset, len(self._starts) - 1)]


class _Bytes:
    """tree-sitter counts UTF-8 bytes; the script is counted in characters."""

    __slots__ = ("_byte_starts", "_ascii")

    def __init__(self, text: str) -> None:
        self._ascii = text.isascii()
        self._byte_starts: list[int] = []
        if not self._ascii:
            pos = 0
            for ch in text:
                self._byte_starts.append(pos)
                pos += len(ch.encode("utf-8", "surrogatepass"))
            self._byte_starts.append(pos)

    def char(self, byte_offset: int) -> int:
        if self._ascii:
            return byte_offset
        return bisect.bisect_left(self._byte_starts, byte_offset)


# -- parsing ---------------------------------------------------------------------------

_parser: Any = None


def _ts_parser() -> Any:
    global _parser
    if _parser is None:
        import tree_sitter_bash
        from tree_sitter import Language, Parser

        _parser = Parser(Language(tree_sitter_bash.language()))
    return _parser


def shell_kind(shell: Sequence[str]) -> str:
    """``"posix"`` for sh-family shells, ``"other"`` for cmd/PowerShell, else ``"unknown"``."""
    if not shell:
        return "unknown"
    name = shell[0].replace("\\", "/").rsplit("/", 1)[-1].lower()
    if name in POSIX_SHELLS:
        return "posix"
    if name in OTHER_SHELLS:
        return "other"
    return "unknown"


def parse_script(script: str, offsets: _OffsetMap, shell: Sequence[str] = DEFAULT_SHELL) -> ParsedShell:
    """Parse a script whose characters come from the file as ``offsets`` says."""
    walker = _Walker(script, offsets, 0)
    walker.run((), None)
    return ParsedShell(tuple(shell), script, tuple(walker.commands), tuple(walker.errors))


@dataclass(frozen=True, slots=True)
class _HeredocOperator:
    """A heredoc the shell reads (RUN line with heredocs): where its operator is in the
    script, and the body's text and file offset."""

    offset: int  #: of the operator word (``3<<EOF``) in the script
    length: int  #: of the operator characters to neutralise (``<<`` or ``<<-``)
    operator: str
    content: str
    content_start: int  #: file offset of the body


def script_of(
    instr: cst.Instruction, positions: Positions
) -> tuple[str, _OffsetMap, str | None, list[_HeredocOperator]] | None:
    """The script a shell-form RUN/CMD/ENTRYPOINT hands to its shell, where each of its
    characters comes from, the interpreter a ``#!`` names for a heredoc script, and the
    heredocs the shell itself reads. None for exec form and for no arguments."""
    arguments = getattr(instr, "arguments", None)
    if not isinstance(arguments, cst.ShellForm):
        return None
    command, segments = cst.logical_segments(arguments.raw)
    base = positions.full_span(arguments).start.offset + len(arguments.whitespace_before)
    offsets = _OffsetMap()
    documents = instr.heredoc_documents if isinstance(instr, cst.Run) else []
    if not documents:
        for script_start, raw_start, length in segments:
            offsets.add(script_start, base + raw_start, length)
        return command, offsets, None, []

    first = documents[0]
    if len(documents) == 1 and bk.parse_heredoc(command) is not None:
        # RUN <<EOF: the body is the script; a shebang picks the interpreter.
        body_start = positions.full_span(first.body).start.offset
        data = first.content
        interpreter = None
        if data.startswith("#!"):
            interpreter = data[2:].split("\n", 1)[0].strip() or None
        if not first.chomp:
            offsets.add(0, body_start, len(data))
            return data, offsets, interpreter, []
        # <<- removes leading tabs from every line before the shell sees it.
        parts = []
        at = 0
        pos = 0
        for line in data.splitlines(keepends=True):
            tabs = len(line) - len(line.lstrip("\t"))
            kept = line[tabs:]
            offsets.add(at, body_start + pos + tabs, len(kept))
            parts.append(kept)
            at += len(kept)
            pos += len(line)
        return "".join(parts), offsets, interpreter, []

    # The line, then each body and its terminator: the shell reads the heredocs.
    for script_start, raw_start, length in segments:
        offsets.add(script_start, base + raw_start, length)
    operators = []
    for (offset, _spec), document in zip(bk.heredoc_operators(command), documents, strict=False):
        at = command.index("<<", offset)
        length = 3 if command.startswith("<<-", at) else 2
        operators.append(
            _HeredocOperator(
                at,
                length,
                command[at : at + length],
                document.content,
                positions.full_span(document.body).start.offset,
            )
        )
    parts = [command]
    at = len(command)
    for document in documents:
        body_start = positions.full_span(document.body).start.offset
        parts.append("\n")
        at += 1
        offsets.add(at, body_start, len(document.content))
        parts.append(document.content)
        at += len(document.content)
        terminator = document.body.terminator
        tabs = len(terminator) - len(terminator.lstrip("\t"))
        offsets.add(at, body_start + len(document.content) + tabs, len(document.name))
        parts.append(document.name)
        at += len(document.name)
    return "".join(parts), offsets, None, operators


def parse_instruction(
    instr: cst.Instruction, positions: Positions, shell: Sequence[str] = DEFAULT_SHELL
) -> ParsedShell | None:
    """Parse what a shell-form RUN, CMD or ENTRYPOINT runs, or None.

    None for exec form (unless it is ``["sh", "-c", script]``, which is parsed), for
    shells that are not sh-like (cmd, PowerShell), and for a heredoc script whose
    ``#!`` names another interpreter.
    """
    arguments = getattr(instr, "arguments", None)
    if isinstance(arguments, cst.ExecForm):
        return _parse_exec_form(arguments, positions)
    if shell_kind(shell) != "posix":
        return None
    found = script_of(instr, positions)
    if found is None:
        return None
    script, offsets, interpreter, heredocs = found
    if interpreter is not None and shell_kind(interpreter.split()) != "posix":
        return None
    if not heredocs:
        return parse_script(script, offsets, shell)
    # tree-sitter-bash cannot read two heredocs opened on one line, and BuildKit has
    # already found them: parse the line with each "<<" turned into a "< " of the same
    # length, then give the redirections back their heredocs.
    line = list(script[: script.index("\n")])
    for op in heredocs:
        line[op.offset : op.offset + op.length] = "<" + " " * (op.length - 1)
    walker = _Walker("".join(line), offsets, 0, {op.offset: op for op in heredocs})
    walker.run((), None)
    return ParsedShell(tuple(shell), script, tuple(walker.commands), tuple(walker.errors))


def _parse_exec_form(arguments: cst.ExecForm, positions: Positions) -> ParsedShell | None:
    # ["sh", "-c", "script", ...]: the script is a JSON string; map it through its escapes.
    elements = arguments.elements
    if len(elements) < 3 or shell_kind([elements[0].value]) != "posix" or elements[1].value != "-c":
        return None
    element = elements[2]
    raw, segments = cst.logical_segments(element.raw)
    base = positions.full_span(element).start.offset + len(element.whitespace_before)
    value, sources = _decode_json_string(raw)
    offsets = _CharMap(
        [base + _raw_offset(segments, a) for a, _ in sources],
        [base + _raw_offset(segments, b - 1) + 1 for _, b in sources],
    )
    return parse_script(value, offsets, (elements[0].value, "-c"))


def _raw_offset(segments: list[tuple[int, int, int]], logical_offset: int) -> int:
    for start, raw_start, length in reversed(segments):
        if logical_offset >= start:
            return raw_start + min(logical_offset - start, length)
    return logical_offset


_JSON_ESCAPES = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}


def _decode_json_string(literal: str) -> tuple[str, list[tuple[int, int]]]:
    """A JSON string literal's value, and for each character the range it came from."""
    out: list[str] = []
    sources: list[tuple[int, int]] = []
    i = 1
    end = len(literal) - 1
    while i < end:
        ch = literal[i]
        if ch == "\\":
            kind = literal[i + 1]
            if kind == "u":
                out.append(chr(int(literal[i + 2 : i + 6], 16)))
                sources.append((i, i + 6))
                i += 6
                continue
            out.append(_JSON_ESCAPES.get(kind, kind))
            sources.append((i, i + 2))
            i += 2
            continue
        out.append(ch)
        sources.append((i, i + 1))
        i += 1
    return "".join(out), sources


# -- walking the tree ------------------------------------------------------------------

#: Constructs whose named children are statements in sequence, and the context each adds.
_SEQUENCES = {
    "program": None,
    "list": None,
    "pipeline": None,
    "redirected_statement": None,
    "compound_statement": "group",
    "subshell": "subshell",
    "do_group": None,
    "if_statement": "if",
    "elif_clause": None,
    "else_clause": None,
    "while_statement": "while",
    "for_statement": "for",
    "c_style_for_statement": "for",
    "case_statement": "case",
    "case_item": None,
    "function_definition": "function",
    "negated_command": "negated",
    "heredoc_redirect": None,
}
_OPERATORS = frozenset({"&&", "||", "|", "|&", ";", "&", ";;", ";&", ";;&"})
_WORD_NODES = frozenset(
    {
        "word",
        "string",
        "raw_string",
        "ansi_c_string",
        "translated_string",
        "concatenation",
        "number",
        "simple_expansion",
        "expansion",
        "command_substitution",
        "process_substitution",
        "arithmetic_expansion",
    }
)
_ANSI_ESCAPES = {
    "a": "\a",
    "b": "\b",
    "e": "\x1b",
    "E": "\x1b",
    "f": "\f",
    "n": "\n",
    "r": "\r",
    "t": "\t",
    "v": "\v",
    "\\": "\\",
    "'": "'",
    '"': '"',
    "?": "?",
}


def _remove_escapes(
    text: str, start: int, escapable: str | None, out: list[str], sources: list[tuple[int, int]]
) -> None:
    """sh's backslash removal over ``text`` (which starts at script offset ``start``).

    A backslash before a character of ``escapable`` (any character when None) is
    dropped, and a backslash-newline goes altogether; other backslashes stay. Appends
    each resulting character to ``out`` and the script range it came from to
    ``sources`` (an escaped character's range covers its backslash).
    """
    if "\\" not in text:  # the common case, without the loop
        out.extend(text)
        sources.extend((start + i, start + i + 1) for i in range(len(text)))
        return
    i = 0
    while i < len(text):
        if text[i] == "\\" and i + 1 < len(text) and (escapable is None or text[i + 1] in escapable + "\n"):
            if text[i + 1] != "\n":
                out.append(text[i + 1])
                sources.append((start + i, start + i + 2))
            i += 2
            continue
        out.append(text[i])
        sources.append((start + i, start + i + 1))
        i += 1


def _backquotes(data: bytes) -> list[tuple[int, int]]:
    """Byte ranges of the outermost backquoted substitutions, backquotes included.

    Quotes, backslash escapes and comments are followed as sh reads them; inside
    backquotes, the first backquote not escaped by a backslash closes them.
    """
    found = []
    i, n = 0, len(data)
    single = double = False
    while i < n:
        c = data[i]
        if single:
            single = c != 0x27  # '
        elif c == 0x5C:  # backslash
            i += 1
        elif c == 0x27 and not double:
            single = True
        elif c == 0x22:  # "
            double = not double
        elif c == 0x23 and not double and (i == 0 or data[i - 1] in b" \t\n;&|()"):  # a comment
            end = data.find(b"\n", i)
            i = n if end < 0 else end
            continue
        elif c == 0x60:  # `
            j = i + 1
            while j < n and data[j] != 0x60:
                j += 2 if data[j] == 0x5C else 1
            if j >= n:
                break  # not closed: tree-sitter reports it
            found.append((i, j + 1))
            i = j
        i += 1
    return found


#: A word that is only a comment in backquotes: it expands to nothing.
_BACKQUOTED_COMMENT = re.compile(r"`[ \t]*#[^`\n]*`")


class _Walker:
    """Collects the simple commands of one script (and of ``sh -c`` scripts in it)."""

    def __init__(
        self,
        script: str,
        offsets: _OffsetMap | _CharMap,
        depth: int,
        heredocs: dict[int, _HeredocOperator] | None = None,
    ) -> None:
        self.script = script
        self.data = script.encode("utf-8", "surrogatepass")
        self.offsets = offsets
        self.depth = depth
        self.heredocs = heredocs or {}
        self.bytes = _Bytes(script)
        self.commands: list[SimpleCommand] = []
        self.errors: list[ShellSyntaxError] = []
        self.negated: set[int] = set()  # byte offsets of `{` groups that a `!` negates
        self.backquoted: list[tuple[int, int]] = []  # byte ranges replaced by placeholders

    def run(self, context: tuple[str, ...], connector: str | None) -> None:
        root = _ts_parser().parse(self.data).root_node
        # Work around places where tree-sitter-bash is stricter than sh. Each repair
        # keeps every byte where it is (so offsets hold) and parses again; words keep
        # their text from the script itself.
        if b"`" in self.data and b"<<" not in self.data:
            # tree-sitter-bash misreads backquotes in several ways (`a` `b`, `# note`,
            # a blank after the backquote, escaped backquotes inside). So each
            # backquoted substitution becomes a placeholder word of the same length,
            # and its script is parsed on its own (see _backquoted_script).
            ranges = _backquotes(self.data)
            if ranges:
                data = bytearray(self.data)
                for start, end in ranges:
                    data[start:end] = b"_" * (end - start)
                self.data = bytes(data)
                self.backquoted = ranges
                root = _ts_parser().parse(self.data).root_node
        for _ in range(_MAX_REPAIRS):
            bangs = self._negated_groups(root) if b"!" in self.data else []
            separators = self._missing_separators(root) if root.has_error else []
            if not bangs and not separators:
                break
            data = bytearray(self.data)
            for at in bangs:
                # `! { a; }` is read as `!` applied to a command named `{`: blank the
                # `!` and put the negation back as the group's context.
                data[at] = ord(" ")
                self.negated.add(self.data.index(b"{", at))
            for at in separators:
                # `fi fi`, `done done`, `(a) else`: sh needs no `;` between a compound
                # command and the reserved word closing the one around it.
                data[at] = ord(";")
            self.data = bytes(data)
            root = _ts_parser().parse(self.data).root_node
        if root.has_error:
            self._collect_errors(root)
        self._statement(root, connector, context)

    def _backquoted_in(self, node: TSNode) -> list[tuple[int, int]]:
        return [(a, b) for a, b in self.backquoted if a < node.end_byte and b > node.start_byte]

    def _backquoted_script(self, start: int, end: int, context: tuple[str, ...]) -> None:
        """Parse the script of the placeholder at ``start:end`` (bytes), spans kept.

        Inside backquotes a backslash keeps its meaning except before ``$``, a
        backquote or a backslash, where it is removed."""
        first, last = self._char(start) + 1, self._char(end) - 1
        chars: list[str] = []
        sources: list[tuple[int, int]] = []
        _remove_escapes(self.script[first:last], first, "$`\\", chars, sources)
        self._inner_script("".join(chars), sources, (*context, "substitution"))

    def _missing_separators(self, root: TSNode) -> list[int]:
        """Blanks to turn into ``;``: after a compound command that a reserved word follows."""
        found = []
        stack = [root]
        while stack:
            node = stack.pop()
            if not node.has_error and not node.is_missing:
                continue
            children = node.children
            for i, child in enumerate(children):
                if child.type in _COMPOUND:
                    end = child.end_byte
                elif (
                    child.type == "ERROR"
                    and child.children
                    and all(c.type in _COMPOUND for c in child.children)
                ):
                    end = child.end_byte
                elif child.is_missing and child.type == ";" and i > 0 and children[i - 1].type in _COMPOUND:
                    end = children[i - 1].end_byte
                else:
                    continue
                if _CLOSING_WORD_AHEAD.match(self.data, end):
                    found.append(end)
            stack.extend(children)
        return found

    def _negated_groups(self, root: TSNode) -> list[int]:
        found = []
        stack = [root]
        while stack:
            node = stack.pop()
            if node.type == "negated_command" and node.named_child_count:
                inner = node.named_children[0]
                name = inner.child_by_field_name("name") if inner.type == "command" else None
                if name is not None and self.data[name.start_byte : name.end_byte] == b"{":
                    found.append(node.start_byte)
                    continue
            stack.extend(node.children)
        return found

    # positions

    def _char(self, byte_offset: int) -> int:
        return self.bytes.char(byte_offset)

    def _span(self, node: TSNode) -> tuple[int, int]:
        start = self._char(node.start_byte)
        end = self._char(node.end_byte)
        return self.offsets(start), self.offsets(end, end=True)

    def _text(self, node: TSNode) -> str:
        return self.script[self._char(node.start_byte) : self._char(node.end_byte)]

    # errors

    def _collect_errors(self, root: TSNode) -> None:
        stack = [root]
        while stack:
            node = stack.pop()
            if node.type == "ERROR" or node.is_missing:
                start, end = self._span(node)
                if node.is_missing:
                    message = f"shell syntax error: missing {node.type!r}"
                    opener = node.parent.children[0] if node.parent is not None else None
                    if opener is not None and node.type in _CLOSERS.get(opener.type, ()):
                        message = f"shell syntax error: {opener.type!r} is not closed by {node.type!r}"
                        start, end = self._span(opener)
                else:
                    message, where = self._describe_error(node)
                    if where is not None:
                        start, end = self._span(where)
                self.errors.append(ShellSyntaxError(message, start, end))
                if len(self.errors) >= 5:
                    return
                continue
            if node.has_error:
                stack.extend(reversed(node.children))

    def _describe_error(self, node: TSNode) -> tuple[str, TSNode | None]:
        """A message for an ERROR node, and the token it is about (None: the whole node)."""
        children = node.children
        # An opener whose closer never came: the last one not closed.
        open_: list[TSNode] = []
        for child in children:
            closer = _CLOSERS.get(child.type)
            if closer is not None and not child.is_missing:
                open_.append(child)
            elif open_ and child.type in _CLOSERS[open_[-1].type]:
                open_.pop()
        if open_:
            opener = open_[-1]
            closers = " or ".join(repr(c) for c in _CLOSERS[opener.type])
            return f"shell syntax error: {opener.type!r} is not closed by {closers}", opener
        first = children[0] if children else node
        if first.type == "ERROR" and first.children == [] and self._text(first)[:1] in ("'", '"'):
            return "shell syntax error: unterminated quoted string", first
        if first.type in _UNEXPECTED:
            return f"shell syntax error: unexpected {first.type!r}", first
        text = self._text(node).strip().splitlines()
        near = text[0][:40] if text else ""
        return (f"shell syntax error near {near!r}" if near else "shell syntax error"), None

    # statements

    def _statement(self, node: TSNode, connector: str | None, context: tuple[str, ...]) -> None:
        kind = node.type
        if kind == "command":
            self._command(node, connector, context, ())
            return
        if kind == "redirected_statement":
            body = node.child_by_field_name("body")
            redirects = tuple(self._redirect(r) for r in node.children_by_field_name("redirect"))
            if body is not None and body.type == "command":
                self._command(body, connector, context, redirects)
                connector = None
            elif body is not None:
                # tree-sitter-bash reads `a && b > f` as (a && b) > f; the shell binds the
                # redirection to the last command alone, `b`.
                first = len(self.commands)
                self._statement(body, connector, context)
                connector = None
                last = _rightmost_command(body)
                if last is not None and redirects:
                    start = self._span(last)[0]
                    for i in range(len(self.commands) - 1, first - 1, -1):
                        command = self.commands[i]
                        if command.start == start and command.context == context:
                            self.commands[i] = replace(command, redirects=command.redirects + redirects)
                            break
            # A heredoc redirect can hold the rest of the command line (tree-sitter
            # puts "| python3" of "cat <<EOF | python3" inside it).
            for redirect in node.children_by_field_name("redirect"):
                if redirect.type == "heredoc_redirect":
                    self._sequence(redirect, ";", context, skip_first=True)
            return
        if kind in ("variable_assignment", "variable_assignments"):
            assignments = self._assignments(node)
            start, end = self._span(node)
            self.commands.append(SimpleCommand((), assignments, (), connector, context, start, end))
            self._substitutions(node, context)
            return
        if kind in ("declaration_command", "unset_command"):
            self._command(node, connector, context, ())
            return
        if kind in ("test_command", "comment", "heredoc_body", "heredoc_start", "heredoc_end"):
            self._substitutions(node, context)
            return
        extra = _SEQUENCES.get(kind)
        if kind in _SEQUENCES:
            if kind == "compound_statement" and node.start_byte in self.negated:
                context = (*context, "negated")
            self._sequence(node, connector, context + ((extra,) if extra else ()))
            return
        # Anything else (loop headers, case patterns, test expressions, ERROR nodes):
        # look inside for commands.
        self._sequence(node, connector, context)

    def _sequence(
        self, node: TSNode, connector: str | None, context: tuple[str, ...], skip_first: bool = False
    ) -> None:
        pending = connector
        first = True
        for child in node.children:
            if not child.is_named:
                if child.type in _OPERATORS:
                    pending = child.type
                continue
            if child.type in ("heredoc_start", "heredoc_body", "heredoc_end", "comment"):
                continue
            if skip_first and child.type in _WORD_NODES:
                continue
            if not first and pending is None:
                pending = ";"
            if child.type in _WORD_NODES or child.type in ("variable_name", "test_operator"):
                self._substitutions(child, context)
            else:
                self._statement(child, pending, context)
            pending = None
            first = False

    def _command(
        self,
        node: TSNode,
        connector: str | None,
        context: tuple[str, ...],
        redirects: tuple[Redirect, ...],
    ) -> None:
        words: list[ShellWord] = []
        assignments: list[Assignment] = []
        own_redirects = list(redirects)
        for child in node.children:
            kind = child.type
            if kind == "variable_assignment":
                assignments.extend(self._assignments(child))
                if node.type == "declaration_command":
                    words.append(self._word(child))
            elif kind == "command_name":
                words.extend(self._word(c) for c in child.children if c.is_named)
            elif kind in _WORD_NODES:
                words.append(self._word(child))
            elif kind in ("file_redirect", "heredoc_redirect", "herestring_redirect"):
                own_redirects.append(self._redirect(child))
            elif node.type in ("declaration_command", "unset_command"):
                # export/declare/local/readonly/unset: the keyword is the command name,
                # and NAME=value or NAME are its arguments.
                if not child.is_named:
                    if child.type not in _OPERATORS:
                        start, end = self._span(child)
                        text = self._text(child)
                        words.append(ShellWord(text, text, text, start, end))
                elif kind == "variable_name":
                    words.append(self._word(child))
        # `# a comment` in backquotes expands to nothing: the word is not an argument.
        words = [w for w in words if not _BACKQUOTED_COMMENT.fullmatch(w.source)]
        start, end = self._span(node)
        if not assignments and words and words[0].source in _CLOSING_WORDS and node.type == "command":
            # `echo ok; fi`: a reserved word where a command should start.
            self.errors.append(
                ShellSyntaxError(
                    f"shell syntax error: unexpected {words[0].source!r}", words[0].start, words[0].end
                )
            )
        command = SimpleCommand(
            tuple(words), tuple(assignments), tuple(own_redirects), connector, context, start, end
        )
        self.commands.append(command)
        for child in node.children:
            if child.type in _WORD_NODES or child.type in ("variable_assignment", "command_name"):
                self._substitutions(child, context)
        self._nested_script(command, node, context)
        self._heredoc_scripts(command, own_redirects, context)

    def _heredoc_scripts(
        self, command: SimpleCommand, redirects: list[Redirect], context: tuple[str, ...]
    ) -> None:
        # sh <<EOF, bash -s <<EOF: a shell reading its script from a heredoc.
        if self.depth >= _MAX_DEPTH or shell_kind([command.name or ""]) != "posix":
            return
        if any(
            w is None or (w.startswith("-") and "c" in w[1:] and not w.startswith("--"))
            for w in command.argv[1:]
        ):
            return
        for redirect in redirects:
            op = redirect.heredoc
            if op is None:
                continue
            offsets = _OffsetMap()
            offsets.add(0, op.content_start, len(op.content))
            inner = _Walker(op.content, offsets, self.depth + 1)
            inner.run((*context, "heredoc"), None)
            self.commands.extend(inner.commands)
            self.errors.extend(inner.errors)

    def _nested_script(self, command: SimpleCommand, node: TSNode, context: tuple[str, ...]) -> None:
        # sh -c 'script' [name [args]]: the script is parsed again, spans kept.
        if self.depth >= _MAX_DEPTH or shell_kind([command.name or ""]) != "posix":
            return
        argv = command.argv
        index = None
        skip = False
        for i, word in enumerate(argv[1:], 1):
            if skip:
                skip = False
                continue
            if word is None:
                return
            if word in ("-o", "+o", "-O", "+O"):
                skip = True  # set -o NAME
                continue
            if word == "-c" or (word.startswith("-") and not word.startswith("--") and "c" in word[1:]):
                index = i + 1
                break
            if not word.startswith(("-", "+")):
                return
        if index is None or index >= len(command.words) or argv[index] is None:
            return
        argument_nodes = [c for c in node.children if c.type in _WORD_NODES]
        # words[0] is the command name; the argument nodes follow it.
        target = argument_nodes[index - 1] if index - 1 < len(argument_nodes) else None
        if target is None:
            return
        value, sources = self._static_with_sources(target)
        if value is None:
            return
        self._inner_script(value, sources, (*context, "sh -c"))

    def _inner_script(self, script: str, sources: list[tuple[int, int]], context: tuple[str, ...]) -> None:
        """Parse a script made of this script's characters (``sources``: the range each
        came from), its commands and errors joining these, spans kept."""
        if not script or self.depth >= _MAX_DEPTH:
            return
        offsets = _CharMap(
            [self.offsets(a) for a, _ in sources], [self.offsets(b, end=True) for _, b in sources]
        )
        inner = _Walker(script, offsets, self.depth + 1)
        inner.run(context, None)
        self.commands.extend(inner.commands)
        self.errors.extend(inner.errors)

    def _substitutions(self, node: TSNode, context: tuple[str, ...]) -> None:
        # Commands inside $(...), `...`, <(...) anywhere in a word, in source order.
        found: list[tuple[int, TSNode | tuple[int, int]]] = [
            (a, (a, b)) for a, b in self._backquoted_in(node)
        ]
        stack = [node]
        while stack:
            child = stack.pop()
            if child.type in ("command_substitution", "process_substitution"):
                found.append((child.start_byte, child))
            else:
                stack.extend(child.children)
        for _, item in sorted(found, key=lambda x: x[0]):
            if isinstance(item, tuple):
                self._backquoted_script(item[0], item[1], context)
            else:
                self._sequence(item, None, (*context, "substitution"))

    def _assignments(self, node: TSNode) -> tuple[Assignment, ...]:
        if node.type == "variable_assignments":
            return tuple(
                a for c in node.children if c.type == "variable_assignment" for a in self._assignments(c)
            )
        name_node = node.child_by_field_name("name")
        value_node = node.child_by_field_name("value")
        start, end = self._span(node)
        name = self._text(name_node) if name_node is not None else ""
        value = self._word(value_node) if value_node is not None else None
        return (Assignment(name, value, start, end),)

    def _redirect(self, node: TSNode) -> Redirect:
        descriptor_node = node.child_by_field_name("descriptor")
        destination = node.child_by_field_name("destination")
        operator = ""
        for child in node.children:
            if not child.is_named:
                operator = child.type
                break
        if node.type == "heredoc_redirect":
            operator = "<<-" if any(c.type == "<<-" for c in node.children) else "<<"
            destination = next((c for c in node.children if c.type == "heredoc_start"), None)
        elif node.type == "herestring_redirect":
            destination = next((c for c in node.children if c.is_named), None)
        target = self._word(destination) if destination is not None else None
        start, end = self._span(node)
        descriptor = self._text(descriptor_node) if descriptor_node is not None else None
        heredoc = self.heredocs.get(self._char(node.start_byte))
        if heredoc is not None:
            operator = heredoc.operator
        return Redirect(operator, descriptor, target, start, end, heredoc)

    # words

    def _word(self, node: TSNode) -> ShellWord:
        source = self._text(node)
        value, _ = self._static_with_sources(node)
        start, end = self._span(node)
        return ShellWord(source, value, self._symbolic(node), start, end)

    def _static_with_sources(self, node: TSNode) -> tuple[str | None, list[tuple[int, int]]]:
        """The word's value after quote removal, and the script range of each character
        (an escaped character's range covers its escape)."""
        out: list[str] = []
        sources: list[tuple[int, int]] = []
        if not self._static(node, out, sources):
            return None, []
        return "".join(out), sources

    def _static(self, node: TSNode, out: list[str], sources: list[tuple[int, int]]) -> bool:
        if self.backquoted and self._backquoted_in(node):
            return False
        kind = node.type
        start = self._char(node.start_byte)
        text = self._text(node)
        if kind in ("word", "number", "heredoc_start", "command_name", "variable_name"):
            if kind == "heredoc_start":
                return self._unquote(node, out, sources)
            _remove_escapes(text, start, None, out, sources)
            return True
        if kind == "raw_string":
            for i, ch in enumerate(text[1:-1], 1):
                out.append(ch)
                sources.append((start + i, start + i + 1))
            return True
        if kind == "ansi_c_string":
            return self._ansi_c(text, start, out, sources)
        if kind in ("string", "translated_string"):
            for child in node.children:
                if child.type == "string_content":
                    self._double_quoted(self._text(child), self._char(child.start_byte), out, sources)
                elif child.is_named:
                    return False
            return True
        if kind == "concatenation":
            return all(self._static(child, out, sources) for child in node.children)
        if kind == "variable_assignment":  # an argument of export/declare/local
            value = node.child_by_field_name("value")
            name = node.child_by_field_name("name")
            if name is None or not self._static(name, out, sources):
                return False
            eq = self._char(name.end_byte)
            out.append("=")
            sources.append((eq, eq + 1))
            return value is None or self._static(value, out, sources)
        return False

    def _unquote(self, node: TSNode, out: list[str], sources: list[tuple[int, int]]) -> bool:
        # A heredoc delimiter word: quotes removed, nothing expanded.
        text = self._text(node)
        start = self._char(node.start_byte)
        quote = ""
        for i, ch in enumerate(text):
            if quote:
                if ch == quote:
                    quote = ""
                    continue
            elif ch in "'\"":
                quote = ch
                continue
            out.append(ch)
            sources.append((start + i, start + i + 1))
        return True

    @staticmethod
    def _double_quoted(text: str, start: int, out: list[str], sources: list[tuple[int, int]]) -> None:
        _remove_escapes(text, start, '"\\$`', out, sources)

    @staticmethod
    def _ansi_c(text: str, start: int, out: list[str], sources: list[tuple[int, int]]) -> bool:
        body = text[2:-1]
        i = 0
        while i < len(body):
            ch = body[i]
            at = start + 2 + i
            if ch != "\\" or i + 1 >= len(body):
                out.append(ch)
                sources.append((at, at + 1))
                i += 1
                continue
            kind = body[i + 1]
            if kind in _ANSI_ESCAPES:
                out.append(_ANSI_ESCAPES[kind])
                sources.append((at, at + 2))
                i += 2
            elif kind in "xuU0123456789c":
                return False  # numeric escapes: not worth guessing
            else:
                out.extend("\\" + kind)
                sources.extend(((at, at + 1), (at + 1, at + 2)))
                i += 2
        return True

    def _symbolic(self, node: TSNode) -> str:
        kind = node.type
        if kind in ("raw_string", "word", "number"):
            value, _ = self._static_with_sources(node)
            return value if value is not None else self._text(node)
        if kind in ("string", "translated_string"):
            parts = []
            for child in node.children:
                if child.type == "string_content":
                    chars: list[str] = []
                    self._double_quoted(self._text(child), 0, chars, [])
                    parts.append("".join(chars))
                elif child.is_named:
                    parts.append(self._text(child))
            return "".join(parts)
        if kind == "concatenation":
            return "".join(self._symbolic(child) for child in node.children)
        return self._text(node)


def _rightmost_command(node: TSNode) -> TSNode | None:
    """The simple command a redirection after a list or pipeline belongs to: its last one
    (None when the list ends in a compound command, whose redirection is the group's)."""
    while node.type in ("list", "pipeline") and node.named_child_count:
        node = node.named_children[-1]
    return node if node.type == "command" else None


def iter_commands(parsed: ParsedShell | None) -> Iterator[SimpleCommand]:
    """The simple commands of a parse (none for None), in order."""
    if parsed is not None:
        yield from parsed.commands
