"""dflint verify's engine-free parts: reading ``docker save`` archives, wasted bytes across
layers (dflint/verify/layers.py) and the parsing of ``docker history`` and ``docker image
inspect`` output (dflint/verify/inspect.py).

Archives are built here with tarfile in the shapes Docker writes them. The engine outputs
further down were captured once from Docker 26.1.5 (BuildKit) and are fixtures of its format.
"""

from __future__ import annotations

import builtins
import gzip
import hashlib
import io
import json
import tarfile
import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dflint.verify.inspect import config_differences, config_of, history_layers
from dflint.verify.layers import (
    LayerFormatError,
    SavedImage,
    open_saved_image,
    wasted,
    wasted_in_saved_image,
)
from dflint.verify.result import CONFIG_KEYS, ConfigDifference, WastedFile

MB = 1024 * 1024

# -- members and archives ------------------------------------------------------------------


def file(name: str, size: int) -> tarfile.TarInfo:
    member = tarfile.TarInfo(name)
    member.size = size
    return member


def directory(name: str) -> tarfile.TarInfo:
    member = tarfile.TarInfo(name)
    member.type = tarfile.DIRTYPE
    return member


def hardlink(name: str, target: str) -> tarfile.TarInfo:
    member = tarfile.TarInfo(name)
    member.type = tarfile.LNKTYPE
    member.linkname = target
    return member


def symlink(name: str, target: str) -> tarfile.TarInfo:
    member = tarfile.TarInfo(name)
    member.type = tarfile.SYMTYPE
    member.linkname = target
    return member


def whiteout(path: str) -> tarfile.TarInfo:
    parent, _, name = path.rpartition("/")
    return file(f"{parent}/.wh.{name}" if parent else f".wh.{name}", 0)


def opaque(directory_path: str) -> tarfile.TarInfo:
    return file(f"{directory_path}/.wh..wh..opq", 0)


class Zeros(io.RawIOBase):
    """``size`` zero bytes, never held in memory at once."""

    def __init__(self, size: int):
        self.left = size

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        n = min(len(buffer), self.left)
        buffer[:n] = bytes(n)
        self.left -= n
        return n


def layer_bytes(members: list[tarfile.TarInfo], compress: str | None = None) -> bytes:
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for member in members:
            tar.addfile(member, Zeros(member.size) if member.isreg() else None)
    data = out.getvalue()
    if compress == "gzip":
        return gzip.compress(data, compresslevel=1)
    if compress == "bzip2":
        import bz2

        return bz2.compress(data)
    if compress is not None:
        raise AssertionError(compress)
    return data


def image_config(layers: list[bytes]) -> dict:
    return {
        "architecture": "amd64",
        "os": "linux",
        "config": {"Cmd": ["sh"]},
        "rootfs": {"type": "layers", "diff_ids": [f"sha256:{i:064x}" for i in range(len(layers))]},
        "history": [{"created_by": f"RUN step {i}"} for i in range(len(layers))],
    }


