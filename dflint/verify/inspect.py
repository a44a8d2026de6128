"""Reading what the engine says about an image: pure functions of its output.

History and layers
------------------
``docker history`` alone cannot say which entries made a layer. Measured on Docker 26.1
(BuildKit, overlay2): a metadata instruction (``ENV``, ``LABEL``, ``EXPOSE``, ``CMD``) makes
no layer, but ``RUN true``, a ``WORKDIR`` of a directory that already exists and a
``WORKDIR`` that creates one each make a layer whose history ``Size`` is ``0``: the first
two an empty tar (both the same blob, listed twice in ``RootFS.Layers``), the third a tar
holding only the directory. The size is the regular-file content of the layer's tar, so a
layer of directories or symlinks (busybox's ``RUN busybox --install -s``) is ``0`` too, and
a hardlink adds nothing (``RUN ln a b`` is the size of ``a``, copied up). So "Size 0" is not
"no layer", and counting the entries against ``RootFS.Layers`` does not say which ones are
layers either.

The exact source is the image config's ``history`` array: each entry has
``"empty_layer": true`` when it made no layer, and the others are the ``rootfs.diff_ids`` in
order. That is how the daemon itself builds ``docker history`` (one output entry per config
entry, newest first, the size of the matching layer for a non-empty one, 0 otherwise). The
config comes from the image saved with ``docker save`` (``SavedImage.config`` in
:mod:`dflint.verify.layers`); ``docker image inspect`` has ``RootFS.Layers`` but no history.
:func:`history_layers` therefore takes both: the empty flags from the config, the sizes (the
daemon's on-disk sizes, which a layer's tar does not give) from ``docker history
--no-trunc -H=false --format '{{json .}}'``, whose ``Size`` is then a string of bytes
(``"102400"``), and checks that the two describe the same entries.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from dflint.verify.result import CONFIG_KEYS, ConfigDifference, Layer


def config_of(inspect: dict | list) -> dict[str, object]:
    """The :data:`~dflint.verify.result.CONFIG_KEYS` of an image's config.

    ``inspect`` is one image of ``docker image inspect`` (its ``Config``) or an image config
    JSON (its ``config``); the list ``docker image inspect`` prints is accepted when it holds
    one image. Values that mean "not set" become None, so that two images that behave the
    same compare equal: ``null``, ``""``, ``[]`` and ``{}`` (the engine prints either,
    depending on how the image was built), a ``WorkingDir`` of ``/`` (the default working
    directory; BuildKit records it after a ``RUN``) and a ``Healthcheck`` of ``["NONE"]``
    (``HEALTHCHECK NONE``: no check).
    """
    if isinstance(inspect, list):
        if len(inspect) != 1:
            raise ValueError(f"expected the inspection of one image, got {len(inspect)}")
        inspect = inspect[0]
    config = inspect.get("Config") if "Config" in inspect else inspect.get("config")
    config = config or {}
    return {key: _normal(key, config.get(key)) for key in CONFIG_KEYS}


def _normal(key: str, value: object) -> object:
    if value is None or value == "" or value == [] or value == {}:
        return None
    if key == "WorkingDir" and value == "/":
        return None
    if key == "Healthcheck" and isinstance(value, dict) and value.get("Test") == ["NONE"]:
        return None
    return value


def _comparable(key: str, value: object) -> object:
    value = _normal(key, value)
    if key == "Env" and isinstance(value, list):
        # the process sees a mapping: the order of ENV instructions does not matter
        pairs = (entry.partition("=") for entry in value)
        return {name: (text if sep else None) for name, sep, text in pairs}
    return value  # mappings (ExposedPorts, Volumes, Labels) compare without order as dicts


def config_differences(before: dict, after: dict) -> list[ConfigDifference]:
    """The CONFIG_KEYS whose values differ between two :func:`config_of` results, in
    CONFIG_KEYS order. ``Env`` compares as a mapping (the order of the variables does not
    matter, a later duplicate wins), ``ExposedPorts``, ``Volumes`` and ``Labels`` as
    mappings; lists (``Entrypoint``, ``Cmd``) keep their order."""
    differences = []
    for key in CONFIG_KEYS:
        old, new = before.get(key), after.get(key)
        if _comparable(key, old) != _comparable(key, new):
            differences.append(ConfigDifference(key=key, before=old, after=new))
    return differences


def history_layers(
    history_lines: Sequence[str],
    image_config: dict,
    compressed: Sequence[int] | None = None,
) -> list[Layer]:
    """The history of an image as :class:`~dflint.verify.result.Layer` s, oldest first.

    ``history_lines`` is the output of ``docker history --no-trunc -H=false --format
    '{{json .}}' IMAGE``, one JSON object per line, newest first; ``image_config`` the image
    config JSON of the same image (from ``docker save``), whose ``history`` says which entries
    made a layer (see the module docstring). ``compressed``, when given, holds one compressed
    blob size per layer with content, oldest first.

    Raises ValueError when the two disagree (another image, a truncated ``CreatedBy``, a
    humanised ``Size``) or when the config's history does not account for every layer
    (an image built without history records).
    """
    entries = [json.loads(line) for line in history_lines if line.strip()]
    entries.reverse()
    recorded = image_config.get("history") or []
    diff_ids = (image_config.get("rootfs") or {}).get("diff_ids") or []
    if len(entries) != len(recorded):
        raise ValueError(f"docker history has {len(entries)} entries, the image config {len(recorded)}")
    with_content = sum(not record.get("empty_layer", False) for record in recorded)
    if with_content != len(diff_ids):
        raise ValueError(
            f"the image config's history records {with_content} layers, its rootfs has {len(diff_ids)}"
        )
    if compressed is not None and len(compressed) != len(diff_ids):
        raise ValueError(f"{len(compressed)} compressed sizes for {len(diff_ids)} layers")
    layers = []
    index = 0
    for position, (entry, record) in enumerate(zip(entries, recorded, strict=True)):
        created_by = entry.get("CreatedBy", "")
        if created_by != record.get("created_by", ""):
            raise ValueError(
                f"history entry {position} (oldest first) is {created_by!r} in docker history"
                f" but {record.get('created_by', '')!r} in the image config"
            )
        size = _bytes(entry.get("Size", 0))
        empty = bool(record.get("empty_layer", False))
        if empty and size:
            raise ValueError(f"history entry {position} ({created_by!r}) has no layer but a size of {size}")
        blob = None
        if not empty:
            blob = compressed[index] if compressed is not None else None
            index += 1
        layers.append(Layer(created_by=created_by, size=size, empty=empty, compressed=blob))
    return layers


def _bytes(size: object) -> int:
    if isinstance(size, int):
        return size
    if isinstance(size, str) and size.isdigit():
        return int(size)
    raise ValueError(f"docker history Size {size!r} is not a number of bytes: run it with -H=false")
