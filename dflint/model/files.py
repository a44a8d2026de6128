"""What instructions do to the filesystem: the paths they write, remove and read.

A small, deliberately conservative model for the layer rules (DF220-DF224). It never
guesses: a path it cannot know is *unknown*, an unknown path never produces a finding,
and an unknown removal may have removed anything.

Locations
    :class:`Location` is a normalised path. Its ``root`` is ``/`` for an absolute path, or
    a token for a directory dflint cannot name: ``cwd#N`` (a WORKDIR inherited from a
    base image, or a ``cd`` whose target is not static) and ``home#N`` (``~`` in one RUN).
    Two locations with the same root are in the same directory tree; locations with
    different roots may or may not be the same place. A location can be a glob: its
    components may hold unquoted ``*``, ``?`` or ``[...]``, matched one component at a
    time as sh does (a wildcard does not match a leading ``.``). A word is no location
    (None) when it is not static, uses brace expansion, quotes a wildcard, or climbs with
    ``..`` above an unknown root.

RUN (:func:`run_files`)
    The commands of a RUN, in order, each with the working directory it runs in and
    whether it certainly runs when the RUN succeeds (:attr:`CommandFiles.certain`: not in
    an ``if``, loop, subshell, function or ``$(...)``, not after ``||`` other than
    ``|| true``, not backgrounded; ``sh -c '...'`` and ``{ ...; }`` are followed). ``cd``
    is followed where it certainly runs in the RUN's own shell; a ``cd`` in a subshell or
    ``sh -c`` only moves that child, and a ``cd`` that may or may not run leaves the
    directory unknown. Each command's :class:`Effect`\\s:

    - writes: ``curl -o``/``-O``/``--output-dir``, ``wget -O``/``-P`` or into the working
      directory, ``tar -x``/``-C`` (and ``tar -c -f``), ``unzip``/``-d``, ``git clone``,
      ``cp``/``mv`` destinations, ``gunzip`` and friends, ``sed -i``, ``mkdir``, ``tee`` and
      ``>``/``>>`` redirections (``curl URL > file`` is a download);
    - removals: ``rm``, ``unlink``, ``mv`` sources, ``gunzip``-style decompression of a
      file (it replaces the file); ``find -delete``/``-exec``, ``xargs rm``, ``eval`` and
      commands whose name is not static are unknown removals;
    - extractions: the archive ``tar -x -f``, ``unzip``, ``gunzip -c``/``zcat``... read;
    - changes: ``chmod``/``chown`` and the paths they change.

    Effects inside a ``--mount`` target, a VOLUME declared before, ``/dev``, ``/proc``,
    ``/sys`` or the files BuildKit mounts (``/etc/hosts``, ``/etc/resolv.conf``) do not
    touch the layer and are left out; with a mount or volume whose path is not static,
    nothing in the RUN is certain.

COPY and ADD (:func:`copy_files`)
    The destination (expanded, resolved against the WORKDIR in effect): everything the
    instruction writes is at or under it. Exact files are known for a destination that is
    not a directory (``COPY a /x/b``), for a heredoc source, for ``ADD <url>`` (named after
    the URL's path, as BuildKit names it), and, into a directory, for a local source whose
    name ends in a well-known file extension (:data:`FILE_SUFFIXES`); a local ADD source
    may be an archive that ADD unpacks, so it gives no exact files.

Timelines (:func:`timelines`)
    The steps of the shipped image in build order: the stages the target is built
    ``FROM`` (oldest first) and the target, with the WORKDIR each step sees; and, for each
    of those stages, its ONBUILD triggers as a sequence of their own (they run in a later
    build, in order). :attr:`Files.fates` tells, for each write of a timeline that puts
    bytes in its layer, the first later step that certainly removes it, or overwrites it
    with a download or a ``>`` redirection.
"""

from __future__ import annotations

import fnmatch
import itertools
import re
import urllib.parse
import weakref
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from dflint.model.shell import ShellWord
from dflint.syntax import cst, instructions

if TYPE_CHECKING:
    from dflint.model.commands import CommandModel, Option
    from dflint.model.shell import ParsedShell, SimpleCommand
    from dflint.model.stages import Model, Stage

#: Extensions of names that are files in practice (directories are not named so): a
#: COPY source named so, copied into a directory, is taken to be one file there.
FILE_SUFFIXES = frozenset(
    """
    tar tgz tbz tbz2 txz tlz tzst gz bz2 xz zst lz lzma zip 7z rar jar war ear whl egg gem
    deb rpm apk msi exe dll so run bin img iso
    sh bash zsh py rb pl php js mjs cjs ts lua ps1 bat cmd
    txt md rst json yaml yml toml ini cfg conf properties xml csv tsv sql lock
    pem crt cer key pub gpg asc sig p12 pfx jks
    """.split()
)
#: Names of archives and packages (lower-cased endings).
ARCHIVE_SUFFIXES = tuple(
    ".tar .tar.gz .tgz .tar.bz2 .tbz .tbz2 .tar.xz .txz .tar.zst .tar.lz .tar.lzma"
    " .zip .gz .bz2 .xz .zst .7z .deb .rpm .apk".split()
)
#: Writes that put bytes in the layer (``mkdir`` only makes an empty directory).
BYTE_WRITES = frozenset(
    "download extract clone copy move redirect append archive decompress COPY ADD".split()
)

