"""Configuration: ``.dflint.yaml`` or ``[tool.dflint]`` in ``pyproject.toml``.

Found upward from each linted file (the nearest directory holding one wins; in one
directory ``.dflint.yaml`` beats ``pyproject.toml``), or given with ``--config``. With
no dflint configuration, the nearest ``.hadolint.yaml`` is honoured through the rules'
aliases. Keys (kebab-case)::

    select: [DF1, DF201]         # replaces the default rule set
    extend-select: [DL3008]      # adds to it
    ignore: [DF102]
    severity: {DF201: error}     # selector -> error|warning|info|style
    per-file-ignores: {"docker/*.Dockerfile": [DF101]}
    exclude: ["vendor/**"]
    failure-threshold: warning   # error|warning|info|style|none
    rules: {DF105: {trusted-registries: [ghcr.io]}}
    rule-dirs: [ci/dflint-rules] # more declarative rules (relative to this file)

Unknown keys and bad values are errors naming the file, line and column.
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from dflint.aliases import why_unused
from dflint.diagnostics import SEVERITY_NAMES, LocatedError

DFLINT_FILES = (".dflint.yaml", ".dflint.yml")
HADOLINT_FILES = (".hadolint.yaml", ".hadolint.yml")
THRESHOLDS = (*SEVERITY_NAMES, "none")
_KEYS = (
    "select",
    "extend-select",
    "ignore",
    "severity",
    "per-file-ignores",
    "exclude",
    "failure-threshold",
    "rules",
    "rule-dirs",
)


class ConfigError(LocatedError):
    """A configuration problem, with the file, line and column."""


@dataclass
class Config:
    path: str | None = None  #: the file it came from (None: defaults)
    kind: str = "default"  #: "dflint", "pyproject", "hadolint" or "default"
    root: str = "."  #: the directory globs are relative to
    select: list[str] | None = None
    extend_select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    severity: dict[str, str] = field(default_factory=dict)
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)
    exclude: list[str] = field(default_factory=list)
    failure_threshold: str | None = None
    rules: dict[str, dict[str, Any]] = field(default_factory=dict)
    rule_dirs: list[str] = field(default_factory=list)
    #: where each value came from, for errors found later (key path -> (line, column))
    where: dict[tuple[str, ...], tuple[int | None, int | None]] = field(default_factory=dict)
    #: notes for --verbose (hadolint keys that were not used, ...)
    notes: list[str] = field(default_factory=list)

    def error(self, message: str, *key: str) -> ConfigError:
        line, col = self.where.get(tuple(key), (None, None))
        return ConfigError(self.path or "<config>", message, line, col)

    def ignored_for(self, path: str) -> list[str]:
        """The per-file-ignores selectors that apply to ``path``."""
        out: list[str] = []
        if not self.per_file_ignores:
            return out
        rel = _relative(path, self.root)
        for pattern, codes in self.per_file_ignores.items():
            if glob_match(pattern, rel):
                out += codes
        return out

    def excludes(self, path: str) -> bool:
        rel = _relative(path, self.root)
        return any(glob_match(p, rel) for p in self.exclude)


def _relative(path: str, root: str) -> str:
    try:
        rel = os.path.relpath(os.path.abspath(path), os.path.abspath(root))
    except ValueError:
        rel = path
    return PurePosixPath(Path(rel)).as_posix()


def glob_match(pattern: str, rel: str) -> bool:
    """gitignore-like: ``**`` crosses directories; a pattern without ``/`` also matches
    the base name, and a directory pattern matches everything under it."""
    pattern = pattern.strip().removeprefix("./")
    if "/" not in pattern.rstrip("/"):
        parts = rel.split("/")
        return any(fnmatch.fnmatchcase(p, pattern.rstrip("/")) for p in parts)
    pattern = pattern.rstrip("/")
    regex = _glob_regex(pattern)
    return bool(regex.match(rel)) or bool(_glob_regex(pattern + "/**").match(rel))


def _glob_regex(pattern: str):  # type: ignore[no-untyped-def]
    import re

    out = []
    i = 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif pattern[i] == "*":
            out.append("[^/]*")
            i += 1
        elif pattern[i] == "?":
            out.append("[^/]")
            i += 1
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    return re.compile("".join(out) + r"\Z")


# -- finding ---------------------------------------------------------------------------


def find_config_file(start: str) -> tuple[str, str] | None:
    """The nearest config from ``start`` (a directory) upward: (path, kind)."""
    d = Path(start).resolve()
    hadolint: tuple[str, str] | None = None
    for directory in (d, *d.parents):
        for name in DFLINT_FILES:
            if (directory / name).is_file():
                return str(directory / name), "dflint"
        pyproject = directory / "pyproject.toml"
        if pyproject.is_file() and _has_tool_dflint(pyproject):
            return str(pyproject), "pyproject"
        if hadolint is None:
            for name in HADOLINT_FILES:
                if (directory / name).is_file():
                    hadolint = (str(directory / name), "hadolint")
                    break
    return hadolint


def _has_tool_dflint(path: Path) -> bool:
    """Whether a pyproject.toml has a ``tool.dflint`` table (in any TOML spelling)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    if "dflint" not in text:
        return False
    import re

    if re.search(r"^[ \t]*\[[ \t]*tool[ \t]*\.[ \t]*\"?dflint\b", text, re.MULTILINE):
        return True
    # otherwise only a [tool] table, an inline tool = {...} or a dotted tool.dflint key can
    # hold it (a comment or a string mentioning [tool.dflint] does not)
    if not re.search(r"^[ \t]*(\[[ \t]*tool[ \t]*\]|tool[ \t]*[=.])", text, re.MULTILINE):
        return False
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib  # type: ignore[no-redef]
    try:
        return "dflint" in tomllib.loads(text).get("tool", {})
    except tomllib.TOMLDecodeError:
        return False


