"""``dflint migrate hadolint`` and ``dflint init``.

The migrated ``.dflint.yaml`` must configure dflint exactly as the ``.hadolint.yaml`` it
comes from does when dflint reads that one directly: the same rules on, severities,
options, threshold and ignored codes, and the same findings on a Dockerfile.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest

from dflint import config
from dflint.cli import main
from dflint.diagnostics import Severity
from dflint.engine import lint_text
from dflint.run import Options, Workspace

DOCKERFILE = """\
FROM debian
RUN apt-get update && apt-get install -y curl
FROM quay.io/acme/tools:1.2 AS tools
FROM python:3.12
COPY --from=tools /bin/tool /usr/bin/tool
LABEL org.opencontainers.image.source="not a url" org.opencontainers.image.licenses=MIT
RUN pip install requests && cd /tmp && echo $HOME
CMD python -m app
"""

#: every key hadolint reads, with comments everywhere comments go
FULL = """\
# Hadolint configuration for the platform images.
# See https://github.com/hadolint/hadolint#configure

# Rules we do not follow
ignored:
  - DL3008  # Pin versions in apt-get install (base images float)
  - DL3059
  # - DL3025  # JSON CMD: not yet
  - SC2086   # word splitting is wanted in our scripts
  - DL3005  # removed from hadolint since
  - DL3052  # label URLs are checked elsewhere
override:
  # stricter than the defaults
  error:
    - DL3006  # DL3006 untagged images break reproducibility
    - DL3007
  warning: [DL3042, SC2046]
  info:
    - DL3057  # healthchecks are nice to have
  style: []
failure-threshold: warning  # CI fails on warnings
no-fail: false
trustedRegistries:
  - docker.io
  - "*.corp.example"  # our mirrors
label-schema:
  org.opencontainers.image.source: url
  org.opencontainers.image.licenses: spdx  # SPDX expression
strict-labels: false
format: json  # for the dashboard
no-color: true
verbose: false
disable-ignore-pragma: false
# end of file
"""


def effective(directory: Path, dockerfile: Path) -> dict[str, Any]:
    """What dflint does with ``dockerfile`` under the configuration it finds for it."""
    resolved = Workspace(Options(paths=[str(directory)])).for_file(str(dockerfile))
    settings = resolved.settings_for(str(dockerfile))
    findings = lint_text(dockerfile.read_text(), str(dockerfile), settings).diagnostics
    return {
        "kind": resolved.config.kind,
        "enabled": sorted(settings.enabled),
        "severity": dict(settings.severity),
        "options": {k: dict(v) for k, v in settings.options.items()},
        "threshold": resolved.threshold,
        "ignored_codes": sorted(settings.ignored_codes),
        "findings": [(d.rule, d.code, d.start.line, int(d.severity)) for d in findings],
    }


def project(tmp_path: Path, hadolint: str, name: str = ".hadolint.yaml") -> Path:
    directory = tmp_path / "project"
    directory.mkdir()
    (directory / name).write_text(hadolint)
    (directory / "Dockerfile").write_text(DOCKERFILE)
    return directory


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def migrate_and_compare(directory: Path, capsys: pytest.CaptureFixture[str]) -> tuple[dict, dict, str]:
    """Effective settings before (reading the hadolint file) and after migrating, and the
    migrated text."""
    dockerfile = directory / "Dockerfile"
    before = effective(directory, dockerfile)
    assert before.pop("kind") == "hadolint"
    code, out, err = run(["migrate", "hadolint", str(directory)], capsys)
    assert (code, out) == (0, ""), err
    after = effective(directory, dockerfile)
    assert after.pop("kind") == "dflint"
    return before, after, (directory / ".dflint.yaml").read_text()


def test_every_key_migrates_to_the_same_settings(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    directory = project(tmp_path, FULL)
    before, after, _ = migrate_and_compare(directory, capsys)
    assert after == before
    # the hadolint file does change what dflint does, so the comparison means something
    (directory / ".dflint.yaml").unlink()
    os.rename(directory / ".hadolint.yaml", directory / "hadolint.off")
    defaults = effective(directory, directory / "Dockerfile")
    assert defaults.pop("kind") == "default"
    for key in ("enabled", "severity", "options", "threshold", "ignored_codes", "findings"):
        assert before[key] != defaults[key], key


def test_migrated_text(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    directory = project(tmp_path, FULL)
    _, _, text = migrate_and_compare(directory, capsys)
    assert (
        text
        == """\
