"""Comparing dflint's tree with BuildKit's Go parser (PyPI ``dockerfile`` 3.4.0, which
embeds BuildKit v0.12.5), field by field, in the binding's own shape."""

from __future__ import annotations

from typing import Any

import dflint
from dflint.syntax import cst
from dflint.syntax.positions import Positions


def from_dflint(text: str) -> list[tuple[Any, ...]]:
    """dflint's parse, shaped like the binding's ``Command`` tuples.

    Two documented differences of format are mapped (SYNTAX.md §0): ENV/LABEL have
    no separator node in v0.12.5, and the binding drops an ONBUILD trigger's
    heredocs. Everything else is compared as is.
    """
    df = dflint.parse(text)
    positions = Positions(df)
    out = []
    for instr in df.instructions:
        node = instr
        sub_cmd = None
        heredocs: tuple[tuple[str, int, str], ...] = ()
        if isinstance(instr, cst.Onbuild) and instr.trigger is not None:
            node = instr.trigger
            sub_cmd = node.keyword.value
        elif isinstance(instr, cst._HeredocHost):
            heredocs = tuple((h.name, h.file_descriptor, h.content) for h in instr.heredoc_documents)
        values = node.argument_values
        if isinstance(node, cst.Onbuild) and node.trigger is not None:
            values = [""]  # the binding reads ONBUILD ONBUILD x's nested node as one empty value
        if isinstance(node, (cst.Env, cst.Label)):
            values = [v for i, v in enumerate(values) if i % 3 != 2]
        json_form = isinstance(getattr(node, "arguments", None), cst.ExecForm)
        start, end = positions.instruction_lines(instr)
        out.append(
            (
                instr.keyword.value,
                sub_cmd,
                json_form,
                start,
                end,
                tuple(instr.builder_flags),
                tuple(values),
                heredocs,
            )
        )
    return out


def from_binding(text: str) -> list[tuple[Any, ...]]:
    import dockerfile

    return [
        (
            c.cmd or "",  # the binding gives None for an empty instruction word
            c.sub_cmd,
            c.json,
            c.start_line,
            c.end_line,
            tuple(c.flags),
            tuple(c.value),
            tuple((h.name, h.file_descriptor, h.content) for h in c.heredocs),
        )
        for c in dockerfile.parse_string(text)
    ]


class NotComparable(Exception):
    """The binding cannot report this parse: it decodes BuildKit's strings as strict
    UTF-8, and BuildKit's byte loops can cut a character in two."""


def compare(text: str) -> str | None:
    """None when both agree, else a short description of the first difference."""
    import dockerfile

    try:
        ours = from_dflint(text)
    except dflint.DockerfileSyntaxError as exc:
        ours_error: str | None = exc.message
        ours = []
    else:
        ours_error = None
    try:
        theirs = from_binding(text)
    except dockerfile.GoParseError as exc:
        theirs_error: str | None = str(exc)
        theirs = []
    except UnicodeDecodeError as exc:
        raise NotComparable(str(exc)) from None
    else:
        theirs_error = None
    if ours_error or theirs_error:
        if ours_error and theirs_error:
            return None
        return f"dflint: {ours_error or 'accepts'}; BuildKit 0.12.5: {theirs_error or 'accepts'}"
    for a, b in zip(ours, theirs, strict=False):
        if a != b:
            return f"dflint {a!r}\n   vs BuildKit 0.12.5 {b!r}"
    if len(ours) != len(theirs):
        return f"{len(ours)} instructions vs {len(theirs)}"
    return None
