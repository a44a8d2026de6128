"""BuildKit's AST-level Dockerfile semantics, reproduced exactly.

BuildKit's ``parser.Parse`` (moby/buildkit ``frontend/dockerfile/parser``; the
reference is the commit described in ``conformance/buildkit/SYNTAX.md``) reads a
Dockerfile as physical lines, joins the continuation lines of an instruction into one
*logical line*, and splits that line with a function chosen by the instruction word
(its ``dispatch`` table). The grammar in ``dockerfile.lark`` gives dflint a lossless
tree; this module gives the *meaning* of the text, exactly as BuildKit computes it. It
is shared by

- the pre-scan (:mod:`dflint.syntax.prescan`), which uses it to take the decisions a
  context-free grammar cannot (exec or shell form, ``ENV k v`` or ``k=v`` pairs,
  heredoc bodies), and
- the typed accessors of the tree, which compute values from the text a node owns.

Go details reproduced on purpose, because they change results on real files:
``unicode.IsSpace`` (not ``str.isspace``), ``strings.TrimSpace``, RE2 classes
(``\\s`` is ``[\\t\\n\\f\\r ]``), loops that walk a string byte by byte and treat each
byte as a rune (flag words, HEALTHCHECK), ``encoding/json`` number and surrogate
handling, and ``strconv.Quote`` for the dump.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

# Go's unicode.IsSpace: ASCII whitespace, NEL, NBSP and the Unicode White_Space
# separators.
GO_SPACES = (
    "\t\n\v\f\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007"
    "\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
_GO_SPACE_SET = frozenset(GO_SPACES)
# unicode.IsSpace(rune(b)) for a single byte b, as BuildKit's byte loops use it.
_BYTE_SPACES = frozenset(b"\t\n\v\f\r \x85\xa0")

# parser.go: reWhitespace = `[\t\v\f\r ]+`
_RE_WHITESPACE = re.compile(r"[\t\x0b\x0c\r ]+")
# parser.go: the heredoc operator inside one shell word.
_RE_HEREDOC = re.compile(r"([0-9]*)<<(-?)[\t\n\f\r ]*([^<]*)\Z")
# A word that is a heredoc operator so far: whitespace after it stays in the word.
_RE_HEREDOC_OPERATOR = re.compile(r"[0-9]*<<-?[" + re.escape(GO_SPACES) + r"]*\Z")
# directives.go: `^#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$`
RE_DIRECTIVE = re.compile(r"#[\t\n\f\r ]*([a-zA-Z][a-zA-Z0-9]*)[\t\n\f\r ]*=[\t\n\f\r ]*(.+?)[\t\n\f\r ]*\Z")
KNOWN_DIRECTIVES = frozenset({"syntax", "escape", "check"})

HEREDOC_INSTRUCTIONS = frozenset({"run", "copy", "add"})


class BuildKitError(Exception):
    """An error ``parser.Parse`` itself reports (not the typed-instruction layer)."""


NOT_STRING_ARRAY = "when using JSON array syntax, arrays must be comprised of strings only"


def trim_space(s: str) -> str:
    """strings.TrimSpace."""
    return s.strip(GO_SPACES)


def trim_left_space(s: str) -> str:
    return s.lstrip(GO_SPACES)


def go_lower(s: str) -> str:
    """strings.ToLower: rune-by-rune simple case mapping (no context, no expansion)."""
    if s.isascii():
        return s.lower()
    # str.lower() expands U+0130 to two runes; Go's simple mapping keeps the first.
    return "".join(ch.lower()[0] for ch in s)


def levenshtein(a: str, b: str) -> int:
    """agext/levenshtein's distance with its default costs, on runes (BuildKit's
    suggestions: unknown instructions, flags, undefined variables)."""
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def _decode(b: bytes) -> str:
    return b.decode("utf-8", "surrogateescape")


# -- splitting an instruction -------------------------------------------------------


def split_command(line: str, escape: str) -> tuple[str, list[str], str, int]:
    """split_command.go: the instruction word, its flags, the rest of the line, and how
    many flag tokens dflint's grammar reads before the rest (see :func:`flag_token_count`)."""
    parts = _RE_WHITESPACE.split(trim_space(line), 1)
    flags: list[str] = []
    args = ""
    tokens = 0
    if len(parts) == 2:
        args, flags = extract_builder_flags(parts[1])
        tokens = flag_token_count(parts[1])
    return parts[0], flags, trim_space(args), tokens


