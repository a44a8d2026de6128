"""``dflint verify`` against the real engine (issue 10), on the fixtures of corpus/verify.

The engine is ``../shared/tools/docker-engine`` (started by ``.ci/run``, which also starts a
local registry, DFLINT_VERIFY_REGISTRY, where compressed sizes are measured: the engine's
builder cannot export OCI). Without an engine the tests skip, except under CI=true.

What is checked: sizes equal ``docker image inspect``; compressed sizes equal the layer
blobs of an OCI export (made here from the registry, independently of dflint); the layer
table matches ``docker history``; wasted bytes match the hand-computed fixture (10 MiB
added then deleted); a growth is reported as growth with exit 1; config and smoke
differences of a wrong ``--fixed`` are caught; a fix that breaks the build and an
original that does not build exit 1 and 2 with the failing step; no engine exits 2 with
what was tried; and nothing dflint made remains (images, containers, build cache
records), also after a SIGINT in the middle of a build.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import IN_CI, REPO, require_engine

FIXTURES = REPO / "corpus" / "verify"
LABEL = "dflint.verify.session"


def _docker(*args: str, timeout: int = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["docker", *args], capture_output=True, text=True, timeout=timeout)


def dflint(
    *args: str, env: dict[str, str] | None = None, timeout: int = 900
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "dflint", "verify", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
        cwd=REPO,
    )


def pair(original: str, fixed: str) -> list[str]:
    """The arguments comparing two fixtures of corpus/verify (built without network)."""
    return [
        str(FIXTURES / f"{original}.Dockerfile"),
        "--fixed",
        str(FIXTURES / f"{fixed}.Dockerfile"),
        "--network=none",
    ]


def made_by_dflint() -> tuple[set[str], set[str]]:
    """The images and containers that carry dflint verify's label."""
    images = _docker("images", "-q", "--filter", f"label={LABEL}").stdout.split()
    containers = _docker("ps", "-aq", "--filter", f"label={LABEL}").stdout.split()
    return set(images), set(containers)


def cache_records() -> set[str]:
    found = _docker("buildx", "du", "--verbose")
    return {line.split()[1] for line in found.stdout.splitlines() if line.startswith("ID:")}


@pytest.fixture(scope="module")
def engine() -> dict[str, set[str]]:
    require_engine("busybox:latest")
    images, containers = made_by_dflint()
    return {"images": images, "containers": containers, "cache": cache_records()}


@pytest.fixture(scope="module")
def registry() -> str:
    address = os.environ.get("DFLINT_VERIFY_REGISTRY")
    if not address:
        if IN_CI:
            pytest.fail("DFLINT_VERIFY_REGISTRY is not set: .ci/run must start .ci/registry")
        pytest.skip("no registry (DFLINT_VERIFY_REGISTRY) to measure compressed sizes")
    return address


def verify_json(*args: str) -> tuple[int, dict, str]:  # type: ignore[type-arg]
    ran = dflint(*args, "--format", "json")
    data = json.loads(ran.stdout) if ran.stdout.strip() else {}
    return ran.returncode, data, ran.stderr


def prune_records_since(records: set[str]) -> None:
    """Remove the build cache records made since ``records`` (after a --keep run)."""
    new = cache_records() - records
    while new:  # one id per call (the engine takes one value per filter), children first
        for record in sorted(new):
            _docker("builder", "prune", "-f", f"--filter=id={record}")
        left = cache_records() - records
        assert left < new, f"cannot prune {left}"
        new = left


