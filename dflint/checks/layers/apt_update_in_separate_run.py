"""DF203 apt-update-in-separate-run: the package index is downloaded in one RUN and
used in another.

Two findings, one cause: BuildKit caches each RUN by its text, so a RUN that only runs
``apt-get update`` keeps the index of the day it first ran, and later installs read it:

- ``apt-get update`` (``apt``, ``aptitude``) with nothing after it in its RUN that reads
  the index (``install``, ``upgrade``, ``dist-upgrade``, ``build-dep``, ``source``, ...).
  Fixed by merging the RUN into the next one when that is an adjacent RUN that reads the
  index (see :mod:`dflint.checks.layers.run_merge` for when a merge is refused).
- A command that reads the index before any update in its RUN, when an earlier RUN of
  the stage's chain updated it (and was not itself reported above: one finding for one
  update).

Every stage is checked, shipped or not: a stale index breaks the build wherever it is.
Cache mounts do not help: the update's RUN is still cached, and the mount it filled may
be emptied or shared. ONBUILD triggers are read as RUNs of the build that uses the
image: a trigger's earlier RUNs are the chain's RUNs and the triggers before it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from dflint.checks import Context, Violation
from dflint.checks.layers.run_merge import RunSlot, merge_edit, neighbour, slot
from dflint.fix.edit import Fix
from dflint.model.commands import CommandModel
from dflint.model.shell import SimpleCommand, shell_kind
from dflint.syntax import cst

ON = (cst.Run,)

_APT = frozenset({"apt-get", "apt", "aptitude"})
#: Subcommands that read the package index.
USES_INDEX = frozenset(
    "install reinstall upgrade dist-upgrade full-upgrade safe-upgrade build-dep build-depends"
    " source download satisfy".split()
)
#: Programs that run apt themselves (minideb's install_packages, gitpod's
#: install-packages, add-apt-repository's update, rosdep, mk-build-deps, apt-fast) and
#: ways of running code dflint cannot read.
_RUNS_APT = frozenset(
    "install_packages install-packages add-apt-repository rosdep mk-build-deps apt-fast eval source ."
    " apt-install".split()
)
#: Programs that read the index without apt's command line.
_READS_INDEX = frozenset({"unattended-upgrade", "unattended-upgrades"})
_LISTS = re.compile(r"^/var/lib/apt(/lists)?(/\*?)?$")  #: the lists, as `rm` names them


def _opaque(command: SimpleCommand, model: CommandModel | None) -> bool:
    """Whether the command may update or read the package index out of dflint's sight:
    a command word only the build knows, a script, a shell reading a file or stdin
    (``curl ... | bash``), or a program that runs apt itself."""
    name = command.name
    if name is None or model is None:
        return bool(command.words)
    if name in _RUNS_APT or model.tool in _RUNS_APT or name.endswith((".sh", ".bash")):
        return True
    if shell_kind([model.tool]) == "posix":
        # `sh -c 'script'` is parsed (its commands follow it); anything else is not
        argv = command.argv
        dash_c = next(
            (
                i
                for i, w in enumerate(argv[1:], 1)
                if w and w.startswith("-") and not w.startswith("--") and "c" in w
            ),
            None,
        )
        return dash_c is None or dash_c + 1 >= len(argv) or argv[dash_c + 1] is None
    return False


def events(ctx: Context, run: cst.Run) -> list[tuple[str, SimpleCommand]]:
    """What the RUN does with the package index, in order: "update", "use" (reads it),
    "remove" (deletes the lists), "opaque" (may do either, unseen)."""
    out = []
    parsed = ctx.model.shell(run)
    for command in parsed.commands if parsed else ():
        model = ctx.model.command(command)
        if model is not None and model.tool in _APT:
            if model.subcommand == "update":
                out.append(("update", command))
            elif model.subcommand in USES_INDEX:
                out.append(("use", command))
        elif model is not None and model.tool in _READS_INDEX:
            out.append(("use", command))
        elif (
            model is not None
            and model.tool == "rm"
            and any(_LISTS.match(o.text or "") for o in model.operands)
        ):
            out.append(("remove", command))
        elif _opaque(command, model):
            out.append(("opaque", command))
    return out


def stale_update(found: list[tuple[str, SimpleCommand]]) -> SimpleCommand | None:
    """The RUN's last update when nothing after it in the RUN reads the index (or may),
    and the lists are not deleted after it."""
    return found[-1][1] if found and found[-1][0] == "update" else None


def _first_use(found: list[tuple[str, SimpleCommand]]) -> SimpleCommand | None:
    """The first command reading the index when nothing before it in the RUN updates it
    (or may)."""
    for kind, command in found:
        if kind == "use":
            return command
        if kind != "remove":
            return None
    return None


def _earlier_runs(ctx: Context, here: RunSlot) -> list[cst.Run]:
    """The RUNs whose layers are under this one, in build order: for a RUN, those before
    it in its stage's chain; for an ONBUILD trigger, every RUN of the chain (the image is
    built before any trigger runs), then the triggers before it."""
    stage = ctx.model.stage_of(here.run)
    if stage is None:
        return []
    plain: list[cst.Run] = []
    triggers: list[cst.Run] = []
    reached = False
    for s in reversed(ctx.model.base_chain(stage)):
        for instr in s.instructions:
            if instr is here.holder:
                if not here.onbuild:
                    return plain
                reached = True
            elif isinstance(instr, cst.Run):
                plain.append(instr)
            elif here.onbuild and s is stage and not reached and isinstance(instr, cst.Onbuild):
                if isinstance(instr.trigger, cst.Run):
                    triggers.append(instr.trigger)
    return plain + triggers


def _later_use(ctx: Context, here: RunSlot) -> RunSlot | None:
    """The next RUN of the same kind in the stage that reads the index this one left,
    if one does before another updates it."""
    stage = ctx.model.stage_of(here.run)
    assert stage is not None
    after = False
    for instr in stage.instructions:
        if instr is here.holder:
            after = True
            continue
        run = instr.trigger if isinstance(instr, cst.Onbuild) else instr
        if not after or not isinstance(run, cst.Run) or (instr is not run) != here.onbuild:
            continue
        found = events(ctx, run)
        if _first_use(found) is not None:
            return RunSlot(run, instr)
        if any(kind in ("update", "opaque") for kind, _ in found):
            return None
    return None


def _line(ctx: Context, node: cst.Node) -> int:
    return ctx.positions.span(node).start.line


def _what(ctx: Context, command: SimpleCommand) -> str:
    model = ctx.model.command(command)
    assert model is not None
    return f"`{model.tool} {model.subcommand}`" if model.subcommand else f"`{model.tool}`"


def check(run: cst.Run, ctx: Context) -> Iterator[Violation]:
    here = slot(ctx, run)
    if here is None:
        return
    found = events(ctx, run)
    update = stale_update(found)
    if update is not None:
        yield _stale_update(ctx, here, update)
    use = _first_use(found)
    if use is None:
        return
    earlier = next(
        (
            r
            for r in reversed(_earlier_runs(ctx, here))
            if any(k in ("update", "opaque") for k, _ in events(ctx, r))
        ),
        None,
    )
    if earlier is None or stale_update(events(ctx, earlier)) is not None:
        return
    if not any(k == "update" for k, _ in events(ctx, earlier)):
        return  # the last RUN that may have updated it is one dflint cannot read
    yield Violation(
        f"{_what(ctx, use)} reads the package index that the RUN at line {_line(ctx, earlier)} "
        f"downloaded: that layer is cached with it, so this RUN gets an outdated index (or "
        f"fails) once package versions move on; run `apt-get update` first in this RUN",
        use.words[0].start,
        use.words[-1].end,
    )


def _stale_update(ctx: Context, here: RunSlot, update: SimpleCommand) -> Violation:
    later = _later_use(ctx, here)
    if later is None:
        message = (
            f"{_what(ctx, update)} in a RUN that installs nothing after it: the package index "
            f"is cached in this layer and goes stale; update in the RUN that installs"
        )
    else:
        message = (
            f"{_what(ctx, update)} in a RUN that installs nothing after it: the layer is cached "
            f"with the package index, so the install at line {_line(ctx, later.run)} gets an "
            f"outdated index (or fails) once package versions move on; update and install in one RUN"
        )
    fix = None
    following = neighbour(ctx, here, 1)
    if following is not None and later is not None and following.run is later.run:
        edit = merge_edit(ctx, here, following)
        fix = Fix.safe(edit) if edit is not None else None
    return Violation(
        message,
        update.words[0].start,
        update.words[-1].end,
        fix,
        f"Merge the RUN at line {_line(ctx, following.run)} into this one" if fix and following else None,
    )
