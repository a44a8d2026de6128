"""BuildKit's typed-instruction layer (``instructions.Parse``) as a check over the tree.

``parser.Parse`` (mirrored by :func:`dflint.parse`) accepts input that BuildKit's
second layer, ``instructions.Parse`` (``frontend/dockerfile/instructions``), rejects:
unknown instructions, wrong argument counts, unknown or malformed flags, bad stage
names, forbidden ONBUILD triggers, a heredoc as a COPY destination... This module
reports those errors, with BuildKit's message text, as data: :func:`validate` never
raises for a tree :func:`dflint.parse` returned.

How the results relate to a build (see ``conformance/buildkit/SYNTAX.md`` §1.5-§1.12):

- BuildKit stops at the first error of the file; :func:`validate` reports, for every
  instruction, the error BuildKit would report if that instruction were the first bad
  one, so each instruction gives at most one error (plus one for an ONBUILD trigger).
- Within an instruction the checks run in BuildKit's order (for most instructions the
  argument count first, then the flags), so the message is the one BuildKit gives.
- A few errors come from the next layer (``dockerfile2llb``) but need no build
  context: a variable in ``COPY --from`` and the keys and constant values of
  ``RUN --mount`` (BuildKit checks those once it expands the option values). They are
  reported when ``instructions.Parse`` would accept the instruction.
- An ONBUILD trigger is only parsed by the builds that use the image as their base;
  its errors carry ``in_onbuild=True``.

Nothing here expands variables: a value BuildKit would expand first (a mount option,
a ``--from``) is only checked when it holds no ``$``, quote or escape character.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from dflint.syntax import buildkit as bk
from dflint.syntax import cst

__all__ = [
    "CommandLine",
    "DurationError",
    "InlineFile",
    "InstructionError",
    "SourceContent",
    "SourcesAndDest",
    "command_line",
    "copy_sources",
    "doc_comment",
    "flags_used",
    "healthcheck_test",
    "interval_error",
    "parse_duration",
    "parse_duration_ns",
    "validate",
    "validate_instruction",
]


@dataclass(frozen=True)
class InstructionError:
    """An error of BuildKit's typed layer for one instruction."""

    #: The most precise node to point at: the flag, the word, or the instruction.
    node: cst.Node
    #: The instruction the error belongs to (the trigger, for an ONBUILD trigger's error).
    instruction: cst.Instruction
    #: BuildKit's message, exactly.
    message: str
    #: True for an error in an ONBUILD trigger: BuildKit raises it only when a build
    #: that uses this image as its base runs the trigger, not when this file is built.
    in_onbuild: bool = False


# A problem found by one check: the node to point at and the message.
_Problem = tuple[cst.Node, str]

NO_BUILD_STAGE = "no build stage in current context"
COPY_FROM_VARIABLE = (
    "variable expansion is not supported for --from, "
    "define a new stage with FROM using ARG from global scope as a workaround"
)
MOUNT_FROM_VARIABLE = "'from' doesn't support variable expansion, define alias stage instead"


# -- Go string helpers ------------------------------------------------------------


def _go_upper(s: str) -> str:
    """strings.ToUpper: rune by rune, without Python's expansions (``ß`` stays ``ß``)."""
    if s.isascii():
        return s.upper()
    return "".join(u if len(u := ch.upper()) == 1 else ch for ch in s)


def _match_case(value: str, original: str) -> str:
    if original == bk.go_lower(original):
        return bk.go_lower(value)
    if original == _go_upper(original):
        return _go_upper(value)
    return value


def _with_suggestion(message: str, value: str, options: Sequence[str], *, case_sensitive: bool) -> str:
    """util/suggest.WrapError: add `` (did you mean X?)`` for an option within 2 edits.

    BuildKit often passes the keys of a Go map, whose order is random, so when two
    options are equally close its choice varies from run to run; the first in
    ``options`` wins here.
    """
    wanted = value if case_sensitive else bk.go_lower(value)
    match = ""
    best = 3
    for option in options:
        candidate = option if case_sensitive else bk.go_lower(option)
        if candidate == wanted:
            return message  # the value is valid: the error is about something else
        distance = bk.levenshtein(wanted, candidate)
        if distance < best:
            match = candidate if case_sensitive else _match_case(candidate, value)
            best = distance
    return f"{message} (did you mean {match}?)" if match else message


_PARSE_BOOL = {"1": True, "t": True, "T": True, "TRUE": True, "true": True, "True": True}
_PARSE_BOOL.update({"0": False, "f": False, "F": False, "FALSE": False, "false": False, "False": False})