# The flag scan of extractBuilderFlags, over "units": the bytes of the line for
# BuildKit itself, or its characters for dflint's grammar.
_IN_SPACES, _IN_WORD, _IN_QUOTE = 0, 1, 2


def _scan_flags(
    units: list[int] | bytes, esc: int, word_spaces: frozenset[int], gap_spaces: frozenset[int]
) -> tuple[int | None, list[list[int]], int]:
    """Where the arguments start (None: at the end), the flag words, and the number of
    words read as flags (a final ``--`` included)."""
    n = len(units)
    words: list[list[int]] = []
    word: list[int] = []
    phase = _IN_SPACES
    quote = 0
    blank_ok = False
    consumed = 0
    pos = 0
    ch = 0
    while pos <= n:
        if pos != n:
            ch = units[pos]
        if phase == _IN_SPACES:
            if pos == n:
                break
            if ch in gap_spaces:
                pos += 1
                continue
            if ch != 0x2D or pos + 1 == n or units[pos + 1] != 0x2D:
                return pos, words, consumed
            phase = _IN_WORD
            consumed += 1
        if pos == n:  # in a word or a quote
            if word != [0x2D, 0x2D] and (blank_ok or word):
                words.append(word)
            break
        if phase == _IN_WORD:
            if ch in word_spaces:
                phase = _IN_SPACES
                if word == [0x2D, 0x2D]:
                    return pos, words, consumed
                if blank_ok or word:
                    words.append(word)
                word = []
                blank_ok = False
                pos += 1
                continue
            if ch == 0x27 or ch == 0x22:
                quote = ch
                blank_ok = True
                phase = _IN_QUOTE
                pos += 1
                continue
            if ch == esc:
                if pos + 1 == n:
                    pos += 1
                    continue
                pos += 1
                ch = units[pos]
            word.append(ch)
            pos += 1
            continue
        # in a quote
        if ch == quote:
            phase = _IN_WORD
            pos += 1
            continue
        if ch == esc:
            if pos + 1 == n:
                phase = _IN_WORD
                pos += 1
                continue
            pos += 1
            ch = units[pos]
        word.append(ch)
        pos += 1
    return None, words, consumed


def extract_builder_flags(line: str) -> tuple[str, list[str]]:
    """split_command.go extractBuilderFlags: leading ``--`` words become flags.

    Returns the rest of the line and the flags (a ``--`` that ends them is dropped).
    The escape is always ``\\``: BuildKit does not pass the escape directive's
    character here. BuildKit walks the line byte by byte and appends each byte as a
    rune, so a non-ASCII character inside a flag is re-encoded as Latin-1 and the
    bytes 0x85 and 0xA0 end a word; both quirks are kept.
    """
    b = line.encode("utf-8", "surrogateescape")
    start, words, _ = _scan_flags(b, 0x5C, _BYTE_SPACES, _BYTE_SPACES)
    rest = "" if start is None else _decode(b[start:])
    return rest, ["".join(map(chr, w)) for w in words]


# Characters whose UTF-8 ends in a byte BuildKit's flag loop takes for a blank (NEL,
# NBSP, U+2005): their first bytes join the word, the last one ends it.
_BYTE_LOOP_ENDS = re.compile("[\x85\xa0\u2005]")
_FLAG_GAP = frozenset(map(ord, "\t\n\v\f\r "))


def flag_token_count(line: str) -> int:
    """How many flag words dflint's grammar reads (the FLAG terminal), character by
    character. It equals BuildKit's count except where a character whose UTF-8
    contains the byte 0x85 or 0xA0 other than NEL, NBSP and U+2005 (such as "à") is
    inside a flag: BuildKit splits that flag in the middle of the character."""
    units = [ord(c) for c in _BYTE_LOOP_ENDS.sub("\x00 ", line)]
    return _scan_flags(units, 0x5C, _FLAG_GAP, _FLAG_GAP)[2]


def flag_word(text: str) -> str | None:
    """The flag a single ``--`` word stands for, or None for the ``--`` terminator."""
    _, words = extract_builder_flags(text)
    return words[0] if words else None


def health_type(text: str) -> str:
    """The HEALTHCHECK type word as BuildKit cuts it: at the first blank byte."""
    b = text.encode("utf-8", "surrogateescape")
    end = 0
    while end < len(b) and b[end] not in _BYTE_SPACES:
        end += 1
    return _decode(b[:end])


