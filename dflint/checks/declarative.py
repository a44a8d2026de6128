"""Declarative rules: a rule file's ``match:`` block, interpreted.

For the many rules that read "command X (subcommand Y) without option Z", or "command X
without cleanup command C later in the same RUN", the whole rule is its yaml. The
language (documented in ``docs/declarative-rules.md``)::

    match:
      command: apt-get                  # canonical tool name(s), wrappers seen through
      subcommand: install               # canonical subcommand(s); "" is none; omit for any
      without-option: [no-install-recommends]  # fires when none of these is given
      with-option: [force]              # fires only when one of these is given
      with-argument: ["*.deb"]          # fires only when an operand matches a glob
      without-argument: [...]           # fires only when no operand matches
      unless-env: [PIP_NO_CACHE_DIR]    # silent when the command's environment sets one
      unless-mount: [/root/.cache/pip]  # silent when a cache or tmpfs --mount covers one
      unless-mounted-option: [cache-folder]  # silent when the option's value is in such a mount
      unless-command: [yum clean all]   # silent when a later command of the RUN matches one
      with-command: [rm -r /var/cache/apk]  # fires only when a later command of the RUN matches one
      stages: shipped                   # only RUNs whose layers ship (default: all)
      variables: resolve                # without-option reads known variables (default: may-hold-options)
      unless-wrapped-by: [uv]           # silent when one of these wrappers runs the command
      add-option: --no-install-recommends  # a fix: insert it after the subcommand
      append-command: yum clean all     # a fix: append it to the RUN (`&& cmd`)
      replace-command: apt-get          # a fix: replace the tool word

``unless-mount``, ``unless-command`` and ``append-command`` may instead map each tool of
``command`` to its own value (``{yum: yum clean all, zypper: zypper clean --all}``).
``replace-command`` may be ``{with: apt-get, subcommand: [update, ...],
unsafe-subcommand: [install, ...]}``: the fix is then offered only for those
subcommands, and as an unsafe fix for the second list.

A command with a word that is not static (``$OPTS``) never fires ``without-option``:
the option may be in it. With ``variables: resolve`` such a word is read instead: a
variable whose value is known (ENV, an ARG default, an assignment or ``export`` earlier in
the RUN) as the words it holds, any other word as an operand (``apk add $runDeps``,
``nginx=${V}``), unless it starts with ``-`` and a variable is in the option's name
(``--$MODE``). Options are named canonically (the tool's first long spelling without dashes, as
:mod:`dflint.model.commands` names them) or as spelled with dashes (``-y``);
``name{N}`` means the option given N times or with the value N (``quiet{2}`` is
``-qq`` or ``--quiet=2``); ``name=GLOB`` the option with a value matching the glob
(``option=APT::Install-Recommends=*`` for apt's ``-o``). A command pattern of
``unless-command`` is read by the same model (:class:`CommandPattern`). The message may
use ``{command}``, ``{subcommand}``, ``{option}`` (the first of
``without-option``/``with-option``), ``{argument}`` (the operand that matched),
``{append}`` (the command ``append-command`` appends for this tool) and
``{replacement}`` (``replace-command``'s word).
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from dflint.catalogue import RuleInfo
from dflint.checks import Context, Violation
from dflint.checks.layers import append_command, in_column, insert_words, ships
from dflint.fix.edit import Applicability, Edit, Fix
from dflint.model.commands import model_command
from dflint.syntax import cst

if TYPE_CHECKING:
    from dflint.model.commands import CommandModel
    from dflint.model.shell import ParsedShell, ShellWord, SimpleCommand

KEYS = (
    "command",
    "subcommand",
    "without-option",
    "with-option",
    "with-argument",
    "without-argument",
    "unless-env",
    "when-env-false",
    "unless-mount",
    "unless-mounted-option",
    "unless-command",
    "with-command",
    "stages",
    "variables",
    "unless-wrapped-by",
    "add-option",
    "append-command",
    "replace-command",
    "message",
    "fix-title",
    "code",
)
#: keys whose value may instead be a mapping of tool name -> value
_PER_TOOL = ("unless-mount", "unless-command", "with-command", "append-command", "code")
#: the keys that give the rule a fix (at most one)
_FIXES = ("add-option", "append-command", "replace-command")
_STAGES = ("all", "shipped")
_VARIABLES = ("may-hold-options", "resolve")
_ANY_TOOL = "*"
#: what a RUN writes here is never in its layer: /dev (and /dev/shm) is a tmpfs in every
#: build container
_NEVER_IN_LAYER = frozenset({"/dev"})


def _list(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(str(v) for v in value)


def _per_tool(value: Any) -> dict[str, tuple[str, ...]]:
    """A per-tool key's value as tool -> values (``*``: every tool)."""
    if value is None:
        return {}
    if isinstance(value, Mapping):
        return {str(tool): _list(v) for tool, v in value.items()}
    return {_ANY_TOOL: _list(value)}