def _parse_uint32(text: str, base: int) -> bool:
    """Whether strconv.ParseUint(text, base, 32) succeeds (no prefix, no ``_``)."""
    digits = "01234567"[:base] if base <= 8 else "0123456789"
    if not text or any(ch not in digits for ch in text):
        return False
    return int(text, base) <= 0xFFFFFFFF


def _parse_int32(text: str) -> tuple[int | None, str | None]:
    """strconv.ParseInt(text, 10, 32): the value, or Go's error message."""
    if re.fullmatch(r"[+-]?[0-9]+", text) is None:
        return None, f"strconv.ParseInt: parsing {bk.go_quote(text)}: invalid syntax"
    value = int(text)
    if not -(2**31) <= value <= 2**31 - 1:
        return None, f"strconv.ParseInt: parsing {bk.go_quote(text)}: value out of range"
    return value, None


# strconv.ParseFloat's syntax: decimal (no "_"), or hexadecimal with a "p" exponent.
_GO_DECIMAL = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_GO_HEX = re.compile(r"[+-]?0[xX](?=[0-9a-fA-F_.]*[0-9a-fA-F])[0-9a-fA-F_]*\.?[0-9a-fA-F_]*[pP][+-]?[0-9]+")


def _go_float(text: str) -> float | None:
    if _GO_DECIMAL.fullmatch(text):
        value = float(text)
    elif _GO_HEX.fullmatch(text):
        value = float.fromhex(text.replace("_", ""))
    else:
        return None
    return None if value in (float("inf"), float("-inf")) else value


def _ram_in_bytes_ok(size: str) -> bool:
    """Whether docker/go-units.RAMInBytes accepts ``size`` (``512m``, ``1.5 GiB``)."""
    sep = max(size.rfind(ch) for ch in "0123456789. ")
    if sep < 0:
        return False
    if size[sep] == " ":
        number, suffix = size[:sep], size[sep + 1 :]
    else:
        number, suffix = size[: sep + 1], size[sep + 1 :]
    value = _go_float(number)
    if value is None or value < 0:
        return False
    suffix = suffix.lower()
    if not suffix:
        return True
    if len(suffix) > 3:
        return False
    if suffix[0] == "b":
        return len(suffix) == 1
    if suffix[0] not in "kmgtp":
        return False
    return len(suffix) == 1 or (len(suffix) == 2 and suffix[1] == "b") or suffix[1:] == "ib"


# -- time.ParseDuration -------------------------------------------------------------


class DurationError(ValueError):
    """time.ParseDuration's error; ``str()`` is Go's message."""


_UNITS = {
    b"ns": 1,
    b"us": 1_000,
    "µs".encode(): 1_000,  # U+00B5 micro sign
    "μs".encode(): 1_000,  # U+03BC Greek mu
    b"ms": 1_000_000,
    b"s": 1_000_000_000,
    b"m": 60_000_000_000,
    b"h": 3_600_000_000_000,
}
_MAX_INT64 = 2**63 - 1


def _time_quote(raw: bytes) -> str:
    # time's own quote(): non-ASCII and control bytes as \x escapes.
    out = ['"']
    text = raw.decode("utf-8", "surrogateescape")
    for ch in text:
        if ord(ch) >= 0x80 or ch < " ":
            out.extend(f"\\x{b:02x}" for b in ch.encode("utf-8", "surrogateescape"))
        else:
            out.append("\\" + ch if ch in '"\\' else ch)
    out.append('"')
    return "".join(out)


def parse_duration_ns(text: str) -> int:
    """Go's time.ParseDuration, in nanoseconds (``1h30m``, ``-1.5s``, ``300ms``, ``0``).

    Raises :class:`DurationError` with Go's message.
    """
    orig = text.encode("utf-8", "surrogateescape")
    s = orig
    invalid = DurationError("time: invalid duration " + _time_quote(orig))
    neg = False
    if s[:1] in (b"-", b"+"):
        neg = s[:1] == b"-"
        s = s[1:]
    if s == b"0":
        return 0
    if not s:
        raise invalid
    total = 0
    while s:
        if not (s[:1] == b"." or b"0" <= s[:1] <= b"9"):
            raise invalid
        i = 0
        whole = 0
        while i < len(s) and 0x30 <= s[i] <= 0x39:
            if whole > (1 << 63) // 10:
                raise invalid
            whole = whole * 10 + s[i] - 0x30
            if whole > 1 << 63:
                raise invalid
            i += 1
        pre = i > 0
        s = s[i:]
        fraction, scale, post = 0, 1.0, False
        if s[:1] == b".":
            s = s[1:]
            i = 0
            overflow = False
            while i < len(s) and 0x30 <= s[i] <= 0x39:
                if not overflow:
                    if fraction > _MAX_INT64 // 10:
                        overflow = True
                    else:
                        fraction = fraction * 10 + s[i] - 0x30
                        scale *= 10
                i += 1
            post = i > 0
            s = s[i:]
        if not pre and not post:
            raise invalid
        i = 0
        while i < len(s) and not (s[i] == 0x2E or 0x30 <= s[i] <= 0x39):
            i += 1
        if i == 0:
            raise DurationError("time: missing unit in duration " + _time_quote(orig))
        unit_text, s = s[:i], s[i:]
        unit = _UNITS.get(unit_text)
        if unit is None:
            raise DurationError(
                "time: unknown unit " + _time_quote(unit_text) + " in duration " + _time_quote(orig)
            )
        if whole > (1 << 63) // unit:
            raise invalid
        value = whole * unit
        if fraction > 0:
            # Go computes this part in float64 and truncates it.
            value += int(float(fraction) * (float(unit) / scale))
            if value > 1 << 63:
                raise invalid
        total += value
        if total > 1 << 63:
            raise invalid
    if neg:
        return -total
    if total > _MAX_INT64:
        raise invalid
    return total


