"""DF222 chmod-chown-after-copy: a RUN changes the mode or owner of files that the
COPY/ADD just before it wrote, so its layer stores every byte of them again.

"Just before": the COPY/ADD instructions that precede the RUN with no RUN between them
(ENV, USER, WORKDIR, ... may be). A recursive ``chmod -R``/``chown -R`` over the COPY's
destination (or a directory above it) is reported; a plain one only over a file the
COPY is known to have written (see :mod:`dflint.model.files`).

The fix moves the change into the COPY as ``--chmod``/``--chown`` and deletes the RUN,
when the RUN does nothing else: safe when it changes exactly the files the COPY (right
before it) wrote, unsafe when it changes its destination directory recursively; see the
yaml's fix-safety for the conditions.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator

from dflint.checks import Context, Violation
from dflint.checks.layers import located
from dflint.fix.edit import Edit, Fix
from dflint.model.files import CommandFiles, Effect, Files, Location, Step, covers, may_cover
from dflint.syntax import cst

ON = (cst.Run,)

#: What BuildKit's ``--chmod`` takes and means the same as chmod(1): an octal mode with
#: no setuid/setgid/sticky bits (Go's os.FileMode keeps those elsewhere).
_OCTAL = re.compile(r"0?[0-7]{3}")
_OWNER = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*:[A-Za-z0-9_][A-Za-z0-9_.-]*")
#: chmod/chown options that change nothing but what they print.
_QUIET = frozenset({"recursive", "changes", "silent", "verbose"})


def check(instr: cst.Run, ctx: Context) -> Iterator[Violation]:
    found = located(instr, ctx)
    if found is None:
        return
    files, sequence, index = found
    step = sequence[index]
    if step.run is None or not step.run.modelled:
        return
    copies = _copies_before(sequence, index)
    if not copies:
        return
    fix = _fix(ctx, files, sequence, index, copies[0])
    rewritten: set[Effect] = set()  # a second change in one RUN copies nothing more
    commands = step.run.commands
    for k, command in enumerate(commands):
        tool = command.model.tool if command.model else None
        changes = [e for e in command.effects if e.kind == "change" and e.certain and e.location is not None]
        if tool is None or not changes:
            continue
        # What the RUN deletes before it ends is not in its layer, changed or not; what
        # it also rewrites (`sed -i`, `>`) is copied by that, not by the change.
        removals = [e for c in commands[k + 1 :] for e in c.effects if e.kind == "remove"]
        rewrites = [
            e
            for c in commands
            if c is not command
            for e in c.effects
            if e.kind == "write" and e.how != "mkdir" and e.location is not None
        ]
        written = [
            (copy, write)
            for copy in copies
            for write in copy.effects
            if write not in rewritten
            and not _replaced(copy, write, copies)
            and any(_changes(change, write) for change in changes)
            and not _no_op(command, copy)
            and not any(may_cover(r.location, write.location) for r in removals)  # type: ignore[arg-type]
            and not any(_rewrites(r, write) for r in rewrites)
        ]
        if not written:
            continue
        rewritten.update(w for _, w in written)
        steps = sorted({c for c, _ in written}, key=lambda c: sequence.index(c))
        where = _instructions(ctx, steps)
        flag = f"{steps[0].kind} --{tool}"
        what = "mode" if tool == "chmod" else "owner"
        if tool == "chown" and all(_root_owned(c) for c in steps):
            effect = "gives them another owner, so this layer stores every byte of them again"
        else:
            effect = f"where that changes their {what}, this layer stores every byte of them again"
        words = command.command.words
        yield Violation(
            f"`{tool}` in its own RUN over what {where} just wrote: {effect}; set the {what} "
            f"with `{flag}` instead",
            words[0].start,
            words[-1].end,
            fix,
            "Move the change into the COPY's flags and remove this RUN" if fix else None,
        )


def _instructions(ctx: Context, steps: list[Step]) -> str:
    """``the COPY on line 3``, ``the COPYs on lines 3, 4 and 5``, ``the COPY and ADD
    instructions on lines 3 and 4``."""
    lines = [str(ctx.positions.span(s.instruction).start.line) for s in steps]
    kinds = sorted({s.kind for s in steps})
    if len(steps) == 1:
        return f"the {kinds[0]} on line {lines[0]}"
    what = f"{kinds[0]}s" if len(kinds) == 1 else " and ".join(kinds) + " instructions"
    return f"the {what} on lines {', '.join(lines[:-1])} and {lines[-1]}"


def _rewrites(other: Effect, write: Effect) -> bool:
    """Whether another write of the RUN may rewrite what ``write`` wrote."""
    assert other.location is not None
    return write.location is not None and (
        other.location == write.location or (not other.exact and other.location.contains(write.location))
    )


def _changes(change: Effect, write: Effect) -> bool:
    """Whether ``change`` certainly reaches every byte of ``write``: recursively over it
    or a directory above, or over it when it is a file."""
    assert change.location is not None
    return (
        write.location is not None
        and covers(change.location, write.location, change.recursive)
        and (change.recursive or write.file)
    )


def _replaced(copy: Step, write: Effect, copies: list[Step]) -> bool:
    """Whether a COPY nearer the RUN wrote over ``write`` (then only its copy is changed)."""
    for nearer in copies:
        if nearer is copy:
            return False
        if any(w.exact and w.location == write.location for w in nearer.effects):
            return True
    return False


def _root_owned(copy: Step) -> bool:
    """Whether what the COPY wrote is owned by root: no ``--chown``, and sources from the
    context, a heredoc or a URL, which COPY and ADD give UID and GID 0 (a stage's files
    and a local archive ADD unpacks keep their owners)."""
    node = copy.instruction
    if not isinstance(node, cst.Copy) or node.flag("chown") is not None or node.flag("from") is not None:
        return False
    return not isinstance(node, cst.Add) or (copy.copy is not None and copy.copy.only_files)


def _no_op(command: CommandFiles, copy: Step) -> bool:
    """``chown root`` (or ``0:0``) of files COPY made root's: the differ sees no change."""
    model = command.model
    if model is None or model.tool != "chown" or not model.operands or not _root_owned(copy):
        return False
    owner = model.operands[0].text
    if owner is None:
        return False
    user, _, group = owner.partition(":") if ":" in owner else owner.partition(".")
    return user in ("root", "0") and group in ("", "root", "0")


