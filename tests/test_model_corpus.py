"""The semantic model over the whole real-world corpus.

Every file BuildKit accepts gets a model without an exception; every RUN that a
POSIX shell runs parses, or yields shell-syntax reports located inside the
instruction, and those stay under 0.5% of RUN instructions; and every parsed
command word, sliced out of the original file at its span, gives its source back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pytest

from dflint.model import commands, shell
from dflint.model.stages import Model
from dflint.syntax import cst
from tests.conftest import shared_path
from tests.corpus_data import parsed_corpus

# Quoting that an outer ``sh -c '...'`` / ``bash -c "..."`` adds around an inner
# script, removed from the sliced text before comparing a nested word.
_OUTER_QUOTING = re.compile(r"""['"\\]""")


@dataclass
class _Survey:
    files: int = 0
    runs: int = 0
    posix: int = 0
    other: int = 0
    reported: int = 0
    words: int = 0
    nested_words: int = 0  #: words whose span covers quoting of an outer script
    expanded: int = 0  #: words the builder expands (Model.expansions)
    modelled: int = 0  #: simple commands of a tool with a command table
    exceptions: list[str] = field(default_factory=list)
    unparsed: list[str] = field(default_factory=list)
    unlocated: list[str] = field(default_factory=list)
    bad_spans: list[str] = field(default_factory=list)


def _check_words(survey: _Survey, name: str, text: str, parsed: shell.ParsedShell) -> None:
    for command in parsed.commands:
        # Words of a script that is itself quoted text (`sh -c '...'`, or backquotes
        # with `\``) come from the unquoted text; their span covers the quoted form.
        nested = "sh -c" in command.context or "substitution" in command.context
        found = commands.model_command(command.argv)
        if found is not None:
            survey.modelled += found.known
            indexes = [found.tool_index, *found.subcommand_indexes]
            indexes += [i for o in found.options for i in (o.index, o.value_index) if i is not None]
            indexes += [p.index for p in found.packages]
            if not all(0 <= i < len(command.words) for i in indexes):
                survey.bad_spans.append(f"{name}: command model points outside {command.argv}")
        for word in command.words:
            survey.words += 1
            sliced = cst.logical(text[word.start : word.end])
            ok = sliced == word.source
            if nested and not ok:
                survey.nested_words += 1
                ok = _OUTER_QUOTING.sub("", sliced) == _OUTER_QUOTING.sub("", word.source)
            if not ok:
                survey.bad_spans.append(f"{name}: {word.source!r} at {word.start} slices to {sliced!r}")


@pytest.fixture(scope="module")
def survey() -> _Survey:
    shared_path("corpus", "MANIFEST.tsv")
    result = _Survey()
    for item, text, df in parsed_corpus():
        result.files += 1
        try:
            model = Model(df)
            model.global_scope  # noqa: B018 - computed lazily; must not raise
            for stage in model.stages:
                stage.base  # noqa: B018
                stage.dependencies  # noqa: B018
            model.unreachable  # noqa: B018
            positions = model.positions
            for instr in df.instructions:
                result.expanded += len(model.expansions(instr))
                run = instr.trigger if isinstance(instr, cst.Onbuild) and instr.trigger is not None else instr
                if not isinstance(run, cst.Run):
                    continue
                result.runs += 1
                if shell.shell_kind(model.shell_of(run)) != "posix":
                    result.other += 1
                    continue
                parsed = model.shell(run)
                if parsed is None:
                    if isinstance(run.arguments, cst.ShellForm):
                        line = positions.position(positions.span(instr).start).line
                        result.unparsed.append(f"{item.name}:{line}")
                    continue  # exec form that is not ["sh", "-c", ...]
                result.posix += 1
                if parsed.errors:
                    result.reported += 1
                    full = positions.full_span(instr)
                    for error in parsed.errors:
                        if not (
                            full.start.offset <= error.start <= error.end <= full.end.offset and error.message
                        ):
                            result.unlocated.append(f"{item.name}: {error}")
                _check_words(result, item.name, text, parsed)
        except Exception as exc:
            result.exceptions.append(f"{item.name}: {type(exc).__name__}: {exc}")
    return result


def test_model_never_raises(survey: _Survey) -> None:
    assert survey.files > 9000
    assert survey.expanded > 50000
    assert not survey.exceptions, "\n".join(survey.exceptions[:20])


def test_every_sh_family_run_parses_or_reports_located_errors(survey: _Survey) -> None:
    assert survey.runs > 40000
    assert not survey.unparsed, "\n".join(survey.unparsed[:20])
    assert not survey.unlocated, "\n".join(survey.unlocated[:20])
    # bench/shell.py prints the same figure; bench/README.md records it.
    assert survey.reported < 0.005 * survey.runs, f"{survey.reported} of {survey.runs} RUNs"


def test_word_spans_slice_back_to_their_source(survey: _Survey) -> None:
    assert survey.words > 300000
    assert survey.nested_words > 10
    assert survey.modelled > 50000
    assert not survey.bad_spans, "\n".join(survey.bad_spans[:20])
