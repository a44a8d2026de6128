"""DF307 service-in-run: a RUN that starts a long-running server.

RUN executes at build time: a server started in the foreground never returns, so the
build hangs until it times out; one started in the background (``&``) is killed when
the step ends, and nothing runs when the container starts. What was meant is CMD.
"""

from __future__ import annotations

from collections.abc import Iterator

from dflint.checks import Context, Violation
from dflint.checks.runtime import exec_array, plain_words
from dflint.fix.edit import Edit, Fix
from dflint.fix.style import keyword_like
from dflint.model.shell import SimpleCommand
from dflint.syntax import cst

ON = (cst.Run,)
ONBUILD = False

#: servers that run until stopped, started this way
_SERVERS = frozenset(
    "gunicorn uvicorn daphne hypercorn waitress-serve puma unicorn thin redis-server mongod "
    "memcached nginx httpd apache2ctl supervisord php-fpm caddy traefik".split()
)
#: arguments that make a server binary do one thing and exit (or fork away)
_ONE_SHOT = frozenset({"-v", "-V", "-h", "-t", "-T", "--test", "-plugins", "--fork", "configtest", "-test"})
_JS_ENTRY = ("server.js", "app.js", "index.js", "main.js", "server.mjs", "index.mjs")


def _server(command: SimpleCommand) -> str | None:
    """A description of the server ``command`` starts, or None."""
    argv = [w or "" for w in command.argv]
    if not argv:
        return None
    name = command.name or ""
    rest = argv[1:]
    if name == "nginx":
        return "nginx" if any("daemon off" in a for a in rest) else None
    if name in ("httpd", "apache2ctl"):
        return name if any(a.upper() in ("-DFOREGROUND", "FOREGROUND") for a in rest) else None
    if name == "php-fpm":
        return name if any(a in ("-F", "--nodaemonize") for a in rest) else None
    if name == "supervisord":
        return name if any(a in ("-n", "--nodaemon") for a in rest) else None
    if name in _SERVERS:
        return None if any(a in _ONE_SHOT or a.lstrip("-") in ("version", "help") for a in rest) else name
    if name in ("npm", "yarn", "pnpm") and (rest[:1] == ["start"] or rest[:2] == ["run", "start"]):
        return f"{name} start"
    if name in ("node", "nodejs") and rest and rest[-1].endswith(_JS_ENTRY):
        return f"node {rest[-1]}"
    if name == "java" and "-jar" in rest:
        # `java -jar app.jar` (JVM options before it); a jar given arguments is more
        # often an installer or a tool run once
        after = rest[rest.index("-jar") + 1 :]
        return "java -jar" if len(after) == 1 else None
    if name.startswith("python") and (
        rest[:2] in (["-m", "http.server"], ["-m", "flask"]) or "runserver" in rest
    ):
        return " ".join([name, *rest[:2]])
    if name in ("flask", "rails", "bundle") and any(a in ("run", "server", "s") for a in rest[:3]):
        return " ".join([name, *rest[:2]])
    if name == "php" and "-S" in rest:
        return "php -S"
    return None


def check(instr: cst.Run, ctx: Context) -> Iterator[Violation]:
    parsed = ctx.model.shell(instr)
    if parsed is None or not parsed.commands:
        return
    top = [c for c in parsed.commands if not c.context]
    if not top:
        return
    last = top[-1]
    server = _server(last)
    background = False
    if server is None:
        # `nginx & sleep 5`: a server started in the background (the command after it is
        # joined by "&")
        found = next((c for i, c in enumerate(top[:-1]) if top[i + 1].connector == "&" and _server(c)), None)
        if found is None:
            return
        server, background = _server(found), True
    if background:
        message = (
            f"RUN starts {server} in the background at build time: it is killed when the step "
            f"ends, and the container starts without it; start servers with CMD"
        )
    else:
        message = (
            f"RUN starts {server}, which runs until stopped: the build hangs at this step; a "
            f"server belongs in CMD, which runs when the container starts"
        )
    fix = None
    form = instr.arguments
    stage = ctx.model.stage_of(instr)
    later_cmd = stage is not None and any(
        isinstance(i, (cst.Cmd, cst.Entrypoint))
        for i in stage.instructions[stage.instructions.index(instr) :]
    )
    if not background and len(parsed.commands) == 1 and isinstance(form, cst.ShellForm) and not later_cmd:
        words = plain_words(form.command)
        if words is not None and not instr.flags and not instr.heredocs:
            start = ctx.positions.span(instr.keyword).start.offset
            end = ctx.positions.span(form).end.offset
            keyword = keyword_like(instr.keyword.value, "CMD")
            fix = Fix.unsafe(Edit(start, end, f"{keyword} {exec_array(words)}"))
    yield ctx.violation(instr, message, fix, "Make it the CMD" if fix else None)
