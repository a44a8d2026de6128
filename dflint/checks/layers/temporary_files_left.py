"""DF224 temporary-files-left: a RUN leaves temporary build files in its layer.

Temporary: what the RUN downloads, clones, extracts or decompresses into ``/tmp``,
``/var/tmp``, ``~/.cache`` or ``/root/.cache``, and an archive or package it downloads
and then hands to another command (``dpkg -i``, ``sha256sum``, an installer). Reported
when nothing later in the RUN may remove it, no ``COPY --from`` may take it and the
image's configuration does not name it. Left to other rules: an archive the RUN
extracts (DF221) and a file a later RUN deletes (DF220).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from dflint.checks import Context, Violation
from dflint.checks.layers import located
from dflint.model.files import (
    CommandFiles,
    Effect,
    Location,
    RunFiles,
    Step,
    absolute,
    is_archive_name,
    may_cover,
    may_overlap,
)
from dflint.syntax import cst, instructions

ON = (cst.Run,)

#: Writes that bring build inputs in. Files a RUN writes itself (``> /tmp/version.txt``,
#: ``cp conf /tmp/app/``) are left out: they are often left on purpose.
_BUILD_INPUTS = frozenset({"download", "clone", "extract", "decompress"})
_TEMPORARY_ROOTS = (("tmp",), ("var", "tmp"), ("root", ".cache"))
#: A path in the image's configuration (CMD, ENTRYPOINT, ENV, ...).
_PATH = re.compile(r"/[^\s\"'`;:,|&<>()=$\\]*")
_CONFIGURATION = (cst.Cmd, cst.Entrypoint, cst.Healthcheck, cst.Env, cst.Volume)


def check(instr: cst.Run, ctx: Context) -> Iterator[Violation]:
    found = located(instr, ctx)
    if found is None:
        return
    files, sequence, index = found
    step = sequence[index]
    if step.run is None or not step.run.modelled:
        return
    run = step.run
    effects = list(run.effects)
    reported: list[Location] = []
    for i, write in enumerate(effects):
        location = write.location
        if (
            write.kind != "write"
            or write.how not in _BUILD_INPUTS
            or not write.certain
            or location is None
            or location.glob
            or write in files.fates
        ):
            continue
        later = effects[i + 1 :]
        # What a directory-wide write (extract, cp into) put there is not known: a later
        # removal anywhere inside it may be of all of it (`rm -rf /tmp/src-1.0`).
        overlaps = may_cover if write.exact else may_overlap
        if any(e.kind == "remove" and overlaps(e.location, location) for e in later):
            continue
        if any(e.kind == "extract" and e.location == location for e in later):
            continue  # DF221's
        if not (_temporary(location) or _consumed_download(run, write)):
            continue
        if (
            any(r.contains(location) for r in reported)
            or _copied_elsewhere(ctx, location)
            or _used_at_runtime(ctx, files.sequences[0], location)
        ):
            continue
        reported.append(location)
        yield Violation(_message(write, location), write.start, write.end)


def _temporary(location: Location) -> bool:
    parts = location.parts
    if location.absolute:
        return any(parts[: len(root)] == root for root in _TEMPORARY_ROOTS)
    return location.root.startswith("home#") and parts[:1] == (".cache",)


def _used_at_runtime(ctx: Context, sequence: tuple[Step, ...], location: Location) -> bool:
    """Whether the image's configuration names something at or under the location, or
    a directory of its own under the temporary directory that holds it (``CMD
    ["/tmp/app/run"]``, ``WORKDIR /tmp/app``): then it is the application, not a
    leftover."""
    if not location.absolute:
        return False
    depth = next((len(root) for root in _TEMPORARY_ROOTS if location.parts[: len(root)] == root), 0)
    named: list[Location] = [
        e.location for step in sequence if step.kind == "WORKDIR" for e in step.effects if e.location
    ]
    for stage in ctx.model.base_chain():
        for instr in stage.instructions:
            if isinstance(instr, _CONFIGURATION):
                for text in instr.argument_values:
                    named.extend(p for p in map(absolute, _PATH.findall(text)) if p is not None)
    return any(
        location.contains(path) or (depth > 0 and len(path.parts) > depth and path.contains(location))
        for path in named
    )


def _consumed_download(run: RunFiles, write: Effect) -> bool:
    """A downloaded archive or package that a later command of the RUN is given."""
    location = write.location
    if write.how != "download" or location is None or not is_archive_name(location.name):
        return False
    seen = False
    for command in run.commands:
        if command.command is write.command:
            seen = True
        elif seen and _names(command, location):
            return True
    return False


def _names(command: CommandFiles, location: Location) -> bool:
    return any(command.location(word) == location for word in command.command.words[1:])


def _copied_elsewhere(ctx: Context, location: Location) -> bool:
    """Whether a ``COPY --from`` may take it from the shipped image's stages (then it is
    an output, not a leftover). A ``--from`` dflint cannot resolve may name any."""
    chain = {stage.index for stage in ctx.model.base_chain()}
    for stage in ctx.model.stages:
        for dependency in stage.dependencies:
            if dependency.kind != "copy":
                continue
            if dependency.stage is None and dependency.reference is not None:
                continue  # an image
            if dependency.stage is not None and dependency.stage not in chain:
                continue
            node = dependency.instruction
            sources = instructions.copy_sources(node) if isinstance(node, cst.Copy) else None
            for path in sources.source_paths if sources is not None else ["$"]:
                source = absolute(path) if "$" not in path else None
                if source is None or may_cover(source, location) or location.contains(source):
                    return True
    return False


def _message(write: Effect, location: Location) -> str:
    if write.how == "download":
        what = f"`{location}`, downloaded by this RUN,"
    elif write.how == "clone":
        what = f"`{location}`, cloned by this RUN,"
    elif write.how == "extract":
        what = f"What this RUN extracts into `{location}`"
    else:
        what = f"`{location}`, decompressed by this RUN,"
    return (
        f"{what} is left in the layer: temporary build files ship with the image unless the RUN "
        f"that made them removes them"
    )
