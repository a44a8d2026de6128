"""Variable expansion exactly as BuildKit's builder does it, and the scopes it reads.

BuildKit expands ``$NAME`` and ``${NAME...}`` in the words of ENV, LABEL, ADD/COPY,
WORKDIR, USER, VOLUME, STOPSIGNAL, EXPOSE, ARG defaults, mount options and FROM
(SYNTAX.md §1.10) with its own small lexer, moby/buildkit
``frontend/dockerfile/shell/lex.go``. :class:`Lexer` reproduces that lexer as it is
at HEAD (the 2024 rewrite with ``EnvGetter`` and a shared words buffer), including:

- ``$NAME`` / ``${NAME}``; a name is ``unicode.IsLetter``/``IsDigit``/``_`` runes.
  A leading digit reads every following digit (``$10`` is the name ``10``); ``@ * #
  ? - $ ! 0`` alone are names (special parameters). They are looked up like any other
  name, so they are normally unset. ``$`` followed by anything else is a literal ``$``.
- Modifiers ``-`` ``+`` ``?`` (with ``:``: an empty value counts as unset), ``#``
  ``##`` ``%`` ``%%`` (shortest/longest prefix/suffix, a glob with ``?`` and ``*``;
  ``\\?`` ``\\*`` ``\\\\`` are literal, ``\\}`` and ``\\/`` lose their backslash, any
  other escape is an error), ``/`` and ``//`` (first/every match of a greedy glob,
  replaced with Go's ``regexp`` semantics, ``$0`` templates included). Everything
  else (``${v=w}``, ``${v:#w}``, ``${v:3}``...) is ``unsupported modifier``.
- Single quotes are literal. In double quotes the escape character escapes only
  ``"``, ``$`` and itself. Outside quotes it escapes anything; at the end of the word
  it is dropped. The escape character is the Dockerfile's (a backtick after
  ``# escape=`` with a backtick), but glob patterns always use ``\\``.
- BuildKit's error texts, wrapped as ``failed to process "<word>": <reason>`` (the
  word quoted with ``strconv.Quote``), including its quirks: ``${X`` is
  ``unsupported modifier (U+FFFD)``, the error of ``${X%pat}`` shows the pattern
  reversed.
- Go details: ``text/scanner`` drops a BOM at the start of a word, and reads a byte
  that is not UTF-8 (a surrogate here, as dflint decodes with ``surrogateescape``) as
  U+FFFD; word splitting uses ``unicode.IsSpace``.
- The shared words buffer of HEAD: every ``${...}`` with a modifier clears the word
  being built, so ``process_words("a${X:-b}c")`` gives ``["bc"]``, as BuildKit's
  ``ProcessWords`` does (``ProcessWord`` is not affected).

Values a lint cannot know are :data:`UNKNOWN`. Expansion never guesses: a result
that depends on one is None, a failure that depends on one is not reported, and a
failure that is certain but whose message depends on one reads :data:`UNKNOWN_TEXT`
where the message is unknown. Name lookups are recorded all the same.

:class:`Scope` is the immutable mapping the stage model builds (global ARGs, stage
ARGs, ENV) and passes as the environment.
"""

from __future__ import annotations

import enum
import functools
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Final

from dflint.syntax.buildkit import GO_SPACES, go_quote

__all__ = [
    "PLATFORM_ARGS",
    "PREDEFINED_ARGS",
    "PROXY_ARGS",
    "UNKNOWN",
    "UNKNOWN_TEXT",
    "Expansion",
    "Lexer",
    "Scope",
    "Unknown",
    "Value",
]


class Unknown(enum.Enum):
    """The type of :data:`UNKNOWN`."""

    UNKNOWN = "UNKNOWN"

    def __repr__(self) -> str:
        return "UNKNOWN"


#: The value of a name that is declared but whose value only the build knows, e.g.
#: ``ARG X`` without a default: BuildKit either has a ``--build-arg`` for it or leaves
#: it unset.
UNKNOWN: Final = Unknown.UNKNOWN