def test_measures_agree_with_the_engine(engine: dict, registry: str) -> None:  # type: ignore[type-arg]
    records = cache_records()
    code, data, err = verify_json(
        *pair("wasted", "wasted.fixed"),
        "--registry",
        registry,
        "--keep",
    )
    assert code == 0, err
    try:
        for side in ("before", "after"):
            report = data[side]
            inspected = json.loads(_docker("image", "inspect", report["tag"]).stdout)[0]
            assert report["size"] == inspected["Size"]
            assert report["image_id"] == inspected["Id"]
            # the layer table is docker history's, oldest first
            history = [
                json.loads(line)
                for line in _docker(
                    "history", "--no-trunc", "-H=false", "--format", "{{json .}}", report["tag"]
                ).stdout.splitlines()
            ][::-1]
            assert [layer["created_by"] for layer in report["layers"]] == [h["CreatedBy"] for h in history]
            assert [layer["size"] for layer in report["layers"]] == [int(h["Size"]) for h in history]
            assert report["layer_count"] == len(inspected["RootFS"]["Layers"])
            # compressed: the layer blobs of an OCI export, made here from a push
            assert report["compressed"] == sum(oci_export_layer_sizes(registry, report["tag"]))
        assert data["before"]["wasted"] == 10 * 1024 * 1024
        assert [(w["path"], w["size"], w["how"]) for w in data["before"]["wasted_files"]] == [
            ("/blob", 10485760, "deleted")
        ]
        assert data["after"]["wasted"] == 0
        assert data["size_delta"] == data["after"]["size"] - data["before"]["size"] < 0
    finally:
        for side in ("before", "after"):
            _docker("image", "rm", "-f", data[side]["tag"])
        prune_records_since(records)


def oci_export_layer_sizes(registry: str, tag: str) -> list[int]:
    """Push ``tag`` and write an OCI image layout from the registry's blobs; the sizes
    of the layer blob files in it."""
    import tempfile

    remote = f"{registry}/dflint-test/export:{tag.rsplit('-', 2)[-2]}-{tag.rsplit('-', 1)[-1]}"
    assert _docker("tag", tag, remote).returncode == 0
    try:
        assert _docker("push", "-q", remote, timeout=600).returncode == 0
        name, reference = remote.split("/", 1)[1].rsplit(":", 1)
        request = urllib.request.Request(
            f"http://{registry}/v2/{name}/manifests/{reference}",
            headers={"Accept": "application/vnd.docker.distribution.manifest.v2+json"},
        )
        with urllib.request.urlopen(request) as response:
            manifest = json.loads(response.read())
        sizes = []
        with tempfile.TemporaryDirectory() as layout:
            blobs = Path(layout, "blobs", "sha256")
            blobs.mkdir(parents=True)
            for layer in manifest["layers"]:
                digest = layer["digest"]
                with urllib.request.urlopen(f"http://{registry}/v2/{name}/blobs/{digest}") as response:
                    path = blobs / digest.split(":", 1)[1]
                    path.write_bytes(response.read())
                sizes.append(path.stat().st_size)
        return sizes
    finally:
        _docker("image", "rm", remote)


def test_a_fix_that_grows_the_image_is_growth_and_exit_1(engine: dict) -> None:  # type: ignore[type-arg]
    ran = dflint(
        *pair("wasted", "grows.fixed"),
    )
    assert ran.returncode == 1, ran.stderr
    assert "+3." in ran.stdout  # +3.1 MB or so: signed, never an absolute value
    code, data, _ = verify_json(
        *pair("wasted", "grows.fixed"),
    )
    assert code == 1
    assert data["size_delta"] == 3 * 1024 * 1024  # /extra, exactly
    assert data["grew"] is True


def test_a_wrong_fixed_file_is_caught_by_config_and_smoke(engine: dict) -> None:  # type: ignore[type-arg]
    code, data, err = verify_json(
        *pair("wasted", "wrong.fixed"),
        "--smoke",
        "cat /kept.txt",
    )
    assert code == 1, err
    assert [d["key"] for d in data["config_differences"]] == ["Cmd"]
    smoke = data["smoke"]
    assert (smoke["before"]["exit_code"], smoke["before"]["stdout"]) == (0, "kept\n")
    assert (smoke["after"]["exit_code"], smoke["after"]["stdout"]) == (0, "changed\n")
    assert smoke["same"] is False


def test_compare_paths(engine: dict) -> None:  # type: ignore[type-arg]
    code, data, err = verify_json(
        *pair("wasted", "wrong.fixed"),
        "--compare-paths",
        "/kept.txt",
        "/etc/passwd",
    )
    assert code == 1, err
    assert [d["path"] for d in data["path_differences"]] == ["/kept.txt"]


