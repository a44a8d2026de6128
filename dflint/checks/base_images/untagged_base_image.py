"""DF101 untagged-base-image: FROM an image with neither tag nor digest."""

from __future__ import annotations

from collections.abc import Iterator

from dflint.checks import Context, Violation


def check(ctx: Context) -> Iterator[Violation]:
    for stage in ctx.model.stages:
        base = stage.base
        ref = base.reference
        if ref is None or base.stage is not None or base.is_scratch or ref.tag or ref.digest:
            continue
        word = stage.from_.arguments[0]
        shown = (
            f"`{base.text}`"
            if base.text == base.expansion.value
            else f"`{base.text}` ({base.expansion.value})"
        )
        yield ctx.violation(
            word,
            f"Base image {shown} has no tag or digest: each build takes whatever `latest` is "
            f"then; pin a version tag or a digest",
        )
