"""The semantic model as JSON, for ``dflint parse --format json``."""

from __future__ import annotations

from typing import Any

from dflint.model import commands, shell
from dflint.model.stages import Model
from dflint.model.variables import Expansion
from dflint.syntax import cst
from dflint.syntax.positions import Positions


def _where(positions: Positions, start: int, end: int) -> dict[str, int]:
    a, b = positions.position(start), positions.position(end)
    return {"start_line": a.line, "start_column": a.column, "end_line": b.line, "end_column": b.column}


def _expansion(expansion: Expansion | None) -> dict[str, Any] | None:
    if expansion is None:
        return None
    return {
        "value": expansion.value,
        "unset": list(expansion.unset),
        "unknown": list(expansion.unknown),
        "error": expansion.error,
    }


def _word(positions: Positions, word: shell.ShellWord) -> dict[str, Any]:
    return {"source": word.source, "value": word.value, "span": _where(positions, word.start, word.end)}


def _command_model(positions: Positions, command: shell.SimpleCommand) -> dict[str, Any] | None:
    """What the command does (tool, subcommand, options, packages), for known tools."""
    found = commands.model_command(command.argv)
    if found is None or not found.known:
        return None
    words = command.words

    def at(index: int | None) -> dict[str, int] | None:
        return None if index is None else _where(positions, words[index].start, words[index].end)

    return {
        "tool": found.tool,
        "wrappers": [w.tool for w in found.wrappers],
        "subcommand": found.subcommand,
        "subcommand_span": at(found.subcommand_index),
        "options": [
            {"name": o.name, "value": o.value, "spelled": o.spelled, "span": at(o.index)}
            for o in found.options
        ],
        "packages": [
            {
                "name": p.name,
                "version": p.version,
                "operator": p.operator,
                "kind": p.kind,
                "pinned": p.pinned,
                "span": at(p.index),
            }
            for p in found.packages
        ],
    }


def _command(positions: Positions, command: shell.SimpleCommand) -> dict[str, Any]:
    return {
        "argv": [_word(positions, w) for w in command.words],
        "assignments": [
            {"name": a.name, "value": _word(positions, a.value) if a.value else None}
            for a in command.assignments
        ],
        "redirects": [
            {
                "operator": r.operator,
                "descriptor": r.descriptor,
                "target": _word(positions, r.target) if r.target else None,
            }
            for r in command.redirects
        ],
        "connector": command.connector,
        "context": list(command.context),
        "span": _where(positions, command.start, command.end),
        "model": _command_model(positions, command),
    }


def model_json(model: Model) -> dict[str, Any]:
    positions = model.positions
    stages = []
    for stage in model.stages:
        base = stage.base
        runs = []
        for instr in stage.instructions:
            target = instr.trigger if isinstance(instr, cst.Onbuild) and instr.trigger is not None else instr
            if not isinstance(target, cst.Run):
                continue
            parsed = model.shell(target)
            line, _ = positions.instruction_lines(instr)
            runs.append(
                {
                    "line": line,
                    "shell": list(model.shell_of(target)),
                    "parsed": parsed is not None,
                    "commands": [_command(positions, c) for c in parsed.commands] if parsed else [],
                    "errors": [
                        {"message": e.message, "span": _where(positions, e.start, e.end)}
                        for e in parsed.errors
                    ]
                    if parsed
                    else [],
                }
            )
        stages.append(
            {
                "index": stage.index,
                "name": stage.name,
                "line": positions.instruction_lines(stage.from_)[0],
                "base": {
                    "text": base.text,
                    "expanded": _expansion(base.expansion),
                    "stage": base.stage,
                    "image": base.reference.full if base.reference else None,
                    "scratch": base.is_scratch,
                    "error": base.error,
                    "unseen_stage": base.unseen_stage,
                },
                "platform": _expansion(stage.platform),
                "dependencies": [
                    {
                        "kind": d.kind,
                        "text": d.text,
                        "stage": d.stage,
                        "image": d.reference.full if d.reference else None,
                        "problem": d.problem,
                        "line": positions.instruction_lines(d.instruction)[0],
                    }
                    for d in stage.dependencies
                ],
                "reachable": stage.index in model.reachable,
                "runs": runs,
            }
        )
    return {
        "target": model.target.index if model.target else None,
        "stages": stages,
    }
