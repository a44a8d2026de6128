"""The pre-scan: BuildKit's line loop, run before the grammar.

Three things about a Dockerfile cannot be decided by a context-free grammar, because
they depend on text far from where they matter:

1. the ``escape`` directive changes the continuation character of the whole file;
2. whether ``CMD [...]`` is exec form depends on the *whole* joined line being valid
   JSON, and whether ``ENV a b`` is the legacy form depends on its first word;
3. a heredoc body runs from the line after its instruction to a terminator whose
   name is written inside the instruction.

The pre-scan reads the file exactly as BuildKit's ``parser.Parse`` does (physical
lines, directives, continuation lines, comment and empty lines inside continuations,
heredoc bodies) and records, for the parser:

- ``escape`` and the number of leading directive lines;
- one *marker* per instruction word (the word of an ONBUILD trigger included), naming
  the argument shape the grammar must expect after it (``exec``, ``shell``, ...);
- the ranges of the heredoc bodies, which the parser cuts out before lexing and
  re-inserts as whole tokens.

It raises :class:`PrescanError` for everything ``parser.Parse`` rejects. As a side
effect it yields BuildKit's own AST for each instruction (:class:`ScannedInstruction`),
which the tests use as an in-process reference.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from dflint.syntax import buildkit as bk


class PrescanError(Exception):
    """An error of BuildKit's parser, with the 1-based lines it concerns."""

    def __init__(self, message: str, line: int, end_line: int | None = None, column: int = 1):
        super().__init__(message)
        self.message = message
        self.line = line
        self.end_line = end_line if end_line is not None else line
        self.column = column


@dataclass(slots=True)
class ScannedHeredoc:
    spec: bk.HeredocSpec
    content: str
    start: int  #: offset of the first body line
    end: int  #: offset just past the terminator line


@dataclass(slots=True)
class ScannedInstruction:
    """BuildKit's AST node for one instruction (``parser.Node``)."""

    cmd: str  #: the instruction word as written
    flags: list[str]
    #: flag tokens the grammar reads before the arguments, a final ``--`` included
    #: (see :func:`dflint.syntax.buildkit.flag_token_count`)
    flag_words: int
    values: tuple[str, ...]  #: the argument nodes (``Next``)
    json: bool
    shape: str
    sub: ScannedInstruction | None = None  #: the ONBUILD trigger
    original: str = ""  #: the joined logical line
    start_line: int = 0
    end_line: int = 0
    heredocs: list[ScannedHeredoc] = field(default_factory=list)
    prev_comment: list[str] = field(default_factory=list)
    empty_continuation: bool = False

    def dump(self) -> str:
        sub = self.sub.dump() if self.sub is not None else None
        return bk.dump_instruction(self.cmd, self.flags, self.values, sub)


@dataclass(slots=True)
class Directive:
    name: str  #: lower-cased key
    value: str
    line: int


@dataclass(slots=True)
class Scan:
    escape: str
    directives: list[Directive]
    instructions: list[ScannedInstruction]
    #: per instruction word, in order: the argument shape, and how many flag words
    #: come between the word and the arguments
    markers: list[tuple[str, int]]
    cuts: list[tuple[int, int]]  #: heredoc body ranges (terminator included), in order

    def dump(self) -> str:
        return "".join(f"({i.dump()})\n" for i in self.instructions)


_MAX_LINE_BYTES = 65535  # bufio.MaxScanTokenSize - 1


def _continuation_regex(escape: str) -> re.Pattern[str]:
    e = re.escape(escape)
    return re.compile(rf"([^{e}]){e}[ \t]*\Z|^{e}[ \t]*\Z")


def _trim_continuation(line: str, regex: re.Pattern[str]) -> tuple[str, bool]:
    """trimContinuationCharacter: the line without its continuation, and whether it ends."""
    if regex.search(line):
        return regex.sub(r"\1", line), False
    return line, True


_MAYBE_JSON = frozenset({"run", "cmd", "entrypoint", "shell"})
_MAYBE_JSON_LIST = frozenset({"add", "copy", "volume"})
_WHITESPACE_LIST = frozenset({"from", "expose"})
_STRING = frozenset({"maintainer", "user", "workdir", "stopsignal"})


def new_node(line: str, escape: str) -> ScannedInstruction:
    """newNodeFromLine: split a logical line and dispatch on its instruction word."""
    cmd, flags, args, flag_words = bk.split_command(line, escape)
    name = bk.go_lower(cmd)
    sub = None
    if cmd == "":
        return ScannedInstruction(cmd, flags, 0, ("",), False, "empty", original=line)
    if name in _MAYBE_JSON:
        parsed = bk.parse_maybe_json(args)
    elif name in _MAYBE_JSON_LIST:
        parsed = bk.parse_maybe_json_to_list(args)
    elif name in _WHITESPACE_LIST:
        parsed = bk.Arguments("words", tuple(bk.split_whitespace(args)))
    elif name in _STRING:
        parsed = bk.Arguments("shell", (args,) if args else ())
    elif name == "arg":
        parsed = bk.Arguments("shwords", tuple(bk.parse_words(args, escape)))
    elif name in ("env", "label"):
        triples = bk.parse_name_val(args, "ENV" if name == "env" else "LABEL", escape)
        legacy = bool(triples) and triples[0][2] == ""
        parsed = bk.Arguments("legacy" if legacy else "shwords", tuple(v for t in triples for v in t))
    elif name == "healthcheck":
        kind, command = bk.parse_health_config(args)
        values = (kind, *command.values) if kind is not None else ()
        parsed = bk.Arguments(command.shape, values, command.json)
    elif name == "onbuild":
        sub = new_node(args, escape) if args else None
        parsed = bk.Arguments("onbuild", ())
    else:
        # parseIgnore: the arguments of an unknown instruction are dropped.
        parsed = bk.Arguments("shell", ("",))
    return ScannedInstruction(
        cmd, flags, flag_words, parsed.values, parsed.json, parsed.shape, sub, original=line
    )


