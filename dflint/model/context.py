"""The build context a Dockerfile is built with, and the ignore file that filters it.

This is the one place where rules see the file system: a rule asks its file's
:class:`BuildContexts` (``FileContext.build_context``) for the context and gets a
:class:`BuildContext`, or None when the context cannot be known.

Which directory
    The Dockerfile's directory (what ``docker build -f DIR/Dockerfile DIR`` and
    ``docker compose`` with the default ``context`` use), or the directory a rule's
    ``context`` option names, relative to the Dockerfile's directory (absolute paths
    too). Unknown for standard input (``-``, ``<stdin>``), for a Dockerfile path that
    is not a file when no context is configured (a text linted under an invented name),
    and for a context that is not a directory.

Which ignore file
    As BuildKit's ``dockerui`` reads it: ``<Dockerfile>.dockerignore`` beside the
    Dockerfile (``app.Dockerfile.dockerignore``) when it exists, else ``.dockerignore``
    at the context root. An ignore file that BuildKit rejects (a malformed pattern, a
    lone ``!``) fails every build, so the context is unknown then too.

Patterns (``moby/patternmatcher`` and its ``ignorefile`` reader, which BuildKit uses)
    Lines starting with ``#`` in column 1 are comments; the rest is trimmed, ``!``
    marks an exception, the pattern is cleaned like Go's ``filepath.Clean`` and a
    leading ``/`` is dropped: patterns are anchored at the context root, never matched
    at any depth as in ``.gitignore`` (``foo`` is only ``./foo``; ``**/foo`` is any
    ``foo``). Matching is Go's ``filepath.Match`` (``*`` and ``?`` never cross ``/``,
    ``[a-z]``/``[^a-z]`` classes, ``\\`` escapes) plus ``**`` for any number of
    directories. A path is excluded when the last pattern that matches it, or matches
    one of its parent directories, is not an exception (``MatchesOrParentMatches``).
"""

from __future__ import annotations

import os
import posixpath
import re
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from dflint.syntax.buildkit import trim_space

#: Dockerfile "paths" that name no file on disk.
STDIN_NAMES = frozenset({"", "-", "<stdin>"})
#: Files larger than this are not read (a manifest is small).
READ_LIMIT = 1 << 20
_WILDCARDS = frozenset("*?[")


class PatternError(ValueError):
    """A pattern BuildKit rejects (``filepath.ErrBadPattern``, or a lone ``!``)."""


# -- Go path helpers ----------------------------------------------------------------------


def go_clean(path: str) -> str:
    """Go's ``path.Clean``: the shortest equivalent path (``a//b/../c/`` -> ``a/c``)."""
    if not path:
        return "."
    rooted = path.startswith("/")
    parts: list[str] = []
    for part in path.split("/"):
        if part in ("", "."):
            continue
        if part == "..":
            if parts and parts[-1] != "..":
                parts.pop()
            elif not rooted:
                parts.append("..")
            continue
        parts.append(part)
    joined = "/".join(parts)
    if rooted:
        return "/" + joined
    return joined or "."


def context_path(source: str) -> str:
    """A COPY source as a path relative to the context root: cleaned, never above the
    root; ``""`` for the root itself (``.``, ``./``, ``/``)."""
    return go_clean("/" + source)[1:]


def has_wildcards(path: str) -> bool:
    """Whether a COPY source is a wildcard pattern (BuildKit's ``containsWildcards``)."""
    i = 0
    while i < len(path):
        if path[i] == "\\":
            i += 2
            continue
        if path[i] in _WILDCARDS:
            return True
        i += 1
    return False


def _class_end(pattern: str, i: int) -> tuple[int, list[tuple[str, str]], bool]:
    """Parse the character class opening at ``pattern[i]`` (``[``) as Go's ``matchChunk``
    does: (index after ``]``, ranges, negated). Raises PatternError like ``getEsc``."""
    n = len(pattern)
    i += 1
    negated = i < n and pattern[i] == "^"
    if negated:
        i += 1
    ranges: list[tuple[str, str]] = []

    def esc(j: int) -> tuple[str, int]:
        if j >= n or pattern[j] in "-]":
            raise PatternError("syntax error in pattern")
        if pattern[j] == "\\":
            j += 1
            if j >= n:
                raise PatternError("syntax error in pattern")
        if j + 1 >= n:  # nothing after it: the class is not closed
            raise PatternError("syntax error in pattern")
        return pattern[j], j + 1

    while True:
        if i < n and pattern[i] == "]" and ranges:
            return i + 1, ranges, negated
        lo, i = esc(i)
        hi = lo
        if pattern[i] == "-":
            hi, i = esc(i + 1)
        ranges.append((lo, hi))