def parse_duration(text: str) -> float:
    """Go's time.ParseDuration, in seconds. Raises :class:`DurationError`."""
    return parse_duration_ns(text) / 1e9


def interval_error(flag_name: str, value: str) -> str | None:
    """parseOptInterval: BuildKit's error for a HEALTHCHECK duration flag, or None.

    An empty value and 0 are accepted; anything else must be at least 1ms.
    """
    if value == "":
        return None
    try:
        duration = parse_duration_ns(value)
    except DurationError as exc:
        return str(exc)
    if duration != 0 and duration < 1_000_000:
        return f"Interval {bk.go_quote(flag_name)} cannot be less than 1ms"
    return None


# -- flags (bflag.go) --------------------------------------------------------------

_BOOL, _STRING, _STRINGS = "bool", "string", "strings"

#: The flags each instruction declares to BuildKit's flag parser, in declaration order.
FLAGS: dict[str, dict[str, str]] = {
    "from": {"platform": _STRING},
    "copy": {
        "exclude": _STRINGS,
        "parents": _BOOL,
        "chown": _STRING,
        "from": _STRING,
        "chmod": _STRING,
        "link": _BOOL,
    },
    "add": {
        "exclude": _STRINGS,
        "chown": _STRING,
        "chmod": _STRING,
        "link": _BOOL,
        "keep-git-dir": _BOOL,
        "checksum": _STRING,
        "unpack": _BOOL,
    },
    "run": {"device": _STRINGS, "mount": _STRINGS, "network": _STRING, "security": _STRING},
    "healthcheck": {
        "interval": _STRING,
        "timeout": _STRING,
        "start-period": _STRING,
        "start-interval": _STRING,
        "retries": _STRING,
    },
}

# Flag values by name, each with the flag node that gave it.
_FlagValues = dict[str, list[tuple[cst.Flag, str]]]


def _given_flags(instr: cst.Instruction) -> list[cst.Flag]:
    """The flags BuildKit's flag parser reads: those before a ``--`` terminator."""
    out = []
    for flag in instr.flags:
        if flag.is_terminator:
            break
        out.append(flag)
    return out


def _parse_flags(instr: cst.Instruction, declared: dict[str, str]) -> tuple[_Problem | None, _FlagValues]:
    """BFlags.Parse: the first flag error, and the values of the flags given."""
    values: _FlagValues = {}
    for flag in _given_flags(instr):
        name, value = flag.name, flag.value
        kind = declared.get(name)
        if kind is None:
            message = _with_suggestion(f"unknown flag: --{name}", name, list(declared), case_sensitive=True)
            return (flag, message), values
        if name in values and kind != _STRINGS:
            return (flag, f"duplicate flag specified: --{name}"), values
        if kind == _BOOL:
            if value == "":
                return (flag, f"missing a value on flag: --{name}"), values
            lowered = bk.go_lower(value or "")
            if lowered not in ("", "true", "false"):
                return (flag, f"expecting boolean value for flag --{name}, not: {value}"), values
            value = lowered or "true"
        elif value is None:
            return (flag, f"missing a value on flag: --{name}"), values
        values.setdefault(name, []).append((flag, value))
    return None, values


def _last_value(values: _FlagValues, name: str, default: str = "") -> tuple[cst.Flag | None, str]:
    given = values.get(name)
    return given[-1] if given else (None, default)


def flags_used(instr: cst.Instruction) -> list[str]:
    """BuildKit's ``FlagsUsed`` (set for RUN): the names of the flags given.

    Each name once, in the order of first use; flags after ``--`` are not read.
    BuildKit collects them from a Go map, so its own order is unspecified.
    """
    out: list[str] = []
    for flag in _given_flags(instr):
        if flag.name not in out:
            out.append(flag.name)
    return out