def _for_tool(table: Mapping[str, tuple[Any, ...]], tool: str) -> tuple[Any, ...]:
    return table.get(tool, table.get(_ANY_TOOL, ()))


def _strings(value: Any) -> bool:
    return isinstance(value, str) or (isinstance(value, list) and all(isinstance(v, str) for v in value))


_COUNTED = re.compile(r"^(?P<name>[^{}=]+)\{(?P<count>\d+)\}$")
_VALUED = re.compile(r"^(?P<name>[^{}=]+)=(?P<glob>.*)$")
_WILDCARDS = frozenset("*?[")


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


def _subcommand_of(model: CommandModel) -> str | None:
    """The canonical subcommand; "" when the command has none; None when its word is
    not static."""
    if model.subcommand is not None:
        return model.subcommand
    return "" if model.subcommand_index is None else None


def operand_texts(command: SimpleCommand, model: CommandModel) -> list[str]:
    """The operands as written: static text, else with ``$VAR`` kept (``$HOME/.npm``)."""
    out = []
    for operand in model.operands:
        word = command.words[operand.index] if operand.index < len(command.words) else None
        text = operand.text if operand.text is not None else (word.symbolic if word else None)
        if text is not None:
            out.append(text)
    return out


def _covered(path: str, targets: set[str]) -> bool:
    """Whether a mount at one of ``targets`` holds ``path`` (it or a directory above it)."""
    path = path.rstrip("/") or "/"
    return any(t == "/" or path == t or path.startswith(t + "/") for t in targets)


@dataclass(frozen=True)
class CommandPattern:
    """One command of ``unless-command``: ``TOOL [SUBCOMMAND] [OPTION...] [OPERAND...]``,
    read by the command model, so that aliases, wrappers and option spellings match
    (``zypper clean`` matches ``zypper cc``; ``rm -r`` matches ``rm -fR``, ``rm
    --recursive``). A command matches when it is the same tool with the same subcommand
    (if the pattern has one), has every option of the pattern (with a matching value if
    the pattern gives one), and, for each operand of the pattern (a glob), an operand
    that matches it. A command's operand is read without a trailing ``/`` or ``/*``
    (``rm -rf /var/cache/yum/*`` removes ``/var/cache/yum``), and a pattern operand that
    is a path also matches an operand naming a directory above it (``rm -rf
    /var/cache/*`` removes ``/var/cache/yum`` too, ``rm -rf ~/.cache`` removes
    ``*/.cache/yarn``; ``/`` and ``*`` alone never count)."""

    text: str
    model: CommandModel

    @classmethod
    def parse(cls, text: str) -> CommandPattern | None:
        words = text.split()
        model = model_command(words) if words else None
        return None if model is None else cls(text, model)

    def matches(self, model: CommandModel, operands: list[str]) -> bool:
        pattern = self.model
        if model.tool != pattern.tool:
            return False
        if pattern.subcommand is not None and model.subcommand != pattern.subcommand:
            return False
        for option in pattern.options:
            found = model.options_named(option.name)
            if not found:
                return False
            if option.value is not None and not any(
                o.value is not None and fnmatch.fnmatchcase(o.value, option.value) for o in found
            ):
                return False
        return all(
            any(_operand_matches(text, p.text) for text in operands)
            for p in pattern.operands
            if p.text is not None
        )


