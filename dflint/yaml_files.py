"""Reading the YAML files users write (rule files, configuration) with ruamel.yaml.

The round-trip loader keeps each key's line and column, so a problem found later can
be reported where it is; :func:`plain` turns what it returns into plain dicts, lists
and strings once the positions are no longer needed.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from dflint.diagnostics import LocatedError


def load(text: str, path: str, error: type[LocatedError]) -> Any:
    """The document in ``text``, as ruamel's round-trip types; ``error`` (at the
    problem's line and column) when it is not valid YAML."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError

    try:
        return YAML(typ="rt").load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark
        raise error(
            path,
            f"invalid YAML: {exc.problem or exc}",
            None if mark is None else mark.line + 1,
            None if mark is None else mark.column + 1,
        ) from None


def plain(value: Any) -> Any:
    """``value`` with ruamel's types replaced by dict, list and str."""
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, str):
        return str(value)
    return value