#: What a name maps to: known text, or :data:`UNKNOWN`.
Value = str | Unknown

#: Stands for the part of an error message that depends on an unknown value.
UNKNOWN_TEXT: Final = "<unknown>"

#: Automatic platform ARGs. BuildKit always defines them, in the global scope only
#: (FROM and global ARG defaults see them); a stage sees one after ``ARG NAME``, which
#: takes the automatic value. TARGETVARIANT/BUILDVARIANT may be empty. Their values
#: depend on the build's platforms, so a static scope maps them to UNKNOWN.
PLATFORM_ARGS: Final = (
    "TARGETPLATFORM",
    "TARGETOS",
    "TARGETARCH",
    "TARGETVARIANT",
    "BUILDPLATFORM",
    "BUILDOS",
    "BUILDARCH",
    "BUILDVARIANT",
)
#: Predefined proxy ARGs, in both cases. They are defined only when passed with
#: ``--build-arg``; BuildKit then gives them to RUN's environment (matching names
#: case-insensitively, dockerfile2llb ``proxyEnvFromBuildArgs``) without an ARG
#: instruction, but they enter the scope of builder-expanded words (and stop counting
#: as undefined there) only through an ``ARG`` that declares them.
PROXY_ARGS: Final = (
    "HTTP_PROXY",
    "http_proxy",
    "HTTPS_PROXY",
    "https_proxy",
    "FTP_PROXY",
    "ftp_proxy",
    "NO_PROXY",
    "no_proxy",
    "ALL_PROXY",
    "all_proxy",
)
#: Names a Dockerfile may use without declaring them (reference.md "Predefined ARGs"
#: and "Automatic platform ARGs in the global scope").
PREDEFINED_ARGS: Final = frozenset(PLATFORM_ARGS + PROXY_ARGS)


# -- results and scopes ---------------------------------------------------------------


@dataclass(frozen=True)
class Expansion:
    """The result of expanding one word.

    ``value`` is ProcessWord's result (quotes removed, no splitting) and ``words``
    ProcessWords' (split after expansion, quotes respected); each is None when it
    depends on an UNKNOWN value, when ``error`` is set, or when a failure depends on
    an UNKNOWN value. ``matched`` holds the names looked up and set to known text,
    ``unset`` the names looked up and absent (in order, each once: what BuildKit's
    UndefinedVar check sees), ``unknown`` the names looked up and UNKNOWN. Names are
    recorded as BuildKit looks them up, including inside a default that is not used.
    ``error`` is BuildKit's error text when the expansion certainly fails.
    """

    value: str | None
    words: list[str] | None = field(hash=False)
    matched: frozenset[str] = frozenset()
    unset: tuple[str, ...] = ()
    unknown: tuple[str, ...] = ()
    error: str | None = None


def _check_value(name: object, value: object) -> None:
    if not isinstance(name, str):
        raise TypeError(f"a variable name must be a str, not {type(name).__name__}")
    if not isinstance(value, str) and value is not UNKNOWN:
        raise TypeError(f"the value of {name!r} must be a str or UNKNOWN, not {type(value).__name__}")


