"""The command line: formats, exit codes, and one clear line for each bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from dflint.cli import main
from tests.conftest import IN_CI, REPO

EXAMPLE = REPO / "corpus" / "examples" / "Dockerfile"


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_parse_formats(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["parse", "--format", "buildkit", str(EXAMPLE)], capsys)
    assert (code, err) == (0, "")
    assert out.startswith('(arg "PYTHON=3.11")\n(from "python:${PYTHON}" "AS" "build")\n')
    code, out, _ = run(["parse", "--format", "json", str(EXAMPLE)], capsys)
    tree = json.loads(out)
    assert tree["type"] == "Dockerfile"
    run_instr = tree["instructions"][4]
    assert run_instr["type"] == "Run" and run_instr["flags"][0]["name"] == "mount"
    assert run_instr["flags"][0]["span"]["start_line"] == 8
    code, out, _ = run(["parse", str(EXAMPLE)], capsys)
    assert code == 0 and "Flag 8:5-8:47 '--mount=type=cache,target=/root/.cache/pip'" in out


def test_bad_inputs_get_one_line_each_and_the_rest_are_processed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "empty"
    empty.write_bytes(b"")
    binary = tmp_path / "binary"
    binary.write_bytes(b"FROM a\nRUN \x00\x01\n")
    latin1 = tmp_path / "latin1"
    latin1.write_bytes(b"FROM a\nLABEL k=caf\xe9\n")
    bad = tmp_path / "bad"
    bad.write_text("FROM a\n  RUN [1]\n")
    good = tmp_path / "good"
    good.write_text("FROM a\n")
    files = [tmp_path / "missing", tmp_path, empty, binary, latin1, bad, good]
    code, out, err = run(["parse", "--format", "buildkit", *map(str, files)], capsys)
    assert code == 2
    assert out.endswith(f'==> {good} <==\n(from "a")\n')
    lines = err.splitlines()
    assert lines[0] == f"{tmp_path / 'missing'}: error: no such file"
    assert lines[1] == f"{tmp_path}: error: is a directory, not a Dockerfile"
    assert lines[2] == f"{empty}:1:1: error: empty file: a Dockerfile needs at least one instruction"
    assert lines[3] == f"{binary}:2:1: error: binary file (contains a NUL byte), not a Dockerfile"
    assert lines[4] == f"{latin1}:2:12: error: not valid UTF-8 (byte 0xe9)"
    # A syntax error names the place, shows the line and points at it.
    assert (
        lines[5]
        == f"{bad}:2:3: error: when using JSON array syntax, arrays must be comprised of strings only"
    )
    assert lines[6:8] == ["    RUN [1]", "    ^"]
    assert "Traceback" not in err


def test_stdin(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    class Stdin:
        buffer = __import__("io").BytesIO(b"FROM scratch\nCMD x\n")

    monkeypatch.setattr(sys, "stdin", Stdin)
    code, out, _ = run(["parse", "--format", "buildkit", "-"], capsys)
    assert (code, out) == (0, '(from "scratch")\n(cmd "x")\n')


def test_no_arguments_lints_the_current_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, err = run([], capsys)
    assert code == 0 and "no Dockerfiles found under ." in err
    (tmp_path / "Dockerfile").write_text("FROM ubuntu\n")
    code, out, _ = run(["--no-show-source"], capsys)
    assert code == 1 and out.startswith("Dockerfile:1:6: DF101 ")


@pytest.mark.parametrize("command", [["dflint"], [sys.executable, "-m", "dflint"]])
def test_installed_entry_points(command: list[str], tmp_path: Path) -> None:
    exe = Path(sys.executable).parent / "dflint"
    if command == ["dflint"]:
        if not exe.exists():
            if IN_CI:
                pytest.fail("CI installs dflint, so its console script must exist")
            pytest.skip("dflint is not installed as a console script in this environment")
        command = [str(exe)]
    result = subprocess.run(
        [*command, "parse", "--format", "buildkit", str(EXAMPLE)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == '(cmd "python" "-m" "app")'
    version = subprocess.run([*command, "--version"], capture_output=True, text=True)
    assert version.stdout.startswith("dflint ")


def test_readme_commands_are_the_ones_ci_runs() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    for marker in ("try-command", "test-command"):
        assert f"<!-- {marker} -->" in readme and f"<!-- /{marker} -->" in readme
    assert "test-command" in ci
    assert "corpus/examples/Dockerfile" in readme.split("<!-- try-command -->")[1].split("<!--")[0]


def test_readme_try_command_lints_and_succeeds(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    command = readme.split("<!-- try-command -->")[1].split("<!--")[0]
    args = command.split(".venv/bin/dflint ", 1)[1].split("```")[0].split()
    monkeypatch.chdir(REPO)
    code, out, _ = run(args, capsys)
    assert code == 0
    assert "DF207 [*]" in out and "fixable with the `--fix` option" in out


def test_readme_python_examples_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    blocks = [b.split("```", 1)[0] for b in readme.split("```python\n")[1:]]
    assert len(blocks) >= 2
    (tmp_path / "Dockerfile").write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {}
    for block in blocks:
        exec(compile(block, "README.md", "exec"), namespace)
    out = capsys.readouterr().out
    assert "['pip', 'wheel', '--wheel-dir', '/wheels', '.']" in out


def test_parse_json_includes_the_model(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["parse", "--format", "json", "--build-arg", "PYTHON=3.12", str(EXAMPLE)], capsys)
    assert (code, err) == (0, "")
    model = json.loads(out)["model"]
    assert model["target"] == 1
    build, runtime = model["stages"]
    assert (build["name"], build["base"]["image"]) == ("build", "docker.io/library/python:3.12")
    assert runtime["base"]["expanded"]["value"] == "python:3.12-slim"
    assert runtime["dependencies"] == [
        {"kind": "copy", "text": "build", "stage": 0, "image": None, "problem": None, "line": 18}
    ]
    # The RUN of lines 8-11: two pip commands, the comment line between them skipped.
    first, second = build["runs"][0]["commands"]
    assert [w["value"] for w in first["argv"]] == ["pip", "install", "-r", "requirements.txt"]
    assert second["connector"] == "&&"
    wheel = second["argv"][1]
    assert (wheel["source"], wheel["span"]) == (
        "wheel",
        {"start_line": 11, "start_column": 9, "end_line": 11, "end_column": 14},
    )
    assert first["model"]["tool"] == "pip" and first["model"]["subcommand"] == "install"
    assert first["model"]["options"][0]["name"] == "requirement"
    [onbuild] = [r for r in runtime["runs"] if r["line"] == 20]
    assert onbuild["commands"][0]["argv"][1]["value"] == "built on top of the app image"


def test_parse_json_reports_shell_syntax_errors_with_their_place(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "Dockerfile"
    path.write_text("FROM alpine\nRUN echo start && \\\n    if true; then echo x\n")
    code, out, err = run(["parse", "--format", "json", str(path)], capsys)
    assert (code, err) == (0, "")
    [run_] = json.loads(out)["model"]["stages"][0]["runs"]
    assert run_["parsed"] and run_["errors"]
    assert run_["errors"][0]["span"]["start_line"] in (2, 3)


def test_unknown_target_is_a_clean_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["parse", "--format", "json", "--target", "nope", str(EXAMPLE)], capsys)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "nope" in err


def test_build_arg_without_a_value_comes_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "Dockerfile"
    path.write_text("ARG BASE=alpine\nARG TAG=1\nFROM $BASE:$TAG\n")
    monkeypatch.setenv("BASE", "debian")
    monkeypatch.delenv("TAG", raising=False)
    code, out, _ = run(
        ["parse", "--format", "json", "--build-arg", "BASE", "--build-arg", "TAG", str(path)], capsys
    )
    assert code == 0
    assert json.loads(out)["model"]["stages"][0]["base"]["image"] == "docker.io/library/debian:1"
