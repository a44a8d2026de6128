"""From Lark's parse to typed nodes, in one place.

The :class:`Builder` is given to Lark as an inline transformer: Lark calls one method
per grammar rule as it reduces, so no intermediate parse tree is built and the Lark
tree never leaves this package. Argument tokens carry the blanks before them (see
``dockerfile.lark``); the builder splits them off into ``whitespace_before`` fields.
"""

from __future__ import annotations

import contextvars
import re
from dataclasses import dataclass
from typing import Any

from lark import Token, Transformer

from dflint.syntax import buildkit as bk
from dflint.syntax import cst
from dflint.syntax.cst import (
    CONTINUATION,
    Comment,
    Directive,
    Dockerfile,
    EmptyLine,
    ExecArg,
    ExecForm,
    Flag,
    HeredocBody,
    KeyValue,
    Keyword,
    ShellForm,
    Word,
)


@dataclass(slots=True)
class ParseContext:
    """What the post-lexer and the builder need to know about the file being parsed."""

    escape: str
    markers: list[str]
    directive_count: int
    #: heredoc bodies, keyed by the offset (in the lexed text) just after the line end
    #: of the instruction they belong to
    bodies: dict[int, list[str]]


CONTEXT: contextvars.ContextVar[ParseContext] = contextvars.ContextVar("dflint_parse_context")

_BLANKS = "\t\x0b\x0c \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
_CONT = CONTINUATION.pattern
#: Blanks BuildKit trims, and continuations: the prefix of most argument tokens.
_GAP = re.compile(rf"(?:[{_BLANKS}]|\r|{_CONT})*")
#: ASCII blanks and continuations: the prefix of a legacy ENV/LABEL value.
_ASCII_GAP = re.compile(rf"(?:[\t\x0b\x0c ]|\r|{_CONT})*")
_LINE_END = re.compile(r"\r*\n\Z|\r+\Z")


class BuildError(Exception):
    """The grammar and the pre-scan disagree: a bug in dflint, never in the input."""


def _split(token: str, prefix: re.Pattern[str] = _GAP) -> tuple[str, str]:
    end = prefix.match(token).end()  # type: ignore[union-attr]
    return token[:end], token[end:]


def _split_line_end(text: str) -> tuple[str, str]:
    m = _LINE_END.search(text)
    if m is None:
        return text, ""
    return text[: m.start()], m.group()


def find_logical(raw: str, char: str) -> int:
    """Index in ``raw`` of the first ``char`` that is not inside a continuation."""
    if "\n" not in raw:
        return raw.find(char)
    pos = 0
    for m in CONTINUATION.finditer(raw):
        i = raw.find(char, pos, m.start())
        if i != -1:
            return i
        pos = m.end()
    return raw.find(char, pos)


class _Draft:
    """An instruction whose line end, heredocs and leading lines are not known yet."""

    __slots__ = ("cls", "fields", "trigger")

    def __init__(self, cls: type[cst.Instruction], fields: dict[str, Any], trigger: _Draft | None = None):
        self.cls = cls
        self.fields = fields
        self.trigger = trigger

    def build(self, **extra: Any) -> cst.Instruction:
        if self.trigger is not None:
            self.fields["trigger"] = self.trigger.build()
        self.fields.update(extra)
        return self.cls(**self.fields)


_COMMANDS = (cst.Run, cst.Cmd, cst.Entrypoint, cst.Shell)
_STRINGS = (cst.Maintainer, cst.User, cst.Workdir, cst.Stopsignal)
_PATHS = (cst.Copy, cst.Add, cst.Volume)


