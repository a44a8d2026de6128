"""Documentation generated from the rule catalogue.

``docs/rules/<ID>.md`` (one page per rule), ``docs/rules/index.md`` and the rule table
in README.md are all rendered from ``rules/*.yaml``, and ``docs/parity.md`` (every
hadolint rule and BuildKit check, and the dflint rule answering to it) from the rules'
aliases and ``dflint/data/parity.yaml``; ``python -m dflint.docs`` writes them and ``python -m dflint.docs --check`` fails when a file is stale (CI runs the
check through tests/test_docs.py).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping
from pathlib import Path

from dflint.catalogue import CATEGORIES, Example, RuleInfo

README_START = "<!-- rules-table -->"
README_END = "<!-- /rules-table -->"
_FIX_LABEL = {"none": "", "safe": "safe", "unsafe": "unsafe", "sometimes": "sometimes"}


def _block(text: str) -> str:
    return "```dockerfile\n" + text.rstrip("\n") + "\n```\n"


def _described(example: Example) -> str:
    """The example's description as a sentence before it, if it has one."""
    text = example.description
    return f"{text[:1].upper()}{text[1:]}:\n\n" if text else ""


def rule_markdown(info: RuleInfo) -> str:
    """The rule's page: ruff's headings, the examples from the yaml."""
    d = info.docs
    out = [f"# {info.id} {info.name}\n"]
    meta = [
        f"Category: {info.category}",
        f"default severity: {info.severity.label}",
        f"fix: {info.fix}",
    ]
    if info.aliases:
        meta.append("aliases: " + ", ".join(f"`{a}`" for a in info.aliases))
    meta.append(f"status: {info.status} since {info.since}")
    if not info.default_enabled:
        meta.append("off by default")
    out.append("; ".join(meta) + ".\n")
    out.append(f"{info.summary}.\n" if not info.summary.endswith(".") else f"{info.summary}\n")
    if d.get("what-it-does"):
        out.append("## What it does\n\n" + d["what-it-does"].strip() + "\n")
    if d.get("why-is-this-bad"):
        out.append("## Why is this bad?\n\n" + d["why-is-this-bad"].strip() + "\n")
    bad = [e for e in info.examples if e.kind == "bad"]
    good = [e for e in info.examples if e.kind == "good"]
    if bad:
        out.append("## Example\n\n" + _described(bad[0]) + _block(bad[0].text))
    if good:
        out.append("Use instead:\n\n" + _described(good[0]) + _block(good[0].text))
    if d.get("fix-safety"):
        out.append("## Fix safety\n\n" + d["fix-safety"].strip() + "\n")
    if info.options:
        lines = ["## Options\n"]
        for o in info.options:
            choices = f"; one of {', '.join(f'`{c}`' for c in o.choices)}" if o.choices else ""
            lines.append(
                f"- `{o.name}` ({o.type}, default `{json.dumps(o.default)}`{choices}): {o.description}"
            )
        out.append("\n".join(lines) + "\n")
    more = [e for e in info.examples if e not in (bad[:1] + good[:1])]
    if more:
        lines = ["## More examples\n"]
        for e in more:
            what = "Reported" if e.kind == "bad" else "Not reported"
            if e.kind == "bad":
                what += " (line " + ", ".join(map(str, e.lines)) + ")"
            if e.description:
                what += f": {e.description}"
            lines.append(f"{what}:\n\n{_block(e.text)}")
            if e.fixed is not None:
                lines.append("Fixed:\n\n" + _block(e.fixed))
        out.append("\n".join(lines))
    refs = d.get("references") or []
    if refs:
        out.append("## References\n\n" + "\n".join(f"- <{r}>" for r in refs) + "\n")
    return "\n".join(out)


