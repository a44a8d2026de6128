"""DF501 root-user: a stage ends as root, because its last USER is ``root`` or uid 0.

Every stage is checked, as hadolint's DL3002 does: any stage can be the image that
ships (``docker build --target``), and a stage built FROM it inherits its user. The
message tells whether the USER is the one the default target runs as. A USER whose
value only the build knows is not reported; one an ARG default or ENV gives is.
"""

from __future__ import annotations

from collections.abc import Iterator

from dflint.checks import Context, Violation
from dflint.checks.security.users import image_user, is_root, stage_users

_ADVICE = (
    "a process that breaks out of the application has root's rights in the container. Create a "
    "user and switch to it (`USER app`, or a uid such as `USER 10001`) after the steps that need root"
)


def check(ctx: Context) -> Iterator[Violation]:
    shipped = image_user(ctx)
    target = ctx.model.target
    for stage, found in stage_users(ctx):
        if not is_root(found.user):
            continue
        if shipped is not None and shipped.instruction is found.instruction:
            inherited = stage is not target
            where = " (the shipped stage is built FROM this one and sets no USER)" if inherited else ""
            yield ctx.violation(
                found.word,
                f"The image runs as root: this is its last USER (`{found.value}`){where}; {_ADVICE}",
            )
        else:
            name = f"`{stage.name}`" if stage.name else f"{stage.index}"
            yield ctx.violation(
                found.word,
                f"Stage {name} ends as root (its last USER is `{found.value}`): an image built "
                f"from it (`--target`, or `FROM` it) runs as root; {_ADVICE}",
            )