def matched_later(
    ctx: Context, commands: tuple[SimpleCommand, ...], position: int, patterns: Sequence[CommandPattern]
) -> bool:
    """Whether a command after ``commands[position]`` matches one of ``patterns``."""
    for later in commands[position + 1 :]:
        later_model = ctx.model.command(later)
        if later_model is not None and any(
            p.matches(later_model, operand_texts(later, later_model)) for p in patterns
        ):
            return True
    return False


def _operand_matches(operand: str, pattern: str) -> bool:
    text = operand
    while len(text) > 1 and text.endswith(("/*", "/")):
        text = text[:-2] if text.endswith("/*") else text[:-1]
    if fnmatch.fnmatchcase(text, pattern):
        return True
    parts = pattern.split("/")
    for n in range(1, len(parts)):
        above = "/".join(parts[:n])  # a directory above what the pattern names
        if above.strip("/*?") and fnmatch.fnmatchcase(text, above):
            return True
    return False


def _validate_key(key: str, value: Any, match: Mapping[str, Any], aliases: Sequence[str] = ()) -> str | None:
    tools = set(_list(match.get("command")))
    if key == "add-option":
        if not isinstance(value, str) or not value.startswith("-") or " " in value.strip():
            return "add-option must be one option word starting with '-'"
        return None
    if key == "stages":
        if value not in _STAGES:
            return f"stages must be one of {', '.join(_STAGES)}"
        return None
    if key == "variables":
        if value not in _VARIABLES:
            return f"variables must be one of {', '.join(_VARIABLES)}"
        return None
    if key == "replace-command":
        if isinstance(value, Mapping):
            unknown = set(value) - {"with", "subcommand", "unsafe-subcommand"}
            if unknown:
                return f"replace-command takes with:, subcommand: and unsafe-subcommand:, not {sorted(unknown)[0]!r}"
            for key in ("subcommand", "unsafe-subcommand"):
                if not _strings(value.get(key, [])):
                    return f"replace-command's {key} takes a string or a list of strings"
            value = value.get("with")
        if (
            not isinstance(value, str)
            or not value.strip()
            or len(value.split()) != 1
            or value.startswith("-")
        ):
            return "replace-command must be one command word (or {with: word, subcommand: [...]})"
        return None
    if key in _PER_TOOL and isinstance(value, Mapping):
        for tool, per in value.items():
            if tool not in tools:
                return f"{key}: {tool!r} is not one of command: ({', '.join(sorted(tools))})"
            single = key in ("append-command", "code")
            if not (isinstance(per, str) if single else _strings(per)):
                return f"{key}: the value for {tool!r} must be a string" + (
                    "" if single else " or a list of strings"
                )
            if key == "code" and per not in aliases:
                return f"code: {per!r} is not one of the rule's aliases"
    elif key == "append-command":
        if not isinstance(value, str):
            return "append-command takes a command (a string) or a mapping of tool to command"
    elif key == "code":
        if not isinstance(value, str) or value not in aliases:
            return "code takes one of the rule's aliases (or a mapping of tool to alias)"
    elif not _strings(value):
        return f"match key {key!r} takes a string or a list of strings"
    if key in ("unless-command", "with-command"):
        for pattern in (p for ps in _per_tool(value).values() for p in ps):
            if CommandPattern.parse(pattern) is None:
                return f"{key}: {pattern!r} is not a command"
    if key == "append-command":
        patterns = _per_tool(match.get("unless-command"))
        for tool, (command,) in _per_tool(value).items():
            appended = CommandPattern.parse(command)
            if appended is None:
                return f"append-command: {command!r} is not a command"
            wanted = [CommandPattern.parse(p) for p in _for_tool(patterns, tool)]
            texts = [o.text for o in appended.model.operands if o.text is not None]
            if not any(p is not None and p.matches(appended.model, texts) for p in wanted):
                return (
                    f"append-command {command!r} matches no unless-command"
                    f"{'' if tool == _ANY_TOOL else f' of {tool}'}: the fix would not silence the rule"
                )
    return None


