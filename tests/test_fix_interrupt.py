"""Interrupting ``dflint --fix`` never leaves a truncated or half-written file.

``--fix`` writes each file through a temporary file in the same directory and a rename,
after every file is linted and fixed in memory. A run over many files is stopped with
SIGINT (Ctrl-C reaches the whole process group: the parent and its forked workers) or
SIGTERM (the parent only) at several moments; afterwards every file is either exactly
the original or exactly the fixed text, no temporary file is left, and the exit status
says the run was stopped (130 or 143) unless it had already finished.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dflint.catalogue import builtin_rules
from dflint.engine import Settings
from dflint.fix.apply import fix_text
from dflint.fix.edit import Applicability

FILES = 300
SELECT = "DF205,DF212,DF620,DF621,DF624"
TEXTS = [
    "from alpine:3.20\nRUN apk add curl\nENV A b\n",
    "FROM debian:12\nRUN apt-get update && \\\n\n    apt-get install curl\nLABEL k v\n",
    "FROM alpine:3.20\nRUN apk add --no-cache curl\n",  # nothing to fix
]


def _tree(root: Path) -> dict[Path, tuple[str, str]]:
    """``FILES`` Dockerfiles (big enough that fixing them all takes a while): path ->
    (original, the text ``--fix`` makes of it)."""
    rules = builtin_rules()
    settings = Settings(rules=rules, enabled=frozenset(SELECT.split(",")))
    expected = {}
    for text in TEXTS:
        body = text + "".join(f"RUN apk add pkg{i}\nENV K{i} v{i}\n" for i in range(40))
        expected[text] = (body, fix_text(body, "Dockerfile", settings, Applicability.SAFE).text)
    out = {}
    for i in range(FILES):
        original, fixed = expected[TEXTS[i % len(TEXTS)]]
        path = root / f"d{i % 7}" / f"f{i}.Dockerfile"
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(original.encode("utf-8"))
        out[path] = (original, fixed)
    return out


@pytest.mark.parametrize(
    ("sig", "group", "delay"),
    [
        (signal.SIGINT, True, 0.5),
        (signal.SIGINT, False, 1.0),
        (signal.SIGTERM, False, 0.5),
        (signal.SIGINT, True, None),
        (signal.SIGTERM, False, None),
    ],
    ids=[
        "sigint-group-linting",
        "sigint-parent-linting",
        "sigterm-linting",
        "sigint-writing",
        "sigterm-writing",
    ],
)
def test_an_interrupted_fix_leaves_each_file_whole(
    tmp_path: Path, sig: signal.Signals, group: bool, delay: float | None
) -> None:
    """``delay``: seconds after the start, or None: as soon as the first file is written."""
    files = _tree(tmp_path)
    assert any(original != fixed for original, fixed in files.values())
    proc = subprocess.Popen(
        [sys.executable, "-m", "dflint", "--fix", "--select", SELECT, "--jobs", "2", "."],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group, as a shell job has
    )
    if delay is not None:
        time.sleep(delay)
    else:
        first, (original, _) = next(iter(files.items()))  # the first file written
        deadline = time.monotonic() + 120
        while first.read_bytes().decode("utf-8") == original and proc.poll() is None:
            assert time.monotonic() < deadline
            time.sleep(0.001)
    if group:
        os.killpg(proc.pid, sig)
    else:
        proc.send_signal(sig)
    try:
        _, err = proc.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        pytest.fail("dflint did not stop after the signal")
    stopped = {signal.SIGINT: 130, signal.SIGTERM: 143}[sig]
    assert proc.returncode in (stopped, 0, 1), err.decode()
    if proc.returncode == stopped:
        assert err.decode().endswith(("dflint: interrupted\n", "dflint: terminated\n"))
        assert "Traceback" not in err.decode()
    written = 0
    for path, (original, fixed) in files.items():
        now = path.read_bytes().decode("utf-8")
        assert now in (original, fixed), f"{path} is neither the original nor the fixed text"
        written += now != original
    leftovers = [p for p in tmp_path.rglob("*") if p.is_file() and p not in files]
    assert leftovers == []
    if delay is None and proc.returncode == stopped:
        assert written >= 1  # stopped while writing
    if proc.returncode != stopped:  # it finished before the signal: every file is fixed
        assert all(path.read_text() == fixed for path, (_, fixed) in files.items())
