"""DF604 expose-protocol-casing: an EXPOSE protocol that is not lower case
(``80/TCP``). BuildKit lower-cases it, so the fix changes nothing in the image."""

from __future__ import annotations

from collections.abc import Iterator

from dflint.checks import Context, Violation
from dflint.checks.style.expose_invalid_port import PROTOCOLS, port_words
from dflint.fix.edit import Edit, Fix
from dflint.syntax import cst

ON = (cst.Expose,)


def check(instr: cst.Expose, ctx: Context) -> Iterator[Violation]:
    for word in port_words(ctx, instr):
        for spec in word.specs or ():
            protocol = spec.protocol
            if protocol == protocol.lower() or protocol.lower() not in PROTOCOLS:
                continue
            fix = None
            if word.plain and len(word.specs or ()) == 1:
                end = ctx.positions.span(word.node).end.offset
                fix = Fix.safe(Edit(end - len(protocol), end, protocol.lower()))
            yield ctx.violation(
                word.node,
                f"EXPOSE `{spec.text}`: write the protocol in lower case, `{protocol.lower()}`",
                fix,
                f"Write `{protocol.lower()}`" if fix else None,
            )
            break
