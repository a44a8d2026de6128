"""DF232 add-instead-of-copy: ``ADD`` of local files or directories that are not archives.

For such sources ADD does what COPY does, but a reader cannot tell: ADD also extracts
local tar archives and downloads URLs. BuildKit recognises an archive by its content;
dflint decides by name (hadolint DL3020's list of archive extensions, plus zstd), and a
name it cannot decide is not reported. The sources are classified here, once, for both
ADD rules (DF233 reports the URLs).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from dflint.checks import Context, Violation
from dflint.fix.edit import Edit, Fix
from dflint.fix.style import keyword_like
from dflint.model.variables import UNKNOWN, Value
from dflint.syntax import cst, instructions

ON = (cst.Add,)

#: last extensions of the files ADD may extract: hadolint DL3020's list (``.tar``,
#: ``.gz``, ``.tgz``, ``.bz2``, ``.xz``, ``.txz``, ``.Z``, ``.lz``, ``.lzma``, ...) and
#: zstd, and tar archives under other names (RubyGems' ``.gem``, Cargo's ``.crate``),
#: compared case-insensitively; when the file is in the build context its content decides
ARCHIVE_EXTENSIONS = frozenset(
    "tar z bz2 gz lz lzma tz tb2 tbz tbz2 tgz tlz tpz txz xz zst tzst gem crate".split()
)
#: flags only ADD has: a COPY with them does not build
ADD_ONLY_FLAGS = frozenset({"checksum", "keep-git-dir", "unpack"})

#: stands for the part of a source only the build knows (a variable without a value)
_MARK = "\x00"
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")
#: git's scp-like address, as BuildKit's gitutil reads it: ``git@github.com:org/repo``
_SCP = re.compile(r"^[A-Za-z0-9_-]+@[A-Za-z0-9.-]+:")
#: what an address starts with (a source starting with a prefix of one may be one)
_REMOTE_PREFIXES = ("http://", "https://", "git://", "ssh://")


@dataclass(frozen=True, slots=True)
class Source:
    """One source of an ADD, and what BuildKit does with it."""

    node: cst.Node  #: the Word or ExecArg
    text: str  #: as written (continuations removed)
    #: "local" (a file or directory copied as is), "archive" (a local file whose name
    #: says tar archive: extracted), "glob" (a wildcard that may match archives),
    #: "heredoc", "url" (http(s) download), "git", or "unknown" (only the build knows)
    kind: str
    value: str | None  #: the expanded text, None when part of it is unknown


class _Env(Mapping[str, Value]):
    """The scope an ADD's words expand in, with unknown values marked instead of lost.

    For an ONBUILD trigger every name is unknown (it expands in the downstream build);
    a name unset here may come from the base image's ENV unless that is known.
    """

    def __init__(self, scope: Mapping[str, Value] | None, unset_is_unknown: bool) -> None:
        self.scope = scope or {}
        self.unset_is_unknown = unset_is_unknown or scope is None

    def __contains__(self, name: object) -> bool:
        return self.unset_is_unknown or name in self.scope

    def __getitem__(self, name: str) -> Value:
        value = self.scope.get(name, UNKNOWN)
        return _MARK if value is UNKNOWN else value

    def __iter__(self) -> Iterator[str]:
        return iter(self.scope)

    def __len__(self) -> int:
        return len(self.scope)


def _wildcard_end(name: str) -> int:
    """Just past the last wildcard construct of a path component (``*``, ``?``,
    ``[...]``; ``\\`` escapes the next character), or -1 when there is none."""
    end = -1
    i = 0
    while i < len(name):
        ch = name[i]
        if ch == "\\":
            i += 2
            continue
        if ch in "*?":
            end = i + 1
        elif ch == "[":
            close = name.find("]", i + 2)
            if close == -1:
                break
            end = i = close + 1
            continue
        i += 1
    return end


def _local_kind(value: str) -> str:
    """``local``, ``archive``, ``glob`` or ``unknown`` for a build-context path (with
    ``_MARK`` standing for unknown parts): only the last path component's extension
    counts, and only when it is certain."""
    if value.endswith("/"):  # a directory: its files are copied, never extracted
        return "local"
    name = value.rsplit("/", 1)[-1]
    known_from = name.rfind(_MARK) + 1  # the literal tail after the last unknown part
    literal = name[known_from:]
    wildcard = _wildcard_end(literal)
    tail = literal if wildcard < 0 else literal[wildcard:]
    if "." in tail:
        extension = tail.rsplit(".", 1)[1].lower()
    elif known_from == 0 and wildcard < 0:
        extension = ""  # a whole, known name without an extension (`.`, `src`, `Gemfile`)
    else:
        return "glob" if known_from == 0 else "unknown"
    return "archive" if extension in ARCHIVE_EXTENSIONS else "local"


def _kind(value: str) -> str:
    """What BuildKit does with a source (dockerfile2llb ``dispatchCopy``), from its
    expanded text with ``_MARK`` for unknown parts."""
    prefix = value.split(_MARK, 1)[0]
    lowered = prefix.lower()
    if lowered.startswith(("http://", "https://")):
        # an http(s) address whose path ends in .git is a git repository (gitutil)
        path = re.split(r"[#?]", value, maxsplit=1)[0]
        return "git" if path.endswith(".git") else "url"
    scheme = _SCHEME.match(prefix)
    if scheme:
        return "git" if scheme.group(1).lower() in ("git", "ssh") else "unknown"
    if _SCP.match(prefix):
        return "git"
    if _MARK in value and (
        not prefix or "@" in prefix or ":" in prefix or any(p.startswith(lowered) for p in _REMOTE_PREFIXES)
    ):
        return "unknown"  # the unknown part could still make it an address
    return _local_kind(value)


def sources(instr: cst.Add, ctx: Context) -> list[Source]:
    """The sources of an ADD, classified; empty when BuildKit rejects the instruction
    (``ADD --from=...``, too few arguments: DF001 reports it)."""
    stage = ctx.model.stage_of(instr)
    trigger = stage is not None and instr not in stage.instructions
    if instructions.copy_sources(instr) is None or instructions.validate_instruction(
        instr, in_onbuild=trigger, escape=ctx.df.escape
    ):
        return []
    words = instr.arguments.elements if isinstance(instr.arguments, cst.ExecForm) else instr.arguments
    if stage is None or trigger:
        env = _Env(None, True)
    else:
        env = _Env(ctx.model.scope_before(instr), not stage.base_env_known)
    out = []
    for word, text in zip(words[:-1], instr.values[:-1], strict=True):
        if instructions.heredoc_spec(text) is not None:
            out.append(Source(word, text, "heredoc", None))
            continue
        expansion = ctx.model.lexer.process_word(text, env)
        if expansion.value is None:
            out.append(Source(word, text, "unknown", None))
            continue
        value = expansion.value
        kind = _kind(value)
        if kind in ("local", "archive") and _MARK not in value:
            kind = _by_content(value, ctx) or kind
        out.append(Source(word, text, kind, None if _MARK in value else value))
    return out


def _by_content(path: str, ctx: Context) -> str | None:
    """``archive`` or ``local`` for a file of the build context, as BuildKit decides (by
    its content: `app.gem` is a tar and is extracted, a gzipped log is not); None when
    the context or the file is not here to look at."""
    context = ctx.file.build_context.get(ctx.options.get("context"))
    if context is None or context.excluded(path):
        return None
    archive = context.is_archive(path)
    return None if archive is None else "archive" if archive else "local"


def unpack(instr: cst.Add) -> bool | None:
    """The value of ``--unpack`` (BuildKit's bool flag), None when it is not given."""
    flag = instr.flag("unpack")
    if flag is None:
        return None
    return (flag.value or "true").lower() != "false"


def check(instr: cst.Add, ctx: Context) -> Iterator[Violation]:
    unpacking = unpack(instr)
    if unpacking:
        return  # --unpack=true: extracting is what the ADD is for
    found = sources(instr, ctx)
    # with --unpack=false an archive is copied as it is, like any file
    plain_kinds = (
        ("local", "heredoc", "glob", "archive") if unpacking is False else ("local", "heredoc", "glob")
    )
    plain = [s for s in found if s.kind in plain_kinds]
    if not plain:
        return
    fixable = (
        len(plain) == len(found)
        and all(s.kind in ("local", "heredoc") for s in found)
        and not any(f.name in ADD_ONLY_FLAGS for f in instr.flags)
    )
    names = ", ".join(f"`{s.text}`" for s in plain)
    what = "which is not an archive or a URL" if len(plain) == 1 else "which are not archives or URLs"
    if len(plain) == len(found):
        message = (
            f"`ADD` of {names}, {what}: use `COPY`, which copies and does nothing else "
            f"(ADD also extracts tar archives and downloads URLs)"
        )
        if any(s.kind == "glob" for s in plain):
            message += "; a wildcard that matches a tar archive would have it extracted"
    else:
        message = (
            f"`ADD` of {names}, {what}: copy {'it' if len(plain) == 1 else 'them'} with a "
            f"separate `COPY` and keep ADD for the archives and URLs"
        )
    fix = None
    if fixable:
        span = ctx.positions.span(instr.keyword)
        fix = Fix.safe(Edit(span.start.offset, span.end.offset, keyword_like(instr.keyword.value, "COPY")))
    yield ctx.violation(instr.keyword, message, fix, "Replace `ADD` with `COPY`" if fix else None)
