"""DF606 relative-copy-dest-without-workdir: COPY to a relative destination in a stage
where no WORKDIR has set the directory it is relative to.

A WORKDIR of a stage the instruction's stage is built FROM counts (BuildKit carries it
over); so do the ONBUILD triggers of that stage, which run first. For an ONBUILD
trigger, the WORKDIRs of its whole image count, as the trigger runs after them.

ADD is not checked, as hadolint (DL3045) does not: an ADD of local files is already
reported by DF232 (use COPY), after which this rule applies.

Also the COPY/ADD destination helpers the COPY rules share (DF605, DF610).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

from dflint.checks import Context, Violation
from dflint.checks.style.relative_workdir import path_kind, static_value, workdirs_before
from dflint.syntax import cst, instructions

ON = (cst.Copy,)

#: A drive letter and its colon (``C:``, ``c:app``): a Windows path on that drive, which
#: hadolint takes as absolute (``COPY x C:`` copies to the drive's root).
_DRIVE_PREFIX = re.compile(r"[A-Za-z]:")
#: The first character of a path that is relative whatever the variables after it hold
#: (``app-${VERSION}.zip``): not ``$``, ``/``, an escape character or a quote.
_RELATIVE_START = re.compile(r"[A-Za-z0-9._~+@%,=-]")


def is_broken_exec_form(instr: cst.Copy) -> bool:
    """Whether the arguments start with ``[`` but are no JSON array of strings: BuildKit
    then reads them as words (``COPY [--chown=app] . /app`` has the sources
    ``[--chown=app]`` and ``.``)."""
    return (
        not isinstance(instr.arguments, cst.ExecForm)
        and bool(instr.arguments)
        and instr.arguments[0].value.startswith("[")
    )


def _array_then_text(words: tuple[cst.Word, ...] | list[cst.Word]) -> bool:
    """Whether the words are a JSON array of strings followed by more text
    (``COPY ["a", "b", "/app"];``): the array is meant, and its tail is the problem."""
    text = " ".join(w.value for w in words)
    try:
        array, _ = json.JSONDecoder().raw_decode(text)
    except ValueError:
        return False
    return isinstance(array, list) and all(isinstance(item, str) for item in array)


def destination_word(instr: cst.Copy) -> cst.Word | cst.ExecArg | None:
    """The node of the destination of a COPY or ADD, as BuildKit reads it: an exec form
    that is not valid JSON is words (``COPY [--chown=app] . /app``). None when BuildKit
    rejects the arguments, and for a valid JSON array followed by more text
    (``COPY ["a", "b"];``), whose broken tail is the problem, not its last word."""
    if instructions.copy_sources(instr) is None:
        return None
    if isinstance(instr.arguments, cst.ExecForm):
        return instr.arguments.elements[-1]
    words = instr.arguments
    if not words or (is_broken_exec_form(instr) and _array_then_text(words)):
        return None
    return words[-1]


def _relative(ctx: Context, instr: cst.Copy, text: str) -> str | None:
    """The destination as it expands (as written when a variable decides what follows
    its first characters, ``app-${VERSION}``) if it is a relative path; None otherwise."""
    written = text.lstrip("'\"")
    kind = path_kind(ctx, instr, text)
    if _DRIVE_PREFIX.match(written) or kind == "absolute":
        return None
    dest = static_value(ctx, instr, text)
    if dest is None:
        # a variable decides the value, but not that the path is relative
        return text if _RELATIVE_START.match(written) else None
    if dest == "" or _DRIVE_PREFIX.match(dest) or kind != "relative":
        return None  # nothing: a placeholder the build fills (`ARG DEST=""`); a drive
    return dest


def check(instr: cst.Copy, ctx: Context) -> Iterator[Violation]:
    if isinstance(instr, cst.Add) or ctx.model.stage_of(instr) is None:
        return
    word = destination_word(instr)
    if word is None:
        return
    dest = _relative(ctx, instr, instr.values[-1])
    if dest is None or workdirs_before(ctx, instr):
        return
    yield ctx.violation(
        word,
        f"{instr.keyword.value.upper()} to the relative destination `{dest}` with no WORKDIR set: "
        f"the files land in the base image's working directory (often /), which a new release may "
        f"change; set WORKDIR first or use an absolute path",
    )