def validate(pattern: str) -> None:
    """Raise PatternError when Go's ``filepath.Match`` rejects ``pattern`` (Go 1.16+
    checks the whole pattern, whatever the name)."""
    i = 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            if i + 1 >= len(pattern):
                raise PatternError("syntax error in pattern")
            i += 2
        elif c == "[":
            i = _class_end(pattern, i)[0]
        else:
            i += 1


def _glob_regex(pattern: str) -> re.Pattern[str]:
    """One path segment's ``filepath.Match`` pattern as a regular expression."""
    out: list[str] = []
    i = 0
    while i < len(pattern):
        c = pattern[i]
        if c == "*":
            out.append("[^/]*")
        elif c == "?":
            out.append("[^/]")
        elif c == "\\":
            if i + 1 >= len(pattern):
                raise PatternError("syntax error in pattern")
            i += 1
            out.append(re.escape(pattern[i]))
        elif c == "[":
            end, ranges, negated = _class_end(pattern, i)
            body = "".join(
                re.escape(lo) if lo == hi else f"{re.escape(lo)}-{re.escape(hi)}" for lo, hi in ranges
            )
            out.append(f"[{'^' if negated else ''}{body}]")
            i = end
            continue
        else:
            out.append(re.escape(c))
        i += 1
    return re.compile("".join(out) + r"\Z", re.DOTALL)


def go_match(pattern: str, name: str) -> bool:
    """Go's ``filepath.Match`` for one path segment (PatternError when malformed)."""
    return _glob_regex(pattern).match(name) is not None


# -- patternmatcher -----------------------------------------------------------------------

_REGEX_SPECIALS = frozenset(".+()|{}$")


@dataclass(frozen=True)
class Pattern:
    """One pattern of an ignore file, compiled as ``patternmatcher.Pattern`` compiles it."""

    text: str  #: the cleaned pattern, without its ``!``
    exclusion: bool  #: an exception (``!pattern``): re-includes what it matches
    line: int = 0  #: its line in the ignore file (0 when it did not come from one)
    kind: str = field(init=False)  #: "exact", "prefix", "suffix" or "regexp"
    regex: re.Pattern[str] | None = field(init=False, repr=False)

    def __post_init__(self) -> None:
        kind, regex = _compile(self.text)
        object.__setattr__(self, "kind", kind)
        object.__setattr__(self, "regex", regex)

    @property
    def dirs(self) -> list[str]:
        return self.text.split("/")

    @property
    def written(self) -> str:
        return ("!" if self.exclusion else "") + self.text

    def match(self, path: str) -> bool:
        if self.kind == "exact":
            return path == self.text
        if self.kind == "prefix":
            return path.startswith(self.text[:-2])
        if self.kind == "suffix":
            suffix = self.text[2:]
            return path.endswith(suffix) or (suffix.startswith("/") and path == suffix[1:])
        assert self.regex is not None
        return self.regex.match(path) is not None


def _compile(pattern: str) -> tuple[str, re.Pattern[str] | None]:
    """``Pattern.compile`` for ``/`` separators: how a pattern is matched, and its regexp."""
    out = ["^"]
    kind = "exact"
    i = 0
    n = len(pattern)
    first = True
    while i < n:
        c = pattern[i]
        i += 1
        if c == "*":
            if i < n and pattern[i] == "*":
                i += 1
                if i < n and pattern[i] == "/":  # `**/` is `**`
                    i += 1
                if i >= n:  # `**` at the end: anything below, as in .gitignore
                    if kind == "exact":
                        kind = "prefix"
                    else:
                        out.append(".*")
                        kind = "regexp"
                else:  # any number of directories, even none
                    out.append("(.*/)?")
                    kind = "regexp"
                if first:
                    kind = "suffix"
            else:
                out.append("[^/]*")
                kind = "regexp"
        elif c == "?":
            out.append("[^/]")
            kind = "regexp"
        elif c in _REGEX_SPECIALS:
            out.append("\\" + c)
        elif c == "\\":
            if i < n:  # escapes the next character
                out.append("\\" + pattern[i])
                i += 1
                kind = "regexp"
            else:
                out.append("\\\\")
        elif c in "[]":
            out.append(c)
            kind = "regexp"
        else:
            out.append(c)
        first = False
    if kind != "regexp":
        return kind, None
    with warnings.catch_warnings():  # `[[` is a nested set to Python, a `[` to Go
        warnings.simplefilter("ignore", FutureWarning)
        try:
            return kind, re.compile("".join(out) + r"\Z", re.DOTALL)
        except re.error as exc:
            raise PatternError(f"syntax error in pattern: {exc}") from None


