"""DF625 definition-description: the comment above ``FROM ... AS name`` or ``ARG name``
does not start with the name (BuildKit's experimental InvalidDefinitionDescription).

BuildKit takes the comment lines since the previous instruction (``PrevComment``: blank
lines do not end them, an empty ``#`` line starts them again) and reads the last one as
the description of the stage or argument when its first space-separated word is the
name. ONBUILD triggers are not checked: BuildKit parses them in another build.
"""

from __future__ import annotations

from collections.abc import Iterator

from dflint.checks import Context, Violation
from dflint.syntax import cst

ON = (cst.From, cst.Arg)
ONBUILD = False


def check(instr: cst.From | cst.Arg, ctx: Context) -> Iterator[Violation]:
    if isinstance(instr, cst.From):
        name = instr.stage_name
        names = [name.lower()] if name else []
        what = "stage"
    else:
        names = [d.name.value.split("=", 1)[0] for d in instr.declarations]
        what = "ARG"
    comments = instr.prev_comment
    if not names or not comments:
        return
    first_word = comments[-1].split(" ")[0]
    if first_word in names:
        return
    example = names[0] if len(names) == 1 else "<name>"
    yield ctx.violation(
        instr,
        f"The comment above this {what} does not start with `{example}`: BuildKit reads "
        f"`# {example} <description>` as its description (end an unrelated comment with an empty `#` line)",
    )
