"""DF501 root-user: the image that ships runs as root, because the last USER of the
target stage (or of the stages it is built FROM) is ``root`` or uid 0.

Only the shipped image counts: a builder stage that switches to root and is only copied
from sets no user in the image (hadolint DL3002 reports the last USER of every stage).
A USER whose value only the build knows is not reported; one an ARG default gives is.
"""

from __future__ import annotations

from collections.abc import Iterator

from dflint.checks import Context, Violation
from dflint.checks.security.users import image_user, is_root


def check(ctx: Context) -> Iterator[Violation]:
    found = image_user(ctx)
    if found is None or not is_root(found.user):
        return
    target = ctx.model.target
    inherited = target is not None and ctx.model.stage_of(found.instruction) is not target
    where = " (the shipped stage is built FROM this one and sets no USER)" if inherited else ""
    yield ctx.violation(
        found.word,
        f"The image runs as root: this is its last USER (`{found.value}`){where}; a process that "
        f"breaks out of the application has root's rights in the container. Create a user and "
        f"switch to it (`USER app`, or a uid such as `USER 10001`) after the steps that need root",
    )