def _copies_before(sequence: tuple[Step, ...], index: int) -> list[Step]:
    """The COPY/ADD steps right before ``index``, nearest first (WORKDIRs between them
    are passed over; a RUN ends them)."""
    found = []
    for step in reversed(sequence[:index]):
        if step.copy is not None:
            found.append(step)
        elif step.run is not None:
            break
    return found


def _fix(ctx: Context, files: Files, sequence: tuple[Step, ...], index: int, copy: Step) -> Fix | None:
    step = sequence[index]
    run = step.instruction
    node = copy.instruction
    assert isinstance(run, cst.Run) and isinstance(node, cst.Copy) and step.run is not None
    if step.trigger or copy.trigger or not _right_after(ctx, node, run):
        return None
    if run.flags or run.heredocs or not isinstance(run.arguments, cst.ShellForm):
        return None
    if any(isinstance(line, cst.Comment) for line in run.leading_lines):
        return None  # a comment about the RUN, or a pragma: not ours to delete or to orphan
    written = copy.copy
    if written is None or written.destination is None:
        return None
    destination = written.destination.location
    # Exactly the files the COPY wrote: the same in one layer (safe). Else, recursively,
    # exactly its destination directory: the same unless the base image has that
    # directory already, with other files in it or another mode or owner (unsafe).
    whole = written.only_files
    targets = {w.location for w in written.files} if whole else {destination}
    flags: dict[str, str] = {}
    for command in step.run.commands:
        value = _change(command, targets, recursive=not whole)
        if value is None or value[0] in flags:
            return None
        flags[value[0]] = value[1]
    if not flags or any(node.flag(name) is not None for name in flags):
        return None
    if not whole and (
        _made_before(sequence, copy, destination)
        or (not written.destination.exact and flags.get("chmod", "755").lstrip("0") != "755")
    ):
        # COPY leaves a directory that is there already as it is, and makes a missing
        # one 0755 whatever --chmod says; the RUN changed it too.
        return None
    if "chown" in flags and not all(_parent_exists(files, sequence, copy, t) for t in targets):
        return None  # --chown also owns the directories COPY creates; RUN chown did not
    last = node.flags[-1] if node.flags else node.keyword
    at = ctx.positions.span(last).end.offset
    inserted = "".join(f" --{name}={flags[name]}" for name in ("chmod", "chown") if name in flags)
    start = ctx.text.rfind("\n", 0, ctx.positions.span(run).start.offset) + 1
    end = ctx.positions.full_span(run).end.offset
    edits = (Edit.insertion(at, inserted), Edit.deletion(start, end))
    return Fix.safe(*edits) if whole else Fix.unsafe(*edits)


