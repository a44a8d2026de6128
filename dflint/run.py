"""``dflint [OPTIONS] [PATHS...]``: find files, resolve their config, lint (and fix) them
in parallel, report. The CLI's argument parsing is in :mod:`dflint.cli`.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from dflint.aliases import is_foreign, why_unused
from dflint.catalogue import CatalogueError, RuleInfo, builtin_rules, load_directory
from dflint.config import Config, ConfigError, find_config_file, load, rule_options
from dflint.diagnostics import Severity
from dflint.engine import InternalError, LintResult, Settings, lint_text
from dflint.fix.edit import Applicability
from dflint.selection import Selector, UnknownSelector

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


@dataclass
class Options:
    paths: list[str]
    stdin_filename: str | None = None
    config: str | None = None
    select: list[str] | None = None
    extend_select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    severity: dict[str, str] = field(default_factory=dict)
    failure_threshold: str | None = None
    format: str = "text"
    output_file: str | None = None
    statistics: bool = False
    quiet: bool = False
    show_source: bool = True
    color: bool | None = None  #: None: decide from the terminal and NO_COLOR/FORCE_COLOR
    jobs: int | None = None
    verbose: bool = False
    fix: bool = False
    unsafe_fixes: bool = False
    diff: bool = False
    fix_only: bool = False  #: fix, and report only the fixes (implies ``fix``)
    show_fixes: bool = False
    respect_gitignore: bool = True


class UsageError(Exception):
    pass


@dataclass
class Resolved:
    """One configuration, resolved against the catalogue."""

    config: Config
    rules: dict[str, RuleInfo]
    selector: Selector
    enabled: frozenset[str]
    severity: dict[str, Severity]
    options: dict[str, dict[str, Any]]
    threshold: int  #: Severity value, or above ERROR for "none"
    notes: list[str]
    #: codes that ``ignore`` drops the findings of, keeping their rule: subcodes
    #: (``SC2086``) and aliases of rules with several (``DL3052``), upper-cased
    ignored_codes: frozenset[str] = frozenset()
    _settings: dict[frozenset[str], Settings] = field(default_factory=dict)

    def settings_for(self, path: str) -> Settings:
        ignored = frozenset(self.config.ignored_for(path)) if path != "-" else frozenset()
        if ignored not in self._settings:
            enabled = self.enabled
            codes = set(self.ignored_codes)
            for selector in ignored:
                if self.selector.partial_rule(selector) is not None:
                    codes.add(selector.strip().upper())
                else:
                    enabled = enabled - self._match(selector)
            self._settings[ignored] = Settings(
                rules=self.rules,
                enabled=frozenset(enabled),
                severity=self.severity,
                options=self.options,
                ignored_codes=frozenset(codes),
            )
        return self._settings[ignored]

    def _match(self, selector: str) -> set[str]:
        try:
            return self.selector.match(selector)[0]
        except UnknownSelector:  # resolve() let only foreign codes through
            return set()


def _threshold(value: str | None) -> int:
    if value is None:
        return Severity.INFO
    if value == "none":
        return Severity.ERROR + 1
    return Severity.parse(value)


def resolve(config: Config, options: Options) -> Resolved:
    rules = dict(builtin_rules())
    for directory in config.rule_dirs:
        if not os.path.isdir(directory):
            raise config.error(f"rule directory {directory} does not exist", "rule-dirs")
        try:
            extra = load_directory(directory, user=True)
        except CatalogueError as exc:
            raise ConfigError(exc.path, exc.message, exc.line, exc.column) from None
        for rule_id, info in extra.items():
            if rule_id in rules:
                raise ConfigError(
                    info.source, f"rule id {rule_id} is already used by {rules[rule_id].source}"
                )
            rules[rule_id] = info
    rules = dict(sorted(rules.items()))
    selector = Selector(rules)
    notes = list(config.notes)

    def selectors(
        values: list[str], key: str | tuple[str, ...], cli: bool, codes: list[str] | None = None
    ) -> list[str]:
        """The selectors that name rules; an error for an unknown one (its position:
        the list item in the config, when the config is a list). A finding's own code
        (``SC2086``) goes to ``codes`` when given (ignore, severity: that code alone),
        else it stands for its rule (select)."""
        keys = (key,) if isinstance(key, str) else key
        out = []
        for i, s in enumerate(values):
            owner = selector.subcode_rule(s)
            if owner is not None:
                if codes is not None:
                    codes.append(s.strip().upper())
                else:
                    out.append(owner)
                continue
            try:
                selector.match(s)
            except UnknownSelector:
                if is_foreign(s):
                    notes.append(f"{s}: {why_unused(s)}; not used")
                    continue
                if cli:
                    raise UsageError(f"unknown rule selector `{s}` in --{keys[0]}") from None
                where = (*keys, str(i)) if (*keys, str(i)) in config.where else keys
                raise config.error(f"unknown rule selector `{s}`", *where) from None
            out.append(s)
        return out

    for glob, codes in config.per_file_ignores.items():
        selectors(codes, ("per-file-ignores", glob), False, [])

    select = options.select if options.select is not None else config.select
    if select is not None:
        select = selectors(select, "select", options.select is not None)
    extend = selectors(config.extend_select, "extend-select", False) + selectors(
        options.extend_select, "extend-select", True
    )
    ignored_codes: list[str] = []
    ignore = selectors(config.ignore, "ignore", False, ignored_codes) + selectors(
        options.ignore, "ignore", True, ignored_codes
    )
    # an alias of a rule that answers to several (DL3052 of DF640) drops its findings only
    ignored_codes += [s.strip().upper() for s in ignore if selector.partial_rule(s) is not None]
    ignore = [s for s in ignore if selector.partial_rule(s) is None]
    enabled = frozenset(selector.enabled(select, extend, ignore))

    severity: dict[str, Severity] = {}
    for source, cli in ((config.severity, False), (options.severity, True)):
        for sel, level in source.items():
            codes: list[str] = []
            for s in selectors([sel], ("severity", sel), cli, codes):
                for rule_id in selector.match(s)[0]:
                    severity[rule_id] = Severity.parse(level)
            for code in codes:
                severity[code] = Severity.parse(level)
    opts, more = rule_options(config, rules, selector.resolve_code)
    notes += more
    threshold = options.failure_threshold or config.failure_threshold
    return Resolved(
        config,
        rules,
        selector,
        enabled,
        severity,
        opts,
        _threshold(threshold),
        notes,
        ignored_codes=frozenset(ignored_codes),
    )


class Workspace:
    """Finds and caches the configuration of each file."""

    def __init__(self, options: Options) -> None:
        self.options = options
        self._by_path: dict[str, Resolved] = {}
        self._by_dir: dict[str, Resolved] = {}
        self.forced = self._load(options.config) if options.config else None

    def _load(self, path: str, kind: str | None = None) -> Resolved:
        if path not in self._by_path:
            if not os.path.isfile(path):
                raise ConfigError(path, "config file not found")
            self._by_path[path] = resolve(load(path, kind), self.options)
        return self._by_path[path]

    def for_directory(self, directory: str) -> Resolved:
        if self.forced:
            return self.forced
        directory = os.path.abspath(directory)
        if directory not in self._by_dir:
            found = find_config_file(directory)
            self._by_dir[directory] = self._load(*found) if found else self._default()
        return self._by_dir[directory]

    def _default(self) -> Resolved:
        if "" not in self._by_path:
            self._by_path[""] = resolve(Config(root=os.getcwd()), self.options)
        return self._by_path[""]

    def for_file(self, path: str) -> Resolved:
        if path == "-":
            name = self.options.stdin_filename
            return self.for_directory(os.path.dirname(os.path.abspath(name)) if name else os.getcwd())
        return self.for_directory(os.path.dirname(os.path.abspath(path)))

    def used(self) -> list[Resolved]:
        return list({id(r): r for r in [*self._by_path.values()]}.values())


# -- linting ---------------------------------------------------------------------------


@dataclass
class FileOutcome:
    path: str  #: as displayed
    text: str | None = None
    result: LintResult | None = None
    fixed_text: str | None = None  #: the fixed text, when fixing changed it
    fixed: Counter[str] = field(default_factory=Counter)
    error: str | None = None  #: an input error, rendered
    internal: list[InternalError] = field(default_factory=list)


class Job(NamedTuple):
    """One file to lint."""

    path: str  #: as found ("-" for stdin)
    display: str  #: as reported
    settings: Settings
    threshold: int  #: the failure threshold of its configuration
    applicability: Applicability | None  #: fix at least this safe; None: only lint
    stdin: bytes | None = None


_JOBS: list[Job] = []


def _lint_one(index: int) -> FileOutcome:
    from dflint.cli import InputError, read_dockerfile

    path, display, settings, _, applicability, stdin = _JOBS[index]
    outcome = FileOutcome(display)
    try:
        text = read_dockerfile(path, stdin)
    except InputError as exc:
        exc = InputError(display, exc.message, exc.line, exc.column, exc.source_line)
        outcome.error = exc.render()
        return outcome
    outcome.text = text
    if applicability is None:
        outcome.result = lint_text(text, display, settings)
        outcome.internal = outcome.result.internal_errors
    else:
        from dflint.fix.apply import fix_text

        fixed = fix_text(text, display, settings, applicability)
        outcome.result = fixed.result
        outcome.fixed = fixed.fixed
        outcome.internal = fixed.errors
        if fixed.changed:
            outcome.fixed_text = fixed.text
    return outcome


def lint_all(work: list[Job], jobs: int) -> list[FileOutcome]:
    """Each job's outcome, in order; files are spread over ``jobs`` forked processes
    (the jobs stay in this module, so workers get only their index). Workers ignore
    SIGINT: the parent gets it (Ctrl-C reaches the whole process group), stops them
    and reports the interruption; nothing is written before every file is done."""
    global _JOBS
    _JOBS = work
    if jobs <= 1 or len(work) < 4 or sys.platform == "win32":
        return [_lint_one(i) for i in range(len(work))]
    import multiprocessing

    from dflint.syntax.parser import get_parser

    get_parser()  # built once here; forked workers inherit it
    for settings in {id(w.settings): w.settings for w in work}.values():
        settings.checks  # noqa: B018 - import the checks before forking
        settings.fixing.checks  # noqa: B018
    context = multiprocessing.get_context("fork")
    chunk = max(1, len(work) // (jobs * 8))
    with context.Pool(min(jobs, len(work)), initializer=_worker_signals) as pool:
        return pool.map(_lint_one, range(len(work)), chunksize=chunk)


def _worker_signals() -> None:
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def write_atomically(path: str, text: str, original: str) -> str | None:
    """Write ``text`` to ``path`` through a temporary file; an error message, or None.

    The file is not written when its content is no longer ``original`` (it changed
    while dflint ran). Mode is kept; line ends are written exactly as in ``text``.
    SIGINT and SIGTERM wait until the file is written (or the temporary file removed):
    an interrupted run leaves each file whole and no temporary file behind.
    """
    import stat
    import tempfile

    with _signals_held():
        try:
            with open(path, "rb") as f:
                if f.read() != original.encode("utf-8"):
                    return f"{path}: changed while dflint was running; not overwritten"
            mode = stat.S_IMODE(os.stat(path).st_mode)
            directory = os.path.dirname(os.path.abspath(path))
            fd, tmp = tempfile.mkstemp(prefix=".dflint-", dir=directory)
            try:
                with os.fdopen(fd, "wb") as f:
                    f.write(text.encode("utf-8"))
                    f.flush()
                    os.fsync(f.fileno())
                os.chmod(tmp, mode)
                os.replace(tmp, path)
            except BaseException:
                if os.path.exists(tmp):
                    os.unlink(tmp)
                raise
        except OSError as exc:
            return f"{path}: cannot write the fixed file: {exc.strerror or exc}"
    return None


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Block SIGINT and SIGTERM (in the main thread, on POSIX) for the duration; one
    that arrives meanwhile is delivered at the end."""
    import signal
    import threading

    if not hasattr(signal, "pthread_sigmask") or threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def unified_diff(path: str, before: str, after: str) -> str:
    import difflib

    return "".join(
        difflib.unified_diff(
            before.splitlines(keepends=True),
            after.splitlines(keepends=True),
            path if os.path.isabs(path) else f"a/{path}",
            path if os.path.isabs(path) else f"b/{path}",
        )
    )


