"""The grammar itself: no terminal collisions or LALR conflicts, and its disk cache."""

from __future__ import annotations

from pathlib import Path

import pytest
from lark import Lark

from dflint.syntax import parser


@pytest.mark.parametrize("escape", ["\\", "`"])
def test_grammar_builds_in_strict_mode(escape: str) -> None:
    # strict=True makes Lark fail on shift/reduce conflicts and on terminals that may
    # collide in one lexer state (it needs the interegular package).
    pytest.importorskip("interegular")
    Lark(parser.grammar_text(escape), strict=True, postlex=parser.PostLexer(), **parser.lark_options())


def test_grammar_has_no_ignore() -> None:
    # A lossless grammar names every byte: nothing may be %ignore'd.
    for escape in ("\\", "`"):
        lines = parser.grammar_text(escape).splitlines()
        assert not [line for line in lines if line.lstrip().startswith("%ignore")]


def test_the_parser_is_cached_on_disk_and_a_bad_cache_is_rebuilt(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DFLINT_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(parser, "_parsers", {})
    first = parser.get_parser("\\")
    (cached,) = tmp_path.glob("grammar-*.lark")
    assert cached.stat().st_size > 0
    assert parser.get_parser("\\") is first  # once per process

    monkeypatch.setattr(parser, "_parsers", {})
    cached.write_bytes(b"not a pickle")
    rebuilt = parser.get_parser("\\")
    assert rebuilt is not first
    assert cached.read_bytes() != b"not a pickle"

    monkeypatch.setattr(parser, "_parsers", {})
    import dflint

    assert dflint.parse("FROM a\nRUN b\n").code == "FROM a\nRUN b\n"


def test_an_unwritable_cache_is_not_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    monkeypatch.setenv("DFLINT_CACHE_DIR", str(blocker / "cache"))
    monkeypatch.setattr(parser, "_parsers", {})
    assert parser.get_parser("`") is not None