# -- the line parsers (line_parsers.go) ------------------------------------------------


def parse_words(rest: str, escape: str) -> list[str]:
    """parseWords: shell-like words; quotes and escapes are kept in the words."""
    words: list[str] = []
    word: list[str] = []
    in_spaces, in_word, in_quote = 0, 1, 2
    phase = in_spaces
    quote = ""
    blank_ok = False
    n = len(rest)
    pos = 0
    ch = ""
    while pos <= n:
        if pos != n:
            ch = rest[pos]
        if phase == in_spaces:
            if pos == n:
                break
            if ch in _GO_SPACE_SET:
                pos += 1
                continue
            phase = in_word
        if pos == n:
            if blank_ok or word:
                words.append("".join(word))
            break
        if phase == in_word:
            if ch in _GO_SPACE_SET:
                phase = in_spaces
                if blank_ok or word:
                    words.append("".join(word))
                word = []
                blank_ok = False
                pos += 1
                continue
            if ch == "'" or ch == '"':
                quote = ch
                blank_ok = True
                phase = in_quote
            if ch == escape:
                if pos + 1 == n:
                    pos += 1
                    continue
                word.append(ch)
                pos += 1
                ch = rest[pos]
            word.append(ch)
            pos += 1
            continue
        # in_quote
        if ch == quote:
            phase = in_word
        if ch == escape and quote != "'":
            if pos + 1 == n:
                phase = in_word
                pos += 1
                continue
            pos += 1
            word.append(ch)
            ch = rest[pos]
        word.append(ch)
        pos += 1
    return words


def parse_name_val(rest: str, key: str, escape: str) -> list[tuple[str, str, str]]:
    """parseNameVal (ENV, LABEL): ``(key, value, separator)`` triples.

    The separator is ``"="`` for ``k=v`` words and ``""`` for the legacy ``KEY value``
    form, whose value is the rest of the line.
    """
    words = parse_words(rest, escape)
    if not words:
        return []
    if "=" not in words[0]:
        parts = _RE_WHITESPACE.split(rest, 1)
        if len(parts) < 2:
            raise BuildKitError(f"{key} must have two arguments")
        return [(parts[0], parts[1], "")]
    out = []
    for word in words:
        if "=" not in word:
            raise BuildKitError(
                f"Syntax error - can't find = in {go_quote(word)}. Must be of the form: name=value"
            )
        k, v = word.split("=", 1)
        out.append((k, v, "="))
    return out


def split_whitespace(rest: str) -> list[str]:
    """parseStringsWhitespaceDelimited."""
    if rest == "":
        return []
    return _RE_WHITESPACE.split(rest)


class _GoNumberError(ValueError):
    pass


def _go_number(text: str) -> float:
    # encoding/json decodes every number into a float64; one that overflows is an
    # error, which makes BuildKit fall back to shell form.
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise _GoNumberError(text)
    return value


def _reject_constant(text: str) -> None:
    raise _GoNumberError(text)


_SURROGATE = re.compile("[\ud800-\udfff]")


def parse_json_array(rest: str) -> list[str] | None:
    """parseJSON: the strings of a JSON array, or None when ``rest`` is not one.

    Raises BuildKitError for a valid array with a non-string element.
    """
    rest = trim_left_space(rest)
    if not rest.startswith("["):
        return None
    try:
        value = json.loads(
            rest, parse_float=_go_number, parse_int=_go_number, parse_constant=_reject_constant
        )
    except RecursionError:
        if _deep_json_is_valid(rest):
            raise BuildKitError(NOT_STRING_ARRAY) from None
        return None
    except ValueError:
        return None
    if not isinstance(value, list):
        return None
    for item in value:
        if not isinstance(item, str):
            raise BuildKitError(NOT_STRING_ARRAY)
    # Go replaces unpaired surrogate escapes with U+FFFD; Python keeps them.
    return [_SURROGATE.sub("\ufffd", item) if not item.isascii() else item for item in value]


_JSON_TOKEN = (
    r"[ \t\n\r]*(?:(?P<open>[\[{])|(?P<close>[\]}])|(?P<sep>[,:])"
    r'|(?P<scalar>"(?:[^"\\\x00-\x1f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"'
    r"|-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?|true|false|null))"
)


