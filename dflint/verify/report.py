"""How a :class:`~dflint.verify.result.Verification` is shown: text (a terminal), JSON
(scripts) and Markdown (a pull-request comment), and the exit code it gives.

Every delta is after minus before and is written with its sign: ``-300 MB (-62.0%)`` is
a saving, ``+12.3 MB (+4.1%)`` a growth (a zero delta is ``0 B``). The percentage is of
the "before" value and is left out when that is 0. Sizes are decimal, as registries print
them (:func:`dflint.model.base_images.human_size`); below 1 kB they are written in bytes
(``512 B``), so that a small layer or delta does not read as ``0 kB``.

Layer numbers are the model's indexes: 0 is the oldest layer, and history entries
without a layer (ENV, CMD, LABEL, ...) are not counted, so ``WastedFile.layer`` and
``removed_by`` point at the numbers of the per-layer breakdown. The breakdown omits
those entries and says how many it left out: they add no bytes, and a bar for each would
drown the layers that do.

rich is imported only inside :func:`render_text`: importing this module (and the JSON and
Markdown renderers) stays cheap.

``exit_code``
    1 when the fix grew the image (on disk, or to download when measured) or the
    behaviour differs (an image-config key, the smoke command's exit code or stdout, a
    compared path); else 0. A build that fails never reaches a Verification: the caller
    reports it with its own exit code.

JSON schema, version 1
----------------------

One document (UTF-8, two-space indent, a final newline); keys in this order. Within
version 1 fields are only ever added; anything else bumps ``version``. Sizes are integers
(bytes), times floats (seconds).

.. code-block:: text

    {
      "version": 1,
      "verdict": str,                  # the text report's last line
      "exit_code": 0 | 1,              # exit_code() above
      "grew": bool,                    # Verification.grew
      "behaviour_differs": bool,       # Verification.behaviour_differs
      "size_delta": int,               # after.size - before.size
      "compressed_delta": int | null,  # null when either side was not measured
      "layer_count_delta": int,
      "wasted_delta": int,
      "build_seconds_delta": float | null,  # median after - median before; null without builds
      "fixes": [str],                  # what the fix applied (Verification.fixes)
      "before": IMAGE,
      "after": IMAGE,
      "config_differences": [{"key": str, "before": any, "after": any}],
      "smoke": null | {
        "command": str,
        "same": bool,                  # same exit code and stdout
        "before": RUN, "after": RUN
      },
      "compared_paths": [str],
      "path_differences": [{"path": str, "before": str | null, "after": str | null}]
    }

    IMAGE = {
      "label": "before" | "after",
      "dockerfile": str, "tag": str, "image_id": str,
      "size": int,                     # on disk
      "compressed": int | null,        # to download; null: not measured, see the note
      "compressed_note": str | null,
      "layer_count": int,              # layers with content
      "wasted": int,
      "build_seconds": null | {"median": float, "min": float, "max": float, "count": int},
      "layers": [{"created_by": str, "size": int, "empty": bool, "compressed": int | null}],
      "wasted_files": [{"layer": int, "path": str, "size": int, "removed_by": int,
                        "how": "deleted" | "replaced"}],
      "builds": [{"seconds": float, "image_id": str}],
      "config": {key: any}             # the CONFIG_KEYS of the image's config
    }

    RUN = {"exit_code": int | null, "stdout": str, "stderr": str, "timed_out": bool}

``layers`` are every history entry, oldest first (empty ones included, unlike the
breakdown); config values are JSON values as the engine's ``inspect`` gave them.
"""

from __future__ import annotations

import difflib
import io
import json
import re
import statistics
from typing import Any

from dflint.model.base_images import human_size
from dflint.verify.result import (
    ImageReport,
    Layer,
    SmokeResult,
    SmokeRun,
    Verification,
    WastedFile,
)

SCHEMA_VERSION = 1

