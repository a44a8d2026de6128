"""Printing the typed tree: BuildKit's ``Node.Dump()``, JSON with spans, a readable tree.

The BuildKit dump is computed from the typed tree (not from the pre-scan), so comparing
it with BuildKit's own output tests the tree's accessors.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from dflint.syntax import buildkit as bk
from dflint.syntax import cst
from dflint.syntax.positions import Positions


def buildkit_instruction(instr: cst.Instruction) -> str:
    """``Node.Dump()`` of one instruction."""
    sub = None
    if isinstance(instr, cst.Onbuild) and instr.trigger is not None:
        sub = buildkit_instruction(instr.trigger)
    return bk.dump_instruction(instr.keyword.value, instr.builder_flags, instr.argument_values, sub)


def to_buildkit(df: cst.Dockerfile) -> str:
    """What BuildKit's parser test compares: ``AST.Dump() + "\\n"``."""
    return "".join(f"({buildkit_instruction(i)})\n" for i in df.instructions)


def _span(positions: Positions, node: cst.Node) -> dict[str, int]:
    span = positions.span(node)
    return {
        "start_line": span.start.line,
        "start_column": span.start.column,
        "end_line": span.end.line,
        "end_column": span.end.column,
        "start_offset": span.start.offset,
        "end_offset": span.end.offset,
    }


def _node_json(node: cst.Node, positions: Positions) -> dict[str, Any]:
    out: dict[str, Any] = {"type": type(node).__name__, "span": _span(positions, node)}
    for f in dataclasses.fields(node):
        value = getattr(node, f.name)
        if isinstance(value, cst.Node):
            out[f.name] = _node_json(value, positions)
        elif isinstance(value, tuple):
            out[f.name] = [_node_json(v, positions) if isinstance(v, cst.Node) else v for v in value]
        else:
            out[f.name] = value
    # The values BuildKit sees, so that consumers need not re-implement them.
    if isinstance(node, cst.Instruction):
        out["name"] = node.name
        out["builder_flags"] = node.builder_flags
        out["arguments_values"] = node.argument_values
        if isinstance(node, cst._CommandInstruction):
            out["form"] = node.form
        if isinstance(node, cst._HeredocHost):
            out["heredoc_documents"] = [
                {k: v for k, v in dataclasses.asdict(h).items() if k != "body"}
                for h in node.heredoc_documents
            ]
    elif isinstance(node, cst.Flag):
        out.update(name=node.name, value=node.value, text=node.text)
    elif isinstance(node, (cst.Word, cst.Keyword)):
        out["logical"] = node.value
    elif isinstance(node, cst.ShellForm):
        out["command"] = node.command
    elif isinstance(node, cst.ExecArg):
        out["decoded"] = node.value
    elif isinstance(node, cst.Directive):
        out.update(name=node.name, value=node.value)
    return out


def tree_json(df: cst.Dockerfile) -> dict[str, Any]:
    """The typed tree as JSON-ready data, every node with its span."""
    return _node_json(df, Positions(df))


def to_json(df: cst.Dockerfile) -> str:
    import json

    return json.dumps(tree_json(df), indent=2, ensure_ascii=False) + "\n"


def to_tree(df: cst.Dockerfile) -> str:
    """A readable outline: one line per node, with its position and its own text."""
    positions = Positions(df)
    lines: list[str] = []

    def show(node: cst.Node, depth: int) -> None:
        span = positions.span(node)
        detail = ""
        if isinstance(node, cst.Instruction):
            detail = node.name.upper() if node.name else "(empty)"
        elif isinstance(node, cst.Flag):
            detail = repr(node.text) if node.text is not None else "-- (end of flags)"
        elif isinstance(node, (cst.Word, cst.Keyword)):
            detail = repr(node.value)
        elif isinstance(node, cst.ShellForm):
            detail = repr(node.command)
        elif isinstance(node, cst.ExecArg):
            detail = repr(node.value)
        elif isinstance(node, (cst.Comment, cst.Directive)):
            detail = repr(node.text)
        elif isinstance(node, cst.HeredocBody):
            detail = f"{node.content.count(chr(10))} lines, terminator {node.terminator.strip()!r}"
        where = f"{span.start.line}:{span.start.column}-{span.end.line}:{span.end.column}"
        lines.append(f"{'  ' * depth}{type(node).__name__} {where} {detail}".rstrip())
        for child in node.children():
            show(child, depth + 1)

    show(df, 0)
    return "\n".join(lines) + "\n"
