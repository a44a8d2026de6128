"""DF308 healthcheck-tool-missing: HEALTHCHECK runs curl, wget or nc, which the image
does not have.

What the base image has is known for the official images in dflint's catalogue, for
``scratch`` and distroless; for any other base the rule stays silent. A tool counts as
present when a RUN of the shipped stage's chain installs it or uses it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from dflint.checks import Context, Violation
from dflint.model import base_images as kb
from dflint.model.stages import Stage
from dflint.syntax import cst

ON = (cst.Healthcheck,)
ONBUILD = False

TOOLS = {
    "curl": {"curl"},
    "wget": {"wget"},
    "nc": {"netcat", "netcat-openbsd", "netcat-traditional", "ncat", "nmap-ncat"},
}
#: operating-system images: none of the tools
_BARE_OS = frozenset({"debian", "ubuntu", "fedora", "rockylinux", "almalinux", "oraclelinux", "amazonlinux"})
_SPLIT = re.compile(r"&&|\|\||[;|&]")


def _tools_in(instr: cst.Healthcheck) -> list[str]:
    """The programs the health check runs (first word of each command)."""
    form = instr.arguments
    if isinstance(form, cst.ExecForm):
        argv = form.argv
        if len(argv) >= 3 and argv[0].rsplit("/", 1)[-1] in ("sh", "bash") and argv[1] == "-c":
            script = argv[2]
        else:
            return [argv[0].rsplit("/", 1)[-1]] if argv else []
    elif isinstance(form, cst.ShellForm):
        script = form.command
    else:
        return []
    out = []
    for part in _SPLIT.split(script):
        words = part.split()
        if words:
            out.append(words[0].rsplit("/", 1)[-1])
    return out


def _base_has(name: str, variant: str | None, tool: str) -> bool | None:
    """Whether an official base image has ``tool``: True, False, or None (unknown)."""
    if name == "scratch" or name.startswith("gcr.io/distroless/"):
        return False
    if name == "busybox":
        return tool in ("wget", "nc")
    if name == "alpine" or variant == "alpine":
        return tool in ("wget", "nc")  # BusyBox's applets; no curl
    if name in _BARE_OS:
        return False
    if variant == "slim":
        return False
    if variant in ("full", "jdk"):
        return tool in ("curl", "wget")  # built on buildpack-deps:*-curl
    return None


def _installed_or_used(ctx: Context, chain: list[Stage], tool: str) -> bool:
    packages = TOOLS[tool]
    copied = any(
        isinstance(i, (cst.Copy, cst.Add)) and any(tool in v for v in i.argument_values)
        for stage in chain
        for i in stage.instructions
    )
    return copied or any(
        command.name == tool
        or (model is not None and any((p.name or "") in packages for p in model.packages))
        for command, model in ctx.model.run_commands(chain)
    )


def check(instr: cst.Healthcheck, ctx: Context) -> Iterator[Violation]:
    stage = ctx.model.stage_of(instr)
    if stage is None:
        return
    chain = ctx.model.base_chain(stage)
    root = chain[-1]
    if root.base.is_scratch:
        name, variant, shown = "scratch", None, "scratch"
    elif root.base.reference is None or root.base.stage is not None:
        return
    else:
        ref = root.base.reference
        name, shown = ref.familiar_name, ref.familiar
        found = kb.lookup(root.base.expansion.value or "")
        variant = found.row.variant if isinstance(found, kb.Match) else None
        if variant is None and name not in _BARE_OS and name not in ("busybox", "alpine"):
            if not name.startswith("gcr.io/distroless/"):
                return
    for tool in _tools_in(instr):
        if tool not in TOOLS or _base_has(name, variant, tool) is not False:
            continue
        if _installed_or_used(ctx, chain, tool):
            continue
        yield ctx.violation(
            instr.arguments or instr,
            f"HEALTHCHECK runs `{tool}`, which `{shown}` does not have and no step installs: every "
            f"check fails and the container is reported unhealthy",
        )
        return
