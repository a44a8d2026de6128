"""DF234 copy-ignored-file: a COPY or ADD source that the build context's ignore file
excludes, so it is not in the context and the instruction fails.

Needs the build context (:mod:`dflint.model.context`): silent when it cannot be read
(standard input, a Dockerfile path that is not a file) or has no ignore file. Sources
from another stage or image (``--from``), heredocs, URLs and sources whose variables
only the build knows are not checked. A wildcard source is reported when every path it
matches is excluded; a directory is not reported when an exception (``!pattern``)
could re-include something inside it.
"""

from __future__ import annotations

from collections.abc import Iterator

from dflint.checks import Context, Violation
from dflint.syntax import cst

ON = (cst.Copy,)  # and Add, its subclass
ONBUILD = False  # a trigger copies from the context of the build that uses the image


def remote(source: str) -> bool:
    """An ADD source BuildKit fetches instead of reading the context."""
    return "://" in source or source.startswith("git@")


def check(instr: cst.Copy, ctx: Context) -> Iterator[Violation]:
    if instr.flag("from") is not None:
        return
    context = ctx.file.build_context.get(ctx.options.get("context"))
    if context is None or context.ignore is None:
        return
    from dflint.model.context import context_path, has_wildcards

    matcher = context.ignore.matcher
    verb = instr.keyword.name.upper()
    for word in ctx.model.expansions(instr):
        source = word.expansion.value
        if word.role != "source" or source is None or remote(source):
            continue
        path = context_path(source)
        if not path:
            continue
        if has_wildcards(path):
            matches = context.glob(path)
            patterns = [context.excluded_by(m) for m in matches]
            if not matches or any(
                p is None or (context.is_dir(m) and matcher.may_include_below(m))
                for m, p in zip(matches, patterns, strict=True)
            ):
                continue
            what = f"Every path `{source}` matches is"
            pattern = patterns[0]
        else:
            pattern = context.excluded_by(path)
            if pattern is None or matcher.may_include_below(path):
                continue
            what = f"`{source}` is"
        assert pattern is not None
        yield ctx.violation(
            word.node,
            f"{what} excluded by {context.ignore.name} (line {pattern.line}: "
            f"`{context.ignore.line(pattern.line) or pattern.written}`): "
            f"it is not in the build context, so this {verb} fails",
        )
