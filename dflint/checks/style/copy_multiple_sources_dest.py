"""DF605 copy-multiple-sources-dest: COPY or ADD with several sources to a destination
that does not end with ``/``.

The fix adds the ``/`` inside the word as written (before a closing quote, after a
variable), and only when expanding the new word gives the old destination plus ``/``.
A Windows path written with backslashes (under ``# escape=```) gets a backslash.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from dflint.checks import Context, Violation
from dflint.checks.style.relative_copy_dest_without_workdir import destination_word, is_broken_exec_form
from dflint.checks.style.relative_workdir import static_value, workdirs_before
from dflint.fix.edit import Edit, Fix
from dflint.syntax import cst, instructions

ON = (cst.Copy,)  # and Add


def separator(ctx: Context, dest: str) -> str:
    """The directory separator the destination is written with."""
    return "\\" if "\\" in dest and "/" not in dest and ctx.df.escape != "\\" else "/"


def _slash_edit(ctx: Context, instr: cst.Copy, word: cst.Word | cst.ExecArg, dest: str) -> Edit | None:
    sep = separator(ctx, dest)
    span = ctx.positions.span(word)
    raw = ctx.text[span.start.offset : span.end.offset]
    if "\n" in raw:
        return None  # a continuation inside the word: left to the author
    if isinstance(word, cst.ExecArg):
        at = len(raw) - 1  # before the closing quote of the JSON string
        inserted = json.dumps(sep)[1:-1]
        new_text = json.loads(raw[:at] + inserted + raw[at:])
    else:
        at = len(raw) - 1 if raw[-1:] in ("'", '"') else len(raw)
        inserted = sep
        new_text = raw[:at] + inserted + raw[at:]
    if static_value(ctx, instr, new_text) != dest + sep:
        return None  # the quote was escaped, or the word does not end as it expands
    return Edit.insertion(span.start.offset + at, inserted)


def _known_directory(ctx: Context, instr: cst.Copy, dest: str) -> bool:
    """Whether ``dest`` is known to be a directory when ``instr`` runs: the working
    directory (``.``), or a directory a WORKDIR before it made. Then BuildKit copies into
    it with or without the ``/`` and the fix changes nothing in the image."""
    if dest in ("", "."):
        return True
    wanted = dest.rstrip("/") or "/"
    for workdir in workdirs_before(ctx, instr):
        value = static_value(ctx, workdir, workdir.value) if workdir.value is not None else None
        if value is not None and value.startswith("/"):
            parts = value.rstrip("/").split("/")
            if any("/".join(parts[: i + 1]) == wanted for i in range(1, len(parts))):
                return True
    return False


def check(instr: cst.Copy, ctx: Context) -> Iterator[Violation]:
    sources = instructions.copy_sources(instr)
    word = destination_word(instr)
    if sources is None or word is None or len(sources.source_paths) + len(sources.source_contents) < 2:
        return
    dest = static_value(ctx, instr, instr.values[-1])
    if dest is None or dest.endswith(("/", "\\")):
        return
    name = instr.keyword.value.upper()
    if is_broken_exec_form(instr):
        # no fix: the `/` would go after the `]`, and the array is what needs fixing
        yield ctx.violation(
            word,
            f"{name}'s arguments start with `[` but are not a JSON array of strings, so BuildKit reads "
            f"them as words: several sources, the first `{sources.source_paths[0]}`, go to `{dest}`, "
            f"which does not end with `/`; write a valid JSON array (flags go before it)",
        )
        return
    edit = _slash_edit(ctx, instr, word, dest)
    if dest in (".", ""):
        why = "BuildKit reads it as the working directory, but the classic builder fails"
    else:
        why = (
            "the classic builder fails, and BuildKit copies into it only when it is an existing "
            "directory: otherwise each file overwrites the one before"
        )
    fix = None
    if edit is not None:
        fix = Fix.safe(edit) if _known_directory(ctx, instr, dest) else Fix.unsafe(edit)
    yield ctx.violation(
        word,
        f"{name} with several sources to `{dest}`, which does not end with `/`: {why}",
        fix,
        f"Add `{separator(ctx, dest)}`: `{dest}{separator(ctx, dest)}`" if edit else None,
    )