# -- RUN --mount, --device, --network, --security --------------------------------------

_MOUNT_TYPES = ("bind", "cache", "tmpfs", "secret", "ssh")
_SHARING_MODES = ("shared", "private", "locked")
_MOUNT_KEYS = (
    "type", "from", "source", "target", "readonly", "id", "sharing", "required", "size",
    "mode", "uid", "gid", "src", "dst", "destination", "ro", "rw", "readwrite", "env",
)  # fmt: skip
_UNKNOWN = object()  # a value only known once BuildKit expands it


def _mount_parse_error(value: str) -> str | None:
    """What instructions.Parse checks in a ``--mount`` value: its CSV syntax, and no
    variable in ``from`` (a stage must be known before the build starts)."""
    try:
        fields = bk.csv_fields(value)
    except bk.CsvError as exc:
        return f"failed to parse csv mounts: {exc}"
    for field in fields:
        key, sep, option = field.partition("=")
        if sep and bk.go_lower(key) == "from" and (problem := mount_from_problem(option)):
            return problem
    return None


def mount_from_problem(option: str) -> str | None:
    """BuildKit's error for a ``--mount`` ``from=`` value that holds a variable."""
    dollar = option.find("$")
    if dollar != -1 and dollar != len(option) - 1:
        return MOUNT_FROM_VARIABLE
    return None


def _expanded(value: str, escape: str) -> object:
    """The value after BuildKit's word expansion, or _UNKNOWN when that needs the build."""
    if "$" in value or "'" in value or '"' in value or escape in value:
        return _UNKNOWN
    return value


def _mount_option_error(key: str, field: str, value: object, mount: dict[str, object]) -> str | None:
    """One ``key=value`` option of a mount, as parseMount reads it with an expander."""
    mount_type = mount["type"]
    if key == "type":
        if value is _UNKNOWN:
            mount["type"] = _UNKNOWN
            return None
        assert isinstance(value, str)
        lowered = bk.go_lower(value)
        if lowered not in _MOUNT_TYPES:
            return _with_suggestion(
                f"unsupported mount type {bk.go_quote(value)}", value, _MOUNT_TYPES, case_sensitive=True
            )
        mount["type"] = lowered
    elif key in ("from", "id", "env"):
        mount[key] = value
    elif key in ("source", "src"):
        mount["source"] = value
    elif key in ("target", "dst", "destination"):
        mount["target"] = value
    elif key in ("readonly", "ro", "readwrite", "rw"):
        if isinstance(value, str) and value not in _PARSE_BOOL:
            return f"invalid value for {key}: {value}"
    elif key in ("required", "size"):
        allowed = ("secret", "ssh") if key == "required" else ("tmpfs",)
        if mount_type is _UNKNOWN:
            return None
        if mount_type not in allowed:
            return f"unexpected key '{key}' for mount type '{mount_type}'"
        valid = (lambda v: v in _PARSE_BOOL) if key == "required" else _ram_in_bytes_ok
        if isinstance(value, str) and not valid(value):
            return f"invalid value for {key}: {value}"
    elif key == "sharing":
        if isinstance(value, str):
            lowered = bk.go_lower(value)
            if lowered not in _SHARING_MODES:
                return _with_suggestion(
                    f"unsupported sharing value {bk.go_quote(value)}",
                    value,
                    _SHARING_MODES,
                    case_sensitive=True,
                )
            value = lowered
        mount["sharing"] = value
    elif key in ("mode", "uid", "gid"):
        if isinstance(value, str) and not _parse_uint32(value, 8 if key == "mode" else 10):
            return f"invalid value {value} for {key}"
        mount[key] = value
    else:
        return _with_suggestion(f"unexpected key '{key}' in '{field}'", key, _MOUNT_KEYS, case_sensitive=True)
    return None


def _set(value: object) -> bool:
    """Whether an option is known to be set to a non-empty value."""
    return isinstance(value, str) and value != ""


def _mount_consistency_error(mount: dict[str, object]) -> str | None:
    """The checks parseMount makes once all options are read."""
    mount_type = mount["type"]
    if mount_type is _UNKNOWN:
        return None
    if mount_type not in ("secret", "ssh", "cache"):
        for key in ("mode", "uid", "gid"):
            if mount[key] is not None:
                return f"{key} not allowed for {bk.go_quote(str(mount_type))} type mounts"
    if mount_type == "secret":
        if _set(mount["from"]):
            return "secret mount should not have a from"
        if _set(mount["sharing"]):
            return "secret mount should not define sharing"
        if all(mount[k] in (None, "") for k in ("source", "target", "id")):
            return "invalid secret mount. one of source, target required"
        if _set(mount["source"]) and _set(mount["id"]):
            return "both source and id can't be set"
    if _set(mount["sharing"]) and mount_type != "cache":
        return f"invalid cache sharing set for {mount_type} mount"
    return None


