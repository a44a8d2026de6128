"""DF110 end-of-life-image: a deprecated official image, or a release past its end of
life (no more security fixes).

The dates are the projects' own: Python's release PEPs, the Node.js release schedule,
Debian's LTS ends, Ubuntu's end of standard support. A release is reported from the day
after its end of life.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator

from dflint.checks import Context, Violation
from dflint.model.base_images import tag_shape

#: image -> (why, what to use instead)
DEPRECATED = {
    "centos": (
        "CentOS Linux reached its end of life on 2024-06-30",
        "`rockylinux`, `almalinux` or `oraclelinux`",
    ),
    "openjdk": (
        "the `openjdk` image is deprecated and gets no updates (since 2022)",
        "`eclipse-temurin` or `amazoncorretto`",
    ),
    "java": ("the `java` image was deprecated in 2017", "`eclipse-temurin` or `amazoncorretto`"),
    "jenkins": ("the `jenkins` image is deprecated", "`jenkins/jenkins`"),
}
#: image -> release -> last day of support
END_OF_LIFE = {
    "python": {
        "2.7": "2020-01-01",
        "3.5": "2020-09-13",
        "3.6": "2021-12-23",
        "3.7": "2023-06-27",
        "3.8": "2024-10-07",
        "3.9": "2025-10-31",
    },
    "node": {
        "10": "2021-04-30",
        "11": "2019-06-01",
        "12": "2022-04-30",
        "13": "2020-06-01",
        "14": "2023-04-30",
        "15": "2021-06-01",
        "16": "2023-09-11",
        "17": "2022-06-01",
        "18": "2025-04-30",
        "19": "2023-06-01",
        "20": "2026-04-30",
        "21": "2024-06-01",
        "23": "2025-06-01",
    },
    "debian": {
        "jessie": "2020-06-30",
        "stretch": "2022-06-30",
        "buster": "2024-06-30",
        "bullseye": "2026-08-31",
    },
    "ubuntu": {"trusty": "2019-04-30", "xenial": "2021-04-30", "bionic": "2023-05-31", "focal": "2025-05-31"},
}
_DEBIAN_NUMBERS = {"8": "jessie", "9": "stretch", "10": "buster", "11": "bullseye"}
_UBUNTU_NUMBERS = {"14.04": "trusty", "16.04": "xenial", "18.04": "bionic", "20.04": "focal"}
_NAMES = {"python": "Python", "node": "Node.js", "debian": "Debian", "ubuntu": "Ubuntu"}


def release(image: str, tag: str) -> str | None:
    """The release of ``image`` a tag names, in END_OF_LIFE's terms, if it names one."""
    shape = tag_shape(tag)
    version = shape.version
    if image == "python" and version:
        m = re.match(r"^(\d+\.\d+)", version)
        return m.group(1) if m else None
    if image == "node" and version:
        return version.split(".")[0]
    if image == "debian":
        return shape.os or _DEBIAN_NUMBERS.get((version or "").split(".")[0])
    if image == "ubuntu":
        return shape.os or _UBUNTU_NUMBERS.get(".".join((version or "").split(".")[:2]))
    return None


def check(ctx: Context) -> Iterator[Violation]:
    today = datetime.date.today()
    for stage in ctx.model.stages:
        ref = stage.base.reference
        if ref is None or stage.base.stage is not None or not ref.is_official:
            continue
        name = ref.familiar_name
        word = stage.from_.arguments[0]
        if name in DEPRECATED:
            why, instead = DEPRECATED[name]
            yield ctx.violation(word, f"`{ref.familiar}`: {why}; use {instead}")
            continue
        if name not in END_OF_LIFE or ref.tag is None:
            continue
        # python:3.8-buster is past two ends: the language's, then the OS's
        for image, rel in ((name, release(name, ref.tag)), ("debian", tag_shape(ref.tag).os)):
            end = END_OF_LIFE.get(image, {}).get(rel or "")
            if end and datetime.date.fromisoformat(end) < today:
                yield ctx.violation(
                    word,
                    f"`{ref.familiar}` is {_NAMES[image]} {rel}, which reached its end of life on {end}: "
                    f"no more security fixes",
                )
                break
