"""The rule catalogue: ``rules/<ID>.yaml``, read with ruamel.yaml.

Each file is one rule's metadata, documentation and examples (the single source of its
docs; see ``docs/rules.md`` for the schema). Parsing YAML costs more than linting a
file, so the parsed catalogue is kept in the cache directory, keyed by the files' names,
sizes and modification times, and re-read only when one changes.

User rule directories (config ``rule-dirs``) hold declarative rules in the same format.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dflint.diagnostics import LocatedError, Severity
from dflint.yaml_files import plain as _plain

#: The category of each id range: DF0xx syntax and file, DF1xx base images and stages, ...
CATEGORIES = {
    "0": "syntax",
    "1": "base-images",
    "2": "layers",
    "3": "runtime",
    "4": "shell",
    "5": "security",
    "6": "style",
}
FIX_KINDS = ("none", "safe", "unsafe", "sometimes")
STATUSES = ("stable", "preview", "deprecated", "removed")
OPTION_TYPES = ("bool", "int", "float", "str", "list[str]", "map[str,str]", "severity")
DOC_SECTIONS = ("what-it-does", "why-is-this-bad", "fix-safety", "references")
_ID = re.compile(r"^DF\d{3}$")
#: ids of user rules: letters then digits, e.g. ACME001 (DF is reserved for dflint)
_USER_ID = re.compile(r"^(?!DF)[A-Z][A-Z0-9]*\d+$")
_NAME = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
_KEYS = frozenset(
    {
        "id",
        "name",
        "category",
        "severity",
        "fix",
        "aliases",
        "options",
        "status",
        "since",
        "summary",
        "message",
        "fix-title",
        "docs",
        "examples",
        "match",
        "enabled",
    }
)


class CatalogueError(LocatedError):
    """A rule file that does not follow the schema, with where."""


@dataclass(frozen=True)
class OptionSpec:
    name: str
    type: str
    default: Any
    description: str = ""
    #: the values a str option (or each item of a list, each value of a map) may take
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class Example:
    kind: str  #: "bad" or "good"
    text: str
    lines: tuple[int, ...] = ()  #: for a bad example, the lines the rule fires on
    fixed: str | None = None  #: for a bad example, the text after --fix (--unsafe-fixes for unsafe fixes)
    options: Mapping[str, Any] = field(default_factory=dict)  #: rule options for this example
    description: str = ""


@dataclass(frozen=True)
class RuleInfo:
    id: str
    name: str
    category: str
    severity: Severity
    fix: str  #: none, safe, unsafe or sometimes
    summary: str
    aliases: tuple[str, ...] = ()
    options: tuple[OptionSpec, ...] = ()
    status: str = "stable"
    since: str = "0.1.0"
    message: str | None = None  #: declarative rules: the message, with {placeholders}
    fix_title: str | None = None
    docs: Mapping[str, Any] = field(default_factory=dict)
    examples: tuple[Example, ...] = ()
    #: declarative rules: the match: block, or a list of blocks
    match: Mapping[str, Any] | tuple[Mapping[str, Any], ...] | None = None
    source: str = ""  #: the yaml file
    #: whether the rule runs without being selected (hadolint's rules that are off by
    #: default stay off here)
    default_enabled: bool = True

    @property
    def declarative(self) -> bool:
        return self.match is not None

    def option_defaults(self) -> dict[str, Any]:
        return {o.name: o.default for o in self.options}


# -- reading ---------------------------------------------------------------------------


def builtin_dir() -> Path:
    """Where the built-in rules are: shipped as ``dflint/rules`` in an installed wheel,
    ``rules/`` beside the package in a checkout."""
    here = Path(__file__).resolve().parent
    shipped = here / "rules"
    return shipped if shipped.is_dir() else here.parent / "rules"


def _where(node: Any, key: Any = None) -> tuple[int | None, int | None]:
    lc = getattr(node, "lc", None)
    if lc is None:
        return None, None
    try:
        if key is not None:
            line, col = lc.key(key) if isinstance(node, dict) else lc.item(key)
        else:
            line, col = lc.line, lc.col
    except (KeyError, IndexError, TypeError):
        line, col = lc.line, lc.col
    return line + 1, col + 1


def check_option_value(spec: OptionSpec, value: Any) -> Any:
    """``value`` converted to the option's type; ValueError when it cannot be, or when
    it is not one of the option's ``choices``."""
    converted = _convert_option_value(spec, value)
    if spec.choices:
        items = (
            converted.values()
            if isinstance(converted, dict)
            else converted
            if isinstance(converted, list)
            else [converted]
        )
        for item in items:
            if item not in spec.choices:
                raise ValueError(f"`{item}` is not one of {', '.join(spec.choices)}")
    return converted