_GLOB = re.compile(r"[*?\[]")
_DECOMPRESSORS = {
    "gzip": (".gz", ".tgz", ".z"),
    "gunzip": (".gz", ".tgz", ".z"),
    "zcat": (".gz", ".tgz", ".z"),
    "bzip2": (".bz2", ".tbz2", ".tbz"),
    "bunzip2": (".bz2", ".tbz2", ".tbz"),
    "bzcat": (".bz2", ".tbz2", ".tbz"),
    "xz": (".xz", ".txz", ".lzma"),
    "unxz": (".xz", ".txz", ".lzma"),
    "xzcat": (".xz", ".txz", ".lzma"),
}
_CATS = frozenset({"zcat", "bzcat", "xzcat"})
_UNCOMPRESS = frozenset({"gunzip", "bunzip2", "unxz"})
_ISOLATING = frozenset({"subshell", "substitution", "sh -c", "heredoc", "function"})
_SCRIPTS = frozenset({"sh -c", "heredoc"})
_CERTAIN_CONTEXTS = frozenset({"group", "sh -c", "heredoc"})
_SPECIAL_ROOTS = frozenset({"dev", "proc", "sys"})
#: Files BuildKit mounts into every RUN: what a RUN writes there stays out of the layer.
_MOUNTED_FILES = frozenset({("etc", "resolv.conf"), ("etc", "hosts"), ("etc", "hostname")})


# -- locations -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Location:
    """A normalised path (see the module docs)."""

    root: str  #: "/" for an absolute path, else a token naming an unknown directory
    parts: tuple[str, ...] = ()
    glob: bool = False  #: some component holds an unquoted wildcard

    @property
    def absolute(self) -> bool:
        return self.root == "/"

    @property
    def name(self) -> str:
        return self.parts[-1] if self.parts else ""

    def __str__(self) -> str:
        if self.absolute:
            return "/" + "/".join(self.parts)
        head = "~" if self.root.startswith("home#") else "."
        return head + "".join("/" + p for p in self.parts)

    def join(self, text: str) -> Location | None:
        """This directory joined with the relative path ``text`` (None when ``..``
        climbs above an unknown root)."""
        parts = list(self.parts)
        glob = self.glob
        for part in text.split("/"):
            if part in ("", "."):
                continue
            if part == "..":
                if glob or (parts and _GLOB.search(parts[-1])):
                    return None
                if parts:
                    parts.pop()
                elif not self.absolute:
                    return None
                continue
            if _GLOB.search(part):
                glob = True
            parts.append(part)
        return Location(self.root, tuple(parts), glob)

    def relative_to(self, directory: Location) -> str | None:
        """This path relative to ``directory`` when it is under it ("." for itself)."""
        if (
            directory.root != self.root
            or directory.glob
            or self.parts[: len(directory.parts)] != directory.parts
        ):
            return None
        rest = self.parts[len(directory.parts) :]
        return "/".join(rest) if rest else "."

    def contains(self, other: Location) -> bool:
        """Whether ``other`` is this path or under it (both literal, same root)."""
        return (
            not self.glob
            and not other.glob
            and self.root == other.root
            and other.parts[: len(self.parts)] == self.parts
        )


def absolute(path: str) -> Location | None:
    """``path`` (absolute) as a location; None for a relative path."""
    if not path.startswith("/"):
        return None
    return Location("/").join(path)


def _component_matches(pattern: str, name: str) -> bool:
    if not _GLOB.search(pattern):
        return pattern == name
    if name.startswith(".") and not pattern.startswith("."):
        return False
    return fnmatch.fnmatchcase(name, pattern)


def _prefix_matches(pattern: tuple[str, ...], parts: tuple[str, ...]) -> bool:
    return len(pattern) <= len(parts) and all(map(_component_matches, pattern, parts))


def covers(removed: Location, path: Location, recursive: bool) -> bool:
    """Whether removing ``removed`` (recursively or not) certainly removes all of ``path``:
    it is ``path`` or, for a recursive removal, a directory above it (as a glob, one that
    matches either)."""
    if path.glob or removed.root != path.root:
        return False
    if len(removed.parts) < len(path.parts) and not recursive:
        return False
    return _prefix_matches(removed.parts, path.parts)


def may_cover(removed: Location | None, path: Location) -> bool:
    """Whether a removal of ``removed`` (None: unknown) could remove ``path``: it is or
    may be ``path`` or a directory above it."""
    if removed is None or path.glob:
        return True
    if removed.root == path.root:
        return _prefix_matches(removed.parts, path.parts)
    if path.absolute:
        # `removed` is under an unknown directory: it may be any directory of the path.
        n = len(removed.parts)
        return any(_prefix_matches(removed.parts, path.parts[k:]) for k in range(len(path.parts) - n + 1))
    return True  # `path` is under an unknown directory, which `removed` may be or hold


def may_overlap(removed: Location | None, path: Location) -> bool:
    """Whether a removal of ``removed`` (None: unknown) could remove some of what is at
    or under ``path``: :func:`may_cover`, or ``removed`` is or may be under ``path``."""
    if may_cover(removed, path):
        return True
    assert removed is not None
    if removed.root == path.root:
        return _prefix_matches(path.parts, removed.parts) or (
            removed.glob and _prefix_matches(removed.parts[: len(path.parts)], path.parts)
        )
    return True  # under unknown directories, either may hold the other


def is_archive_name(name: str) -> bool:
    return name.lower().endswith(ARCHIVE_SUFFIXES)


def is_file_name(name: str) -> bool:
    """Whether ``name`` ends in one of :data:`FILE_SUFFIXES` after a non-empty stem."""
    stem, dot, ext = name.rpartition(".")
    return bool(dot and stem and not stem.startswith(".") and ext.lower() in FILE_SUFFIXES)


