"""DF622 maintainer: the deprecated MAINTAINER instruction (hadolint DL4000, BuildKit's
MaintainerDeprecated).

The fix writes the OCI label ``org.opencontainers.image.authors`` instead, with the
file's keyword casing and the value in double quotes. MAINTAINER's text is not
expanded by BuildKit but a LABEL's is, so ``$``, ``"`` and the escape character are
escaped to keep the text as it was.
"""

from __future__ import annotations

from collections.abc import Iterator

from dflint.checks import Context, Violation
from dflint.checks.style.inconsistent_instruction_casing import cased, majority_upper
from dflint.fix.edit import Edit, Fix
from dflint.model.variables import Lexer
from dflint.syntax import buildkit as bk
from dflint.syntax import cst

ON = (cst.Maintainer,)

LABEL = "org.opencontainers.image.authors"


def _quoted(text: str, escape: str) -> str | None:
    """``text`` in double quotes that BuildKit expands back to ``text``, or None."""
    body = "".join(escape + ch if ch in ('"', "$", escape) else ch for ch in text)
    quoted = f'"{body}"'
    try:
        pairs = bk.parse_name_val(f"{LABEL}={quoted}", "LABEL", escape)
    except bk.BuildKitError:
        return None
    if pairs != [(LABEL, quoted, "=")] or Lexer(escape).process_word(quoted, {}).value != text:
        return None
    return quoted


def check(instr: cst.Maintainer, ctx: Context) -> Iterator[Violation]:
    value = instr.value
    quoted = _quoted(value, ctx.df.escape) if value else None
    if quoted is None:
        yield ctx.violation(instr, f"MAINTAINER is deprecated: use `LABEL {LABEL}=...`")
        return
    keyword = cased("LABEL", majority_upper(ctx.df))
    span = ctx.positions.span(instr)
    replacement = f"{keyword} {LABEL}={quoted}"
    yield Violation(
        f"MAINTAINER is deprecated: use `LABEL {LABEL}={quoted}`",
        span.start.offset,
        span.end.offset,
        Fix.unsafe(Edit(span.start.offset, span.end.offset, replacement)),
        f"Replace with `LABEL {LABEL}`",
    )