def rules_text(rules: Mapping[str, RuleInfo]) -> str:
    width = max((len(i.name) for i in rules.values()), default=0)
    lines = []
    for info in rules.values():
        fix = {"safe": "[*]", "unsafe": "[u]", "sometimes": "[~]"}.get(info.fix, "   ")
        aliases = f"  ({', '.join(info.aliases)})" if info.aliases else ""
        lines.append(
            f"{info.id}  {fix} {info.name:<{width}}  {info.severity.label:<7}  {info.summary}{aliases}"
        )
    legend = "[*] safe fix  [u] unsafe fix  [~] fix for some cases"
    return "\n".join(lines) + "\n\n" + legend + "\n"


def rules_json(rules: Mapping[str, RuleInfo]) -> str:
    data = [
        {
            "id": i.id,
            "name": i.name,
            "category": i.category,
            "severity": i.severity.label,
            "fix": i.fix,
            "aliases": list(i.aliases),
            "status": i.status,
            "since": i.since,
            "enabled": i.default_enabled,
            "summary": i.summary,
            "declarative": i.declarative,
            "options": [
                {"name": o.name, "type": o.type, "default": o.default, "description": o.description}
                for o in i.options
            ],
        }
        for i in rules.values()
    ]
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def rules_table(rules: Mapping[str, RuleInfo], link_prefix: str = "docs/rules/") -> str:
    lines = [
        "| id | name | what it flags | severity | fix | aliases |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for info in rules.values():
        aliases = ", ".join(info.aliases)
        summary = info.summary.replace("|", "\\|")
        lines.append(
            f"| [{info.id}]({link_prefix}{info.id}.md) | {info.name} | {summary} | {info.severity.label} "
            f"| {_FIX_LABEL[info.fix]} | {aliases} |"
        )
    return "\n".join(lines) + "\n"


def index_page(rules: Mapping[str, RuleInfo]) -> str:
    out = ["# Rules\n", "Generated from `rules/*.yaml` by `python -m dflint.docs`; do not edit.\n"]
    for category in CATEGORIES.values():
        chosen = {k: v for k, v in rules.items() if v.category == category}
        if chosen:
            out.append(f"## {category}\n\n" + rules_table(chosen, link_prefix=""))
    return "\n".join(out)


def parity_data() -> dict[str, dict[str, dict[str, str]]]:
    """``dflint/data/parity.yaml``: per tool, per code, what it checks and how dflint answers."""
    from ruamel.yaml import YAML

    from dflint.yaml_files import plain

    path = Path(__file__).parent / "data" / "parity.yaml"
    return plain(YAML(typ="safe").load(path.read_text(encoding="utf-8")))  # type: ignore[no-any-return]


def parity_problems(rules: Mapping[str, RuleInfo]) -> list[str]:
    """Codes parity.yaml and the aliases disagree on: each hadolint rule and BuildKit check
    is answered by exactly one dflint rule (an alias) or has a reason for none, not both."""
    from dflint.aliases import BUILDKIT_CHECKS, HADOLINT_CODES

    data = parity_data()
    owners: dict[str, list[str]] = {}
    for info in rules.values():
        for alias in info.aliases:
            owners.setdefault(alias, []).append(info.id)
    out = []
    for tool, codes in (("hadolint", HADOLINT_CODES), ("buildkit", BUILDKIT_CHECKS)):
        entries = data.get(tool, {})
        for code in sorted(set(codes) | set(entries)):
            entry = entries.get(code)
            if entry is None:
                out.append(f"{tool} {code}: missing from dflint/data/parity.yaml")
            elif code not in codes:
                out.append(f"{tool} {code}: not a {tool} code")
            elif len(owners.get(code, [])) > 1:
                out.append(f"{tool} {code}: aliased by several rules {owners[code]}")
            elif code in owners and "none" in entry:
                out.append(f"{tool} {code}: aliased by {owners[code][0]} but parity.yaml says none")
            elif code not in owners and "none" not in entry:
                out.append(f"{tool} {code}: no rule aliases it and parity.yaml gives no reason")
    return out


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def parity_page(rules: Mapping[str, RuleInfo], link_prefix: str = "rules/") -> str:
    data = parity_data()
    owner = {alias: info for info in rules.values() for alias in info.aliases}
    out = [
        "# Parity with hadolint and BuildKit's build checks\n",
        "Generated from the rules' aliases and `dflint/data/parity.yaml` by `python -m dflint.docs`; "
        "do not edit.\n",
        "Every hadolint rule (2.15) and every BuildKit build check has a dflint rule that lists its code "
        "as an alias, or a reason below why there is none. An alias works everywhere a rule id does: "
        "`--select DL3008`, `ignore: [DL3008]` in the config, `# hadolint ignore=DL3008` and "
        "`# check=skip=StageNameCasing` in a Dockerfile. *Differences* say where dflint answers "
        "differently from the other tool on purpose; `bench/parity.py` measures the agreement over the "
        "corpus (figures in `bench/README.md`).\n",
    ]
    titles = {"hadolint": "hadolint rules", "buildkit": "BuildKit build checks"}
    for tool in ("hadolint", "buildkit"):
        out.append(f"## {titles[tool]}\n")
        out.append("| code | what it checks | default there | dflint rule | default here | differences |")
        out.append("| --- | --- | --- | --- | --- | --- |")
        for code, entry in data.get(tool, {}).items():
            info = owner.get(code)
            if info is not None:
                rule = f"[{info.id}]({link_prefix}{info.id}.md) {info.name}"
                here = info.severity.label if info.default_enabled else "off"
                notes = _cell(entry.get("note", ""))
            else:
                rule, here = "none", ""
                notes = _cell(entry.get("none", ""))
            out.append(
                f"| {code} | {_cell(entry['what'])} | {entry['default']} | {rule} | {here} | {notes} |"
            )
        out.append("")
    shellcheck = [info for info in rules.values() if info.name == "shellcheck"]
    if shellcheck:
        info = shellcheck[0]
        out.append("## ShellCheck\n")
        out.append(
            f"hadolint runs ShellCheck over RUN scripts and reports its `SCxxxx` codes; dflint does the "
            f"same in [{info.id}]({link_prefix}{info.id}.md) {info.name}, with the codes as they are "
            f"(`# hadolint ignore=SC2086` and `# dflint: ignore=SC2086` both work).\n"
        )
    return "\n".join(out)


def expected_files(root: Path, rules: Mapping[str, RuleInfo]) -> dict[Path, str]:
    """Every generated file and its content."""
    files = {root / "docs" / "rules" / f"{i}.md": rule_markdown(info) for i, info in rules.items()}
    files[root / "docs" / "rules" / "index.md"] = index_page(rules)
    files[root / "docs" / "parity.md"] = parity_page(rules)
    readme = (root / "README.md").read_text(encoding="utf-8")
    start = readme.index(README_START) + len(README_START)
    end = readme.index(README_END)
    files[root / "README.md"] = readme[:start] + "\n" + rules_table(rules) + readme[end:]
    return files


def stale(root: Path, rules: Mapping[str, RuleInfo]) -> list[Path]:
    """Generated files whose content differs, and rule pages no rule has any more."""
    out = []
    files = expected_files(root, rules)
    for path, text in files.items():
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            out.append(path)
    for page in (root / "docs" / "rules").glob("*.md"):
        if page not in files:
            out.append(page)
    return out


def main(argv: list[str] | None = None) -> int:
    import argparse

    from dflint.catalogue import builtin_dir, builtin_rules

    parser = argparse.ArgumentParser(prog="python -m dflint.docs")
    parser.add_argument("--check", action="store_true", help="exit 1 if a generated file is stale")
    args = parser.parse_args(argv)
    root = builtin_dir().parent
    rules = builtin_rules()
    if args.check:
        bad = stale(root, rules)
        for path in bad:
            print(f"stale: {path.relative_to(root)} (run `python -m dflint.docs`)", file=sys.stderr)
        return 1 if bad else 0
    files = expected_files(root, rules)
    (root / "docs" / "rules").mkdir(parents=True, exist_ok=True)
    for page in (root / "docs" / "rules").glob("*.md"):
        if page not in files:
            page.unlink()
    for path, text in files.items():
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path.relative_to(root)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