def url_file_name(url: str) -> str | None:
    """The file name ``curl -O``, ``wget`` and ``ADD`` give a download: the last
    component of the URL's path. None when that is not certain: a query or fragment
    (wget keeps it in the name), percent-escapes, curl's ``[]``/``{}`` globs, no name."""
    if "://" not in url:
        url = "http://" + url
    try:
        parts = urllib.parse.urlsplit(url)
    except ValueError:
        return None
    if parts.query or parts.fragment or not parts.netloc:
        return None
    name = parts.path.rsplit("/", 1)[-1]
    if not name or name in (".", "..") or any(c in name for c in "%[]{}"):
        return None
    return name


def _is_url(text: str) -> bool:
    return text.startswith(("http://", "https://"))


def _is_git_url(text: str) -> bool:
    return text.startswith(("git@", "git://", "ssh://")) or (
        _is_url(text) and text.split("?")[0].endswith(".git")
    )


# -- effects ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, eq=False)
class Effect:
    """One thing a command or instruction does to the filesystem."""

    #: "write", "remove", "extract" (an archive is read and unpacked) or "change"
    #: (chmod/chown)
    kind: str
    #: What does it. Writes: "download", "extract", "clone", "copy" (cp), "move" (mv),
    #: "redirect", "append", "modify" (sed -i), "archive" (tar -c), "decompress", "mkdir",
    #: "COPY", "ADD" (and "download" for ``ADD <url>``).
    #: Removals: "rm", "mv", "decompress", "unknown". Extractions: "tar", "unzip",
    #: "decompress". Changes: "chmod", "chown".
    how: str
    location: Location | None  #: None: not known
    certain: bool  #: it happens whenever the RUN succeeds
    start: int  #: the word (or command) that names it, as file offsets
    end: int
    #: Writes: the location itself was written (a file, or a whole directory tree), not
    #: just something under it.
    exact: bool = False
    #: Writes: the location is known to be a regular file.
    file: bool = False
    #: Removals and changes: the whole tree under the location.
    recursive: bool = False
    command: SimpleCommand | None = None


@dataclass(frozen=True, slots=True, eq=False)
class CommandFiles:
    """One command of a RUN and what it does to files."""

    command: SimpleCommand
    model: CommandModel | None
    cwd: Location | None  #: the working directory it runs in (None: not known)
    home: Location  #: ``~``
    certain: bool  #: it runs whenever the RUN succeeds
    effects: tuple[Effect, ...]

    def location(self, word: ShellWord) -> Location | None:
        """Where a word of this command points, seen from its working directory."""
        return word_location(word, self.cwd, self.home)


@dataclass(frozen=True, slots=True, eq=False)
class RunFiles:
    """What one RUN does to files."""

    commands: tuple[CommandFiles, ...]
    cwd_end: Location | None  #: the working directory of its shell at the end
    mounts: tuple[Location, ...]  #: its --mount targets (static ones)
    #: False when dflint cannot follow it: exec form, another shell, shell syntax errors.
    modelled: bool = True

    @property
    def effects(self) -> Iterator[Effect]:
        for command in self.commands:
            yield from command.effects


class _Tokens:
    """Names for directories dflint cannot name, unique within one analysis."""

    def __init__(self) -> None:
        self._count = itertools.count()

    def cwd(self) -> Location:
        return Location(f"cwd#{next(self._count)}")

    def home(self) -> Location:
        return Location(f"home#{next(self._count)}")


def word_location(word: ShellWord, cwd: Location | None, home: Location | None) -> Location | None:
    """The location a shell word names, resolved against ``cwd`` (see the module docs)."""
    value = word.value
    if not value or "{" in value:
        return None
    if _GLOB.search(value) and word.source != value:
        return None  # a quoted or escaped wildcard, or one next to quoted text
    if value.startswith("~"):
        if not word.source.startswith("~") or home is None or not (value == "~" or value.startswith("~/")):
            return None
        return home.join(value[1:])
    if value.startswith("/"):
        return Location("/").join(value)
    return cwd.join(value) if cwd is not None else None


def _value_word(option: Option | None, words: tuple[ShellWord, ...]) -> ShellWord | None:
    """The word holding an option's value: the next word (``-o FILE``), or the value's
    part of the option word (``-oFILE``, ``-qO-``, ``--output=FILE``), which sh expands
    no ``~`` in."""
    if option is None or option.value_index is None or option.value_index >= len(words):
        return None
    word = words[option.value_index]
    if option.value_index != option.index:
        return word
    value = option.value
    if value is None or word.value is None or not word.value.endswith(value):
        return None
    if word.source == word.value:
        return ShellWord(word.source, value, value, word.end - len(value), word.end)
    return ShellWord(word.source, value, value, word.start, word.end)  # quoted: no wildcard, no ~


def _special(location: Location | None) -> bool:
    return (
        location is not None
        and location.absolute
        and bool(location.parts)
        and (location.parts[0] in _SPECIAL_ROOTS or location.parts in _MOUNTED_FILES)
    )