def _add(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    member = tarfile.TarInfo(name)
    member.size = len(data)
    tar.addfile(member, io.BytesIO(data))


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def save_oci(path: Path, layers: list[bytes], manifest_json: bool = True, nested: bool = False) -> dict:
    """An archive in the shape of Docker 25+'s ``docker save``: an OCI layout, plus the
    legacy manifest.json unless ``manifest_json`` is false; ``nested`` puts the manifest
    behind a multi-platform index whose other platform was not saved."""
    config = image_config(layers)
    config_data = json.dumps(config).encode()
    blobs = {_digest(config_data): config_data}
    for data in layers:
        blobs[_digest(data)] = data
    manifest = {
        "schemaVersion": 2,
        "mediaType": "application/vnd.oci.image.manifest.v1+json",
        "config": {
            "mediaType": "application/vnd.oci.image.config.v1+json",
            "digest": f"sha256:{_digest(config_data)}",
        },
        "layers": [
            {"mediaType": "application/vnd.oci.image.layer.v1.tar", "digest": f"sha256:{_digest(d)}"}
            for d in layers
        ],
    }
    manifest_data = json.dumps(manifest).encode()
    blobs[_digest(manifest_data)] = manifest_data
    top = {
        "mediaType": "application/vnd.oci.image.manifest.v1+json",
        "digest": f"sha256:{_digest(manifest_data)}",
    }
    if nested:
        platforms = {
            "schemaVersion": 2,
            "mediaType": "application/vnd.oci.image.index.v1+json",
            "manifests": [top, {"mediaType": top["mediaType"], "digest": "sha256:" + "e" * 64}],
        }
        platforms_data = json.dumps(platforms).encode()
        blobs[_digest(platforms_data)] = platforms_data
        top = {
            "mediaType": "application/vnd.oci.image.index.v1+json",
            "digest": f"sha256:{_digest(platforms_data)}",
        }
    with tarfile.open(path, "w") as tar:
        tar.addfile(directory("blobs/"))
        tar.addfile(directory("blobs/sha256/"))
        for digest, data in blobs.items():
            _add(tar, f"blobs/sha256/{digest}", data)
        _add(tar, "index.json", json.dumps({"schemaVersion": 2, "manifests": [top]}).encode())
        if manifest_json:
            legacy = [
                {
                    "Config": f"blobs/sha256/{_digest(config_data)}",
                    "RepoTags": ["probe:1"],
                    "Layers": [f"blobs/sha256/{_digest(d)}" for d in layers],
                }
            ]
            _add(tar, "manifest.json", json.dumps(legacy).encode())
        _add(tar, "oci-layout", b'{"imageLayoutVersion": "1.0.0"}')
    return config


def save_legacy(path: Path, layers: list[bytes]) -> dict:
    """An archive in the shape of older engines' ``docker save``: ``<id>/layer.tar``, a layer
    already saved under another id being a symlink to it."""
    config = image_config(layers)
    config_data = json.dumps(config).encode()
    names = []
    with tarfile.open(path, "w") as tar:
        seen: dict[str, str] = {}
        for index, data in enumerate(layers):
            layer_id = f"{index:02d}" + "a" * 62
            name = f"{layer_id}/layer.tar"
            names.append(name)
            tar.addfile(directory(f"{layer_id}/"))
            if _digest(data) in seen:
                tar.addfile(symlink(name, f"../{seen[_digest(data)]}"))
            else:
                seen[_digest(data)] = name
                _add(tar, name, data)
        _add(tar, f"{_digest(config_data)}.json", config_data)
        manifest = [{"Config": f"{_digest(config_data)}.json", "RepoTags": ["probe:1"], "Layers": names}]
        _add(tar, "manifest.json", json.dumps(manifest).encode())
    return config


def names_per_layer(path: Path) -> list[list[str]]:
    with open_saved_image(path) as image:
        return [[member.name for member in layer] for layer in image.layers()]


# -- reading docker save archives ----------------------------------------------------------

THREE_LAYERS = [
    [directory("app/"), file("app/a.txt", 6)],
    [],  # what `RUN true` leaves: an empty tar
    [file(".wh.big", 0)],
]


@pytest.mark.parametrize("manifest_json", [True, False], ids=["docker-26", "oci-only"])
@pytest.mark.parametrize("compress", [None, "gzip"])
def test_reads_the_oci_layout(tmp_path: Path, manifest_json: bool, compress: str | None) -> None:
    layers = [layer_bytes(members, compress) for members in THREE_LAYERS]
    config = save_oci(tmp_path / "image.tar", layers, manifest_json=manifest_json)
    with open_saved_image(tmp_path / "image.tar") as image:
        assert image.config == config
    assert names_per_layer(tmp_path / "image.tar") == [["app", "app/a.txt"], [], [".wh.big"]]


def test_an_oci_index_of_platforms_leads_to_the_saved_one(tmp_path: Path) -> None:
    layers = [layer_bytes(members) for members in THREE_LAYERS]
    config = save_oci(tmp_path / "image.tar", layers, manifest_json=False, nested=True)
    with SavedImage(tmp_path / "image.tar") as image:
        assert image.config == config
        assert len(image.layer_names) == 3


def test_reads_the_legacy_shape_with_a_repeated_layer_as_a_symlink(tmp_path: Path) -> None:
    empty = layer_bytes([])
    layers = [layer_bytes([file("a", 3)], "gzip"), empty, layer_bytes([file("b", 4)]), empty]
    config = save_legacy(tmp_path / "image.tar", layers)
    with tarfile.open(tmp_path / "image.tar") as tar:
        assert tar.getmember(f"03{'a' * 62}/layer.tar").issym()
    with open_saved_image(tmp_path / "image.tar") as image:
        assert image.config == config
        sizes = [[(m.name, m.size) for m in layer] for layer in image.layers()]
    assert sizes == [[("a", 3)], [], [("b", 4)], []]


def test_a_blob_listed_twice_is_read_twice(tmp_path: Path) -> None:
    empty = layer_bytes([])
    layers = [layer_bytes([file("a", 1)]), empty, layer_bytes([file("b", 1)]), empty]
    save_oci(tmp_path / "image.tar", layers)
    assert names_per_layer(tmp_path / "image.tar") == [["a"], [], ["b"], []]


def test_a_layer_is_streamed_without_keeping_its_members(tmp_path: Path) -> None:
    save_oci(tmp_path / "image.tar", [layer_bytes([file(f"f{i}", 1) for i in range(50)], "gzip")])
    with open_saved_image(tmp_path / "image.tar") as image:
        for layer in image.layers():
            kept = max(len(layer.members) for _ in layer)
    assert kept <= 1


def test_zstd_without_a_module_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_import = builtins.__import__

    def without_zstd(name, *args, **kwargs):
        if name in ("zstandard", "compression"):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", without_zstd)
    zstd_frame = b"\x28\xb5\x2f\xfd" + bytes(20)
    save_oci(tmp_path / "image.tar", [layer_bytes([file("a", 1)]), zstd_frame])
    with open_saved_image(tmp_path / "image.tar") as image:
        layers = image.layers()
        assert [m.name for m in next(layers)] == ["a"]
        with pytest.raises(LayerFormatError, match="zstd-compressed: install the zstandard package"):
            next(layers)


def test_zstd_layers_are_read_with_the_zstandard_module(tmp_path: Path) -> None:
    zstandard = pytest.importorskip("zstandard")
    data = zstandard.ZstdCompressor().compress(layer_bytes([file("usr/big", 5 * MB)]))
    save_oci(tmp_path / "image.tar", [data, layer_bytes([whiteout("usr/big")])])
    assert wasted_in_saved_image(tmp_path / "image.tar")[1] == 5 * MB


def test_a_compression_that_oci_layers_do_not_use_is_an_error(tmp_path: Path) -> None:
    save_oci(tmp_path / "image.tar", [layer_bytes([file("a", 1)], "bzip2")])
    with open_saved_image(tmp_path / "image.tar") as image, pytest.raises(LayerFormatError, match="bzip2"):
        list(image.layers())


def test_an_archive_of_two_images_is_refused(tmp_path: Path) -> None:
    with tarfile.open(tmp_path / "two.tar", "w") as tar:
        _add(tar, "manifest.json", json.dumps([{"Config": "a.json", "Layers": []}] * 2).encode())
    with pytest.raises(LayerFormatError, match="2 images"):
        open_saved_image(tmp_path / "two.tar")


def test_a_tar_that_is_not_a_saved_image_is_refused(tmp_path: Path) -> None:
    with tarfile.open(tmp_path / "other.tar", "w") as tar:
        _add(tar, "README", b"hello")
    with pytest.raises(LayerFormatError, match="not a docker save archive"):
        open_saved_image(tmp_path / "other.tar")


# -- wasted bytes --------------------------------------------------------------------------


@pytest.mark.parametrize("shape", ["oci", "legacy"])
def test_ten_megabytes_added_then_deleted(tmp_path: Path, shape: str) -> None:
    layers = [
        layer_bytes([directory("tmp/"), file("tmp/blob.bin", 10 * MB), file("etc/keep", 100)], "gzip"),
        layer_bytes([directory("tmp/"), whiteout("tmp/blob.bin")]),
    ]
    (save_oci if shape == "oci" else save_legacy)(tmp_path / "image.tar", layers)
    config, total, files = wasted_in_saved_image(tmp_path / "image.tar")
    assert total == 10 * 1024 * 1024
    assert files == [WastedFile(layer=0, path="/tmp/blob.bin", size=10 * MB, removed_by=1, how="deleted")]
    assert config["rootfs"]["type"] == "layers"


def test_a_file_written_again_wastes_its_first_version() -> None:
    total, files = wasted([[file("etc/app.conf", 700)], [file("etc/app.conf", 800)]])
    assert total == 700
    assert files == [WastedFile(0, "/etc/app.conf", 700, 1, "replaced")]


def test_a_deleted_directory_wastes_every_file_under_it() -> None:
    layers = [
        [
            directory("src/"),
            file("src/a.c", 10),
            directory("src/lib/"),
            file("src/lib/b.c", 20),
            file("srcx", 5),
        ],
        [file("src/lib/c.o", 40)],
        [whiteout("src")],
    ]
    total, files = wasted(layers)
    assert total == 70
    assert sorted((f.layer, f.path, f.size, f.removed_by, f.how) for f in files) == [
        (0, "/src/a.c", 10, 2, "deleted"),
        (0, "/src/lib/b.c", 20, 2, "deleted"),
        (1, "/src/lib/c.o", 40, 2, "deleted"),
    ]


@pytest.mark.parametrize("opaque_first", [True, False])
def test_an_opaque_whiteout_removes_the_lower_children_only(opaque_first: bool) -> None:
    # docker: `RUN rm -rf /d && mkdir /d && echo z > /d/g` writes d/, d/.wh..wh..opq, d/g
    rewrite = [directory("d/"), opaque("d"), file("d/g", 2), file("d/new", 3)]
    if not opaque_first:
        rewrite = [directory("d/"), file("d/g", 2), file("d/new", 3), opaque("d")]
    layers = [[directory("d/"), file("d/f", 2), file("d/g", 2), directory("d/e/"), file("d/e/h", 9)], rewrite]
    total, files = wasted(layers)
    assert total == 13
    assert sorted(f.path for f in files) == ["/d/e/h", "/d/f", "/d/g"]
    assert {(f.layer, f.removed_by, f.how) for f in files} == {(0, 1, "deleted")}
    # what layer 1 wrote is live: nothing more is wasted when a third layer leaves /d alone
    assert wasted([*layers, [file("other", 1)]]) == (total, files)


def test_an_opaque_whiteout_at_the_root() -> None:
    total, files = wasted([[file("a", 1), file("b/c", 2)], [file(".wh..wh..opq", 0), file("a", 5)]])
    assert (total, sorted(f.path for f in files)) == (3, ["/a", "/b/c"])


def test_a_directory_replaced_by_a_file() -> None:
    # docker: `RUN rm -rf /d && echo z > /d` writes only the file d, no whiteout
    layers = [[directory("d/"), directory("d/e/"), file("d/e/f", 2), file("d/g", 2)], [file("d", 2)]]
    total, files = wasted(layers)
    assert total == 4
    assert sorted((f.path, f.how, f.removed_by) for f in files) == [
        ("/d/e/f", "replaced", 1),
        ("/d/g", "replaced", 1),
    ]


@pytest.mark.parametrize(
    "later", [[symlink("d", "/elsewhere")], [hardlink("d", "x")], [directory("d/")], [file("d/x", 1)]]
)
def test_any_entry_at_or_below_a_file_replaces_it(later: list[tarfile.TarInfo]) -> None:
    layers = [[file("x", 1)] if later[0].islnk() else [], [file("d", 50)], later]
    total, files = wasted(layers)
    assert total == 50
    assert files == [WastedFile(1, "/d", 50, 2, "replaced")]


def test_a_file_added_again_after_its_deletion_is_wasted_once() -> None:
    layers = [[file("bin/tool", 1000)], [whiteout("bin/tool")], [file("bin/tool", 1200)], [file("etc/x", 1)]]
    total, files = wasted(layers)
    assert total == 1000
    assert files == [WastedFile(0, "/bin/tool", 1000, 1, "deleted")]
    total, files = wasted([*layers, [whiteout("bin/tool")]])
    assert total == 2200
    assert [(f.layer, f.removed_by) for f in files] == [(0, 1), (2, 4)]


def test_a_deleted_directory_created_again() -> None:
    layers = [
        [directory("cache/"), file("cache/a", 10), file("cache/b", 20)],
        [whiteout("cache")],
        [directory("cache/"), file("cache/c", 40)],
    ]
    total, files = wasted(layers)
    assert total == 30
    assert {(f.path, f.removed_by, f.how) for f in files} == {
        ("/cache/a", 1, "deleted"),
        ("/cache/b", 1, "deleted"),
    }
    # the whiteout and the new directory in the same layer: the whiteout hides only the lower one
    same_layer = [layers[0], [whiteout("cache"), directory("cache/"), file("cache/c", 40)], [file("z", 1)]]
    assert wasted(same_layer)[0] == 30


def test_a_whiteout_does_not_hide_its_own_layer() -> None:
    layers = [[file("f", 10)], [file("f", 20), whiteout("f")], [file("g", 1)]]
    assert wasted(layers) == (10, [WastedFile(0, "/f", 10, 1, "deleted")])


def test_hardlinks_share_their_content() -> None:
    layers = [
        [directory("usr/bin/"), file("usr/bin/git", 3000), hardlink("usr/bin/git-add", "usr/bin/git")],
        [whiteout("usr/bin/git")],  # the content stays, at usr/bin/git-add
    ]
    assert wasted(layers) == (0, [])
    layers.append([whiteout("usr/bin/git-add")])
    assert wasted(layers) == (3000, [WastedFile(0, "/usr/bin/git-add", 3000, 2, "deleted")])


def test_a_hardlink_made_later_copies_its_target_up() -> None:
    # docker: `RUN ln /app/a.txt /app/b.txt` writes app/a.txt again and app/b.txt as a link
    layers = [
        [directory("app/"), file("app/a.txt", 6)],
        [directory("app/"), file("app/a.txt", 6), hardlink("app/b.txt", "app/a.txt")],
    ]
    assert wasted(layers) == (6, [WastedFile(0, "/app/a.txt", 6, 1, "replaced")])
    # a link replaced or deleted alone wastes nothing: its file is still there
    assert wasted([*layers, [whiteout("app/b.txt")]])[0] == 6


def test_what_holds_no_content_is_not_listed() -> None:
    layers = [
        [
            file("empty", 0),
            symlink("link", "target"),
            directory("dir/"),
            file("dir/.keep", 0),
            file(".wh..wh.plnk", 0),
        ],
        [whiteout("empty"), whiteout("link"), whiteout("dir")],
    ]
    assert wasted(layers) == (0, [])


def test_member_names_with_dot_slash_and_whiteouts_of_missing_paths() -> None:
    layers = [
        [directory("./"), file("./opt/x", 8)],
        [whiteout("./opt/x"), whiteout("nothing/here"), opaque("none")],
    ]
    assert wasted(layers) == (8, [WastedFile(0, "/opt/x", 8, 1, "deleted")])


def test_two_entries_of_one_path_in_one_layer_are_one_write() -> None:
    assert wasted([[file("f", 10), file("f", 20)], [file("g", 1)]]) == (0, [])


# -- against a model that lays the layers over a flat filesystem ---------------------------

PATHS = ["a", "a/b", "a/b/c", "a/d", "e", "e/f"]
KINDS = ["file", "file", "dir", "symlink", "hardlink", "whiteout", "opaque"]


def members_of(entries: list[tuple[str, int, int]], layer: int) -> list[tarfile.TarInfo]:
    """A layer a docker engine could write: one entry per path, nothing below a
    non-directory of the same layer, hardlinks to the layer's own files."""
    members: list[tarfile.TarInfo] = []
    written: dict[str, str] = {}
    for kind, index, size in entries:
        path = PATHS[index]
        if kind == "whiteout":
            members.append(whiteout(path))
        elif kind == "opaque":
            members.append(opaque(path) if index % 3 else file(".wh..wh..opq", 0))
        elif path in written or any(
            written.get(path[:i]) not in (None, "dir") for i in range(len(path)) if path[i] == "/"
        ):
            continue
        elif kind != "dir" and any(p.startswith(path + "/") for p in written):
            continue
        elif kind == "dir":
            written[path] = kind
            members.append(directory(path + "/"))
        elif kind == "symlink":
            written[path] = kind
            members.append(symlink(path, "/x"))
        elif kind == "hardlink":
            targets = [p for p, k in written.items() if k == "file"]
            if targets:
                written[path] = kind
                members.append(hardlink(path, targets[size % len(targets)]))
        else:
            written[path] = kind
            members.append(file(path, size * 10 + layer))
    return members


def modelled_waste(layers: list[list[tarfile.TarInfo]]) -> list[tuple[int, int, int]]:
    """(layer, size, removed_by) of each content that a layer adds and the image loses,
    found by laying the layers over a dict of every path and comparing the contents left."""
    fs: dict[str, object] = {}  # path -> "dir", None, or a content id
    sizes: dict[int, tuple[int, int]] = {}  # content id -> (layer, size)
    live_before: set[int] = set()
    found = []

    def remove_tree(path: str) -> None:
        for key in [k for k in fs if k == path or k.startswith(path + "/") or not path]:
            del fs[key]

    for index, members in enumerate(layers):
        for member in members:
            parent, _, name = member.name.rstrip("/").rpartition("/")
            if name == ".wh..wh..opq":
                for key in [k for k in fs if k.startswith(parent + "/") or not parent]:
                    del fs[key]
            elif name.startswith(".wh."):
                remove_tree(f"{parent}/{name[4:]}" if parent else name[4:])
        own: dict[str, object] = {}
        for member in members:
            path = member.name.rstrip("/")
            if path.rpartition("/")[2].startswith(".wh."):
                continue
            for i, char in enumerate(path):
                if char == "/" and fs.get(path[:i], "dir") != "dir":
                    del fs[path[:i]]
                if char == "/":
                    fs[path[:i]] = "dir"
            if member.isdir():
                if fs.get(path) != "dir":
                    remove_tree(path)
                    fs[path] = "dir"
                continue
            remove_tree(path)
            if member.islnk():
                fs[path] = own.get(member.linkname)
            elif member.isfile() and member.size:
                content = len(sizes)
                sizes[content] = (index, member.size)
                fs[path] = own[path] = content
            else:
                fs[path] = None
        live = {v for v in fs.values() if isinstance(v, int)}
        found.extend((*sizes[c], index) for c in sorted(live_before - live))
        live_before = live
    return sorted(found)


@given(
    st.lists(
        st.lists(
            st.tuples(st.sampled_from(KINDS), st.integers(0, len(PATHS) - 1), st.integers(0, 3)), max_size=7
        ),
        min_size=1,
        max_size=6,
    )
)
def test_wasted_agrees_with_a_model_of_the_filesystem(
    layer_entries: list[list[tuple[str, int, int]]],
) -> None:
    layers = [members_of(entries, index) for index, entries in enumerate(layer_entries)]
    total, files = wasted(layers)
    expected = modelled_waste(layers)
    assert sorted((f.layer, f.size, f.removed_by) for f in files) == expected
    assert total == sum(size for _, size, _ in expected)
    assert all(f.how in ("deleted", "replaced") and f.layer < f.removed_by for f in files)


def test_many_files_in_linear_time() -> None:
    directories, per_directory = 1500, 100  # 150,000 files
    base = []
    for d in range(directories):
        base.append(directory(f"usr/lib/d{d}/"))
        base.extend(file(f"usr/lib/d{d}/f{i}", 10 + i) for i in range(per_directory))
    # layer 1 deletes half the directories and writes every file of the other half again
    later = []
    for d in range(directories):
        if d % 2:
            later.append(whiteout(f"usr/lib/d{d}"))
        else:
            later.extend(file(f"usr/lib/d{d}/f{i}", 1) for i in range(per_directory))
    later.append(whiteout("usr/lib/d0/f0"))  # hides layer 0's copy only: layer 1 wrote its own
    assert len(base) + len(later) > 200_000
    start = time.perf_counter()
    total, files = wasted([base, later])
    elapsed = time.perf_counter() - start
    assert len(files) == directories * per_directory
    assert total == directories * sum(10 + i for i in range(per_directory))
    assert elapsed < 2.0, f"{elapsed:.2f} s for {len(base) + len(later)} members"
    # one deleted directory of 100,000 files
    start = time.perf_counter()
    flat = [file(f"big/f{i}", 1) for i in range(100_000)]
    assert wasted([flat, [whiteout("big")]])[0] == 100_000
    assert time.perf_counter() - start < 2.0


# -- docker history and docker image inspect -----------------------------------------------

# `docker history --no-trunc -H=false --format '{{json .}}' IMAGE` of
#   FROM busybox:latest / ENV FOO=bar / RUN true / WORKDIR /w / WORKDIR /w / COPY a.txt a.txt /
#   RUN mkdir -p /d && echo x > /d/f && echo y > /d/g /
#   RUN rm -rf /d && mkdir /d && echo z > /d/g / EXPOSE 80 / CMD ["sh"]
HISTORY_LINES = r"""
{"Comment":"buildkit.dockerfile.v0","CreatedAt":"2026-11-28T11:48:15Z","CreatedBy":"CMD [\"sh\"]","CreatedSince":"2026-11-28T11:48:15Z","ID":"sha256:edfb9a65f4ec77c7fe1175af614e5fe9a8f194ce6c609c4068a98f4b5b1aed12","Size":"0"}
{"Comment":"buildkit.dockerfile.v0","CreatedAt":"2026-11-28T11:48:15Z","CreatedBy":"EXPOSE map[80/tcp:{}]","CreatedSince":"2026-11-28T11:48:15Z","ID":"\u003cmissing\u003e","Size":"0"}
{"Comment":"buildkit.dockerfile.v0","CreatedAt":"2026-11-28T11:48:15Z","CreatedBy":"RUN /bin/sh -c rm -rf /d \u0026\u0026 mkdir /d \u0026\u0026 echo z \u003e /d/g # buildkit","CreatedSince":"2026-11-28T11:48:15Z","ID":"\u003cmissing\u003e","Size":"2"}
{"Comment":"buildkit.dockerfile.v0","CreatedAt":"2026-11-28T11:48:14Z","CreatedBy":"RUN /bin/sh -c mkdir -p /d \u0026\u0026 echo x \u003e /d/f \u0026\u0026 echo y \u003e /d/g # buildkit","CreatedSince":"2026-11-28T11:48:14Z","ID":"\u003cmissing\u003e","Size":"4"}
{"Comment":"buildkit.dockerfile.v0","CreatedAt":"2026-11-28T11:48:14Z","CreatedBy":"COPY a.txt a.txt # buildkit","CreatedSince":"2026-11-28T11:48:14Z","ID":"\u003cmissing\u003e","Size":"6"}
{"Comment":"buildkit.dockerfile.v0","CreatedAt":"2026-11-28T11:48:14Z","CreatedBy":"WORKDIR /w","CreatedSince":"2026-11-28T11:48:14Z","ID":"\u003cmissing\u003e","Size":"0"}
{"Comment":"buildkit.dockerfile.v0","CreatedAt":"2026-11-28T11:48:14Z","CreatedBy":"WORKDIR /w","CreatedSince":"2026-11-28T11:48:14Z","ID":"\u003cmissing\u003e","Size":"0"}
{"Comment":"buildkit.dockerfile.v0","CreatedAt":"2026-11-28T11:45:18Z","CreatedBy":"RUN /bin/sh -c true # buildkit","CreatedSince":"2026-11-28T11:45:18Z","ID":"\u003cmissing\u003e","Size":"0"}
{"Comment":"buildkit.dockerfile.v0","CreatedAt":"2026-11-28T11:45:18Z","CreatedBy":"ENV FOO=bar","CreatedSince":"2026-11-28T11:45:18Z","ID":"\u003cmissing\u003e","Size":"0"}
{"Comment":"buildkit.dockerfile.v0","CreatedAt":"2026-11-28T02:47:32Z","CreatedBy":"CMD [\"sh\"]","CreatedSince":"2026-11-28T02:47:32Z","ID":"\u003cmissing\u003e","Size":"0"}
{"Comment":"buildkit.dockerfile.v0","CreatedAt":"2026-11-28T02:47:32Z","CreatedBy":"RUN /bin/busybox --install -s /bin # buildkit","CreatedSince":"2026-11-28T02:47:32Z","ID":"\u003cmissing\u003e","Size":"0"}
{"Comment":"buildkit.dockerfile.v0","CreatedAt":"2026-11-28T02:47:32Z","CreatedBy":"COPY /out/ / # buildkit","CreatedSince":"2026-11-28T02:47:32Z","ID":"\u003cmissing\u003e","Size":"1982256"}
""".strip().splitlines()

# the same image's config from `docker save` ("created" and "comment" left out)
SAVED_CONFIG = {
    "history": [
        {"created_by": "COPY /out/ / # buildkit"},
        {"created_by": "RUN /bin/busybox --install -s /bin # buildkit"},
        {"created_by": 'CMD ["sh"]', "empty_layer": True},
        {"created_by": "ENV FOO=bar", "empty_layer": True},
        {"created_by": "RUN /bin/sh -c true # buildkit"},
        {"created_by": "WORKDIR /w"},
        {"created_by": "WORKDIR /w"},
        {"created_by": "COPY a.txt a.txt # buildkit"},
        {"created_by": "RUN /bin/sh -c mkdir -p /d && echo x > /d/f && echo y > /d/g # buildkit"},
        {"created_by": "RUN /bin/sh -c rm -rf /d && mkdir /d && echo z > /d/g # buildkit"},
        {"created_by": "EXPOSE map[80/tcp:{}]", "empty_layer": True},
        {"created_by": 'CMD ["sh"]', "empty_layer": True},
    ],
    "rootfs": {
        "type": "layers",
        "diff_ids": [
            "sha256:fed7420e5146591a14a8961e64550e4909588323ea845e2270bee1c4899f221c",
            "sha256:a3ac08ee99441aaf3a11450c055fec8a75e1b8f6e2ae950aada996b9117a8ad2",
            "sha256:5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef",
            "sha256:07a0e64179de4a5edff193ba2c4c3d5864e4178575d4c27a8a18e570e7177d02",
            "sha256:5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef",
            "sha256:3ed60d653ec4de5c75b09327f8b44a4226d7f4cdd338984e6c8b383ce422e93b",
            "sha256:23838b45e1668574a6e9c52fc83e676693fc9c0dd00fa18ed46395e8c9e244a0",
            "sha256:c2564a71e7232d45b40c8048ff7a78b29a8b2276717a7c225273975adcbfffb3",
        ],
    },
}

# `docker image inspect` .Config of that image, and of the same Dockerfile with WORKDIR /app
# and LABEL x=y
INSPECT_W = {
    "Config": json.loads(
        '{"Hostname": "", "Domainname": "", "User": "", "AttachStdin": false, "AttachStdout": false, "AttachStderr": false,'
        ' "ExposedPorts": {"80/tcp": {}}, "Tty": false, "OpenStdin": false, "StdinOnce": false,'
        ' "Env": ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "FOO=bar"], "Cmd": ["sh"],'
        ' "ArgsEscaped": true, "Image": "", "Volumes": null, "WorkingDir": "/w", "Entrypoint": null, "OnBuild": null,'
        ' "Labels": null}'
    )
}
INSPECT_APP = {
    "Config": json.loads(
        '{"Hostname": "", "Domainname": "", "User": "", "AttachStdin": false, "AttachStdout": false, "AttachStderr": false,'
        ' "ExposedPorts": {"80/tcp": {}}, "Tty": false, "OpenStdin": false, "StdinOnce": false,'
        ' "Env": ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "FOO=bar"], "Cmd": ["sh"],'
        ' "ArgsEscaped": true, "Image": "", "Volumes": null, "WorkingDir": "/app", "Entrypoint": null, "OnBuild": null,'
        ' "Labels": {"x": "y"}}'
    )
}
# FROM busybox / ENV B=2 A=1 / USER nobody / VOLUME /data / STOPSIGNAL SIGINT /
# HEALTHCHECK --interval=5s CMD true / ENTRYPOINT ["sh", "-c"] / CMD ["echo hi"]
INSPECT_ALL_KEYS = {
    "Config": json.loads(
        '{"Hostname": "", "Domainname": "", "User": "nobody", "AttachStdin": false, "AttachStdout": false,'
        ' "AttachStderr": false, "Tty": false, "OpenStdin": false, "StdinOnce": false,'
        ' "Env": ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "B=2", "A=1"],'
        ' "Cmd": ["echo hi"], "Healthcheck": {"Test": ["CMD-SHELL", "true"], "Interval": 5000000000},'
        ' "ArgsEscaped": true, "Image": "", "Volumes": {"/data": {}}, "WorkingDir": "/", "Entrypoint": ["sh", "-c"],'
        ' "OnBuild": null, "Labels": null, "StopSignal": "SIGINT"}'
    )
}


def test_history_layers_take_the_empty_flags_from_the_saved_config() -> None:
    layers = history_layers(HISTORY_LINES, SAVED_CONFIG)
    assert [(layer.created_by.split(" #")[0][:24], layer.size, layer.empty) for layer in layers] == [
        ("COPY /out/ /", 1982256, False),
        ("RUN /bin/busybox --insta", 0, False),
        ('CMD ["sh"]', 0, True),
        ("ENV FOO=bar", 0, True),
        ("RUN /bin/sh -c true", 0, False),  # a layer of size 0: an empty tar
        ("WORKDIR /w", 0, False),  # the directory only
        ("WORKDIR /w", 0, False),  # an empty tar
        ("COPY a.txt a.txt", 6, False),
        ("RUN /bin/sh -c mkdir -p ", 4, False),
        ("RUN /bin/sh -c rm -rf /d", 2, False),
        ("EXPOSE map[80/tcp:{}]", 0, True),
        ('CMD ["sh"]', 0, True),
    ]
    assert sum(not layer.empty for layer in layers) == len(SAVED_CONFIG["rootfs"]["diff_ids"])
    assert all(layer.compressed is None for layer in layers)


def test_history_layers_carry_the_compressed_sizes_of_the_layers_with_content() -> None:
    compressed = [1000 + i for i in range(8)]
    layers = history_layers(HISTORY_LINES, SAVED_CONFIG, compressed=compressed)
    assert [layer.compressed for layer in layers if not layer.empty] == compressed
    assert {layer.compressed for layer in layers if layer.empty} == {None}
    with pytest.raises(ValueError, match="7 compressed sizes for 8 layers"):
        history_layers(HISTORY_LINES, SAVED_CONFIG, compressed=compressed[:7])


def test_history_layers_refuse_what_does_not_match() -> None:
    with pytest.raises(ValueError, match="-H=false"):
        history_layers(
            [HISTORY_LINES[0].replace('"Size":"0"', '"Size":"0B"'), *HISTORY_LINES[1:]], SAVED_CONFIG
        )
    other = {**SAVED_CONFIG, "history": SAVED_CONFIG["history"][:-1]}
    with pytest.raises(ValueError, match="12 entries, the image config 11"):
        history_layers(HISTORY_LINES, other)
    truncated = [HISTORY_LINES[0], HISTORY_LINES[1].replace("EXPOSE map", "EXPOSE m…"), *HISTORY_LINES[2:]]
    with pytest.raises(ValueError, match="history entry 10"):
        history_layers(truncated, SAVED_CONFIG)
    no_history = {"rootfs": SAVED_CONFIG["rootfs"]}
    with pytest.raises(ValueError, match="records 0 layers, its rootfs has 8"):
        history_layers([], no_history)
    sized_metadata = [HISTORY_LINES[0].replace('"Size":"0"', '"Size":"12"'), *HISTORY_LINES[1:]]
    with pytest.raises(ValueError, match="has no layer but a size of 12"):
        history_layers(sized_metadata, SAVED_CONFIG)


def test_config_of_picks_the_compared_keys() -> None:
    config = config_of(INSPECT_ALL_KEYS)
    assert list(config) == list(CONFIG_KEYS)
    assert config == {
        "Entrypoint": ["sh", "-c"],
        "Cmd": ["echo hi"],
        "Env": ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "B=2", "A=1"],
        "WorkingDir": None,  # "/"
        "User": "nobody",
        "ExposedPorts": None,
        "Volumes": {"/data": {}},
        "Labels": None,
        "Healthcheck": {"Test": ["CMD-SHELL", "true"], "Interval": 5000000000},
        "StopSignal": "SIGINT",
    }
    # the list docker image inspect prints, and the config of a saved image, read the same
    assert config_of([INSPECT_ALL_KEYS]) == config
    assert config_of({"config": INSPECT_ALL_KEYS["Config"]}) == config


