"""The layers of an image written by ``docker save``, and the bytes they waste.

Reading a saved image
---------------------
``docker save`` writes one of two shapes, both read here:

* an OCI image layout (Docker 25 and later): ``oci-layout``, ``index.json`` and
  ``blobs/sha256/<hex>``, the manifest naming the config blob and the layer blobs. Docker
  also writes the legacy ``manifest.json`` next to it, with the same blobs as paths;
* the legacy shape alone (older engines): ``manifest.json`` with ``"Config": "<id>.json"``
  and ``"Layers": ["<id>/layer.tar", ...]``, where a repeated layer may be a symlink to
  another ``layer.tar`` in the archive.

``manifest.json`` is read when present (both shapes have it when Docker wrote them), else
``index.json``. Nothing is loaded whole: the outer tar is opened on the file and each layer is
a stream over its member, decompressed on the fly. A layer is a plain tar, gzip or zstd,
told by its first bytes (a manifest's media type is not trusted: Docker's legacy manifest
has none). zstd needs the ``zstandard`` module (or Python 3.14's ``compression.zstd``);
without it a zstd layer raises :class:`LayerFormatError` saying so.

Wasted bytes
------------
The wasted bytes of an image are the bytes of regular-file content that a layer adds and that
the final image does not contain because a later layer

* deletes the path: an OCI whiteout ``.wh.<name>`` for it or for a directory above it, or an
  opaque whiteout ``.wh..wh..opq`` in a directory above it; or
* writes the path again: a file, directory, symlink or hardlink at the same path, or a
  non-directory at the path of a directory above it (and, the other way round, an entry
  below a path that was a non-directory, which makes that path a directory).

Each (layer, path) counts once, with the size its tar member declares. A hardlink member
adds no content of its own: it shares the content of the regular file it links to in the same
layer, and that content is wasted only when no path of the group (the file and its links) is
left in the final image; it is then reported once, at the path whose removal left it
unreachable, by the layer of that removal. Whiteout files are not content and neither are
directories, symlinks and devices; empty files waste nothing and are not listed.

Whiteouts apply to the lower layers only (the OCI rule): a layer's whiteouts are applied to
the image below it before its own entries are laid over that image, whatever their order in
the layer's tar. Two entries for one path inside the same layer are one write (the last one),
not a waste: the definition is about later layers.

Cost: at most one walk of a member's path components (none while a tar stays in one
directory), and each file is removed at most once, so a directory deleted with its subtree
costs the size of that subtree. The state is a trie of the live paths, a dict per directory.
"""

from __future__ import annotations

import gzip
import json
import posixpath
import tarfile
from collections.abc import Iterable, Iterator
from os import PathLike
from typing import IO

from dflint.verify.result import WastedFile

WHITEOUT_PREFIX = ".wh."
OPAQUE_WHITEOUT = ".wh..wh..opq"

_GZIP_MAGIC = b"\x1f\x8b"
_ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"
_OTHER_MAGICS = {b"BZh": "bzip2", b"\xfd7zXZ": "xz"}

_INDEX_TYPES = (
    "application/vnd.oci.image.index.v1+json",
    "application/vnd.docker.distribution.manifest.list.v2+json",
)


class LayerFormatError(ValueError):
    """The saved image or one of its layers cannot be read."""


class SavedImage:
    """An image archive written by ``docker save``, open for reading.

    Use as a context manager::

        with SavedImage(path) as image:
            total, files = wasted(image.layers())
            history = image.config["history"]
    """

    def __init__(self, path: str | PathLike[str]):
        self._tar = tarfile.open(path, "r:*")
        try:
            self._members = {_normal_name(m.name): m for m in self._tar.getmembers()}
            config_name, layer_names = self._find_image()
            #: the layers' member names in the archive, oldest first (a name may repeat)
            self.layer_names: list[str] = layer_names
            #: the image config JSON (``architecture``, ``config``, ``history``, ``rootfs``)
            self.config: dict = json.loads(self._read(config_name))
            diff_ids = (self.config.get("rootfs") or {}).get("diff_ids")
            if diff_ids is not None and len(diff_ids) != len(layer_names):
                raise LayerFormatError(
                    f"the manifest names {len(layer_names)} layers, the config's rootfs {len(diff_ids)}"
                )
        except BaseException:
            self._tar.close()
            raise

    def __enter__(self) -> SavedImage:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._tar.close()

    def layers(self) -> Iterator[tarfile.TarFile]:
        """Each layer as a tar opened for streaming, oldest first.

        A layer stays readable until the next one is asked for. The same blob listed twice
        (Docker stores the empty layer of ``RUN true`` once) is yielded twice.
        """
        for name in self.layer_names:
            raw = self._open(name)
            try:
                stream = _decompressed(raw, name)
                try:
                    with _LayerStream.open(fileobj=stream, mode="r|") as layer:
                        yield layer
                finally:
                    stream.close()
            finally:
                raw.close()

    def _find_image(self) -> tuple[str, list[str]]:
        if "manifest.json" in self._members:
            manifest = json.loads(self._read("manifest.json"))
            if len(manifest) != 1:
                raise LayerFormatError(f"the archive holds {len(manifest)} images, not one")
            return manifest[0]["Config"], list(manifest[0]["Layers"])
        if "index.json" in self._members:
            manifests = self._manifests(json.loads(self._read("index.json")))
            if len(manifests) != 1:
                raise LayerFormatError(f"the archive holds {len(manifests)} images, not one")
            manifest = manifests[0]
            return _blob_name(manifest["config"]), [_blob_name(d) for d in manifest["layers"]]
        raise LayerFormatError("not a docker save archive: neither manifest.json nor index.json")

    def _manifests(self, index: dict) -> list[dict]:
        """The image manifests an OCI index leads to whose blobs the archive holds (an index
        saved from a multi-platform image lists platforms that were not saved)."""
        found = []
        for descriptor in index.get("manifests", []):
            name = _blob_name(descriptor)
            if name not in self._members:
                continue
            document = json.loads(self._read(name))
            if descriptor.get("mediaType") in _INDEX_TYPES or "manifests" in document:
                found.extend(self._manifests(document))
            elif _blob_name(document["config"]) in self._members:
                found.append(document)
        return found

    def _open(self, name: str) -> IO[bytes]:
        member = self._members.get(_normal_name(name))
        if member is None:
            raise LayerFormatError(f"the archive has no {name}")
        stream = self._tar.extractfile(member)  # follows links inside the archive
        if stream is None:
            raise LayerFormatError(f"{name} is not a file in the archive")
        return stream

    def _read(self, name: str) -> bytes:
        with self._open(name) as stream:
            return stream.read()