def _validate_block(match: Mapping[str, Any], aliases: Sequence[str] = ()) -> str | None:
    for key in match:
        if key not in KEYS:
            return f"unknown match key {key!r} (expected one of {', '.join(KEYS)})"
    if "command" not in match:
        return "match needs command:"
    for key, value in match.items():
        if key in ("message", "fix-title"):
            if not isinstance(value, str):
                return f"match key {key!r} takes a string"
            continue
        problem = _validate_key(key, value, match, aliases)
        if problem:
            return problem
    fixes = [k for k in _FIXES if k in match]
    if len(fixes) > 1:
        return f"match has more than one fix ({', '.join(fixes)}): keep one"
    return None


def blocks(match: Mapping[str, Any] | Sequence[Mapping[str, Any]]) -> tuple[Mapping[str, Any], ...]:
    """The blocks of a ``match:`` (one mapping, or a list of them)."""
    return (match,) if isinstance(match, Mapping) else tuple(match)


def validate(
    match: Mapping[str, Any] | Sequence[Mapping[str, Any]], fix: str, aliases: Sequence[str] = ()
) -> str | None:
    """What is wrong with a ``match:`` (a block, or a list of blocks), or None."""
    if not isinstance(match, Mapping):
        if not isinstance(match, Sequence) or isinstance(match, str) or not match:
            return "match must be a mapping or a non-empty list of mappings"
        if not all(isinstance(block, Mapping) for block in match):
            return "each block of a match: list must be a mapping"
    for block in blocks(match):
        problem = _validate_block(block, aliases)
        if problem:
            return problem
    fixes = [k for block in blocks(match) for k in _FIXES if k in block]
    if fixes and fix == "none":
        return f"a rule with {fixes[0]} must declare fix: safe, unsafe or sometimes"
    if not fixes and fix not in ("none",):
        return "fix: is declared but match has no add-option, append-command or replace-command"
    return None


#: the words that read as false (Python's old ``strtobool``, which pip uses for options from
#: the environment)
_FALSE = frozenset({"0", "n", "no", "f", "false", "off"})


def _env_values(
    instr: cst.Run,
    ctx: Context,
    commands: tuple[SimpleCommand, ...],
    command: SimpleCommand,
    wanted: set[str],
) -> list[object]:
    """The values the command sees for ``wanted`` variables: from ENV or ARG in scope, an
    assignment before it (``VAR=1 pip ...``) or an ``export`` earlier in the same RUN."""
    out: list[object] = []
    scope = ctx.model.scope_before(instr)
    out += [scope[name] for name in wanted if name in scope]
    out += [a.value.value for a in command.assignments if a.name in wanted and a.value is not None]
    for earlier in commands:
        if earlier is command:
            break
        if earlier.name == "export" and not earlier.context:
            for word in earlier.words[1:]:
                name, sep, value = (word.value or "").partition("=")
                if sep and name in wanted:
                    out.append(value)
    return out


_EXPANSION = re.compile(r"\$(?:\{(?P<braced>[A-Za-z_][A-Za-z0-9_]*)\}|(?P<plain>[A-Za-z_][A-Za-z0-9_]*))")
#: shell builtins whose ``NAME=value`` operands set a variable for the rest of the script
_DECLARES = frozenset({"export", "declare", "typeset", "readonly", "local"})