def _mount_build_error(value: str, escape: str) -> str | None:
    """What BuildKit checks in a ``--mount`` value once it expands the options.

    Keys are never expanded, so an unknown key is always an error; a value that
    needs expansion, and a check that depends on it, is skipped.
    """
    mount: dict[str, object] = dict.fromkeys(
        ("from", "source", "target", "id", "sharing", "mode", "uid", "gid", "env")
    )
    mount["type"] = "bind"
    try:
        fields = bk.csv_fields(value)
    except bk.CsvError as exc:
        return f"failed to parse csv mounts: {exc}"
    for field in fields:
        key, sep, option = field.partition("=")
        key = bk.go_lower(key)
        if not sep:
            if key in ("readonly", "ro", "readwrite", "rw"):
                continue
            if key == "required":
                if mount["type"] in (_UNKNOWN, "secret", "ssh"):
                    continue
                return f"unexpected key '{key}' for mount type '{mount['type']}'"
            return f"invalid field '{field}' must be a key=value pair"
        error = _mount_option_error(key, field, _expanded(option, escape), mount)
        if error:
            return error
    return _mount_consistency_error(mount)


def _device_error(value: str) -> str | None:
    """ParseDevice, run by instructions.Parse for each ``--device``."""
    try:
        fields = bk.csv_fields(value)
    except bk.CsvError as exc:
        return f"failed to parse csv devices: {exc}"
    name = ""
    for field in fields:
        key, sep, option = field.partition("=")
        key = bk.go_lower(key)
        if not sep:
            if key == "required":
                continue
            if name == "":
                name = field
                continue
            return f"invalid field '{field}' must be a key=value pair"
        if key == "name":
            if name != "":
                return f"device name already set to {name}"
            name = option
        elif key == "required":
            if option not in _PARSE_BOOL:
                return f"invalid value for {key}: {option}"
        elif name == "":
            name = field
        else:
            return _with_suggestion(
                f"unexpected key '{key}' in '{field}'", key, ("name", "required"), case_sensitive=True
            )
    return None


def _run_hooks_problem(values: _FlagValues) -> _Problem | None:
    """RUN's post-parse hooks, in BuildKit's order: device, mount, network, security."""
    for flag, value in values.get("device", []):
        if error := _device_error(value):
            return flag, error
    for flag, value in values.get("mount", []):
        if error := _mount_parse_error(value):
            return flag, error
    flag, network = _last_value(values, "network", "default")
    if network not in ("default", "none", "host"):
        assert flag is not None
        return flag, f"invalid network mode {bk.go_quote(network)}"
    flag, security = _last_value(values, "security", "sandbox")
    if security not in ("sandbox", "insecure"):
        assert flag is not None
        return flag, f"security {bk.go_quote(security)} is not valid"
    return None


# -- arguments ---------------------------------------------------------------------


def _argument_nodes(instr: cst.Instruction) -> list[cst.Node]:
    """The nodes of BuildKit's argument strings, for COPY, ADD and VOLUME."""
    arguments = getattr(instr, "arguments", ())
    if isinstance(arguments, cst.ExecForm):
        return list(arguments.elements)
    return list(arguments)


def _is_json(instr: cst.Instruction) -> bool:
    return isinstance(getattr(instr, "arguments", None), cst.ExecForm)


def _handle_json_args(args: list[str], json: bool) -> list[str]:
    """handleJSONArgs: exec-form strings as they are, shell form as one string."""
    if not args:
        return []
    return args if json else [" ".join(args)]


def heredoc_spec(word: str) -> bk.HeredocSpec | None:
    """parser.MustParseHeredoc: the heredoc a single argument opens, if any."""
    try:
        return bk.parse_heredoc(word)
    except bk.BuildKitError:
        return None


def _at_least_one(instr: cst.Instruction, name: str) -> _Problem | None:
    if not instr.argument_values:
        return instr, f"{name} requires at least one argument"
    return None


def _exactly_one(instr: cst.Instruction, name: str) -> _Problem | None:
    if len(instr.argument_values) != 1:
        return instr, f"{name} requires exactly one argument"
    return None


def _no_flags(instr: cst.Instruction) -> _Problem | None:
    return _parse_flags(instr, {})[0]


# -- the instructions (parse.go) -----------------------------------------------------


