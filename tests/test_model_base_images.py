"""The base-image knowledge base: lookups of the tag shapes people write, variants,
and the shipped catalogue against the shared data it is built from."""

from __future__ import annotations

import pytest

from dflint.cli import main
from dflint.data import build_base_images
from dflint.model import base_images as kb
from tests.conftest import shared_path


@pytest.mark.parametrize(
    ("text", "row", "exact"),
    [
        ("python:3.12", "python:3.12", True),
        ("python:3.12-slim", "python:3.12-slim", True),
        ("docker.io/library/python:3.12-slim", "python:3.12-slim", True),
        ("library/python:3.12", "python:3.12", True),
        ("python:3.12-trixie", "python:3.12", True),  # the OS the 3.12 row is built on, spelled out
        ("python:3.12-alpine3.24", "python:3.12-alpine", True),
        ("python:3.12.4-bookworm", "python:3.12-bookworm", False),  # a patch of the 3.12 line
        ("python:3.12.4", "python:3.12", False),
        ("golang:1.26.3-alpine", "golang:1.26-alpine", False),
        ("node:24-slim-trixie", "node:24-trixie-slim", True),  # flavour and OS in either order
        ("eclipse-temurin:21-jdk-noble", "eclipse-temurin:21-jdk-noble", True),
        ("eclipse-temurin:21-jre-ubi10-minimal", "eclipse-temurin:21-jre-ubi10-minimal", True),
        ("bash", "bash:latest", True),
    ],
)
def test_lookup_known(text: str, row: str, exact: bool) -> None:
    found = kb.lookup(text)
    assert isinstance(found, kb.Match), found
    assert (found.row.reference, found.exact) == (row, exact)
    assert bool(found.note) is not exact


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("python:3-slim", "follows the newest 3.x release"),
        ("node:lts", "moving alias"),
        ("python", "python:latest is a moving alias"),
        ("eclipse-temurin:21-jdk-jammy", "not in the catalogue"),  # another OS than catalogued
        ("python:3.12-bullseye", "not in the catalogue"),
        ("python:3.9", "not in the catalogue"),
        ("ghcr.io/acme/python:3.12", "not an official"),
        ("acme/python:3.12", "not an official"),
        ("python@sha256:" + "a" * 64, "pinned by digest"),
        ("Python:3.12", "not a valid image reference"),
        ("left-pad:1", "no catalogue entry"),
        ("rust:1.32", "not in the catalogue"),  # rust:1 is a major line, not 1.32's
    ],
)
def test_lookup_says_unknown_rather_than_guess(text: str, reason: str) -> None:
    found = kb.lookup(text)
    assert isinstance(found, kb.Unknown) and reason in found.reason, found


@pytest.mark.parametrize(
    ("text", "variants"),
    [
        ("python:3.12", ["3.12-alpine", "3.12-slim"]),
        ("python:3.12-bookworm", ["3.12-alpine", "3.12-slim-bookworm"]),
        ("python:3.12-slim", ["3.12", "3.12-alpine"]),
        ("eclipse-temurin:21-jdk", ["21-jdk-alpine", "21-jre", "21-jre-alpine"]),
        ("debian:bookworm", ["bookworm-slim"]),
        ("node:24", ["24-alpine", "24-slim"]),
    ],
)
def test_siblings_are_the_same_version_on_the_same_os(text: str, variants: list[str]) -> None:
    found = kb.lookup(text)
    assert isinstance(found, kb.Match)
    assert sorted(r.tag for r in kb.siblings(found.row)) == variants


def test_sizes_and_their_units() -> None:
    found = kb.lookup("python:3.12")
    assert isinstance(found, kb.Match)
    assert kb.human_size(found.row.on_disk_bytes) == "1.11 GB"
    assert kb.human_size(found.row.compressed_bytes) == "411 MB"
    assert kb.human_size(43_188_023) == "43.2 MB"
    assert kb.human_size(774_000) == "774 kB"
    assert kb.platform() == "linux/amd64" and "repo-info" in kb.source()


@pytest.mark.parametrize(
    ("tag", "shape"),
    [
        ("3.12.4-slim-bookworm", ("3.12.4", {"slim"}, "bookworm")),
        ("21-jre-ubi10-minimal", ("21", {"jre"}, "ubi10-minimal")),
        ("alpine3.24", (None, {"alpine"}, "alpine3.24")),
        ("lts", (None, {"lts"}, None)),
        ("bookworm-slim", (None, {"slim"}, "bookworm")),
        ("8.4-fpm-alpine", ("8.4", {"fpm", "alpine"}, None)),
    ],
)
def test_tag_shape(tag: str, shape: tuple) -> None:  # type: ignore[type-arg]
    s = kb.tag_shape(tag)
    assert (s.version, set(s.flavours), s.os) == shape


def test_shipped_catalogue_is_built_from_the_shared_data() -> None:
    data = shared_path("data", "base_images.tsv").parent
    assert build_base_images.main([str(data), "--check"]) == 0
    assert sum(len(rows) for rows in kb.catalogue().values()) == 199


def test_images_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["images"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("image ") and "\npython " in out and "Sizes for linux/amd64" in out
    assert main(["images", "python"]) == 0
    out = capsys.readouterr().out
    assert "python:3.12-slim-bookworm  slim" in out
    assert main(["images", "python:3.12.4-bookworm"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(
        "python:3.12.4-bookworm: python:3.12-bookworm (sizes measured for python:3.12-bookworm"
    )
    assert "python:3.12-slim-bookworm" in out and "python:3.12-slim " not in out
    assert "distroless equivalent: gcr.io/distroless/python3-debian12" in out
    assert main(["images", "node:lts"]) == 2
    assert (
        capsys.readouterr().err
        == "node:lts: unknown: node:lts is a moving alias the catalogue does not resolve\n"
    )