# dflint configuration, migrated from .hadolint.yaml by `dflint migrate hadolint`.
# `dflint rules` lists every rule with its hadolint code; docs/configuration.md the keys.

# Hadolint configuration for the platform images.
# See https://github.com/hadolint/hadolint#configure

# Rules we do not follow
ignore:
  - DF401  # DL3008: Pin versions in apt-get install (base images float)
  - DF223  # DL3059
  # - DL3025  # JSON CMD: not yet
  - SC2086  # word splitting is wanted in our scripts
  - DL3005  # not used: hadolint has removed this rule: removed from hadolint since
  - DL3052  # one of the codes of DF640 (label-schema): label URLs are checked elsewhere
severity:
  # stricter than the defaults
  DF101: error  # DL3006 untagged images break reproducibility
  DF102: error  # DL3007
  DF207: warning  # DL3042
  SC2046: warning
  DF611: info  # DL3057: healthchecks are nice to have
extend-select:  # off by default; hadolint runs them once their severity is overridden
  - DF611  # DL3057
failure-threshold: warning  # CI fails on warnings
# not migrated: no effect: dflint's default is the same
# no-fail: false
rules:
  DF105:  # DL3026
    trusted-registries:
      - docker.io
      - "*.corp.example"  # our mirrors
  DF640:  # DL3049
    label-schema:
      org.opencontainers.image.source: url
      org.opencontainers.image.licenses: spdx  # SPDX expression
    strict-labels: false
