"""Moving to dflint: ``dflint migrate hadolint`` and ``dflint init``.

``migrate hadolint`` writes the ``.dflint.yaml`` that configures dflint as a
``.hadolint.yaml`` does. What each hadolint key means is what dflint already makes of it
when it reads a ``.hadolint.yaml`` (:func:`dflint.config._from_hadolint`, run here one
key at a time); which rule a DL code is comes from the rules' aliases. The hadolint file
is read with ruamel.yaml's round-trip loader for where its keys, items and comments are:
each comment goes with the entry written for its line (an end-of-line comment), or with
the entry below or above it (a comment line, by its indentation). Keys dflint has no
equivalent for, and codes no rule of either tool has, are kept as comments saying why.

With ``--pragmas`` the ``# hadolint ignore=`` comments of the Dockerfiles under the same
directory become ``# dflint: ignore=``, and ``# hadolint global ignore=`` before the first
instruction ``# dflint: ignore-file=``, in place.

``init`` writes a starter ``.dflint.yaml``: every key, commented out, with what it does.
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, TextIO

from dflint.aliases import SHELLCHECK_CODE, is_foreign, why_unused
from dflint.config import DFLINT_FILES, HADOLINT_FILES, Config, ConfigError
from dflint.diagnostics import LocatedError

EXIT_OK, EXIT_ERROR = 0, 2

#: why a hadolint key has no place in a dflint configuration
_UNSUPPORTED = {
    "format": "dflint's output format is a command-line option: `dflint --format`",
    "output-format": "dflint's output format is a command-line option: `dflint --format`",
    "no-color": "use `dflint --no-color` or the NO_COLOR environment variable",
    "verbose": "use `dflint --verbose`",
    "disable-ignore-pragma": "dflint always honours suppression comments; select DF003 "
    "(inline-ignore-pragma, hadolint's DL1001) to report them",
}


class MigrationError(LocatedError):
    """A problem that stops one step of a migration, with where it is."""


def _error(exc: LocatedError) -> str:
    where = exc.path if exc.line is None else f"{exc.path}:{exc.line}:{exc.column or 1}"
    return f"dflint: error: {where}: {exc.message}"


# -- codes -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MappedCode:
    code: str | None  #: what to write in dflint's configuration (None: nothing can be)
    note: str | None  #: for a comment beside it: the code it was, or why it is kept as it is


def _selector():  # type: ignore[no-untyped-def]
    from dflint.catalogue import builtin_rules
    from dflint.selection import Selector

    return Selector(builtin_rules())


def map_code(code: str, selector: Any) -> MappedCode:
    """The code to write in dflint's place of a code written for hadolint.

    A hadolint code that is a rule's only alias becomes the rule's id. One of several
    codes of a rule stays as it is, since it names only its own findings (``DL3052`` of
    DF640); so does a ShellCheck code (DF400's findings of that code).
    """
    written = code.strip()
    if SHELLCHECK_CODE.match(written.upper()):
        return MappedCode(written, None)
    ids = selector.resolve_code(written)
    if len(ids) == 1:
        (rule_id,) = ids
        info = selector.rules[rule_id]
        if written.upper() == rule_id or written.lower() == info.name:
            return MappedCode(written, None)
        if selector.partial_rule(written) is not None:
            return MappedCode(written, f"one of the codes of {rule_id} ({info.name})")
        return MappedCode(rule_id, written)
    if ids:
        return MappedCode(written, f"names {', '.join(sorted(ids))}")
    if is_foreign(written):
        return MappedCode(written, f"not used: {why_unused(written)}")
    return MappedCode(None, "no rule of hadolint or dflint has this code")


# -- the configuration written -------------------------------------------------------------


@dataclass(eq=False)
class _Block:
    """A mapping (``seq`` False) or a sequence, as entries."""

    seq: bool
    entries: list[_Entry] = field(default_factory=list)

    def get(self, key: str) -> _Entry | None:
        return next((e for e in self.entries if e.key == key), None)


@dataclass(eq=False)
class _Entry:
    """One key of a mapping or item of a sequence, with the comments around it."""

    key: str | None  #: None in a sequence
    value: Any  #: a scalar or a _Block
    line: int | None = None  #: the hadolint file's line (0-based) it comes from
    note: str | None = None  #: what dflint adds in the end-of-line comment
    eol: str | None = None  #: the hadolint file's end-of-line comment, from its "#"
    before: list[str] = field(default_factory=list)  #: comment lines above ("" blank)
    after: list[str] = field(default_factory=list)  #: comment lines below its value
    #: made to hold entries of several hadolint keys (``rules:``): takes the comments
    #: above the first, not the end-of-line one
    container: bool = False

    def walk(self) -> Iterator[_Entry]:
        yield self
        if isinstance(self.value, _Block):
            for entry in self.value.entries:
                yield from entry.walk()


@dataclass(slots=True)
class _Comment:
    line: int  #: 0-based
    col: int
    text: str  #: from its "#" ("" for a blank line)
    full: bool  #: a line of its own (else at the end of a line of YAML)


_PLAIN = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.\-/:@+]*\Z")


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, (int, float)):
        return json.dumps(value)
    text = str(value)
    if _PLAIN.match(text) and _reads_as_string(text):
        return text
    return json.dumps(text, ensure_ascii=False)


def _reads_as_string(text: str) -> bool:
    from ruamel.yaml import YAML

    return YAML(typ="safe").load(text) == text  # not true, null, 1.0, ...


def _eol(entry: _Entry) -> str:
    original = entry.eol[1:].strip() if entry.eol else ""
    note = entry.note
    if not note:
        return f"  {entry.eol}" if entry.eol else ""
    if original and note.lower() in original.lower():  # "# DL3008 pin versions" says it already
        return f"  {entry.eol}"
    return f"  # {note}: {original}" if original else f"  # {note}"


def _render(block: _Block, indent: int, out: list[str]) -> None:
    pad = " " * indent
    for entry in block.entries:
        out += [pad + line if line else "" for line in entry.before]
        head = pad + ("-" if block.seq else f"{_scalar(entry.key)}:")
        value = entry.value
        if isinstance(value, _Block) and value.entries and not block.seq:
            out.append(head + _eol(entry))
            _render(value, indent + 2, out)
        elif isinstance(value, _Block):
            out.append(f"{head} {_flow(value)}{_eol(entry)}")
        else:
            out.append(f"{head} {_scalar(value)}{_eol(entry)}")
        out += [pad + line if line else "" for line in entry.after]


def _flow(block: _Block) -> str:
    """A block in flow style (JSON is YAML): an empty one, or one in a sequence."""

    def plain(value: Any) -> Any:
        if not isinstance(value, _Block):
            return value
        if value.seq:
            return [plain(e.value) for e in value.entries]
        return {e.key: plain(e.value) for e in value.entries}

    return json.dumps(plain(block), ensure_ascii=False)


# -- reading the hadolint file -------------------------------------------------------------


def _comments(doc: Any, lines: list[str]) -> dict[int, _Comment]:
    """Every comment of the document, by line, from ruamel's comment tokens (which know
    a ``#`` inside a quoted string from a comment)."""
    from ruamel.yaml.tokens import CommentToken

    found: dict[int, _Comment] = {}
    seen: set[int] = set()

    def tokens(slot: Any) -> Iterator[CommentToken]:
        if isinstance(slot, CommentToken):
            yield slot
        elif isinstance(slot, list):
            for item in slot:
                yield from tokens(item)

    def add(token: CommentToken) -> None:
        # A token holds a comment at the end of its line, then the comment (and blank)
        # lines after it; one that starts with a line end holds only the lines after.
        value: str = token.value
        first = token.start_mark.line
        segments = value.split("\n")
        if value.startswith("\n"):
            segments = segments[1:]
        for k, segment in enumerate(segments):
            n = first + k
            if "#" not in segment or n >= len(lines):
                continue
            source = lines[n]
            if k == 0 and not value.startswith("\n"):
                col = token.start_mark.column
            else:
                col = len(source) - len(source.lstrip())
            if not source[col:].startswith("#"):
                col = source.rfind(segment.strip())
                if col < 0:
                    continue
            found[n] = _Comment(n, col, source[col:].rstrip(), not source[:col].strip())

    def walk(node: Any) -> None:
        ca = getattr(node, "ca", None)
        if ca is not None:
            for token in tokens([ca.comment, *ca.items.values(), getattr(ca, "end", None)]):
                if id(token) not in seen:
                    seen.add(id(token))
                    add(token)
        if isinstance(node, Mapping):
            for child in node.values():
                walk(child)
        elif isinstance(node, list):
            for child in node:
                walk(child)

    walk(doc)
    # ruamel drops comments around the document markers (`---`, `...`) and those of a
    # file with no YAML in it; a line that starts with "#" is a comment unless it is in a
    # multi-line string
    if not any(isinstance(s, str) and "\n" in s for s in _scalars(doc)):
        for n, source in enumerate(lines):
            if n not in found and source.lstrip().startswith("#"):
                col = len(source) - len(source.lstrip())
                found[n] = _Comment(n, col, source[col:].rstrip(), True)
    return found


def _scalars(node: Any) -> Iterator[Any]:
    if isinstance(node, Mapping):
        for key, value in node.items():
            yield key
            yield from _scalars(value)
    elif isinstance(node, list):
        for value in node:
            yield from _scalars(value)
    else:
        yield node


def _key_line(node: Any, key: Any, default: int) -> int:
    try:
        return int(node.lc.key(key)[0])
    except (AttributeError, KeyError, TypeError):
        return default


def _item_line(node: Any, index: int, default: int) -> int:
    try:
        return int(node.lc.item(index)[0])
    except (AttributeError, IndexError, KeyError, TypeError):
        return default


def _tree(value: Any, node: Any, line: int | None) -> Any:
    """``value`` (as dflint's reading of the hadolint file has it) as entries, each on
    the line of its counterpart in ``node`` (the YAML it was read from), else ``line``."""
    if isinstance(value, Mapping):
        block = _Block(seq=False)
        keys = {str(k): k for k in node} if isinstance(node, Mapping) else {}
        for k, v in value.items():
            original = keys.get(str(k))
            at = line if original is None else _key_line(node, original, line or 0)
            block.entries.append(
                _Entry(str(k), _tree(v, None if original is None else node[original], at), at)
            )
        return block
    if isinstance(value, list):
        same = isinstance(node, list) and len(node) == len(value)
        return _Block(
            seq=True,
            entries=[
                _Entry(
                    None,
                    _tree(v, node[i] if same else None, line),
                    _item_line(node, i, line or 0) if same else line,
                )
                for i, v in enumerate(value)
            ],
        )
    return value


def find_hadolint_config(path: str) -> str:
    """The hadolint configuration ``path`` is, or holds."""
    if os.path.isdir(path):
        for name in HADOLINT_FILES:
            candidate = os.path.normpath(os.path.join(path, name))
            if os.path.isfile(candidate):
                return candidate
        raise MigrationError(path, f"no {' or '.join(HADOLINT_FILES)} in this directory")
    if not os.path.exists(path):
        raise MigrationError(path, "no such file or directory")
    return path


class _Migration:
    """The entries of the dflint configuration, and the comments to place among them."""

    def __init__(self, path: str, text: str, doc: Any, selector: Any) -> None:
        self.path = path
        self.lines = text.splitlines()
        self.doc = doc
        self.selector = selector
        self.top = _Block(seq=False)
        self.comments = _comments(doc, self.lines)
        #: comments the migration adds for what it does not migrate
        self.extra: list[_Comment] = []
        #: codes not migrated: (line, comment)
        self.drops: list[tuple[int, str]] = []
        self.default_enabled = frozenset(selector.enabled(None))

    def indent(self, n: int) -> int:
        return len(self.lines[n]) - len(self.lines[n].lstrip())

    def keep_as_comment(self, start: int, end: int, why: str) -> None:
        """A key that is not migrated: a comment saying why, then the key as it was."""
        self.extra.append(_Comment(start, 0, f"# not migrated: {why}", True))
        for n in range(start, end):
            source = self.lines[n]
            if source.strip() in ("", "---", "...") or self._full_comment(n):
                continue
            self.comments.pop(n, None)  # an end-of-line comment stays in its line
            self.extra.append(_Comment(n, 0, "# " + source.rstrip(), True))

    def _full_comment(self, n: int) -> bool:
        return n in self.comments and self.comments[n].full

    def section(self, key: str, value: Any, line: int | None, note: str | None = None) -> _Entry:
        entry = self.top.get(key)
        if entry is None:
            entry = _Entry(key, value, line, note)
            self.top.entries.append(entry)
        return entry

    def codes(self, block: _Block) -> None:
        """Map the codes of a sequence; those that cannot be written become comments."""
        kept = []
        for entry in block.entries:
            mapped = map_code(str(entry.value), self.selector)
            if mapped.code is None:
                self.drops.append((entry.line or 0, f"# {entry.value}: not migrated: {mapped.note}"))
                continue
            entry.value, entry.note = mapped.code, mapped.note
            kept.append(entry)
        block.entries = kept

    def add_key(self, index: int, key: Any) -> None:
        from dflint import config as configuration
        from dflint.yaml_files import plain

        keys = list(self.doc)
        node = self.doc[key]
        start = _key_line(self.doc, key, 0)
        end = (
            _key_line(self.doc, keys[index + 1], len(self.lines))
            if index + 1 < len(keys)
            else len(self.lines)
        )
        delta = Config(path=self.path, kind="hadolint")
        configuration._from_hadolint(delta, plain({key: node}))
        name = str(key)
        if delta.notes:
            self.keep_as_comment(start, end, _UNSUPPORTED.get(name, "not a hadolint setting dflint knows"))
            return
        if delta.ignore:
            section = self.section("ignore", _Block(seq=True), start)
            section.value.entries += _tree(delta.ignore, node, start).entries
            self.codes(section.value)
        if delta.severity:
            self.severity(delta, node, start)
        if delta.failure_threshold is not None:
            self.threshold(name, node, delta.failure_threshold, start)
        if delta.rules:
            self.rule_options(delta, node, start)
        if not (delta.ignore or delta.severity or delta.failure_threshold or delta.rules):
            self.keep_as_comment(start, end, "no effect: dflint's default is the same")

    def severity(self, delta: Config, node: Any, start: int) -> None:
        where: dict[str, int] = {}
        if isinstance(node, Mapping):
            for level, codes in node.items():
                level_line = _key_line(node, level, start)
                if isinstance(codes, list):
                    for i, code in enumerate(codes):
                        where[str(code).strip()] = _item_line(codes, i, level_line)
                else:
                    for code in str(codes).split(","):
                        where[code.strip()] = level_line
        section = self.section("severity", _Block(seq=False), start)
        for code, level in delta.severity.items():
            mapped = map_code(code, self.selector)
            if mapped.code is None:
                self.drops.append((where.get(code, start), f"# {code}: not migrated: {mapped.note}"))
                continue
            existing = section.value.get(mapped.code)
            if existing is not None:  # the last one wins, as when dflint reads the file
                existing.value = level
                continue
            section.value.entries.append(_Entry(mapped.code, level, where.get(code, start), mapped.note))
        # hadolint runs a rule that is off by default once its severity is overridden:
        # only those need selecting
        for code in delta.extend_select:
            mapped = map_code(code, self.selector)
            ids = self.selector.resolve_code(code)
            if mapped.code is None or not ids or ids <= self.default_enabled:
                continue
            extend = self.section(
                "extend-select",
                _Block(seq=True),
                None,
                "off by default; hadolint runs them once their severity is overridden",
            )
            if not any(e.value == mapped.code for e in extend.value.entries):
                extend.value.entries.append(_Entry(None, mapped.code, None, mapped.note))

    def threshold(self, name: str, node: Any, value: str, start: int) -> None:
        source = f"{name}: {_scalar(node)}"
        note = f"from `{source}`" if source != f"failure-threshold: {value}" else None
        entry = self.top.get("failure-threshold")
        if entry is not None and entry.line is not None:  # the last key wins, as when dflint reads the file
            self.top.entries.remove(entry)
            self.keep_as_comment(entry.line, entry.line + 1, f"`{name}` below decides")
        self.section("failure-threshold", value, start, note)

    def rule_options(self, delta: Config, node: Any, start: int) -> None:
        rules = self.section("rules", _Block(seq=False), start)
        rules.container = True
        for code, options in delta.rules.items():
            ids = self.selector.resolve_code(code)
            rule_id = next(iter(ids)) if len(ids) == 1 else code
            entry = rules.value.get(rule_id)
            if entry is None:
                entry = _Entry(
                    rule_id, _Block(seq=False), start, code if rule_id != code else None, container=True
                )
                rules.value.entries.append(entry)
            for option, value in options.items():
                existing = entry.value.get(option)
                if existing is not None:
                    entry.value.entries.remove(existing)
                entry.value.entries.append(_Entry(option, _tree(value, node, start), start))

    def place_comments(self) -> tuple[list[str], list[str]]:
        """Attach every comment to an entry; returns the file's header and footer lines.

        An end-of-line comment goes with the first entry written for its line. Comment
        lines (and those of lines written as nothing, such as `error:`) go in runs: the
        lines of a run indented deeper than the YAML after it close the entry above,
        the others open the entry below.
        """
        header: list[str] = []
        footer: list[str] = []
        by_line: dict[int, list[_Entry]] = {}
        for top in self.top.entries:
            for entry in top.walk():
                if entry.line is not None:
                    by_line.setdefault(entry.line, []).append(entry)

        def at_or_before(n: int) -> _Entry | None:
            lines = [line for line in by_line if line <= n]
            return by_line[max(lines)][-1] if lines else None

        def at_or_after(n: int) -> _Entry | None:
            lines = [line for line in by_line if line >= n]
            return by_line[min(lines)][0] if lines else None

        floating: list[_Comment] = []
        for line, text in self.drops:
            if line in by_line:  # a code dropped from a flow sequence
                by_line[line][-1].after.append(text)
                continue
            own = self.comments.get(line)
            if own is not None and not own.full:  # the item's own comment, kept with it
                del self.comments[line]
                text += f" ({own.text[1:].strip()})"
            floating.append(_Comment(line, self.indent(line), text, True))
        for comment in self.comments.values():
            if comment.full:
                floating.append(comment)
            elif comment.line in by_line:
                on_line = by_line[comment.line]
                next((e for e in on_line if not e.container), on_line[0]).eol = comment.text
            else:
                floating.append(_Comment(comment.line, self.indent(comment.line), comment.text, True))
        for comment in self.extra:
            if comment.line in by_line:
                by_line[comment.line][-1].after.append(comment.text)
            else:
                floating.append(comment)
        floating += [_Comment(n, 0, "", True) for n, source in enumerate(self.lines) if not source.strip()]
        floating.sort(key=lambda c: c.line)  # stable: added comments keep their order

        content = sorted(by_line)
        groups: list[list[_Comment]] = []
        for comment in floating:
            if groups and not any(groups[-1][-1].line < n < comment.line for n in content):
                groups[-1].append(comment)
            else:
                groups.append([comment])
        for group in groups:
            previous = max((n for n in content if n < group[0].line), default=None)
            following = min((n for n in content if n > group[-1].line), default=None)
            texts = [c.text for c in group]
            if previous is None:
                header += texts
                continue
            above = at_or_before(previous)
            if following is None or above is None:
                footer += texts
                continue
            below = at_or_after(following)
            assert below is not None
            split = next(
                (i for i, c in enumerate(group) if c.text and c.col <= self.indent(following)), len(group)
            )
            above.after += texts[:split]
            below.before += texts[split:]
        return header, footer


def migrate_config(path: str) -> str:
    """The text of the ``.dflint.yaml`` equivalent to the hadolint configuration ``path``;
    ConfigError for a problem in it."""
    from dflint import config as configuration
    from dflint import yaml_files

    configuration.load(path, "hadolint")  # every error, with where it is
    with open(path, encoding="utf-8") as f:
        text = f.read()
    doc = yaml_files.load(text, path, ConfigError)
    if doc is None:
        doc = {}
    migration = _Migration(path, text, doc, _selector())
    for index, key in enumerate(list(doc)):
        migration.add_key(index, key)
    header, footer = migration.place_comments()
    out = [
        f"# dflint configuration, migrated from {os.path.basename(path)} by `dflint migrate hadolint`.",
        "# `dflint rules` lists every rule with its hadolint code; docs/configuration.md the keys.",
    ]
    if header and header[0]:
        out.append("")
    out += [line.lstrip() for line in header]
    _render(migration.top, 0, out)
    out += [line.lstrip() for line in footer]
    while out and not out[-1]:
        out.pop()
    result = "\n".join(out) + "\n"
    # what is written must be a configuration dflint reads
    data = yaml_files.load(result, path, ConfigError)
    configuration._from_dflint(Config(path=path, kind="dflint"), yaml_files.plain(data) or {})
    return result


# -- pragmas -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PragmaChange:
    line: int  #: 1-based
    before: str
    after: str  #: one or two comment lines (a hadolint one keeps what dflint's cannot say)


def convert_pragmas(df: Any, selector: Any) -> tuple[str, list[PragmaChange], list[tuple[int, str]]]:
    """A parsed Dockerfile's text with its hadolint pragmas in dflint's syntax, the
    changes, and notes (line, message) on what was kept.

    Codes dflint's own pragma cannot name (hadolint's removed rules, rules no dflint rule
    is an alias of, unknown codes) stay in a ``# hadolint`` comment on the next line, where
    they mean what they meant. A ``global ignore`` after the first instruction is kept:
    ``ignore-file`` works only before it, and dflint reads hadolint's form anywhere.
    """
    from dflint.pragmas import _CODE, _HADOLINT
    from dflint.syntax import cst
    from dflint.syntax.positions import Positions

    positions = Positions(df)
    text: str = df.code
    known = selector.known_codes
    comments = [
        (item, i == 0)
        for i, instruction in enumerate(df.instructions)
        for item in instruction.leading_lines
        if isinstance(item, cst.Comment)
    ]
    comments += [(item, False) for item in df.footer if isinstance(item, cst.Comment)]
    edits: list[tuple[int, int, str]] = []
    changes: list[PragmaChange] = []
    notes: list[tuple[int, str]] = []
    for item, leading in comments:
        m = _HADOLINT.match(item.text)
        if not m:
            continue
        span = positions.span(item)
        line = span.start.line
        whole_file = bool(m.group("global"))
        if whole_file and not leading:
            notes.append(
                (
                    line,
                    f"`{item.text}` kept: `# dflint: ignore-file` works only in the comments before "
                    "the first instruction, and dflint honours hadolint's form anywhere",
                )
            )
            continue
        ours: list[str] = []
        theirs: list[str] = []
        for found in _CODE.finditer(m.group("codes")):
            code = found.group()
            mapped = map_code(code, selector)
            if mapped.code is not None and mapped.code.lower() in known:
                if mapped.code not in ours:
                    ours.append(mapped.code)
            else:
                theirs.append(code)
                notes.append((line, f"{code} kept in a hadolint pragma: {mapped.note}"))
        if not ours:
            continue
        new = f"# dflint: {'ignore-file' if whole_file else 'ignore'}={','.join(ours)}"
        shown = new
        if theirs:
            kept = f"# hadolint {'global ' if whole_file else ''}ignore={','.join(theirs)}"
            new += (item.newline or "\n") + item.indent + kept
            shown += f" + {kept}"
        edits.append((span.start.offset, span.end.offset, new))
        changes.append(PragmaChange(line, item.text, shown))
    for start, end, new in reversed(edits):
        text = text[:start] + new + text[end:]
    return text, changes, notes


def migrate_pragmas(directory: str, err: TextIO) -> int:
    """Rewrite the hadolint pragmas of the Dockerfiles under ``directory``; the exit status."""
    from dflint.cli import InputError, parse_file
    from dflint.discovery import discover
    from dflint.run import Options, UsageError, Workspace, write_atomically

    selector = _selector()
    workspace = Workspace(Options(paths=[directory]))

    def excluded(path: str) -> bool:
        try:
            return workspace.for_file(path).config.excludes(path)
        except (ConfigError, UsageError):
            return False

    status = EXIT_OK
    files = rewritten = 0
    for path in discover([directory], excluded):
        try:
            df = parse_file(path)
        except InputError as exc:
            print(_error(MigrationError(exc.path, exc.message, exc.line, exc.column)), file=err)
            status = EXIT_ERROR
            continue
        text, changes, notes = convert_pragmas(df, selector)
        if changes:
            problem = write_atomically(path, text, df.code)
            if problem:
                print(f"dflint: error: {problem}", file=err)
                status = EXIT_ERROR
                continue
            files += 1
            rewritten += len(changes)
        report = [(c.line, f"{c.before} -> {c.after}") for c in changes]
        report += [(line, f"note: {message}") for line, message in notes]
        for line, message in sorted(report, key=lambda r: r[0]):
            print(f"{path}:{line}: {message}", file=err)
    if rewritten:
        print(f"Rewrote {rewritten} pragma(s) in {files} file(s).", file=err)
    else:
        print(f"No hadolint pragmas to rewrite under {directory}.", file=err)
    return status


# -- commands ------------------------------------------------------------------------------


def _target(directory: str) -> tuple[str, bool]:
    """Where dflint's configuration goes in ``directory``, and whether one is there."""
    for name in DFLINT_FILES:
        candidate = os.path.normpath(os.path.join(directory, name))
        if os.path.lexists(candidate):
            return candidate, True
    return os.path.normpath(os.path.join(directory, DFLINT_FILES[0])), False


def _write(path: str, text: str, exists: bool) -> None:
    """Write a configuration; MigrationError when it cannot be written."""
    if exists:
        from dflint.run import write_atomically

        try:
            with open(path, encoding="utf-8") as f:
                original = f.read()
        except (OSError, UnicodeDecodeError) as exc:
            raise MigrationError(path, f"cannot read: {getattr(exc, 'strerror', None) or exc}") from None
        problem = write_atomically(path, text, original)
        if problem:
            raise MigrationError(path, problem.removeprefix(f"{path}: "))
        return
    try:
        with open(path, "x", encoding="utf-8") as f:
            f.write(text)
    except OSError as exc:
        raise MigrationError(path, f"cannot write: {exc.strerror or exc}") from None


def _refuse(path: str) -> MigrationError:
    return MigrationError(path, "already exists; --force overwrites it")


def migrate_hadolint(
    path: str = ".",
    *,
    force: bool = False,
    stdout: bool = False,
    pragmas: bool = False,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """``dflint migrate hadolint [PATH]``: the exit status (0, or 2 after any error)."""
    from dflint.config import find_config_file

    out = out or sys.stdout
    err = err or sys.stderr
    status = EXIT_OK
    directory = path if os.path.isdir(path) else os.path.dirname(path) or "."
    try:
        source = find_hadolint_config(path)
        text = migrate_config(source)
        if stdout:
            out.write(text)
        else:
            target, exists = _target(directory)
            if exists and not force:
                raise _refuse(target)
            found = find_config_file(directory)
            _write(target, text, exists)
            print(f"Wrote {target} (from {source}).", file=err)
            if found and found[1] == "pyproject" and os.path.dirname(found[0]) == os.path.realpath(directory):
                pyproject = os.path.join(directory, "pyproject.toml")
                print(f"dflint: note: {pyproject} has a [tool.dflint] table; {target} comes first", file=err)
    except LocatedError as exc:
        print(_error(exc), file=err)
        status = EXIT_ERROR
    if pragmas:
        if not os.path.isdir(directory):
            print(_error(MigrationError(directory, "no such directory")), file=err)
            return EXIT_ERROR
        status = max(status, migrate_pragmas(directory, err))
    return status


#: each key of a dflint configuration: what it does, and an example value
_STARTER = (
    ("select", "the rules to run, replacing the default set", "[DF1, DF2]"),
    (
        "extend-select",
        "more rules on top of the default set (or of select), e.g. ones off by default",
        "[DF611]",
    ),
    ("ignore", "rules not to run", "[DF102]"),
    ("severity", "a rule's severity: error, warning, info or style", "{DF201: error}"),
    (
        "per-file-ignores",
        "rules not to run in some files (globs relative to this file)",
        '{"legacy/**": [DF1]}',
    ),
    ("exclude", "paths not searched (files named on the command line still are)", '["vendor/**"]'),
    (
        "failure-threshold",
        "exit 1 only for findings at or above this: error, warning, info, style, none (never)",
        "info",
    ),
    (
        "rules",
        "rule options, by id, name or alias (`dflint explain DF105` lists a rule's)",
        "{DF105: {trusted-registries: [docker.io, ghcr.io]}}",
    ),
    (
        "rule-dirs",
        "directories of your own declarative rules (docs/declarative-rules.md)",
        "[ci/dflint-rules]",
    ),
)


def starter_config() -> str:
    """A ``.dflint.yaml`` with every key commented out, each with what it does."""
    out = [
        "# dflint configuration: docs/configuration.md explains every key.",
        "# Each key below is commented out, so dflint's default applies; uncomment one to change it.",
        "# Rules are named by a selector: ALL, an id (DF101), an id prefix (DF1), a category",
        "# (base-images), a name (untagged-base-image) or a hadolint code (DL3006); `dflint rules`",
        "# lists them all.",
    ]
    for key, what, example in _STARTER:
        out += ["", f"# {what[:1].upper()}{what[1:]}.", f"# {key}: {example}"]
    return "\n".join(out) + "\n"


def init(directory: str = ".", *, force: bool = False, err: TextIO | None = None) -> int:
    """``dflint init [--path DIR]``: the exit status."""
    err = err or sys.stderr
    try:
        if not os.path.isdir(directory):
            raise MigrationError(directory, "no such directory")
        target, exists = _target(directory)
        if exists and not force:
            raise _refuse(target)
        _write(target, starter_config(), exists)
    except MigrationError as exc:
        print(_error(exc), file=err)
        return EXIT_ERROR
    print(f"Wrote {target}.", file=err)
    return EXIT_OK