def _heredoc_host(node: ScannedInstruction) -> ScannedInstruction | None:
    """canContainHeredoc: the node whose arguments may open heredocs."""
    if bk.go_lower(node.cmd) == "onbuild" and node.sub is not None:
        node = node.sub
    if bk.go_lower(node.cmd) in bk.HEREDOC_INSTRUCTIONS and not node.json:
        return node
    return None


def _markers(node: ScannedInstruction, out: list[tuple[str, int]]) -> None:
    if node.shape == "empty":
        return
    out.append((node.shape, node.flag_words))
    if node.sub is not None:
        _markers(node.sub, out)


def scan(text: str) -> Scan:
    """Read ``text`` as ``parser.Parse`` does. Raises PrescanError."""
    contents = text.split("\n")
    ends_with_newline = contents[-1] == ""
    if ends_with_newline:
        contents.pop()
    count = len(contents)
    offsets = [0] * (count + 1)
    pos = 0
    for i, line in enumerate(contents):
        offsets[i] = pos
        pos += len(line) + 1
    offsets[count] = len(text)

    # bufio.Scanner stops at the first line longer than 64 KiB; what came before it
    # is still parsed, but the file fails.
    available = count
    for i, line in enumerate(contents):
        if len(line) > _MAX_LINE_BYTES // 4 and len(line.encode("utf-8", "surrogatepass")) > _MAX_LINE_BYTES:
            available = i
            break

    escape = "\\"
    continuation = _continuation_regex(escape)
    directives: list[Directive] = []
    directives_done = False
    instructions: list[ScannedInstruction] = []
    cuts: list[tuple[int, int]] = []
    comments: list[str] = []

    i = 0
    while i < available:
        raw = contents[i]
        if i == 0 and raw.startswith("\ufeff"):
            raw = raw[1:]
        stripped = bk.trim_left_space(raw.rstrip("\r"))
        is_comment = stripped.startswith("#")
        is_directive = False
        if not directives_done:
            m = bk.RE_DIRECTIVE.match(stripped)
            key = m.group(1).lower() if m else ""
            if key not in bk.KNOWN_DIRECTIVES:
                directives_done = True
            else:
                assert m is not None
                if any(d.name == key for d in directives):
                    raise PrescanError(f"only one {key} parser directive can be used", i + 1)
                value = m.group(2)
                if key == "escape":
                    if value not in ("`", "\\"):
                        raise PrescanError(
                            f"invalid escape token '{value}' does not match ` or \\",
                            i + 1,
                            column=len(raw) - len(raw.lstrip(bk.GO_SPACES)) + m.start(2) + 1,
                        )
                    escape = value
                    continuation = _continuation_regex(escape)
                directives.append(Directive(key, value, i + 1))
                is_directive = True
        if is_comment and not is_directive:
            comment = bk.trim_space(bk._decode(raw.encode("utf-8", "surrogateescape")[1:]))
            if comment == "":
                comments = []
            else:
                comments.append(comment)
        i += 1
        start_line = i
        logical, end = _trim_continuation("" if is_comment else stripped, continuation)
        if end and logical == "":
            continue

        empty_continuation = False
        while not end and i < available:
            line = contents[i].rstrip("\r")
            i += 1
            rest = bk.trim_left_space(line)
            if rest.startswith("#"):
                continue
            if rest == "":
                empty_continuation = True
                continue
            part, end = _trim_continuation(line, continuation)
            logical += part

        try:
            node = new_node(logical, escape)
        except bk.BuildKitError as exc:
            raise PrescanError(str(exc), start_line, i) from None
        node.prev_comment = comments
        node.empty_continuation = empty_continuation

        host = _heredoc_host(node)
        if host is not None:
            try:
                specs = bk.heredocs_from_line(logical)
            except bk.BuildKitError as exc:
                raise PrescanError(str(exc), start_line, i) from None
            for spec in specs:
                body_start = offsets[i]
                parts = []
                terminated = False
                while i < available:
                    line = contents[i]
                    i += 1
                    candidate = line.rstrip("\r")
                    if spec.chomp:
                        candidate = candidate.lstrip("\t")
                    if candidate == spec.name:
                        terminated = True
                        break
                    parts.append(line + "\n" if i < count or ends_with_newline else line)
                if not terminated:
                    raise PrescanError("unterminated heredoc", start_line, i)
                body_end = offsets[i]
                node.heredocs.append(ScannedHeredoc(spec, "".join(parts), body_start, body_end))
                cuts.append((body_start, body_end))

        node.start_line = start_line
        node.end_line = i
        instructions.append(node)
        comments = []

    if not instructions:
        raise PrescanError("file with no instructions", 1)
    if available < count:
        raise PrescanError(
            f"dockerfile line greater than max allowed size of {_MAX_LINE_BYTES}", available + 1
        )

    markers: list[tuple[str, int]] = []
    for node in instructions:
        _markers(node, markers)
    return Scan(escape, directives, instructions, markers, cuts)