def shell_values(
    instr: cst.Run, ctx: Context, commands: tuple[SimpleCommand, ...], command: SimpleCommand
) -> dict[str, str | None]:
    """What the words of ``command`` read for each variable dflint can tell: ENV and ARG
    values in scope, then the assignments (``X=...`` alone, ``export X=...``) of the RUN
    before it. None: set, to a value only the build knows; a name absent here may be set
    by the base image."""
    out: dict[str, str | None] = {
        name: value if isinstance(value, str) else None
        for name, value in ctx.model.scope_before(instr).items()
    }
    for earlier in commands:
        if earlier is command:
            break
        if not earlier.words:
            for a in earlier.assignments:
                out[a.name] = "" if a.value is None else a.value.value
        elif earlier.name in _DECLARES:
            for word in earlier.words[1:]:
                name, sep, value = word.symbolic.partition("=")
                if sep and re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
                    out[name] = value if word.value is not None else None
    return out


def _expanded(word: ShellWord, values: Mapping[str, str | None]) -> list[str] | None:
    """The words ``word`` expands to (split unless quoted), or None when it depends on a
    value dflint does not know or on an expansion it does not read (``$(...)``,
    ``${X:-y}``)."""
    text = word.symbolic
    if "`" in text or "$" in _EXPANSION.sub("", text):
        return None
    unknown = False

    def value(m: re.Match[str]) -> str:
        nonlocal unknown
        found = values.get(m.group("braced") or m.group("plain"))
        unknown = unknown or found is None
        return found or ""

    out = _EXPANSION.sub(value, text)
    if unknown:
        return None
    return [out] if any(q in word.source for q in "\"'") else out.split()


def resolved_command(
    command: SimpleCommand, model: CommandModel, values: Mapping[str, str | None]
) -> CommandModel | None:
    """The command as it runs with the variables dflint knows: a known variable as the
    words it holds, any other word that is not static as an operand (``$runDeps``,
    ``nginx=${V}``) or as an option whose value is unknown (``--cache-folder=$D``). None
    when a word may be an option dflint cannot name (``--$MODE``, ``-$FLAGS``)."""
    argv: list[str] = []
    for i, value in enumerate(model.argv):
        word = command.words[i] if i < len(command.words) else None
        if value is not None or word is None:
            argv.append(value if value is not None else "")
            continue
        if i > model.tool_index:
            words = _expanded(word, values)
            if words is not None:
                argv.extend(words)
                continue
            if word.symbolic.startswith("-") and re.search(r"[$`]", word.symbolic.split("=", 1)[0]):
                return None
        argv.append(word.symbolic)
    probe = model_command(argv)
    return probe if probe is not None and probe.tool == model.tool else None


class DeclarativeCheck:
    """The check of one declarative rule (an instruction check on RUN): its blocks, each
    reporting on its own."""

    ON = (cst.Run,)

    def __init__(self, info: RuleInfo) -> None:
        self.info = info
        self.blocks = tuple(_Block(info, block) for block in blocks(info.match or {}))

    def check(self, instr: cst.Run, ctx: Context) -> Iterator[Violation]:
        for block in self.blocks:
            yield from block.check(instr, ctx)