# not migrated: dflint's output format is a command-line option: `dflint --format`
# format: json  # for the dashboard
# not migrated: use `dflint --no-color` or the NO_COLOR environment variable
# no-color: true
# not migrated: use `dflint --verbose`
# verbose: false
# not migrated: dflint always honours suppression comments; select DF003 (inline-ignore-pragma, hadolint's DL1001) to report them
# disable-ignore-pragma: false
# end of file
"""
    )


def comment_texts(text: str) -> list[str]:
    """The comments of a YAML text (from the "#"), in order; naive but enough here."""
    return [m.group(1).strip() for m in re.finditer(r"(?:^|\s)(#.*)$", text, re.MULTILINE)]


@pytest.mark.parametrize(
    "hadolint",
    [
        pytest.param(FULL, id="full"),
        pytest.param(
            "---\nignored: [DL3006, SC2086, DL3024]  # flow\noverride: {error: [DL3057, SC1091]}\n",
            id="flow-style",
        ),
        pytest.param(
            "ignored: DL3006, DL3008\ntrustedRegistries: ghcr.io\nfailure-threshold: ignore\n", id="strings"
        ),
        pytest.param("ignored:\n  - dl3006\n  - Dl3059\nno-fail: true\n", id="lowercase-no-fail"),
        pytest.param("failure-threshold: error\nno-fail: true  # never fail\n", id="no-fail-after-threshold"),
        pytest.param("override:\n  error:\n    - DL3006\n  warning:\n    - DF101\n", id="same-rule-twice"),
        pytest.param("# only comments\n", id="only-comments"),
        pytest.param("# before\n---\n# d\nignored: [DL3006]\n...\n# after the end\n", id="document-markers"),
        pytest.param("format: tty\nno-color: false\n", id="only-unsupported-keys"),
        pytest.param(
            "ignored: [DL3024, DL3063]\noverride: {info: [DL3029]}\n", id="codes-of-rules-with-several"
        ),
    ],
)
def test_migration_keeps_settings_and_comments(
    hadolint: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    directory = project(tmp_path, hadolint)
    before, after, text = migrate_and_compare(directory, capsys)
    assert after == before
    # every comment of the hadolint file is in the migrated one, in the same order
    migrated = comment_texts(text)
    position = 0
    for comment in comment_texts(hadolint):
        found = next((i for i in range(position, len(migrated)) if comment[1:].strip() in migrated[i]), None)
        assert found is not None, f"{comment!r} lost:\n{text}"
        position = found
    config.load(str(directory / ".dflint.yaml"))


def test_codes_no_rule_has_become_comments(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    hadolint = "ignored:\n  - DL9999  # typo of DL3999?\n  - DL3006\noverride:\n  error: [DL9998, DL3007]\n"
    directory = project(tmp_path, hadolint)
    with pytest.raises(config.ConfigError, match=r"unknown rule selector `DL999[89]`"):
        effective(directory, directory / "Dockerfile")  # dflint cannot read it as it is
    code, _, err = run(["migrate", "hadolint", str(directory)], capsys)
    assert code == 0, err
    text = (directory / ".dflint.yaml").read_text()
    assert (
        "ignore:\n  # DL9999: not migrated: no rule of hadolint or dflint has this code (typo of DL3999?)\n"
        in text
    )
    assert "  - DF101  # DL3006\n" in text
    assert (
        "  DF102: error  # DL3007\n  # DL9998: not migrated: no rule of hadolint or dflint has this code\n"
        in text
    )
    settings = effective(directory, directory / "Dockerfile")
    assert "DF101" not in settings["enabled"] and settings["severity"]["DF102"] == Severity.ERROR


def test_hadolint_yml_and_a_path_to_the_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    directory = project(tmp_path, "ignored: [DL3006]\n", name=".hadolint.yml")
    code, out, err = run(["migrate", "hadolint", str(directory / ".hadolint.yml"), "--stdout"], capsys)
    assert (code, err) == (0, "")
    assert "ignore:\n  - DF101  # DL3006\n" in out
    assert not (directory / ".dflint.yaml").exists()


def test_refuses_to_overwrite_without_force(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    directory = project(tmp_path, "ignored: [DL3006]\n")
    existing = directory / ".dflint.yaml"
    existing.write_text("ignore: [DF102]\n")
    code, out, err = run(["migrate", "hadolint", str(directory)], capsys)
    assert (code, out) == (2, "")
    assert err == f"dflint: error: {existing}: already exists; --force overwrites it\n"
    assert existing.read_text() == "ignore: [DF102]\n"
    code, out, err = run(["migrate", "hadolint", str(directory), "--stdout"], capsys)
    assert code == 0 and "- DF101  # DL3006" in out
    assert existing.read_text() == "ignore: [DF102]\n"
    code, _, err = run(["migrate", "hadolint", str(directory), "--force"], capsys)
    assert code == 0 and err == f"Wrote {existing} (from {directory / '.hadolint.yaml'}).\n"
    assert "- DF101  # DL3006" in existing.read_text()


def test_an_existing_dflint_yml_is_the_one_overwritten(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    directory = project(tmp_path, "ignored: [DL3006]\n")
    yml = directory / ".dflint.yml"
    yml.write_text("ignore: [DF102]\n")
    assert run(["migrate", "hadolint", str(directory)], capsys)[0] == 2
    assert run(["migrate", "hadolint", str(directory), "--force"], capsys)[0] == 0
    assert "- DF101" in yml.read_text() and not (directory / ".dflint.yaml").exists()


@pytest.mark.parametrize(
    ("hadolint", "where", "message"),
    [
        ("ignored: [DL3006\n", ":2:1", "invalid YAML: "),
        ("override:\n  fatal: [DL3006]\n", ":2:3", "unknown severity `fatal` in override"),
        ("failure-threshold: loud\n", ":1:1", "`failure-threshold` must be one of"),
        ("- DL3006\n", "", "the configuration must be a mapping"),
        ("label-schema: [a, b]\n", ":1:1", "`label-schema` must map label names to types"),
    ],
)
def test_a_bad_hadolint_file_is_one_line_and_exit_2(
    hadolint: str, where: str, message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    directory = project(tmp_path, hadolint)
    code, out, err = run(["migrate", "hadolint", str(directory)], capsys)
    assert (code, out) == (2, "")
    assert err.startswith(f"dflint: error: {directory / '.hadolint.yaml'}{where}: {message}")
    assert err.count("\n") == 1
    assert not (directory / ".dflint.yaml").exists()


def test_nothing_to_migrate(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["migrate", "hadolint", str(tmp_path)], capsys)
    assert code == 2
    assert err == f"dflint: error: {tmp_path}: no .hadolint.yaml or .hadolint.yml in this directory\n"
    code, _, err = run(["migrate", "hadolint", str(tmp_path / "missing")], capsys)
    assert code == 2
    assert err == f"dflint: error: {tmp_path / 'missing'}: no such file or directory\n"
    # the pragmas are rewritten all the same
    (tmp_path / "Dockerfile").write_text("# hadolint ignore=DL3006\nFROM debian\n")
    code, _, err = run(["migrate", "hadolint", str(tmp_path), "--pragmas"], capsys)
    assert code == 2 and err.startswith(f"dflint: error: {tmp_path}: no .hadolint.yaml")
    assert (tmp_path / "Dockerfile").read_text() == "# dflint: ignore=DF101\nFROM debian\n"


def test_the_example_in_the_docs_is_what_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    docs = (Path(__file__).resolve().parent.parent / "docs" / "migrating.md").read_text()
    blocks = dict(re.findall(r"```yaml\n# (\.\w+\.yaml)\n(.*?)```", docs, re.DOTALL))
    directory = project(tmp_path, blocks[".hadolint.yaml"])
    code, out, _ = run(["migrate", "hadolint", str(directory), "--stdout"], capsys)
    assert code == 0
    assert out.split("\n", 2)[2] == blocks[".dflint.yaml"]


def test_a_pyproject_dflint_table_beside_it_is_noted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    directory = project(tmp_path, "ignored: [DL3006]\n")
    (directory / "pyproject.toml").write_text("[tool.dflint]\nignore = ['DF102']\n")
    code, _, err = run(["migrate", "hadolint", str(directory)], capsys)
    assert code == 0
    assert err.splitlines()[1] == (
        f"dflint: note: {directory / 'pyproject.toml'} has a [tool.dflint] table; "
        f"{directory / '.dflint.yaml'} comes first"
    )


# -- pragmas -------------------------------------------------------------------------------

PRAGMAS = """\
# syntax=docker/dockerfile:1
# hadolint global ignore=DL3006,DL3005
FROM debian
  # hadolint ignore=DL3008,SC2086,DL9999