#: wasted files listed per image, largest first
WASTED_SHOWN = 10
#: lines of the stdout diff shown when the smoke command's outputs differ
DIFF_LINES = 20
#: characters of the bar drawn for the largest layer of both images
BAR_WIDTH = 20
#: longest instruction shown in the Markdown breakdown (the terminal cuts to its width)
MARKDOWN_INSTRUCTION = 80


# -- numbers ---------------------------------------------------------------------------


def size(n: int | None) -> str:
    """A size in decimal units, bytes below 1 kB; "-" for None."""
    if n is not None and 0 <= n < 1000:
        return f"{n} B"
    return human_size(n)


def signed_size(delta: int) -> str:
    """A size delta with its sign: ``+12.3 MB``, ``-300 MB``, ``0 B``."""
    if delta == 0:
        return "0 B"
    return ("+" if delta > 0 else "-") + size(abs(delta))


def percent(delta: float, before: float) -> str | None:
    """The delta as a signed percentage of ``before`` (None when ``before`` is 0)."""
    if not before:
        return None
    if delta == 0:
        return "0.0%"
    return f"{delta / before * 100:+.1f}%"


def _with_percent(text: str, delta: float, before: float) -> str:
    pct = percent(delta, before)
    return f"{text} ({pct})" if pct else text


def size_change(delta: int, before: int) -> str:
    """``-300 MB (-62.0%)``."""
    return _with_percent(signed_size(delta), delta, before)


def _seconds(s: float) -> str:
    return f"{s:.1f} s"


def _signed_int(n: int) -> str:
    return f"{n:+d}" if n else "0"


def _files(n: int) -> str:
    return f"{n} file" if n == 1 else f"{n} files"


def _median(image: ImageReport) -> float | None:
    times = image.build_seconds
    return statistics.median(times) if times else None


def _build_time(image: ImageReport) -> str:
    """The median, and with several builds the spread (the fastest to the slowest build)."""
    times = image.build_seconds
    if not times:
        return "-"
    text = _seconds(statistics.median(times))
    if len(times) > 1:
        text += f" ({min(times):.1f}–{max(times):.1f} s, {len(times)} builds)"  # noqa: RUF001 - a range
    return text


def _build_time_delta(v: Verification) -> float | None:
    before, after = _median(v.before), _median(v.after)
    if before is None or after is None:
        return None
    return after - before


def _build_time_change(v: Verification) -> str:
    delta = _build_time_delta(v)
    if delta is None:
        return "-"
    before = _median(v.before) or 0.0
    text = "0.0 s" if round(delta, 1) == 0 else f"{delta:+.1f} s"
    return _with_percent(text, delta, before)


def _compressed(image: ImageReport) -> str:
    return "not measured" if image.compressed is None else size(image.compressed)


def compressed_notes(v: Verification) -> list[str]:
    """Why a download size was not measured, shown under the summary table: one line
    for both images when they share the reason."""
    missing = [image for image in (v.before, v.after) if image.compressed is None]
    reasons = {image.compressed_note or "no reason recorded" for image in missing}
    if len(missing) == 2 and len(reasons) == 1:
        return [f"download size not measured: {reasons.pop()}"]
    return [
        f"download size not measured ({image.label}): {image.compressed_note or 'no reason recorded'}"
        for image in missing
    ]


def _compressed_change(v: Verification) -> str:
    delta = v.compressed_delta
    if delta is None:
        return "not measured"
    return size_change(delta, v.before.compressed or 0)


def _wasted(image: ImageReport) -> str:
    return f"{size(image.wasted)} ({_files(len(image.wasted_files))})"


def summary_rows(v: Verification) -> list[tuple[str, str, str, str]]:
    """The summary table, (what, before, after, change) per row, shared by text and Markdown."""
    b, a = v.before, v.after
    return [
        ("on disk", size(b.size), size(a.size), size_change(v.size_delta, b.size)),
        ("to download", _compressed(b), _compressed(a), _compressed_change(v)),
        ("layers", str(b.layer_count), str(a.layer_count), _signed_int(a.layer_count - b.layer_count)),
        ("wasted", _wasted(b), _wasted(a), size_change(a.wasted - b.wasted, b.wasted)),
        ("build time", _build_time(b), _build_time(a), _build_time_change(v)),
    ]


