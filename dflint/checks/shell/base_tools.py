"""What a stage's base image is known to run its commands with, for fixes that add an
option or a shell the image must have.

Only what the image's name says is used: ``scratch`` and distroless images have no
shell; BusyBox and Alpine images (``alpine``, ``busybox``, any ``*-alpine`` tag, and the
official images whose every catalogued tag is built on Alpine, such as ``docker``) have
BusyBox's applets (``ash`` as ``/bin/sh``, BusyBox ``wget``) and no bash (except the
``bash`` image); Fedora ships wget2 as ``wget``. Any other base is unknown, which the
rules read as "a usual GNU userland". A package a RUN of the stage's chain installs
(``apk add bash``) counts from that command on.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dflint.model import base_images as kb
from dflint.syntax import cst

if TYPE_CHECKING:
    from dflint.checks import Context
    from dflint.model.shell import SimpleCommand
    from dflint.model.stages import Stage

#: no shell at all
NONE = "none"
#: BusyBox applets (ash as /bin/sh, BusyBox wget), no bash
BUSYBOX = "busybox"
#: wget is wget2, which rejects wget 1's ``--progress=dot:giga``
FEDORA = "fedora"


def _root_image(ctx: Context, stage: Stage) -> tuple[str, str | None] | None:
    """The familiar name and tag of the image under the stage; ("scratch", None) for
    scratch; None when it is not known."""
    root = ctx.model.base_chain(stage)[-1]
    if root.base.is_scratch:
        return "scratch", None
    ref = root.base.reference
    return None if ref is None else (ref.familiar_name, ref.tag)


def _catalogued_os(reference: str, name: str) -> str | None:
    """The OS the catalogue says the image is built on: the row's, or the one every
    catalogued tag of the image shares."""
    found = kb.lookup(reference)
    if isinstance(found, kb.Match):
        return found.row.os
    rows = kb.catalogue().get(name, ())
    families = {row.os.rstrip("0123456789.").split("-")[0] for row in rows}
    return families.pop() if len(families) == 1 else None


def userland(ctx: Context, stage: Stage) -> str | None:
    """:data:`NONE`, :data:`BUSYBOX`, :data:`FEDORA`, or None when the name of the image
    the stage is built on (through the stages it is built FROM) says nothing."""
    image = _root_image(ctx, stage)
    if image is None:
        return None
    name, tag = image
    if name == "scratch" and tag is None:
        return NONE
    shape = kb.tag_shape(tag or "latest")
    if name.startswith("gcr.io/distroless/"):
        return BUSYBOX if "debug" in shape.flavours else NONE
    base = name.rsplit("/", 1)[-1]
    if base in ("alpine", "busybox") or "alpine" in shape.flavours:
        return BUSYBOX
    if base == "fedora":
        return FEDORA
    os = _catalogued_os(f"{name}:{tag or 'latest'}", name) or ""
    if os.startswith(("alpine", "busybox")):
        return BUSYBOX
    if os.startswith("fedora"):
        return FEDORA
    return None


def lacks_bash(ctx: Context, instr: cst.Instruction) -> bool:
    """Whether ``instr``'s stage is known to run on an image without bash, and no RUN
    before ``instr`` installs it."""
    stage = ctx.model.stage_of(instr)
    if stage is None or userland(ctx, stage) not in (NONE, BUSYBOX):
        return False
    image = _root_image(ctx, stage)
    if image is not None and image[0] == "bash":  # the official bash image: Alpine with bash
        return False
    return not installs(ctx, instr, frozenset({"bash"}))


def installs(
    ctx: Context, instr: cst.Instruction, packages: frozenset[str], until: SimpleCommand | None = None
) -> bool:
    """Whether a RUN of ``instr``'s stage chain installs one of ``packages`` before
    ``instr`` (or, with ``until``, before that command of ``instr``)."""
    stage = ctx.model.stage_of(instr)
    if stage is None:
        return False
    for owner in reversed(ctx.model.base_chain(stage)):
        for step in owner.instructions:
            run = step.trigger if isinstance(step, cst.Onbuild) else step
            if run is instr:
                if until is None:
                    return False
            elif step is not run or not isinstance(run, cst.Run):
                continue  # a trigger runs in another build
            parsed = ctx.model.shell(run)
            for command in parsed.commands if parsed else ():
                if command is until:
                    return False
                model = ctx.model.command(command)
                if model is not None and any(p.name in packages for p in model.packages):
                    return True
            if run is instr:
                return False
    return False