def _made_before(sequence: tuple[Step, ...], copy: Step, directory: Location | None) -> bool:
    """Whether an instruction before the COPY wrote at or under ``directory`` (then it is
    certainly there before the COPY, maybe with more in it)."""
    for step in sequence:
        if step is copy:
            return False
        if any(
            e.kind == "write" and e.location and directory and directory.contains(e.location)
            for e in step.effects
        ):
            return True
    return False


def _right_after(ctx: Context, copy: cst.Instruction, run: cst.Instruction) -> bool:
    return any(a is copy and b is run for a, b in itertools.pairwise(ctx.df.instructions))


def _change(
    command: CommandFiles, targets: set[Location | None], recursive: bool = False
) -> tuple[str, str] | None:
    """``("chmod", mode)`` or ``("chown", owner)`` when the command is a plain chmod/chown
    of exactly ``targets`` (``-R``, when ``recursive``) with a value ``--chmod``/``--chown``
    takes the same way."""
    shell = command.command
    model = command.model
    if (
        model is None
        or model.tool not in ("chmod", "chown")
        or model.wrappers
        or not command.certain
        or shell.context
        or shell.connector not in (None, "&&", ";")
        or shell.redirects
        or shell.assignments
        or not all(o.name in _QUIET for o in model.options)
        or len(model.operands) < 2
    ):
        return None
    value = model.operands[0].text
    pattern = _OCTAL if model.tool == "chmod" else _OWNER
    if value is None or not pattern.fullmatch(value):
        return None
    changed = [e for e in command.effects if e.kind == "change"]
    if len(changed) != len(model.operands) - 1 or {e.location for e in changed} != targets:
        return None
    if recursive and not all(e.recursive for e in changed):
        return None
    return model.tool, value


def _parent_exists(files: Files, sequence: tuple[Step, ...], copy: Step, target: Location | None) -> bool:
    """Whether the directory ``target`` goes into certainly exists before the COPY: ``/``,
    or made by an earlier WORKDIR, ``mkdir``, COPY or the like in the image, and not
    possibly removed since."""
    if target is None or not target.absolute or not target.parts:
        return False
    parent = Location(target.root, target.parts[:-1])
    if not parent.parts:
        return True
    exists = False
    for step in sequence:
        if step is copy:
            return exists
        if not step.modelled:
            exists = False
            continue
        for effect in step.effects:
            if effect.kind == "write" and effect.certain and _made(effect, parent):
                exists = True
            elif effect.kind == "remove" and may_cover(effect.location, parent):
                exists = False
    return False


def _made(write: Effect, directory: Location) -> bool:
    """Whether a write makes ``directory`` exist: it writes at or under it, or is a
    directory-making write of it."""
    location = write.location
    if location is None or location.glob:
        return False
    if directory.contains(location) and location != directory:
        return True
    return (
        location == directory and write.how in ("mkdir", "extract", "clone", "COPY", "ADD") and not write.file
    )