def _check_pairs(instr: cst.Env | cst.Label) -> _Problem | None:
    name = instr.name.upper()
    if problem := _no_flags(instr):
        return problem
    if not instr.pairs:
        return instr, f"{name} requires at least one argument"
    for pair in instr.pairs:
        if pair.key.value == "":
            return pair, f"{name} names can not be blank"
    return None


def _check_arg(instr: cst.Arg) -> _Problem | None:
    # ARG declares no flags and never parses them: `ARG --foo x` is accepted.
    if not instr.declarations:
        return instr, "ARG requires at least one argument"
    for declaration, text in zip(instr.declarations, instr.argument_values, strict=True):
        if "=" in text and text.split("=", 1)[0] == "":
            return declaration, "ARG names can not be blank"
    return None


def _check_from(instr: cst.From) -> _Problem | None:
    args = instr.argument_values
    if len(args) == 3 and _is_as(args[1]):
        name = bk.go_lower(args[2])
        if re.fullmatch(r"[a-z][a-z0-9\-_.]*", name) is None:
            message = (
                f"invalid name for build stage: {bk.go_quote(args[2])}, "
                "name can't start with a number or contain symbols"
            )
            return instr.arguments[2], message
    elif len(args) != 1:
        return instr, "FROM requires either one or three arguments"
    return _parse_flags(instr, FLAGS["from"])[0]


def _is_as(word: str) -> bool:
    # strings.EqualFold(word, "as"): Unicode folding also maps U+017F (long s) to s.
    return len(word) == 2 and word[0] in "aA" and word[1] in "sS\u017f"


def _check_copy(instr: cst.Copy) -> _Problem | None:
    name = "ADD" if isinstance(instr, cst.Add) else "COPY"
    args = instr.argument_values
    if len(args) < 2:
        return instr, (
            f"{name} requires at least two arguments, but only one was provided. "
            "Destination could not be determined"
        )
    if problem := _parse_flags(instr, FLAGS[instr.name])[0]:
        return problem
    if heredoc_spec(args[-1]) is not None:
        return _argument_nodes(instr)[-1], f"{name} cannot accept a heredoc as a destination"
    return None


def _check_run(instr: cst.Run) -> _Problem | None:
    problem, values = _parse_flags(instr, FLAGS["run"])
    return problem or _run_hooks_problem(values)


def _check_healthcheck(instr: cst.Healthcheck) -> _Problem | None:
    args = instr.argument_values
    if not args:
        return instr, "HEALTHCHECK requires at least one argument"
    kind = _go_upper(args[0])
    if kind == "NONE":
        # HEALTHCHECK NONE declares no flags and never parses them.
        if len(args) > 1:
            return instr.arguments or instr, "HEALTHCHECK NONE takes no arguments"
        return None
    problem, values = _parse_flags(instr, FLAGS["healthcheck"])
    if problem:
        return problem
    if kind != "CMD":
        return instr.kind or instr, f"Unknown type {bk.go_quote(kind)} in HEALTHCHECK (try CMD)"
    if not _handle_json_args(args[1:], _is_json(instr)):
        return instr, "Missing command after HEALTHCHECK CMD"
    for name in ("interval", "timeout", "start-period", "start-interval"):
        flag, value = _last_value(values, name)
        if flag is not None and (error := interval_error(name, value)):
            return flag, error
    flag, retries = _last_value(values, "retries")
    if flag is not None and retries != "":
        count, error = _parse_int32(retries)
        if error:
            return flag, error
        assert count is not None
        if count < 0:
            return flag, f"--retries cannot be negative ({count})"
    return None


def _check_volume(instr: cst.Volume) -> _Problem | None:
    if problem := _at_least_one(instr, "VOLUME") or _no_flags(instr):
        return problem
    for node, value in zip(_argument_nodes(instr), instr.argument_values, strict=True):
        if bk.trim_space(value) == "":
            return node, "VOLUME specified can not be an empty string"
    return None


def _check_shell(instr: cst.Shell) -> _Problem | None:
    if problem := _no_flags(instr):
        return problem
    if not _handle_json_args(instr.argument_values, _is_json(instr)):
        return instr, "SHELL requires at least one argument"
    if not _is_json(instr):
        return instr.arguments or instr, "SHELL requires the arguments to be in JSON form"
    return None


_ONBUILD_FORBIDDEN = ("MAINTAINER", "FROM")


def _check_onbuild(instr: cst.Onbuild) -> _Problem | None:
    trigger = instr.trigger
    if trigger is None:
        return instr, "ONBUILD requires at least one argument"
    if problem := _no_flags(instr):
        return problem
    word = _go_upper(bk.trim_space(trigger.keyword.value))
    if word == "ONBUILD":
        return trigger.keyword, "Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed"
    if word in _ONBUILD_FORBIDDEN:
        return trigger.keyword, f"{word} isn't allowed as an ONBUILD trigger"
    return None