class Builder(Transformer):  # type: ignore[type-arg]
    """Lark rule callbacks that build :mod:`dflint.syntax.cst` nodes."""

    # -- the file --------------------------------------------------------------------

    def start(self, items: list[Any]) -> Dockerfile:
        bom = ""
        directives = []
        instructions = []
        pending: list[cst.EmptyOrComment] = []
        for item in items:
            if isinstance(item, _Draft):
                instructions.append(item.build(leading_lines=tuple(pending)))
                pending = []
                continue
            kind = item.type
            if kind == "EMPTY_LINE":
                ws, nl = _split_line_end(item)
                pending.append(EmptyLine(whitespace=ws, newline=nl))
            elif kind == "COMMENT_LINE":
                text, nl = _split_line_end(item)
                indent, text = _split_comment(text)
                pending.append(Comment(indent=indent, text=text, newline=nl))
            elif kind == "DIRECTIVE":
                text, nl = _split_line_end(item)
                indent, text = _split_comment(text)
                directives.append(Directive(indent=indent, text=text, newline=nl))
            elif kind == "BOM":
                bom = str(item)
            else:  # pragma: no cover - the grammar admits nothing else here
                raise BuildError(f"unexpected token {kind}")
        return Dockerfile(
            bom=bom, directives=tuple(directives), instructions=tuple(instructions), footer=tuple(pending)
        )

    def instruction(self, items: list[Any]) -> _Draft:
        draft: _Draft = items[0]
        trailing = ""
        newline = ""
        heredocs = []
        for tok in items[1:]:
            if tok.type == "TRAIL":
                trailing = str(tok)
            elif tok.type == "NEWLINE":
                newline = str(tok)
            else:
                heredocs.append(_heredoc_body(tok))
        target = draft
        while target.trigger is not None:
            target.fields.update(trailing_whitespace="", newline="")
            target = target.trigger
        target.fields.update(
            trailing_whitespace=target.fields.get("trailing_whitespace", "") + trailing, newline=newline
        )
        if heredocs:
            if not target.cls._carries_heredocs:
                raise BuildError(f"heredoc bodies after {target.cls.__name__}")
            target.fields["heredocs"] = tuple(heredocs)
        return draft

    last_instruction = instruction

    # -- instruction shapes (one per grammar marker) ------------------------------------

    def _head(self, items: list[Any]) -> tuple[type[cst.Instruction], dict[str, Any], list[Any]]:
        indent, raw = _split(items[0])
        keyword = Keyword(raw=raw)
        flags = []
        i = 1
        while items[i].type in ("FLAG", "FLAGS_END"):
            ws, text = _split(items[i])
            flags.append(Flag(whitespace_before=ws, raw=text))
            i += 1
        i += 1  # the marker
        items = items[i:]
        cls = cst.INSTRUCTION_CLASSES.get(keyword.name, cst.Unknown)
        fields = {"indent": indent, "keyword": keyword, "flags": tuple(flags)}
        return cls, fields, items

    def shell_form(self, items: list[Any]) -> _Draft:
        cls, fields, rest = self._head(items)
        if rest:
            ws, text = _split(rest[0])
        if issubclass(cls, _COMMANDS):
            fields["arguments"] = ShellForm(whitespace_before=ws, raw=text) if rest else None
        elif issubclass(cls, _STRINGS) or cls is cst.Unknown:
            fields["argument"] = Word(whitespace_before=ws, raw=text) if rest else None
        else:
            raise BuildError(f"{cls.__name__} in shell form")
        return _Draft(cls, fields)

    def exec_form(self, items: list[Any]) -> _Draft:
        cls, fields, rest = self._head(items)
        if not issubclass(cls, _COMMANDS + _PATHS):
            raise BuildError(f"{cls.__name__} in exec form")
        fields["arguments"] = rest[0]
        return _Draft(cls, fields)

    def word_list(self, items: list[Any]) -> _Draft:
        cls, fields, rest = self._head(items)
        # Words after the first split on ASCII blanks and may start with a Unicode one.
        words = tuple(_word(t, _ASCII_GAP if t.type == "WORD" else _GAP) for t in rest)
        if cls is cst.Expose:
            fields["ports"] = words
        elif cls is cst.From or issubclass(cls, _PATHS):
            fields["arguments"] = words
        else:
            raise BuildError(f"{cls.__name__} as a word list")
        return _Draft(cls, fields)

    def shell_words(self, items: list[Any]) -> _Draft:
        cls, fields, rest = self._head(items)
        rest, dropped = _drop_final_escape(rest)
        if dropped:
            fields["trailing_whitespace"] = dropped
        if cls is cst.Arg:
            fields["declarations"] = tuple(_declaration(t) for t in rest)
        elif cls is cst.Env or cls is cst.Label:
            fields["pairs"] = tuple(_pair(t) for t in rest)
        else:
            raise BuildError(f"{cls.__name__} as shell words")
        return _Draft(cls, fields)

    def legacy_pair(self, items: list[Any]) -> _Draft:
        cls, fields, rest = self._head(items)
        if cls is not cst.Env and cls is not cst.Label:
            raise BuildError(f"{cls.__name__} as a legacy pair")
        ws, key = _split(rest[0])
        separator, value = _split(rest[1], _ASCII_GAP)
        fields["pairs"] = (
            KeyValue(
                whitespace_before=ws,
                key=Word(whitespace_before="", raw=key),
                separator=separator,
                value=Word(whitespace_before="", raw=value),
            ),
        )
        return _Draft(cls, fields)

    def health_shell(self, items: list[Any]) -> _Draft:
        cls, fields, rest = self._head(items)
        if rest:
            fields["kind"] = _word(rest[0])
            if len(rest) > 1:
                ws, text = _split(rest[1], _ASCII_GAP)
                fields["arguments"] = ShellForm(whitespace_before=ws, raw=text)
        return _Draft(cls, fields)

    def health_exec(self, items: list[Any]) -> _Draft:
        cls, fields, rest = self._head(items)
        fields["kind"] = _word(rest[0])
        fields["arguments"] = rest[1]
        return _Draft(cls, fields)

    def onbuild(self, items: list[Any]) -> _Draft:
        cls, fields, rest = self._head(items)
        return _Draft(cls, fields, rest[0] if rest else None)

    def empty(self, items: list[Any]) -> _Draft:
        return _Draft(cst.Unknown, {"indent": str(items[0]), "keyword": Keyword(raw=""), "argument": None})

    def json_array(self, items: list[Any]) -> ExecForm:
        ws, bracket = _split(items[0])
        elements: list[ExecArg] = []
        for tok in items[1:-1]:
            before, text = _split(tok)
            if tok.type == "JSON_STRING":
                elements.append(ExecArg(whitespace_before=before, raw=text))
            else:  # JSON_COMMA
                elements[-1] = elements[-1].with_changes(whitespace_before_comma=before, comma=text)
        close_ws, close = _split(items[-1])
        return ExecForm(
            whitespace_before=ws,
            open_bracket=bracket,
            elements=tuple(elements),
            whitespace_before_close=close_ws,
            close_bracket=close,
        )


