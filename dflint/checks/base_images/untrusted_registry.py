"""DF105 untrusted-registry: an image from a registry not in ``trusted-registries``.

Checks base images, ``COPY --from=<image>`` and ``RUN --mount=from=<image>``. Does
nothing until the option lists registries. Docker Hub images (``ubuntu``,
``user/app``) come from ``docker.io``; patterns may use ``*`` (``*.example.com``).
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterator

from dflint.checks import Context, Violation

_HUB_ALIASES = {"docker.io", "index.docker.io", "registry-1.docker.io", "hub.docker.com"}


def _trusted(domain: str, patterns: list[str]) -> bool:
    names = _HUB_ALIASES if domain == "docker.io" else {domain}
    return any(fnmatch.fnmatchcase(name, p.lower()) for name in names for p in patterns)


def check(ctx: Context) -> Iterator[Violation]:
    patterns = [p.strip().lower().rstrip("/") for p in ctx.options.get("trusted-registries", []) if p.strip()]
    if not patterns:
        return
    for stage in ctx.model.stages:
        uses = []
        if stage.base.reference is not None and stage.base.stage is None and not stage.base.is_scratch:
            uses.append((stage.from_.arguments[0], stage.base.reference, "base image"))
        for dep in stage.dependencies:
            if dep.kind != "from" and dep.reference is not None:
                uses.append((dep.node, dep.reference, "image" if dep.kind == "copy" else "mounted image"))
        for node, ref, what in uses:
            if _trusted(ref.domain, patterns):
                continue
            yield ctx.violation(
                node,
                f"The {what} `{ref.familiar}` comes from `{ref.domain}`, which is not a trusted "
                f"registry ({', '.join(patterns)})",
            )