def _check_unknown(instr: cst.Instruction) -> _Problem:
    word = instr.keyword.value
    names = sorted(name.upper() for name in cst.INSTRUCTION_CLASSES)
    return instr.keyword, _with_suggestion(f"unknown instruction: {word}", word, names, case_sensitive=False)


def _parse_problem(instr: cst.Instruction) -> _Problem | None:
    """The error ``instructions.ParseInstruction`` gives for one instruction."""
    if isinstance(instr, cst.Unknown) or type(instr) not in cst.INSTRUCTION_CLASSES.values():
        return _check_unknown(instr)
    if isinstance(instr, (cst.Env, cst.Label)):
        return _check_pairs(instr)
    if isinstance(instr, cst.Copy):  # COPY and ADD
        return _check_copy(instr)
    checks = {
        cst.Arg: _check_arg,
        cst.From: _check_from,
        cst.Run: _check_run,
        cst.Healthcheck: _check_healthcheck,
        cst.Volume: _check_volume,
        cst.Shell: _check_shell,
        cst.Onbuild: _check_onbuild,
        cst.Cmd: _no_flags,
        cst.Entrypoint: _no_flags,
        cst.Maintainer: lambda i: _exactly_one(i, "MAINTAINER") or _no_flags(i),
        cst.Workdir: lambda i: _exactly_one(i, "WORKDIR") or _no_flags(i),
        cst.User: lambda i: _exactly_one(i, "USER") or _no_flags(i),
        # STOPSIGNAL declares no flags and never parses them.
        cst.Stopsignal: lambda i: _exactly_one(i, "STOPSIGNAL"),
        cst.Expose: lambda i: _at_least_one(i, "EXPOSE") or _no_flags(i),
    }
    return checks[type(instr)](instr)  # type: ignore[operator]


# -- checks of the next layer that need no build context -------------------------------


def _expansion_changes(word: str, escape: str) -> bool:
    """Whether BuildKit's word expansion with an empty environment changes ``word``:
    it removes quotes and escapes, and replaces each ``$name``/``${...}`` (unset: empty)."""
    if "'" in word or '"' in word or escape in word:
        return True
    for i, ch in enumerate(word[:-1]):
        if ch == "$":
            nxt = word[i + 1]
            if nxt == "{" or nxt == "_" or nxt.isalpha() or nxt.isdecimal() or nxt in "@*#?-$!":
                return True
    return False


def copy_from_problem(source: str, escape: str) -> str | None:
    """BuildKit's error for a ``COPY --from`` value that expansion would change."""
    return COPY_FROM_VARIABLE if _expansion_changes(source, escape) else None


def _build_problem(instr: cst.Instruction, escape: str) -> _Problem | None:
    """Errors dockerfile2llb raises for an instruction instructions.Parse accepted.

    Its word expansion uses the file's escape character (flags always use ``\\``).
    """
    if isinstance(instr, cst.Copy) and not isinstance(instr, cst.Add):
        flag, source = _last_value(_parse_flags(instr, FLAGS["copy"])[1], "from")
        if flag is not None and source and (problem := copy_from_problem(source, escape)):
            return flag, problem
    if isinstance(instr, cst.Run):
        for flag, value in _parse_flags(instr, FLAGS["run"])[1].get("mount", []):
            if error := _mount_build_error(value, escape):
                return flag, error
    return None


# -- entry points ------------------------------------------------------------------


def _errors(
    instr: cst.Instruction, *, in_onbuild: bool, in_stage: bool, escape: str
) -> list[InstructionError]:
    problem = _parse_problem(instr)
    if problem is None and not in_stage and not isinstance(instr, (cst.From, cst.Arg)):
        problem = (instr, NO_BUILD_STAGE)
    if problem is None:
        problem = _build_problem(instr, escape)
    out = [InstructionError(problem[0], instr, problem[1], in_onbuild)] if problem else []
    trigger = instr.trigger if isinstance(instr, cst.Onbuild) else None
    if trigger is not None and not any(e.node is trigger.keyword for e in out):
        out += validate_instruction(trigger, in_onbuild=True, escape=escape)
    return out


def validate_instruction(
    instr: cst.Instruction, *, in_onbuild: bool = False, escape: str = "\\"
) -> list[InstructionError]:
    """BuildKit's error for one instruction, as if it were inside a build stage.

    At most one error for the instruction itself, followed, for an ONBUILD, by its
    trigger's. ``in_onbuild=True`` says ``instr`` is an ONBUILD trigger: its errors
    are marked so (a FROM, MAINTAINER or ONBUILD trigger is the ONBUILD's error).
    ``escape`` is the file's escape character (``Dockerfile.escape``).
    """
    if in_onbuild and _go_upper(bk.trim_space(instr.keyword.value)) in ("ONBUILD", *_ONBUILD_FORBIDDEN):
        return []  # the ONBUILD that holds it reports it
    return _errors(instr, in_onbuild=in_onbuild, in_stage=True, escape=escape)


