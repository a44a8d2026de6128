"""DF423 useradd-without-l: ``useradd`` with a high UID and without ``-l``.

useradd resets the user's records in ``/var/log/lastlog`` and ``/var/log/faillog``,
files indexed by UID: for UID 123456 both become tens of MB of zeros. They are sparse
on disk but not in the layer tarball, so the image carries them. ``-l``
(``--no-log-init``) skips the reset.

A UID is high from 100000 (six digits, hadolint's threshold). A UID written as
``$VAR`` is read from the ARG or ENV in scope when its value is known; one whose value
only the build knows (``--build-arg UID=$(id -u)``) may be high, and is reported as
hadolint does, saying so; a variable the script sets itself is not guessed. Every stage is
checked: a builder's layers are written too (the classic builder commits each one, and a
cache export with ``mode=max`` exports them).
"""

from __future__ import annotations

from collections.abc import Iterator

from dflint.checks import Context, Violation
from dflint.checks.layers import insert_words, modelled
from dflint.fix.edit import Fix
from dflint.model.commands import model_command
from dflint.model.shell import ParsedShell
from dflint.syntax import cst

ON = (cst.Run,)

HIGH_UID = 100_000
#: bytes each UID takes in lastlog (struct lastlog) and faillog (struct faillog) on 64-bit Linux
_RECORD_BYTES = 292 + 32


def _assigned(parsed: ParsedShell) -> set[str]:
    """Names the script assigns (``X=1``, ``export X=1``, ``read X``...): their values
    are the script's, not the ARG's."""
    names = {a.name for c in parsed.commands for a in c.assignments}
    for command in parsed.commands:
        if command.name in ("export", "declare", "local", "readonly", "typeset", "read"):
            names.update((w.value or "").split("=", 1)[0] for w in command.words[1:])
    return names


#: a UID written with a variable whose value is not known here
UNKNOWN = -1


def _uid(ctx: Context, instr: cst.Run, parsed: ParsedShell, text: str | None) -> int | None:
    """The UID an option value gives (as written, ``$VAR`` kept): a number, UNKNOWN for a
    variable only the build or the script gives a value, None for no UID."""
    if text is None:
        return None
    if not text.isdigit():
        if "$" not in text:
            return None
        expansion = ctx.model.expand(text, instr)
        if expansion.matched & _assigned(parsed):
            return None  # the script sets it: not the ARG's value, and not known here
        if expansion.value is None or expansion.unset:
            return UNKNOWN
        text = expansion.value
    return int(text) if text.isdigit() else None


def check(instr: cst.Run, ctx: Context) -> Iterator[Violation]:
    parsed = ctx.model.shell(instr)
    for command, model in modelled(ctx, parsed):
        if model.tool != "useradd" or parsed is None:
            continue
        # The words as written, ``$UID`` kept: ``-lu$UID`` is then two options.
        written = model_command(tuple(w.value if w.is_static else w.symbolic for w in command.words))
        option = written.option("uid") if written is not None else None
        if option is None or written is None or written.has_option("no-log-init"):
            continue
        uid = _uid(ctx, instr, parsed, option.value)
        if uid is None or (uid != UNKNOWN and uid < HIGH_UID):
            continue
        tool = command.words[model.tool_index]
        if uid == UNKNOWN:
            message = (
                f"`useradd -u {option.value}` without `-l`: if the build passes a high UID (100000 or "
                f"more, common with LDAP or rootless hosts), lastlog and faillog records fill the layer "
                f"with zeros (about 32 MB per 100000): add `-l` (`--no-log-init`)"
            )
        else:
            megabytes = (uid + 1) * _RECORD_BYTES / 1e6
            size = f"{megabytes / 1000:.0f} GB" if megabytes >= 1000 else f"{megabytes:.0f} MB"
            message = (
                f"`useradd` with UID {uid} and without `-l` writes about {size} of lastlog and "
                f"faillog records into this layer: add `-l` (`--no-log-init`)"
            )
        edits = insert_words(ctx, instr, parsed, command, tool.end, "-l")
        yield Violation(
            message,
            tool.start,
            command.words[-1].end,
            Fix.safe(*edits) if edits else None,
            "Insert `-l` after `useradd`",
        )
