"""DF104 toolchain-final-stage: the image that ships is a compiler toolchain image.

Only the target stage ships (and what it is built FROM). Builder stages on toolchain
images are what multi-stage builds are for and are not reported.
"""

from __future__ import annotations

from collections.abc import Iterator

from dflint.checks import Context, Violation
from dflint.model import base_images as kb

#: image (familiar name) -> (what it is, a runtime to copy the result into)
TOOLCHAINS = {
    "golang": ("the Go toolchain", "`gcr.io/distroless/static-debian12` or `scratch` for a static binary"),
    "rust": ("the Rust toolchain", "`debian:bookworm-slim` or `gcr.io/distroless/cc-debian12`"),
    "gcc": ("GCC and its build tools", "the slim image of the same Debian release"),
    "maven": ("Maven and a JDK", "a JRE image such as `eclipse-temurin:21-jre`"),
    "gradle": ("Gradle and a JDK", "a JRE image such as `eclipse-temurin:21-jre`"),
    "haskell": ("GHC, Cabal and Stack", "`debian:bookworm-slim`"),
    "buildpack-deps": ("compilers and development headers", "the slim image of the same Debian release"),
    "mcr.microsoft.com/dotnet/sdk": ("the .NET SDK", "`mcr.microsoft.com/dotnet/aspnet` or `.../runtime`"),
}
#: images whose JDK variants are toolchains (their JRE variants are runtimes)
JDK_IMAGES = frozenset({"eclipse-temurin", "amazoncorretto", "openjdk", "ibm-semeru-runtimes", "sapmachine"})


def check(ctx: Context) -> Iterator[Violation]:
    chain = ctx.model.base_chain()
    root = chain[-1] if chain else None
    if root is None or root.base.reference is None or root.base.stage is not None:
        return
    ref = root.base.reference
    name = ref.familiar_name
    tag = (ref.tag or "latest").lower()
    if name in TOOLCHAINS:
        what, runtime = TOOLCHAINS[name]
    elif name in JDK_IMAGES and "jre" not in tag and ("jdk" in tag or name == "openjdk"):
        what, runtime = "a full JDK", f"a JRE image such as `{name}:<version>-jre`"
    else:
        return
    found = kb.lookup(root.base.expansion.value or "")
    size = (
        f" ({kb.human_size(found.row.compressed_bytes)} to download)" if isinstance(found, kb.Match) else ""
    )
    yield ctx.violation(
        root.from_.arguments[0],
        f"The image ships {what}{size}: build in a builder stage and copy only the result into {runtime}",
    )
