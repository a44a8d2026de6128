"""DF004 unknown-instruction: a word BuildKit's parser accepts as an instruction but its
typed layer rejects (``unknown instruction: FOO``), failing the build.

The suggestion is BuildKit's: the known instruction at the smallest Levenshtein
distance below 3, compared lower-cased and written in the word's case (ties go to the
first in alphabetical order, where BuildKit's map order is random). An unknown ONBUILD
trigger does not fail this build but every build FROM the image.
"""

from __future__ import annotations

from collections.abc import Iterator

from dflint.checks import Context, Violation
from dflint.syntax import buildkit as bk
from dflint.syntax import cst

ON = (cst.Unknown,)

INSTRUCTIONS = tuple(sorted(name.upper() for name in cst.INSTRUCTION_CLASSES))


def suggestion(word: str) -> str | None:
    """suggest.WrapError's match for ``word`` among the instructions, or None."""
    lowered = bk.go_lower(word)
    best, distance = None, 3
    for name in INSTRUCTIONS:
        d = bk.levenshtein(lowered, name.lower())
        if d < distance:
            best, distance = name, d
    if best is None:
        return None
    return best if word != lowered and word == word.upper() else best.lower()


def check(instr: cst.Unknown, ctx: Context) -> Iterator[Violation]:
    word = instr.keyword.value
    close = suggestion(word)
    hint = f" (did you mean `{close}`?)" if close else ""
    trigger = any(isinstance(i, cst.Onbuild) and i.trigger is instr for i in ctx.df.instructions)
    where = "every build FROM this image fails" if trigger else "BuildKit fails the build"
    yield ctx.violation(instr.keyword, f"Unknown instruction `{word}`: {where}{hint}")
