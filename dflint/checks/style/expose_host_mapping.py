"""DF603 expose-host-mapping: an EXPOSE port with a host IP or host port
(``127.0.0.1:80:80``, ``8080:80``), which EXPOSE ignores.

The fix deletes the host part of a port written as it expands; the image is the same,
as BuildKit keeps only the container port and protocol.
"""

from __future__ import annotations

from collections.abc import Iterator

from dflint.checks import Context, Violation
from dflint.checks.style.expose_invalid_port import port_words
from dflint.fix.edit import Edit, Fix
from dflint.syntax import cst

ON = (cst.Expose,)


def check(instr: cst.Expose, ctx: Context) -> Iterator[Violation]:
    for word in port_words(ctx, instr):
        for spec in word.specs or ():
            if not (spec.ip or spec.host):
                continue
            kept = spec.text.rsplit(":", 1)[1]
            fix = None
            if word.plain and spec.problem is None and len(word.specs or ()) == 1:
                start = ctx.positions.span(word.node).start.offset
                fix = Fix.safe(Edit.deletion(start, start + len(spec.text) - len(kept)))
            mapping = "host IP and port" if spec.ip else "host port"
            yield ctx.violation(
                word.node,
                f"EXPOSE `{spec.text}` gives a {mapping}, which EXPOSE ignores: it only documents "
                f"the container port `{kept}`; map ports with `docker run -p`",
                fix,
                f"Keep only `{kept}`" if fix else None,
            )
            break
