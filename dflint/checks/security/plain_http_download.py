"""DF504 plain-http-download: curl, wget or ADD fetches an ``http://`` URL.

Not reported: hosts on the machine or the local network (``localhost``, loopback,
private and link-local addresses, names without a dot, ``.local``/``.internal``/``.lan``);
a host that only the build knows (a variable with no value in the Dockerfile, e.g. an
ARG without default: the person running the build picks it, usually a local mirror);
``ADD --checksum``; a RUN that verifies a checksum or signature after the download
(``sha256sum -c``, ``gpg --verify``). Package-manager sources (apt, apk) are another
matter and not checked here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from dflint.checks import Context, Violation
from dflint.checks.layers.add_instead_of_copy import sources
from dflint.checks.security.downloads import http_host, is_local, urls
from dflint.model.shell import ParsedShell
from dflint.syntax import cst

ON = (cst.Run, cst.Add)

_VARIABLE = re.compile(r"\$\{?([A-Za-z_][A-Za-z0-9_]*)")
_CHECKSUM_TOOLS = frozenset(
    {"sha1sum", "sha224sum", "sha256sum", "sha384sum", "sha512sum", "shasum", "md5sum", "b2sum", "cksum"}
)


def _verifies(ctx: Context, parsed: ParsedShell, after: int) -> bool:
    """Whether a command after ``parsed.commands[after]`` checks a checksum or signature."""
    for command in parsed.commands[after + 1 :]:
        model = ctx.model.command(command)
        if model is None:
            continue
        if model.tool in _CHECKSUM_TOOLS and model.has_option("c", "check"):
            return True
        if model.tool in ("gpg", "gpg2") and model.has_option("verify"):
            return True
        if model.tool == "gpgv":
            return True
    return False


def _resolve(ctx: Context, instr: cst.Instruction, parsed: ParsedShell, host: str) -> str | None:
    """A host written with variables, as ARG and ENV set them; None when the build or the
    RUN itself decides it."""
    stage = ctx.model.stage_of(instr)
    if stage is None or instr not in stage.instructions:
        return None  # an ONBUILD trigger: the variables are the downstream build's
    names = set(_VARIABLE.findall(host))
    for command in parsed.commands:  # NAME=..., export NAME=..., read NAME
        if any(a.name in names for a in command.assignments):
            return None
        if command.name == "read" and any(w.value in names for w in command.words[1:]):
            return None
    expansion = ctx.model.expand(host, instr)
    if expansion.value is None or expansion.unset or expansion.unknown:
        return None
    return expansion.value


def _message(tool: str, url: str) -> str:
    return (
        f"`{tool}` downloads `{url}` over plain HTTP: anyone on the way can change what the "
        f"build gets; use https:// (or verify a checksum after the download)"
    )


def check(instr: cst.Run | cst.Add, ctx: Context) -> Iterator[Violation]:
    if isinstance(instr, cst.Add):
        checksum = instr.flag("checksum")
        if checksum is not None and checksum.value:
            return
        for source in sources(instr, ctx):
            if source.kind not in ("url", "git"):
                continue
            url = source.value if source.value is not None else source.text
            host = http_host(url, schemeless=False)
            if host is None or "$" in host or is_local(host):
                continue
            yield ctx.violation(source.node, _message("ADD", url))
        return
    parsed = ctx.model.shell(instr)
    if parsed is None:
        return
    for i, command in enumerate(parsed.commands):
        model = ctx.model.command(command)
        if model is None:
            continue
        for word in urls(command, model):
            url = word.value if word.value is not None else word.symbolic
            host = http_host(url, schemeless=True)
            if host is not None and "$" in host:
                host = _resolve(ctx, instr, parsed, host)
            if host is None or is_local(host) or _verifies(ctx, parsed, i):
                continue
            yield Violation(_message(model.tool, url), word.start, word.end)