# -- verdict and exit code -------------------------------------------------------------


def exit_code(v: Verification) -> int:
    """1 when the image grew or the behaviour differs, else 0 (see the module docstring)."""
    return 1 if v.grew or v.behaviour_differs else 0


def _behaviour_parts(v: Verification) -> list[str]:
    parts = []
    if v.config_differences:
        parts.append("config (" + ", ".join(d.key for d in v.config_differences) + ")")
    if v.smoke is not None and not v.smoke.same:
        what = []
        if v.smoke.before.exit_code != v.smoke.after.exit_code:
            what.append("exit code")
        if v.smoke.before.stdout != v.smoke.after.stdout:
            what.append("stdout")
        parts.append("smoke " + " and ".join(what))
    if v.path_differences:
        n = len(v.path_differences)
        parts.append(f"{n} compared path" if n == 1 else f"{n} compared paths")
    return parts


def _size_sentence(v: Verification) -> str:
    disk = size_change(v.size_delta, v.before.size)
    download = None
    if v.compressed_delta is not None:
        download = size_change(v.compressed_delta, v.before.compressed or 0)
    if v.grew:
        grown = []
        if v.size_delta > 0:
            grown.append(f"{disk} on disk")
        if (v.compressed_delta or 0) > 0:
            grown.append(f"{download} to download")
        text = "The fix GREW the image by " + " and ".join(grown)
        if v.size_delta <= 0:
            text += f" (on disk: {disk})"
        elif v.compressed_delta is not None and v.compressed_delta <= 0:
            text += f" (to download: {download})"
        return text + "."
    if v.size_delta == 0 and not v.compressed_delta:
        return f"No change in size: {size(v.before.size)} on disk."
    saved = f"Saved {size(-v.size_delta)} on disk"
    pct = percent(v.size_delta, v.before.size)
    if pct:
        saved += f" ({pct})"
    if v.compressed_delta is None:
        return saved + "; the download size was not measured."
    saved += f" and {size(-v.compressed_delta)} to download"
    pct = percent(v.compressed_delta, v.before.compressed or 0)
    return saved + (f" ({pct})." if pct else ".")


def verdict(v: Verification) -> str:
    """One line: the size outcome, after "Behaviour differs: ..." when it does."""
    text = _size_sentence(v)
    parts = _behaviour_parts(v)
    if parts:
        text = f"Behaviour differs: {'; '.join(parts)}. {text}"
    return text


# -- what both human formats share -----------------------------------------------------

_SHELL = re.compile(
    r"^(?:RUN )?(?:\|\d+ (?:\S+ )*?)?(?:/bin/|/usr/bin/)?(?:ba|da|a)?sh (?:-o \S+ )*-c (?P<nop>#\(nop\) *)?"
)


def shorten_instruction(created_by: str) -> str:
    """The instruction as a Dockerfile writes it, from a history's ``created_by``:
    ``/bin/sh -c #(nop)  ENV A=b`` is ``ENV A=b``, ``RUN |1 V=1 /bin/sh -c make # buildkit``
    is ``RUN make``; whitespace runs (line continuations) become one space."""
    text = " ".join(created_by.split()).removesuffix(" # buildkit")
    match = _SHELL.match(text)
    if match:
        rest = text[match.end() :]
        text = rest if match.group("nop") else f"RUN {rest}"
    return text


def numbered_layers(image: ImageReport) -> list[tuple[int, Layer]]:
    """The layers with content and their index (the one WastedFile uses), oldest first."""
    return list(enumerate(layer for layer in image.layers if not layer.empty))


def _largest_layer(v: Verification) -> int:
    return max(
        (layer.size for image in (v.before, v.after) for _, layer in numbered_layers(image)), default=0
    )


