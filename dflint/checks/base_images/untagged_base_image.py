"""DF101 untagged-base-image: FROM an image with neither tag nor digest.

A name that is not a valid image reference (a template's placeholder, `FROM REPLACE-ME`)
is checked too, as hadolint checks it: it has no tag or digest either.
"""

from __future__ import annotations

from collections.abc import Iterator

from dflint.checks import Context, Violation


def _untagged_invalid(value: str | None) -> bool:
    """An invalid reference written without a tag (``:`` after its last ``/``) or digest."""
    return bool(value) and "@" not in value and ":" not in value.rsplit("/", 1)[-1]


def check(ctx: Context) -> Iterator[Violation]:
    for stage in ctx.model.stages:
        base = stage.base
        ref = base.reference
        if base.stage is not None or base.is_scratch:
            continue
        if ref is None:
            expansion = base.expansion
            if base.error is None or expansion.unset or not _untagged_invalid(expansion.value):
                continue
        elif ref.tag or ref.digest:
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