def _convert_option_value(spec: OptionSpec, value: Any) -> Any:
    t = spec.type
    if t == "bool":
        if isinstance(value, bool):
            return value
    elif t == "int":
        if isinstance(value, int) and not isinstance(value, bool):
            return value
    elif t == "float":
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return float(value)
    elif t == "str":
        if isinstance(value, str):
            return value
    elif t == "severity":
        if isinstance(value, str):
            Severity.parse(value)
            return value.lower()
    elif t == "list[str]":
        if isinstance(value, str):
            return [value]
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return list(value)
    elif t == "map[str,str]":
        if isinstance(value, Mapping) and all(isinstance(v, (str, int, float)) for v in value.values()):
            return {str(k): str(v) for k, v in value.items()}
    raise ValueError(f"expected {t}, got {type(value).__name__} {value!r}")


def parse_rule(data: Any, path: str, user: bool = False) -> RuleInfo:
    """One rule file's data (ruamel's round-trip types, for positions) as a RuleInfo."""

    def fail(message: str, key: Any = None, node: Any = data) -> CatalogueError:
        line, col = _where(node, key)
        return CatalogueError(path, message, line, col)

    if not isinstance(data, Mapping):
        raise fail("a rule file must be a mapping")
    for key in data:
        if key not in _KEYS:
            raise fail(f"unknown key {key!r}", key)
    for key in ("id", "name", "severity", "summary"):
        if key not in data:
            raise fail(f"missing key {key!r}")
    rule_id = str(data["id"])
    if user:
        if not _USER_ID.match(rule_id):
            raise fail(
                f"a user rule's id is capital letters then digits, not starting with DF: {rule_id!r}", "id"
            )
        if "match" not in data:
            raise fail("a user rule must be declarative (have a match: block)")
        if data.get("category") not in CATEGORIES.values():
            raise fail(f"a user rule needs category: one of {', '.join(CATEGORIES.values())}", "category")
    elif not _ID.match(rule_id):
        raise fail(f"id must be DF and three digits, not {rule_id!r}", "id")
    name = str(data["name"])
    if not _NAME.match(name):
        raise fail(f"name must be kebab-case, not {name!r}", "name")
    category = str(data.get("category", CATEGORIES[rule_id[2]] if not user else ""))
    if not user and category != CATEGORIES[rule_id[2]]:
        raise fail(f"{rule_id} belongs to category {CATEGORIES[rule_id[2]]!r}, not {category!r}", "category")
    try:
        severity = Severity.parse(str(data["severity"]))
    except ValueError as exc:
        raise fail(str(exc), "severity") from None
    fix = str(data.get("fix", "none"))
    if fix not in FIX_KINDS:
        raise fail(f"fix must be one of {', '.join(FIX_KINDS)}, not {fix!r}", "fix")
    status = str(data.get("status", "stable"))
    if status not in STATUSES:
        raise fail(f"status must be one of {', '.join(STATUSES)}, not {status!r}", "status")
    aliases = data.get("aliases") or []
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        raise fail("aliases must be a list of strings", "aliases")

    options = []
    raw_options = data.get("options") or {}
    if not isinstance(raw_options, Mapping):
        raise fail("options must be a mapping of option name to {type, default, description}", "options")
    for opt_name, spec in raw_options.items():
        if not isinstance(spec, Mapping) or "type" not in spec or "default" not in spec:
            raise fail(f"option {opt_name!r} needs type and default", opt_name, raw_options)
        if spec["type"] not in OPTION_TYPES:
            raise fail(
                f"option {opt_name!r}: type must be one of {', '.join(OPTION_TYPES)}", opt_name, raw_options
            )
        choices = spec.get("choices") or []
        if not isinstance(choices, list) or not all(isinstance(c, str) for c in choices):
            raise fail(f"option {opt_name!r}: choices must be a list of strings", opt_name, raw_options)
        option = OptionSpec(
            str(opt_name), str(spec["type"]), None, str(spec.get("description", "")).strip(), tuple(choices)
        )
        try:
            default = check_option_value(option, _plain(spec["default"]))
        except ValueError as exc:
            raise fail(f"option {opt_name!r}: default: {exc}", opt_name, raw_options) from None
        options.append(OptionSpec(option.name, option.type, default, option.description, option.choices))

    docs = data.get("docs") or {}
    if not isinstance(docs, Mapping):
        raise fail("docs must be a mapping", "docs")
    for key in docs:
        if key not in DOC_SECTIONS:
            raise fail(f"unknown docs section {key!r} (expected {', '.join(DOC_SECTIONS)})", key, docs)

    examples = []
    raw_examples = data.get("examples") or []
    if not isinstance(raw_examples, list):
        raise fail("examples must be a list", "examples")
    for i, ex in enumerate(raw_examples):
        if not isinstance(ex, Mapping) or sum(k in ex for k in ("bad", "good")) != 1:
            raise fail("each example has exactly one of bad: or good:", i, raw_examples)
        kind = "bad" if "bad" in ex else "good"
        unknown = set(ex) - {kind, "lines", "fixed", "options", "description"}
        if unknown:
            raise fail(f"unknown example key {sorted(unknown)[0]!r}", i, raw_examples)
        lines = ex.get("lines", [])
        if isinstance(lines, int):
            lines = [lines]
        if kind == "bad" and not lines:
            raise fail("a bad example needs lines: (where the rule fires)", i, raw_examples)
        if kind == "good" and (lines or "fixed" in ex):
            raise fail("a good example has no lines: or fixed:", i, raw_examples)
        examples.append(
            Example(
                kind,
                str(ex[kind]),
                tuple(int(n) for n in lines),
                None if ex.get("fixed") is None else str(ex["fixed"]),
                _plain(ex.get("options") or {}),
                str(ex.get("description", "")).strip(),
            )
        )

    enabled = data.get("enabled", True)
    if not isinstance(enabled, bool):
        raise fail("enabled must be true or false", "enabled")
    match = data.get("match")
    if match is not None:
        from dflint.checks.declarative import validate

        problem = validate(_plain(match), fix, aliases)
        if problem:
            raise fail(problem, "match")

    return RuleInfo(
        id=rule_id,
        name=name,
        category=category,
        severity=severity,
        fix=fix,
        summary=str(data["summary"]).strip(),
        aliases=tuple(str(a) for a in aliases),
        options=tuple(options),
        status=status,
        since=str(data.get("since", "0.1.0")),
        message=None if data.get("message") is None else str(data["message"]).strip(),
        fix_title=None if data.get("fix-title") is None else str(data["fix-title"]).strip(),
        docs=_plain(docs),
        examples=tuple(examples),
        match=None
        if match is None
        else _plain(match)
        if isinstance(match, Mapping)
        else tuple(_plain(match)),
        source=path,
        default_enabled=enabled,
    )