def _deep_json_is_valid(text: str) -> bool:
    """Whether deeply nested JSON (too deep for Python's decoder) is valid for Go.

    Go's decoder accepts nesting up to 10000 levels. The check is lexical: balanced
    brackets of matching kinds with scalars, commas and colons between them.
    """
    token = re.compile(_JSON_TOKEN)  # compiled here: this path is rare
    stack: list[str] = []
    pos = 0
    end = len(text.rstrip(" \t\n\r"))
    while pos < end:
        m = token.match(text, pos)
        if m is None:
            return False
        pos = m.end()
        if m.group("open"):
            stack.append(m.group("open"))
            if len(stack) > 10000:
                return False
        elif m.group("close"):
            if not stack or "[{".index(stack.pop()) != "]}".index(m.group("close")):
                return False
            if not stack:
                return pos >= end
    return False


@dataclass(frozen=True, slots=True)
class Arguments:
    """What a dispatch function makes of the rest of the line."""

    shape: str  # the grammar marker: see SHAPES in prescan
    values: tuple[str, ...]
    json: bool = False


def parse_maybe_json(rest: str) -> Arguments:
    """parseMaybeJSON (RUN, CMD, ENTRYPOINT, SHELL)."""
    if rest == "":
        return Arguments("shell", ())
    values = parse_json_array(rest)
    if values is not None:
        return Arguments("exec", tuple(values), True)
    return Arguments("shell", (rest,))


def parse_maybe_json_to_list(rest: str) -> Arguments:
    """parseMaybeJSONToList (ADD, COPY, VOLUME)."""
    values = parse_json_array(rest)
    if values is not None:
        return Arguments("exec", tuple(values), True)
    return Arguments("words", tuple(split_whitespace(rest)))


def parse_health_config(rest: str) -> tuple[str | None, Arguments]:
    """parseHealthConfig: the type word (CMD, NONE, ...) and the command after it."""
    b = rest.encode("utf-8", "surrogateescape")
    sep = 0
    while sep < len(b) and b[sep] not in _BYTE_SPACES:
        sep += 1
    nxt = sep
    while nxt < len(b) and b[nxt] in _BYTE_SPACES:
        nxt += 1
    if sep == 0:
        return None, Arguments("health_shell", ())
    command = parse_maybe_json(_decode(b[nxt:]))
    shape = "health_exec" if command.json else "health_shell"
    return _decode(b[:sep]), Arguments(shape, command.values, command.json)


# -- heredocs ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class HeredocSpec:
    """A heredoc operator (``<<EOF``, ``<<-'EOF'``, ``3<<EOF``) as BuildKit reads it."""

    name: str
    file_descriptor: int
    expand: bool
    chomp: bool


class _ShellLexError(Exception):
    pass