class _Certainty:
    """Whether each command of a RUN certainly runs when the RUN succeeds.

    Commands are seen in order. Within one list of commands (the RUN's script, a
    ``{ ...; }`` group, an ``sh -c`` script), a command runs certainly when the list does
    and no ``||`` (other than ``|| true``/``|| :``) or ``&`` came since the last ``;``.
    """

    def __init__(self) -> None:
        self.states: dict[tuple[str, ...], list[bool]] = {(): [True, True]}  # ctx -> [entry, now]
        self.last: dict[tuple[str, ...], bool] = {(): True}
        self.previous: tuple[str, ...] | None = None
        self.stopped = False  # after `exit` or `exec`: nothing else runs for sure

    @staticmethod
    def _step(state: list[bool], connector: str | None, always_succeeds: bool) -> bool:
        entry, now = state
        if connector in (None, ";"):
            now = entry
        if connector == "||":
            if not always_succeeds:
                now = False
            state[1] = now
            return False
        state[1] = now
        return now and connector != "&"

    def __call__(self, command: SimpleCommand) -> bool:
        context = command.context
        previous, self.previous = self.previous, context
        if self.stopped or any(c not in _CERTAIN_CONTEXTS for c in context):
            return False
        connector = command.connector
        if context and (previous is None or previous[: len(context)] != context):
            parent = context[:-1]
            if context[-1] in _SCRIPTS:
                entry = self.last.get(parent, False)
            else:  # a group is one command of the list around it
                entry = self._step(self.states.setdefault(parent, [False, False]), connector, False)
            self.states[context] = [entry, entry]
            connector = None
        state = self.states.setdefault(context, [False, False])
        name = command.name
        certain = self._step(state, connector, name in ("true", ":") and len(command.words) == 1)
        self.last[context] = certain
        if certain and not context and name in ("exit", "exec") and command.words:
            self.stopped = True
        return certain


class _Directories:
    """The working directory of each command of a RUN."""

    def __init__(self, start: Location | None, tokens: _Tokens) -> None:
        self.tokens = tokens
        self.frames: dict[tuple[str, ...], Location | None] = {(): start}
        self.tainted: set[tuple[str, ...]] = set()
        self.previous: tuple[str, ...] | None = None

    @staticmethod
    def frame_of(context: tuple[str, ...]) -> tuple[str, ...]:
        """The context of the shell process a command runs in."""
        for i in range(len(context) - 1, -1, -1):
            if context[i] in _ISOLATING:
                return context[: i + 1]
        return ()

    def current(self, frame: tuple[str, ...]) -> Location | None:
        while frame not in self.frames:
            frame = self.frame_of(frame[:-1])
        return self.frames[frame]

    def enter(self, context: tuple[str, ...]) -> Location | None:
        """The working directory of a command in ``context``."""
        frame = self.frame_of(context)
        previous, self.previous = self.previous, context
        if frame and (previous is None or previous[: len(frame)] != frame):
            # A new child shell starts where its parent is.
            self.frames[frame] = self.current(self.frame_of(frame[:-1]))
        if frame in self.tainted:
            return self.tokens.cwd()
        return self.current(frame)

    def change(self, context: tuple[str, ...], target: Location | None, certain: bool) -> None:
        frame = self.frame_of(context)
        if frame and frame[-1] not in _SCRIPTS:
            # Subshells with the same context cannot be told apart: after a `cd` in one,
            # no subshell of that context has a known directory.
            self.tainted.add(frame)
            return
        conditional = any(c not in _CERTAIN_CONTEXTS for c in context[len(frame) :])
        self.frames[frame] = (
            target if certain and not conditional and target is not None else self.tokens.cwd()
        )


def run_files(
    model: Model,
    instr: cst.Run,
    cwd: Location | None,
    tokens: _Tokens | None = None,
    volumes: tuple[Location | None, ...] = (),
) -> RunFiles:
    """What a RUN does to files, starting in ``cwd`` (None: unknown). ``volumes`` are the
    VOLUMEs declared before it (None: one dflint cannot name): what a RUN changes in a
    volume may be discarded, so it is left out like a mount."""
    tokens = tokens or _Tokens()
    parsed = model.shell(instr)
    if parsed is None or parsed.errors:
        return RunFiles((), None, (), modelled=False)
    mounts, unknown_mount = _mount_targets(instr)
    mounts += tuple(v for v in volumes if v is not None)
    unknown_mount = unknown_mount or None in volumes
    end = model.positions.full_span(instr).end.offset
    return _walk(model, parsed, cwd if cwd is not None else tokens.cwd(), tokens, mounts, unknown_mount, end)


def _mount_targets(instr: cst.Instruction) -> tuple[tuple[Location, ...], bool]:
    from dflint.model.stages import run_mounts

    found = []
    unknown = False
    for mount in run_mounts(instr):
        target = mount.get("target") or mount.get("dst") or mount.get("destination")
        if not target:
            # ssh sockets and secrets have default places; a secret's is /run/secrets/ID
            if mount["type"] != "secret" or not mount.get("id"):
                continue
            target = "/run/secrets/" + mount["id"]
        location = absolute(target) if "$" not in target else None
        if location is None:
            unknown = True
        else:
            found.append(location)
    return tuple(found), unknown


def _walk(
    model: Model,
    parsed: ParsedShell,
    cwd: Location,
    tokens: _Tokens,
    mounts: tuple[Location, ...],
    unknown_mount: bool,
    end: int,
) -> RunFiles:
    certainty = _Certainty()
    directories = _Directories(cwd, tokens)
    home = tokens.home()
    background = _backgrounded(parsed, model.positions.code, end)
    out = []
    for command in parsed.commands:
        certain = certainty(command) and id(command) not in background
        here = directories.enter(command.context)
        command_model = model.command(command)
        effects = _command_effects(command, command_model, here, home, certain)
        effects = _outside_mounts(effects, mounts, unknown_mount)
        out.append(CommandFiles(command, command_model, here, home, certain, tuple(effects)))
        if command_model is not None and command_model.tool in ("cd", "pushd", "popd"):
            directories.change(command.context, _cd_target(command, command_model, here, home), certain)
    return RunFiles(tuple(out), directories.frames[()], mounts)


#: A lone ``&`` (not ``&&``, ``>&``, ``&>``, ``|&``): what comes before it runs in the background.
_BACKGROUND = re.compile(r"(?<![&<>|])&(?![&>])")


