"""What dflint knows about official base images: their variants and sizes.

The facts are ``dflint/data/base_images.json`` (built from a transcription of
docker-library/repo-info: compressed size of every tag's amd64 image, on-disk size for
a few; see :mod:`dflint.data.build_base_images`). :func:`lookup` answers for an image
reference as people write it, and says when it does not know rather than guess:

- an exact catalogue tag (``python:3.12-slim``) is known exactly;
- the same image under the operating system it is built on, written out
  (``python:3.12-trixie`` is ``python:3.12``, whose catalogue row says it is built on
  Debian trixie), is known exactly too;
- a patch release of a catalogued ``major.minor`` line (``python:3.12.4-bookworm`` for
  the ``3.12-bookworm`` row) is answered from that line, and says so (``exact`` False):
  the line's size was measured on its newest patch (a major-only line such as
  ``rust:1`` spans years of releases and answers nothing);
- anything else is unknown: another operating system than the catalogued one, a moving
  alias the catalogue cannot resolve (``node:lts``, ``python:3``), an image that is
  not an official one, a reference by digest.

A tag is read as ``VERSION[-FLAVOUR...][-OS]``: the version is the first part when it
starts with a digit; a known OS codename (``bookworm``, ``jammy``, ``alpine3.24``, ...)
is the OS; every other part is a flavour (``slim``, ``alpine``, ``jdk``, ``fpm``, ...)
and flavours must all agree.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from pathlib import Path

from dflint.model import images

DATA = Path(__file__).resolve().parent.parent / "data" / "base_images.json"

#: Operating-system codenames that appear in official image tags
OS_CODENAMES = frozenset(
    "buster bullseye bookworm trixie forky sid focal jammy noble oracular plucky questing resolute "
    "al2 al2023 ubi8 ubi9 ubi10 ubi8-minimal ubi9-minimal ubi10-minimal".split()
)
_ALPINE_OS = re.compile(r"^alpine(\d+\.\d+)$")
_VERSION = re.compile(r"^\d")
#: tags that point at whatever release is current
_MOVING = frozenset({"latest", "lts", "current", "stable", "mainline", "edge", "rolling"})


@dataclass(frozen=True)
class Row:
    """One catalogued tag."""

    image: str
    tag: str
    variant: str  #: full, slim, alpine, jdk, jre or other
    os: str  #: what it is built on: debian-trixie, alpine3.24, ubuntu-noble, ...
    compressed_bytes: int  #: the download: sum of the compressed layers (amd64)
    on_disk_bytes: int | None  #: the unpacked image, when it was measured
    date: str | None  #: when the measured image was built

    @property
    def reference(self) -> str:
        return f"{self.image}:{self.tag}"


@dataclass(frozen=True)
class TagShape:
    version: str | None
    flavours: frozenset[str]
    os: str | None  #: an OS codename written in the tag


def tag_shape(tag: str) -> TagShape:
    """A tag split into version, flavours and OS (see the module docstring)."""
    parts = tag.split("-")
    version = parts.pop(0) if parts and _VERSION.match(parts[0]) else None
    os = None
    flavours = set()
    i = 0
    while i < len(parts):
        part = parts[i]
        pair = f"{part}-{parts[i + 1]}" if i + 1 < len(parts) else None
        if pair in OS_CODENAMES:
            os, i = pair, i + 2
            continue
        alpine = _ALPINE_OS.match(part)
        if alpine:
            flavours.add("alpine")
            os = part
        elif part in OS_CODENAMES:
            os = part
        elif part:
            flavours.add(part)
        i += 1
    if version is None and not flavours and os is None and tag:
        flavours.add(tag)
    return TagShape(version, frozenset(flavours), os)


@dataclass(frozen=True)
class Match:
    """What the catalogue says about an image reference."""

    reference: str  #: as asked, familiar form (``python:3.12.4-bookworm``)
    row: Row  #: the catalogue tag the answer comes from
    exact: bool  #: the row is this image; False: the same version line, another patch

    @property
    def note(self) -> str:
        if self.exact:
            return ""
        return f"sizes measured for {self.row.reference}, the newest release of its line"


@dataclass(frozen=True)
class Unknown:
    reference: str
    reason: str


@functools.cache
def _data() -> dict:  # type: ignore[type-arg]
    return json.loads(DATA.read_text(encoding="utf-8"))


@functools.cache
def catalogue() -> dict[str, tuple[Row, ...]]:
    """Every catalogued tag, by image name."""
    data = _data()
    return {
        name: tuple(
            Row(name, r["tag"], r["variant"], r["os"], r["compressed_bytes"], r["on_disk_bytes"], r["date"])
            for r in rows
        )
        for name, rows in data["images"].items()
    }


def source() -> str:
    """Where the numbers come from."""
    return str(_data()["source"])


def platform() -> str:
    """The platform the sizes are for."""
    return str(_data()["platform"])


def _os_matches(query: str | None, row: Row, row_shape: TagShape) -> bool:
    if row_shape.os is not None:
        return query == row_shape.os
    if query is None:
        return True
    # The tag names no OS: the row is built on row.os, which the query may spell out.
    return row.os == query or row.os.endswith("-" + query)


def lookup(text: str) -> Match | Unknown:
    """The catalogue's answer for an image reference as written in a FROM."""
    try:
        ref = images.parse_reference(text)
    except images.InvalidReference as exc:
        return Unknown(text, f"not a valid image reference: {exc.reason}")
    shown = ref.familiar
    if not ref.is_official:
        return Unknown(shown, "not an official Docker Hub image")
    if ref.tag is None and ref.digest is not None:
        return Unknown(shown, "pinned by digest: the catalogue knows tags")
    name = ref.familiar_name
    rows = catalogue().get(name)
    if not rows:
        return Unknown(shown, f"no catalogue entry for {name}")
    tag = ref.tag or "latest"
    want = tag_shape(tag)
    best: Match | None = None
    for row in rows:
        if row.tag == tag:
            return Match(shown, row, True)
        have = tag_shape(row.tag)
        if have.flavours != want.flavours or not _os_matches(want.os, row, have):
            continue
        if want.version == have.version:
            best = Match(shown, row, True)
        elif (
            best is None
            and want.version is not None
            and have.version is not None
            and "." in have.version  # a major.minor line: rust:1 spans years of releases
            and want.version.startswith(have.version + ".")
        ):
            best = Match(shown, row, False)
    if best is not None:
        return best
    if want.version is not None and any(
        (tag_shape(r.tag).version or "").startswith(want.version + ".") for r in rows
    ):
        return Unknown(
            shown,
            f"{name}:{tag} follows the newest {want.version}.x release, which the catalogue cannot tell",
        )
    if tag in _MOVING:
        return Unknown(shown, f"{name}:{tag} is a moving alias the catalogue does not resolve")
    return Unknown(shown, f"{name}:{tag} is not in the catalogue (its tags: dflint images {name})")