class _LayerStream(tarfile.TarFile):
    """A layer read once, front to back: iterating does not keep the members (a layer can
    hold hundreds of thousands of them)."""

    def __iter__(self) -> Iterator[tarfile.TarInfo]:
        while (member := self.next()) is not None:
            self.members.clear()
            yield member


def _blob_name(descriptor: dict) -> str:
    algorithm, _, digest = descriptor["digest"].partition(":")
    return f"blobs/{algorithm}/{digest}"


def _normal_name(name: str) -> str:
    return posixpath.normpath(name).lstrip("/")


def _decompressed(raw: IO[bytes], name: str) -> IO[bytes]:
    head = raw.read(6)
    raw.seek(0)
    if head.startswith(_GZIP_MAGIC):
        return gzip.GzipFile(fileobj=raw, mode="rb")
    if head.startswith(_ZSTD_MAGIC):
        return _zstd_reader(raw, name)
    for magic, kind in _OTHER_MAGICS.items():
        if head.startswith(magic):
            raise LayerFormatError(f"layer {name} is {kind}-compressed, which OCI layers are not")
    return raw


def _zstd_reader(raw: IO[bytes], name: str) -> IO[bytes]:
    try:
        from compression import zstd  # type: ignore[import-not-found]  # Python 3.14

        return zstd.ZstdFile(raw)
    except ImportError:
        pass
    try:
        import zstandard  # type: ignore[import-not-found]
    except ImportError:
        raise LayerFormatError(
            f"layer {name} is zstd-compressed: install the zstandard package to read it"
        ) from None
    return zstandard.ZstdDecompressor().stream_reader(raw)


def open_saved_image(path: str | PathLike[str]) -> SavedImage:
    """Open a ``docker save`` archive (see :class:`SavedImage`)."""
    return SavedImage(path)


def wasted_in_saved_image(path: str | PathLike[str]) -> tuple[dict, int, list[WastedFile]]:
    """The image config, the wasted bytes and the wasted files of a ``docker save`` archive."""
    with SavedImage(path) as image:
        total, files = wasted(image.layers())
        return image.config, total, files


# -- wasted bytes ---------------------------------------------------------------------------


class _Shared:
    """The content of a regular-file member that hardlinks of its layer share."""

    __slots__ = ("layer", "size", "paths")

    def __init__(self, layer: int, size: int):
        self.layer = layer
        self.size = size
        self.paths = 1  #: the live paths that hold it


#: A directory is a dict of its children; any other entry is a leaf: ``(layer, size)`` for
#: the content of a regular file (a tuple of ints, which the garbage collector stops
#: tracking: an image can have millions), a _Shared once hardlinks share that content, or
#: None for what holds no content (symlinks, devices, empty files).
_Node = dict | tuple[int, int] | _Shared | None
_MISSING = object()


