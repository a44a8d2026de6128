"""DF407 zypper-without-yes: a zypper command that asks for confirmation, run without
``--non-interactive``.

hadolint DL3034 checks ``install``, ``remove``, ``source-install`` and ``patch``; dflint
also checks ``update`` and ``dist-upgrade``, which ask the same question. Accepted: the
global ``-n``/``--non-interactive`` (before the command, or after it spelled long, as
hadolint accepts), and the command's ``-y``/``--no-confirm``. ``zypper install -n`` is
not accepted: after the command ``-n`` is ``--name`` (zypper(8)), and zypper still asks.

The fix inserts the global ``-n`` right after ``zypper``, where it is valid for every
command. A command with a word that is not static (``zypper $ZYPPER_OPTS install``) is
not reported: the switch may be in the variable.
"""

from __future__ import annotations

from collections.abc import Iterator

from dflint.checks import Context, Violation
from dflint.checks.layers import insert_words, modelled
from dflint.fix.edit import Fix
from dflint.syntax import cst

ON = (cst.Run,)

SUBCOMMANDS = frozenset({"install", "remove", "update", "dist-upgrade", "source-install", "patch"})
#: the non-interactive switches: global -n/--non-interactive, and the commands' -y/--no-confirm
SWITCHES = ("non-interactive", "no-confirm", "-y")


def check(instr: cst.Run, ctx: Context) -> Iterator[Violation]:
    parsed = ctx.model.shell(instr)
    for command, model in modelled(ctx, parsed):
        if model.tool != "zypper" or model.subcommand not in SUBCOMMANDS or model.has_option(*SWITCHES):
            continue
        if any(w is None for w in model.argv[model.tool_index :]):
            continue  # the switch may be in the variable
        tool = command.words[model.tool_index]
        edits = insert_words(ctx, instr, parsed, command, tool.end, "-n") if parsed else None
        fix = Fix.safe(*edits) if edits else None
        yield Violation(
            f"`zypper {model.subcommand}` without `--non-interactive` asks for confirmation, and a build "
            f"has no one to answer: zypper aborts",
            tool.start,
            command.words[-1].end,
            fix,
            "Add `-n` (`--non-interactive`)" if fix else None,
        )