def _backgrounded(parsed: ParsedShell, text: str, end: int) -> set[int]:
    """The commands a ``&`` sends to the background (they may not finish before the RUN
    does). Looks at the text between a command and the next one that starts after it."""
    found = set()
    commands = parsed.commands
    for i, command in enumerate(commands):
        extent = max([command.end, *(r.end for r in command.redirects)])
        after = next((c.start for c in commands[i + 1 :] if c.start >= extent), end)
        if _BACKGROUND.search(text, extent, max(extent, after)):
            found.add(id(command))
    return found


def _outside_mounts(effects: list[Effect], mounts: tuple[Location, ...], unknown_mount: bool) -> list[Effect]:
    if not mounts and not unknown_mount:
        return effects
    kept = []
    for effect in effects:
        location = effect.location
        if location is not None and location.absolute:
            inside = False
            unsure = unknown_mount
            for mount in mounts:
                n = len(mount.parts)
                head = location.parts[:n]
                if len(head) == n and head == mount.parts:
                    inside = True
                elif _prefix_matches(location.parts[:n], mount.parts) and location.glob:
                    unsure = True  # a wildcard that may reach into the mount
            if inside:
                continue
            if unsure:
                effect = _uncertain(effect)
        else:
            effect = _uncertain(effect)
        kept.append(effect)
    return kept


def _uncertain(effect: Effect) -> Effect:
    return Effect(
        effect.kind,
        effect.how,
        effect.location,
        False,
        effect.start,
        effect.end,
        effect.exact,
        effect.file,
        effect.recursive,
        effect.command,
    )


def _cd_target(
    command: SimpleCommand, model: CommandModel, cwd: Location | None, home: Location
) -> Location | None:
    if model.tool == "popd":
        return None
    words = [command.words[o.index] for o in model.operands]
    if not words:
        return home if model.tool == "cd" else None
    if words[0].value == "-":
        return None
    location = word_location(words[0], cwd, home)
    return None if location is None or location.glob else location


def _command_effects(
    command: SimpleCommand,
    model: CommandModel | None,
    cwd: Location | None,
    home: Location,
    certain: bool,
) -> list[Effect]:
    out: list[Effect] = []

    def loc(word: ShellWord) -> Location | None:
        location = word_location(word, cwd, home)
        return None if _special(location) else location

    def add(
        kind: str, how: str, word: ShellWord | None, location: Location | None = None, **kw: bool
    ) -> None:
        if word is not None and location is None:
            location = word_location(word, cwd, home)
        start, end = (word.start, word.end) if word is not None else (command.start, command.end)
        if _special(location):
            return
        out.append(Effect(kind, how, location, certain, start, end, command=command, **kw))

    for redirect in command.redirects:
        target = redirect.target
        operator = redirect.operator
        if target is None or operator not in (">", ">|", "&>", ">>", "&>>", ">&"):
            continue
        if operator == ">&" and (target.value is None or target.value.isdigit() or target.value == "-"):
            continue
        how = "append" if operator in (">>", "&>>") else "redirect"
        if how == "redirect" and redirect.descriptor in (None, "1") and _downloads_to_stdout(model):
            how = "download"  # curl URL > file
        add("write", how, target, exact=True, file=True)

    if not command.words:
        return out
    if model is None or model.tool == "eval":
        add("remove", "unknown", None, None)
        return out
    words = command.words
    tool = model.tool
    operands = [words[o.index] for o in model.operands if o.index < len(words)]

    def option_word(*names: str) -> ShellWord | None:
        return _value_word(model.option(*names), words)

    if tool in ("rm", "unlink"):
        if model.wrapped_by("xargs"):
            add("remove", "unknown", None, None)
        recursive = model.has_option("recursive")
        for word in operands:
            add("remove", "rm", word, recursive=recursive)
    elif tool == "find":
        if any(w.value in ("-delete", "-exec", "-execdir", "-ok", "-okdir") for w in words[1:]):
            add("remove", "unknown", None, None)
    elif tool in ("mv", "cp"):
        target = option_word("target-directory")
        sources = operands if target is not None else operands[:-1]
        dest = target if target is not None else (operands[-1] if len(operands) >= 2 else None)
        if tool == "mv":
            for word in sources:
                add("remove", "mv", word, recursive=True)
        if dest is not None and sources:
            add("write", "move" if tool == "mv" else "copy", dest)
    elif tool == "mkdir":
        for word in operands:
            add("write", "mkdir", word)
    elif tool == "tee":
        append = model.has_option("a", "append")
        for word in operands:
            if word.value != "-":
                add("write", "append" if append else "redirect", word, exact=True, file=True)
    elif tool == "curl":
        _curl(model, words, cwd, loc, add)
    elif tool == "wget":
        _wget(model, words, operands, cwd, loc, add)
    elif tool == "tar":
        _tar(model, words, cwd, loc, add, command)
    elif tool == "unzip":
        _unzip(model, words, operands, cwd, add)
    elif tool in _DECOMPRESSORS:
        _decompress(model, tool, operands, loc, add)
    elif tool == "git" and model.subcommand == "clone":
        _git_clone(model, words, operands, cwd, home, add)
    elif tool == "sed" and any(o.spelled in ("-i", "--in-place") for o in model.options):
        # sed -i rewrites its files; the script may be among the operands (-e is not
        # known to take a value), which is harmless: it names no file written before.
        for word in operands:
            add("write", "modify", word, exact=True, file=True)
    elif tool in ("chmod", "chown"):
        if model.option("reference") is None:
            paths = operands[1:]
        else:
            paths = operands
        recursive = model.has_option("recursive")
        for word in paths:
            add("change", tool, word, recursive=recursive)
    return out