def bar(n: int, largest: int) -> str:
    """A bar proportional to ``largest``; a layer with any bytes gets at least one block."""
    if largest <= 0 or n <= 0:
        return ""
    return "█" * max(1, round(n / largest * BAR_WIDTH))


def _empty_note(image: ImageReport) -> str | None:
    empty = [layer for layer in image.layers if layer.empty]
    if not empty:
        return None
    kinds = sorted({shorten_instruction(layer.created_by).split(" ", 1)[0] for layer in empty})
    entries = "entry" if len(empty) == 1 else "entries"
    return f"{len(empty)} history {entries} without a layer not shown ({', '.join(kinds)})"


def _largest_wasted(image: ImageReport) -> list[WastedFile]:
    return sorted(image.wasted_files, key=lambda w: (-w.size, w.path))[:WASTED_SHOWN]


def _more_wasted(image: ImageReport) -> str | None:
    rest = sorted(image.wasted_files, key=lambda w: (-w.size, w.path))[WASTED_SHOWN:]
    if not rest:
        return None
    return f"and {_files(len(rest))} more ({size(sum(w.size for w in rest))})"


def _config_value(value: object) -> str:
    if value is None:
        return "(unset)"
    return json.dumps(value, ensure_ascii=False)


def _exit(run: SmokeRun) -> str:
    return "timed out" if run.timed_out or run.exit_code is None else str(run.exit_code)


def _smoke_line(smoke: SmokeResult) -> str:
    stdout = "stdout same" if smoke.before.stdout == smoke.after.stdout else "stdout differs"
    return f"exit {_exit(smoke.before)} → {_exit(smoke.after)}, {stdout}"


def stdout_diff(smoke: SmokeResult) -> list[str]:
    """A unified diff of the two stdouts, cut to DIFF_LINES lines (empty when they match)."""
    if smoke.before.stdout == smoke.after.stdout:
        return []
    lines = list(
        difflib.unified_diff(
            smoke.before.stdout.splitlines(),
            smoke.after.stdout.splitlines(),
            "before",
            "after",
            n=1,
            lineterm="",
        )
    )
    if not lines:  # they differ only in a final newline
        return ["--- before", "+++ after", "(stdout differs only in its line endings)"]
    if len(lines) > DIFF_LINES:
        lines = [*lines[:DIFF_LINES], f"... {len(lines) - DIFF_LINES} more lines"]
    return lines


def _path_value(value: str | None) -> str:
    return "missing" if value is None else value


def _short_id(image_id: str) -> str:
    return image_id.removeprefix("sha256:")[:12]


def _image_title(image: ImageReport) -> str:
    return f"{image.label}: {image.dockerfile} ({image.tag}, {_short_id(image.image_id)})"


def _paths_line(v: Verification) -> str | None:
    if not v.compared_paths:
        return None
    n = len(v.compared_paths)
    if not v.path_differences:
        return f"{n} path{'s' if n != 1 else ''} compared: all the same"
    return f"{n} path{'s' if n != 1 else ''} compared: {len(v.path_differences)} differ"


# -- text ------------------------------------------------------------------------------


