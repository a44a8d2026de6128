"""DF106 stage-name: stage names BuildKit warns about: duplicates, reserved words, upper
case, and an ``AS`` whose case does not match ``FROM``'s."""

from __future__ import annotations

from collections.abc import Iterator

from dflint.checks import Context, Violation
from dflint.fix.edit import Edit, Fix

RESERVED = ("context", "scratch")


def _lowercase_references(ctx: Context, name: str) -> list[Edit]:
    """Edits that lower-case every use of stage ``name`` (FROM, --from, mount from=)."""
    edits = []
    for stage in ctx.model.stages:
        word = stage.from_.stage_name_word
        if word is not None and word.value.lower() == name.lower() and word.value != word.value.lower():
            span = ctx.positions.span(word)
            edits.append(Edit(span.start.offset, span.end.offset, word.value.lower()))
        for dep in stage.dependencies:
            if dep.text.lower() != name.lower() or dep.text == dep.text.lower():
                continue
            span = ctx.positions.span(dep.node)
            written = ctx.text[span.start.offset : span.end.offset]
            at = written.find(dep.text)
            if at < 0:
                return []  # quoted or continued: leave the whole rename to the author
            edits.append(
                Edit(span.start.offset + at, span.start.offset + at + len(dep.text), dep.text.lower())
            )
    return edits


def check(ctx: Context) -> Iterator[Violation]:
    seen: dict[str, int] = {}
    for stage in ctx.model.stages:
        from_ = stage.from_
        word = from_.stage_name_word
        if word is None:
            continue
        name = word.value
        lower = name.lower()
        if lower in seen:
            yield ctx.violation(
                word,
                f"Stage name `{name}` is already used on line {seen[lower]}: `--from={lower}` and "
                f"`FROM {lower}` will name the first one",
                code="DL3024",
            )
        else:
            seen[lower] = ctx.positions.span(from_).start.line
        if lower in RESERVED:
            yield ctx.violation(
                word,
                f"`{lower}` is reserved in BuildKit and should not be used as a stage name",
                code="DL3063",
            )
        elif name != lower:
            edits = _lowercase_references(ctx, name)
            yield ctx.violation(
                word,
                f"Stage name `{name}` should be lower case: BuildKit compares stage names lower-cased",
                Fix.safe(*edits) if edits else None,
                f"Rename it `{lower}`" if edits else None,
                code="StageNameCasing",
            )
        keyword = from_.keyword.value
        as_word = from_.as_keyword
        if as_word is None or keyword not in (keyword.upper(), keyword.lower()):
            continue
        wanted = "AS" if keyword == keyword.upper() else "as"
        if as_word.value != wanted:
            span = ctx.positions.span(as_word)
            yield ctx.violation(
                as_word,
                f"`{as_word.value}` does not match the case of `{keyword}`",
                Fix.safe(Edit(span.start.offset, span.end.offset, wanted)),
                f"Write `{wanted}`",
                code="FromAsCasing",
            )