def _downloads_to_stdout(model: CommandModel | None) -> bool:
    """``curl URL`` without ``-o``/``-O``, ``wget -O- URL``: the download is the output."""
    if model is None or not model.operands:
        return False
    if model.tool == "curl":
        return not model.has_option("output", "remote-name", "remote-name-all")
    return model.tool == "wget" and model.option_value("output-document") == "-"


def _curl(model, words, cwd, loc, add) -> None:  # type: ignore[no-untyped-def]
    # Each -o/-O goes with the next URL, in order (curl(1), "-o").
    urls = [words[o.index] for o in model.operands]
    urls += [w for w in (_value_word(o, words) for o in model.options_named("url")) if w is not None]
    urls.sort(key=lambda w: w.start)
    outputs = sorted((o for o in model.options if o.name in ("output", "remote-name")), key=lambda o: o.index)
    header_name = model.has_option("remote-header-name")  # -J: the server names the file
    remote_all = model.has_option("remote-name-all")
    directory = cwd
    output_dir = model.option("output-dir")
    if output_dir is not None:
        value = _value_word(output_dir, words)
        if value is None:
            return
        directory = loc(value)
        if directory is None or directory.glob:
            return
    for i, url in enumerate(urls):
        option = outputs[i] if i < len(outputs) else None
        if option is not None and option.name == "output":
            word = _value_word(option, words)
            if word is None or word.value is None or word.value == "-":
                continue
            if output_dir is not None and not word.value.startswith("/"):
                add("write", "download", word, directory.join(word.value), exact=True, file=True)
            else:
                add("write", "download", word, exact=True, file=True)
        elif (option is not None or remote_all) and not header_name:
            name = url_file_name(url.value) if url.value else None
            if name and directory is not None:
                add("write", "download", url, directory.join(name), exact=True, file=True)


_WGET_OTHER_NAMES = (
    "recursive",
    "mirror",
    "page-requisites",
    "force-directories",
    "content-disposition",
    "trust-server-names",
    "input-file",
    "base",
    "spider",
    "delete-after",
    "backups",
)


def _wget(model, words, operands, cwd, loc, add) -> None:  # type: ignore[no-untyped-def]
    if model.has_option(*_WGET_OTHER_NAMES):
        return
    document = model.option("output-document")
    if document is not None:
        word = _value_word(document, words)
        if word is not None and word.value != "-" and operands:
            add("write", "download", word, exact=True, file=True)
        return
    prefix = model.option("directory-prefix")
    if prefix is not None:
        value = _value_word(prefix, words)
        directory = loc(value) if value is not None else None
    else:
        directory = cwd
    for url in operands:
        name = url_file_name(url.value) if url.value else None
        if name and directory is not None and not directory.glob:
            add("write", "download", url, directory.join(name), exact=True, file=True)


def _tar(model, words, cwd, loc, add, command) -> None:  # type: ignore[no-untyped-def]
    archive = _value_word(model.option("file"), words)
    if archive is not None and archive.value == "-":
        archive = None
    if model.has_option("extract"):
        if archive is not None:
            add("extract", "tar", archive)
        if model.has_option("to-stdout", "to-command"):
            return
        directories = model.options_named("directory")
        if len(directories) > 1:
            return
        if directories:
            directory = _value_word(directories[0], words)
            if directory is not None:
                add("write", "extract", directory)
        elif cwd is not None:
            add("write", "extract", None, cwd)
    elif model.has_option("create") and archive is not None:
        add("write", "archive", archive, exact=True, file=True)


def _unzip(model, words, operands, cwd, add) -> None:  # type: ignore[no-untyped-def]
    if not operands or model.has_option("l", "t", "v", "Z", "z"):
        return
    add("extract", "unzip", operands[0])
    if model.has_option("p", "c"):
        return
    directory = model.option("d")
    if directory is not None:
        value = _value_word(directory, words)
        if value is not None:
            add("write", "extract", value)
    elif cwd is not None:
        add("write", "extract", None, cwd)


def _decompress(model, tool, operands, loc, add) -> None:  # type: ignore[no-untyped-def]
    if model.has_option("recursive", "list", "test"):
        return
    decompress = tool in _UNCOMPRESS or tool in _CATS or model.has_option("decompress")
    keep = tool in _CATS or model.has_option("stdout", "keep")
    suffixes = _DECOMPRESSORS[tool]
    for word in operands:
        if word.value == "-":
            continue
        location = loc(word)
        if decompress:
            add("extract", "decompress", word)
            if keep:
                continue
            add("remove", "decompress", word)
            name = location.name.lower() if location is not None else ""
            suffix = next((s for s in suffixes if name.endswith(s)), None)
            if location is not None and suffix is not None and location.parts and not location.glob:
                stem = location.name[: -len(suffix)] + (
                    ".tar" if suffix in (".tgz", ".tbz2", ".tbz", ".txz") else ""
                )
                if stem:
                    parent = Location(location.root, location.parts[:-1])
                    add("write", "decompress", word, parent.join(stem), exact=True, file=True)
        elif not keep:
            add("remove", "decompress", word)


def _git_clone(model, words, operands, cwd, home, add) -> None:  # type: ignore[no-untyped-def]
    base = cwd
    for wrapper_option in model.options_named("C"):  # git -C DIR clone ...
        value = _value_word(wrapper_option, words)
        if value is None:
            return
        directory = word_location(value, base, home)
        if directory is None or directory.glob:
            return
        base = directory
    if len(operands) >= 2:
        add("write", "clone", operands[1], word_location(operands[1], base, home), exact=True)
        return
    if not operands or operands[0].value is None or base is None:
        return
    url = operands[0].value.rstrip("/")
    name = re.split(r"[/:]", url)[-1]
    if name.endswith(".git"):
        name = name[:-4]
    if not name or name in (".", ".."):
        return
    if model.has_option("bare", "mirror"):
        name += ".git"
    add("write", "clone", operands[0], base.join(name), exact=True)