class Scope(Mapping[str, Value]):
    """An immutable mapping of the names visible at an instruction to their values.

    Names compare case-sensitively, as BuildKit's ``EqualEnvKeys`` does on Linux.
    Iteration follows insertion order; replacing a name keeps its place.
    """

    __slots__ = ("_table",)
    _table: dict[str, Value]

    def __init__(self, entries: Mapping[str, Value] | Iterable[tuple[str, Value]] = (), /) -> None:
        table = dict(entries)
        for name, value in table.items():
            _check_value(name, value)
        object.__setattr__(self, "_table", table)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("Scope is immutable")

    def __delattr__(self, name: str) -> None:
        raise AttributeError("Scope is immutable")

    def __reduce__(self) -> tuple[type[Scope], tuple[dict[str, Value]]]:
        return (Scope, (dict(self._table),))

    def __getitem__(self, name: str) -> Value:
        return self._table[name]

    def __contains__(self, name: object) -> bool:
        return name in self._table

    def __iter__(self) -> Iterator[str]:
        return iter(self._table)

    def __len__(self) -> int:
        return len(self._table)

    def __hash__(self) -> int:
        return hash(frozenset(self._table.items()))

    def __repr__(self) -> str:
        return f"Scope({self._table!r})"

    def with_(self, name: str, value: Value) -> Scope:
        """This scope with ``name`` set to ``value``."""
        _check_value(name, value)
        table = dict(self._table)
        table[name] = value
        return Scope(table)

    def without(self, name: str) -> Scope:
        """This scope without ``name``."""
        if name not in self._table:
            return self
        return Scope((k, v) for k, v in self._table.items() if k != name)

    def updated(self, entries: Mapping[str, Value] | Iterable[tuple[str, Value]]) -> Scope:
        """This scope with every name of ``entries`` set (``entries`` wins)."""
        table = dict(self._table)
        table.update(entries)
        return Scope(table)


# -- Go details -----------------------------------------------------------------------

_SPACES: Final = frozenset(GO_SPACES)  # unicode.IsSpace
_SPECIAL_PARAMS: Final = frozenset("@*#?-$!0")
_PATTERN_META: Final = frozenset("[]{}.+()|^$")
_SURROGATE = re.compile("[\ud800-\udfff]")
_FFFD: Final = "\ufffd"


def _runes(text: str) -> str:
    """``[]rune(s)``: a byte that is not UTF-8 (a surrogate here) becomes U+FFFD."""
    return _SURROGATE.sub(_FFFD, text) if _SURROGATE.search(text) else text


def _rune(ch: str) -> str:
    return _FFFD if "\ud800" <= ch <= "\udfff" else ch


def _rune_text(ch: str | None) -> str:
    """``string(ch)``: EOF (-1) is not a valid rune and converts to U+FFFD."""
    return _FFFD if ch is None else ch


def _is_digit(ch: str) -> bool:
    return ch.isdecimal()  # unicode.IsDigit: category Nd


def _is_name_char(ch: str) -> bool:
    return ch.isalpha() or ch.isdecimal() or ch == "_"


