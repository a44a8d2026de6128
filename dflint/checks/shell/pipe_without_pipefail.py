"""DF427 pipe-without-pipefail: a RUN pipes commands and the shell that runs the pipe
does not have ``pipefail``.

A pipeline's status is its last command's: ``curl -fsSL $URL | tar -xz`` succeeds when
curl fails and tar reads an empty stream. ``pipefail`` makes the pipeline fail when any
command in it fails.

Where a pipe runs decides which setting counts:

- the top level of a shell-form RUN (also ``RUN <<EOF`` without ``#!``) runs in the
  stage's SHELL: ``pipefail`` holds when SHELL is bash, zsh, ash, ksh or mksh with
  ``-o pipefail`` (``/bin/sh`` only on BusyBox and Alpine images, whose sh is ash), or a
  shell dflint does not parse (PowerShell, cmd). The shell is the one BuildKit uses: a
  stage built FROM another stage inherits its SHELL;
- a heredoc script with ``#!`` runs in the named interpreter, exec form in its argv[0],
  ``sh -c '...'``/``bash <<EOF`` in that shell: only its own options count;
- in any of them, ``set -o pipefail`` (``set -euo pipefail``) before the pipe, in the
  same shell and not inside a construct the pipe is outside of, turns it on; ``set +o
  pipefail`` turns it off.

A pipe fed only by ``echo``, ``printf`` or ``yes`` (``echo "$SUM  f" | sha256sum -c``)
is reported too, as hadolint does: pipefail is set once for the stage, and then every
pipe is covered, whatever feeds it. ``yes`` only ends by SIGPIPE, so under ``pipefail``
its pipe fails: the fix is not offered where a RUN it would cover pipes from ``yes``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from dflint.checks import Context, Violation
from dflint.checks.shell.base_tools import BUSYBOX, lacks_bash, userland
from dflint.fix.edit import Edit, Fix
from dflint.fix.style import keyword_like, line_end
from dflint.model import shell as sh
from dflint.model.shell import SimpleCommand
from dflint.syntax import cst

ON = (cst.Run,)

#: shells that know ``-o pipefail`` (``sh`` too where it is BusyBox's ash)
PIPEFAIL_SHELLS = frozenset({"bash", "zsh", "ash", "ksh", "mksh"})
#: contexts that start another shell process, which does not inherit ``set`` options
_NEW_SHELL = frozenset({"sh -c", "heredoc"})
FIX_SHELL = '["/bin/bash", "-o", "pipefail", "-c"]'
#: commands before a ``|`` whose failure pipefail would not have to catch: ``echo`` and
#: ``printf`` (shell builtins writing their arguments) and ``yes``
_FEEDERS = frozenset({"echo", "printf", "yes"})


@dataclass(frozen=True)
class Pipeline:
    """One pipeline of a RUN, with whether ``pipefail`` holds where it runs."""

    members: tuple[SimpleCommand, ...]  #: its simple commands (a compound first member is left out)
    compound_first: bool  #: the first member is a compound command (``{ ...; } | tee f``)
    governed: bool  #: runs in the shell SHELL sets up (so a SHELL with pipefail covers it)
    pipefail: bool
    fed_by_yes: bool  #: ``yes | cmd``: pipefail would break it
    #: only ``echo``/``printf`` (or ``yes``) before the last ``|``: nothing for pipefail to catch
    fed_by_builtins: bool

    @property
    def offends(self) -> bool:
        return not self.pipefail


def _basename(word: str) -> str:
    return word.replace("\\", "/").rsplit("/", 1)[-1].lower().removesuffix(".exe")


def pipefail_option(words: Sequence[str | None]) -> bool | None:
    """What set-style options say about pipefail (``-o pipefail``, ``-euo pipefail``,
    ``+o pipefail``): True, False, or None when they do not name it. Stops at the first
    operand and after ``-c`` (a shell's script follows it)."""
    state = None
    i = 0
    while i < len(words):
        word = words[i]
        if word is None or word == "--" or len(word) < 2 or word[0] not in "-+":
            break
        letters = word[1:]
        if word.startswith("--"):
            i += 1
            continue
        if "o" in letters:
            if i + 1 < len(words) and words[i + 1] == "pipefail":
                state = word[0] == "-"
            i += 1  # the option's name
        if "c" in letters:
            break
        i += 1
    return state


def shell_has_pipefail(shell: Sequence[str], family: str | None) -> bool:
    """Whether a SHELL command line runs its scripts with pipefail."""
    if not shell:
        return False
    words = list(shell)
    if _basename(words[0]) == "busybox" and len(words) > 1:
        words = words[1:]
    name = _basename(words[0])
    if sh.shell_kind([words[0]]) != "posix":
        return True  # PowerShell, cmd: no POSIX pipes to check
    known = name in PIPEFAIL_SHELLS or (name == "sh" and family == BUSYBOX)
    return known and pipefail_option(words[1:]) is True


def _interpreter(instr: cst.Run, ctx: Context) -> list[str] | None:
    """The words of a heredoc script's ``#!`` line (``/usr/bin/env`` seen through)."""
    found = sh.script_of(instr, ctx.positions)
    if found is None or found[2] is None:
        return None
    words = found[2].split()
    if words and _basename(words[0]) == "env":
        words = [w for w in words[1:] if not w.startswith("-")]
    return words


def _prefix(outer: tuple[str, ...], inner: tuple[str, ...]) -> bool:
    return inner[: len(outer)] == outer


def _scope(command: SimpleCommand) -> tuple[str, ...]:
    """The constructs around a command that matter here: ``!`` negates a whole pipeline
    but the parse puts it on the first command only."""
    return tuple(c for c in command.context if c != "negated")


def pipelines(ctx: Context, instr: cst.Run) -> list[Pipeline]:
    """The pipelines a RUN runs, in order."""
    parsed = ctx.model.shell(instr)
    if parsed is None:
        return []
    stage = ctx.model.stage_of(instr)
    family = userland(ctx, stage) if stage is not None else None
    interpreter = _interpreter(instr, ctx) if isinstance(instr.arguments, cst.ShellForm) else None
    if isinstance(instr.arguments, cst.ExecForm):  # ["sh", "-c", "..."]: its own shell
        top_governed, top_pipefail = False, False
    elif interpreter is not None:
        top_governed, top_pipefail = False, pipefail_option(interpreter[1:]) is True
    else:
        top_governed, top_pipefail = True, shell_has_pipefail(ctx.model.shell_of(instr), family)

    commands = parsed.commands
    owner: list[int | None] = []  # the shell command whose script each command is in
    last_shell: dict[int, int] = {}
    sets: list[tuple[int, int | None, tuple[str, ...], bool]] = []
    for i, command in enumerate(commands):
        depth = sum(1 for c in command.context if c in _NEW_SHELL)
        owner.append(last_shell.get(depth - 1) if depth else None)
        if command.name and sh.shell_kind([command.name]) == "posix":
            last_shell[depth] = i
        if command.name == "set":
            value = pipefail_option(command.argv[1:])
            if value is not None:
                sets.append((i, owner[i], _scope(command), value))

    groups: list[list[int]] = []
    group_of: dict[int, int] = {}
    compound: dict[int, set[str | None]] = {}  # group -> the commands of a compound first member
    for i, command in enumerate(commands):
        if command.connector not in ("|", "|&"):
            continue
        before = next(
            (
                j
                for j in range(i - 1, -1, -1)
                if owner[j] == owner[i] and _scope(commands[j]) == _scope(command)
            ),
            None,
        )
        # What stands between them and is not inside the command before (its `$(...)`)
        # is a compound command (`{ ...; } | c`, `(a | b) | c`), the pipe's left side.
        left = range(-1 if before is None else before, i)
        inside = [
            k
            for k in left[1:]
            if before is None
            or not (commands[before].start <= commands[k].start and commands[k].end <= commands[before].end)
        ]
        if before is not None and before in group_of and not inside:
            group_of[i] = group_of[before]
            groups[group_of[i]].append(i)
            continue
        group_of[i] = len(groups)
        if inside or before is None:
            groups.append([i])
            compound[group_of[i]] = {commands[k].name for k in inside}
        else:
            groups.append([before, i])
            group_of[before] = group_of[i]

    out = []
    for number, members in enumerate(groups):
        first = commands[members[0]]
        shell_at = owner[members[0]]
        if shell_at is None:
            state = top_pipefail
        else:
            state = pipefail_option(commands[shell_at].argv[1:]) is True
        for index, at, context, value in sets:
            if index < members[0] and at == shell_at and _prefix(context, _scope(first)):
                state = value
        feeders = {commands[j].name for j in members[:-1]} | compound.get(number, set())
        fed_by_yes = number not in compound and feeders == {"yes"}
        fed_by_builtins = bool(feeders) and feeders <= _FEEDERS
        out.append(
            Pipeline(
                tuple(commands[j] for j in members),
                number in compound,
                top_governed and shell_at is None,
                state,
                fed_by_yes,
                fed_by_builtins,
            )
        )
    return out


def _offences(ctx: Context, instr: cst.Run) -> list[Pipeline]:
    return [p for p in pipelines(ctx, instr) if p.offends]


def _insertion(ctx: Context, anchor: cst.Run) -> Edit:
    """``SHELL [...]`` on its own line above ``anchor`` and the comments right above it
    (a pragma there keeps applying to the RUN)."""
    block = len(anchor.leading_lines)
    while block and isinstance(anchor.leading_lines[block - 1], cst.Comment):
        block -= 1
    at = ctx.positions.full_span(anchor).start.offset + sum(
        len(line.code) for line in anchor.leading_lines[:block]
    )
    keyword = keyword_like(anchor.keyword.value, "SHELL")
    return Edit.insertion(at, f"{anchor.indent}{keyword} {FIX_SHELL}{line_end(ctx.text, at)}")


def _fix(ctx: Context, instr: cst.Run, offending: list[Pipeline]) -> Fix | None:
    """``SHELL ["/bin/bash", "-o", "pipefail", "-c"]`` above the stage's first RUN with
    such a pipe, when the stage runs the default shell, its image has bash, and no RUN
    the new shell would run pipes from ``yes``."""
    stage = ctx.model.stage_of(instr)
    if stage is None or not all(p.governed for p in offending):
        return None
    if not any(step is instr for step in stage.instructions):
        return None  # an ONBUILD trigger runs in another build, with its shell
    chain = ctx.model.base_chain(stage)
    before = stage.instructions[: next(i for i, s in enumerate(stage.instructions) if s is instr)]
    ancestors = [step for parent in chain[1:] for step in parent.instructions]
    if any(isinstance(step, cst.Shell) for step in (*ancestors, *before)):
        return None  # a shell the file chose: dflint does not replace it
    if any(isinstance(step, cst.Run) and any(p.governed for p in _offences(ctx, step)) for step in ancestors):
        return None  # the stage this one is built FROM gets the SHELL, and this one inherits it
    anchor = next(
        step
        for step in stage.instructions
        if isinstance(step, cst.Run) and any(p.governed for p in _offences(ctx, step))
    )
    if lacks_bash(ctx, anchor):
        return None
    start = next(i for i, s in enumerate(stage.instructions) if s is anchor)
    affected = list(stage.instructions[start:]) + [
        step
        for other in ctx.model.stages
        if other is not stage and any(s is stage for s in ctx.model.base_chain(other))
        for step in other.instructions
    ]
    for step in affected:
        if isinstance(step, cst.Run) and ctx.model.shell_of(step) == sh.DEFAULT_SHELL:
            if any(p.governed and p.fed_by_yes and not p.pipefail for p in pipelines(ctx, step)):
                return None
    return Fix.unsafe(_insertion(ctx, anchor))


def check(instr: cst.Run, ctx: Context) -> Iterator[Violation]:
    offending = _offences(ctx, instr)
    if not offending:
        return
    first = offending[0]
    left = None if first.compound_first else first.members[0].name
    right = first.members[-1].name
    middle = " | ..." if len(first.members) + first.compound_first > 2 else ""
    shown = f"`{left or '...'}{middle} | {right or '...'}`"
    if first.governed:
        shell = ctx.model.shell_of(instr)
        if shell and _basename(shell[0]) == "sh" and pipefail_option(shell[1:]):
            remedy = "`/bin/sh` may not know `-o pipefail` (dash rejects it): name bash or ash in SHELL"
        else:
            remedy = f"set `SHELL {FIX_SHELL}` before this RUN, or run `set -o pipefail` first"
    else:
        remedy = "run `set -o pipefail` first in the shell that runs it"
    fix = _fix(ctx, instr, offending)
    failing = f"`{left}`" if left else "a command before the `|`"
    yield Violation(
        f"{shown} without `pipefail`: a pipeline's status is its last command's, so the build "
        f"goes on when {failing} fails; {remedy}",
        first.members[0].start,
        first.members[-1].end,
        fix,
        'Insert `SHELL ["/bin/bash", "-o", "pipefail", "-c"]` before the stage\'s first such RUN'
        if fix
        else None,
    )
