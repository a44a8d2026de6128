"""DF610 copy-whole-filesystem: ``COPY --from=<stage> / /``, which copies the whole
filesystem of another stage or image over this one.

Only stages that ship are checked (the target and the stages it is built FROM): in a
build stage the copy costs the image nothing, and helper images such as
``tonistiigi/xx`` are made to be copied whole into one.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator

from dflint.checks import Context, Violation
from dflint.checks.layers import ships
from dflint.checks.style.relative_copy_dest_without_workdir import destination_word
from dflint.checks.style.relative_workdir import static_value
from dflint.syntax import cst, instructions

ON = (cst.Copy,)


def _is_root(path: str, *, relative_is_root: bool) -> bool:
    if not path.startswith("/") and not relative_is_root:
        return False
    return posixpath.normpath("/" + path).strip("/") == ""


def check(instr: cst.Copy, ctx: Context) -> Iterator[Violation]:
    source = instr.flag("from")
    if isinstance(instr, cst.Add) or source is None or not source.value or not ships(instr, ctx):
        return
    sources = instructions.copy_sources(instr)
    word = destination_word(instr)
    if sources is None or word is None:
        return
    dest = static_value(ctx, instr, sources.dest_path)
    if dest is None or not _is_root(dest, relative_is_root=False):
        return
    # A source of COPY --from is a path in the other stage, relative to its root.
    values = [static_value(ctx, instr, path) for path in sources.source_paths]
    if not any(v is not None and _is_root(v, relative_is_root=True) for v in values):
        return
    first = instr.arguments if isinstance(instr.arguments, cst.ExecForm) else instr.arguments[0]
    yield Violation(
        f"COPY --from={source.value} copies the whole filesystem over this stage's: every file of "
        f"`{source.value}` (its OS, libraries, /etc) goes into one more layer; build FROM it "
        f"instead, or copy only the directories the image needs",
        ctx.positions.span(first).start.offset,
        ctx.positions.span(word).end.offset,
    )
