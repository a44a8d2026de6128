"""DF601 relative-workdir: the first WORKDIR of an image is a relative path, so the
directory depends on the base image's working directory.

Also the helpers the WORKDIR and COPY destination rules share: which WORKDIRs run
before an instruction in its image (the stages it is built ``FROM`` included, and the
ONBUILD triggers of the stage it builds on, which BuildKit runs first), and what a path
word expands to when only the file decides it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from dflint.checks import Context, Violation
from dflint.model.stages import Stage
from dflint.model.variables import Scope
from dflint.syntax import cst

ON = (cst.Workdir,)

#: A Windows path with a drive letter (``C:\``, ``c:/x``): absolute, as hadolint reads it.
_DRIVE = re.compile(r"[A-Za-z]:[\\/]")
#: A drive letter and its colon, however the path goes on (``C:$DIR``).
_DRIVE_PREFIX = re.compile(r"[A-Za-z]:")
#: The first character of a path that is relative whatever the variables after it hold
#: (``app-${VERSION}``): not ``$``, ``/``, an escape character or a quote.
_RELATIVE_START = re.compile(r"[A-Za-z0-9._~+@%,=-]")


def is_trigger(ctx: Context, instr: cst.Instruction) -> bool:
    """Whether ``instr`` is the trigger of an ONBUILD (it runs in a later build)."""
    stage = ctx.model.stage_of(instr)
    return stage is not None and not any(i is instr for i in stage.instructions)


def scope_for(ctx: Context, instr: cst.Instruction) -> Scope | None:
    """The variables the builder expands a word of ``instr`` with: none for an ONBUILD
    trigger (the later build's are unknown); None before the first FROM, where BuildKit
    fails (DF609) and a trigger has no scope in the model."""
    if ctx.model.stage_of(instr) is None:
        return None
    return Scope() if is_trigger(ctx, instr) else ctx.model.scope_before(instr)


def static_value(ctx: Context, instr: cst.Instruction, text: str) -> str | None:
    """``text`` expanded as the builder expands a word of ``instr`` (quotes removed), or
    None when it names a variable: one the build or the base image may set, or, in an
    ONBUILD trigger, one the later build sets. None before the first FROM."""
    scope = scope_for(ctx, instr)
    if scope is None:
        return None
    expansion = ctx.model.lexer.process_word(text, scope)
    if expansion.value is None or expansion.unset or expansion.unknown:
        return None
    return expansion.value


def is_absolute(path: str) -> bool:
    """A Linux absolute path, or a Windows one (``\\x``, ``C:\\x``, ``C:/x``)."""
    return path.startswith(("/", "\\")) or bool(_DRIVE.match(path))


def path_kind(ctx: Context, instr: cst.Instruction, text: str) -> str | None:
    """``"absolute"``, ``"relative"``, or None when a variable decides it.

    ``text`` is the word as written (continuations removed). A word that starts as an
    absolute path is absolute whatever follows (``/app/$NAME``); so is a Windows path
    written with the default escape character (``c:\\app`` expands to ``c:app``, but
    its author meant the drive, as hadolint reads it).
    """
    written = text.lstrip("'\"")
    if written.startswith("/") or _DRIVE.match(written):  # not `\`: it may be an escape
        return "absolute"
    value = static_value(ctx, instr, text)
    if value is None:
        return None
    return "absolute" if is_absolute(value) else "relative"


def _triggers(stage: Stage) -> list[cst.Instruction]:
    return [i.trigger for i in stage.instructions if isinstance(i, cst.Onbuild) and i.trigger is not None]


def _inherited_triggers(ctx: Context, stage: Stage) -> list[cst.Instruction]:
    """The ONBUILD triggers BuildKit runs at the start of ``stage``: those of the stage it
    is built FROM (an image's triggers are not known here)."""
    if stage.base.stage is None:
        return []
    return _triggers(ctx.model.stages[stage.base.stage])


def _run_in(ctx: Context, stage: Stage) -> list[cst.Instruction]:
    """What the build runs in ``stage``, in order: inherited triggers, then its own."""
    return [*_inherited_triggers(ctx, stage), *stage.instructions]


def workdirs_before(ctx: Context, instr: cst.Instruction) -> list[cst.Workdir]:
    """The WORKDIRs that set the working directory ``instr`` runs in, in order.

    For an instruction of a stage: those of the stages it is built FROM, then those run
    before it in its own stage. For an ONBUILD trigger, which runs in a later build on
    the finished image: every WORKDIR of its image, then the triggers before it.
    """
    stage = ctx.model.stage_of(instr)
    if stage is None:
        return []
    chain = ctx.model.base_chain(stage)
    out: list[cst.Instruction] = []
    for ancestor in reversed(chain[1:]):
        out += _run_in(ctx, ancestor)
    own = _run_in(ctx, stage)
    if is_trigger(ctx, instr) and not any(i is instr for i in own):
        out += own
        triggers = _triggers(stage)
        out += triggers[: next(n for n, t in enumerate(triggers) if t is instr)]
    else:
        out += own[: next(n for n, i in enumerate(own) if i is instr)]
    return [i for i in out if isinstance(i, cst.Workdir)]


def check(instr: cst.Workdir, ctx: Context) -> Iterator[Violation]:
    if instr.argument is None or scope_for(ctx, instr) is None:
        return  # (before the first FROM, BuildKit fails: DF609)
    text = instr.argument.value
    kind = path_kind(ctx, instr, text)
    if kind is None and _RELATIVE_START.match(text.lstrip("'\"")) and not _DRIVE_PREFIX.match(text):
        kind = "relative"  # `app-${VERSION}`: relative whatever the variable holds
    if kind != "relative":
        return
    value = static_value(ctx, instr, text) or text
    before = workdirs_before(ctx, instr)
    if before and is_trigger(ctx, instr):
        return  # the later build's directory: this image's last WORKDIR decides it
    if not before:
        yield ctx.violation(
            instr.argument,
            f"WORKDIR `{value}` is relative and no WORKDIR runs before it: the directory depends on "
            f"the base image's working directory, which a new release may change; use an absolute path",
        )
        return
    # As hadolint's DL3000 (BuildKit's WorkdirRelativePath leaves it alone): the directory
    # is known, but only by following the WORKDIRs before it.
    line = ctx.positions.span(before[-1]).start.line
    yield ctx.violation(
        instr.argument,
        f"WORKDIR `{value}` is relative to the WORKDIR on line {line}: an absolute path says "
        f"where the later instructions run without following the WORKDIRs before it",
    )