# -- COPY and ADD -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True, eq=False)
class CopyFiles:
    """What a COPY or ADD writes."""

    destination: Effect | None  #: the destination: everything written is at or under it
    files: tuple[Effect, ...]  #: exact paths written (see the module docs)
    #: Every source is known to give exactly one regular file (so ``files`` is all it
    #: writes, besides missing parent directories).
    only_files: bool
    sources: tuple[str | None, ...]  #: the sources as expanded (None: not known)


def copy_files(model: Model, instr: cst.Copy, cwd: Location | None, trigger: bool = False) -> CopyFiles:
    """What a COPY or ADD writes, its relative destination resolved against ``cwd``.

    An ONBUILD trigger's words are expanded in a later build: a word with a variable in
    it is not known."""
    add = isinstance(instr, cst.Add)
    how = "ADD" if add else "COPY"
    found = instructions.copy_sources(instr)
    if found is None:
        return CopyFiles(None, (), False, ())
    words = instr.arguments.elements if isinstance(instr.arguments, cst.ExecForm) else instr.arguments
    path_words = [
        w for w, v in zip(words[:-1], instr.values, strict=False) if instructions.heredoc_spec(v) is None
    ]
    dest_word = words[-1]
    if trigger:
        sources = [_raw_value(p) for p in found.source_paths]
        dest = _raw_value(found.dest_path)
    else:
        stage = model.stage_of(instr)
        env_known = stage is not None and stage.base_env_known
        expanded = model.expansions(instr)
        sources = [_expanded(e, env_known) for e in expanded if e.role == "source"]
        dest = next((_expanded(e, env_known) for e in expanded if e.role == "destination"), None)
    if dest is None or "\\" in dest or len(sources) != len(path_words):
        return CopyFiles(None, (), False, tuple(sources))
    into = (
        dest.endswith("/")
        or dest in (".", "..")
        or dest.endswith("/.")
        or len(sources) + len(found.source_contents) > 1
    )
    if dest.startswith("/"):
        target = absolute(dest)
    else:
        target = cwd.join(dest) if cwd is not None else None
    if target is None or target.glob:
        return CopyFiles(None, (), False, tuple(sources))
    span = model.positions.span(dest_word)
    start, end = span.start.offset, span.end.offset
    destination = Effect("write", how, target, True, start, end, exact=not into)
    files: list[Effect] = []
    only_files = True

    def file(name: str, node: cst.Node | None, kind: str = how) -> None:
        at = model.positions.span(node) if node is not None else span
        location = target.join(name) if into else target
        # Into a directory that exists, `COPY a.sh /usr/bin` writes /usr/bin/a.sh: a
        # destination is taken to be the file only when it is named like one.
        is_file = into or is_file_name(target.name)
        if location is not None and not location.glob:
            files.append(
                Effect(
                    "write", kind, location, True, at.start.offset, at.end.offset, exact=True, file=is_file
                )
            )

    for content in found.source_contents:
        file(content.path, None)
    parents = instr.flag("parents") is not None
    for word, source in zip(path_words, sources, strict=True):
        if source is None:
            only_files = False
        elif add and _is_url(source) and not _is_git_url(source):
            name = urllib.parse.unquote(urllib.parse.urlsplit(source).path).rsplit("/", 1)[-1]
            file(name if name not in ("", ".") else "__unnamed__", word, "download")
        elif add or parents or _GLOB.search(source) or source.endswith("/"):
            only_files = False  # ADD may unpack a local archive; globs and --parents name no one file
        else:
            name = source.rsplit("/", 1)[-1]
            if is_file_name(name):
                file(name, word)
            else:
                only_files = False
    return CopyFiles(destination, tuple(files), only_files and bool(files), tuple(sources))


def _raw_value(text: str) -> str | None:
    return None if any(c in text for c in "$'\"\\") else text


def _expanded(word, env_known: bool) -> str | None:  # type: ignore[no-untyped-def]
    expansion = word.expansion
    if expansion.value is None or (expansion.unset and not env_known):
        return None
    return expansion.value


# -- timelines -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, eq=False)
class Step:
    """An instruction of a timeline and what it does to files."""

    instruction: cst.Instruction  #: a RUN, COPY, ADD or WORKDIR
    stage: Stage
    trigger: bool  #: an ONBUILD trigger
    cwd: Location | None  #: the WORKDIR it sees (None: not known)
    effects: tuple[Effect, ...]
    run: RunFiles | None = None
    copy: CopyFiles | None = None

    @property
    def modelled(self) -> bool:
        return self.run is None or self.run.modelled

    @property
    def kind(self) -> str:
        """``RUN``, ``COPY``, ``ADD`` or ``WORKDIR``."""
        return self.instruction.name.upper()


@dataclass(frozen=True, slots=True)
class Fate:
    """What later happens to a write: the step and effect that remove or overwrite it."""

    written: Step  #: the step that wrote it
    step: Step  #: the later step
    effect: Effect  #: the removal, or the write over it
    overwritten: bool  #: an exact write over it rather than a removal