class _Image:
    """The live paths of the layers seen so far, and what was wasted.

    Paths are relative to the root, without ``./`` or slashes at either end (``usr/bin``);
    the root is ``""``.
    """

    def __init__(self) -> None:
        self.root: dict = {}
        self.files: list[WastedFile] = []
        # the directory written to last: a layer's tar lists a directory's entries together
        self._cached_path: str | None = None
        self._cached: dict = self.root

    def _lost(self, leaf: tuple[int, int] | _Shared | None, path: str, by: int, how: str) -> None:
        if leaf is None:
            return
        if isinstance(leaf, tuple):
            layer, size = leaf
        else:
            leaf.paths -= 1
            if leaf.paths:
                return  # a hardlink still holds it
            layer, size = leaf.layer, leaf.size
        if layer != by:
            self.files.append(WastedFile(layer, "/" + path, size, by, how))

    def _lost_node(self, node: _Node, path: str, by: int, how: str) -> None:
        if not isinstance(node, dict):
            self._lost(node, path, by, how)
            return
        self._cached_path = None  # the cached directory may be below this one
        stack = [(path, node)]
        while stack:
            prefix, directory = stack.pop()
            for name, child in directory.items():
                child_path = f"{prefix}/{name}" if prefix else name
                if isinstance(child, dict):
                    stack.append((child_path, child))
                else:
                    self._lost(child, child_path, by, how)

    def _directory(self, path: str, creating: int | None = None) -> dict | None:
        """The directory at ``path``, or None. When layer ``creating`` writes below it,
        missing directories are made and a non-directory on the way is replaced by one."""
        if path == self._cached_path:
            return self._cached
        node = self.root
        if path:
            parts = path.split("/")
            for depth, name in enumerate(parts):
                child = node.get(name, _MISSING)
                if not isinstance(child, dict):
                    if creating is None:
                        return None
                    if child is not _MISSING:
                        self._lost(child, "/".join(parts[: depth + 1]), creating, "replaced")
                    child = node[name] = {}
                node = child
        self._cached_path, self._cached = path, node
        return node

    def delete(self, parent: str, name: str, by: int) -> None:
        """A whiteout of ``parent/name``."""
        directory = self._directory(parent)
        if directory is not None and name in directory:
            self._lost_node(directory.pop(name), f"{parent}/{name}" if parent else name, by, "deleted")

    def empty(self, path: str, by: int) -> None:
        """An opaque whiteout in ``path``: its lower children are gone."""
        directory = self._directory(path)
        if directory:
            self._lost_node(directory, path, by, "deleted")
            directory.clear()

    def share(self, path: str) -> _Shared | None:
        """The content at ``path``, for one more path: a hardlink to it."""
        parent, _, name = path.rpartition("/")
        directory = self._directory(parent)
        leaf = None if directory is None else directory.get(name)
        if isinstance(leaf, tuple):
            leaf = directory[name] = _Shared(*leaf)  # type: ignore[index]
        if isinstance(leaf, _Shared):
            leaf.paths += 1
            return leaf
        return None  # an empty file: nothing to share

    def write(self, parent: str, name: str, leaf: _Node, by: int) -> None:
        """Lay one entry of layer ``by`` over the image: ``leaf`` is ``{}`` for a directory."""
        directory = self._directory(parent, creating=by)
        assert directory is not None
        old = directory.get(name, _MISSING)
        if isinstance(leaf, dict) and isinstance(old, dict):
            return  # a directory's metadata again: what it holds stays
        if old is not _MISSING:
            self._lost_node(old, f"{parent}/{name}" if parent else name, by, "replaced")
        directory[name] = leaf


def _relative(name: str) -> str:
    """A member's name as :class:`_Image` keeps paths."""
    name = name.strip("/")
    if name.startswith("./") or name == "." or "//" in name or "/./" in name or name.endswith("/."):
        name = "/".join(part for part in name.split("/") if part and part != ".")
    return name


def wasted(layers: Iterable[Iterable[tarfile.TarInfo]]) -> tuple[int, list[WastedFile]]:
    """The wasted bytes of an image and the files that waste them (see the module docstring
    for the definition), given the members of each of its layers, oldest first.

    Layer indexes count the given layers (the layers with content), from 0. The files are
    listed in the order they were removed: by ``removed_by``, then in the order of the
    removing layer's tar (whiteouts first).
    """
    image = _Image()
    for index, layer in enumerate(layers):
        # laid over the image once the layer's whiteouts are applied: (path, parent, name,
        # type, size, link target)
        written: list[tuple[str, str, str, bytes, int, str]] = []
        for member in layer:
            path = _relative(member.name)
            if not path:
                continue  # the root itself
            parent, _, name = path.rpartition("/")
            if not name.startswith(WHITEOUT_PREFIX):
                written.append((path, parent, name, member.type, member.size, member.linkname))
            elif name == OPAQUE_WHITEOUT:
                image.empty(parent, index)
            elif not name.startswith(WHITEOUT_PREFIX + WHITEOUT_PREFIX):
                image.delete(parent, name[len(WHITEOUT_PREFIX) :], index)
            # else aufs bookkeeping (.wh..wh.plnk, .wh..wh.aufs): not a path
        files: set[str] = set()  # the layer's regular files, which its hardlinks can name
        for path, parent, name, kind, size, linkname in written:
            if kind == tarfile.DIRTYPE:
                leaf: _Node = {}
            elif kind in tarfile.REGULAR_TYPES:
                leaf = (index, size) if size > 0 else None
                files.add(path)
            elif kind == tarfile.LNKTYPE:
                target = _relative(linkname)
                leaf = image.share(target) if target in files else None
            else:
                leaf = None
            image.write(parent, name, leaf, index)
    return sum(f.size for f in image.files), image.files
