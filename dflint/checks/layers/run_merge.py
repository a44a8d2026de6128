"""Merging a RUN into the RUN before it: ``RUN a`` + ``RUN b`` -> ``RUN a && b``.

Used by DF203 (an ``apt-get update`` RUN and the install RUN after it) and DF223
(consecutive RUNs). The edit replaces what lies between the first script's end and the
second script's start (line end, ``RUN`` keyword, flags, blank lines) by `` && \\`` and a
line end, in the first RUN's own continuation style: ``&&`` at line starts or ends, the
file's escape character, line ends (CRLF kept), indentation, and escapes aligned at one
column. The result must mean what the two RUNs meant, so there is no edit when:

- the two are not neighbours of one kind (RUN then RUN, or ONBUILD RUN then ONBUILD
  RUN), or a comment lies between them (it may be a pragma about the second RUN);
- either is in exec form, has a heredoc, or its shell is not sh-like; their flags
  differ; or a mount would be shared where it was separate (``tmpfs``, a ``rw`` bind);
- the first script cannot take ``&& cmd`` at its end (:func:`appendable`: a trailing
  ``#`` comment, ``&``, ``;`` or a last command inside a compound);
- the first script leaves state the second would now run in (:func:`leaves_state`):
  ``cd``, variables, ``export``, ``set`` beyond ``-e``/``-u``/``-x``/``-o pipefail``
  (those only when the second script cannot tell), functions, aliases, traps,
  ``exit``/``exec``, background jobs;
- the second script is not an and-list: ``a && b; c`` after ``x &&`` would run ``c``
  when ``x`` fails. ``&&`` and ``||`` have equal precedence and group to the left in sh,
  so ``a || b && c`` is ``(a || b) && c``: whatever the first script is (an and-or
  list, or commands joined by ``;``), joining it with ``&& b`` runs ``b`` exactly when
  its last list succeeded, which is when the first RUN succeeded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dflint.checks import Context
from dflint.checks.layers import appendable, file_layout, run_layout
from dflint.fix.edit import Edit
from dflint.fix.style import escape_padding, line_end, line_start
from dflint.model.shell import ParsedShell, SimpleCommand
from dflint.model.stages import run_mounts
from dflint.syntax import buildkit as bk
from dflint.syntax import cst

#: Contexts whose commands run in another process or subshell: what they change stays there.
_ELSEWHERE = frozenset({"subshell", "substitution", "sh -c", "heredoc"})
#: Contexts that are another script inside a word: their operators are not the RUN's.
_INSIDE_WORD = frozenset({"substitution", "sh -c", "heredoc"})
#: Builtins that change the shell the next command runs in.
_STATEFUL = frozenset(
    "cd pushd popd export unset readonly declare typeset local alias unalias umask ulimit trap"
    " source . eval exec exit return break continue shift hash enable shopt setopt read getopts"
    " mapfile readarray let".split()
)
#: POSIX special builtins: ``NAME=value`` before them outlives the command.
_SPECIAL = frozenset(
    ": . break continue eval exec exit export readonly return set shift times trap unset".split()
)
#: ``set`` options whose effect on a later script can be checked (see _set_effects).
_SET_LETTERS = frozenset("euxvE")
_SET_NAMES = {"errexit": "e", "nounset": "u", "xtrace": "x", "verbose": "v", "pipefail": "p", "errtrace": "E"}
#: A lone ``&`` (not ``&&``, ``>&``, ``&>``, ``|&``): a background job.
_BACKGROUND = re.compile(r"(?<![&<>|])&(?![&>])")
#: Expansions that assign: ``${x=v}``, ``${x:=v}``, and arithmetic (``$((i++))``).
_ASSIGNING_EXPANSION = re.compile(r"\$\{#?\w+:?=|\$\(\(")


@dataclass(frozen=True, slots=True)
class RunSlot:
    """A RUN as a layer: the Run node, and the instruction that holds it in the file
    (the Run itself, or the ONBUILD whose trigger it is)."""

    run: cst.Run
    holder: cst.Instruction

    @property
    def onbuild(self) -> bool:
        return self.holder is not self.run


def slot(ctx: Context, run: cst.Run) -> RunSlot | None:
    """The RUN's place in its stage (None before the first FROM)."""
    stage = ctx.model.stage_of(run)
    if stage is None:
        return None
    for instr in stage.instructions:
        if instr is run or (isinstance(instr, cst.Onbuild) and instr.trigger is run):
            return RunSlot(run, instr)
    return None


