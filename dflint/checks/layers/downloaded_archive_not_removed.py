"""DF221 downloaded-archive-not-removed: an archive is downloaded and extracted, and the
archive itself stays in the layer.

A RUN that downloads a file (``curl -o``/``-O``, ``wget``) and extracts it (``tar -x``,
``unzip``, ``gunzip -c``, ...) without removing it later in the same RUN; or an
``ADD <url>`` whose file a later RUN extracts (ADD's layer keeps the archive whatever
happens next). Not reported when a later RUN certainly deletes the archive (DF220
reports that), when the archive is under a ``--mount``, or when anything in the RUN may
remove it (a removal dflint cannot resolve included).
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterator

from dflint.checks import Context, Violation
from dflint.checks.layers import append_command, located
from dflint.fix.edit import Fix
from dflint.model.files import Effect, Files, Location, Step, may_cover
from dflint.syntax import cst, instructions

ON = (cst.Run, cst.Add)

_PLAIN = re.compile(r"[A-Za-z0-9_./+,:=@%-]+")


def check(instr: cst.Run | cst.Add, ctx: Context) -> Iterator[Violation]:
    found = located(instr, ctx)
    if found is None:
        return
    files, sequence, index = found
    if isinstance(instr, cst.Add):
        yield from _added(ctx, files, sequence, index)
    else:
        yield from _downloaded(ctx, files, sequence, index, instr)


def _downloaded(
    ctx: Context, files: Files, sequence: tuple[Step, ...], index: int, instr: cst.Run
) -> Iterator[Violation]:
    step = sequence[index]
    run = step.run
    if run is None or not run.modelled:
        return
    effects = list(run.effects)
    for i, download in enumerate(effects):
        location = download.location
        if not _followed(download) or download.how != "download" or download in files.fates:
            continue
        assert location is not None
        later = effects[i + 1 :]
        extraction = next(
            (e for e in later if e.kind == "extract" and e.certain and e.location == location), None
        )
        if extraction is None or any(e.kind == "remove" and may_cover(e.location, location) for e in later):
            continue
        command = download.command
        assert command is not None
        tool = next(c.model.tool for c in run.commands if c.command is extraction.command and c.model)
        fix = None
        text = _path_text(location, run.cwd_end)
        parsed = ctx.model.shell(instr)
        if text is not None and parsed is not None and not _used_later(ctx, sequence, index, location):
            edit = append_command(ctx, instr, parsed, f"rm -f {text}")
            fix = Fix.safe(edit) if edit is not None else None
        yield Violation(
            f"The archive `{location}` is downloaded and extracted (by `{tool}`) "
            f"but never removed in this RUN: the layer keeps the archive as well as what it holds",
            command.words[0].start,
            command.words[-1].end,
            fix,
            f"Remove the archive at the end of the RUN (`rm -f {text}`)" if fix else None,
        )


def _followed(effect: Effect) -> bool:
    return (
        effect.kind == "write" and effect.certain and effect.location is not None and not effect.location.glob
    )


def _added(ctx: Context, files: Files, sequence: tuple[Step, ...], index: int) -> Iterator[Violation]:
    step = sequence[index]
    for download in step.effects:
        if not _followed(download) or download.how != "download" or download in files.fates:
            continue
        location = download.location
        assert location is not None
        extractor = _extracted_later(sequence, index, location)
        if extractor is None:
            continue
        line = ctx.positions.span(extractor.instruction).start.line
        yield Violation(
            f"The archive `{location}` that this ADD downloads is extracted by the RUN on line {line}: "
            f"ADD's layer keeps the archive whatever happens to it next; download, extract and "
            f"remove it in one RUN",
            download.start,
            download.end,
        )


def _extracted_later(sequence: tuple[Step, ...], index: int, location: Location) -> Step | None:
    """The first later step that extracts ``location``, unless something may remove or
    overwrite it first."""
    for step in sequence[index + 1 :]:
        if not step.modelled:
            return None
        for effect in step.effects:
            if effect.location == location and effect.kind == "extract" and effect.certain:
                return step
            if effect.kind == "remove" and may_cover(effect.location, location):
                return None
            if effect.kind == "write" and effect.location == location:
                return None
    return None


def _path_text(location: Location, cwd_end: Location | None) -> str | None:
    """How ``rm`` at the end of the RUN names the archive: absolute, or relative to the
    directory the RUN ends in."""
    if location.absolute:
        text = str(location)
    elif cwd_end is not None:
        text = location.relative_to(cwd_end)
        if text is None or text == ".":
            return None
    else:
        return None
    if text.startswith("-"):
        text = "./" + text
    return text if _PLAIN.fullmatch(text) else shlex.quote(text)


def _used_later(ctx: Context, sequence: tuple[Step, ...], index: int, location: Location) -> bool:
    """Whether a later instruction may read the archive: a later RUN word naming a file
    of that name, or a ``COPY --from`` whose source could be it. Deleting it would break
    that instruction, so there is no fix."""
    name = location.name
    for step in sequence[index + 1 :]:
        if step.run is None:
            continue
        if not step.run.modelled:
            return True
        for command in step.run.commands:
            if any(name in word.symbolic for word in command.command.words):
                return True
    for instr in ctx.df.instructions:
        node = instr.trigger if isinstance(instr, cst.Onbuild) else instr
        if isinstance(node, cst.Copy) and node.flag("from") is not None:
            sources = instructions.copy_sources(node)
            paths = sources.source_paths if sources is not None else [""]
            if any(name in p or "$" in p or "*" in p or "?" in p or "[" in p for p in paths):
                return True
    return False