class PatternMatcher:
    """``patternmatcher.PatternMatcher``: the patterns of one ignore file, in order."""

    def __init__(self, patterns: Iterable[str | tuple[int, str]]) -> None:
        self.patterns: list[Pattern] = []
        for item in patterns:
            line, text = item if isinstance(item, tuple) else (0, item)
            text = trim_space(text)
            if not text:
                continue
            text = go_clean(text)
            exclusion = text.startswith("!")
            if exclusion:
                if len(text) == 1:
                    raise PatternError('illegal exclusion pattern: "!"')
                text = text[1:]
            validate(text)
            self.patterns.append(Pattern(text, exclusion, line))

    @property
    def exclusions(self) -> bool:
        """Whether any pattern is an exception."""
        return any(p.exclusion for p in self.patterns)

    def deciding(self, path: str) -> Pattern | None:
        """The pattern that excludes ``path`` (a cleaned path relative to the context
        root), or None when it is not excluded (``MatchesOrParentMatches``)."""
        if path in ("", "."):
            return None  # the context itself is never excluded
        parents = path.split("/")[:-1]
        matched: Pattern | None = None
        for pattern in self.patterns:
            if pattern.exclusion != (matched is not None):
                continue
            hit = pattern.match(path) or any(
                pattern.match("/".join(parents[: i + 1])) for i in range(len(parents))
            )
            if hit:
                matched = None if pattern.exclusion else pattern
        return matched

    def matches(self, path: str) -> bool:
        return self.deciding(path) is not None

    def may_include_below(self, path: str) -> bool:
        """Whether an exception could re-include something inside the directory
        ``path`` (then an excluded directory still reaches the build, in part)."""
        segments = path.split("/") if path else []
        for pattern in self.patterns:
            if not pattern.exclusion:
                continue
            dirs = pattern.dirs
            if len(dirs) <= len(segments) and "**" not in pattern.text:
                continue
            for segment, glob in zip(segments, dirs, strict=False):
                if "**" in glob:
                    return True
                try:
                    if not go_match(glob, segment):
                        break
                except PatternError:
                    return True
            else:
                return True
        return False


def read_ignore_file(text: str) -> list[tuple[int, str]]:
    """``ignorefile.ReadAll``: the patterns of an ignore file with their line numbers
    (comments and blank lines dropped, ``/`` prefixes removed, ``!`` kept)."""
    out: list[tuple[int, str]] = []
    for number, line in enumerate(text.split("\n"), start=1):
        line = line.removesuffix("\r")
        if number == 1:
            line = line.removeprefix("\ufeff")
        if line.startswith("#"):
            continue
        pattern = trim_space(line)
        if not pattern:
            continue
        invert = pattern.startswith("!")
        if invert:
            pattern = trim_space(pattern[1:])
        if pattern:
            pattern = go_clean(pattern)
            if len(pattern) > 1 and pattern.startswith("/"):
                pattern = pattern[1:]
        out.append((number, "!" + pattern if invert else pattern))
    return out


# -- the context --------------------------------------------------------------------------


@dataclass(frozen=True)
class IgnoreFile:
    path: Path
    name: str  #: as messages name it: ``.dockerignore`` or ``app.Dockerfile.dockerignore``
    matcher: PatternMatcher
    text: str = ""

    def line(self, number: int) -> str:
        """Line ``number`` (1-based) as written, without surrounding blanks."""
        lines = self.text.split("\n")
        return trim_space(lines[number - 1]) if 0 < number <= len(lines) else ""