def neighbour(ctx: Context, here: RunSlot, offset: int) -> RunSlot | None:
    """The instruction ``offset`` (+1 or -1) from ``here`` in its stage, when it is a RUN
    of the same kind (both plain, or both ONBUILD triggers)."""
    stage = ctx.model.stage_of(here.run)
    if stage is None:
        return None
    instructions = stage.instructions
    index = next(i for i, x in enumerate(instructions) if x is here.holder)
    other = index + offset
    if not 0 <= other < len(instructions):
        return None
    holder = instructions[other]
    run = holder.trigger if isinstance(holder, cst.Onbuild) else holder
    if not isinstance(run, cst.Run) or (holder is not run) != here.onbuild:
        return None
    return RunSlot(run, holder)


def same_flags(first: cst.Run, second: cst.Run) -> bool:
    """Whether the two RUNs have the same flags (in any order)."""
    return sorted(first.builder_flags) == sorted(second.builder_flags)


def merge_edit(ctx: Context, first: RunSlot, second: RunSlot) -> Edit | None:
    """The edit that appends ``second``'s script to ``first``'s with ``&&`` and removes
    ``second``'s ``RUN`` line start; None when the merged RUN could mean something else."""
    a, b = first.run, second.run
    if not (isinstance(a.arguments, cst.ShellForm) and isinstance(b.arguments, cst.ShellForm)):
        return None
    if a.heredocs or b.heredocs or not same_flags(a, b) or _separate_mounts(a):
        return None
    parsed_a, parsed_b = ctx.model.shell(a), ctx.model.shell(b)
    if parsed_a is None or parsed_b is None or parsed_a.errors or parsed_b.errors:
        return None
    if not appendable(ctx, a, parsed_a) or not _and_list(ctx, b, parsed_b):
        return None
    effects = leaves_state(ctx, a, parsed_a)
    if effects is None or not _unaffected(parsed_b, effects):
        return None
    start = ctx.positions.span(a.arguments).end.offset
    end = _content_start(ctx, b)
    if end is None or any(line.lstrip().startswith("#") for line in ctx.text[start:end].split("\n")[1:]):
        return None  # a comment line would go (it may be about, or a pragma for, the second RUN)
    return Edit(start, end, _joiner(ctx, first, second, start))


def _separate_mounts(run: cst.Run) -> bool:
    """Mounts that two RUNs would each get fresh but one merged RUN shares: a ``tmpfs``,
    or a bind mount written to (``rw``: what a RUN writes there is dropped after it)."""
    for flag in run.flags_named("mount"):
        try:
            fields = bk.csv_fields(flag.value or "")
        except bk.CsvError:
            return True
        keys = {bk.go_lower(field.partition("=")[0]) for field in fields}
        if "rw" in keys or "readwrite" in keys:
            return True
    return any(mount["type"] == "tmpfs" for mount in run_mounts(run))


def _extent(command: SimpleCommand) -> int:
    """Where the command ends, its redirections included (``echo x > file``)."""
    return max([command.end, *(r.end for r in command.redirects)])


def _content_start(ctx: Context, run: cst.Run) -> int | None:
    """Where the script's first character is, past any continuation lines that start it."""
    form = run.arguments
    assert isinstance(form, cst.ShellForm)
    base = ctx.positions.span(form).start.offset
    logical, segments = cst.logical_segments(form.raw)
    first = len(logical) - len(logical.lstrip())
    for logical_start, raw_start, length in segments:
        if logical_start <= first < logical_start + length:
            at = raw_start + first - logical_start
            return base + at
    return None


def _script_end(ctx: Context, run: cst.Run) -> int:
    return ctx.positions.span(run.arguments).end.offset


def _and_list(ctx: Context, run: cst.Run, parsed: ParsedShell) -> bool:
    """Whether the script is one and-list (``&&`` and pipes only, outside the scripts in
    its words) with nothing but a comment after it: so ``x && script`` runs none of it
    when ``x`` fails, and backgrounds none of ``x``."""
    if not parsed.commands:
        return False
    for command in parsed.commands:
        if _INSIDE_WORD.isdisjoint(command.context) and command.connector not in (None, "&&", "|", "|&"):
            return False
    last = max(_extent(c) for c in parsed.commands)
    rest = ctx.text[last : _script_end(ctx, run)].strip()
    return not rest or rest.startswith("#")


