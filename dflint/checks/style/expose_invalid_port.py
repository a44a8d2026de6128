"""DF602 expose-invalid-port: an EXPOSE port BuildKit rejects (a number outside
0-65535, an unknown protocol, a range that runs backwards).

Also the EXPOSE model the EXPOSE rules share: each port word with what it expands to,
and a port spec split as BuildKit's ``parsePort`` splits it
(``[ip:][hostPort:]containerPort[/proto]``).
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterator
from dataclasses import dataclass

from dflint.checks import Context, Violation
from dflint.checks.style.relative_workdir import scope_for
from dflint.syntax import cst

ON = (cst.Expose,)

PROTOCOLS = ("tcp", "udp", "sctp")
#: strconv.ParseInt(s, 10, 0): an optional sign and decimal digits
_NUMBER = re.compile(r"[+-]?[0-9]+")


@dataclass(frozen=True, slots=True)
class PortSpec:
    """One port of an EXPOSE, after expansion."""

    text: str
    ip: str
    host: str  #: the host port (range), "" when there is none
    container: str  #: the container port (range)
    protocol: str  #: as written ("" for the default, tcp)
    #: Why BuildKit rejects the spec (its order of checks), or None.
    problem: str | None


def _number(text: str, what: str) -> tuple[int | None, str | None]:
    if text == "":
        return None, f"the {what} is empty"
    if not _NUMBER.fullmatch(text):
        return None, f"the {what} `{text}` is not a number"
    value = int(text)
    if not 0 <= value <= 65535:
        return None, f"the {what} {value} is outside 0-65535"
    return value, None


def _range(text: str, what: str) -> tuple[tuple[int, int] | None, str | None]:
    """parsePortRange: ``N`` or ``N-M``."""
    if text == "":
        return None, f"the {what} is empty"
    start_text, dash, end_text = text.partition("-")
    start, problem = _number(start_text, what)
    if start is None:
        return None, problem
    if not dash or start_text == end_text:
        return (start, start), None
    end, problem = _number(end_text, what)
    if end is None:
        return None, problem
    if end < start:
        return None, f"the {what} range `{text}` runs backwards"
    return (start, end), None


def parse_port(text: str) -> PortSpec:
    parts = text.split(":")
    ip = ":".join(parts[:-2])
    host = parts[-2] if len(parts) >= 2 else ""
    port, _, protocol = parts[-1].partition("/")

    def spec(problem: str | None) -> PortSpec:
        return PortSpec(text, ip, host, port, protocol, problem)

    if port == "":
        return spec("no port is given")
    if protocol.lower() not in ("", *PROTOCOLS):
        return spec(f"`{protocol}` is not a protocol (tcp, udp or sctp)")
    if ip:
        try:
            ipaddress.ip_address(ip[1:-1] if ip.startswith("[") and ip.endswith("]") else ip)
        except ValueError:
            return spec(f"`{ip}` is not an IP address")
    container, problem = _range(port, "port")
    if container is None:
        return spec(problem)
    if host:
        host_range, problem = _range(host, "host port")
        if host_range is None:
            return spec(problem)
        if container[0] != container[1] and container[1] - container[0] != host_range[1] - host_range[0]:
            return spec(f"the port range `{port}` and the host port range `{host}` differ in size")
    return spec(None)


@dataclass(frozen=True, slots=True)
class PortWord:
    node: cst.Word
    #: The specs the word expands to, or None when a variable decides them.
    specs: list[PortSpec] | None
    #: Whether the word is written as it expands (no quote, escape or variable), so a
    #: fix can edit its text.
    plain: bool


def port_words(ctx: Context, instr: cst.Expose) -> Iterator[PortWord]:
    """The port words of an EXPOSE, each expanded as BuildKit's ProcessWords does."""
    scope = scope_for(ctx, instr)
    if scope is None:
        return
    escape = ctx.df.escape
    for word in instr.ports:
        expansion = ctx.model.lexer.process_words(word.value, scope)
        words = expansion.words
        if words is None or expansion.unset or expansion.unknown:
            yield PortWord(word, None, False)
            continue
        plain = word.raw == word.value and not any(c in word.value for c in ("$", "'", '"', escape))
        yield PortWord(word, [parse_port(w) for w in words], plain)


def check(instr: cst.Expose, ctx: Context) -> Iterator[Violation]:
    # BuildKit stops at the first bad port: one finding per EXPOSE
    for word in port_words(ctx, instr):
        spec = next((s for s in word.specs or () if s.problem is not None), None)
        if spec is None:
            continue
        hint = " (`#` starts a comment only at the start of a line)" if spec.text.startswith("#") else ""
        yield ctx.violation(word.node, f"EXPOSE `{spec.text}`: {spec.problem}{hint}, so the build fails")
        return
