"""What ``dflint verify`` measures and compares: plain data, filled by
:mod:`dflint.verify.run` and rendered by :mod:`dflint.verify.report`.

Sizes are bytes. "before" is the original Dockerfile's image, "after" the fixed one's
(or ``--fixed FILE``'s). A delta is after minus before: negative is a saving, positive a
growth.
"""

from __future__ import annotations

from dataclasses import dataclass, field

#: the image-config keys compared between the two images, in report order
CONFIG_KEYS = (
    "Entrypoint",
    "Cmd",
    "Env",
    "WorkingDir",
    "User",
    "ExposedPorts",
    "Volumes",
    "Labels",
    "Healthcheck",
    "StopSignal",
)


@dataclass(frozen=True)
class Layer:
    """One entry of the image history, oldest first (``docker history`` order reversed)."""

    created_by: str  #: the instruction that made it, as the history records it
    size: int  #: bytes it adds on disk (0 for a metadata-only entry)
    empty: bool  #: a history entry without a layer (ENV, CMD, ...)
    #: the layer's compressed blob size, when an OCI export was measured (None otherwise)
    compressed: int | None = None


@dataclass(frozen=True)
class WastedFile:
    """Bytes of a file that a layer adds and a later layer deletes or replaces."""

    layer: int  #: index in the image's layers (not history entries), oldest first
    path: str  #: absolute path in the image
    size: int
    removed_by: int  #: index of the layer that deletes or replaces it
    how: str  #: "deleted" (a whiteout) or "replaced" (written again)


@dataclass(frozen=True)
class Build:
    """One build of one side."""

    seconds: float
    image_id: str


@dataclass
class ImageReport:
    """What was measured of one image."""

    label: str  #: "before" or "after"
    dockerfile: str  #: the path shown to the user ("Dockerfile", "<fixed in memory>")
    tag: str
    image_id: str
    size: int  #: on disk: ``docker image inspect .Size``
    #: the sum of the compressed layer blobs of an OCI export (None: not measured, and
    #: ``compressed_note`` says why)
    compressed: int | None
    compressed_note: str | None
    layers: list[Layer]  #: history, oldest first
    layer_count: int  #: layers with content (history entries that are not empty)
    wasted: int  #: bytes of WastedFile entries
    wasted_files: list[WastedFile]
    builds: list[Build]  #: one per --repeat
    config: dict[str, object]  #: the CONFIG_KEYS of the image's Config

    @property
    def build_seconds(self) -> list[float]:
        return [b.seconds for b in self.builds]


@dataclass(frozen=True)
class ConfigDifference:
    key: str  #: one of CONFIG_KEYS
    before: object
    after: object


@dataclass(frozen=True)
class SmokeRun:
    exit_code: int | None  #: None when it timed out
    stdout: str
    stderr: str
    timed_out: bool = False


@dataclass(frozen=True)
class SmokeResult:
    command: str
    before: SmokeRun
    after: SmokeRun

    @property
    def same(self) -> bool:
        return (self.before.exit_code, self.before.stdout) == (self.after.exit_code, self.after.stdout)


@dataclass(frozen=True)
class PathDifference:
    path: str
    before: str | None  #: sha256 of the file (or "dir", "symlink -> target"); None: missing
    after: str | None


@dataclass
class Verification:
    """The whole answer of one ``dflint verify`` run."""

    before: ImageReport
    after: ImageReport
    config_differences: list[ConfigDifference] = field(default_factory=list)
    smoke: SmokeResult | None = None
    compared_paths: list[str] = field(default_factory=list)
    path_differences: list[PathDifference] = field(default_factory=list)
    fixes: list[str] = field(default_factory=list)  #: "DF203 x2", what the fix applied
    #: the fixed Dockerfile's text (what ``--fix`` writes when the verification passes)
    fixed_text: str = field(default="", repr=False)

    @property
    def size_delta(self) -> int:
        return self.after.size - self.before.size

    @property
    def compressed_delta(self) -> int | None:
        if self.before.compressed is None or self.after.compressed is None:
            return None
        return self.after.compressed - self.before.compressed

    @property
    def grew(self) -> bool:
        """The fix made the image bigger (on disk, or to download when measured)."""
        return self.size_delta > 0 or (self.compressed_delta or 0) > 0

    @property
    def behaviour_differs(self) -> bool:
        return bool(self.config_differences or self.path_differences or (self.smoke and not self.smoke.same))