def test_config_differences_between_real_inspections() -> None:
    assert config_differences(config_of(INSPECT_APP), config_of(INSPECT_W)) == [
        ConfigDifference("WorkingDir", "/app", "/w"),
        ConfigDifference("Labels", {"x": "y"}, None),
    ]
    assert config_differences(config_of(INSPECT_W), config_of(INSPECT_W)) == []


def test_env_and_mappings_compare_without_order() -> None:
    env_split = json.loads(json.dumps(INSPECT_ALL_KEYS))
    env_split["Config"]["Env"] = [env_split["Config"]["Env"][0], "A=1", "B=2"]  # ENV A=1 / ENV B=2
    env_split["Config"]["Volumes"] = {"/data": {}}
    assert config_differences(config_of(INSPECT_ALL_KEYS), config_of(env_split)) == []
    before = {
        "Env": ["A=1", "B=2"],
        "Labels": {"a": "1", "b": "2"},
        "ExposedPorts": {"80/tcp": {}, "443/tcp": {}},
    }
    after = {
        "Env": ["B=2", "A=1"],
        "Labels": {"b": "2", "a": "1"},
        "ExposedPorts": {"443/tcp": {}, "80/tcp": {}},
    }
    assert config_differences(before, after) == []
    changed = {**after, "Env": ["B=2", "A=2"]}
    assert config_differences(before, changed) == [ConfigDifference("Env", ["A=1", "B=2"], ["B=2", "A=2"])]


def test_lists_keep_their_order_and_unset_values_are_equal() -> None:
    assert config_differences({"Cmd": ["a", "b"]}, {"Cmd": ["b", "a"]}) == [
        ConfigDifference("Cmd", ["a", "b"], ["b", "a"])
    ]
    unset = [None, "", [], {}]
    for value in unset:
        assert config_of({"Config": dict.fromkeys(CONFIG_KEYS, value)}) == dict.fromkeys(CONFIG_KEYS)
    assert config_of({"Config": None}) == dict.fromkeys(CONFIG_KEYS)
    assert config_differences({"WorkingDir": "/"}, {"WorkingDir": ""}) == []
    assert config_differences({"Healthcheck": {"Test": ["NONE"]}}, {}) == []
    assert config_differences({"User": "root"}, {}) == [ConfigDifference("User", "root", None)]
