"""DF428 extract-copied-archive: a local archive COPYed into the image, then extracted
by a later RUN.

The file timelines (:mod:`dflint.model.files`) say where the COPY puts each source
and what later RUNs extract (``tar -x``, ``unzip``, ``gunzip``, ``zcat``, ...), with
paths resolved against WORKDIR and ``cd``: an archive is reported when a later step of
the same image extracts that very file, and nothing wrote over it or removed it in
between. ``COPY a.tar /x`` may write ``/x`` or ``/x/a.tar`` (when ``/x`` is a
directory): either counts. Only layers that ship are checked (the target stage and the
stages it is built FROM): a builder stage's layers never reach the image. An ONBUILD
COPY is matched with the ONBUILD RUNs after it.

When dflint cannot resolve the COPY's destination (a Windows path such as
``C:\\app``, a variable only the build knows) it falls back to hadolint DL3010's test:
the archive's file name (after the last ``/`` or ``\\``) is the file name a later
extraction reads. ``COPY --from`` is not checked (hadolint does not either: ADD cannot
take its place).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from dflint.checks import Context, Violation
from dflint.checks.layers import located
from dflint.model.files import Effect, Location, Step, covers, is_archive_name, is_file_name
from dflint.syntax import cst, instructions

ON = (cst.Copy,)

#: Archives ADD unpacks (a local tar, compressed or not); others need the bind mount.
_TAR_SUFFIXES = (".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz", ".tbz2", ".tar.xz", ".txz")


@dataclass
class _Archive:
    word: cst.Node  #: the COPY word naming it
    name: str  #: its file name
    #: where the COPY may have put it; None when its destination is not known, and it is
    #: matched by ``name``
    places: list[Location] | None


def _basename(text: str) -> str:
    """A path's last component after ``/`` or ``\\`` (hadolint's reading, for paths
    dflint cannot resolve)."""
    return re.split(r"[/\\]", text.strip("\"'"))[-1]


def _archives(instr: cst.Copy, step: Step) -> list[_Archive]:
    found = instructions.copy_sources(instr)
    if found is None or step.copy is None:
        return []
    words = instr.arguments.elements if isinstance(instr.arguments, cst.ExecForm) else instr.arguments
    path_words = [
        w for w, v in zip(words[:-1], instr.values, strict=False) if instructions.heredoc_spec(v) is None
    ]
    destination = step.copy.destination
    target = destination.location if destination is not None else None
    if target is None:
        # `COPY x C:\app\x.tar.gz`: the file is named by the destination
        name = _basename(words[-1].value)
        if is_archive_name(name):
            return [_Archive(words[-1], name, None)]
        return [_Archive(w, n, None) for w in path_words if is_archive_name(n := _basename(w.value))]
    sources = step.copy.sources if len(step.copy.sources) == len(path_words) else [None] * len(path_words)
    out = []
    for word, source in zip(path_words, sources, strict=True):
        name = source.rstrip("/").rsplit("/", 1)[-1] if source is not None else ""
        if not is_archive_name(name):
            continue
        if not destination.exact:  # into a directory
            places = [target.join(name)]
        elif is_file_name(target.name):
            places = [target]
        else:  # a file, or into a directory of that name if there is one
            places = [target, target.join(name)]
        out.append(_Archive(word, name, [p for p in places if p is not None]))
    return out


def _same(a: Location, b: Location) -> bool:
    if a == b:
        return True
    if a.glob != b.glob:
        pattern, path = (a, b) if a.glob else (b, a)
        return covers(pattern, path, False)
    return False


def _reads(effect: Effect, archive: _Archive) -> bool:
    location = effect.location
    if location is None:
        return False
    if archive.places is None:
        return _basename(location.name) == archive.name
    return any(_same(place, location) for place in archive.places)


def _gone(effect: Effect, archive: _Archive) -> bool:
    """Whether ``effect`` removes or replaces what the COPY put there."""
    if effect.location is None or not effect.certain or archive.places is None:
        return False
    if effect.kind == "remove":
        return any(covers(effect.location, p, effect.recursive) for p in archive.places)
    return effect.kind == "write" and effect.exact and any(effect.location == p for p in archive.places)


def _extraction(steps: tuple[Step, ...], archive: _Archive) -> Effect | None:
    """The first extraction of the archive by these steps, unless something removes or
    replaces it before."""
    for step in steps:
        for effect in step.effects:
            if effect.kind == "extract" and _reads(effect, archive):
                return effect
            if _gone(effect, archive):
                return None
    return None


def check(instr: cst.Copy, ctx: Context) -> Iterator[Violation]:
    if isinstance(instr, cst.Add) or instr.flag("from") is not None:
        return
    found = located(instr, ctx)
    if found is None:
        return
    _, sequence, index = found
    for archive in _archives(instr, sequence[index]):
        extraction = _extraction(sequence[index + 1 :], archive)
        if extraction is None:
            continue
        line = ctx.positions.position(extraction.start).line
        instead = (
            "use ADD, which unpacks a local tar archive, or extract it from a bind mount"
            if archive.name.lower().endswith(_TAR_SUFFIXES)
            else "extract it from a bind mount"
        )
        yield ctx.violation(
            archive.word,
            f"`{archive.name}` is copied into a layer and extracted by the RUN on line {line}: the "
            f"archive stays in the image; {instead} "
            f"(`RUN --mount=type=bind,source=...,target=/tmp/{archive.name} ...`)",
        )
