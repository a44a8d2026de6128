"""DF003 inline-ignore-pragma: a comment that silences findings on one instruction
(hadolint's DL1001, off by default as in hadolint).

Reported: ``# hadolint ignore=...``, ``# dflint: ignore[=...]`` and BuildKit's
per-instruction ``# check=skip=...``, wherever they are (hadolint flags its pragma even
where it silences nothing). Not reported: the file-wide forms (``# dflint: ignore-file``,
``# hadolint global ignore=``, the ``# check=`` directive), which sit in one place at
the top, like configuration.
"""

from __future__ import annotations

from collections.abc import Iterator

from dflint import pragmas
from dflint.checks import Context, Violation
from dflint.syntax import cst


def _comments(df: cst.Dockerfile) -> Iterator[cst.Comment]:
    for instr in df.instructions:
        for line in instr.leading_lines:
            if isinstance(line, cst.Comment):
                yield line
    for line in df.footer:
        if isinstance(line, cst.Comment):
            yield line


def check(ctx: Context) -> Iterator[Violation]:
    for comment in _comments(ctx.df):
        span = ctx.positions.span(comment)
        # what the pragma parser reads as a line pragma: [] is none, None silences everything
        silenced = pragmas._line_level(comment.code, span.start.offset, pragmas.Pragmas())
        if silenced is not None and not silenced:
            continue
        text = comment.text.rstrip("\r")
        yield Violation(
            f"Inline suppression `{text}`: fix the finding instead, or record the exception "
            "in the configuration where it is reviewed",
            span.start.offset,
            span.start.offset + len(text),
        )
