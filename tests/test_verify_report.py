"""The renderers of ``dflint verify`` (dflint/verify/report.py), on Verifications built by hand.

Cases: a saving (484 MB -> 184 MB on disk, 160 MB -> 60 MB to download), a growth
(300 MB -> 312.3 MB), a download size that was not measured, a smoke run whose stdout
(or exit code) differs, config differences, path differences and several builds.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from dflint.verify import report
from dflint.verify.report import (
    exit_code,
    render_json,
    render_markdown,
    render_text,
    shorten_instruction,
    size_change,
    verdict,
)
from dflint.verify.result import (
    Build,
    ConfigDifference,
    ImageReport,
    Layer,
    PathDifference,
    SmokeResult,
    SmokeRun,
    Verification,
    WastedFile,
)

WIDTH = 100
FIXED = "<fixed in memory>"
FIX = "DF203 ×2"  # noqa: RUF001 - as Verification.fixes writes it


def image(
    label: str,
    size: int,
    compressed: int | None = None,
    *,
    note: str | None = None,
    layers: tuple[tuple[str, int, bool], ...] = (),
    wasted: tuple[WastedFile, ...] = (),
    seconds: tuple[float, ...] = (10.0,),
    config: dict[str, object] | None = None,
) -> ImageReport:
    history = [Layer(created_by, n, empty) for created_by, n, empty in layers]
    return ImageReport(
        label=label,
        dockerfile="Dockerfile" if label == "before" else FIXED,
        tag=f"dflint-verify-{label}",
        image_id="sha256:" + ("0123456789ab" if label == "before" else "ba9876543210") + "0" * 52,
        size=size,
        compressed=compressed,
        compressed_note=note,
        layers=history,
        layer_count=sum(not layer.empty for layer in history),
        wasted=sum(w.size for w in wasted),
        wasted_files=list(wasted),
        builds=[Build(s, f"sha256:{i}") for i, s in enumerate(seconds)],
        config=config if config is not None else {"Cmd": ["python", "app.py"], "User": "app"},
    )


BEFORE_LAYERS = (
    ("/bin/sh -c #(nop) ADD file:1f2e3d in / ", 74_800_000, False),
    ('/bin/sh -c #(nop)  CMD ["bash"]', 0, True),
    ("RUN /bin/sh -c apt-get update &&     apt-get install -y gcc # buildkit", 300_000_000, False),
    ("RUN /bin/sh -c rm -rf /var/lib/apt/lists/* # buildkit", 600, False),
    ("COPY . /app # buildkit", 109_199_400, False),
    ("ENV PATH=/app/bin:$PATH", 0, True),
    ('CMD ["python", "app.py"]', 0, True),
)
AFTER_LAYERS = (
    ("/bin/sh -c #(nop) ADD file:1f2e3d in / ", 74_800_000, False),
    (
        "RUN |1 V=2 /bin/sh -c apt-get update && apt-get install -y gcc && rm -rf /var/lib/apt/lists/*",
        100_000,
        False,
    ),
    ("COPY . /app # buildkit", 109_100_000, False),
    ('CMD ["python", "app.py"]', 0, True),
)
APT_LISTS = WastedFile(1, "/var/lib/apt/lists/deb.debian.org_Packages", 40_000_000, 2, "deleted")


def saving(**changes: object) -> Verification:
    before = image("before", 484_000_000, 160_000_000, layers=BEFORE_LAYERS, wasted=(APT_LISTS,))
    after = image("after", 184_000_000, 60_000_000, layers=AFTER_LAYERS)
    return replace(Verification(before, after, fixes=[FIX]), **changes)


def growth() -> Verification:
    before = image("before", 300_000_000, 100_000_000, layers=AFTER_LAYERS)
    after = image("after", 312_300_000, 104_000_000, layers=AFTER_LAYERS)
    return Verification(before, after)


def not_measured(note_after: str = "the classic image store cannot export OCI archives") -> Verification:
    v = saving()
    v.before.compressed = None
    v.before.compressed_note = "the classic image store cannot export OCI archives"
    v.after.compressed = None
    v.after.compressed_note = note_after
    return v


def smoke(before: SmokeRun, after: SmokeRun) -> Verification:
    return saving(smoke=SmokeResult("python -c 'import app'", before, after))


def row(text: str, name: str) -> list[str]:
    """The cells of the summary row ``name`` (cells are at least two spaces apart)."""
    for line in text.splitlines():
        if line.startswith(name + " "):
            return re.split(r"\s{2,}", line.strip())
    raise AssertionError(f"no row {name!r} in:\n{text}")


# -- numbers ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("delta", "before", "expected"),
    [
        (-300_000_000, 484_000_000, "-300 MB (-62.0%)"),
        (12_300_000, 300_000_000, "+12.3 MB (+4.1%)"),
        (1_200_000_000, 100_000_000, "+1.20 GB (+1200.0%)"),
        (-512, 2048, "-512 B (-25.0%)"),
        (0, 5_000, "0 B (0.0%)"),
        (5_000_000, 0, "+5.0 MB"),  # no percentage of nothing
    ],
)
def test_size_change_is_signed(delta: int, before: int, expected: str) -> None:
    assert size_change(delta, before) == expected


@pytest.mark.parametrize(
    ("created_by", "shown"),
    [
        ('/bin/sh -c #(nop)  CMD ["bash"]', 'CMD ["bash"]'),
        ("/bin/sh -c apt-get update", "RUN apt-get update"),
        ("RUN /bin/sh -c pip install x # buildkit", "RUN pip install x"),
        ("|2 A=1 B=2 /bin/sh -c make", "RUN make"),
        ("RUN |1 V=1 /bin/sh -c make install # buildkit", "RUN make install"),
        ("/bin/bash -o pipefail -c curl -sf x | sh", "RUN curl -sf x | sh"),
        ("COPY . /app # buildkit", "COPY . /app"),
        ("WORKDIR /app", "WORKDIR /app"),
        (
            "RUN /bin/sh -c apt-get update &&     \\\n\tapt-get install -y gcc",
            "RUN apt-get update && \\ apt-get install -y gcc",
        ),
    ],
)
def test_instructions_are_shown_as_a_dockerfile_writes_them(created_by: str, shown: str) -> None:
    assert shorten_instruction(created_by) == shown


# -- the saving case -------------------------------------------------------------------


def test_text_summary_of_a_saving() -> None:
    text = render_text(saving(), WIDTH)
    assert text.splitlines()[0] == f"dflint verify: Dockerfile → {FIXED}"
    assert f"fixes applied: {FIX}" in text
    assert row(text, "on disk") == ["on disk", "484 MB", "184 MB", "-300 MB (-62.0%)"]
    assert row(text, "to download") == ["to download", "160 MB", "60.0 MB", "-100 MB (-62.5%)"]
    assert row(text, "layers") == ["layers", "4", "3", "-1"]
    assert row(text, "wasted") == ["wasted", "40.0 MB (1 file)", "0 B (0 files)", "-40.0 MB (-100.0%)"]
    assert row(text, "build time") == ["build time", "10.0 s", "10.0 s", "0.0 s (0.0%)"]
    assert "not measured" not in text
    last = text.rstrip("\n").splitlines()[-1]
    assert last == "Saved 300 MB on disk (-62.0%) and 100 MB to download (-62.5%)."
    assert all(len(line) <= WIDTH for line in text.splitlines())
    assert "\x1b[" not in text


def test_a_saving_exits_0() -> None:
    v = saving()
    assert exit_code(v) == 0
    assert not v.grew
    doc = json.loads(render_json(v))
    assert (doc["exit_code"], doc["grew"], doc["behaviour_differs"]) == (0, False, False)
    assert doc["size_delta"] == -300_000_000
    assert doc["compressed_delta"] == -100_000_000


def test_layer_breakdown_numbers_layers_and_leaves_out_empty_entries() -> None:
    text = render_text(saving(), WIDTH)
    before = text.split("Layers before: Dockerfile (dflint-verify-before, 0123456789ab)\n")[1]
    before = before.split("\n\n")[0].splitlines()
    # header, rule, the 4 layers oldest first, then what was left out
    rows = [re.split(r"\s{2,}", line.strip()) for line in before[2:6]]
    assert rows == [
        ["0", "ADD file:1f2e3d in /", "74.8 MB", "█" * 5],
        ["1", "RUN apt-get update && apt-get install -y gcc", "300 MB", "█" * 20],  # the largest
        ["2", "RUN rm -rf /var/lib/apt/lists/*", "600 B", "█"],  # any bytes show a block
        ["3", "COPY . /app", "109 MB", "█" * 7],
    ]
    assert before[6] == "3 history entries without a layer not shown (CMD, ENV)"
    after = text.split(f"Layers after: {FIXED} (dflint-verify-after, ba9876543210)\n")[1].split("\n\n")[0]
    # the bars share one scale: the after image's largest layer is not a full bar
    assert re.search(r"^2 +COPY \. /app +109 MB +█{7}$", after, re.MULTILINE)
    assert "1 history entry without a layer not shown (CMD)" in after


def test_a_narrow_terminal_cuts_instructions_not_sizes() -> None:
    long_run = "RUN /bin/sh -c " + " ".join(f"pkg{i}" for i in range(60))
    v = saving()
    v.before.layers[2] = Layer(long_run, 300_000_000, False)
    text = render_text(v, 60)
    assert all(len(line) <= 60 for line in text.splitlines())
    line = next(ln for ln in text.splitlines() if ln.startswith("1 ") and "pkg0" in ln)
    assert "…" in line and line.endswith("300 MB   " + "█" * 20)
    assert row(text, "on disk")[-1] == "-300 MB (-62.0%)"  # the change column never wraps


def test_wasted_files_show_the_largest_ten_with_layer_and_how() -> None:
    files = tuple(
        WastedFile(0, f"/tmp/f{i:02}", (i + 1) * 1_000_000, 1, "deleted" if i % 2 else "replaced")
        for i in range(12)
    )
    v = saving()
    v.before.wasted_files, v.before.wasted = list(files), sum(w.size for w in files)
    text = render_text(v, WIDTH)
    section = text.split("Wasted before: 78.0 MB (12 files)\n")[1].split("\n\n")[0].splitlines()
    assert re.split(r"\s{2,}", section[0].strip()) == ["path", "size", "layer", "removed"]
    shown = [re.split(r"\s{2,}", line.strip()) for line in section[2:12]]
    assert shown[0] == ["/tmp/f11", "12.0 MB", "0", "deleted by layer 1"]
    assert shown[1] == ["/tmp/f10", "11.0 MB", "0", "replaced by layer 1"]
    assert [cells[0] for cells in shown] == [f"/tmp/f{i:02}" for i in range(11, 1, -1)]
    assert section[12] == "and 2 files more (3.0 MB)"


# -- growth ----------------------------------------------------------------------------


def test_a_growth_shows_as_growth() -> None:
    v = growth()
    text = render_text(v, WIDTH)
    assert row(text, "on disk") == ["on disk", "300 MB", "312 MB", "+12.3 MB (+4.1%)"]
    assert row(text, "to download") == ["to download", "100 MB", "104 MB", "+4.0 MB (+4.0%)"]
    expected = "The fix GREW the image by +12.3 MB (+4.1%) on disk and +4.0 MB (+4.0%) to download."
    assert text.rstrip("\n").splitlines()[-1] == expected
    assert verdict(v) == expected
    assert exit_code(v) == 1
    doc = json.loads(render_json(v))
    assert (doc["grew"], doc["exit_code"], doc["size_delta"]) == (True, 1, 12_300_000)
    assert "| on disk | 300 MB | 312 MB | **+12.3 MB (+4.1%)** |" in render_markdown(v).splitlines()


def test_a_growth_only_to_download_is_a_growth() -> None:
    v = saving()
    v.after.compressed = 170_000_000
    assert v.grew and exit_code(v) == 1
    assert verdict(v) == "The fix GREW the image by +10.0 MB (+6.2%) to download (on disk: -300 MB (-62.0%))."


def test_no_change() -> None:
    v = growth()
    v.after.size, v.after.compressed = v.before.size, v.before.compressed
    assert exit_code(v) == 0
    assert verdict(v) == "No change in size: 300 MB on disk."


# -- not measured ----------------------------------------------------------------------


def test_download_size_not_measured_says_why() -> None:
    v = not_measured()
    text = render_text(v, WIDTH)
    assert row(text, "to download") == ["to download", "not measured", "not measured", "not measured"]
    assert "download size not measured: the classic image store cannot export OCI archives" in text
    assert text.rstrip("\n").splitlines()[-1] == (
        "Saved 300 MB on disk (-62.0%); the download size was not measured."
    )
    doc = json.loads(render_json(v))
    assert doc["compressed_delta"] is None
    assert doc["before"]["compressed"] is None
    assert doc["after"]["compressed_note"] == "the classic image store cannot export OCI archives"
    md = render_markdown(v).splitlines()
    assert "| to download | not measured | not measured | **not measured** |" in md
    assert "_download size not measured: the classic image store cannot export OCI archives_" in md


def test_one_side_not_measured_names_the_side() -> None:
    v = saving()
    v.after.compressed, v.after.compressed_note = None, "export failed: no space left"
    text = render_text(v, WIDTH)
    assert row(text, "to download") == ["to download", "160 MB", "not measured", "not measured"]
    assert "download size not measured (after): export failed: no space left" in text
    assert "(before)" not in text


# -- behaviour -------------------------------------------------------------------------


def test_smoke_stdout_mismatch_shows_a_diff() -> None:
    v = smoke(SmokeRun(0, "a\nb\nc\nd\n", ""), SmokeRun(0, "a\nb\nX\nd\n", ""))
    assert v.behaviour_differs and exit_code(v) == 1
    text = render_text(v, WIDTH)
    lines = text.splitlines()
    at = lines.index("smoke: python -c 'import app': exit 0 → 0, stdout differs")
    assert lines[at + 1 : at + 7] == [
        "  --- before",
        "  +++ after",
        "  @@ -2,3 +2,3 @@",
        "   b",
        "  -c",
        "  +X",
    ]
    assert lines[-1].startswith("Behaviour differs: smoke stdout. Saved 300 MB on disk (-62.0%)")
    md = render_markdown(v)
    assert "- smoke `python -c 'import app'`: exit 0 → 0, stdout differs" in md
    assert "```diff\n--- before\n+++ after\n@@ -2,3 +2,3 @@\n b\n-c\n+X\n d\n```" in md
    doc = json.loads(render_json(v))
    assert doc["smoke"]["same"] is False
    assert doc["smoke"]["after"] == {
        "exit_code": 0,
        "stdout": "a\nb\nX\nd\n",
        "stderr": "",
        "timed_out": False,
    }


def test_smoke_exit_code_and_timeout() -> None:
    v = smoke(SmokeRun(0, "ok\n", ""), SmokeRun(1, "ok\n", "boom"))
    assert "smoke: python -c 'import app': exit 0 → 1, stdout same" in render_text(v, WIDTH)
    assert "Behaviour differs: smoke exit code." in verdict(v)
    assert exit_code(v) == 1
    v = smoke(SmokeRun(0, "ok\n", ""), SmokeRun(None, "", "", timed_out=True))
    assert "exit 0 → timed out, stdout differs" in render_text(v, WIDTH)
    assert "Behaviour differs: smoke exit code and stdout." in verdict(v)


def test_a_long_stdout_diff_is_cut() -> None:
    v = smoke(SmokeRun(0, "".join(f"{i}\n" for i in range(40)), ""), SmokeRun(0, "", ""))
    text = render_text(v, WIDTH)
    assert "  ... 23 more lines" in text.splitlines()  # 3 header lines + 40 removals, 20 shown


def test_same_smoke_shows_no_diff() -> None:
    v = smoke(SmokeRun(0, "ok\n", ""), SmokeRun(0, "ok\n", "different stderr is fine"))
    text = render_text(v, WIDTH)
    assert "smoke: python -c 'import app': exit 0 → 0, stdout same" in text
    assert "--- before" not in text
    assert exit_code(v) == 0


def test_config_differences() -> None:
    differences = [
        ConfigDifference("Cmd", ["python", "app.py"], ["python3", "app.py"]),
        ConfigDifference("User", "app", None),
        ConfigDifference("Labels", {"a": "[bold]x[/bold]"}, {}),  # not rich markup
    ]
    v = saving(config_differences=differences)
    assert exit_code(v) == 1
    text = render_text(v, WIDTH)
    assert "same config" not in text
    assert row(text, "Cmd") == ["Cmd", '["python", "app.py"]', '["python3", "app.py"]']
    assert row(text, "User") == ["User", '"app"', "(unset)"]
    assert row(text, "Labels") == ["Labels", '{"a": "[bold]x[/bold]"}', "{}"]
    assert "Behaviour differs: config (Cmd, User, Labels)." in text
    md = render_markdown(v).splitlines()
    assert '| `Cmd` | `["python", "app.py"]` | `["python3", "app.py"]` |' in md
    assert '| `User` | `"app"` | `(unset)` |' in md
    doc = json.loads(render_json(v))
    assert doc["config_differences"][1] == {"key": "User", "before": "app", "after": None}


def test_same_config_is_said() -> None:
    assert "config: same config" in render_text(saving(), WIDTH).splitlines()
    assert "- config: same config" in render_markdown(saving()).splitlines()


def test_path_differences() -> None:
    v = saving(
        compared_paths=["/app", "/usr/bin/python3"],
        path_differences=[PathDifference("/usr/bin/python3", "symlink -> python3.12", None)],
    )
    assert exit_code(v) == 1
    text = render_text(v, WIDTH)
    assert "paths: 2 paths compared: 1 differ" in text
    assert row(text, "/usr/bin/python3") == ["/usr/bin/python3", "symlink -> python3.12", "missing"]
    assert verdict(v).startswith("Behaviour differs: 1 compared path. ")
    md = render_markdown(v).splitlines()
    assert "| `/usr/bin/python3` | symlink -&gt; python3.12 | missing |" in md
    same = saving(compared_paths=["/app"])
    assert "paths: 1 path compared: all the same" in render_text(same, WIDTH)
    assert exit_code(same) == 0


# -- builds ----------------------------------------------------------------------------


def test_several_builds_show_median_and_spread() -> None:
    v = saving()
    v.before.builds = [Build(s, "x") for s in (43.5, 41.0, 40.2)]
    v.after.builds = [Build(s, "x") for s in (38.0, 39.0, 37.1, 38.4)]
    text = render_text(v, WIDTH)
    assert row(text, "build time") == [
        "build time",
        "41.0 s (40.2–43.5 s, 3 builds)",  # noqa: RUF001
        "38.2 s (37.1–39.0 s, 4 builds)",  # noqa: RUF001
        "-2.8 s (-6.8%)",
    ]
    doc = json.loads(render_json(v))
    assert doc["before"]["build_seconds"] == {"median": 41.0, "min": 40.2, "max": 43.5, "count": 3}
    assert doc["build_seconds_delta"] == pytest.approx(-2.8)
    v.after.builds = []
    assert row(render_text(v, WIDTH), "build time")[-1] == "-"
    assert json.loads(render_json(v))["build_seconds_delta"] is None


# -- JSON ------------------------------------------------------------------------------

TOP_KEYS = [
    "version",
    "verdict",
    "exit_code",
    "grew",
    "behaviour_differs",
    "size_delta",
    "compressed_delta",
    "layer_count_delta",
    "wasted_delta",
    "build_seconds_delta",
    "fixes",
    "before",
    "after",
    "config_differences",
    "smoke",
    "compared_paths",
    "path_differences",
]
IMAGE_KEYS = [
    "label",
    "dockerfile",
    "tag",
    "image_id",
    "size",
    "compressed",
    "compressed_note",
    "layer_count",
    "wasted",
    "build_seconds",
    "layers",
    "wasted_files",
    "builds",
    "config",
]


def full() -> Verification:
    return saving(
        config_differences=[ConfigDifference("Cmd", ["a"], ["b"])],
        smoke=SmokeResult("true", SmokeRun(0, "a\n", ""), SmokeRun(0, "b\n", "")),
        compared_paths=["/app"],
        path_differences=[PathDifference("/app", "dir", None)],
    )


def test_json_has_the_documented_keys_in_order() -> None:
    doc = json.loads(render_json(full()))
    assert list(doc) == TOP_KEYS
    assert list(doc["before"]) == list(doc["after"]) == IMAGE_KEYS
    assert list(doc["before"]["layers"][0]) == ["created_by", "size", "empty", "compressed"]
    assert list(doc["before"]["wasted_files"][0]) == ["layer", "path", "size", "removed_by", "how"]
    assert list(doc["before"]["builds"][0]) == ["seconds", "image_id"]
    assert list(doc["smoke"]) == ["command", "same", "before", "after"]
    assert list(doc["path_differences"][0]) == ["path", "before", "after"]
    assert doc["version"] == 1
    # the schema in the module docstring names every key the document has
    documented = set(re.findall(r'"(\w+)"', report.__doc__ or ""))
    keys = {*TOP_KEYS, *IMAGE_KEYS, "created_by", "empty", "removed_by", "how", "seconds", "median"}
    assert keys - documented == set()


def test_json_sizes_are_integers_and_round_trip() -> None:
    v = full()
    text = render_json(v)
    assert text.endswith("}\n")
    doc = json.loads(text)
    for side in ("before", "after"):
        img = doc[side]
        for value in (
            img["size"],
            img["compressed"],
            img["wasted"],
            *(layer["size"] for layer in img["layers"]),
        ):
            assert type(value) is int
        assert img["layers"] == [
            {"created_by": layer.created_by, "size": layer.size, "empty": layer.empty, "compressed": None}
            for layer in getattr(v, side).layers
        ]
        assert img["config"] == getattr(v, side).config
    assert doc["before"]["wasted_files"] == [
        {"layer": 1, "path": APT_LISTS.path, "size": 40_000_000, "removed_by": 2, "how": "deleted"}
    ]
    assert type(doc["size_delta"]) is int and type(doc["compressed_delta"]) is int
    assert (doc["layer_count_delta"], doc["wasted_delta"]) == (-1, -40_000_000)
    assert doc["behaviour_differs"] is True and doc["exit_code"] == 1
    assert doc["verdict"] == verdict(v)
    assert doc["fixes"] == [FIX]
    assert doc["path_differences"] == [{"path": "/app", "before": "dir", "after": None}]
    assert render_json(v) == text  # deterministic


# -- Markdown --------------------------------------------------------------------------


def test_markdown_summary_table() -> None:
    md = render_markdown(saving())
    lines = md.splitlines()
    assert lines[0] == "## dflint verify"
    assert "**Saved 300 MB on disk (-62.0%) and 100 MB to download (-62.5%).**" in lines
    at = lines.index("|  | before | after | change |")
    assert lines[at + 1 : at + 7] == [
        "| --- | ---: | ---: | ---: |",
        "| on disk | 484 MB | 184 MB | **-300 MB (-62.0%)** |",
        "| to download | 160 MB | 60.0 MB | **-100 MB (-62.5%)** |",
        "| layers | 4 | 3 | **-1** |",
        "| wasted | 40.0 MB (1 file) | 0 B (0 files) | **-40.0 MB (-100.0%)** |",
        "| build time | 10.0 s | 10.0 s | **0.0 s (0.0%)** |",
    ]
    assert "\x1b" not in md
    # "<fixed in memory>" outside a code span would be swallowed as an HTML tag
    assert f"`Dockerfile` → `{FIXED}` · fixes applied: {FIX}" in lines
    assert "### Behaviour" in lines


def test_markdown_layers_are_collapsible_and_cells_escaped() -> None:
    v = saving()
    v.after.layers[1] = Layer("RUN /bin/sh -c echo a | tee b", 100_000, False)
    lines = render_markdown(v).splitlines()
    at = lines.index("<details>")
    assert lines[at + 1] == "<summary>Layers (before 4, after 3)</summary>"
    assert f"#### Layers after: `{FIXED}` (`dflint-verify-after`, ba9876543210)" in lines
    assert "| 1 | `RUN echo a \\| tee b` | 100 kB | █ |" in lines
    assert "| 1 | `RUN apt-get update && apt-get install -y gcc` | 300 MB | " + "█" * 20 + " |" in lines
    assert "_3 history entries without a layer not shown (CMD, ENV)_" in lines
    assert lines.count("</details>") == lines.count("<details>") == 2  # layers, wasted
    assert "<summary>Wasted: 40.0 MB (1 file) → 0 B (0 files), -40.0 MB (-100.0%)</summary>" in lines


def test_markdown_clips_long_instructions() -> None:
    v = saving()
    v.before.layers[2] = Layer("RUN /bin/sh -c " + "x" * 200, 300_000_000, False)
    line = next(ln for ln in render_markdown(v).splitlines() if ln.startswith("| 1 | `RUN xxx"))
    assert f"`RUN {'x' * 75}…`" in line


# -- colour and laziness ---------------------------------------------------------------


def test_colour_only_when_asked() -> None:
    assert "\x1b[" not in render_text(growth(), WIDTH)
    coloured = render_text(growth(), WIDTH, color=True)
    assert "\x1b[31m+12.3 MB (+4.1%)" in coloured  # a growth in red


def test_importing_the_module_does_not_import_rich() -> None:
    script = """
import sys
from dflint.verify import report
from dflint.verify.result import ImageReport, Verification

def image(label):
    return ImageReport(label, "Dockerfile", "t", "sha256:0", 10, None, "n", [], 0, 0, [], [], {})

v = Verification(image("before"), image("after"))
report.render_json(v), report.render_markdown(v), report.exit_code(v)
print("rich" in sys.modules)
report.render_text(v, 80)
print("rich" in sys.modules)
"""
    root = Path(__file__).resolve().parent.parent
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=root, check=True)
    # the second answer shows that the check sees rich once the text renderer has run
    assert out.stdout.split() == ["False", "True"]
