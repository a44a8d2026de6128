"""DF233 add-url-without-checksum: ``ADD <url>`` whose download is not verified.

BuildKit's ``--checksum`` (Dockerfile 1.6) verifies an http(s) source and fails the
build when the bytes differ. Git sources (``https://...git#ref``, ``git@host:repo``)
are not reported: their ref is what pins them.
"""

from __future__ import annotations

from collections.abc import Iterator

from dflint.checks import Context, Violation
from dflint.checks.layers.add_instead_of_copy import ARCHIVE_EXTENSIONS, sources, unpack
from dflint.syntax import cst

ON = (cst.Add,)


#: what a downloaded archive's name ends in (ADD extracts none of them)
_DOWNLOADED_ARCHIVES = ARCHIVE_EXTENSIONS | {"zip"}


def _archive_name(url: str) -> bool:
    path = url.split("#", 1)[0].split("?", 1)[0]
    name = path.rstrip("/").rsplit("/", 1)[-1]
    return "." in name and name.rsplit(".", 1)[1].lower() in _DOWNLOADED_ARCHIVES


def check(instr: cst.Add, ctx: Context) -> Iterator[Violation]:
    checksum = instr.flag("checksum")
    if checksum is not None and checksum.value:
        return
    urls = [s for s in sources(instr, ctx) if s.kind == "url"]
    for source in urls:
        message = (
            f"`ADD` downloads `{source.text}` without `--checksum`: the build takes whatever the server sends"
        )
        if _archive_name(source.value or source.text) and not unpack(instr):
            message += (
                ", and ADD does not extract a downloaded archive: it stays in this layer even "
                "when a later RUN extracts and deletes it; fetch it with curl, verify its "
                "checksum, extract it and delete it in one RUN"
            )
        elif len(urls) > 1:
            message += " (`--checksum` takes one source: give each download its own ADD)"
        else:
            message += "; add `--checksum=sha256:<digest>`"
        yield ctx.violation(source.node, message)
