"""The Docker engine, through the Docker CLI: builds, inspection, runs and cleanup.

Everything goes through the ``docker`` command, so DOCKER_HOST, ``docker context`` and
``--builder`` work as they do for the user (a remote BuildKit builder included). Builds
use ``docker buildx build`` (BuildKit), or ``docker build`` with DOCKER_BUILDKIT=1 when
the buildx plugin is missing. What a run makes carries the label
``dflint.verify.session=<id>`` (images, containers) or is recorded (build cache entries),
so that :meth:`Docker.cleanup` removes exactly that.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from dflint.verify.result import SmokeRun

LABEL = "dflint.verify.session"


class EngineError(Exception):
    """No engine, or it failed at something that is not a build: one line for the user."""


@dataclass
class BuildOutcome:
    ok: bool
    seconds: float
    log: list[str]  #: the build's output lines (BuildKit's plain progress)
    image_id: str | None = None

    @property
    def failing_step(self) -> str | None:
        """The step that failed, as BuildKit names it (``[3/4] RUN make``)."""
        for line in reversed(self.log):
            found = re.match(r"\s*>\s*(\[[^\]]+\]\s*.+?):?\s*$", line)
            if found:
                return found.group(1)
        step = None
        for line in self.log:
            found = re.match(r"#\d+ (\[[^\]]+\] .+)$", line)
            if found:
                step = found.group(1)
            if re.match(r"#\d+ ERROR", line):
                return step
        return None

    def tail(self, lines: int = 20) -> list[str]:
        return self.log[-lines:]


def _where() -> str:
    """What was tried to reach an engine, for the no-engine message."""
    host = os.environ.get("DOCKER_HOST")
    if host:
        return f"DOCKER_HOST={host}"
    context = os.environ.get("DOCKER_CONTEXT")
    if context:
        return f"the docker context {context!r}"
    return "the current docker context, else the default socket unix:///var/run/docker.sock"


@dataclass
class Docker:
    """The Docker CLI, bound to one verify session (its label and its cache records)."""

    session: str
    builder: str | None = None
    buildx: bool = True
    made_images: list[str] = field(default_factory=list)  #: tags
    made_ids: list[str] = field(default_factory=list)  #: image ids of every build
    cache_before: set[str] | None = None

    # -- plumbing --------------------------------------------------------------------

    def _run(
        self, *args: str, input: str | bytes | None = None, timeout: float | None = 600, text: bool = True
    ) -> subprocess.CompletedProcess:  # type: ignore[type-arg]
        try:
            return subprocess.run(
                ["docker", *args], input=input, capture_output=True, text=text, timeout=timeout
            )
        except FileNotFoundError:
            raise EngineError("no docker CLI on PATH: dflint verify drives the engine through it") from None

    @classmethod
    def connect(cls, session: str, builder: str | None = None) -> Docker:
        """A Docker for ``session``, or EngineError saying what was tried."""
        engine = cls(session, builder)
        found = engine._run("version", "--format", "{{.Server.Version}}", timeout=30)
        if found.returncode != 0 or not found.stdout.strip():
            reason = (found.stderr.strip().splitlines() or ["no answer"])[-1]
            raise EngineError(f"no Docker engine reachable (tried {_where()}): {reason}")
        engine.buildx = engine._run("buildx", "version", timeout=30).returncode == 0
        if builder is not None and not engine.buildx:
            raise EngineError(f"--builder {builder} needs the docker buildx plugin, which is missing")
        return engine

    # -- building --------------------------------------------------------------------

    def build(
        self,
        dockerfile: str,
        context: str,
        tag: str,
        *,
        build_args: Sequence[str] = (),
        target: str | None = None,
        platform: str | None = None,
        network: str | None = None,
        no_cache: bool = False,
        on_line: Callable[[str], None] | None = None,
    ) -> BuildOutcome:
        """Build the text ``dockerfile`` in ``context`` as ``tag`` (loaded into the engine)."""
        if self.cache_before is None:
            self.cache_before = self.cache_ids()
        args = ["buildx", "build", "--load"] if self.buildx else ["build"]
        if self.buildx and self.builder:
            args += ["--builder", self.builder]
        args += ["--progress=plain", "-t", tag, "--label", f"{LABEL}={self.session}", "-f", "-"]
        for value in build_args:
            args += ["--build-arg", value]
        if target:
            args += ["--target", target]
        if platform:
            args += ["--platform", platform]
        if network:
            args += ["--network", network]
        if no_cache:
            args.append("--no-cache")
        args.append(context)
        env = dict(os.environ, DOCKER_BUILDKIT="1")
        started = time.perf_counter()
        log: list[str] = []
        try:
            process = subprocess.Popen(
                ["docker", *args],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
                env=env,
            )
        except FileNotFoundError:
            raise EngineError("no docker CLI on PATH: dflint verify drives the engine through it") from None
        self.made_images.append(tag)
        try:
            assert process.stdin is not None and process.stdout is not None
            process.stdin.write(dockerfile)
            process.stdin.close()
            for line in process.stdout:
                line = line.rstrip("\n")
                log.append(line)
                if on_line is not None:
                    on_line(line)
            code = process.wait()
        except BaseException:
            process.kill()
            process.wait()
            raise
        seconds = time.perf_counter() - started
        if code != 0:
            return BuildOutcome(False, seconds, log)
        image = self.image_id(tag)
        self.made_ids.append(image)
        return BuildOutcome(True, seconds, log, image)

    # -- inspecting ------------------------------------------------------------------

    def image_id(self, tag: str) -> str:
        return self.inspect(tag)["Id"]

    def inspect(self, tag: str) -> dict:  # type: ignore[type-arg]
        found = self._run("image", "inspect", tag)
        if found.returncode != 0:
            raise EngineError(f"docker image inspect {tag} failed: {found.stderr.strip()}")
        return json.loads(found.stdout)[0]

    def history(self, tag: str) -> list[str]:
        found = self._run("history", "--no-trunc", "-H=false", "--format", "{{json .}}", tag)
        if found.returncode != 0:
            raise EngineError(f"docker history {tag} failed: {found.stderr.strip()}")
        return [line for line in found.stdout.splitlines() if line.strip()]

    def save(self, tag: str, dest: str) -> None:
        found = self._run("image", "save", "-o", dest, tag, timeout=3600)
        if found.returncode != 0:
            raise EngineError(f"docker image save {tag} failed: {found.stderr.strip()}")

    # -- compressed sizes --------------------------------------------------------------

    def export_oci(
        self, dockerfile: str, context: str, dest: str, **build: object
    ) -> tuple[list[int] | None, str]:
        """The compressed sizes of the image's layers in an OCI export of the same build
        (``--output type=oci``; BuildKit's cache makes it a second export, not a second
        build), or None and why (the docker driver cannot export OCI unless the engine
        uses the containerd image store)."""
        import tarfile

        if not self.buildx:
            return None, "docker build (no buildx plugin) cannot export OCI"
        args = ["buildx", "build", "--output", f"type=oci,dest={dest}", "--progress=plain"]
        args += ["--label", f"{LABEL}={self.session}", "-f", "-"]
        if self.builder:
            args[2:2] = ["--builder", self.builder]
        for value in build.get("build_args", ()) or ():  # type: ignore[union-attr]
            args += ["--build-arg", str(value)]
        for key in ("target", "platform", "network"):
            if build.get(key):
                args += [f"--{key}", str(build[key])]
        args.append(context)
        found = self._run(*args, input=dockerfile, timeout=3600)
        if found.returncode != 0:
            last = found.stderr.strip().splitlines() or ["failed"]
            reason = next((line for line in last if "not supported" in line), last[-1])
            return None, f"the builder cannot export OCI ({reason.removeprefix('ERROR: ').strip()})"
        with tarfile.open(dest) as tar:
            document = json.load(tar.extractfile("index.json"))  # type: ignore[arg-type]
            for _ in range(4):  # an index (of platforms and attestations) above the manifest
                if "layers" in document:
                    break
                images = [
                    m
                    for m in document.get("manifests", [])
                    if (m.get("platform") or {}).get("os") != "unknown"  # attestations
                ]
                if not images:
                    return None, "the OCI export holds no image manifest"
                digest = images[0]["digest"].replace(":", "/")
                document = json.load(tar.extractfile(f"blobs/{digest}"))  # type: ignore[arg-type]
        if "layers" not in document:
            return None, "the OCI export holds no image manifest"
        return [int(layer["size"]) for layer in document["layers"]], "OCI export of the build"

    def push_compressed(self, tag: str, registry: str) -> list[int]:
        """The compressed sizes of the image's layers as the engine pushes them to
        ``registry`` (a registry the user names, e.g. a local ``registry:2`` or
        Debian's ``docker-registry``): the manifest's layer descriptors. The pushed tag
        is deleted from the registry afterwards (when it allows deleting)."""
        remote = f"{registry}/dflint-verify/{self.session}:{tag.rsplit('-', 1)[-1]}"
        tagged = self._run("tag", tag, remote)
        if tagged.returncode != 0:
            raise EngineError(f"docker tag failed: {tagged.stderr.strip()}")
        try:
            pushed = self._run("push", "-q", remote, timeout=3600)
        finally:
            self._run("image", "rm", remote, timeout=120)  # the tag only: the image stays
        if pushed.returncode != 0:
            last = (pushed.stderr.strip().splitlines() or ["failed"])[-1]
            raise EngineError(f"docker push to {registry} failed: {last}")
        manifest, digest = fetch_manifest(registry, f"dflint-verify/{self.session}", remote.rsplit(":", 1)[1])
        delete_manifest(registry, f"dflint-verify/{self.session}", digest)
        return [int(layer["size"]) for layer in manifest["layers"]]

    # -- running ---------------------------------------------------------------------

    def smoke(self, tag: str, command: str, timeout: float) -> SmokeRun:
        """Run ``command`` (split as a shell would, run without a shell: the image may
        have none) in a new container of ``tag``, without network."""
        argv = shlex.split(command)
        if not argv:
            raise EngineError("--smoke needs a command")
        name = f"dflint-verify-{self.session}-{tag.rsplit('-', 1)[-1]}-smoke"
        args = ["run", "--rm", "--name", name, "--label", f"{LABEL}={self.session}", "--network=none"]
        args += [f"--entrypoint={argv[0]}", tag, *argv[1:]]
        try:
            ran = self._run(*args, timeout=timeout)
        except subprocess.TimeoutExpired as exc:
            self._run("rm", "-f", name, timeout=60)
            out = exc.stdout.decode() if isinstance(exc.stdout, bytes) else (exc.stdout or "")
            return SmokeRun(None, out, "", timed_out=True)
        return SmokeRun(ran.returncode, ran.stdout, ran.stderr)

    def path_hashes(self, tag: str, paths: Sequence[str]) -> dict[str, str]:
        """Every file under ``paths`` in the image -> its sha256 (``dir`` for a
        directory, ``symlink -> target`` for a link); a missing path is absent."""
        import hashlib
        import io
        import tarfile

        name = f"dflint-verify-{self.session}-{tag.rsplit('-', 1)[-1]}-paths"
        created = self._run("create", "--name", name, "--label", f"{LABEL}={self.session}", tag, "true")
        if created.returncode != 0:
            raise EngineError(f"docker create {tag} failed: {created.stderr.strip()}")
        out: dict[str, str] = {}
        try:
            for path in paths:
                copied = self._run("cp", f"{name}:{path}", "-", text=False, timeout=3600)
                if copied.returncode != 0:
                    continue  # not in this image
                base = path.rstrip("/").rsplit("/", 1)[0]
                with tarfile.open(fileobj=io.BytesIO(copied.stdout)) as tar:
                    for member in tar:
                        where = f"{base}/{member.name}".replace("//", "/")
                        if member.isdir():
                            out[where] = "dir"
                        elif member.issym():
                            out[where] = f"symlink -> {member.linkname}"
                        elif member.isfile() or member.islnk():
                            data = tar.extractfile(member)  # a hardlink reads its target
                            out[where] = hashlib.sha256(data.read() if data else b"").hexdigest()
        finally:
            self._run("rm", "-f", name, timeout=60)
        return out

    # -- cleanup ---------------------------------------------------------------------

    def cache_ids(self) -> set[str]:
        """The build cache records the builder has now (``docker buildx du``, or the
        build cache table of ``docker system df -v`` without buildx)."""
        if self.buildx:
            args = ["buildx", "du", "--verbose"]
            if self.builder:
                args[2:2] = ["--builder", self.builder]
            found = self._run(*args, timeout=120)
            if found.returncode != 0:
                return set()
            return set(re.findall(r"^ID:\s+(\S+)", found.stdout, re.MULTILINE))
        found = self._run("system", "df", "-v", timeout=120)
        table = found.stdout.split("Build cache usage:", 1)[-1] if found.returncode == 0 else ""
        return {
            line.split()[0]
            for line in table.splitlines()[1:]
            if line.strip() and not line.startswith(("CACHE ID", "Build cache"))
        }

    def cleanup(self) -> list[str]:
        """Remove what this session made: its containers, its images (every build's,
        also those a later build of the same tag untagged), the build cache records
        created since its first build. Problems, if any."""
        problems: list[str] = []
        listed = self._run("ps", "-aq", "--filter", f"label={LABEL}={self.session}", timeout=60)
        for container in listed.stdout.split():
            self._run("rm", "-f", container, timeout=60)
        for reference in [*self.made_images, *self.made_ids]:
            removed = self._run("image", "rm", "-f", reference, timeout=120)
            if removed.returncode != 0 and "No such image" not in removed.stderr:
                problems.append(f"could not remove {reference}: {removed.stderr.strip()}")
        labelled = self._run("images", "-q", "--filter", f"label={LABEL}={self.session}", timeout=60)
        for image in labelled.stdout.split():
            self._run("image", "rm", "-f", image, timeout=120)
        if self.cache_before is not None:
            problems += self._prune(self.cache_before)
        return problems

    def _prune(self, before: set[str]) -> list[str]:
        """Prune the cache records made since ``before``: one id per call (the engine
        takes one value per filter), children before parents (a record in use by
        another stays), so in rounds until nothing more goes."""
        base = (
            ["buildx", "prune", "-f", "--builder", self.builder]
            if self.buildx and self.builder
            else ["builder", "prune", "-f"]
        )
        new = self.cache_ids() - before
        while new:
            for record in sorted(new):
                self._run(*base, "--filter", f"id={record}", timeout=600)
            left = self.cache_ids() - before
            if left >= new:
                return [f"could not prune {len(left)} build cache records: {', '.join(sorted(left)[:3])}"]
            new = left
        return []


def _registry_url(registry: str, path: str) -> str:
    host = registry.split("]", 1)[0] + "]" if registry.startswith("[") else registry.split(":", 1)[0]
    scheme = "http" if host in ("localhost", "127.0.0.1", "[::1]") else "https"
    return f"{scheme}://{registry}/v2/{path}"


def fetch_manifest(registry: str, repository: str, reference: str) -> tuple[dict, str]:  # type: ignore[type-arg]
    """The image manifest of ``repository:reference`` and its digest."""
    request = urllib.request.Request(
        _registry_url(registry, f"{repository}/manifests/{reference}"),
        headers={
            "Accept": "application/vnd.oci.image.manifest.v1+json, "
            "application/vnd.docker.distribution.manifest.v2+json"
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return json.loads(response.read()), response.headers.get("Docker-Content-Digest", "")
    except (urllib.error.URLError, OSError, ValueError) as exc:
        raise EngineError(f"cannot read the pushed manifest from {registry}: {exc}") from None


def delete_manifest(registry: str, repository: str, digest: str) -> None:
    if not digest:
        return
    request = urllib.request.Request(
        _registry_url(registry, f"{repository}/manifests/{digest}"), method="DELETE"
    )
    try:
        urllib.request.urlopen(request, timeout=60).close()
    except (urllib.error.URLError, OSError):
        pass  # a registry that does not allow deleting keeps the tag; nothing else to do
