"""DF102 latest-tag: FROM an image tagged ``latest`` (without a digest)."""

from __future__ import annotations

from collections.abc import Iterator

from dflint.checks import Context, Violation


def check(ctx: Context) -> Iterator[Violation]:
    for stage in ctx.model.stages:
        base = stage.base
        ref = base.reference
        if ref is None or base.stage is not None or ref.tag != "latest" or ref.digest:
            continue
        yield ctx.violation(
            stage.from_.arguments[0],
            f"Base image `{ref.familiar_name}:latest` changes whenever a new version is "
            f"published; pin a version tag",
        )