def render_text(v: Verification, console_width: int | None = None, *, color: bool = False) -> str:
    """The report for a terminal: ``console_width`` columns (None: the terminal's), with
    ANSI colour only when ``color`` is true."""
    from rich import box
    from rich.console import Console, Group
    from rich.table import Table
    from rich.text import Text

    out = io.StringIO()
    console = Console(
        file=out,
        width=console_width,
        color_system="standard" if color else None,
        force_terminal=color,
        markup=False,  # instructions, paths and config values hold [brackets]
        emoji=False,
        highlight=False,
    )

    def table(*columns: str) -> Table:
        grid = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
        for name in columns:
            grid.add_column(name)
        return grid

    def delta(text: str) -> Text:
        style = "red" if text.startswith("+") else "green" if text.startswith("-") else ""
        return Text(text, style=style)

    parts: list[Any] = [Text(f"dflint verify: {v.before.dockerfile} → {v.after.dockerfile}", style="bold")]
    if v.fixes:
        parts.append(Text(f"fixes applied: {', '.join(v.fixes)}"))
    parts.append(Text(""))

    summary = table("", "before", "after", "change")
    for column in summary.columns[1:]:
        column.justify = "right"
    summary.columns[3].no_wrap = True
    for name, before, after, change in summary_rows(v):
        summary.add_row(name, before, after, delta(change))
    parts.append(summary)
    parts += [Text(line, style="dim") for line in compressed_notes(v)]

    # One layout for both breakdowns, so that their bars line up: the instruction column
    # gets what the other columns leave of the width, and an instruction cut ends in "…".
    both = [(image, numbered_layers(image)) for image in (v.before, v.after)]
    largest = _largest_layer(v)
    index_width = max((len(str(i)) for _, layers in both for i, _ in layers), default=1)
    size_width = max((len(size(layer.size)) for _, layers in both for _, layer in layers), default=4)
    longest = max(
        (len(shorten_instruction(layer.created_by)) for _, ls in both for _, layer in ls), default=11
    )
    instruction_width = max(11, min(longest, console.width - index_width - size_width - BAR_WIDTH - 9))
    for image, layers in both:
        parts += [Text(""), Text(f"Layers {_image_title(image)}", style="bold")]
        if layers:
            grid = table("#", "instruction", "size", "")
            number, instruction, size_column, bar_column = grid.columns
            number.justify = size_column.justify = "right"
            number.min_width, size_column.min_width = index_width, size_width
            instruction.width, instruction.no_wrap, instruction.overflow = instruction_width, True, "ellipsis"
            bar_column.width, bar_column.no_wrap = BAR_WIDTH, True
            for index, layer in layers:
                text = shorten_instruction(layer.created_by)
                grid.add_row(str(index), text, size(layer.size), Text(bar(layer.size, largest), style="cyan"))
            parts.append(grid)
        else:
            parts.append(Text("no layers", style="dim"))
        empty = _empty_note(image)
        if empty:
            parts.append(Text(empty, style="dim"))

    for image in (v.before, v.after):
        parts.append(Text(""))
        if not image.wasted_files:
            parts.append(Text(f"Wasted {image.label}: none", style="bold"))
            continue
        parts.append(Text(f"Wasted {image.label}: {_wasted(image)}", style="bold"))
        grid = table("path", "size", "layer", "removed")
        grid.columns[0].overflow = "fold"
        grid.columns[1].justify = grid.columns[2].justify = "right"
        for w in _largest_wasted(image):
            grid.add_row(w.path, size(w.size), str(w.layer), f"{w.how} by layer {w.removed_by}")
        parts.append(grid)
        more = _more_wasted(image)
        if more:
            parts.append(Text(more, style="dim"))

    parts += [Text(""), Text("Behaviour", style="bold")]
    if v.config_differences:
        parts.append(Text("config differs:", style="red"))
        grid = table("key", "before", "after")
        for column in grid.columns[1:]:
            column.overflow = "fold"
        for d in v.config_differences:
            grid.add_row(d.key, _config_value(d.before), _config_value(d.after))
        parts.append(grid)
    else:
        parts.append(Text("config: same config"))
    if v.smoke is not None:
        style = "" if v.smoke.same else "red"
        parts.append(Text(f"smoke: {v.smoke.command}: {_smoke_line(v.smoke)}", style=style))
        for line in stdout_diff(v.smoke):
            line_style = "red" if line.startswith("-") else "green" if line.startswith("+") else "dim"
            parts.append(Text("  " + line, style=line_style))
    paths = _paths_line(v)
    if paths:
        parts.append(Text(f"paths: {paths}", style="red" if v.path_differences else ""))
    if v.path_differences:
        grid = table("path", "before", "after")
        for column in grid.columns:
            column.overflow = "fold"
        for d in v.path_differences:
            grid.add_row(d.path, _path_value(d.before), _path_value(d.after))
        parts.append(grid)

    final = verdict(v)
    style = "bold red" if exit_code(v) else "bold green"
    parts.append(Text(""))
    parts.append(Text(final, style=style))
    console.print(Group(*parts))
    # rich pads table cells and wrapped lines to the width; nobody wants the trailing blanks
    return "".join(line.rstrip() + "\n" for line in out.getvalue().splitlines())