@dataclass(eq=False)
class Files:
    """The timelines of a Dockerfile's shipped image and the fate of their writes."""

    sequences: tuple[tuple[Step, ...], ...]
    fates: dict[Effect, Fate] = field(default_factory=dict)
    _where: dict[int, tuple[int, int]] = field(default_factory=dict)

    def locate(self, instr: cst.Instruction) -> tuple[tuple[Step, ...], int] | None:
        """The timeline holding ``instr`` and its index there (None: it does not ship,
        or does nothing to files)."""
        found = self._where.get(id(instr))
        if found is None:
            return None
        return self.sequences[found[0]], found[1]

    def step(self, instr: cst.Instruction) -> Step | None:
        found = self.locate(instr)
        return found[0][found[1]] if found else None


_CACHE: weakref.WeakKeyDictionary[Model, Files] = weakref.WeakKeyDictionary()


def timelines(model: Model) -> Files:
    """The timelines of the shipped image (see the module docs), computed once per model."""
    files = _CACHE.get(model)
    if files is None:
        files = _build(model)
        _CACHE[model] = files
    return files


def _build(model: Model) -> Files:
    tokens = _Tokens()
    chain = list(reversed(model.base_chain()))
    sequences: list[tuple[Step, ...]] = []
    if chain:
        cwd: Location | None = Location("/") if chain[0].base.is_scratch else tokens.cwd()
        main: list[Step] = []
        volumes: list[Location | None] = []
        for stage in chain:
            for instr in stage.instructions:
                if not isinstance(instr, cst.Onbuild):
                    cwd = _add_step(model, stage, instr, cwd, tokens, main, False, volumes)
        sequences.append(tuple(main))
        for stage in chain:
            triggers = [i.trigger for i in stage.instructions if isinstance(i, cst.Onbuild) and i.trigger]
            steps: list[Step] = []
            cwd = tokens.cwd()
            # the image being built on has all of this image's VOLUMEs
            volumes = volumes[:] if triggers else volumes
            for trigger in triggers:
                cwd = _add_step(model, stage, trigger, cwd, tokens, steps, True, volumes)
            if steps:
                sequences.append(tuple(steps))
    files = Files(tuple(sequences))
    for i, sequence in enumerate(files.sequences):
        for j, step in enumerate(sequence):
            files._where[id(step.instruction)] = (i, j)
        files.fates.update(_fates(sequence))
    return files


def _add_step(
    model: Model,
    stage: Stage,
    instr: cst.Instruction,
    cwd: Location | None,
    tokens: _Tokens,
    out: list[Step],
    trigger: bool,
    volumes: list[Location | None],
) -> Location | None:
    if isinstance(instr, cst.Volume):
        if trigger:
            values = [_raw_value(v) for v in instr.values]
        else:
            values = [
                _expanded(w, stage.base_env_known) for w in model.expansions(instr) if w.role == "volume"
            ]
        for value in values or [None]:
            found = absolute(value) if value else None
            volumes.append(None if found is None or found.glob else found)
    elif isinstance(instr, cst.Workdir):
        cwd = _workdir(model, stage, instr, cwd, tokens, trigger)
        effects: tuple[Effect, ...] = ()
        if cwd is not None and instr.argument is not None:
            span = model.positions.span(instr.argument)
            effects = (Effect("write", "mkdir", cwd, True, span.start.offset, span.end.offset),)
        out.append(Step(instr, stage, trigger, cwd, effects))
    elif isinstance(instr, cst.Run):
        run = run_files(model, instr, cwd, tokens, tuple(volumes))
        out.append(Step(instr, stage, trigger, cwd, tuple(run.effects), run=run))
    elif isinstance(instr, cst.Copy):
        copy = copy_files(model, instr, cwd, trigger)
        effects = ((copy.destination,) if copy.destination else ()) + copy.files
        out.append(Step(instr, stage, trigger, cwd, effects, copy=copy))
    return cwd


def _workdir(
    model: Model, stage: Stage, instr: cst.Workdir, cwd: Location | None, tokens: _Tokens, trigger: bool
) -> Location:
    if trigger:
        value = _raw_value(instr.value or "")
    else:
        value = next(
            (_expanded(e, stage.base_env_known) for e in model.expansions(instr) if e.role == "workdir"), None
        )
    if not value or _GLOB.search(value):
        return tokens.cwd()
    if value.startswith("/"):
        found = absolute(value)
    else:
        found = cwd.join(value) if cwd is not None else None
    return found if found is not None else tokens.cwd()


def _fates(sequence: Iterable[Step]) -> dict[Effect, Fate]:
    """For each certain write of a timeline that puts bytes in its layer, the first later
    step that certainly removes it, or overwrites it with an exact write of a file.

    A write stops being followed (with no fate) when something may have removed it: a
    removal that may cover it, an unknown removal, a RUN dflint cannot follow."""
    fates: dict[Effect, Fate] = {}
    live: list[tuple[Step, Effect]] = []
    for step in sequence:
        if not step.modelled:
            live.clear()
            continue
        for effect in step.effects:
            if effect.kind == "remove":
                kept = []
                for owner, write in live:
                    assert write.location is not None
                    if (
                        effect.certain
                        and effect.location is not None
                        and covers(effect.location, write.location, effect.recursive)
                    ):
                        if owner is not step:
                            fates[write] = Fate(owner, step, effect, False)
                    elif not may_cover(effect.location, write.location):
                        kept.append((owner, write))
                live = kept
            elif effect.kind == "write" and effect.how in BYTE_WRITES:
                if effect.certain and effect.exact and effect.file and effect.how in ("download", "redirect"):
                    kept = []
                    for owner, write in live:
                        if write.exact and write.location == effect.location and owner is not step:
                            fates[write] = Fate(owner, step, effect, True)
                        else:
                            kept.append((owner, write))
                    live = kept
                if effect.certain and effect.location is not None and not effect.location.glob:
                    live.append((step, effect))
    return fates