class _Error(Exception):
    """An error BuildKit's lexer returns; ``message`` is its Go text."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@functools.lru_cache(maxsize=512)
def _compile_pattern(pattern: str, greedy: bool, anchored: bool) -> re.Pattern[str] | str:
    """convertShellPatternToRegex, or the error text for an invalid escape."""
    chars = _runes(pattern)
    i = 1 if chars.startswith("\ufeff") else 0  # text/scanner skips a leading BOM
    out = ["^"] if anchored else []
    star = ".*" if greedy else ".*?"
    while i < len(chars):
        tok = chars[i]
        i += 1
        if tok == "*":
            out.append(star)
        elif tok == "?":
            out.append(".")
        elif tok == "\\":
            nxt = chars[i] if i < len(chars) else None
            if nxt in ("}", "/"):
                continue  # the escape belongs to ${}, not to the pattern
            i += 1
            if nxt not in ("*", "?", "\\"):
                return f"invalid escape '\\{_rune_text(nxt)}'"
            out.append("\\" + nxt)
        else:
            out.append(re.escape(tok))
    return re.compile("".join(out))


def _reverse_pattern(pattern: str) -> str:
    """reversePattern: reverse runes, keeping each ``\\x`` pair in order."""
    runes = _runes(pattern)
    last = len(runes) - 1
    out = [""] * len(runes)
    i = 0
    while i <= last:
        tok = runes[i]
        if tok == "\\" and i != last:
            out[last - i - 1] = tok
            out[last - i] = runes[i + 1]
            i += 2
        else:
            out[last - i] = tok
            i += 1
    return "".join(out)


def _go_template(template: str, src: str, start: int, end: int) -> str:
    """Regexp.Expand for a regexp without groups: only ``$0`` / ``${0}`` give text."""
    out: list[str] = []
    while True:
        i = template.find("$")
        if i < 0:
            break
        out.append(template[:i])
        template = template[i + 1 :]
        if template.startswith("$"):
            out.append("$")
            template = template[1:]
            continue
        body = template[1:] if template.startswith("{") else template
        n = 0
        while n < len(body) and _is_name_char(body[n]):
            n += 1
        if n == 0 or (template.startswith("{") and (n >= len(body) or body[n] != "}")):
            out.append("$")  # malformed: the $ is literal
            continue
        name = body[:n]
        template = body[n + 1 :] if template.startswith("{") else body[n:]
        if name == "0":
            out.append(src[start:end])
    out.append(template)
    return "".join(out)


def _go_replace_all(regex: re.Pattern[str], value: str, replacement: str) -> str:
    """Regexp.ReplaceAllString: an empty match right after a match is not replaced."""
    subject = _runes(value)
    out: list[str] = []
    last_end = 0
    pos = 0
    while pos <= len(subject):
        m = regex.search(subject, pos)
        if m is None:
            break
        start, end = m.span()
        out.append(value[last_end:start])
        if end > last_end or start == 0:
            out.append(_go_template(replacement, value, start, end))
        last_end = end
        width = 1 if pos < len(subject) else 0
        if pos + width > end:
            pos += width
        elif pos + 1 > end:
            pos += 1
        else:
            pos = end
    out.append(value[last_end:])
    return "".join(out)


# -- the lexer ------------------------------------------------------------------------

_SET, _UNSET, _UNKNOWN = "set", "unset", "unknown"


class _Text:
    """A string under construction; None once an unknown part is added."""

    __slots__ = ("parts", "known")

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.known = True

    def add(self, text: str | None) -> None:
        if text is None:
            self.known = False
        else:
            self.parts.append(text)

    def value(self) -> str | None:
        return "".join(self.parts) if self.known else None


class _Words:
    """wordsStruct. The word being built lives in the run's shared buffer, which every
    processStopOn clears when it starts, as at HEAD. ``tainted``: the words depend on
    an unknown value."""

    __slots__ = ("run", "words", "in_word", "tainted")

    def __init__(self, run: _Run) -> None:
        self.run = run
        self.words: list[str] = []
        self.in_word = False
        self.tainted = False

    def _flush(self) -> None:
        run = self.run
        if run.buf_tainted:
            self.tainted = True  # whether the buffer is empty is unknown too
        if run.buf or run.buf_tainted:
            self.words.append("".join(run.buf))
        run.reset_buffer()

    def add_char(self, ch: str) -> None:
        if ch in _SPACES:
            if self.in_word and (self.run.buf or self.run.buf_tainted):
                self._flush()
                self.in_word = False
        else:
            self.add_raw_char(ch)

    def add_raw_char(self, ch: str) -> None:
        self.run.buf.append(ch)
        self.in_word = True

    def add_string(self, text: str | None) -> None:
        if text is None:
            self.tainted = True
            self.run.buf_tainted = True
            self.in_word = True
            return
        for ch in text:
            self.add_char(_rune(ch))  # `range str` reads a non-UTF-8 byte as U+FFFD

    def add_raw_string(self, text: str | None) -> None:
        if text is None:
            self.run.buf_tainted = True
        elif text:
            self.run.buf.append(text)
        self.in_word = True

    def get_words(self) -> list[str] | None:
        if self.run.buf or self.run.buf_tainted:
            self._flush()
            self.in_word = False
        return None if self.tainted else self.words


class _Run:
    """One expansion (BuildKit's shellWord): the scanner, the bookkeeping."""

    def __init__(self, lexer: Lexer, word: str, env: Mapping[str, Value]) -> None:
        self.text = _runes(word)
        self.pos = 1 if self.text.startswith("\ufeff") else 0  # text/scanner skips a BOM
        self.escape = lexer.escape
        self.raw_quotes = lexer.raw_quotes
        self.raw_escapes = lexer.raw_escapes
        self.skip_unset = lexer.skip_unset
        self.skip_quotes = lexer.skip_quotes
        self.env = env
        self.matched: set[str] = set()
        self.unset: dict[str, None] = {}
        self.unknown: dict[str, None] = {}
        #: a failure that depends on an unknown value may have happened
        self.uncertain = False
        self.buf: list[str] = []
        self.buf_tainted = False

    def reset_buffer(self) -> None:
        self.buf.clear()
        self.buf_tainted = False

    # -- scanner

    def peek(self) -> str | None:
        return self.text[self.pos] if self.pos < len(self.text) else None

    def next(self) -> str | None:
        if self.pos < len(self.text):
            self.pos += 1
            return self.text[self.pos - 1]
        return None

    # -- getEnv

    def lookup(self, name: str) -> tuple[str | None, str]:
        if name in self.env:
            value = self.env[name]
            if isinstance(value, str):
                self.matched.add(name)
                return value, _SET
            _check_value(name, value)
            self.unknown.setdefault(name)
            return None, _UNKNOWN
        self.unset.setdefault(name)
        return "", _UNSET

    # -- processStopOn

    def stop_on(self, stop: str | None, raw_escapes: bool) -> tuple[str | None, list[str] | None]:
        result = _Text()
        self.reset_buffer()
        words = _Words(self)
        saved = self.raw_escapes
        self.raw_escapes = raw_escapes
        try:
            while (ch := self.peek()) is not None:
                if stop is not None and ch == stop:
                    self.next()
                    return result.value(), words.get_words()
                if ch == "$":
                    text = self.dollar()
                    result.add(text)
                    words.add_string(text)
                elif ch in "'\"" and not self.skip_quotes:
                    text = self.single_quote() if ch == "'" else self.double_quote()
                    result.add(text)
                    words.add_raw_string(text)
                else:
                    self.next()
                    if ch == self.escape:
                        if self.raw_escapes:
                            words.add_raw_char(ch)
                            result.add(ch)
                        ch = self.next()
                        if ch is None:
                            break  # an escape at the end of the word is dropped
                        words.add_raw_char(ch)
                    else:
                        words.add_char(ch)
                    result.add(ch)
            if stop is not None:
                raise _Error(f"unexpected end of statement while looking for matching {stop}")
            return result.value(), words.get_words()
        finally:
            self.raw_escapes = saved

    def until(self, stop: str, raw_escapes: bool, missing: str) -> str | None:
        """A modifier's word; an error at the end of the text becomes ``missing``."""
        try:
            text, _ = self.stop_on(stop, raw_escapes)
        except _Error:
            if self.peek() is None:
                raise _Error(missing) from None
            raise
        return text

    # -- quotes

    def single_quote(self) -> str:
        quote = self.next()
        out = [quote] if self.raw_quotes and quote else []
        while True:
            ch = self.next()
            if ch is None:
                raise _Error("unexpected end of statement while looking for matching single-quote")
            if ch == "'":
                if self.raw_quotes:
                    out.append(ch)
                return "".join(out)
            out.append(ch)

    def double_quote(self) -> str | None:
        quote = self.next()
        out = _Text()
        if self.raw_quotes:
            out.add(quote)
        while True:
            ch = self.peek()
            if ch is None:
                raise _Error("unexpected end of statement while looking for matching double-quote")
            if ch == '"':
                self.next()
                if self.raw_quotes:
                    out.add(ch)
                return out.value()
            if ch == "$":
                out.add(self.dollar())
                continue
            self.next()
            if ch == self.escape:
                if self.raw_escapes:
                    out.add(ch)
                nxt = self.peek()
                if nxt is None:
                    continue  # dropped; the quote is then unterminated
                if nxt in ('"', "$", self.escape):
                    ch = self.next()
            out.add(ch)

    # -- processDollar

    def name(self) -> str:
        chars: list[str] = []
        while (ch := self.peek()) is not None:
            if not chars and _is_digit(ch):
                while (ch := self.peek()) is not None and _is_digit(ch):
                    chars.append(ch)
                    self.next()
                return "".join(chars)
            if not chars and ch in _SPECIAL_PARAMS:
                self.next()
                return ch
            if not _is_name_char(ch):
                break
            chars.append(ch)
            self.next()
        return "".join(chars)

    def dollar(self) -> str | None:
        self.next()
        if self.peek() != "{":
            name = self.name()
            if not name:
                return "$"
            value, state = self.lookup(name)
            if state is _UNSET and self.skip_unset:
                return "$" + name
            return value
        self.next()
        ch = self.peek()
        if ch is None:
            raise _Error("syntax error: missing '}'")
        if ch in "{}:":
            raise _Error("syntax error: bad substitution")
        name = self.name()
        ch = self.next()
        chs = _rune_text(ch)
        if ch == "}":
            value, state = self.lookup(name)
            if state is _UNSET and self.skip_unset:
                return "${" + name + "}"
            return value
        if ch == "/":
            return self.substitution(name)
        null_is_unset = ch == ":"
        if null_is_unset:
            ch = self.next()
            chs += _rune_text(ch)
        elif ch is None or ch not in "+-?#%":
            raise _Error(f"unsupported modifier ({chs}) in substitution")
        return self.modifier(name, ch, chs, null_is_unset)

    def modifier(self, name: str, ch: str | None, chs: str, null_is_unset: bool) -> str | None:
        raw = ch in ("#", "%")
        if null_is_unset and raw:
            raise _Error(f"unsupported modifier ({chs}) in substitution")
        word = self.until("}", raw, "syntax error: missing '}'")
        value, state = self.lookup(name)
        if self.skip_unset and state is not _SET:
            if state is _UNSET:
                return None if word is None else "${" + name + chs + word + "}"
            try:  # unset: kept as written; set: expanded, and that may fail
                self.apply(name, ch, chs, word, None, state, null_is_unset)
            except _Error:
                self.uncertain = True
            return None
        return self.apply(name, ch, chs, word, value, state, null_is_unset)

    def apply(
        self,
        name: str,
        ch: str | None,
        chs: str,
        word: str | None,
        value: str | None,
        state: str,
        null_is_unset: bool,
    ) -> str | None:
        empty = state is _UNSET or (null_is_unset and value == "")
        if ch == "-":
            return None if state is _UNKNOWN else word if empty else value
        if ch == "+":
            return None if state is _UNKNOWN else "" if empty else word
        if ch == "?":
            if state is _UNKNOWN:
                self.uncertain = True
                return None
            if state is _UNSET or empty:
                default = "is not allowed to be unset" if state is _UNSET else "is not allowed to be empty"
                message = UNKNOWN_TEXT if word is None else word or default
                raise _Error(f"{name}: {message}")
            return value
        if ch in ("#", "%"):
            if word is None:
                self.uncertain = True  # the pattern may be invalid
                return None
            greedy = word.startswith(ch)  # type: ignore[arg-type]
            if greedy:
                word = word[1:]
            if ch == "%":
                pattern = _reverse_pattern(word)
                regex = self.pattern(pattern, greedy, anchored=True)
                if value is None:
                    return None
                reversed_value = _runes(value)[::-1]
                m = regex.search(reversed_value)
                return (reversed_value[m.end() :] if m else reversed_value)[::-1]
            regex = self.pattern(word, greedy, anchored=True)
            if value is None:
                return None
            m = regex.search(_runes(value))
            return value[m.end() :] if m else value
        raise _Error(f"unsupported modifier ({chs}) in substitution")

    def substitution(self, name: str) -> str | None:
        replace_all = self.peek() == "/"
        if replace_all:
            self.next()
        pattern = self.until("/", True, "syntax error: missing '/' in ${}")
        replacement = self.until("}", True, "syntax error: missing '}'")
        value, state = self.lookup(name)
        if self.skip_unset and state is not _SET:
            if state is _UNSET:
                if pattern is None or replacement is None:
                    return None
                return "${" + name + "/" + pattern + "/" + replacement + "}"
            try:
                self.replace(pattern, replacement, None, replace_all)
            except _Error:
                self.uncertain = True
            return None
        return self.replace(pattern, replacement, value, replace_all)

    def replace(
        self, pattern: str | None, replacement: str | None, value: str | None, replace_all: bool
    ) -> str | None:
        if pattern is None:
            self.uncertain = True  # the pattern may be invalid
            return None
        regex = self.pattern(pattern, greedy=True, anchored=False)
        if value is None:
            return None
        subject = _runes(value)
        if replacement is None:
            return value if regex.search(subject) is None else None
        if replace_all:
            return _go_replace_all(regex, value, replacement)
        m = regex.search(subject)
        return value if m is None else value[: m.start()] + replacement + value[m.end() :]

    @staticmethod
    def pattern(pattern: str, greedy: bool, anchored: bool) -> re.Pattern[str]:
        regex = _compile_pattern(pattern, greedy, anchored)
        if isinstance(regex, str):
            raise _Error(f"invalid pattern ({pattern}) in substitution: {regex}")
        return regex


@dataclass(frozen=True)
class Lexer:
    """BuildKit's ``shell.Lex`` for one escape character.

    The flags are Lex's: ``raw_quotes`` keeps quote characters, ``raw_escapes`` keeps
    escape characters, ``skip_unset`` leaves a reference to an unset name as written
    (``$X``, ``${X}``, ``${X:-w}`` with ``w`` expanded), ``skip_quotes``
    (SkipProcessQuotes) treats quotes as ordinary characters, as BuildKit does for
    heredoc content.
    """

    escape: str = "\\"
    raw_quotes: bool = field(default=False, kw_only=True)
    raw_escapes: bool = field(default=False, kw_only=True)
    skip_unset: bool = field(default=False, kw_only=True)
    skip_quotes: bool = field(default=False, kw_only=True)

    def __post_init__(self) -> None:
        if not isinstance(self.escape, str) or len(self.escape) != 1:
            raise ValueError(f"the escape character must be one character, not {self.escape!r}")

    def process_word(self, word: str, env: Mapping[str, Value]) -> Expansion:
        """ProcessWordWithMatches: ``word`` expanded to one string (``value``).

        ``words`` is filled too, as the two come from the same pass.
        """
        return self._process(word, env)

    def process_words(self, word: str, env: Mapping[str, Value]) -> Expansion:
        """ProcessWords: ``word`` expanded, then split into ``words`` outside quotes.

        ``value`` is filled too, as the two come from the same pass.
        """
        return self._process(word, env)

    def _process(self, word: str, env: Mapping[str, Value]) -> Expansion:
        run = _Run(self, word, env)
        error = None
        try:
            value, words = run.stop_on(None, self.raw_escapes)
        except _Error as exc:
            reason = UNKNOWN_TEXT if run.uncertain else exc.message
            value, words, error = None, None, f"failed to process {go_quote(word)}: {reason}"
        except RecursionError:
            # Nesting deeper than Python's stack; BuildKit has no such limit, so the
            # result is unknown rather than guessed.
            value, words = None, None
        else:
            if run.uncertain:
                value, words = None, None
        return Expansion(
            value=value,
            words=words,
            matched=frozenset(run.matched),
            unset=tuple(run.unset),
            unknown=tuple(run.unknown),
            error=error,
        )