# -- JSON ------------------------------------------------------------------------------


def render_json(v: Verification) -> str:
    """The version-1 document of the module docstring."""
    return json.dumps(to_document(v), indent=2, ensure_ascii=False) + "\n"


def to_document(v: Verification) -> dict[str, Any]:
    delta = _build_time_delta(v)
    return {
        "version": SCHEMA_VERSION,
        "verdict": verdict(v),
        "exit_code": exit_code(v),
        "grew": v.grew,
        "behaviour_differs": v.behaviour_differs,
        "size_delta": v.size_delta,
        "compressed_delta": v.compressed_delta,
        "layer_count_delta": v.after.layer_count - v.before.layer_count,
        "wasted_delta": v.after.wasted - v.before.wasted,
        "build_seconds_delta": delta,
        "fixes": list(v.fixes),
        "before": _image_document(v.before),
        "after": _image_document(v.after),
        "config_differences": [
            {"key": d.key, "before": d.before, "after": d.after} for d in v.config_differences
        ],
        "smoke": None if v.smoke is None else _smoke_document(v.smoke),
        "compared_paths": list(v.compared_paths),
        "path_differences": [
            {"path": d.path, "before": d.before, "after": d.after} for d in v.path_differences
        ],
    }


def _image_document(image: ImageReport) -> dict[str, Any]:
    times = image.build_seconds
    build_seconds = None
    if times:
        build_seconds = {
            "median": statistics.median(times),
            "min": min(times),
            "max": max(times),
            "count": len(times),
        }
    return {
        "label": image.label,
        "dockerfile": image.dockerfile,
        "tag": image.tag,
        "image_id": image.image_id,
        "size": int(image.size),
        "compressed": None if image.compressed is None else int(image.compressed),
        "compressed_note": image.compressed_note,
        "layer_count": image.layer_count,
        "wasted": int(image.wasted),
        "build_seconds": build_seconds,
        "layers": [
            {
                "created_by": layer.created_by,
                "size": int(layer.size),
                "empty": layer.empty,
                "compressed": None if layer.compressed is None else int(layer.compressed),
            }
            for layer in image.layers
        ],
        "wasted_files": [
            {"layer": w.layer, "path": w.path, "size": int(w.size), "removed_by": w.removed_by, "how": w.how}
            for w in image.wasted_files
        ],
        "builds": [{"seconds": b.seconds, "image_id": b.image_id} for b in image.builds],
        "config": dict(image.config),
    }


def _smoke_document(smoke: SmokeResult) -> dict[str, Any]:
    def run(r: SmokeRun) -> dict[str, Any]:
        return {"exit_code": r.exit_code, "stdout": r.stdout, "stderr": r.stderr, "timed_out": r.timed_out}

    return {
        "command": smoke.command,
        "same": smoke.same,
        "before": run(smoke.before),
        "after": run(smoke.after),
    }


# -- Markdown --------------------------------------------------------------------------


def _cell(text: str) -> str:
    """Table-cell text: one line, pipes escaped (GitHub applies this inside code spans too)."""
    return " ".join(text.split()).replace("|", "\\|")