class _ShellWords:
    """The parts of BuildKit's shell lexer (shell/lex.go) heredoc detection uses.

    Word splitting with quotes, escapes and ``$`` references; with ``skip_unset``
    (always set here, since the environment is empty) a reference stays as written.
    The escape character is always ``\\``, whatever the escape directive says.
    """

    __slots__ = ("text", "pos", "raw_quotes", "raw_escapes")

    def __init__(self, text: str, raw_quotes: bool, raw_escapes: bool) -> None:
        self.text = text
        self.pos = 0
        self.raw_quotes = raw_quotes
        self.raw_escapes = raw_escapes

    def _peek(self) -> str:
        return self.text[self.pos] if self.pos < len(self.text) else ""

    def _next(self) -> str:
        if self.pos < len(self.text):
            ch = self.text[self.pos]
            self.pos += 1
            return ch
        return ""

    def words(self) -> list[str]:
        return [w for w, _ in self.words_and_starts()]

    def words_and_starts(self) -> list[tuple[str, int]]:
        """The words, each with the offset where it starts."""
        words: list[tuple[str, int]] = []
        word: list[str] = []
        in_word = False
        token_start = 0
        word_start = 0

        def add_raw(s: str) -> None:
            nonlocal in_word, word_start
            if not word:
                word_start = token_start
            word.append(s)
            in_word = True

        def add_char(ch: str) -> None:
            nonlocal in_word, word
            if ch in _GO_SPACE_SET:
                if in_word and word:
                    current = "".join(word)
                    if _RE_HEREDOC_OPERATOR.match(current):
                        # Dockerfile 1.16: `<< EOF` keeps the blank with its operator.
                        word.append(ch)
                        return
                    words.append((current, word_start))
                    word = []
                    in_word = False
            else:
                add_raw(ch)

        while self.pos < len(self.text):
            token_start = self.pos
            ch = self._peek()
            if ch == "'":
                add_raw(self._single_quote())
            elif ch == '"':
                add_raw(self._double_quote())
            elif ch == "$":
                for c in self._dollar():
                    add_char(c)
            else:
                ch = self._next()
                if ch == "\\":
                    if self.raw_escapes:
                        add_raw(ch)
                    ch = self._next()
                    if ch == "":
                        break
                    add_raw(ch)
                else:
                    add_char(ch)
        if word:
            words.append(("".join(word), word_start))
        return words

    def _open_quote(self) -> list[str]:
        quote = self._next()
        return [quote] if self.raw_quotes else []

    def _single_quote(self) -> str:
        out = self._open_quote()
        while True:
            ch = self._next()
            if ch == "":
                raise _ShellLexError("unexpected end of statement while looking for matching single-quote")
            if ch == "'":
                if self.raw_quotes:
                    out.append(ch)
                return "".join(out)
            out.append(ch)

    def _double_quote(self) -> str:
        out = self._open_quote()
        while True:
            ch = self._peek()
            if ch == "":
                raise _ShellLexError("unexpected end of statement while looking for matching double-quote")
            if ch == '"':
                self._next()
                if self.raw_quotes:
                    out.append(ch)
                return "".join(out)
            if ch == "$":
                out.append(self._dollar())
                continue
            ch = self._next()
            if ch == "\\":
                nxt = self._peek()
                if nxt == "":
                    continue
                if nxt in '"$\\':
                    if self.raw_escapes:
                        out.append(ch)
                    ch = self._next()
            out.append(ch)

    def _dollar(self) -> str:
        # With an empty environment and SkipUnsetEnv, a reference stays as written;
        # only its extent and its syntax errors matter.
        start = self.pos
        self._next()
        if self._peek() != "{":
            self._name()
            return self.text[start : self.pos]
        self._next()
        ch = self._peek()
        if ch == "":
            raise _ShellLexError("syntax error: missing '}'")
        if ch in "{}:":
            raise _ShellLexError("syntax error: bad substitution")
        self._name()
        ch = self._next()
        if ch == "}":
            return self.text[start : self.pos]
        if ch in ":?#%/+-":
            if ch == ":":
                self._next()
            depth = 1
            while depth:
                c = self._next()
                if c == "":
                    raise _ShellLexError("syntax error: missing '}'")
                if c == "\\":
                    self._next()
                elif c == "{":
                    depth += 1
                elif c == "}":
                    depth -= 1
            return self.text[start : self.pos]
        if ch == "":
            raise _ShellLexError("syntax error: missing '}'")
        raise _ShellLexError(f"unsupported modifier ({ch}) in substitution")

    def _name(self) -> None:
        text = self.text
        if self.pos < len(text) and text[self.pos].isdigit() and text[self.pos].isascii():
            while self.pos < len(text) and text[self.pos].isascii() and text[self.pos].isdigit():
                self.pos += 1
            return
        if self.pos < len(text) and text[self.pos] in "@*#?-$!0":
            self.pos += 1
            return
        while self.pos < len(text) and (text[self.pos].isalnum() or text[self.pos] == "_"):
            self.pos += 1


def shell_words(text: str, raw_quotes: bool, raw_escapes: bool) -> list[str]:
    return _ShellWords(text, raw_quotes, raw_escapes).words()


def parse_heredoc(word: str) -> HeredocSpec | None:
    """ParseHeredoc: the heredoc one shell word opens, if any.

    Raises BuildKitError for an unbalanced quote in the delimiter.
    """
    m = _RE_HEREDOC.match(word)
    if m is None:
        return None
    fd_text, dash, rest = m.groups()
    if not rest:
        return None
    try:
        words = shell_words(rest, raw_quotes=False, raw_escapes=False)
        if len(words) != 1:
            return None
        raw = shell_words(rest, raw_quotes=True, raw_escapes=False)
    except _ShellLexError as exc:
        raise BuildKitError(str(exc)) from None
    name = words[0]
    quotes = name.count("'") + name.count('"')
    raw_quotes = raw[0].count("'") + raw[0].count('"')
    fd = min(int(fd_text), 2**64 - 1) if fd_text else 0
    return HeredocSpec(name, fd, quotes == raw_quotes, dash == "-")


def heredocs_from_line(line: str) -> list[HeredocSpec]:
    """heredocsFromLine: the heredocs a logical instruction line opens, in order."""
    return [spec for _, spec in heredoc_operators(line)]


