"""DF109 from-platform-flag: ``FROM --platform`` with a constant, or with ``$TARGETPLATFORM``.

A constant is not reported when the stage name contains its OS or architecture
(BuildKit's exception: ``FROM --platform=linux/amd64 golang AS build-amd64``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from dflint.checks import Context, Violation
from dflint.fix.edit import Edit, Fix

_TARGET = re.compile(r"^\$(TARGETPLATFORM|\{TARGETPLATFORM\})$")


def check(ctx: Context) -> Iterator[Violation]:
    for stage in ctx.model.stages:
        flag = stage.from_.flag("platform")
        if flag is None or flag.value is None:
            continue
        value = flag.value
        if _TARGET.match(value):
            span = ctx.positions.full_span(flag)  # with the blank before it
            yield ctx.violation(
                flag,
                "`--platform=$TARGETPLATFORM` is what FROM does anyway: the flag is redundant",
                Fix.safe(Edit.deletion(span.start.offset, span.end.offset)),
                "Remove the flag",
                code="DL3065",
            )
            continue
        if "$" in value:
            continue
        parts = [p for p in re.split(r"[/,]", value.lower()) if p]
        if stage.name and any(p in stage.name for p in parts):
            continue
        yield ctx.violation(
            flag,
            f"`FROM --platform={value}` pins the stage to one platform: builds for any other "
            f"platform get {value} binaries (or emulate it); use `$BUILDPLATFORM` for build tools",
            code="DL3029",
        )