def _plain(text: str) -> str:
    """Table-cell text outside a code span: also ``<`` escaped, or GitHub would take
    ``<fixed in memory>`` for an HTML tag and show nothing."""
    return _cell(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _code(text: str) -> str:
    """A code span that holds any backticks in ``text``."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _fenced(lines: list[str], info: str = "") -> list[str]:
    longest = max((len(run) for line in lines for run in re.findall(r"`+", line)), default=0)
    fence = "`" * max(3, longest + 1)
    return [f"{fence}{info}", *lines, fence]


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _table(header: list[str], align: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(align) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


def render_markdown(v: Verification) -> str:
    """A pull-request comment: GitHub-flavoured Markdown, no ANSI."""
    out = ["## dflint verify", "", f"**{verdict(v)}**", ""]
    out.append(f"{_code(v.before.dockerfile)} → {_code(v.after.dockerfile)}")
    if v.fixes:
        out[-1] += " · fixes applied: " + ", ".join(v.fixes)
    out.append("")
    rows = [[name, _plain(b), _plain(a), f"**{_plain(c)}**"] for name, b, a, c in summary_rows(v)]
    out += _table(["", "before", "after", "change"], [" --- ", " ---: ", " ---: ", " ---: "], rows)
    out += ["", *(f"_{_plain(note)}_" for note in compressed_notes(v))]
    if compressed_notes(v):
        out.append("")

    largest = _largest_layer(v)
    counts = f"before {v.before.layer_count}, after {v.after.layer_count}"
    out += ["<details>", f"<summary>Layers ({counts})</summary>", ""]
    for image in (v.before, v.after):
        title = f"{image.label}: {_code(image.dockerfile)} ({_code(image.tag)}, {_short_id(image.image_id)})"
        out += [f"#### Layers {title}", ""]
        layers = numbered_layers(image)
        if layers:
            rows = [
                [
                    str(index),
                    _code(_cell(_clip(shorten_instruction(layer.created_by), MARKDOWN_INSTRUCTION))),
                    size(layer.size),
                    bar(layer.size, largest),
                ]
                for index, layer in layers
            ]
            out += _table(["#", "instruction", "size", ""], [" ---: ", " --- ", " ---: ", " --- "], rows)
        else:
            out.append("no layers")
        empty = _empty_note(image)
        if empty:
            out += ["", f"_{empty}_"]
        out.append("")
    out += ["</details>", ""]

    if v.before.wasted_files or v.after.wasted_files:
        change = size_change(v.after.wasted - v.before.wasted, v.before.wasted)
        out += [
            "<details>",
            f"<summary>Wasted: {_wasted(v.before)} → {_wasted(v.after)}, {change}</summary>",
            "",
        ]
        for image in (v.before, v.after):
            if not image.wasted_files:
                out += [f"#### Wasted {image.label}: none", ""]
                continue
            out += [f"#### Wasted {image.label}: {_wasted(image)}", ""]
            rows = [
                [_code(_cell(w.path)), size(w.size), str(w.layer), f"{w.how} by layer {w.removed_by}"]
                for w in _largest_wasted(image)
            ]
            out += _table(["path", "size", "layer", "removed"], [" --- ", " ---: ", " ---: ", " --- "], rows)
            more = _more_wasted(image)
            if more:
                out += ["", f"_{more}_"]
            out.append("")
        out += ["</details>", ""]

    out += ["### Behaviour", ""]
    if v.config_differences:
        out += ["Config differs:", ""]
        rows = [
            [_code(d.key), _code(_cell(_config_value(d.before))), _code(_cell(_config_value(d.after)))]
            for d in v.config_differences
        ]
        out += [*_table(["key", "before", "after"], [" --- ", " --- ", " --- "], rows), ""]
    else:
        out.append("- config: same config")
    if v.smoke is not None:
        out.append(f"- smoke {_code(v.smoke.command)}: {_smoke_line(v.smoke)}")
        diff = stdout_diff(v.smoke)
        if diff:
            out += ["", *_fenced(diff, "diff")]
    paths = _paths_line(v)
    if paths:
        out.append(f"- paths: {paths}")
    if v.path_differences:
        rows = [
            [_code(_cell(d.path)), _plain(_path_value(d.before)), _plain(_path_value(d.after))]
            for d in v.path_differences
        ]
        out += ["", *_table(["path", "before", "after"], [" --- ", " --- ", " --- "], rows)]
    return "\n".join(out) + "\n"
