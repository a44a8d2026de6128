"""DF108 undefined-arg-in-from: FROM expands an ARG no global ARG declares, or one whose
default makes the image reference invalid (BuildKit's UndefinedArgInFrom and
InvalidDefaultArgInFrom)."""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from dflint.checks import Context, Violation
from dflint.model import images
from dflint.model.variables import PLATFORM_ARGS, UNKNOWN, Scope


def check(ctx: Context) -> Iterator[Violation]:
    model = ctx.model
    declared = [name for name in model.global_scope if name not in PLATFORM_ARGS]
    # What BuildKit's InvalidDefaultArgInFrom sees: every global ARG at its default, ""
    # for one without a default (the platform ARGs keep their real, unknown, values).
    defaults = Scope(
        {
            name: ("" if value is UNKNOWN and name not in PLATFORM_ARGS else value)
            for name, value in model.global_scope.items()
        }
    )
    for stage in model.stages:
        from_ = stage.from_
        word = from_.arguments[0] if from_.arguments else None
        if word is None:
            continue
        missing = list(stage.base.expansion.unset)
        if stage.platform is not None:
            missing += [n for n in stage.platform.unset if n not in missing]
        for name in missing:
            close = difflib.get_close_matches(name, declared, n=1, cutoff=0.6)
            hint = f"; did you mean `{close[0]}`?" if close else ""
            node = word if name in stage.base.expansion.unset else from_.flag("platform") or word
            yield ctx.violation(
                node,
                f"FROM uses `${name}`, which no ARG before the first FROM declares: it expands to "
                f"nothing{hint}",
                code="UndefinedArgInFrom",
            )
        if missing or stage.base.stage is not None or "$" not in stage.base.text:
            continue
        expanded = model.lexer.process_word(stage.base.text, defaults)
        if expanded.value is None or expanded.error is not None:
            continue
        try:
            images.parse_reference(expanded.value)
        except images.InvalidReference as exc:
            shown = f"`{expanded.value}`" if expanded.value else "an empty name"
            yield ctx.violation(
                word,
                f"With the ARG defaults, `{stage.base.text}` becomes {shown}, not a valid image "
                f"({exc.reason}): a build without --build-arg fails",
                code="InvalidDefaultArgInFrom",
            )