def siblings(row: Row) -> list[Row]:
    """The other variants of the same version of the image, on the same OS line: what
    a FROM could switch to (``python:3.12`` -> ``3.12-slim``, ``3.12-alpine``)."""
    shape = tag_shape(row.tag)
    out = []
    for other in catalogue()[row.image]:
        other_shape = tag_shape(other.tag)
        if other is row or other_shape.version != shape.version or other_shape.flavours == shape.flavours:
            continue
        # Alpine variants are their own distribution; the others must be built on the
        # same one (python:3.12-bookworm's sibling is 3.12-slim-bookworm, not 3.12-slim).
        if "alpine" in other_shape.flavours or other.os == row.os:
            out.append(other)
    return out


#: Google's distroless images that can run what an official image runs (no shell, no
#: package manager). The catalogue has no sizes for them: the names are the facts here.
DISTROLESS = {
    "python": "gcr.io/distroless/python3-debian12",
    "node": "gcr.io/distroless/nodejs22-debian12",
    "eclipse-temurin": "gcr.io/distroless/java21-debian12",
    "amazoncorretto": "gcr.io/distroless/java21-debian12",
    "openjdk": "gcr.io/distroless/java21-debian12",
    "golang": "gcr.io/distroless/static-debian12 (a static binary; cc-debian12 with cgo)",
    "rust": "gcr.io/distroless/cc-debian12",
    "gcc": "gcr.io/distroless/cc-debian12",
    "debian": "gcr.io/distroless/base-debian12",
}


def distroless(image: str) -> str | None:
    """The distroless image that runs what ``image`` runs, if there is one."""
    return DISTROLESS.get(image)


def human_size(n: int | None) -> str:
    """Decimal units, as registries print them: ``124 MB``, ``1.02 GB``."""
    if n is None:
        return "-"
    if n >= 1e9:
        return f"{n / 1e9:.2f} GB"
    if n >= 1e6:
        return f"{n / 1e6:.0f} MB" if n >= 1e8 else f"{n / 1e6:.1f} MB"
    return f"{n / 1e3:.0f} kB"