class BuildContext:
    """A build context directory and its ignore file (None when it has none)."""

    def __init__(self, root: Path, ignore: IgnoreFile | None) -> None:
        self.root = root
        self.ignore = ignore

    def __repr__(self) -> str:
        return f"BuildContext({str(self.root)!r}, ignore={self.ignore.name if self.ignore else None!r})"

    def _full(self, path: str) -> Path:
        return self.root / context_path(path) if path else self.root

    def excluded_by(self, path: str) -> Pattern | None:
        """The ignore-file pattern that keeps ``path`` out of the context, if any."""
        if self.ignore is None:
            return None
        return self.ignore.matcher.deciding(context_path(path))

    def excluded(self, path: str) -> bool:
        return self.excluded_by(path) is not None

    def exists(self, path: str) -> bool:
        """Whether ``path`` (relative to the context root) exists on disk, excluded or not."""
        return os.path.exists(self._full(path))

    def is_dir(self, path: str) -> bool:
        return os.path.isdir(self._full(path))

    def available(self, path: str) -> bool:
        """Whether ``path`` exists and the ignore file lets it into the context."""
        return self.exists(path) and not self.excluded(path)

    def glob(self, source: str) -> list[str]:
        """The context paths a COPY source names: itself when it has no wildcards and
        exists; else what its wildcards match, one segment at a time (``filepath.Match``
        per segment, so ``*`` never crosses ``/``). Sorted, excluded paths included."""
        rel = context_path(source)
        if not has_wildcards(rel):
            return [rel] if self.exists(rel) else []
        found = [""]
        for segment in rel.split("/"):
            step: list[str] = []
            for base in found:
                if has_wildcards(segment):
                    try:
                        names = sorted(os.listdir(self._full(base))) if self.is_dir(base) else []
                        step.extend(f"{base}/{n}".lstrip("/") for n in names if go_match(segment, n))
                    except (OSError, PatternError):
                        continue
                else:
                    literal = re.sub(r"\\(.)", r"\1", segment)
                    candidate = f"{base}/{literal}".lstrip("/")
                    if self.exists(candidate):
                        step.append(candidate)
            found = step
        return found

    def files(self, path: str) -> list[str]:
        """The files the context sends for ``path`` (the file itself, or every file under
        the directory), as context paths, without what the ignore file keeps out."""
        full = self._full(path)
        if not full.is_dir():
            return [] if self.excluded(path) else [path]
        out = []
        for root, dirs, names in os.walk(full):
            rel = os.path.relpath(root, self.root)
            dirs[:] = [d for d in dirs if not self.excluded(posixpath.normpath(posixpath.join(rel, d)))]
            found = (posixpath.normpath(posixpath.join(rel, n)) for n in names)
            out.extend(f for f in found if not self.excluded(f))
        return out

    def is_archive(self, path: str) -> bool | None:
        """Whether ``ADD`` extracts the file at ``path``: BuildKit decides by content (a
        tar stream, plain or compressed with gzip, bzip2, xz or zstd), whatever its name.
        None when it is not a regular file here."""
        import tarfile

        full = self._full(path)
        try:
            if not full.is_file():
                return None
            with open(full, "rb") as f:
                if f.read(4) == b"\x28\xb5\x2f\xfd":  # zstd, which tarfile cannot read here
                    return True
            return tarfile.is_tarfile(full)
        except (OSError, EOFError, ValueError):
            return None

    def read_text(self, path: str) -> str | None:
        """A small file of the context as text, or None (missing, too large, unreadable)."""
        full = self._full(path)
        try:
            if not full.is_file() or full.stat().st_size > READ_LIMIT:
                return None
            return full.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return None


def locate(dockerfile: str, configured: str = "") -> BuildContext | None:
    """The build context of the Dockerfile at ``dockerfile`` (see the module docstring),
    or None when it cannot be known."""
    if dockerfile in STDIN_NAMES:
        return None
    base = os.path.dirname(dockerfile)
    if configured:
        root = os.path.join(base, configured)
    elif os.path.isfile(dockerfile):
        root = base or "."
    else:
        return None
    if not os.path.isdir(root):
        return None
    root_path = Path(os.path.abspath(root))
    specific = Path(os.path.abspath(dockerfile + ".dockerignore"))
    for path in (specific, root_path / ".dockerignore"):
        if not path.is_file():
            continue
        try:
            text = path.read_bytes().decode("utf-8", errors="replace")
            matcher = PatternMatcher(read_ignore_file(text))
        except (OSError, PatternError):
            return None  # BuildKit cannot read it either: every build fails
        return BuildContext(root_path, IgnoreFile(path, path.name, matcher, text))
    return BuildContext(root_path, None)


class BuildContexts:
    """One Dockerfile's build contexts, by configured directory, each located once."""

    def __init__(self, dockerfile: str) -> None:
        self.dockerfile = dockerfile
        self._found: dict[str, BuildContext | None] = {}

    def get(self, configured: str | None = "") -> BuildContext | None:
        key = configured or ""
        if key not in self._found:
            self._found[key] = locate(self.dockerfile, key)
        return self._found[key]


def patterns_of(values: Sequence[str]) -> PatternMatcher | None:
    """A matcher for ``COPY --exclude`` patterns (the same syntax), or None if invalid."""
    try:
        return PatternMatcher(values)
    except PatternError:
        return None
