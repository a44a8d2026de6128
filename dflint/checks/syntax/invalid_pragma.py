"""DF002 invalid-pragma: a suppression comment that does nothing as written."""

from __future__ import annotations

from collections.abc import Iterator

from dflint.aliases import is_foreign
from dflint.checks import Context, Violation


def check(ctx: Context) -> Iterator[Violation]:
    pragmas = ctx.file.pragmas
    for problem in pragmas.problems:
        yield Violation(problem.message[:1].upper() + problem.message[1:], problem.start, problem.end)
    allow_foreign = ctx.options.get("allow-foreign-codes", True)
    for ref in pragmas.codes():
        if ref.code.lower() in ctx.file.known_codes or (
            allow_foreign and ref.foreign and is_foreign(ref.code)
        ):
            continue
        yield Violation(
            f"Unknown rule code `{ref.code}` in a suppression comment: it silences nothing",
            ref.start,
            ref.end,
        )