class _Block:
    """One block of a rule's ``match:``."""

    def __init__(self, info: RuleInfo, m: Mapping[str, Any]) -> None:
        self.info = info
        self.message = m.get("message") or info.message or info.summary
        self.fix_title = m.get("fix-title") or info.fix_title or ""
        self.code = {tool: codes[0] for tool, codes in _per_tool(m.get("code")).items()}
        self.commands = _list(m.get("command"))
        self.subcommands = _list(m.get("subcommand"))
        self.without_option = _list(m.get("without-option"))
        self.with_option = _list(m.get("with-option"))
        self.with_argument = _list(m.get("with-argument"))
        self.without_argument = _list(m.get("without-argument"))
        self.unless_env = _list(m.get("unless-env"))
        self.when_env_false = _list(m.get("when-env-false"))
        self.unless_mount = {
            tool: tuple(p.rstrip("/") or "/" for p in paths)
            for tool, paths in _per_tool(m.get("unless-mount")).items()
        }
        self.unless_mounted_option = _list(m.get("unless-mounted-option"))
        self.unless_command: dict[str, tuple[CommandPattern, ...]] = {
            tool: tuple(p for p in map(CommandPattern.parse, patterns) if p is not None)
            for tool, patterns in _per_tool(m.get("unless-command")).items()
        }
        self.with_command: dict[str, tuple[CommandPattern, ...]] = {
            tool: tuple(p for p in map(CommandPattern.parse, patterns) if p is not None)
            for tool, patterns in _per_tool(m.get("with-command")).items()
        }
        self.shipped_only = m.get("stages") == "shipped"
        self.resolve_variables = m.get("variables") == "resolve"
        self.unless_wrapped_by = _list(m.get("unless-wrapped-by"))
        self.add_option = m.get("add-option")
        self.append_command = {
            tool: commands[0] for tool, commands in _per_tool(m.get("append-command")).items()
        }
        replace = m.get("replace-command")
        if isinstance(replace, Mapping):
            self.replacement: str | None = replace.get("with")
            self.replace_subcommands = _list(replace.get("subcommand"))
            self.unsafe_subcommands = _list(replace.get("unsafe-subcommand"))
            if self.unsafe_subcommands and not self.replace_subcommands:
                self.replace_subcommands = ("",)  # only the unsafe ones are fixed
        else:
            self.replacement, self.replace_subcommands, self.unsafe_subcommands = replace, (), ()
        self.applicability = Applicability.UNSAFE if info.fix == "unsafe" else Applicability.SAFE

    def _env_sets(
        self, instr: cst.Run, ctx: Context, commands: tuple[SimpleCommand, ...], command: SimpleCommand
    ) -> bool:
        """Whether the command runs with one of ``unless-env`` set: by ENV or ARG in scope,
        by an assignment before it (``VAR=1 pip ...``), or by an ``export`` earlier in the
        same RUN."""
        values = _env_values(instr, ctx, commands, command, set(self.unless_env))
        return any(v != "" for v in values)

    def _env_false(
        self, instr: cst.Run, ctx: Context, commands: tuple[SimpleCommand, ...], command: SimpleCommand
    ) -> bool:
        """Whether one of ``when-env-false`` is set (as for unless-env) to a false value."""
        values = _env_values(instr, ctx, commands, command, set(self.when_env_false))
        return any(isinstance(v, str) and v.lower() in _FALSE for v in values)

    def _mounted(self, model: CommandModel, targets: set[str]) -> bool:
        """Whether a cache or tmpfs mount covers one of ``unless-mount`` (for this tool),
        or the value of one of ``unless-mounted-option``."""
        if any(_covered(path, targets) for path in _for_tool(self.unless_mount, model.tool)):
            return True
        for name in self.unless_mounted_option:
            value = model.option_value(name)
            if value and _covered(value, targets | _NEVER_IN_LAYER):
                return True
        return False

    def _cleaned_later(
        self, ctx: Context, model: CommandModel, commands: tuple[SimpleCommand, ...], position: int
    ) -> bool:
        """Whether a command after ``commands[position]`` matches one of ``unless-command``."""
        return matched_later(ctx, commands, position, _for_tool(self.unless_command, model.tool))

    def _appended(self, tool: str) -> str | None:
        """The command ``append-command`` appends for this tool."""
        return self.append_command.get(tool, self.append_command.get(_ANY_TOOL))

    def _replace(self, ctx: Context, command: SimpleCommand, model: CommandModel) -> Edit | None:
        """The edit replacing the tool's name (its basename, a directory kept) with
        ``replace-command``, when the word is written plainly."""
        word = command.words[model.tool_index]
        value = word.value
        if self.replacement is None or value is None or ctx.text[word.start : word.end] != value:
            return None
        base = value.rsplit("/", 1)[-1]
        return Edit(word.end - len(base), word.end, self.replacement)

    def _fix(
        self, instr: cst.Run, ctx: Context, parsed: ParsedShell, command: SimpleCommand, model: CommandModel
    ) -> Fix | None:
        edit = None
        if self.add_option:
            at = command.words[model.insert_index].end
            edits = insert_words(ctx, instr, parsed, command, at, self.add_option.strip())
            return Fix(edits, self.applicability) if edits else None
        if self.append_command:
            appended = self._appended(model.tool)
            edit = append_command(ctx, instr, parsed, appended) if appended else None
        elif self.replacement:
            if model.subcommand in self.unsafe_subcommands:
                edit = self._replace(ctx, command, model)
                return Fix(in_column(ctx, instr, edit), Applicability.UNSAFE) if edit else None
            if not self.replace_subcommands or model.subcommand in self.replace_subcommands:
                edit = self._replace(ctx, command, model)
        return Fix(in_column(ctx, instr, edit), self.applicability) if edit else None

    def check(self, instr: cst.Run, ctx: Context) -> Iterator[Violation]:
        if self.shipped_only and not ships(instr, ctx):
            return
        parsed = ctx.model.shell(instr)
        if parsed is None:
            return
        targets: set[str] | None = None
        reported: set[str] = set()  # tools with an unless-command finding in this RUN
        for position, command in enumerate(parsed.commands):
            model = ctx.model.command(command)
            if model is None or model.tool not in self.commands:
                continue
            if self.subcommands and _subcommand_of(model) not in self.subcommands:
                continue
            if self.unless_wrapped_by and any(model.wrapped_by(w) for w in self.unless_wrapped_by):
                continue
            if self.without_option and has_option(model, self.without_option):
                continue
            if self.without_option and any(w is None for w in model.argv[model.tool_index :]):
                if not self.resolve_variables:
                    continue  # `apt-get install $APT_OPTS ...`: the option may be in the variable
                values = shell_values(instr, ctx, parsed.commands, command)
                probe = resolved_command(command, model, values)
                if probe is None or has_option(probe, self.without_option):
                    continue
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
            if self.unless_mount or self.unless_mounted_option:
                if targets is None:
                    from dflint.model.stages import cache_mount_targets

                    targets = cache_mount_targets(instr)
                if self._mounted(model, targets):
                    continue
            if self.unless_env and self._env_sets(instr, ctx, parsed.commands, command):
                continue
            if self.when_env_false and not self._env_false(instr, ctx, parsed.commands, command):
                continue
            if self.with_command and not matched_later(
                ctx, parsed.commands, position, _for_tool(self.with_command, model.tool)
            ):
                continue
            if self.unless_command:
                if self._cleaned_later(ctx, model, parsed.commands, position):
                    continue
                if model.tool in reported:
                    continue  # one cleanup at the end serves every such command of the RUN
                reported.add(model.tool)
            words = command.words
            start, end = words[model.tool_index].start, words[-1].end
            fix = self._fix(instr, ctx, parsed, command, model)
            option = _COUNTED.sub(r"\g<name>", (self.without_option or self.with_option or ("",))[0])
            values = {
                "command": model.tool,
                "subcommand": model.subcommand or "",
                "option": option if option.startswith("-") else ("-" if len(option) == 1 else "--") + option,
                "argument": argument or "",
                "append": self._appended(model.tool) or "",
                "replacement": self.replacement or "",
            }
            message = self.message.format(**values)
            title = self.fix_title.format(**values) or None
            code = _for_tool({k: (v,) for k, v in self.code.items()}, model.tool)
            yield Violation(message, start, end, fix, title if fix else None, code[0] if code else None)