def leaves_state(ctx: Context, run: cst.Run, parsed: ParsedShell) -> frozenset[str] | None:
    """What a script leaves set for a script appended to it: the ``set`` options it turns
    on (``e``, ``u``, ``x``, ``v``, ``p`` for pipefail, ``E``), or None when it changes
    anything else (directory, variables, functions, traps, jobs, other options)."""
    options: set[str] = set()
    commands = parsed.commands
    for command in commands:
        if "function" in command.context:
            return None
        if any(_ASSIGNING_EXPANSION.search(w.source) for w in command.words if w.value is None):
            return None
        if not _ELSEWHERE.isdisjoint(command.context):
            continue
        name = _builtin_name(command)
        if command.assignments and (not command.words or name in _SPECIAL):
            return None
        if name == "set":
            letters = _set_effects(command)
            if letters is None:
                return None
            options |= letters
        elif name in _STATEFUL or (
            name == "printf" and any((w.value or "").startswith("-v") for w in command.words[1:])
        ):
            return None
    if _backgrounds(ctx, run, commands):
        return None
    return frozenset(options)


def _builtin_name(command: SimpleCommand) -> str | None:
    """The command's name, seen through ``command`` and ``builtin``."""
    argv = command.argv
    index = 0
    while index < len(argv) and argv[index] in ("command", "builtin"):
        index += 1
    if index >= len(argv) or argv[index] is None:
        return None if index >= len(argv) else "eval"  # a name only the run knows: anything
    return argv[index]


def _set_effects(command: SimpleCommand) -> set[str] | None:
    """The options ``set -eux`` / ``set -o pipefail`` turns on, or None for any other use
    of ``set`` (turning options off, other options, positional parameters, listing)."""
    words = [w.value for w in command.words[1:]]
    if not words:
        return None
    found: set[str] = set()
    i = 0
    while i < len(words):
        word = words[i]
        if word is None or not word.startswith("-") or word in ("-", "--"):
            return None
        letters = word[1:]
        if letters == "o" or letters.endswith("o"):
            if i + 1 >= len(words) or words[i + 1] not in _SET_NAMES:
                return None
            found.add(_SET_NAMES[words[i + 1]])  # type: ignore[index]
            letters = letters[:-1]
            i += 1
        if not set(letters) <= _SET_LETTERS:
            return None
        found |= set(letters)
        i += 1
    return found


def _backgrounds(ctx: Context, run: cst.Run, commands: tuple[SimpleCommand, ...]) -> bool:
    """Whether the script starts a job in the background (it would outlive the script
    and run on beside the appended one): a lone ``&`` between or after its commands."""
    ends = [_extent(c) for c in commands]
    for i, command in enumerate(commands):
        if command.connector == "&":
            return True
        after = commands[i + 1].start if i + 1 < len(commands) else _script_end(ctx, run)
        if after >= ends[i] and _BACKGROUND.search(ctx.text[ends[i] : after]):
            return True
    return False


def _unaffected(parsed: ParsedShell, options: frozenset[str]) -> bool:
    """Whether a script runs the same with these ``set`` options on.

    ``-x``/``-v`` only trace; ``-E`` changes only ERR traps (so no ``trap`` may be set). With ``-e``, an and-list of commands stops at the first failure and fails,
    as it would without: so every list in it must be an and-list too (``$(a; b)``
    included, which inherits ``-e`` in sh). ``-u`` makes an unset variable an error: no
    word may expand. ``pipefail`` changes what a pipeline returns: no pipes."""
    for command in parsed.commands:
        own = "sh -c" not in command.context and "heredoc" not in command.context
        if not own:
            continue
        if "e" in options and command.connector not in (None, "&&", "|", "|&"):
            return False
        if "p" in options and command.connector in ("|", "|&"):
            return False
        if "E" in options and command.name == "trap":
            return False
        if "u" in options and (
            any(w.value is None for w in command.words)
            or any(a.value is not None and a.value.value is None for a in command.assignments)
            or any(r.target is not None and r.target.value is None for r in command.redirects)
        ):
            return False
    return True


# -- the text of the join ----------------------------------------------------------


def _joiner(ctx: Context, first: RunSlot, second: RunSlot, at: int) -> str:
    escape = ctx.df.escape
    newline = first.holder.newline or first.run.newline or line_end(ctx.text, at)
    mine, theirs = run_layout(ctx, first.run), run_layout(ctx, second.run)
    style = next((s for s in (mine, theirs) if s.indent is not None), None) or file_layout(ctx)
    column = mine.column if mine.column is not None else theirs.column
    line = ctx.text[line_start(ctx.text, at) : at]
    end_of_line = "" if style.leading else " &&"
    pad = escape_padding(line + end_of_line, column)
    lead = "&& " if style.leading else ""
    return f"{end_of_line}{pad}{escape}{newline}{style.indent}{lead}"
