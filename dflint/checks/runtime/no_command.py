"""DF309 no-command: the image that ships has neither CMD nor ENTRYPOINT, and its base
image's default is an interactive shell or interpreter."""

from __future__ import annotations

from collections.abc import Iterator

from dflint.checks import Context, Violation
from dflint.syntax import cst

#: official images whose default command needs a terminal, and what it is
INTERACTIVE_DEFAULTS = {
    **dict.fromkeys(
        "debian ubuntu alpine busybox centos fedora rockylinux almalinux amazonlinux oraclelinux "
        "archlinux opensuse/leap photon buildpack-deps".split(),
        "a shell",
    ),
    "python": "the Python REPL",
    "pypy": "the Python REPL",
    "node": "the Node.js REPL",
    "ruby": "irb",
    "eclipse-temurin": "jshell",
    "perl": "the Perl debugger",
}


def check(ctx: Context) -> Iterator[Violation]:
    chain = ctx.model.base_chain()
    if not chain:
        return
    if any(isinstance(i, (cst.Cmd, cst.Entrypoint)) for s in chain for i in s.instructions):
        return
    root = chain[-1]
    ref = root.base.reference
    if ref is None or root.base.stage is not None or ref.familiar_name not in INTERACTIVE_DEFAULTS:
        return
    default = INTERACTIVE_DEFAULTS[ref.familiar_name]
    yield ctx.violation(
        chain[0].from_,
        f"The image has no CMD or ENTRYPOINT: `docker run` starts {ref.familiar_name}'s default, "
        f"{default}, which exits at once without a terminal; add the command the image is for "
        f"(or, for a base image, ignore this rule)",
    )