RUN apt-get update && apt-get install -y curl && echo $HOME
# hadolint global ignore=DL3059
# hadolint ignore=DL3024, DL3007
FROM debian:latest AS a
"""

PRAGMAS_MIGRATED = """\
# syntax=docker/dockerfile:1
# dflint: ignore-file=DF101
# hadolint global ignore=DL3005
FROM debian
  # dflint: ignore=DF401,SC2086
  # hadolint ignore=DL9999
RUN apt-get update && apt-get install -y curl && echo $HOME
# hadolint global ignore=DL3059
# dflint: ignore=DL3024,DF102
FROM debian:latest AS a
"""


def test_pragmas_are_rewritten(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    directory = project(tmp_path, "ignored: [DL3059]\n")
    dockerfile = directory / "Dockerfile"
    dockerfile.write_text(PRAGMAS)
    crlf = directory / "svc" / "Containerfile"
    crlf.parent.mkdir()
    crlf.write_bytes(b"FROM alpine:3\r\n# hadolint ignore=DL3018\r\nRUN apk add curl")
    clean = directory / "svc" / "app.Dockerfile"
    clean.write_text("FROM alpine:3\n# just a comment\nRUN true\n")
    os.utime(clean, (0, 0))
    code, out, err = run(["migrate", "hadolint", str(directory), "--pragmas"], capsys)
    assert (code, out) == (0, "")
    assert dockerfile.read_text() == PRAGMAS_MIGRATED
    assert crlf.read_bytes() == b"FROM alpine:3\r\n# dflint: ignore=DF402\r\nRUN apk add curl"
    assert clean.read_text() == "FROM alpine:3\n# just a comment\nRUN true\n" and clean.stat().st_mtime == 0
    assert err.splitlines() == [
        f"Wrote {directory / '.dflint.yaml'} (from {directory / '.hadolint.yaml'}).",
        f"{dockerfile}:2: # hadolint global ignore=DL3006,DL3005 -> # dflint: ignore-file=DF101"
        " + # hadolint global ignore=DL3005",
        f"{dockerfile}:2: note: DL3005 kept in a hadolint pragma: not used: hadolint has removed this rule",
        f"{dockerfile}:4: # hadolint ignore=DL3008,SC2086,DL9999 -> # dflint: ignore=DF401,SC2086"
        " + # hadolint ignore=DL9999",
        f"{dockerfile}:4: note: DL9999 kept in a hadolint pragma: no rule of hadolint or dflint has this code",
        f"{dockerfile}:6: note: `# hadolint global ignore=DL3059` kept: `# dflint: ignore-file` works only"
        " in the comments before the first instruction, and dflint honours hadolint's form anywhere",
        f"{dockerfile}:7: # hadolint ignore=DL3024, DL3007 -> # dflint: ignore=DL3024,DF102",
        f"{crlf}:2: # hadolint ignore=DL3018 -> # dflint: ignore=DF402",
        "Rewrote 4 pragma(s) in 2 file(s).",
    ]


def findings(path: Path) -> list[tuple[str, str | None, int]]:
    resolved = Workspace(Options(paths=[str(path.parent)])).for_file(str(path))
    result = lint_text(path.read_text(), str(path), resolved.settings_for(str(path)))
    return [(d.rule, d.code, d.start.line) for d in result.diagnostics]


def test_rewritten_pragmas_silence_the_same_findings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = """\
# hadolint global ignore=DL3059
FROM debian
# hadolint ignore=DL3008,DL3015
RUN apt-get update && apt-get install -y curl
# hadolint ignore=SC2086
RUN echo $HOME && cd /tmp
# hadolint ignore=DL3052
LABEL org.opencontainers.image.source="not a url" org.opencontainers.image.licenses="also not"
"""
    directory = project(
        tmp_path,
        "label-schema:\n  org.opencontainers.image.source: url\n  org.opencontainers.image.licenses: spdx\n",
    )
    dockerfile = directory / "Dockerfile"
    dockerfile.write_text(text)
    unsuppressed = directory / "unsuppressed" / "Dockerfile"
    unsuppressed.parent.mkdir()
    unsuppressed.write_text(re.sub(r"hadolint (global )?ignore", "nothing", text))
    before = findings(dockerfile)
    assert before != findings(unsuppressed)  # the pragmas do silence something
    code, _, err = run(["migrate", "hadolint", str(directory), "--pragmas", "--stdout"], capsys)
    assert code == 0, err
    assert "hadolint" not in dockerfile.read_text()
    assert findings(dockerfile) == before


def test_a_dockerfile_that_does_not_parse(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    directory = project(tmp_path, "ignored: [DL3006]\n")
    (directory / "Dockerfile").write_text("# hadolint ignore=DL3006\nFROM debian\n")
    broken = directory / "broken.Dockerfile"
    broken.write_bytes(b"FROM a\nRUN \xff\n")
    code, _, err = run(["migrate", "hadolint", str(directory), "--pragmas", "--stdout"], capsys)
    assert code == 2
    assert f"dflint: error: {broken}:2:5: not valid UTF-8 (byte 0xff)\n" in err
    assert (directory / "Dockerfile").read_text() == "# dflint: ignore=DF101\nFROM debian\n"


def test_gitignored_dockerfiles_are_left_alone(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    directory = project(tmp_path, "ignored: [DL3006]\n")
    (directory / ".gitignore").write_text("vendor/\n")
    vendored = directory / "vendor" / "Dockerfile"
    vendored.parent.mkdir()
    vendored.write_text("# hadolint ignore=DL3006\nFROM debian\n")
    code, _, err = run(["migrate", "hadolint", str(directory), "--pragmas", "--stdout"], capsys)
    assert code == 0 and "No hadolint pragmas to rewrite" in err
    assert vendored.read_text() == "# hadolint ignore=DL3006\nFROM debian\n"


# -- init ----------------------------------------------------------------------------------


def test_init_writes_a_starter_that_changes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "Dockerfile").write_text(DOCKERFILE)
    defaults = effective(tmp_path, tmp_path / "Dockerfile")
    assert defaults.pop("kind") == "default"
    code, out, err = run(["init", "--path", str(tmp_path)], capsys)
    assert (code, out, err) == (0, "", f"Wrote {tmp_path / '.dflint.yaml'}.\n")
    written = config.load(str(tmp_path / ".dflint.yaml"))
    assert written.kind == "dflint"
    started = effective(tmp_path, tmp_path / "Dockerfile")
    assert started.pop("kind") == "dflint"
    assert started == defaults


def test_init_explains_every_key_with_an_example_that_loads(tmp_path: Path) -> None:
    from dflint.migrate import starter_config

    text = starter_config()
    lines = text.splitlines()
    keys = [m.group(1) for m in re.finditer(r"^# ([a-z-]+): ", text, re.MULTILINE)]
    assert sorted(keys) == sorted(config._KEYS)
    (tmp_path / "ci" / "dflint-rules").mkdir(parents=True)
    (tmp_path / "Dockerfile").write_text(DOCKERFILE)
    defaults = effective(tmp_path, tmp_path / "Dockerfile")
    for i, line in enumerate(lines):
        if not re.match(r"# [a-z-]+: ", line):
            continue
        assert lines[i - 1].startswith("# ") and lines[i - 1].endswith("."), "no explanation above"
        uncommented = "\n".join([*lines[:i], line[2:], *lines[i + 1 :]]) + "\n"
        (tmp_path / ".dflint.yaml").write_text(uncommented)
        config.load(str(tmp_path / ".dflint.yaml"))
        effective(tmp_path, tmp_path / "Dockerfile")  # resolves: selectors and options exist
    # the failure-threshold example is the default itself; the others change something
    (tmp_path / ".dflint.yaml").write_text("select: [DF1, DF2]\n")
    assert effective(tmp_path, tmp_path / "Dockerfile")["enabled"] != defaults["enabled"]


def test_init_refuses_to_overwrite(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / ".dflint.yaml"
    target.write_text("ignore: [DF102]\n")
    code, _, err = run(["init", "--path", str(tmp_path)], capsys)
    assert code == 2 and err == f"dflint: error: {target}: already exists; --force overwrites it\n"
    assert target.read_text() == "ignore: [DF102]\n"
    assert run(["init", "--path", str(tmp_path), "--force"], capsys)[0] == 0
    assert target.read_text().startswith("# dflint configuration")
    code, _, err = run(["init", "--path", str(tmp_path / "missing")], capsys)
    assert code == 2 and err == f"dflint: error: {tmp_path / 'missing'}: no such directory\n"


def test_init_in_the_current_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, err = run(["init"], capsys)
    assert (code, err) == (0, "Wrote .dflint.yaml.\n")
    assert (tmp_path / ".dflint.yaml").is_file()