# -- reading ---------------------------------------------------------------------------


def load(path: str, kind: str | None = None) -> Config:
    """Read one config file; ConfigError for anything wrong in it."""
    if kind is None:
        name = os.path.basename(path)
        kind = "pyproject" if name.endswith(".toml") else "hadolint" if name in HADOLINT_FILES else "dflint"
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(path, f"cannot read config: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise ConfigError(path, "config is not valid UTF-8") from None
    if kind == "pyproject":
        data, where = _read_toml(path, text)
    else:
        data, where = _read_yaml(path, text)
    config = Config(path=path, kind=kind, root=os.path.dirname(os.path.abspath(path)), where=where)
    if kind == "hadolint":
        _from_hadolint(config, data)
    else:
        _from_dflint(config, data)
    return config


def _read_yaml(path: str, text: str) -> tuple[Any, dict]:
    from dflint import yaml_files

    data = yaml_files.load(text, path, ConfigError)
    if data is None:
        return {}, {}
    where: dict[tuple[str, ...], tuple[int | None, int | None]] = {}

    def walk(node: Any, prefix: tuple[str, ...]) -> None:
        if isinstance(node, Mapping):
            for k, v in node.items():
                try:
                    line, col = node.lc.key(k)
                    where[(*prefix, str(k))] = (line + 1, col + 1)
                except Exception:
                    pass
                walk(v, (*prefix, str(k)))
        elif isinstance(node, list):
            for i, v in enumerate(node):
                try:
                    line, col = node.lc.item(i)
                    where[(*prefix, str(i))] = (line + 1, col + 1)
                except Exception:
                    pass
                walk(v, (*prefix, str(i)))

    walk(data, ())
    return yaml_files.plain(data), where


def _read_toml(path: str, text: str) -> tuple[Any, dict]:
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib  # type: ignore[no-redef]

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        import re as _re

        found = _re.search(r"\s*\(at line (\d+), column (\d+)\)$", str(exc))
        if found:
            message = str(exc)[: found.start()]
            raise ConfigError(
                path, f"invalid TOML: {message}", int(found.group(1)), int(found.group(2))
            ) from None
        raise ConfigError(path, f"invalid TOML: {exc}") from None
    section = data.get("tool", {}).get("dflint", {})
    # tomllib keeps no positions: find each key's line in the [tool.dflint] tables.
    import re

    where: dict[tuple[str, ...], tuple[int | None, int | None]] = {}
    table: tuple[str, ...] | None = None
    for n, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        header = re.match(r"^\[\s*tool\.dflint(?:\.(?P<sub>[^\]]+))?\s*\]", stripped)
        if header:
            sub = header.group("sub")
            table = tuple(p.strip().strip('"') for p in sub.split(".")) if sub else ()
            continue
        if stripped.startswith("["):
            table = None
            continue
        if table is None:
            continue
        key = re.match(r'^\s*"?([A-Za-z0-9_.\-]+)"?\s*=', line)
        if key:
            where.setdefault((*table, key.group(1)), (n, key.start(1) + 1))
    return section, where


def _strings(config: Config, value: Any, *key: str) -> list[str]:
    if isinstance(value, str):
        return [s.strip() for s in value.split(",") if s.strip()]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return [v.strip() for v in value]
    raise config.error(f"`{'.'.join(key)}` must be a list of strings", *key)


def _from_dflint(config: Config, data: Any) -> None:
    if not isinstance(data, Mapping):
        raise config.error("the configuration must be a mapping")
    for key, value in data.items():
        if key not in _KEYS:
            raise config.error(f"unknown key `{key}` (expected one of {', '.join(_KEYS)})", key)
        if key == "select":
            config.select = _strings(config, value, key)
        elif key == "extend-select":
            config.extend_select = _strings(config, value, key)
        elif key == "ignore":
            config.ignore = _strings(config, value, key)
        elif key == "exclude":
            config.exclude = _strings(config, value, key)
        elif key == "rule-dirs":
            config.rule_dirs = [os.path.join(config.root, d) for d in _strings(config, value, key)]
        elif key == "failure-threshold":
            if not isinstance(value, str) or value.lower() not in THRESHOLDS:
                raise config.error(f"`failure-threshold` must be one of {', '.join(THRESHOLDS)}", key)
            config.failure_threshold = value.lower()
        elif key == "severity":
            if not isinstance(value, Mapping):
                raise config.error("`severity` must map rule selectors to a severity", key)
            for sel, level in value.items():
                if not isinstance(level, str) or level.lower() not in SEVERITY_NAMES:
                    raise config.error(
                        f"severity of `{sel}` must be one of {', '.join(SEVERITY_NAMES)}", key, sel
                    )
                config.severity[sel] = level.lower()
        elif key == "per-file-ignores":
            if not isinstance(value, Mapping):
                raise config.error("`per-file-ignores` must map globs to rule selectors", key)
            for glob, codes in value.items():
                config.per_file_ignores[glob] = _strings(config, codes, key, glob)
        elif key == "rules":
            if not isinstance(value, Mapping):
                raise config.error("`rules` must map rule ids to their options", key)
            for rule, options in value.items():
                if not isinstance(options, Mapping):
                    raise config.error(f"options of `{rule}` must be a mapping", key, rule)
                config.rules[rule] = dict(options)


def _from_hadolint(config: Config, data: Any) -> None:
    """hadolint's keys, mapped onto dflint's through the rules' aliases."""
    if not isinstance(data, Mapping):
        raise config.error("the configuration must be a mapping")
    for key, value in data.items():
        if key == "ignored":
            config.ignore = _strings(config, value, key)
        elif key == "override":
            if not isinstance(value, Mapping):
                raise config.error("`override` must map severities to lists of rules", key)
            for level, codes in value.items():
                if level not in SEVERITY_NAMES:
                    raise config.error(f"unknown severity `{level}` in override", key, level)
                for code in _strings(config, codes, key, level):
                    config.severity[code] = level
                    # hadolint runs an off-by-default rule once its severity is overridden
                    config.extend_select.append(code)
        elif key == "failure-threshold":
            if not isinstance(value, str) or value.lower() not in (*THRESHOLDS, "ignore"):
                raise config.error(f"`failure-threshold` must be one of {', '.join(THRESHOLDS)}", key)
            config.failure_threshold = "none" if value.lower() == "ignore" else value.lower()
        elif key == "no-fail":
            if value is True:
                config.failure_threshold = "none"
        elif key == "trustedRegistries":
            config.rules.setdefault("DL3026", {})["trusted-registries"] = _strings(config, value, key)
        elif key == "label-schema":
            if not isinstance(value, Mapping):
                raise config.error("`label-schema` must map label names to types", key)
            config.rules.setdefault("DL3049", {})["label-schema"] = {str(k): str(v) for k, v in value.items()}
        elif key == "strict-labels":
            config.rules.setdefault("DL3049", {})["strict-labels"] = bool(value)
        else:
            config.notes.append(
                f"{config.path}: hadolint key `{key}` has no dflint equivalent and is not used"
            )


def rule_options(
    config: Config, rules: Mapping[str, Any], resolve: Any
) -> tuple[dict[str, dict[str, Any]], list[str]]:
    """Each rule's options: defaults from the catalogue, then the config's values.

    ``resolve(code)`` gives the rule ids a code names. Returns (options by rule id,
    notes). A hadolint file's options for rules dflint lacks are noted, not errors.
    """
    from dflint.catalogue import check_option_value

    out = {rule_id: info.option_defaults() for rule_id, info in rules.items()}
    notes: list[str] = []
    for code, values in config.rules.items():
        ids = resolve(code)
        if not ids:
            if config.kind == "hadolint":
                notes.append(f"{config.path}: settings for {code} are not used: {why_unused(code)}")
                continue
            raise config.error(f"unknown rule `{code}` in `rules`", "rules", code)
        for rule_id in sorted(ids):
            specs = {o.name: o for o in rules[rule_id].options}
            for name, value in values.items():
                if name not in specs:
                    if config.kind == "hadolint":
                        notes.append(f"{config.path}: {rule_id} has no option `{name}`; not used")
                        continue
                    known = ", ".join(specs) or "none"
                    raise config.error(
                        f"rule {rule_id} has no option `{name}` (its options: {known})", "rules", code, name
                    )
                try:
                    out[rule_id][name] = check_option_value(specs[name], value)
                except ValueError as exc:
                    raise config.error(f"{rule_id} option `{name}`: {exc}", "rules", code, name) from None
    return out, notes
