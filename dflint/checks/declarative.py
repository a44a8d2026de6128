"""Declarative rules: a rule file's ``match:`` block, interpreted.

For the many rules that read "command X (subcommand Y) without option Z", the whole
rule is its yaml. The language (documented in ``docs/declarative-rules.md``)::

    match:
      command: apt-get                  # canonical tool name(s), wrappers seen through
      subcommand: install               # canonical subcommand(s); omit for any
      without-option: [no-install-recommends]  # fires when none of these is given
      with-option: [force]              # fires only when one of these is given
      with-argument: ["*.deb"]          # fires only when an operand matches a glob
      without-argument: [...]           # fires only when no operand matches
      unless-env: [PIP_NO_CACHE_DIR]    # silent when the command's environment sets one
      unless-mount: [/root/.cache/pip]  # silent when a cache or tmpfs --mount targets one
      add-option: --no-install-recommends  # the fix: insert it after the subcommand

A command with a word that is not static (``$OPTS``) never fires ``without-option``:
the option may be in it. Options are named canonically (the tool's first long spelling without dashes, as
:mod:`dflint.model.commands` names them) or as spelled with dashes (``-y``);
``name{N}`` means the option given N times or with the value N (``quiet{2}`` is
``-qq`` or ``--quiet=2``); ``name=GLOB`` the option with a value matching the glob
(``option=APT::Install-Recommends=*`` for apt's ``-o``). The
message may use ``{command}``, ``{subcommand}``, ``{option}`` (the first of
``without-option``/``with-option``) and ``{argument}`` (the operand that matched).
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from dflint.catalogue import RuleInfo
from dflint.checks import Context, Violation
from dflint.fix.edit import Applicability, Edit, Fix
from dflint.syntax import cst

if TYPE_CHECKING:
    from dflint.model.commands import CommandModel
    from dflint.model.shell import SimpleCommand

KEYS = (
    "command",
    "subcommand",
    "without-option",
    "with-option",
    "with-argument",
    "without-argument",
    "unless-env",
    "unless-mount",
    "add-option",
)


def _list(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(str(v) for v in value)


_COUNTED = re.compile(r"^(?P<name>[^{}=]+)\{(?P<count>\d+)\}$")
_VALUED = re.compile(r"^(?P<name>[^{}=]+)=(?P<glob>.*)$")


def has_option(model: CommandModel, names: tuple[str, ...]) -> bool:
    """Whether the command has one of these options (``name{N}``: N times, or value N;
    ``name=GLOB``: with a value matching GLOB)."""
    for name in names:
        valued = _VALUED.match(name)
        if valued is not None:
            found = model.options_named(valued.group("name"))
            if any(o.value is not None and fnmatch.fnmatchcase(o.value, valued.group("glob")) for o in found):
                return True
            continue
        m = _COUNTED.match(name)
        if m is None:
            if model.has_option(name):
                return True
            continue
        found = model.options_named(m.group("name"))
        count = int(m.group("count"))
        if len(found) >= count or any(o.value == str(count) for o in found):
            return True
    return False


def validate(match: Mapping[str, Any], fix: str) -> str | None:
    """What is wrong with a ``match:`` block, or None."""
    for key, value in match.items():
        if key not in KEYS:
            return f"unknown match key {key!r} (expected one of {', '.join(KEYS)})"
        if key == "add-option":
            if not isinstance(value, str) or not value.startswith("-") or " " in value.strip():
                return "add-option must be one option word starting with '-'"
        elif not (
            isinstance(value, str) or (isinstance(value, list) and all(isinstance(v, str) for v in value))
        ):
            return f"match key {key!r} takes a string or a list of strings"
    if "command" not in match:
        return "match needs command:"
    if "add-option" in match and fix == "none":
        return "a rule with add-option must declare fix: safe or unsafe"
    if "add-option" not in match and fix not in ("none",):
        return "fix: is declared but match has no add-option"
    return None


class DeclarativeCheck:
    """The check of one declarative rule (an instruction check on RUN)."""

    ON = (cst.Run,)

    def __init__(self, info: RuleInfo) -> None:
        m = info.match or {}
        self.info = info
        self.commands = _list(m.get("command"))
        self.subcommands = _list(m.get("subcommand"))
        self.without_option = _list(m.get("without-option"))
        self.with_option = _list(m.get("with-option"))
        self.with_argument = _list(m.get("with-argument"))
        self.without_argument = _list(m.get("without-argument"))
        self.unless_env = _list(m.get("unless-env"))
        self.unless_mount = tuple(p.rstrip("/") or "/" for p in _list(m.get("unless-mount")))
        self.add_option = m.get("add-option")
        self.applicability = Applicability.UNSAFE if info.fix == "unsafe" else Applicability.SAFE

    def _env_sets(
        self, instr: cst.Run, ctx: Context, commands: tuple[SimpleCommand, ...], command: SimpleCommand
    ) -> bool:
        """Whether the command runs with one of ``unless-env`` set: by ENV or ARG in scope,
        by an assignment before it (``VAR=1 pip ...``), or by an ``export`` earlier in the
        same RUN."""
        wanted = set(self.unless_env)
        scope = ctx.model.scope_before(instr)
        if any(name in scope and scope[name] != "" for name in wanted):
            return True
        if any(a.name in wanted and a.value is not None and a.value.value != "" for a in command.assignments):
            return True
        for earlier in commands:
            if earlier is command:
                break
            if earlier.name == "export" and not earlier.context:
                for word in earlier.words[1:]:
                    name, sep, value = (word.value or "").partition("=")
                    if sep and name in wanted and value != "":
                        return True
        return False

    def _mounted(self, instr: cst.Run) -> bool:
        """Whether a cache or tmpfs mount covers one of ``unless-mount``."""
        if not self.unless_mount:
            return False
        from dflint.model.stages import cache_mount_targets

        return not cache_mount_targets(instr).isdisjoint(self.unless_mount)

    def check(self, instr: cst.Run, ctx: Context) -> Iterator[Violation]:
        parsed = ctx.model.shell(instr)
        if parsed is None:
            return
        mounted: bool | None = None
        for command in parsed.commands:
            model = ctx.model.command(command)
            if model is None or model.tool not in self.commands:
                continue
            if self.subcommands and model.subcommand not in self.subcommands:
                continue
            if self.without_option and has_option(model, self.without_option):
                continue
            if self.without_option and any(w is None for w in model.argv[model.tool_index :]):
                continue  # `apt-get install $APT_OPTS ...`: the option may be in the variable
            if self.with_option and not has_option(model, self.with_option):
                continue
            operands = [o.text for o in model.operands if o.text is not None]
            argument = None
            if self.with_argument:
                argument = next(
                    (o for o in operands if any(fnmatch.fnmatchcase(o, g) for g in self.with_argument)), None
                )
                if argument is None:
                    continue
            if self.without_argument and any(
                fnmatch.fnmatchcase(o, g) for o in operands for g in self.without_argument
            ):
                continue
            if mounted is None:
                mounted = self._mounted(instr)
            if mounted:
                return
            if self.unless_env and self._env_sets(instr, ctx, parsed.commands, command):
                continue
            words = command.words
            start, end = words[model.tool_index].start, words[-1].end
            fix = None
            if self.add_option and "sh -c" not in command.context:
                at = words[model.insert_index].end
                fix = Fix((Edit.insertion(at, " " + self.add_option.strip()),), self.applicability)
            option = _COUNTED.sub(r"\g<name>", (self.without_option or self.with_option or ("",))[0])
            values = {
                "command": model.tool,
                "subcommand": model.subcommand or "",
                "option": option if option.startswith("-") else ("-" if len(option) == 1 else "--") + option,
                "argument": argument or "",
            }
            message = (self.info.message or self.info.summary).format(**values)
            title = (self.info.fix_title or "").format(**values) or None
            yield Violation(message, start, end, fix, title if fix else None)