def read_rule_file(path: str | os.PathLike[str], user: bool = False) -> RuleInfo:
    from dflint import yaml_files

    data = yaml_files.load(Path(path).read_text(encoding="utf-8"), str(path), CatalogueError)
    return parse_rule(data, str(path), user)


def _rule_files(directory: Path) -> list[Path]:
    return sorted(p for p in directory.glob("*.yaml") if p.is_file())


def _cache_key(files: Iterable[Path]) -> str:
    from dflint import __version__
    from dflint.syntax.parser import cache_key

    stats = [(f.resolve(), f.stat()) for f in files]
    return cache_key("\n".join([__version__] + [f"{p}\0{s.st_size}\0{s.st_mtime_ns}" for p, s in stats]))


def load_directory(directory: str | os.PathLike[str], user: bool = False) -> dict[str, RuleInfo]:
    """Every rule in a directory, by id (cached; see the module docstring). ``user``:
    a user's rule directory (own ids, declarative rules only)."""
    import pickle

    from dflint.syntax.parser import cache_dir

    files = _rule_files(Path(directory))
    key = _cache_key(files) + ("u" if user else "")
    cache = Path(cache_dir()) / f"catalogue-{key}.pickle"
    try:
        with open(cache, "rb") as f:
            return pickle.load(f)
    except Exception:  # a missing, stale or unreadable cache is rebuilt
        pass
    rules: dict[str, RuleInfo] = {}
    for path in files:
        info = read_rule_file(path, user)
        if path.stem != info.id:
            raise CatalogueError(str(path), f"file name must be {info.id}.yaml")
        if info.id in rules:
            raise CatalogueError(str(path), f"duplicate rule id {info.id}")
        rules[info.id] = info
    try:
        os.makedirs(cache.parent, exist_ok=True)
        tmp = cache.with_suffix(f".{os.getpid()}.tmp")
        with open(tmp, "wb") as f:
            pickle.dump(rules, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, cache)
    except OSError:
        pass
    return rules


_BUILTIN: dict[str, RuleInfo] | None = None


def builtin_rules() -> dict[str, RuleInfo]:
    """The built-in catalogue, sorted by id."""
    global _BUILTIN
    if _BUILTIN is None:
        _BUILTIN = dict(sorted(load_directory(builtin_dir()).items()))
    return _BUILTIN
