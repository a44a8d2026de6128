"""DF231 unfiltered-context-copy: ``COPY .`` (or ``ADD .``) copies the whole build
context, and the context has no ignore file, or one that lets ``.git`` in (when the
context holds one) or ``node_modules`` (when it holds a ``package.json``).

Needs the build context (:mod:`dflint.model.context`): silent when it cannot be read.
``COPY --exclude`` patterns count as excluding. ``--from`` copies and ONBUILD triggers
(which copy from another build's context) are not checked.
"""

from __future__ import annotations

from collections.abc import Iterator

from dflint.checks import Context, Violation
from dflint.syntax import cst

ON = (cst.Copy,)  # and Add, its subclass
ONBUILD = False  # a trigger copies from the context of the build that uses the image


def _names(paths: list[str]) -> str:
    return " and ".join(f"`{p}`" for p in paths)


def check(instr: cst.Copy, ctx: Context) -> Iterator[Violation]:
    if instr.flag("from") is not None:
        return
    from dflint.model.context import context_path, patterns_of

    whole = next(
        (
            w
            for w in ctx.model.expansions(instr)
            if w.role == "source" and w.expansion.value is not None and context_path(w.expansion.value) == ""
        ),
        None,
    )
    if whole is None:
        return
    context = ctx.file.build_context.get(ctx.options.get("context"))
    if context is None:
        return
    excludes = [f.value for f in instr.flags_named("exclude") if f.value]
    flag_matcher = patterns_of(excludes) if excludes else None
    verb = f"{instr.keyword.name.upper()} {whole.expansion.value}"
    if context.ignore is None and flag_matcher is None:
        yield ctx.violation(
            whole.node,
            f"`{verb}` copies the whole build context and it has no .dockerignore: whatever is "
            f"there (`.git`, `.env` files, local dependencies, build output) goes into the layer",
        )
        return
    needed = []
    if context.exists(".git"):
        needed.append(".git")
    if context.exists("package.json"):
        needed.append("node_modules")
    let_in = [p for p in needed if not context.excluded(p) and not (flag_matcher and flag_matcher.matches(p))]
    if let_in:
        them = "it" if len(let_in) == 1 else "them"
        why = (
            f"{context.ignore.name} does not exclude {them}"
            if context.ignore
            else f"there is no .dockerignore and `--exclude` does not exclude {them}"
        )
        yield ctx.violation(whole.node, f"`{verb}` copies {_names(let_in)}: {why}")