def validate(df: cst.Dockerfile) -> list[InstructionError]:
    """BuildKit's typed-layer errors for every instruction of a file, in order.

    Adds ``no build stage in current context`` for an instruction other than ARG
    before the first FROM (when it has no error of its own).
    """
    out: list[InstructionError] = []
    in_stage = False
    for instr in df.instructions:
        out += _errors(instr, in_onbuild=False, in_stage=in_stage, escape=df.escape)
        in_stage = in_stage or isinstance(instr, cst.From)
    return out


# -- typed values the tests and rules read ---------------------------------------------


def healthcheck_test(instr: cst.Healthcheck) -> list[str] | None:
    """HealthConfig.Test: ``["CMD-SHELL", cmd]``, ``["CMD", ...]`` or ``["NONE"]``.

    None when BuildKit rejects the instruction's type or arguments.
    """
    args = instr.argument_values
    if not args:
        return None
    kind = _go_upper(args[0])
    if kind == "NONE":
        return ["NONE"] if len(args) == 1 else None
    command = _handle_json_args(args[1:], _is_json(instr))
    if kind != "CMD" or not command:
        return None
    return ["CMD" if _is_json(instr) else "CMD-SHELL", *command]


def doc_comment(instr: cst.Instruction, name: str | None = None) -> str:
    """getComment: the description of ``name`` in the comments above ``instr``.

    The text after ``name + " "`` in the first comment line that starts so. For a
    FROM, ``name`` defaults to the stage name (lower-cased, as BuildKit keeps it).
    """
    if name is None:
        stage = instr.stage_name if isinstance(instr, cst.From) else None
        name = bk.go_lower(stage) if stage else ""
    if name == "":
        return ""
    for line in instr.prev_comment:
        if line.startswith(name + " "):
            return line[len(name) + 1 :]
    return ""


@dataclass(frozen=True)
class SourceContent:
    """An inline COPY/ADD source from a heredoc (``SourceContent``)."""

    path: str
    data: str
    expand: bool


@dataclass(frozen=True)
class SourcesAndDest:
    """``SourcesAndDest`` of COPY and ADD."""

    dest_path: str
    source_paths: list[str]
    source_contents: list[SourceContent]


def copy_sources(instr: cst.Copy) -> SourcesAndDest | None:
    """parseSourcesAndDest: the sources and destination of a COPY or ADD.

    A ``<<NAME`` source is the heredoc's body (tabs removed for ``<<-``). None when
    BuildKit rejects the arguments (fewer than two, or a heredoc destination).
    """
    args = instr.argument_values
    if len(args) < 2 or heredoc_spec(args[-1]) is not None:
        return None
    bodies = {doc.name: doc.content for doc in instr.heredoc_documents}
    paths: list[str] = []
    contents: list[SourceContent] = []
    for source in args[:-1]:
        spec = heredoc_spec(source)
        if spec is None:
            paths.append(source)
            continue
        data = bodies.get(spec.name, "")
        if spec.chomp:
            data = bk.chomp_heredoc_content(data)
        contents.append(SourceContent(spec.name, data, spec.expand))
    return SourcesAndDest(args[-1], paths, contents)


@dataclass(frozen=True)
class InlineFile:
    """A heredoc of a RUN (``ShellInlineFile``): raw data, chomped later if ``chomp``."""

    name: str
    data: str
    chomp: bool


@dataclass(frozen=True)
class CommandLine:
    """``ShellDependantCmdLine`` of RUN, CMD and ENTRYPOINT."""

    #: The exec-form strings, or the shell-form command as one string; None for an
    #: ENTRYPOINT without arguments.
    cmd_line: list[str] | None
    files: list[InlineFile]
    #: True in shell form: the shell is put in front of the command.
    prepend_shell: bool


def command_line(instr: cst.Run | cst.Cmd | cst.Entrypoint) -> CommandLine:
    """parseShellDependentCommand for RUN, CMD and ENTRYPOINT."""
    files = [InlineFile(doc.name, doc.content, doc.chomp) for doc in getattr(instr, "heredoc_documents", [])]
    args: list[str] | None = _handle_json_args(instr.argument_values, _is_json(instr))
    if isinstance(instr, cst.Entrypoint) and not args:
        args = None
    return CommandLine(args, files, not _is_json(instr))
