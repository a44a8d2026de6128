"""``dflint verify``: build the original and the fixed Dockerfile, measure, compare.

The fix is computed in memory with the fix loop (safe fixes, or all with
``--unsafe-fixes``), or read from ``--fixed FILE``; both sides build with the same
context, build arguments, target, platform, network and builder. Each image is measured
(on disk, compressed, layers, wasted bytes, build time) and the two are compared (image
config, ``--smoke`` output, ``--compare-paths`` files). Whatever the run made is removed
at the end, on failure and on Ctrl-C, unless ``--keep``.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from dflint.verify.engine import BuildOutcome, Docker, EngineError
from dflint.verify.result import (
    Build,
    ImageReport,
    PathDifference,
    SmokeResult,
    Verification,
)


@dataclass
class VerifyOptions:
    dockerfile: str = "Dockerfile"
    context: str | None = None
    target: str | None = None
    build_args: list[str] = field(default_factory=list)
    unsafe_fixes: bool = False
    fixed: str | None = None  #: compare against this Dockerfile instead of the fix
    fix: bool = False  #: also write the fix to the Dockerfile
    smoke: str | None = None
    smoke_timeout: float = 60.0
    compare_paths: list[str] = field(default_factory=list)
    network: str | None = None
    builder: str | None = None
    platform: str | None = None
    no_cache: bool = False
    repeat: int = 1
    keep: bool = False
    registry: str | None = None  #: push here to measure compressed sizes, if no OCI export


class VerifyFailed(Exception):
    """The run cannot give a comparison: an exit code, one line, and log lines to show."""

    def __init__(self, code: int, message: str, log: list[str] | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.log = log or []


def _read(path: str) -> str:
    try:
        with open(path, encoding="utf-8", newline="") as f:
            return f.read()
    except OSError as exc:
        raise VerifyFailed(2, f"{path}: {exc.strerror or exc}") from None


def fixed_text(options: VerifyOptions, text: str) -> tuple[str, list[str]]:
    """The fixed Dockerfile (in memory) and what was fixed (``DF203 x2``)."""
    if options.fixed is not None:
        return _read(options.fixed), []
    from dflint.fix.apply import fix_text
    from dflint.fix.edit import Applicability
    from dflint.run import Options, Workspace

    path = options.dockerfile
    settings = (
        Workspace(Options(paths=[path], unsafe_fixes=options.unsafe_fixes)).for_file(path).settings_for(path)
    )
    applicability = Applicability.UNSAFE if options.unsafe_fixes else Applicability.SAFE
    outcome = fix_text(text, path, settings, applicability)
    if not outcome.result.parsed:
        first = outcome.result.diagnostics[0] if outcome.result.diagnostics else None
        where = f":{first.start.line}:{first.start.column}" if first is not None else ""
        reason = first.message if first is not None else "it does not parse"
        raise VerifyFailed(2, f"{path}{where}: {reason}")
    if outcome.errors:
        raise VerifyFailed(2, f"{path}: the fix failed: {outcome.errors[0].message}")
    return outcome.text, [f"{rule} x{n}" if n > 1 else rule for rule, n in sorted(outcome.fixed.items())]


def verify(options: VerifyOptions, progress: Callable[[str, str], None] | None = None) -> Verification:
    """Build, measure and compare (raises VerifyFailed or EngineError)."""
    from dflint.verify import inspect as parse

    text = _read(options.dockerfile)
    after_text, fixes = fixed_text(options, text)
    if after_text == text:
        raise VerifyFailed(
            0,
            f"{options.dockerfile}: nothing to verify: "
            + ("the two Dockerfiles are the same" if options.fixed else "no fix applies")
            + ("" if options.unsafe_fixes or options.fixed else " (add --unsafe-fixes for the unsafe ones)"),
        )
    context = options.context or os.path.dirname(options.dockerfile) or "."
    session = uuid.uuid4().hex[:12]
    docker = Docker.connect(session, options.builder)
    workdir = tempfile.mkdtemp(prefix=f"dflint-verify-{session}-")
    try:
        reports = []
        for label, dockerfile_text, shown in (
            ("before", text, options.dockerfile),
            ("after", after_text, options.fixed or f"{options.dockerfile} (fixed in memory)"),
        ):
            tag = f"dflint-verify-{session}-{label}"
            builds: list[Build] = []
            for _ in range(max(1, options.repeat)):
                outcome = docker.build(
                    dockerfile_text,
                    context,
                    tag,
                    build_args=options.build_args,
                    target=options.target,
                    platform=options.platform,
                    network=options.network,
                    no_cache=options.no_cache or options.repeat > 1,
                    on_line=(lambda line, label=label: progress(label, line)) if progress else None,
                )
                _check_build(outcome, label, shown)
                builds.append(Build(outcome.seconds, outcome.image_id or ""))
            reports.append(
                _measure(docker, options, label, shown, tag, dockerfile_text, context, builds, workdir)
            )
        before, after = reports
        result = Verification(before, after, fixes=fixes)
        result.config_differences = parse.config_differences(before.config, after.config)
        if options.smoke:
            result.smoke = SmokeResult(
                options.smoke,
                docker.smoke(before.tag, options.smoke, options.smoke_timeout),
                docker.smoke(after.tag, options.smoke, options.smoke_timeout),
            )
        if options.compare_paths:
            result.compared_paths = list(options.compare_paths)
            one = docker.path_hashes(before.tag, options.compare_paths)
            two = docker.path_hashes(after.tag, options.compare_paths)
            result.path_differences = [
                PathDifference(p, one.get(p), two.get(p))
                for p in sorted(one.keys() | two.keys())
                if one.get(p) != two.get(p)
            ]
        result.fixed_text = after_text
        return result
    finally:
        if not options.keep:
            for problem in docker.cleanup():
                print(f"dflint: cleanup: {problem}", file=sys.stderr)
            shutil.rmtree(workdir, ignore_errors=True)


def write_fix(options: VerifyOptions, result: Verification) -> str | None:
    """Write the verified fix to the Dockerfile (``--fix``): a problem, or None."""
    from dflint.run import write_atomically

    return write_atomically(options.dockerfile, result.fixed_text, _read(options.dockerfile))


def _check_build(outcome: BuildOutcome, label: str, shown: str) -> None:
    if outcome.ok:
        return
    step = outcome.failing_step or "a step"
    if label == "before":
        raise VerifyFailed(
            2, f"{shown}: the original does not build ({step} failed); nothing to compare", outcome.tail()
        )
    raise VerifyFailed(
        1, f"{shown}: the fix breaks the build: {step} failed (a fix regression)", outcome.tail()
    )


def _measure(
    docker: Docker,
    options: VerifyOptions,
    label: str,
    shown: str,
    tag: str,
    text: str,
    context: str,
    builds: list[Build],
    workdir: str,
) -> ImageReport:
    from dflint.verify import inspect as parse
    from dflint.verify import layers as saved

    inspected = docker.inspect(tag)
    history_lines = docker.history(tag)
    archive = os.path.join(workdir, f"{label}.tar")
    docker.save(tag, archive)
    try:
        config, wasted_total, wasted_files = saved.wasted_in_saved_image(archive)
    except (saved.LayerFormatError, OSError) as exc:
        raise EngineError(f"cannot read the saved image of {tag}: {exc}") from None
    finally:
        if os.path.exists(archive):
            os.unlink(archive)
    compressed, note = docker.export_oci(
        text,
        context,
        os.path.join(workdir, f"{label}.oci.tar"),
        build_args=options.build_args,
        target=options.target,
        platform=options.platform,
        network=options.network,
    )
    if compressed is None and options.registry:
        compressed, note = docker.push_compressed(tag, options.registry), f"pushed to {options.registry}"
    elif compressed is None:
        note += "; pass --registry HOST:PORT to measure what a push compresses"
    try:
        layers = parse.history_layers(history_lines, config, compressed)
    except ValueError as exc:
        raise EngineError(f"cannot match the history of {tag} with its layers: {exc}") from None
    return ImageReport(
        label=label,
        dockerfile=shown,
        tag=tag,
        image_id=inspected["Id"],
        size=int(inspected["Size"]),
        compressed=sum(compressed) if compressed is not None else None,
        compressed_note=None if compressed is not None else note,
        layers=layers,
        layer_count=sum(1 for layer in layers if not layer.empty),
        wasted=wasted_total,
        wasted_files=wasted_files,
        builds=builds,
        config=parse.config_of(inspected),
    )


__all__ = ["EngineError", "VerifyFailed", "VerifyOptions", "fixed_text", "verify"]
