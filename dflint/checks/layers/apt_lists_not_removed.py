"""DF201 apt-lists-not-removed: a RUN downloads the apt package lists (``apt-get
update``) and leaves them in its layer.

Only layers that ship are checked: the target stage and the stages it is built FROM
(a stage only copied from does not ship its layers). Not reported when the RUN removes
``/var/lib/apt/lists`` after the update (``rm -rf /var/lib/apt/lists/*``, or apt 2.7.8's
``apt-get dist-clean``, which deletes the lists but their Release files), or mounts a
cache or tmpfs over the lists (``/var/lib/apt/lists``, or both ``/var/lib/apt`` and
``/var/cache/apt``).
"""

from __future__ import annotations

from collections.abc import Iterator

from dflint.checks import Context, Violation
from dflint.checks.layers import append_command, ships
from dflint.checks.layers.apt_update_in_separate_run import events, stale_update
from dflint.fix.edit import Fix
from dflint.model.shell import ParsedShell, SimpleCommand
from dflint.syntax import cst

ON = (cst.Run,)

CLEANUP = "rm -rf /var/lib/apt/lists/*"
#: apt 2.7.8 and later (Debian 13, Ubuntu 24.04): clean, and delete the lists but their Release files
_DIST_CLEAN = frozenset({"dist-clean", "distclean"})
_APT = frozenset({"apt-get", "apt"})


def _mounted(instr: cst.Run) -> bool:
    from dflint.model.stages import cache_mount_targets

    targets = cache_mount_targets(instr)
    return "/var/lib/apt/lists" in targets or {"/var/lib/apt", "/var/cache/apt"} <= targets


def _dist_cleaned(ctx: Context, parsed: ParsedShell | None, update: SimpleCommand) -> bool:
    """Whether an ``apt-get dist-clean`` comes after ``update`` in the RUN."""
    commands = parsed.commands if parsed else ()
    after = next((i for i, c in enumerate(commands) if c is update), len(commands))
    for command in commands[after + 1 :]:
        model = ctx.model.command(command)
        if model is not None and model.tool in _APT and model.subcommand in _DIST_CLEAN:
            return True
    return False


def check(instr: cst.Run, ctx: Context) -> Iterator[Violation]:
    if not ships(instr, ctx) or _mounted(instr):
        return
    found = events(ctx, instr)
    first = next((i for i, (kind, _) in enumerate(found) if kind == "update"), None)
    if first is None or any(kind == "remove" for kind, _ in found[first + 1 :]):
        return
    update = found[first][1]
    parsed = ctx.model.shell(instr)
    if _dist_cleaned(ctx, parsed, update):
        return
    # Nothing after the update reads the lists (a later RUN installs): deleting them here
    # would break that install. DF203 reports it, and merges the RUNs.
    edit = None if stale_update(found) or parsed is None else append_command(ctx, instr, parsed, CLEANUP)
    fix = Fix.safe(edit) if edit else None
    yield Violation(
        f"`{update.name} update` leaves the package lists (/var/lib/apt/lists, often 20-50 MB) in "
        f"this layer: remove them in the same RUN",
        update.words[0].start,
        update.words[-1].end,
        fix,
        f"Append `&& {CLEANUP}`" if fix else None,
    )