def heredoc_operators(line: str) -> list[tuple[int, HeredocSpec]]:
    """The heredocs a line opens, each with the offset of its word (``3<<EOF``)."""
    if "<<" not in line:
        return []
    try:
        words = _ShellWords(line, raw_quotes=True, raw_escapes=True).words_and_starts()
    except _ShellLexError:
        return []  # BuildKit ignores lexing errors here: the line has no heredocs
    docs = []
    for word, start in words:
        spec = parse_heredoc(word)
        if spec is not None:
            docs.append((start, spec))
    return docs


def chomp_heredoc_content(content: str) -> str:
    """ChompHeredocContent: strip leading tabs from every line (``<<-``)."""
    return re.sub(r"(?m)^\t+", "", content)


# -- strconv.Quote -----------------------------------------------------------------

_SIMPLE_ESCAPES = {
    "\a": "\\a",
    "\b": "\\b",
    "\f": "\\f",
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
    "\v": "\\v",
    '"': '\\"',
    "\\": "\\\\",
}


def go_quote(s: str) -> str:
    """strconv.Quote."""
    if s.isascii() and s.isprintable() and '"' not in s and "\\" not in s:
        return f'"{s}"'
    out = ['"']
    for ch in s:
        code = ord(ch)
        if ch in _SIMPLE_ESCAPES:
            out.append(_SIMPLE_ESCAPES[ch])
        elif 0xDC80 <= code <= 0xDCFF:  # an undecodable byte (surrogateescape)
            out.append(f"\\x{code - 0xDC00:02x}")
        elif ch.isprintable():
            out.append(ch)
        elif code < 0x20 or code == 0x7F:
            out.append(f"\\x{code:02x}")
        elif 0xD800 <= code <= 0xDFFF:
            out.append("\\ufffd")
        elif code < 0x10000:
            out.append(f"\\u{code:04x}")
        else:
            out.append(f"\\U{code:08x}")
    out.append('"')
    return "".join(out)


def dump_instruction(
    name: str, flags: list[str] | tuple[str, ...], args: list[str] | tuple[str, ...], sub: str | None
) -> str:
    """Node.Dump for one instruction (``sub`` is the dump of an ONBUILD trigger)."""
    text = go_lower(name)
    if flags:
        text += " [" + " ".join(go_quote(f) for f in flags) + "]"
    if sub is not None:
        text += " (" + sub + ")"
    for arg in args:
        text += " " + go_quote(arg)
    return trim_space(text)


# -- CSV option lists (tonistiigi/go-csvvalue) ----------------------------------------


class CsvError(ValueError):
    """A ``--mount`` (or other option list) value that is not one CSV record."""


def _go_len(s: str) -> int:
    return len(s.encode("utf-8", "surrogatepass"))


def csv_fields(line: str) -> list[str]:
    """csvvalue.Fields: one CSV record, ``"`` quoting, no lazy quotes."""
    if line.endswith("\n"):
        line = line[:-2] if line.endswith("\r\n") else line[:-1]
    if not line:
        raise CsvError("EOF")
    fields: list[str] = []
    pos = 0
    while True:
        if not line or line[0] != '"':
            comma = line.find(",")
            field = line if comma < 0 else line[:comma]
            quote = field.find('"')
            if quote >= 0:
                column = pos + _go_len(field[:quote]) + 1
                raise CsvError(f'parse error on line 1, column {column}: bare " in non-quoted-field')
            fields.append(field)
            if comma < 0:
                return fields
            pos += _go_len(line[: comma + 1])
            line = line[comma + 1 :]
            continue
        line = line[1:]
        pos += 1
        half_open = False
        while True:
            quote = line.find('"')
            if quote < 0:
                raise CsvError(
                    f'parse error on line 1, column {pos + 1}: extraneous or missing " in quoted-field'
                )
            if half_open:
                fields[-1] += line[:quote]
            else:
                fields.append(line[:quote])
            half_open = False
            pos += _go_len(line[: quote + 1])
            line = line[quote + 1 :]
            if line[:1] == '"':
                fields[-1] += '"'
                line = line[1:]
                pos += 1
                half_open = True
            elif line[:1] == ",":
                line = line[1:]
                pos += 1
                break
            elif not line:
                return fields
            else:
                raise CsvError(
                    f'parse error on line 1, column {pos}: extraneous or missing " in quoted-field'
                )
