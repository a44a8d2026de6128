"""Parsing a Dockerfile: pre-scan, then Lark (LALR, contextual lexer), then typed nodes.

1. :func:`dflint.syntax.prescan.scan` reads the file as BuildKit does and takes the
   decisions a grammar cannot (see its docstring), or raises for input BuildKit
   rejects.
2. The heredoc bodies are cut out of the text.
3. Lark lexes and parses the rest with ``dockerfile.lark``; :class:`PostLexer` inserts
   the pre-scan's decisions into the token stream and puts the bodies back as tokens;
   :class:`dflint.syntax.build.Builder` makes the nodes as Lark reduces.

The Lark parser is built once per escape character and per process, and its analysed
grammar is cached on disk, so a cold ``dflint`` start does not pay for grammar
analysis.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING

from dflint.syntax import buildkit as bk
from dflint.syntax import prescan
from dflint.syntax.errors import DockerfileSyntaxError

if TYPE_CHECKING:
    from lark import Lark, Token

    from dflint.syntax.cst import Dockerfile

_GRAMMARS = {
    "\\": ("dockerfile.lark",),
    "`": ("dockerfile.lark", "escape_backtick.lark"),
}
#: Bump when the way the cache is written changes.
_CACHE_FORMAT = "1"

_parsers: dict[str, Lark] = {}


_HERE = os.path.dirname(os.path.abspath(__file__))


def grammar_text(escape: str) -> str:
    """The grammar for a file whose escape character is ``escape``."""
    # Package data read next to this module: importlib.resources would cost more
    # start-up time than the whole parse of a small file.
    parts = []
    for name in _GRAMMARS[escape]:
        with open(os.path.join(_HERE, name), encoding="utf-8") as f:
            parts.append(f.read())
    return "\n".join(parts)


def cache_dir() -> str:
    """Where the analysed grammar is cached: ``$DFLINT_CACHE_DIR``, else the user cache."""
    explicit = os.environ.get("DFLINT_CACHE_DIR")
    if explicit:
        return explicit
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "dflint")


def cache_key(data: str) -> str:
    """A short name for cached data derived from ``data``.

    zlib's checksums rather than hashlib: this runs on every start-up, where importing
    hashlib costs more than the rest of the key; two 32-bit checksums and the length
    are plenty to tell versions of a grammar or a rule catalogue apart.
    """
    import zlib

    raw = data.encode()
    return f"{zlib.crc32(raw):08x}{zlib.adler32(raw):08x}{len(raw):x}"


def lark_options() -> dict[str, object]:
    return {"parser": "lalr", "lexer": "contextual", "maybe_placeholders": False}


def get_parser(escape: str = "\\") -> Lark:
    """The Lark parser for ``escape``, built once per process and cached on disk."""
    parser = _parsers.get(escape)
    if parser is not None:
        return parser
    import lark

    from dflint.syntax.build import Builder

    grammar = grammar_text(escape)
    key = cache_key(
        "\0".join((grammar, lark.__version__, f"{sys.version_info[0]}.{sys.version_info[1]}", _CACHE_FORMAT))
    )
    path = os.path.join(cache_dir(), f"grammar-{key}.lark")
    try:
        with open(path, "rb") as f:
            # Lark.load() takes no options; _load() is what Lark's own cache uses to
            # attach a transformer and a post-lexer to a saved parser.
            parser = lark.Lark.__new__(lark.Lark)._load(f, transformer=Builder(), postlex=PostLexer())
    except Exception:  # missing, unreadable or stale cache: build the parser
        parser = lark.Lark(grammar, transformer=Builder(), postlex=PostLexer(), **lark_options())
        _save(parser, path)
    _parsers[escape] = parser
    return parser


def _save(parser: Lark, path: str) -> None:
    # Written to a temporary file and renamed, so a concurrent dflint never reads half
    # a cache; a cache that cannot be written is not an error.
    import tempfile

    try:
        directory = os.path.dirname(path)
        os.makedirs(directory, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=directory, prefix=".grammar-")
        try:
            with os.fdopen(fd, "wb") as f:
                parser.save(f)
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise
    except OSError:
        pass


class PostLexer:
    """Hands the pre-scan's decisions to the grammar (see ``dockerfile.lark``)."""

    always_accept = ()

    def process(self, stream: Iterator[Token]) -> Iterator[Token]:
        from lark import Token

        from dflint.syntax.build import CONTEXT, BuildError
        from dflint.syntax.cst import logical

        ctx = CONTEXT.get()
        markers = iter(ctx.markers)
        directives_left = ctx.directive_count
        bodies = ctx.bodies
        marker = ""
        flags_left = 0
        for tok in stream:
            kind = tok.type
            if kind == "KEYWORD":
                yield tok
                shape, flags_left = next(markers, ("", 0))
                if not shape:
                    raise BuildError("more instruction words than the pre-scan found")
                marker = "MARK_" + shape.upper()
                if not flags_left:
                    yield Token.new_borrow_pos(marker, "", tok)
            elif kind == "FLAG":
                if bk.flag_word(logical(tok)) is None:
                    tok = Token.new_borrow_pos("FLAGS_END", tok, tok)
                yield tok
                flags_left -= 1
                if flags_left == 0:
                    yield Token.new_borrow_pos(marker, "", tok)
            elif kind == "NEWLINE":
                yield tok
                for body in bodies.get(tok.end_pos, ()):  # type: ignore[arg-type]
                    yield Token.new_borrow_pos("HEREDOC", body, tok)
            elif kind == "COMMENT_LINE" and directives_left:
                directives_left -= 1
                yield Token.new_borrow_pos("DIRECTIVE", tok, tok)
            else:
                yield tok