def test_a_fix_that_breaks_the_build_is_a_regression(engine: dict) -> None:  # type: ignore[type-arg]
    ran = dflint(
        *pair("wasted", "broken.fixed"),
    )
    assert ran.returncode == 1
    assert "the fix breaks the build" in ran.stderr
    assert "RUN exit 3" in ran.stderr  # the failing step and the log tail


def test_an_original_that_does_not_build_exits_2(engine: dict) -> None:  # type: ignore[type-arg]
    ran = dflint(
        *pair("broken.fixed", "wasted"),
    )
    assert ran.returncode == 2
    assert "the original does not build" in ran.stderr
    assert "RUN exit 3" in ran.stderr
    assert ran.stdout == ""


def test_the_fix_is_computed_in_memory_and_written_only_with_fix(engine: dict, tmp_path: Path) -> None:  # type: ignore[type-arg]
    dockerfile = tmp_path / "Dockerfile"
    original = (FIXTURES / "fixable" / "Dockerfile").read_text()
    dockerfile.write_text(original)
    code, data, err = verify_json(str(dockerfile), "--network=none")
    assert code == 0, err
    assert data["fixes"] == ["DF620"]
    assert data["size_delta"] == 0
    assert dockerfile.read_text() == original
    ran = dflint(str(dockerfile), "--network=none", "--fix")
    assert ran.returncode == 0, ran.stderr
    assert dockerfile.read_text() == original.replace("run echo", "RUN echo")


def test_no_engine_is_one_line_and_exit_2(tmp_path: Path) -> None:
    env = dict(os.environ, DOCKER_HOST=f"unix://{tmp_path}/nothing.sock")
    ran = dflint(
        str(FIXTURES / "wasted.Dockerfile"), "--fixed", str(FIXTURES / "wasted.fixed.Dockerfile"), env=env
    )
    assert ran.returncode == 2
    lines = [line for line in ran.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, ran.stderr
    assert lines[0].startswith("dflint: no Docker engine reachable (tried DOCKER_HOST=unix://")


def test_sigint_in_the_middle_of_a_build_leaves_nothing(engine: dict) -> None:  # type: ignore[type-arg]
    before = made_by_dflint()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "dflint",
            "verify",
            *pair("slow", "wasted"),
            "--no-cache",
        ],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    assert process.stderr is not None
    deadline = time.monotonic() + 120
    seen = ""
    while time.monotonic() < deadline:
        line = process.stderr.readline()
        seen += line
        if "RUN echo started && sleep 60" in line:
            break
    time.sleep(2)  # the RUN is running
    os.killpg(process.pid, signal.SIGINT)  # Ctrl-C: the whole foreground group
    _, err = process.communicate(timeout=120)
    assert process.returncode == 130, seen + err
    assert made_by_dflint() == before


def test_repeat_builds_each_side_n_times(engine: dict) -> None:  # type: ignore[type-arg]
    code, data, err = verify_json(
        *pair("wasted", "wasted.fixed"),
        "--repeat",
        "2",
    )
    assert code == 0, err
    # every build's image is removed, not only the last one the tag points to
    assert not made_by_dflint()[0] - engine["images"]
    for side in ("before", "after"):
        assert len(data[side]["builds"]) == 2
        assert data[side]["build_seconds"]["count"] == 2
        assert all(b["seconds"] > 0 for b in data[side]["builds"])


def test_an_output_file_that_cannot_be_written_exits_2(engine: dict, tmp_path: Path) -> None:  # type: ignore[type-arg]
    ran = dflint(
        *pair("wasted", "wasted.fixed"),
        "-o",
        str(tmp_path / "missing" / "report.txt"),
    )
    assert ran.returncode == 2
    assert ran.stderr.strip().splitlines()[-1].startswith(f"dflint: {tmp_path}/missing/report.txt: ")


def test_nothing_made_by_dflint_remains(engine: dict) -> None:  # type: ignore[type-arg]
    """Run last in this module: the runs above cleaned up after themselves."""
    images, containers = made_by_dflint()
    assert images <= engine["images"]
    assert containers <= engine["containers"]
    assert cache_records() <= engine["cache"]
