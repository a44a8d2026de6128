"""Generated documentation (docs/rules/*.md, the README rule table) matches rules/*.yaml."""

from __future__ import annotations

from pathlib import Path

from dflint.catalogue import builtin_rules
from dflint.docs import main, rule_markdown, stale

REPO = Path(__file__).resolve().parent.parent


def test_generated_docs_are_up_to_date() -> None:
    bad = [str(p.relative_to(REPO)) for p in stale(REPO, builtin_rules())]
    assert not bad, f"stale generated docs {bad}: run `python -m dflint.docs`"


def test_staleness_is_detected(tmp_path: Path) -> None:
    import shutil

    rules = builtin_rules()
    shutil.copy(REPO / "README.md", tmp_path / "README.md")
    shutil.copytree(REPO / "docs", tmp_path / "docs")
    assert stale(tmp_path, rules) == []
    page = tmp_path / "docs" / "rules" / "DF101.md"
    page.write_text(page.read_text() + "edited by hand\n")
    (tmp_path / "docs" / "rules" / "DF999.md").write_text("a rule that no longer exists\n")
    readme = tmp_path / "README.md"
    readme.write_text(readme.read_text().replace("| [DF102]", "| [DF103]"))
    assert sorted(p.name for p in stale(tmp_path, rules)) == ["DF101.md", "DF999.md", "README.md"]
    assert main(["--check"]) == 0  # the repository itself


def test_rule_page_has_ruffs_headings_in_order() -> None:
    for info in builtin_rules().values():
        page = rule_markdown(info)
        headings = [line for line in page.splitlines() if line.startswith("## ")]
        order = ["## What it does", "## Why is this bad?", "## Example", "## Fix safety", "## References"]
        assert [h for h in headings if h in order] == order, info.id
        assert "Use instead:" in page


def test_parity_table_answers_every_hadolint_rule_and_buildkit_check() -> None:
    from dflint.docs import parity_problems

    assert parity_problems(builtin_rules()) == []
