"""DF422 pointless-command: a RUN command that does nothing useful in a build step.

hadolint DL3001's list: ``ssh``, ``vim``, ``shutdown``, ``service``, ``ps``, ``free``,
``top``, ``kill``, ``mount`` and ``ifconfig`` (hadolint's message names ``ifconfig``
but its code never checks it; dflint does). An init script run directly
(``/etc/init.d/ssh start``) is ``service``. Commands are found by their modelled tool,
so wrappers are seen through (``sudo service x start``) and nested scripts are read
(``sh -c '...'``); package names (``apt-get install vim``) are not commands.

Not reported, because the RUN makes use of them:

- a daemon the RUN starts for its later commands (``service postgresql start && psql
  ...``), and its ``service ... stop`` or ``kill`` after that; a ``kill`` after a
  command the RUN sent to the background (``mysqld & ... kill $!``); ``ssh`` after the
  RUN started a daemon (``service ssh start && ssh localhost true``);
- ``ssh`` in a RUN that mounts the SSH agent (``--mount=type=ssh``);
- ``vim`` run as a script (``vim +PlugInstall +qall``, ``vim -E -s -c ...``).

Servers started directly (``nginx -g 'daemon off;'``, ``gunicorn``) are DF307's; none
of the commands here is one of them, so a command is never reported by both.
"""

from __future__ import annotations

from collections.abc import Iterator

from dflint.checks import Context, Violation
from dflint.checks.shell.sudo_in_run import commands_of
from dflint.model.commands import CommandModel
from dflint.model.shell import SimpleCommand
from dflint.model.stages import run_mounts
from dflint.syntax import cst

ON = (cst.Run,)

#: command -> why it is pointless in a build step
POINTLESS = {
    "ssh": "logs in to another machine: a build step has no terminal and no SSH agent (unless "
    "the RUN mounts one with `--mount=type=ssh`); fetch sources with COPY or ADD",
    "vim": "is an interactive editor and a build step has no terminal: write files with COPY, a "
    "heredoc or sed",
    "shutdown": "cannot shut anything down: a build step is a process in a container, with no init "
    "system to stop",
    "service": "controls a daemon at build time, and nothing in this RUN uses it: a daemon started "
    "in RUN is killed when the step ends, and is not running when a container starts; start it "
    "from CMD or ENTRYPOINT",
    "ps": "lists the build step's processes: what it prints is not kept in the image",
    "free": "prints the build machine's memory: what it prints is not kept in the image",
    "top": "shows the build step's processes: what it prints is not kept in the image, and "
    "without `-b` it waits for a terminal",
    "kill": "signals a process this RUN did not start: the processes of a RUN are stopped when it "
    "ends, and none of them is running when a container starts",
    "mount": "needs privileges a build step does not have, and what it mounts is not in the "
    "image; use `RUN --mount` for build-time mounts and VOLUME for run time",
    "ifconfig": "prints the build step's network, not the one a container of the image will "
    "have: what it prints is not kept in the image",
}
#: ``service NAME ACTION`` actions that leave a daemon running
_STARTS = frozenset({"start", "restart", "reload", "force-reload", "try-restart"})
#: commands that use no daemon: after a start, they do not show that the RUN needs it
#: (output, waiting, and the file commands that only move, edit or remove files)
_IDLE = frozenset(
    {"echo", "printf", "true", ":", "sleep", "exit", "service"}
    | {"cd", "chmod", "chown", "chgrp", "cp", "mv", "ln", "rm", "rmdir", "mkdir", "touch", "sed"}
)
#: vim options that run it as a script (ex mode, silent mode, commands)
_VIM_SCRIPTED = frozenset({"-e", "-E", "-s", "-es", "-Es", "-c", "-S", "--cmd"})

_Command = tuple[SimpleCommand, CommandModel | None]


def _tool(command: SimpleCommand, model: CommandModel | None) -> str | None:
    """The command's tool; an init script (``/etc/init.d/ssh start``) is ``service``."""
    if model is None:
        return None
    word = command.words[model.tool_index].value or ""
    return "service" if "/init.d/" in word or "/rc.d/" in word else model.tool


def _daemon(command: SimpleCommand, model: CommandModel) -> tuple[str | None, str | None]:
    """The daemon and action of ``service NAME ACTION`` or ``/etc/init.d/NAME ACTION``."""
    operands = [o.text for o in model.operands]
    if model.tool == "service":
        return (operands[0] if operands else None), (operands[1] if len(operands) > 1 else None)
    word = command.words[model.tool_index].value or ""
    return word.rsplit("/", 1)[-1], (operands[0] if operands else None)


def _starts(command: SimpleCommand, model: CommandModel | None) -> str | None:
    """The daemon a ``service NAME start`` (or restart, ...) starts."""
    if model is None or _tool(command, model) != "service":
        return None
    name, action = _daemon(command, model)
    return name if action in _STARTS else None


def _used_by_the_run(commands: list[_Command], index: int) -> bool:
    """Whether the RUN makes use of the command at ``index`` (see the module docs)."""
    command, model = commands[index]
    assert model is not None
    tool = _tool(command, model)
    before = commands[:index]
    started = [name for c, m in before if (name := _starts(c, m)) is not None]
    if tool == "ssh":
        return bool(started)
    if tool == "kill":
        backgrounded = any(commands[i + 1][0].connector == "&" for i in range(index))
        return bool(started) or backgrounded
    if tool == "vim":
        return any(w is not None and (w.startswith("+") or w in _VIM_SCRIPTED) for w in model.argv[1:])
    if tool != "service":
        return False
    name, action = _daemon(command, model)
    if action in _STARTS:
        return any(_tool(c, m) not in _IDLE for c, m in commands[index + 1 :])
    return name is not None and name in started


def check(instr: cst.Run, ctx: Context) -> Iterator[Violation]:
    parsed = ctx.model.shell(instr)
    commands: list[_Command] = (
        [(c, ctx.model.command(c)) for c in parsed.commands] if parsed is not None else []
    )
    if parsed is None:  # exec form
        commands = [(c, m) for c, m in commands_of(instr, ctx)]
    ssh_mounted = any(mount["type"] == "ssh" for mount in run_mounts(instr))
    for index, (command, model) in enumerate(commands):
        tool = _tool(command, model)
        why = POINTLESS.get(tool or "")
        if model is None or why is None or (tool == "ssh" and ssh_mounted):
            continue
        if _used_by_the_run(commands, index):
            continue
        word = command.words[model.tool_index]
        named = tool if model.tool == tool else word.value  # an init script by its path
        yield Violation(f"`{named}` {why}", word.start, word.end)