def _drop_final_escape(tokens: list[Any]) -> tuple[list[Any], str]:
    """parseWords skips an escape character that ends the line (ARG, ENV, LABEL).

    That escape is not part of any word: it goes to the instruction's trailing text,
    with the word that held nothing else.
    """
    if not tokens:
        return tokens, ""
    escape = CONTEXT.get().escape
    last = tokens[-1]
    value = cst.logical(_split(last)[1])
    if not value.endswith(escape):
        return tokens, ""
    words = bk.parse_words(value, escape)
    if not words:
        return tokens[:-1], str(last)
    if words[-1] == value:
        return tokens, ""
    kept = last[: len(last) - len(escape)]
    return [*tokens[:-1], Token.new_borrow_pos(last.type, kept, last)], escape


def _split_comment(text: str) -> tuple[str, str]:
    i = text.index("#")
    return text[:i], text[i:]


def _heredoc_body(token: str) -> HeredocBody:
    end = len(token) - 1 if token.endswith("\n") else len(token)
    start = token.rfind("\n", 0, end) + 1
    return HeredocBody(content=token[:start], terminator=token[start:])


def _word(token: str, prefix: re.Pattern[str] = _GAP) -> Word:
    ws, text = _split(token, prefix)
    return Word(whitespace_before=ws, raw=text)


def _pair(token: str) -> KeyValue:
    ws, text = _split(token)
    i = find_logical(text, "=")
    if i < 0:
        raise BuildError("ENV/LABEL word without '='")
    return KeyValue(
        whitespace_before=ws,
        key=Word(whitespace_before="", raw=text[:i]),
        separator="=",
        value=Word(whitespace_before="", raw=text[i + 1 :]),
    )


def _declaration(token: str) -> cst.ArgDeclaration:
    ws, text = _split(token)
    i = find_logical(text, "=")
    if i < 0:
        return cst.ArgDeclaration(whitespace_before=ws, name=Word(whitespace_before="", raw=text))
    return cst.ArgDeclaration(
        whitespace_before=ws,
        name=Word(whitespace_before="", raw=text[:i]),
        equals="=",
        default=Word(whitespace_before="", raw=text[i + 1 :]),
    )
