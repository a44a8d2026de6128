"""DF620 inconsistent-instruction-casing: an instruction keyword whose case differs from
the file's majority (BuildKit's ConsistentInstructionCasing).

The majority counts the keywords written all upper or all lower case (a tie is upper
case, as in BuildKit); a mixed-case keyword such as ``Run`` never matches it. Unlike
BuildKit, which only looks at the instructions of stages, the ARGs before the first
FROM and the instructions inside ONBUILD are keywords of the file too, and count.
Unknown instructions are DF004's.
"""

from __future__ import annotations

from collections.abc import Iterator

from dflint.checks import Context, Violation
from dflint.fix.edit import Edit, Fix
from dflint.syntax import cst


def keywords(df: cst.Dockerfile) -> list[cst.Keyword]:
    """The keyword of every known instruction, ONBUILD triggers included, in file order."""
    out = []
    for instr in df.instructions:
        for node in (instr, instr.trigger if isinstance(instr, cst.Onbuild) else None):
            if node is not None and not isinstance(node, cst.Unknown) and node.keyword.value.isascii():
                out.append(node.keyword)
    return out


def _consistent(word: str) -> bool:
    return word in (word.lower(), word.upper())


def majority_upper(df: cst.Dockerfile) -> bool:
    """Whether the file's keywords are mostly upper case (ties count as upper case)."""
    lower = upper = 0
    for keyword in keywords(df):
        word = keyword.value
        if _consistent(word):
            if word == word.lower():
                lower += 1
            else:
                upper += 1
    return lower <= upper


def cased(word: str, upper: bool) -> str:
    return word.upper() if upper else word.lower()


def recase(ctx: Context, node: cst.Node, raw: str, upper: bool) -> list[Edit]:
    """Edits that re-case the word ``raw`` of ``node``, leaving any continuation inside
    it (escape, line end, skipped lines) as it is."""
    base = ctx.positions.span(node).start.offset
    _, segments = cst.logical_segments(raw)
    edits = []
    for _, raw_start, length in segments:
        piece = raw[raw_start : raw_start + length]
        if cased(piece, upper) != piece:
            edits.append(Edit(base + raw_start, base + raw_start + length, cased(piece, upper)))
    return edits


def _as_edits(ctx: Context, from_: cst.From, upper: bool) -> list[Edit]:
    """Re-case ``AS`` with ``FROM``, unless DF106 already reports it (an all-upper or
    all-lower FROM whose AS does not match): the two fixes would overlap."""
    as_word = from_.as_keyword
    if as_word is None or as_word.value == cased(as_word.value, upper):
        return []
    keyword = from_.keyword.value
    if _consistent(keyword) and as_word.value != cased(as_word.value, keyword == keyword.upper()):
        return []
    return recase(ctx, as_word, as_word.raw, upper)


def check(ctx: Context) -> Iterator[Violation]:
    found = keywords(ctx.df)
    if not found:
        return
    upper = majority_upper(ctx.df)
    owners = {}
    for instr in ctx.df.instructions:
        owners[id(instr.keyword)] = instr
        if isinstance(instr, cst.Onbuild) and instr.trigger is not None:
            owners[id(instr.trigger.keyword)] = instr.trigger
    majority = "upper" if upper else "lower"
    for keyword in found:
        word = keyword.value
        wanted = cased(word, upper)
        if word == wanted:
            continue
        edits = recase(ctx, keyword, keyword.raw, upper)
        owner = owners.get(id(keyword))
        if isinstance(owner, cst.From):
            edits += _as_edits(ctx, owner, upper)
        if _consistent(word):
            message = f"`{word}` is {'lower' if upper else 'upper'} case, but most instructions in this file are {majority} case"
        else:
            message = (
                f"`{word}` mixes upper and lower case: instructions in this file are mostly {majority} case"
            )
        span = ctx.positions.span(keyword)
        yield Violation(message, span.start.offset, span.end.offset, Fix.safe(*edits), f"Write `{wanted}`")
