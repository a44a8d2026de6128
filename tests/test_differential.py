"""Differential test against BuildKit's own Go parser over the whole corpus.

The oracle is the PyPI ``dockerfile`` 3.4.0 binding, which embeds BuildKit v0.12.5;
dflint follows BuildKit HEAD. Instructions, names, flags, exec/shell form, argument
values, heredoc bodies and start/end lines must agree for at least 99.5% of files, and
every file where they do not is listed here with the reason.
"""

from __future__ import annotations

import pytest

from tests.conftest import shared_path
from tests.corpus_data import corpus_files
from tests.differential import compare

pytest.importorskip("dockerfile")

TRAILING_TEXT = (
    "JSON array followed by more text: shell form since Dockerfile 1.9 (HEAD), exec form in 0.12.5"
)
HEREDOC_BLANK = "blank after '<<' (`<< 'EOF'`) is a heredoc since Dockerfile 1.16 (HEAD), not in 0.12.5"
NUL_CHAR = "the binding passes strings through C and truncates at \\u0000"

KNOWN_DISAGREEMENTS = {
    "real/apache__rocketmq-docker__image-build__Dockerfile-centos-dashboard": TRAILING_TEXT,
    "real/0019-KDU__three-tier-devsecops__frontend__Dockerfile": TRAILING_TEXT,
    "real/0GiS0__dockerfile-multistage__Dockerfile.multistage": TRAILING_TEXT,
    "real/0elghati__hadoop-workshop__.devcontainer__Dockerfile": HEREDOC_BLANK,
    "linters/STAR-RG__shipwright__data__broken-dockerfiles__100b59f46c2bd66fadb53e2fb531c7b06e484287.Dockerfile": TRAILING_TEXT,
    "linters/STAR-RG__shipwright__data__broken-dockerfiles__46b9e9f89a40c7e910da46e61c07715646284e1a.Dockerfile": TRAILING_TEXT,
    "linters/STAR-RG__shipwright__data__broken-dockerfiles__5991e6d8ae916138be147aa6decf5977d17b2325.Dockerfile": TRAILING_TEXT,
    "linters/STAR-RG__shipwright__data__broken-dockerfiles__9539d4b14dec17ea34bed1b0fc24858a2ec46230.Dockerfile": TRAILING_TEXT,
    "linters/STAR-RG__shipwright__data__broken-dockerfiles__d127235604bd9fb9f66984deddeed2c61adbc8dc.Dockerfile": TRAILING_TEXT,
    "linters/moby__buildkit__frontend__dockerfile__parser__testfiles__json__Dockerfile": NUL_CHAR,
    "linters/SonarSource__sonar-iac__iac-extensions__docker__src__test__resources__checks__MalformedJsonInExecCheck__Dockerfile": TRAILING_TEXT,
}


def test_agrees_with_buildkit_on_the_corpus() -> None:
    shared_path("corpus", "MANIFEST.tsv")
    total = 0
    disagreements: dict[str, str] = {}
    for item in corpus_files():
        total += 1
        difference = compare(item.text())
        if difference is not None:
            disagreements[item.name] = difference
    unexplained = {k: v for k, v in disagreements.items() if k not in KNOWN_DISAGREEMENTS}
    assert not unexplained, "\n".join(f"{k}\n  {v}" for k, v in list(unexplained.items())[:10])
    resolved = sorted(set(KNOWN_DISAGREEMENTS) - set(disagreements))
    assert not resolved, f"listed as disagreeing but now agree (update the list): {resolved}"
    agreement = 1 - len(disagreements) / total
    assert agreement >= 0.995, f"{agreement:.4%} agreement"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ('FROM a\nCMD ["a"] extra\n', TRAILING_TEXT),
        ("FROM a\nRUN cat << EOF\nhi\nEOF\n", HEREDOC_BLANK),
    ],
)
def test_the_listed_reasons_are_real(text: str, reason: str) -> None:
    # Each reason names a behaviour; check that it is the one that differs.
    assert compare(text) is not None, reason


def test_no_disagreement_on_ordinary_input() -> None:
    text = (
        "# syntax=docker/dockerfile:1\nARG V=1\nFROM --platform=$BUILDPLATFORM alpine:3 AS b\n"
        'RUN --mount=type=cache,target=/c apk add x && \\\n  # note\n  echo "$V"\n'
        'COPY --from=b --chown=1:1 ["a b", "/c/"]\nENV A=1 B="2 3"\nLABEL k v w\n'
        "ONBUILD RUN echo hi\nHEALTHCHECK --interval=5s CMD curl -f x || exit 1\n"
        "COPY <<EOF <<-END /x/\nbody\nEOF\n\tmore\n\tEND\n"
    )
    assert compare(text) is None