def execute(options: Options) -> int:
    import time

    started = time.perf_counter()
    err = sys.stderr
    try:
        workspace = Workspace(options)
    except (ConfigError, UsageError) as exc:
        print(f"dflint: error: {exc}", file=err)
        return EXIT_ERROR

    paths = options.paths or ["."]
    status = EXIT_OK
    from dflint.discovery import discover

    def excluded(path: str) -> bool:
        try:
            return workspace.for_file(path).config.excludes(path)
        except (ConfigError, UsageError):
            return False

    files = list(discover(paths, excluded, options.respect_gitignore))
    stdin = sys.stdin.buffer.read() if "-" in files else None
    applicability = None
    if options.fix or options.diff:
        applicability = Applicability.UNSAFE if options.unsafe_fixes else Applicability.SAFE
    work: list[Job] = []
    config_errors: list[str] = []
    for path in files:
        display = (options.stdin_filename or "<stdin>") if path == "-" else path
        try:
            resolved = workspace.for_file(path)
            settings = resolved.settings_for(display if path == "-" else path)
        except (ConfigError, UsageError) as exc:
            if str(exc) not in config_errors:
                config_errors.append(str(exc))
            continue
        work.append(
            Job(path, display, settings, resolved.threshold, applicability, stdin if path == "-" else None)
        )
    for message in config_errors:
        print(f"dflint: error: {message}", file=err)
        status = EXIT_ERROR
    if not files:
        print(f"dflint: warning: no Dockerfiles found under {', '.join(paths)}", file=err)

    jobs = options.jobs or os.cpu_count() or 1
    outcomes = lint_all(work, jobs)

    diagnostics = []
    unchecked = len(files) - len(work)  # files whose configuration is broken
    sources: dict[str, str] = {}
    fixed: Counter[str] = Counter()
    fixed_by_file: dict[str, dict[str, int]] = {}
    failed = False
    diffs = []
    for job, outcome in zip(work, outcomes, strict=True):
        path = job.path
        if outcome.error:
            print(outcome.error, file=err)
            status = EXIT_ERROR
            unchecked += 1
            continue
        for problem in outcome.internal:
            print(problem.render(), file=err)
            status = EXIT_ERROR
        assert outcome.result is not None and outcome.text is not None
        sources[outcome.path] = outcome.fixed_text or outcome.text
        diagnostics += outcome.result.diagnostics
        if any(d.severity >= job.threshold for d in outcome.result.diagnostics):
            failed = True
        if outcome.fixed_text is not None:
            fixed_by_file[outcome.path] = dict(sorted(outcome.fixed.items()))
            if options.diff:
                diffs.append(unified_diff(outcome.path, outcome.text, outcome.fixed_text))
                continue
            fixed.update(outcome.fixed)
            if path == "-":
                sys.stdout.write(outcome.fixed_text)
            else:
                problem = write_atomically(path, outcome.fixed_text, outcome.text)
                if problem:
                    print(f"dflint: error: {problem}", file=err)
                    status = EXIT_ERROR
        elif path == "-" and options.fix and not options.diff:
            sys.stdout.write(outcome.text)

    if options.verbose:
        for resolved in workspace.used():
            source = resolved.config.path or "defaults (no configuration file found)"
            kind = (
                " (hadolint configuration, read through the rules' aliases)"
                if resolved.config.kind == "hadolint"
                else ""
            )
            print(f"dflint: config: {source}{kind}", file=err)
            for note in resolved.notes:
                print(f"dflint: note: {note}", file=err)
        unavailable = {
            rule_id: (job.settings.rules[rule_id].name, why)
            for job in work
            for rule_id, why in job.settings.unavailable.items()
        }
        for rule_id, (name, why) in sorted(unavailable.items()):
            print(f"dflint: note: {rule_id} ({name}) skipped: {why}", file=err)
        total = time.perf_counter() - started
        print(
            f"dflint: checked {len(work)} file(s) in {total * 1000:.0f} ms with {min(jobs, len(work)) or 1} job(s)",
            file=err,
        )

    rules = {rule_id: info for r in workspace.used() for rule_id, info in r.rules.items()}
    if options.diff:
        text = "".join(diffs)
        sys.stdout.write(text)
        if options.show_fixes:
            from dflint.report.text_format import fixes_applied

            err.write(fixes_applied(fixed_by_file, "Would fix", _names(rules)))
        would = EXIT_FINDINGS if text else EXIT_OK
        return max(status, would)
    if options.fix_only:
        stream = sys.stderr if "-" in files else sys.stdout
        total = sum(fixed.values())
        from dflint.report.text_format import fixes_applied, plural

        if options.show_fixes and total:
            stream.write(fixes_applied(fixed_by_file, "Fixed", _names(rules)))
        elif not options.quiet:
            stream.write(f"Fixed {plural(total, 'problem')}.\n" if total else "No problems to fix.\n")
        return status

    from dflint import __version__
    from dflint.report import Report

    report = Report(
        diagnostics=tuple(sorted(diagnostics, key=lambda d: d.sort_key)),
        rules=rules,
        sources=sources,
        files=tuple(o.path for o in outcomes if o.error is None),
        failure_threshold=min((job.threshold for job in work), default=Severity.INFO),
        unchecked=unchecked,
        version=__version__,
        show_source=options.show_source,
        statistics=options.statistics,
        fixed=dict(fixed),
        fixed_by_file=fixed_by_file,
        show_fixes=options.show_fixes,
        fix_mode=applicability is not None,
        fix_applicability=Applicability.UNSAFE if options.unsafe_fixes else Applicability.SAFE,
    )
    to_stdout_fix = options.fix and "-" in files
    if options.output_file or not (options.quiet and options.format == "text" and not report.diagnostics):
        problem = _emit(report, options, to_stderr=to_stdout_fix)
        if problem:
            print(f"dflint: error: {problem}", file=err)
            status = EXIT_ERROR
    if failed:
        status = max(status, EXIT_FINDINGS)
    return status


def _names(rules: dict[str, RuleInfo]) -> dict[str, str]:
    return {rule_id: info.name for rule_id, info in rules.items()}


def _color(options: Options, stream: Any) -> bool:
    if options.color is not None:
        return options.color
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return bool(getattr(stream, "isatty", lambda: False)())


def _emit(report: Any, options: Options, to_stderr: bool) -> str | None:
    """Write the report; an error message when the output file cannot be written."""
    from dflint.report import render

    if options.format == "text" and options.quiet:
        from dataclasses import replace

        report = replace(report, show_source=False, summary=False)
    if options.output_file:
        text = render(options.format, report)
        try:
            with open(options.output_file, "w", encoding="utf-8") as f:
                f.write(text)
        except OSError as exc:
            return f"cannot write {options.output_file}: {exc.strerror or exc}"
        return None
    stream = sys.stderr if to_stderr else sys.stdout
    if options.format == "text" and _color(options, stream):
        from rich.console import Console

        from dflint.report.text_format import render_rich

        Console(file=stream, force_terminal=True, highlight=False, soft_wrap=True).print(
            render_rich(report), end=""
        )
        return None
    stream.write(render(options.format, report))
    return None
