"""``dflint verify`` without an engine: the paths that need none (issue 10)."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

from dflint.cli import main
from dflint.verify.engine import BuildOutcome
from dflint.verify.progress import Progress
from tests.conftest import REPO

#: the end of a real BuildKit plain-progress log of a failing build (docker 26)
FAILED_LOG = """\
#5 [2/3] RUN echo kept > /kept.txt
#5 DONE 0.2s

#6 [3/3] RUN exit 3
#6 ERROR: process "/bin/sh -c exit 3" did not complete successfully: exit code: 3
------
 > [3/3] RUN exit 3:
------
Dockerfile:4
--------------------
   2 |     FROM busybox:latest
   3 |     RUN echo kept > /kept.txt
   4 | >>> RUN exit 3
   5 |     CMD ["cat", "/kept.txt"]
--------------------
ERROR: failed to solve: process "/bin/sh -c exit 3" did not complete successfully: exit code: 3""".splitlines()


def test_the_failing_step_is_read_from_the_log() -> None:
    outcome = BuildOutcome(False, 1.0, FAILED_LOG)
    assert outcome.failing_step == "[3/3] RUN exit 3"
    assert outcome.tail(3) == FAILED_LOG[-3:]
    # without BuildKit's error summary, the step that printed ERROR
    assert BuildOutcome(False, 1.0, FAILED_LOG[:5]).failing_step == "[3/3] RUN exit 3"
    assert BuildOutcome(False, 1.0, ["ERROR: no such file"]).failing_step is None


def test_progress_without_a_terminal_prints_each_step_once() -> None:
    out = io.StringIO()
    with Progress(out) as progress:
        for line in [
            "#1 [internal] load build definition",
            "#5 [2/3] RUN make",
            "#5 0.1 cc -o x",
            "#5 [2/3] RUN make",
        ]:
            progress.line("after", line)
    assert (
        out.getvalue() == "building after: [internal] load build definition\nbuilding after: [2/3] RUN make\n"
    )


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "dflint", "verify", *args], capture_output=True, text=True, cwd=REPO, env=env
    )


def test_nothing_to_verify_needs_no_engine(tmp_path: Path) -> None:
    dockerfile = tmp_path / "Dockerfile"
    dockerfile.write_text('FROM busybox:latest\nCMD ["true"]\n')
    ran = run(str(dockerfile), env=dict(os.environ, DOCKER_HOST=f"unix://{tmp_path}/none.sock"))
    assert ran.returncode == 0
    assert "nothing to verify: no fix applies" in ran.stderr
    same = run(str(dockerfile), "--fixed", str(dockerfile))
    assert (same.returncode, "the two Dockerfiles are the same" in same.stderr) == (0, True)


def test_bad_input_exits_2(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["verify", str(tmp_path / "missing")]) == 2
    assert "missing" in capsys.readouterr().err
    assert main(["verify", "--repeat", "0", str(tmp_path / "missing")]) == 2
    assert "--repeat needs at least 1" in capsys.readouterr().err


def test_no_docker_cli_is_one_line(tmp_path: Path) -> None:
    dockerfile = tmp_path / "Dockerfile"
    dockerfile.write_text('FROM busybox:latest\nrun echo hi\nCMD ["true"]\n')
    ran = run(str(dockerfile), env=dict(os.environ, PATH=str(tmp_path)))
    assert ran.returncode == 2
    assert ran.stderr.strip().splitlines() == [
        "dflint: no docker CLI on PATH: dflint verify drives the engine through it"
    ]


def test_no_engine_names_what_was_tried(tmp_path: Path) -> None:
    dockerfile = tmp_path / "Dockerfile"
    dockerfile.write_text('FROM busybox:latest\nrun echo hi\nCMD ["true"]\n')
    env = {k: v for k, v in os.environ.items() if k not in ("DOCKER_HOST", "DOCKER_CONTEXT")}
    env["DOCKER_CONTEXT"] = "nowhere"
    ran = run(str(dockerfile), env=env)
    if "no docker CLI" in ran.stderr:
        return  # a machine without the docker CLI: the line above is the answer
    assert ran.returncode == 2
    lines = ran.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(
        "dflint: no Docker engine reachable (tried the docker context 'nowhere')"
    )


def test_a_dockerfile_that_does_not_parse_exits_2(tmp_path: Path) -> None:
    dockerfile = tmp_path / "Dockerfile"
    dockerfile.write_text("FROM busybox:latest\nRUN <<EOF\necho never ends\n")
    ran = run(str(dockerfile))
    assert ran.returncode == 2
    assert ran.stderr.startswith(f"dflint: {dockerfile}:2:")


def test_compare_paths_must_be_absolute(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["verify", str(tmp_path / "Dockerfile"), "--compare-paths", "etc"]) == 2
    assert "--compare-paths needs absolute paths in the image, not etc" in capsys.readouterr().err


def test_nothing_to_verify_in_json_is_json(tmp_path: Path) -> None:
    import json

    dockerfile = tmp_path / "Dockerfile"
    dockerfile.write_text('FROM busybox:latest\nCMD ["true"]\n')
    ran = run(str(dockerfile), "--format", "json")
    assert ran.returncode == 0
    assert json.loads(ran.stdout)["exit_code"] == 0