def _cut_heredocs(
    text: str, cuts: list[tuple[int, int]]
) -> tuple[str, dict[int, list[str]], list[tuple[int, int]]]:
    """The text without heredoc bodies, the bodies by where they were, and a map back."""
    if not cuts:
        return text, {}, []
    parts = []
    bodies: dict[int, list[str]] = {}
    shifts = []  # (offset in the cut text, characters removed before it)
    pos = 0
    removed = 0
    for start, end in cuts:
        parts.append(text[pos:start])
        key = start - removed
        bodies.setdefault(key, []).append(text[start:end])
        removed += end - start
        shifts.append((key, removed))
        pos = end
    parts.append(text[pos:])
    return "".join(parts), bodies, shifts


def _original_offset(offset: int, shifts: list[tuple[int, int]]) -> int:
    removed = 0
    for key, total in shifts:
        if offset >= key:
            removed = total
    return offset + removed


def _line_and_column(text: str, offset: int) -> tuple[int, int, str]:
    line_start = text.rfind("\n", 0, offset) + 1
    line_end = text.find("\n", offset)
    if line_end < 0:
        line_end = len(text)
    line = text.count("\n", 0, line_start) + 1
    return line, offset - line_start + 1, text[line_start:line_end].rstrip("\r")


def _source_line(text: str, line: int) -> str:
    lines = text.split("\n")
    if 1 <= line <= len(lines):
        return lines[line - 1].rstrip("\r").lstrip("\ufeff")
    return ""


def syntax_error(text: str, path: str | None, exc: prescan.PrescanError) -> DockerfileSyntaxError:
    source = _source_line(text, exc.line)
    column = exc.column
    if column <= 1:
        column = len(source) - len(bk.trim_left_space(source)) + 1
    return DockerfileSyntaxError(path, exc.line, column, exc.message, source_line=source)


def parse(text: str, path: str | None = None) -> Dockerfile:
    """Parse a Dockerfile into its lossless typed tree (``parse(text).code == text``).

    Raises :class:`DockerfileSyntaxError` for input BuildKit's parser rejects.
    """
    if not isinstance(text, str):
        raise TypeError(f"parse() takes str, not {type(text).__name__}")
    try:
        scan = prescan.scan(text)
    except prescan.PrescanError as exc:
        raise syntax_error(text, path, exc) from None

    from lark.exceptions import LarkError, UnexpectedInput

    from dflint.syntax.build import CONTEXT, BuildError, ParseContext

    lexed, bodies, shifts = _cut_heredocs(text, scan.cuts)
    token = CONTEXT.set(ParseContext(scan.escape, scan.markers, len(scan.directives), bodies))
    try:
        return get_parser(scan.escape).parse(lexed)  # type: ignore[no-any-return]
    except (LarkError, BuildError) as exc:
        offset = _original_offset(exc.pos_in_stream, shifts) if isinstance(exc, UnexpectedInput) else 0
        line, column, source = _line_and_column(text, offset or 0)
        raise DockerfileSyntaxError(
            path,
            line,
            column,
            f"dflint could not parse this line, which BuildKit accepts (please report it): {type(exc).__name__}",
            source_line=source,
            internal=True,
        ) from exc
    finally:
        CONTEXT.reset(token)
