"""What a simple command means: tool, subcommand, options, operands and packages.

``model_command(argv)`` takes one simple command as its argv (each element the word's
static text after quote removal, or ``None`` when the word is not static) and returns a
:class:`CommandModel`. Every fact in the model carries the index, in the *original* argv,
of the word it came from, so rules can point at it and fixes can edit next to it.

The knowledge is data: one small table per tool (:data:`_TOOLS`) saying which options
take a value, which subcommands exist (with their own options and aliases), which
operands are packages and in which ecosystem's pin syntax. A handful of generic
functions do the rest (:class:`_Parser`, the ``_pkg_*`` spec parsers). A tool without a
table still gets a model (``known`` False, tool = argv[0]'s basename) read with the
generic rules below; only an argv whose first word is not static has no model.

Subcommands
    Aliases are resolved (``gem i`` -> ``install``, ``zypper in`` -> ``install``, ``npm i``
    -> ``install``, ``yum groupinstall`` -> ``group install``); nested ones are joined by a
    space (``dnf module install``, ``yarn global add``, ``npm cache clean``).
    ``subcommand_index`` is the last subcommand word, after which a fix inserts a flag;
    ``subcommand_indexes`` has them all. A non-static subcommand word gives
    ``subcommand`` None with its index kept, and no packages.

Option words
    ``--name``, ``--name=value`` and ``--name value`` (when the table says the option takes
    a value); ``-x``, ``-xVALUE``, ``-x VALUE``; clusters ``-yqq`` split into ``y``, ``q``,
    ``q`` (a value-taking letter inside a cluster takes the rest of the cluster, else the
    next word, like getopt); ``--`` ends options (for a few subcommands, e.g. ``gem
    install`` or ``npm run``, what follows ``--`` is handed on to another program and is
    kept in :attr:`CommandModel.passthrough`); a lone ``-`` is an operand. Options after
    operands are still options (GNU permutation) unless the tool is POSIX-style (the
    wrappers, ``python``) or the subcommand runs a program (``go run``, ``pipx run``).
    Long options are never expanded from abbreviations (``pip install --no-cache`` is not
    ``--no-cache-dir``); an option not in the table keeps its spelled name and takes no
    value unless written ``--opt=value``.

Canonical option names
    :attr:`Option.name` is the tool's first long spelling in its table, without dashes;
    when the tool has no long spelling it is the short letter. So apt-get ``-y`` is
    ``yes`` (man page order ``-y, --yes, --assume-yes``), dnf/yum/microdnf ``-y`` is
    ``assumeyes``, zypper's global ``-n`` is ``non-interactive`` but ``zypper install -y``
    is ``no-confirm`` and ``zypper install -n`` is ``name`` (zypper(8): global options
    must come before the command), apk ``-U`` is ``update-cache`` (``--update`` is the
    unique-prefix form apk accepts), pip ``-r`` is ``requirement``, curl ``-o`` is
    ``output``, wget ``-O`` is ``output-document``, tar ``-f`` is ``file``, unzip ``-d``
    is ``d``. :attr:`Option.spelled` keeps how it was written (``-y``, ``--assume-yes``).

Wrappers
    ``sudo``, ``doas``, ``env``, ``nice``, ``nohup``, ``time``, ``timeout``, ``stdbuf``,
    ``ionice``, ``chroot``, ``xargs``, ``gosu``, ``su-exec``, ``eatmydata``, ``fakeroot``,
    ``busybox``, ``exec`` and ``command`` (not with ``-v``/``-V``) are seen through: the
    model is the wrapped command's, and :attr:`CommandModel.wrappers` holds each
    wrapper's own model (its options; its operands are e.g. env's ``NAME=value`` words
    or timeout's duration). ``xargs`` is included: the command's argv words are modelled
    but whatever xargs appends from stdin is invisible, so a rule should treat the
    package list of an xargs-wrapped command as incomplete (``model.wrapped_by("xargs")``).
    ``python``/``python3``/``python3.11 -m pip`` and ``-m pipx`` become pip/pipx with
    ``tool_index`` at the module word; ``uv pip`` becomes ``pip`` (with uv's own option
    table, e.g. ``--no-cache``), ``tool_index`` at the ``pip`` word. When the wrapped
    command word is not static (``sudo $CMD``), or there is none (``sudo -l``), the
    wrapper's own model is returned.

Packages and pins (:class:`Package`)
    ``operator`` is the text that joined name and version as written, ``version`` what
    followed it: apt ``=`` (and ``/`` for a target release, ``pkg/bookworm-backports``,
    which hadolint DL3008 also accepts); apk ``=``, ``~``, ``~=``, ``=~``, ``>=``, ...;
    rpm (yum/dnf/microdnf) ``-``; zypper ``=``, ``>=``, ``<``, ... (also ``name-version``
    and the three-word ``name = version`` that zypper(8) documents); pip ``==``,
    ``~=``, ``>=``, ``!=``, ``===``, ... (``version`` is the rest of the constraint,
    e.g. ``1,<2``); npm/yarn/pnpm, go and cargo ``@``; gem and composer ``:`` (composer
    also ``=``, and ``vendor/pkg 1.2`` as two words, the way composer pairs them); a
    version given by an option (``gem install x -v 1.2``, ``cargo install x --version
    1.2``, ``bundle add x --version``) has the option's spelling as ``operator`` and
    ``version_index`` at the option's value. ``kind`` is ``name`` (a registry package),
    ``file`` (``.deb``/``.rpm``/``.apk``/``.whl``/``.tgz``/...), ``path``, ``url``,
    ``vcs`` (``git+https://...@ref``, npm ``git://...#ref``/``user/repo``, cargo
    ``--git``), ``group`` (``dnf group install``, ``@group``, ``pattern:x``) or
    ``unknown`` (the word is not static). :attr:`Package.pinned` is True when the spec
    needs no more pinning: a version other than ``latest``/``*``/``x`` (and go's
    ``upgrade``/``patch``/``none``), or a file, path, URL or group; a VCS spec needs a
    ref. It is None when the word or its version word is not static.

    rpm ``name-version`` is ambiguous (package names contain ``-`` and digits). dflint
    follows hadolint DL3041 (a dash part starting with a digit, version characters
    ``[0-9A-Za-z._~^:+]``) but, like rpm's NEVRA, only the last dash part (the version)
    or the last two (version-release) can be the version, and the last part must start
    with a digit: ``tomcat-9.2``, ``openssl-1:1.1.1k``, ``git-core-2.51.0-2.fc42`` are
    pinned; ``java-11-openjdk`` and ``java-1.8.0-openjdk`` are not (hadolint DL3041 says
    they are; hadolint DL3033 for yum accepts any ``-``, so ``yum install rpm-sign`` is
    pinned there but not here).

    Not packages: option values (``pip -r requirements.txt``, ``-c``, ``-e``; ``apk
    --virtual NAME``; ``apt-get -t RELEASE``), the operands of subcommands that take no
    packages, and the venv operand of ``pipx inject``. apk's ``name@tag`` keeps the tag
    in ``name``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace

__all__ = ["CommandModel", "Operand", "Option", "Package", "model_command"]


# --------------------------------------------------------------------------- model


@dataclass(frozen=True)
class Option:
    """One option as written, with where its value came from."""

    name: str  #: canonical name (the tool's first long spelling without dashes, else the letter)
    value: str | None  #: its value when it takes one and the value is static, else None
    index: int  #: argv index of the word the option is in
    value_index: int | None  #: argv index of the value (== index when inside the option word)
    #: "long" (--x; go's -x), "long=" (--x=v), "short" (-x), "attached" (-xVALUE), "bundle" (a
    #: letter of -abc), "old" (tar's old-style first argument), "numeric" (nice -10),
    #: "plus" (cargo +toolchain), "dash" (env's lone -)
    form: str
    spelled: str  #: how it was spelled: "-y", "--assume-yes", "x" (old style), "-race" (go)


@dataclass(frozen=True)
class Operand:
    """A positional word (after the subcommand, if any)."""

    text: str | None  #: None when the word is not static
    index: int


_FLOATING = frozenset({"latest", "*", "x", "upgrade", "patch", "none"})


@dataclass(frozen=True)
class Package:
    """A package operand in its ecosystem's pin syntax."""

    name: str | None  #: the package name (None for files, paths, URLs and non-static words)
    version: str | None  #: the version or constraint after ``operator``, if any
    operator: str | None  #: the text joining name and version as written ("=", "==", "@", "-v", ...)
    index: int  #: argv index of the package word
    spec: str | None  #: the whole word as written (None when not static)
    kind: str = "name"  #: name, file, path, url, vcs, group or unknown
    version_index: int | None = None  #: argv index of the version (== index when inline)

    @property
    def pinned(self) -> bool | None:
        """True when pinned (or nothing to pin), False when not, None when not static."""
        if self.kind == "unknown":
            return None
        if self.kind in ("file", "path", "url", "group"):
            return True
        if self.version is None:
            return None if self.version_index is not None else False
        return self.version.strip().lower() not in _FLOATING


@dataclass(frozen=True)
class CommandModel:
    """What one simple command does, every fact pointing into ``argv``."""

    argv: tuple[str | None, ...]  #: the original argv, wrappers included
    tool: str  #: canonical tool name ("apt-get", "pip"), or the basename of an unknown tool
    tool_index: int  #: argv index of the tool word (the module word for ``python -m pip``)
    known: bool  #: whether dflint has a table for this tool
    subcommand: str | None  #: canonical subcommand ("install", "group install"); None if none or not static
    subcommand_index: int | None  #: argv index of the last subcommand word (insert flags after it)
    subcommand_indexes: tuple[int, ...]  #: argv indexes of every subcommand word
    options: tuple[Option, ...]
    operands: tuple[Operand, ...]  #: positional words after the subcommand
    packages: tuple[Package, ...]  #: package operands, for package-manager subcommands
    passthrough: tuple[Operand, ...] = ()  #: words handed to another program (after gem's --, go run's args)
    end_of_options: int | None = None  #: argv index of a ``--`` that ended the options
    wrappers: tuple[CommandModel, ...] = ()  #: outermost first: sudo, env, python (for -m pip), ...

    def options_named(self, *names: str) -> tuple[Option, ...]:
        """Every option with one of these names: canonical ("yes") or spelled ("-y")."""
        return tuple(o for o in self.options if any(_option_is(o, n) for n in names))

    def has_option(self, *names: str) -> bool:
        """Whether any option has one of these names (canonical, or spelled with dashes)."""
        return any(_option_is(o, n) for o in self.options for n in names)

    def option(self, *names: str) -> Option | None:
        """The last option with one of these names (the one that wins), or None."""
        found = self.options_named(*names)
        return found[-1] if found else None

    def option_value(self, *names: str) -> str | None:
        """The value of :meth:`option`, or None."""
        found = self.option(*names)
        return found.value if found else None

    def wrapped_by(self, tool: str) -> bool:
        """Whether a wrapper with this canonical name (sudo, env, xargs, uv, ...) runs the command."""
        return any(w.tool == tool for w in self.wrappers)

    @property
    def insert_index(self) -> int:
        """The argv index after which a new option can go: the subcommand, else the tool word."""
        return self.subcommand_index if self.subcommand_index is not None else self.tool_index


def _option_is(option: Option, name: str) -> bool:
    return option.spelled == name if name.startswith(("-", "+")) else option.name == name


# --------------------------------------------------------------------------- tables


@dataclass(frozen=True)
class _Opt:
    name: str
    arity: str  # "none", "required" or "optional" (optional: only --x=v / -xV)


def _opts(flags: str = "", values: str = "", optional: str = "") -> dict[str, _Opt]:
    """An option table from groups separated by ',' of spellings separated by spaces.

    The first ``--long`` spelling of a group, without its dashes, is the canonical name;
    a group without one is named by its first spelling (``-nv`` -> ``nv``, ``-d`` -> ``d``).
    """
    table: dict[str, _Opt] = {}
    for groups, arity in ((flags, "none"), (values, "required"), (optional, "optional")):
        for group in groups.split(","):
            spellings = group.split()
            if not spellings:
                continue
            canonical = next((s for s in spellings if s.startswith("--")), spellings[0]).lstrip("-")
            for spelling in spellings:
                table[spelling] = _Opt(canonical, arity)
    return table


@dataclass(frozen=True)
class _Spec:
    """How a tool, or one of its subcommands, reads its arguments."""

    options: Mapping[str, _Opt] = field(default_factory=dict)
    subs: Mapping[str, _Spec] | None = None  #: subcommands; None when the next word is not one
    aliases: Mapping[str, str] = field(default_factory=dict)  #: word -> canonical (may be "group install")
    packages: str | None = None  #: pin syntax of the package operands (key of _PACKAGE_SYNTAX)
    skip_operands: int = 0  #: leading operands that are not packages (pipx inject VENV)
    max_packages: int | None = None  #: only the first N operands are packages (composer create-project)
    version_options: tuple[str, ...] = ()  #: options giving the version of every package (gem -v)
    source_options: Mapping[str, str] = field(default_factory=dict)  #: option -> package kind (cargo --git)
    ref_options: tuple[str, ...] = ()  #: options giving a VCS ref (cargo --tag/--rev)
    pair_versions: bool = False  #: composer: "vendor/pkg 1.2" is one requirement
    split_ops: bool = False  #: zypper: "name >= 1.2" as three words is one requirement
    posix: bool = False  #: options end at the first operand
    program_operands: bool = False  #: after the first operand, the rest belongs to a program
    program_file_re: str | None = None  #: operands matching this come before the program's args (go run x.go)
    dashdash_passthrough: bool = False  #: what follows -- belongs to another program
    terminal_options: frozenset[str] = frozenset()  #: options after which options end (python -c, -m)
    # Tool-level settings (read from the root spec only).
    globals_anywhere: bool = True  #: the tool's own options are also accepted after the subcommand
    old_style: bool = False  #: tar: a first word without '-' is a bundle of option letters
    short_eq: bool = False  #: apt: -q=2 and -o=Foo=bar
    single_dash_long: bool = False  #: go: -race, -mod=mod (and --race); no clusters
    operand_re: str | None = None  #: words that look like options but are operands (chmod -x)
    numeric_option: str | None = None  #: nice -10 (canonical name of the option it means)
    plus_option: str | None = None  #: cargo +nightly (canonical name)
    dash_option: str | None = None  #: env - (canonical name)
    wrapper: bool = False  #: the first operand after the fixed ones is a command to run
    fixed_operands: int = 0  #: wrapper operands before the command (timeout's duration)
    assignments: bool = False  #: wrapper: NAME=value words before the command
    no_dispatch: frozenset[str] = frozenset()  #: options that make a wrapper not run a command
    module_option: str | None = None  #: python -m: dispatch on this option's value
    dispatch: Mapping[str, tuple[str, _Spec]] = field(default_factory=dict)  #: module/subcommand -> tool


def _sub(options: Mapping[str, _Opt] | None = None, **kw: object) -> _Spec:
    return _Spec(options=options or {}, **kw)  # type: ignore[arg-type]


def _subs(names: str, spec: _Spec | None = None) -> dict[str, _Spec]:
    """Several subcommands sharing one spec (default: no options, no packages)."""
    shared = spec or _Spec()
    return {name: shared for name in names.split()}


def _aliases(pairs: str) -> dict[str, str]:
    """``"in=install rm=remove"`` -> {"in": "install", "rm": "remove"}; '+' stands for a space."""
    return {k: v.replace("+", " ") for k, v in (p.split("=") for p in pairs.split())}


_EMPTY = _Spec()

# ---- apt-get, apt, aptitude (apt-get(8), apt(8), aptitude(8))

_APT_OPTS = _opts(
    flags="-y --yes --assume-yes, --assume-no, -q --quiet --silent,"
    " -s --simulate --just-print --dry-run --recon --no-act, -d --download-only,"
    " -f --fix-broken, -m --ignore-missing --fix-missing, --no-download, -u --show-upgraded,"
    " -V --verbose-versions, -b --compile --build, --install-recommends, --no-install-recommends,"
    " --install-suggests, --no-install-suggests, --ignore-hold, --with-new-pkgs, --no-upgrade,"
    " --only-upgrade, --allow-downgrades, --allow-remove-essential, --allow-change-held-packages,"
    " --force-yes, --print-uris, --purge, --reinstall, --list-cleanup, --no-list-cleanup,"
    " --trivial-only, --no-remove, --auto-remove --autoremove, --only-source, --diff-only,"
    " --dsc-only, --tar-only, --arch-only, --indep-only, --allow-unauthenticated,"
    " --allow-insecure-repositories, --allow-releaseinfo-change, --show-progress, --fix-policy,"
    " --mark-auto, -h --help, -v --version, --no-allow-insecure-repositories",
    values="-o --option, -c --config-file, -t --target-release --default-release,"
    " -a --host-architecture, -P --build-profiles, --with-source, --solver, --planner, --error-on",
)
_APT_PKG = _Spec(packages="apt")
_APT_SUBS: dict[str, _Spec] = {
    **_subs("install remove purge reinstall download source build-dep satisfy changelog", _APT_PKG),
    **_subs(
        "update upgrade dist-upgrade full-upgrade autoremove autopurge autoclean auto-clean clean"
        " check markauto unmarkauto list search show showsrc policy depends rdepends edit-sources moo"
    ),
}
_APT_GET = _Spec(options=_APT_OPTS, subs=_APT_SUBS, short_eq=True)
_APTITUDE = _Spec(
    options=_opts(
        flags="-y --assume-yes, -q --quiet, -s --simulate, -d --download-only, -f --fix-broken,"
        " -D --show-deps, -P --prompt, -R --without-recommends, -r --with-recommends, -v --verbose,"
        " -V --show-versions, -W --show-why, -Z, -u, -h --help, --version, --purge-unused,"
        " --safe-resolver, --full-resolver, --allow-untrusted, --no-new-installs, --no-new-upgrades,"
        " --visual-preview, --schedule-only, --disable-columns, --no-gui, --autoclean-on-startup,"
        " --clean-on-startup, --log-resolver",
        values="-o, -F --display-format, -t --target-release --default-release, -w --width,"
        " -O --sort, --group-by, --log-file, --log-level, --arch",
    ),
    subs={
        **_subs(
            "install remove purge reinstall hold unhold markauto unmarkauto forbid-version"
            " build-dep build-depends download",
            _APT_PKG,
        ),
        **_subs(
            "update upgrade safe-upgrade full-upgrade dist-upgrade clean autoclean search show"
            " why why-not forget-new keep keep-all changelog versions"
        ),
    },
)

# ---- apk (apk(8), apk-add(8), apk-del(8), apk-cache(8))

_APK = _Spec(
    options=_opts(
        flags="-U --update-cache --update, --no-cache, --allow-untrusted, -i --interactive,"
        " --no-interactive, -q --quiet, -v --verbose, -f --force, --force-binary-stdout,"
        " --force-broken-world, --force-missing-repositories, --force-no-chroot,"
        " --force-non-repository, --force-old-apk, --force-overwrite, --force-refresh,"
        " --no-network, --no-progress, --progress, --purge, --no-scripts, --no-logfile,"
        " --no-check-certificate, --print-arch, --clean-protected, --overlay-from-stdin,"
        " --preserve-env, --no-commit-hooks, -h --help, -V --version",
        values="-X --repository, -p --root, --arch, --cache-dir, --cache-max-age, --keys-dir,"
        " --progress-fd, --repositories-file, --wait, --timeout, --from",
    ),
    subs={
        "add": _sub(
            _opts(
                flags="-s --simulate, -l --latest, -u --upgrade, --initdb, --no-chown, --usermode",
                values="-t --virtual",
            ),
            packages="apk",
        ),
        "del": _sub(_opts(flags="-r --rdepends, -s --simulate"), packages="apk"),
        "upgrade": _sub(
            _opts(
                flags="-a --available, -l --latest, -s --simulate, --no-self-upgrade,"
                " --self-upgrade-only, --prune"
            ),
            packages="apk",
        ),
        "fix": _sub(
            _opts(flags="-d --depends, -r --reinstall, -u --upgrade, -x --xattr, --directory-permissions"),
            packages="apk",
        ),
        "fetch": _sub(
            _opts(flags="-l --link, -R --recursive, -s --stdout, --simulate", values="-o --output"),
            packages="apk",
        ),
        "cache": _Spec(subs=_subs("clean download sync purge")),
        **_subs("update info list search policy index verify dot audit stats manifest version"),
    },
)

# ---- dnf, yum, microdnf (dnf(8), yum(8), microdnf(8))

_RPM_OPTS = _opts(
    flags="-y --assumeyes, --assumeno, -q --quiet, -v --verbose, -C --cacheonly, -b --best,"
    " --nobest --no-best, --nodocs --no-docs, --nogpgcheck --no-gpgchecks, --refresh, --allowerasing,"
    " --skip-broken, --skip-unavailable, --noplugins, --downloadonly, --noautoremove,"
    " --showduplicates, --obsoletes, --security, --bugfix, --enhancement, --newpackage,"
    " -4, -6, -h --help, --version, --debugsolver, --use-host-config",
    values="-c --config, --setopt, --enablerepo, --disablerepo, --repo --repoid,"
    " -x --exclude --excludepkgs, --releasever, --installroot, --forcearch, --disableplugin,"
    " --enableplugin, --downloaddir --destdir, -d --debuglevel, -e --errorlevel, -R --randomwait,"
    " --rpmverbosity, --advisory --advisories, --bz --bzs, --cve --cves, --sec-severity --secseverity,"
    " --color, --comment, --repofrompath",
)
_RPM_PKG = _Spec(packages="rpm")
_RPM_GROUP = _Spec(
    subs={**_subs("install remove upgrade", _Spec(packages="group")), **_subs("list info mark summary")},
    aliases=_aliases("erase=remove update=upgrade"),
)
_RPM_MODULE = _Spec(
    subs={
        **_subs("install enable disable reset remove update switch-to", _Spec(packages="rpm-module")),
        **_subs("list info provides repoquery"),
    },
)
_RPM_SUBS: dict[str, _Spec] = {
    **_subs(
        "install reinstall remove upgrade downgrade download builddep swap localinstall"
        " upgrade-minimal distro-sync",
        _RPM_PKG,
    ),
    **_subs(
        "autoremove clean makecache list info search provides repolist repoquery check-update"
        " config-manager history mark shell check"
    ),
    "group": _RPM_GROUP,
    "module": _RPM_MODULE,
}
_RPM_ALIASES = _aliases(
    "in=install rei=reinstall erase=remove rm=remove up=upgrade update=upgrade dsync=distro-sync"
    " up-min=upgrade-minimal update-minimal=upgrade-minimal"
    " mc=makecache ls=list if=info se=search wp=provides whatprovides=provides rq=repoquery"
    " check-upgrade=check-update build-dep=builddep groups=group groupinstall=group+install"
    " groupremove=group+remove grouperase=group+remove groupupdate=group+upgrade grouplist=group+list"
    " groupinfo=group+info"
)
_DNF = _Spec(options=_RPM_OPTS, subs=_RPM_SUBS, aliases=_RPM_ALIASES)

# ---- zypper (zypper(8): global options before the command, command options after it)

_ZYPPER_CMD = _opts(
    flags="-n --name, -C --capability, -f --force, --oldpackage, -l --auto-agree-with-licenses,"
    " --auto-agree-with-product-licenses, --replacefiles, -D --dry-run, --details, -y --no-confirm,"
    " --allow-unsigned-rpm, --force-resolution, --no-force-resolution, --recommends, --no-recommends,"
    " -d --download-only, --download-in-advance, --download-in-heaps, --download-as-needed,"
    " --allow-downgrade, --no-allow-downgrade, --allow-name-change, --no-allow-name-change,"
    " --allow-arch-change, --no-allow-arch-change, --allow-vendor-change, --no-allow-vendor-change,"
    " --debug-solver, -u --clean-deps, -U --no-clean-deps, --skip-interactive, --with-interactive,"
    " --best-effort, --with-optional, --without-optional",
    values="-r --repo, -t --type, --from, --download",
)
_ZYPPER_PKG = _Spec(options=_ZYPPER_CMD, packages="zypper", split_ops=True)
_ZYPPER = _Spec(
    options=_opts(
        flags="-n --non-interactive, -q --quiet, -v --verbose, --no-gpg-checks, --gpg-auto-import-keys,"
        " -x --xmlout, -t --terse, -A --no-abbrev, -i --ignore-unknown, --no-refresh, --no-cd,"
        " --no-remote, --disable-repositories, --disable-system-resolvables, --keep-packages,"
        " --no-keep-packages, --non-interactive-include-reboot-patches, -h --help, -V --version,"
        " --no-color, --color",
        values="-R --root, -D --reposd-dir, -C --cache-dir, --raw-cache-dir, -c --config,"
        " -s --table-style, -p --plus-repo, --plus-content, --installroot, --userdata, --releasever,"
        " --pkg-cache-dir, --solv-cache-dir",
    ),
    subs={
        **_subs("install remove update dist-upgrade source-install", _ZYPPER_PKG),
        "clean": _sub(_opts(flags="-m --metadata, -M --raw-metadata, -a --all", values="-r --repo")),
        **_subs(
            "patch refresh search info addrepo removerepo repos modifyrepo verify"
            " install-new-recommends addlock removelock locks list-updates list-patches"
            " packages patterns products what-provides",
            _Spec(options=_ZYPPER_CMD),
        ),
    },
    aliases=_aliases(
        "in=install rm=remove up=update dup=dist-upgrade si=source-install ref=refresh cc=clean"
        " se=search if=info ar=addrepo rr=removerepo lr=repos mr=modifyrepo ve=verify"
        " inr=install-new-recommends al=addlock rl=removelock ll=locks lu=list-updates"
        " lp=list-patches pa=packages pt=patterns pd=products wp=what-provides"
    ),
    globals_anywhere=False,
)

# ---- pip (pip's general options are accepted after the subcommand too), pipx, uv

_PIP_GENERAL = _opts(
    flags="-v --verbose, -q --quiet, -V --version, -h --help, --isolated, --require-virtualenv,"
    " --no-input, --disable-pip-version-check, --no-cache-dir, --no-color,"
    " --no-python-version-warning, --debug",
    values="--log --log-file, --proxy, --retries, --timeout, --exists-action, --trusted-host,"
    " --cert, --client-cert, --cache-dir, --use-feature, --use-deprecated, --keyring-provider,"
    " --python, --resume-retries",
)
_PIP_INSTALL_OPTS = _opts(
    flags="-U --upgrade, --force-reinstall, -I --ignore-installed, --ignore-requires-python,"
    " --no-deps, --pre, --user, --no-build-isolation, --use-pep517, --no-use-pep517,"
    " --check-build-dependencies, --break-system-packages, --compile, --no-compile,"
    " --no-warn-script-location, --no-warn-conflicts, --prefer-binary, --require-hashes,"
    " --dry-run, --no-index, --no-clean",
    values="-r --requirement, -c --constraint, -e --editable, -t --target, --platform,"
    " --python-version, --implementation, --abi, --root, --prefix, --src --source,"
    " --upgrade-strategy, -C --config-settings, --global-option, --install-option, --build-option,"
    " --progress-bar, --root-user-action, --report, --group, -i --index-url, --extra-index-url,"
    " -f --find-links, --no-binary, --only-binary, -b --build --build-dir",
)
_PIP = _Spec(
    options=_PIP_GENERAL,
    subs={
        "install": _sub(_PIP_INSTALL_OPTS, packages="pip"),
        "download": _sub({**_PIP_INSTALL_OPTS, **_opts(values="-d --dest")}, packages="pip"),
        "wheel": _sub({**_PIP_INSTALL_OPTS, **_opts(values="-w --wheel-dir")}, packages="pip"),
        "uninstall": _sub(
            _opts(flags="-y --yes, --break-system-packages", values="-r --requirement, --root-user-action"),
            packages="pip",
        ),
        "cache": _Spec(subs=_subs("dir info list remove purge")),
        **_subs("freeze list show check config search hash completion debug inspect index lock"),
    },
)
_PIPX_INSTALL = _opts(
    flags="--include-deps, -f --force, --system-site-packages, -e --editable, --global,"
    " --fetch-missing-python, --include-apps, --include-injected",
    values="--python, --pip-args, -i --index-url, --suffix, --preinstall, --backend, --spec",
)
_PIPX = _Spec(
    options=_opts(flags="-v --verbose, -q --quiet, -h --help, --version, --global"),
    subs={
        "install": _sub(_PIPX_INSTALL, packages="pip"),
        "inject": _sub(_PIPX_INSTALL, packages="pip", skip_operands=1),
        "upgrade": _sub(_PIPX_INSTALL, packages="pip"),
        "run": _sub(_PIPX_INSTALL, program_operands=True),
        "runpip": _sub(program_operands=True),
        **_subs(
            "uninstall uninject reinstall reinstall-all upgrade-all uninstall-all list"
            " ensurepath environment completion interpreter pin unpin"
        ),
    },
)
_UV_GLOBAL = _opts(
    flags="-n --no-cache, -q --quiet, -v --verbose, --native-tls, --offline, --no-progress,"
    " --no-config, --no-python-downloads, --preview, -h --help, -V --version",
    values="--cache-dir, --color, --directory, --project, --config-file, --python-preference,"
    " --allow-insecure-host --trusted-host",
)
_UV_PIP_INSTALL = _opts(
    flags="--system, --break-system-packages, --compile-bytecode, --no-deps, -U --upgrade,"
    " --reinstall, --no-build-isolation, --strict, --require-hashes, --exact, --dry-run,"
    " --no-index, --user, --no-build, --no-sources, --all-extras, --pre",
    values="-p --python, -r --requirements --requirement, -c --constraints --constraint,"
    " --overrides --override, -e --editable, -i --index-url, --index, --default-index,"
    " --extra-index-url, -f --find-links, --index-strategy, --keyring-provider, --resolution,"
    " --prerelease, --link-mode, -P --upgrade-package, --reinstall-package, -t --target, --prefix,"
    " --python-version, --python-platform, --exclude-newer, --no-binary, --only-binary,"
    " -C --config-setting, --extra, --group, --torch-backend",
)
_UV_PIP = _Spec(
    options=_UV_GLOBAL,
    subs={
        "install": _sub(_UV_PIP_INSTALL, packages="pip"),
        "uninstall": _sub(
            _opts(
                flags="--system, --break-system-packages, --dry-run",
                values="-p --python, -r --requirements --requirement, -t --target, --prefix",
            ),
            packages="pip",
        ),
        "sync": _sub(_UV_PIP_INSTALL),
        "compile": _sub({**_UV_PIP_INSTALL, **_opts(values="-o --output-file")}),
        **_subs("freeze list show tree check"),
    },
)
_UV_ADD = _opts(
    flags="--dev, --frozen, --locked, --no-sync, --raw, --editable, --no-install-project",
    values="--optional, --group, --rev, --tag, --branch, --extra, -r --requirements, --package,"
    " -p --python, --index, --default-index",
)
_UV = _Spec(
    options=_UV_GLOBAL,
    subs={
        "add": _sub(_UV_ADD, packages="pip"),
        "remove": _sub(_UV_ADD, packages="pip"),
        "tool": _Spec(
            subs={
                "install": _sub(
                    _opts(flags="--force, -e --editable", values="-p --python, --with, --from"),
                    packages="pip",
                ),
                **_subs("run upgrade list uninstall update-shell dir"),
            }
        ),
        "run": _sub(
            _opts(
                flags="--frozen, --locked, --no-sync, --no-dev, --isolated",
                values="--with, -p --python, --package, --extra, --group, --env-file",
            ),
            program_operands=True,
        ),
        "sync": _sub(
            _opts(
                flags="--frozen, --locked, --no-dev, --no-install-project, --all-extras,"
                " --no-editable, --inexact, --compile-bytecode, --all-groups, --no-default-groups",
                values="--extra, --group, --only-group, --package, -p --python, --no-install-package",
            )
        ),
        **_subs("lock venv python cache init export tree build publish self version"),
    },
    dispatch={"pip": ("pip", _UV_PIP)},
)

# ---- python (python(1)): -m and -c end python's own options

_PYTHON = _Spec(
    options=_opts(
        flags="-b, -B, -d, -E, -h -? --help, -i, -I, -O, -P, -q, -s, -S, -u, -v, -V --version, -x,"
        " --help-env, --help-xoptions, --help-all",
        values="-m, -c, -W, -X, --check-hash-based-pycs",
    ),
    posix=True,
    terminal_options=frozenset({"m", "c"}),
    module_option="m",
    dispatch={"pip": ("pip", _PIP), "pipx": ("pipx", _PIPX)},
)

# ---- npm, yarn, pnpm (npm-install(1), yarn CLI docs, pnpm CLI docs)

_NPM_OPTS = _opts(
    flags="-g --global, -D --save-dev, -P --save-prod, -O --save-optional, -B --save-bundle,"
    " -E --save-exact, -S --save, --no-save, --save-peer, -f --force, --production,"
    " --legacy-peer-deps, --strict-peer-deps, --ignore-scripts, --no-audit, --audit, --no-fund,"
    " --fund, --no-optional, --no-package-lock, --package-lock-only, --prefer-offline,"
    " --prefer-online, --offline, --dry-run, --foreground-scripts, --no-bin-links, --install-links,"
    " --global-style, --legacy-bundling, --no-progress, -q --quiet, -s --silent, -d, -y --yes,"
    " --no-color, --unsafe-perm, --no-update-notifier, -ws --workspaces, --include-workspace-root,"
    " --json, -l --long, -p --parseable, -v --version, -h --help, --no-shrinkwrap, --prefer-dedupe",
    values="-C --prefix, --registry, --loglevel, --cache, -w --workspace, --tag, --omit, --include,"
    " --install-strategy, --userconfig, --globalconfig, --only, --also, --save-prefix, --scope,"
    " --otp, --fetch-retries, --fetch-retry-mintimeout, --fetch-retry-maxtimeout, --fetch-timeout,"
    " --maxsockets, --proxy, --https-proxy, --noproxy, --cafile, --ca, --cert, --key,"
    " --script-shell, --node-options, --location, --access, --auth-type, --before, --cpu, --os,"
    " --libc, --lockfile-version, --audit-level, --sbom-format",
)
_NPM_PKG = _Spec(packages="npm")
_NPM = _Spec(
    options=_NPM_OPTS,
    subs={
        **_subs("install uninstall update install-test dedupe link", _NPM_PKG),
        "run": _sub(dashdash_passthrough=True),
        "exec": _sub(_opts(values="--package -p, -c --call"), dashdash_passthrough=True),
        "cache": _Spec(subs=_subs("add clean ls verify")),
        **_subs(
            "ci install-ci-test test start stop restart rebuild prune audit outdated ls list"
            " config init pack publish version view info explain fund doctor root bin prefix"
            " pkg query sbom set-script shrinkwrap whoami login logout"
        ),
    },
    aliases=_aliases(
        "i=install in=install ins=install inst=install insta=install instal=install isnt=install"
        " isnta=install isntal=install isntall=install add=install un=uninstall unlink=uninstall"
        " remove=uninstall rm=uninstall r=uninstall up=update upgrade=update udpate=update"
        " it=install-test cit=install-ci-test clean-install=ci ic=ci install-clean=ci isntall-clean=ci"
        " run-script=run rum=run urn=run x=exec t=test tst=test c=config ln=link ddp=dedupe"
        " la=ls ll=ls v=view show=view"
    ),
)
_YARN_OPTS = _opts(
    flags="--frozen-lockfile, --immutable, --immutable-cache, --pure-lockfile, --production --prod,"
    " --non-interactive, --ignore-optional, --ignore-scripts, --ignore-engines, --ignore-platform,"
    " --prefer-offline, --offline, --force, --flat, --har, --no-lockfile, -s --silent, --verbose,"
    " --no-progress, --check-files, --skip-integrity-check, --update-checksums, -D --dev,"
    " -P --peer, -O --optional, -E --exact, -T --tilde, -W --ignore-workspace-root-check,"
    " --audit, --no-default-rc, --json, --inline-builds, --refresh-lockfile, -h --help,"
    " -v --version, --no-bin-links, --link-duplicates, --emoji, --no-emoji",
    values="--cwd, --modules-folder, --cache-folder, --registry, --network-timeout,"
    " --network-concurrency, --mutex, --global-folder, --link-folder, --use-yarnrc, --mode,"
    " --preferred-cache-folder, --https-proxy, --proxy, --otp",
)
_YARN_PKG = _Spec(packages="npm")
_YARN = _Spec(
    options=_YARN_OPTS,
    subs={
        **_subs("add remove upgrade up", _YARN_PKG),
        "global": _Spec(subs={**_subs("add remove upgrade", _YARN_PKG), **_subs("bin list dir")}),
        "cache": _Spec(subs=_subs("clean dir list")),
        "run": _sub(dashdash_passthrough=True),
        "exec": _sub(program_operands=True),
        "dlx": _sub(program_operands=True),
        **_subs(
            "install init info why workspaces workspace link unlink config bin build test pack"
            " publish version outdated audit autoclean check licenses list import login logout"
            " owner policies tag team unplug constraints set plugin rebuild dedupe npm explain"
        ),
    },
)
_PNPM_OPTS = _opts(
    flags="-g --global, -D --save-dev, -P --save-prod --prod, -O --save-optional, -E --save-exact,"
    " --save-peer, --frozen-lockfile, --no-frozen-lockfile, --prefer-frozen-lockfile, --offline,"
    " --prefer-offline, --ignore-scripts, --no-optional, --shamefully-hoist, --force,"
    " -r --recursive, -s --silent, --dev, --fix-lockfile, -w --workspace-root, --lockfile-only,"
    " --no-lockfile, --strict-peer-dependencies, --aggregate-output, --stream, --use-stderr,"
    " --color, --no-color, -h --help, -v --version, --resolution-only",
    values="-C --dir, -F --filter, --store-dir, --virtual-store-dir, --modules-dir, --registry,"
    " --reporter, --loglevel, --network-concurrency, --child-concurrency, --config,"
    " --package-import-method, --node-linker, --workspace-concurrency",
)
_PNPM = _Spec(
    options=_PNPM_OPTS,
    subs={
        **_subs("add install remove update link", _Spec(packages="npm")),
        "run": _sub(dashdash_passthrough=True),
        "exec": _sub(program_operands=True),
        "dlx": _sub(program_operands=True),
        "store": _Spec(subs=_subs("add path prune status")),
        **_subs(
            "fetch install-test prune setup env import rebuild unlink deploy why outdated list"
            " audit patch patch-commit test start publish pack config root bin init licenses"
        ),
    },
    aliases=_aliases(
        "i=install rm=remove uninstall=remove un=remove up=update upgrade=update it=install-test"
        " rb=rebuild ln=link ls=list t=test run-script=run"
    ),
)

# ---- gem, bundle (gem help install, bundle-install(1), bundle-add(1))

_GEM_COMMON = _opts(
    flags="-h --help, -V --verbose, --no-verbose, -q --quiet, --silent, --backtrace, --debug, --norc",
    values="--config-file",
)
_GEM_INSTALL = _opts(
    flags="-N --no-document, --no-ri, --no-rdoc, --user-install, --no-user-install,"
    " -E --env-shebang, --no-env-shebang, -f --force, --no-force, -w --wrappers, --no-wrappers,"
    " --ignore-dependencies, --development, --development-all, --conservative, --minimal-deps,"
    " --post-install-message, --no-post-install-message, --prerelease --pre, --no-prerelease,"
    " -l --local, -r --remote, -b --both, --clear-sources, --default, --explain, --lock, --no-lock,"
    " --suggestions, --no-suggestions, --vendor, --format-executable, --no-format-executable,"
    " -u --update-sources, --no-update-sources, --system",
    values="-v --version, -i --install-dir, -n --bindir, --build-root, -s --source, --platform,"
    " -P --trust-policy, --without, -B --bulk-threshold, --target-rbconfig",
    optional="-p --http-proxy, --document, -g --file",
)
_GEM_INSTALL_SPEC = _sub(
    _GEM_INSTALL, packages="gem", version_options=("version",), dashdash_passthrough=True
)
_GEM = _Spec(
    options=_GEM_COMMON,
    subs={
        "install": _GEM_INSTALL_SPEC,
        "update": _sub(_GEM_INSTALL, packages="gem", dashdash_passthrough=True),
        "uninstall": _sub(
            _opts(
                flags="-a --all, -I --ignore-dependencies, -x --executables, --user-install,"
                " --force, --abort-on-dependent, --vendor",
                values="-v --version, -i --install-dir, -n --bindir, --platform",
            ),
            packages="gem",
            version_options=("version",),
        ),
        "fetch": _sub(
            _opts(values="-v --version, --platform, -s --source"),
            packages="gem",
            version_options=("version",),
        ),
        **_subs(
            "list sources build pristine cleanup query search specification contents environment"
            " help outdated dependency which owner push yank rdoc open info check cert lock"
        ),
    },
    aliases=_aliases("i=install"),
)
_BUNDLE_INSTALL = _opts(
    flags="--deployment, --frozen, --system, --quiet, --no-cache, --clean, --local, --prefer-local,"
    " --full-index, --redownload --force, --no-prune, --conservative",
    values="-j --jobs, --retry, --path, --without, --with, --gemfile, --trust-policy, --shebang,"
    " --target-rbconfig",
    optional="--binstubs, --standalone",
)
_BUNDLE = _Spec(
    options=_opts(flags="--no-color, -V --verbose, -h --help, -v --version", values="-r --retry"),
    subs={
        "install": _sub(_BUNDLE_INSTALL),
        "update": _sub(_BUNDLE_INSTALL),
        "add": _sub(
            _opts(
                flags="--skip-install, --strict, --optimistic, --quiet",
                values="-v --version, -g --group, -s --source, -r --require, --path, --git, --github,"
                " --branch, --ref, --glob",
            ),
            packages="gem",
            version_options=("version",),
            source_options={"git": "vcs", "github": "vcs", "path": "path"},
            ref_options=("ref",),
        ),
        "config": _sub(_opts(flags="--local, --global, --delete")),
        "exec": _sub(program_operands=True),
        **_subs(
            "check clean binstubs cache package outdated show list lock init gem platform"
            " remove doctor info plugin pristine"
        ),
    },
)

# ---- go (go help build; flags are single-dash words, -x=v or -x v)

_GO_OPTS = _opts(
    flags="-a, -n, -x, -v, -race, -msan, -asan, -cover, -trimpath, -linkshared, -buildvcs, -work,"
    " -modcacherw, -u, -t, -d, -f, -insecure, -tool, -json, -i, -cache, -modcache, -testcache,"
    " -fuzzcache, -r, -m, -e, -benchmem, -short, -failfast, -l, -w, -s",
    values="-o, -p, -C, -mod, -modfile, -tags, -ldflags, -gcflags, -asmflags, -gccgoflags,"
    " -buildmode, -compiler, -installsuffix, -overlay, -pgo, -pkgdir, -toolexec, -covermode,"
    " -coverpkg, -exec, -run, -bench, -count, -timeout, -coverprofile, -cpu, -parallel, -fmt,"
    " -require, -droprequire, -replace, -dropreplace, -go, -toolchain, -module",
)
_GO_PKG = _Spec(packages="go")
_GO = _Spec(
    options=_GO_OPTS,
    subs={
        "install": _GO_PKG,
        "get": _GO_PKG,
        "run": _Spec(packages="go", max_packages=1, program_operands=True, program_file_re=r"\.go$"),
        "mod": _Spec(subs={"download": _GO_PKG, **_subs("tidy vendor init edit graph verify why")}),
        **_subs("build clean env test vet generate fmt list version work tool doc fix bug telemetry"),
    },
    single_dash_long=True,
)

# ---- cargo (cargo-install(1), cargo-add(1))

_CARGO_INSTALL = _opts(
    flags="--locked, -f --force, --no-track, --all-features, --no-default-features, --debug, --bins,"
    " --examples, --list, --ignore-rust-version, --keep-going, --frozen, --offline, -q --quiet",
    values="--version --vers, --git, --branch, --tag, --rev, --path, --root, --registry, --index,"
    " -j --jobs, --target, --target-dir, -F --features, --profile, --bin, --example, --config, -Z",
    optional="--timings",
)
_CARGO_BUILD = _opts(
    flags="-r --release, --all-features, --no-default-features, --workspace, --all, --lib, --bins,"
    " --examples, --tests, --benches, --all-targets, --locked, --frozen, --offline, --keep-going,"
    " --ignore-rust-version, --unit-graph, --future-incompat-report",
    values="-p --package, --exclude, --manifest-path, --bin, --example, --test, --bench,"
    " -F --features, --target, --target-dir, -j --jobs, --profile, --message-format, --artifact-dir",
    optional="--timings",
)
_CARGO = _Spec(
    options=_opts(
        flags="-v --verbose, -q --quiet, --locked, --offline, --frozen, -h --help, -V --version, --list",
        values="--color, --config, -Z, -C, --explain",
    ),
    subs={
        "install": _sub(
            _CARGO_INSTALL,
            packages="cargo",
            version_options=("version",),
            source_options={"git": "vcs", "path": "path"},
            ref_options=("tag", "rev"),
        ),
        "add": _sub(
            _opts(
                flags="--dev, --build, --optional, --no-optional, --no-default-features,"
                " --default-features, --dry-run",
                values="--git, --branch, --tag, --rev, --path, --registry, -F --features, --rename,"
                " --target, -p --package, --manifest-path",
            ),
            packages="cargo",
            source_options={"git": "vcs", "path": "path"},
            ref_options=("tag", "rev"),
        ),
        "uninstall": _sub(_opts(values="-p --package, --bin, --root"), packages="cargo"),
        "build": _sub(_CARGO_BUILD),
        "run": _sub(_CARGO_BUILD, dashdash_passthrough=True),
        "test": _sub(_CARGO_BUILD, dashdash_passthrough=True),
        **_subs(
            "check clean doc fetch fix generate-lockfile init new publish search tree update"
            " vendor metadata package remove bench rustc rustdoc login logout yank owner"
        ),
    },
    aliases=_aliases("b=build r=run t=test c=check d=doc rm=remove"),
    plus_option="toolchain",
)

# ---- composer (Symfony console: -dDIR, --working-dir=DIR, --working-dir DIR)

_COMPOSER_UPDATE = _opts(
    flags="--dev, --no-dev, --dry-run, --prefer-source, --prefer-dist, --fixed, --no-suggest,"
    " --no-progress, --no-update, --no-install, --no-audit, --audit, --update-no-dev,"
    " -w --update-with-dependencies --with-dependencies,"
    " -W --update-with-all-dependencies --with-all-dependencies, --ignore-platform-reqs,"
    " --prefer-stable, --prefer-lowest, -m --minimal-changes, --sort-packages,"
    " -o --optimize-autoloader, -a --classmap-authoritative, --apcu-autoloader, --no-autoloader,"
    " --download-only, --lock, -i --interactive, --root-reqs, --unused, --keep-vcs, --remove-vcs,"
    " --no-secure-http, --ask, --strict-psr, --strict-ambiguous",
    values="--prefer-install, --audit-format, --ignore-platform-req, --apcu-autoloader-prefix,"
    " --with, -s --stability, --repository, --repository-url, --add-repository",
)
_COMPOSER_SUBS: dict[str, _Spec] = {
    "require": _sub(_COMPOSER_UPDATE, packages="composer", pair_versions=True),
    "remove": _sub(_COMPOSER_UPDATE, packages="composer"),
    "update": _sub(_COMPOSER_UPDATE, packages="composer"),
    "create-project": _sub(_COMPOSER_UPDATE, packages="composer", max_packages=1),
    "install": _sub(_COMPOSER_UPDATE),
    **_subs(
        "dump-autoload clear-cache config validate show outdated diagnose self-update"
        " run-script exec init search status why why-not depends prohibits licenses audit"
        " archive check-platform-reqs fund reinstall bump"
    ),
}
_COMPOSER_SUBS["global"] = _Spec(
    subs=dict(_COMPOSER_SUBS), aliases=_aliases("r=require rm=remove u=update upgrade=update i=install")
)
_COMPOSER = _Spec(
    options=_opts(
        flags="-h --help, -q --quiet, -V --version, --ansi, --no-ansi, -n --no-interaction,"
        " --profile, --no-plugins, --no-scripts, --no-cache, -v --verbose",
        values="-d --working-dir",
    ),
    subs=_COMPOSER_SUBS,
    aliases=_aliases(
        "r=require rm=remove uninstall=remove u=update upgrade=update i=install"
        " dumpautoload=dump-autoload clearcache=clear-cache cc=clear-cache selfupdate=self-update"
        " info=show home=browse depends=depends"
    ),
)

# ---- curl (curl(1)), wget (wget(1))

_CURL = _Spec(
    options=_opts(
        flags="-f --fail, --fail-with-body, --fail-early, -s --silent, -S --show-error, -L --location,"
        " --location-trusted, -k --insecure, -O --remote-name, --remote-name-all, -J --remote-header-name,"
        " -I --head, -v --verbose, -i --include, -# --progress-bar, -g --globoff, -G --get,"
        " -N --no-buffer, -n --netrc, --netrc-optional, -q --disable, -R --remote-time, -Z --parallel,"
        " --parallel-immediate, -4 --ipv4, -6 --ipv6, -0 --http1.0, --http1.1, --http2,"
        " --http2-prior-knowledge, --http3, --http3-only, -1 --tlsv1, --tlsv1.0, --tlsv1.1, --tlsv1.2,"
        " --tlsv1.3, -2 --sslv2, -3 --sslv3, -a --append, -B --use-ascii, -j --junk-session-cookies,"
        " -l --list-only, -M --manual, -p --proxytunnel, -V --version, --compressed, --compressed-ssh,"
        " --create-dirs, --retry-connrefused, --retry-all-errors, --no-progress-meter, --ssl,"
        " --ssl-reqd, --path-as-is, --raw, --tcp-nodelay, --xattr, --no-keepalive, --no-sessionid,"
        " --styled-output, --anyauth, --basic, --digest, --ntlm, --ntlm-wb, --negotiate,"
        " --post301, --post302, --post303, --proxy-insecure, --proxy-anyauth, --proxy-basic,"
        " --proxy-digest, --proxy-negotiate, --proxy-ntlm, --ssl-no-revoke, --ssl-allow-beast,"
        " --ssl-revoke-best-effort, --cert-status, --false-start, --ftp-pasv, --ftp-create-dirs,"
        " --ftp-skip-pasv-ip, --ftp-ssl-ccc, --ftp-pret, --disable-eprt, --disable-epsv, --ignore-content-length,"
        " --metalink, --remove-on-error, --skip-existing, --suppress-connect-headers, --tr-encoding,"
        " --trace-time, --trace-ids, --no-alpn, --no-npn, --doh-insecure, --doh-cert-status,"
        " --mail-rcpt-allowfails, --sasl-ir, -:, --next, -h --help",
        values="-A --user-agent, -b --cookie, -c --cookie-jar, -C --continue-at, -d --data, --data-ascii,"
        " --data-binary, --data-raw, --data-urlencode, -D --dump-header, -e --referer, -E --cert,"
        " --cert-type, --cacert, --capath, --ciphers, --connect-timeout, --connect-to,"
        " --create-file-mode, --crlfile, --curves, --dns-servers, --dns-interface, --dns-ipv4-addr,"
        " --dns-ipv6-addr, --doh-url, --egd-file, --engine, --etag-compare, --etag-save,"
        " --expect100-timeout, -F --form, --form-string, --ftp-account, --ftp-alternative-to-user,"
        " --ftp-method, -P --ftp-port, --ftp-ssl-ccc-mode, --happy-eyeballs-timeout-ms,"
        " --haproxy-clientip, -H --header, --hostpubmd5, --hostpubsha256, --hsts, --interface,"
        " --ipfs-gateway, --json, -K --config, --keepalive-time, --key, --key-type, --krb,"
        " --libcurl, --limit-rate, --local-port, --login-options, --mail-auth, --mail-from,"
        " --mail-rcpt, --max-filesize, --max-redirs, -m --max-time, --netrc-file, --noproxy,"
        " --oauth2-bearer, -o --output, --output-dir, --parallel-max, --pass, --pinnedpubkey,"
        " --preproxy, --proto, --proto-default, --proto-redir, -x --proxy, --proxy-cacert,"
        " --proxy-capath, --proxy-cert, --proxy-cert-type, --proxy-ciphers, --proxy-crlfile,"
        " --proxy-header, --proxy-key, --proxy-key-type, --proxy-pass, --proxy-pinnedpubkey,"
        " --proxy-service-name, --proxy-tls13-ciphers, --proxy-tlsauthtype, --proxy-tlspassword,"
        " --proxy-tlsuser, -U --proxy-user, --pubkey, -Q --quote, --random-file, -r --range, --rate,"
        " --request-target, -X --request, --resolve, --retry, --retry-delay, --retry-max-time,"
        " --sasl-authzid, --service-name, --socks4, --socks4a, --socks5, --socks5-gssapi-service,"
        " --socks5-hostname, -Y --speed-limit, -y --speed-time, --stderr, -t --telnet-option,"
        " --tftp-blksize, -z --time-cond, --tls-max, --tls13-ciphers, --tlsauthtype, --tlspassword,"
        " --tlsuser, --trace, --trace-ascii, --trace-config, --unix-socket, --abstract-unix-socket,"
        " -T --upload-file, --url, --url-query, -u --user, --variable, -w --write-out, --ech,"
        " --aws-sigv4, --delegation",
    ),
)
_WGET = _Spec(
    options=_opts(
        flags="-q --quiet, -v --verbose, -nv --no-verbose, -c --continue, -N --timestamping,"
        " -r --recursive, -k --convert-links, -p --page-requisites, -m --mirror, -S --server-response,"
        " -nc --no-clobber, -nd --no-directories, -x --force-directories, -nH --no-host-directories,"
        " -np --no-parent, -b --background, -d --debug, -h --help, -V --version, -4 --inet4-only,"
        " -6 --inet6-only, -F --force-html, -E --adjust-extension --html-extension,"
        " -K --backup-converted, -H --span-hosts, -L --relative, --no-check-certificate,"
        " --check-certificate, --content-disposition, --spider, --trust-server-names, --no-cache,"
        " --no-cookies, --ignore-length, --https-only, --show-progress, --no-show-progress,"
        " --auth-no-challenge, --no-dns-cache, --retry-connrefused, --no-proxy, --keep-session-cookies,"
        " --no-http-keep-alive, --ignore-case, --no-glob, --no-passive-ftp, --preserve-permissions,"
        " --retr-symlinks, --delete-after, --no-iri, --unlink, --content-on-error, --no-hsts,"
        " --ask-password, --no-netrc, --save-headers, --no-config",
        values="-O --output-document, -o --output-file, -a --append-output, -P --directory-prefix,"
        " -U --user-agent, -t --tries, -T --timeout, -w --wait, -Q --quota, -e --execute,"
        " -i --input-file, -B --base, -l --level, -A --accept, -R --reject, -D --domains,"
        " -I --include-directories, -X --exclude-directories, --header, --user, --password,"
        " --http-user, --http-password, --post-data, --post-file, --method, --body-data, --body-file,"
        " --load-cookies, --save-cookies, --referer, --ca-certificate, --ca-directory, --certificate,"
        " --certificate-type, --private-key, --private-key-type, --secure-protocol, --progress,"
        " --limit-rate, --dns-timeout, --connect-timeout, --read-timeout, --waitretry,"
        " --bind-address, --restrict-file-names, --cut-dirs, --default-page, --local-encoding,"
        " --remote-encoding, --config, --max-redirect, --ftp-user, --ftp-password, --report-speed,"
        " --prefer-family, --retry-on-http-error, --compression, --hsts-file, --accept-regex,"
        " --reject-regex, --regex-type, --exclude-domains, --follow-tags, --ignore-tags,"
        " --crl-file, --pinnedpubkey, --random-file, --egd-file, --ciphers, --use-askpass,"
        " --warc-file, --warc-header, --warc-max-size, --warc-cdx, --warc-dedup, --warc-tempdir,"
        " --rejected-log, --start-pos, --backups",
    ),
)

# ---- tar (GNU tar(1); bsdtar takes the same common options)

_TAR = _Spec(
    options=_opts(
        flags="-x --extract --get, -c --create, -t --list, -r --append, -u --update,"
        " -A --catenate --concatenate, -d --diff --compare, --delete, --test-label,"
        " -z --gzip --gunzip --ungzip, -j --bzip2, -J --xz, --zstd, -Z --compress --uncompress,"
        " -a --auto-compress, --lzma, --lzip, --lzop, --no-auto-compress, -v --verbose,"
        " -p --preserve-permissions --same-permissions, -k --keep-old-files, -m --touch,"
        " -O --to-stdout, -h --dereference, -P --absolute-names, -S --sparse, -W --verify,"
        " -B --read-full-records, -i --ignore-zeros, -l --check-links, -o,"
        " -s --preserve-order --same-order, -U --unlink-first, -w --interactive --confirmation,"
        " --no-same-owner, --same-owner, --no-same-permissions, --overwrite, --overwrite-dir,"
        " --no-overwrite-dir, --keep-newer-files, --keep-directory-symlink, --skip-old-files,"
        " --remove-files, --wildcards, --no-wildcards, --anchored, --no-anchored, --ignore-case,"
        " --no-ignore-case, --wildcards-match-slash, --no-wildcards-match-slash, --totals,"
        " --numeric-owner, --recursive-unlink, --ignore-failed-read, --no-recursion, --recursion,"
        " --one-file-system, --show-transformed-names, --show-stored-names, --full-time, --utc,"
        " --null, --no-null, --unquote, --no-unquote, --delay-directory-restore,"
        " --no-delay-directory-restore, -M --multi-volume, -R --block-number, -G --incremental,"
        " --exclude-vcs, --exclude-vcs-ignores, --exclude-backups, --exclude-caches,"
        " --exclude-caches-all, --exclude-caches-under, --xattrs, --no-xattrs, --selinux,"
        " --no-selinux, --acls, --no-acls, --show-defaults, --show-omitted-dirs, --restrict,"
        " --no-check-device, --check-device, --seek, --no-seek, --ignore-command-error,"
        " --no-ignore-command-error, --preserve, --help, --usage, --version",
        values="-f --file, -C --directory, -T --files-from, -X --exclude-from, -b --blocking-factor,"
        " -H --format, -I --use-compress-program, -K --starting-file, -L --tape-length,"
        " -N --newer --after-date, -V --label, -F --info-script --new-volume-script,"
        " -g --listed-incremental, --exclude, --strip-components, --transform --xform, --owner,"
        " --group, --mode, --mtime, --index-file, --suffix, --warning, --checkpoint-action,"
        " --rmt-command, --rsh-command, --sort, --newer-mtime, --quoting-style, --pax-option,"
        " --to-command, --record-size, --hole-detection, --level, --add-file, --xattrs-include,"
        " --xattrs-exclude, --owner-map, --group-map, --volno-file, --exclude-tag,"
        " --exclude-tag-under, --exclude-tag-all, --exclude-ignore, --exclude-ignore-recursive,"
        " --quote-chars, --no-quote-chars, --clamp-mtime",
        optional="--checkpoint, --backup, --atime-preserve, --occurrence, --one-top-level",
    ),
    old_style=True,
)

# ---- unzip (Info-ZIP unzip(1): short options only; options may follow the archive)

_UNZIP = _Spec(
    options=_opts(
        flags="-o, -n, -q, -j, -l, -t, -u, -f, -v, -p, -c, -a, -b, -C, -L, -X, -K, -M, -U, -V, -W, -D,"
        " -T, -z, -Z, -x, -:, -^, -h, -s, -$, -E, -F, -i, -N",
        values="-d, -P, -I, -O",
    ),
)

# ---- coreutils: rm, mkdir, chmod, chown; cd (POSIX)

_RM = _Spec(
    options=_opts(
        flags="-f --force, -i, -I, -r -R --recursive, -d --dir, -v --verbose, --one-file-system,"
        " --no-preserve-root, --help, --version",
        optional="--interactive, --preserve-root",
    ),
)
_MKDIR = _Spec(
    options=_opts(
        flags="-p --parents, -v --verbose, -Z, --help, --version", values="-m --mode", optional="--context"
    ),
)
_CHMOD = _Spec(
    options=_opts(
        flags="-c --changes, -f --silent --quiet, -v --verbose, -R --recursive, --no-preserve-root,"
        " --preserve-root, -h --no-dereference, --dereference, -H, -L, -P, --help, --version",
        values="--reference",
    ),
    # chmod -x file, chmod -rwx file: a mode, not an option (GNU chmod reads these as modes).
    operand_re=r"-[rwxXst][rwxXstugoa+=,-]*",
)
_CHOWN = _Spec(
    options=_opts(
        flags="-c --changes, -f --silent --quiet, -v --verbose, -R --recursive, -h --no-dereference,"
        " --dereference, -H, -L, -P, --no-preserve-root, --preserve-root, --help, --version",
        values="--from, --reference",
    ),
)
_CD = _Spec(options=_opts(flags="-L, -P, -e, -@"), posix=True)

# ---- cp, mv (GNU coreutils); git clone (git-clone(1)); gzip, bzip2, xz (their man pages)

_CP = _Spec(
    options=_opts(
        flags="-a --archive, -b, -d, -f --force, -i --interactive, -H, -l --link, -L --dereference,"
        " -n --no-clobber, -P --no-dereference, -p, -R -r --recursive, -s --symbolic-link, -u,"
        " -v --verbose, -x --one-file-system, -T --no-target-directory, -Z, --attributes-only,"
        " --copy-contents, --parents, --remove-destination, --strip-trailing-slashes,"
        " --keep-directory-symlink, --debug, --help, --version",
        values="-S --suffix, -t --target-directory",
        optional="--backup, --preserve, --reflink, --sparse, --update, --context",
    ),
)
_MV = _Spec(
    options=_opts(
        flags="-b, -f --force, -i --interactive, -n --no-clobber, -T --no-target-directory, -u,"
        " -v --verbose, -Z, --strip-trailing-slashes, --exchange, --no-copy, --debug, --help, --version",
        values="-S --suffix, -t --target-directory",
        optional="--backup, --update, --context",
    ),
)
_GIT = _Spec(
    options=_opts(
        flags="-p --paginate, -P --no-pager, --bare, --no-replace-objects, --literal-pathspecs,"
        " --no-optional-locks, --help, --version",
        values="-C, -c, --git-dir, --work-tree, --namespace, --config-env",
        optional="--exec-path",
    ),
    subs={
        "clone": _sub(
            _opts(
                flags="-l --local, --no-hardlinks, -s --shared, --dissociate, -q --quiet, -v --verbose,"
                " --progress, -n --no-checkout, --bare, --mirror, --single-branch, --no-single-branch,"
                " --no-tags, --shallow-submodules, --no-shallow-submodules, --remote-submodules,"
                " --no-remote-submodules, --sparse, --also-filter-submodules, --reject-shallow,"
                " --no-reject-shallow, --recursive",
                values="-b --branch, --depth, -o --origin, -c --config, --reference, --reference-if-able,"
                " --separate-git-dir, -u --upload-pack, -j --jobs, --shallow-since, --shallow-exclude,"
                " --filter, --template, --server-option, --bundle-uri, --ref-format, --revision",
                optional="--recurse-submodules",
            )
        ),
    },
    globals_anywhere=False,
)
_COMPRESSOR = _Spec(
    options=_opts(
        flags="-c --stdout --to-stdout, -d --decompress --uncompress, -z --compress, -k --keep,"
        " -f --force, -l --list, -t --test, -q --quiet, -v --verbose, -n --no-name, -N --name,"
        " -r --recursive, -s --small, -e --extreme, -h --help, -V --version, -L --license",
        values="-S --suffix, -T --threads, -F --format, -C --check, -M --memlimit",
    ),
)

# ---- users and groups: useradd(8), groupadd(8); adduser/addgroup: BusyBox short options
# (Alpine) and Debian adduser(8) long options, which do not collide.

_USERADD = _Spec(
    options=_opts(
        flags="-D --defaults, -h --help, -l --no-log-init, -m --create-home, -M --no-create-home,"
        " -N --no-user-group, -o --non-unique, -r --system, -U --user-group,"
        " -F --add-subids-for-system, --btrfs-subvolume-home",
        values="-b --base-dir, -c --comment, -d --home-dir --home, -e --expiredate, -f --inactive,"
        " -g --gid, -G --groups, -k --skel, -K --key, -p --password, -R --root, -P --prefix,"
        " -s --shell, -u --uid, -Z --selinux-user, --selinux-range",
    ),
)
_ADDUSER = _Spec(
    options=_opts(
        flags="-D --disabled-password, -H --no-create-home, -S --system, --disabled-login, --group,"
        " -q --quiet, --debug, --force-badname, --allow-badname, --allow-all-names,"
        " --add-extra-groups --add_extra_groups, --encrypt-home, --extrausers, --verbose, --help,"
        " --version",
        values="-h --home, -g --gecos --comment, -s --shell, -G --ingroup, -u --uid, -k --skel, --gid,"
        " --firstuid, --lastuid, --firstgid, --lastgid, --conf, --key",
    ),
)
_GROUPADD = _Spec(
    options=_opts(
        flags="-f --force, -o --non-unique, -r --system, -h --help",
        values="-g --gid, -K --key, -p --password, -R --root, -P --prefix, -U --users",
    ),
)
_ADDGROUP = _Spec(
    options=_opts(
        flags="-S --system, --quiet, --debug, --force-badname, --allow-badname, --help, --version",
        values="-g --gid, --conf, --firstgid, --lastgid",
    ),
)

# ---- wrappers (sudo(8), doas(1), env(1), nice(1), ...)

_SUDO = _Spec(
    options=_opts(
        flags="-A --askpass, -b --background, -B --bell, -e --edit, -H --set-home, -i --login,"
        " -K --remove-timestamp, -k --reset-timestamp, -l --list, -n --non-interactive,"
        " -P --preserve-groups, -S --stdin, -s --shell, -V --version, -v --validate, -N --no-update,"
        " -h --help",
        values="-u --user, -g --group, -p --prompt, -C --close-from, -D --chdir, -R --chroot,"
        " -r --role, -t --type, -T --command-timeout, -U --other-user, --host",
        optional="-E --preserve-env",
    ),
    posix=True,
    wrapper=True,
    assignments=True,
)
_WRAPPERS: dict[str, _Spec] = {
    "sudo": _SUDO,
    "doas": _Spec(options=_opts(flags="-n, -s, -L", values="-u, -C"), posix=True, wrapper=True),
    "env": _Spec(
        options=_opts(
            flags="-i --ignore-environment, -0 --null, -v --debug, --list-signal-handling",
            values="-u --unset, -C --chdir, -S --split-string, -P",
            optional="--block-signal, --default-signal, --ignore-signal",
        ),
        posix=True,
        wrapper=True,
        assignments=True,
        dash_option="ignore-environment",
        no_dispatch=frozenset({"split-string"}),
    ),
    "nice": _Spec(
        options=_opts(values="-n --adjustment"), posix=True, wrapper=True, numeric_option="adjustment"
    ),
    "nohup": _Spec(posix=True, wrapper=True),
    "time": _Spec(
        options=_opts(
            flags="-p --portability, -v --verbose, -q --quiet, -a --append", values="-o --output, -f --format"
        ),
        posix=True,
        wrapper=True,
    ),
    "timeout": _Spec(
        options=_opts(
            flags="--preserve-status, --foreground, -v --verbose", values="-s --signal, -k --kill-after"
        ),
        posix=True,
        wrapper=True,
        fixed_operands=1,
    ),
    "stdbuf": _Spec(options=_opts(values="-i --input, -o --output, -e --error"), posix=True, wrapper=True),
    "ionice": _Spec(
        options=_opts(
            flags="-t --ignore", values="-c --class, -n --classdata, -p --pid, -P --pgid, -u --uid"
        ),
        posix=True,
        wrapper=True,
    ),
    "chroot": _Spec(
        options=_opts(flags="--skip-chdir", values="--userspec, --groups"),
        posix=True,
        wrapper=True,
        fixed_operands=1,
    ),
    "xargs": _Spec(
        options=_opts(
            flags="-0 --null, -o --open-tty, -p --interactive, -r --no-run-if-empty, -t --verbose, -x --exit",
            values="-a --arg-file, -d --delimiter, -E, -I, -L, -n --max-args, -P --max-procs,"
            " -s --max-chars, --process-slot-var",
            optional="-e --eof, -i --replace, -l --max-lines",
        ),
        posix=True,
        wrapper=True,
    ),
    "gosu": _Spec(posix=True, wrapper=True, fixed_operands=1),
    "su-exec": _Spec(posix=True, wrapper=True, fixed_operands=1),
    "eatmydata": _Spec(posix=True, wrapper=True),
    "fakeroot": _Spec(
        options=_opts(flags="-u --unknown-is-real", values="-l --lib, --faked, -s, -i, -b"),
        posix=True,
        wrapper=True,
    ),
    "busybox": _Spec(posix=True, wrapper=True),
    "exec": _Spec(options=_opts(flags="-c, -l", values="-a"), posix=True, wrapper=True),
    "command": _Spec(
        options=_opts(flags="-p, -v, -V"), posix=True, wrapper=True, no_dispatch=frozenset({"v", "V"})
    ),
}

_TOOLS: dict[str, _Spec] = {
    "apt-get": _APT_GET,
    "apt": _APT_GET,
    "aptitude": _APTITUDE,
    "apk": _APK,
    "dnf": _DNF,
    "yum": _DNF,
    "microdnf": _DNF,
    "zypper": _ZYPPER,
    "pip": _PIP,
    "pipx": _PIPX,
    "uv": _UV,
    "python": _PYTHON,
    "npm": _NPM,
    "yarn": _YARN,
    "pnpm": _PNPM,
    "gem": _GEM,
    "bundle": _BUNDLE,
    "go": _GO,
    "cargo": _CARGO,
    "composer": _COMPOSER,
    "curl": _CURL,
    "wget": _WGET,
    "tar": _TAR,
    "unzip": _UNZIP,
    "rm": _RM,
    "mkdir": _MKDIR,
    "chmod": _CHMOD,
    "chown": _CHOWN,
    "cd": _CD,
    # ln(1) (GNU coreutils; BusyBox's options are a subset)
    "ln": _Spec(
        options=_opts(
            flags="-b, -d -F --directory, -f --force, -i --interactive, -L --logical, -n --no-dereference,"
            " -P --physical, -r --relative, -s --symbolic, -T --no-target-directory, -v --verbose, --help,"
            " --version",
            values="-S --suffix, -t --target-directory",
            optional="--backup",
        )
    ),
    "cp": _CP,
    "mv": _MV,
    "git": _GIT,
    **{name: _COMPRESSOR for name in "gzip gunzip zcat bzip2 bunzip2 bzcat xz unxz xzcat".split()},
    "useradd": _USERADD,
    "adduser": _ADDUSER,
    "groupadd": _GROUPADD,
    "addgroup": _ADDGROUP,
    **_WRAPPERS,
}
_NAME_ALIASES = {
    "dnf5": "dnf",
    "dnf-3": "dnf",
    "yarnpkg": "yarn",
    "bundler": "bundle",
    "composer.phar": "composer",
    "gtar": "tar",
    "bsdtar": "tar",
}
_VERSIONED_NAMES = ((re.compile(r"pip\d*(?:\.\d+)?"), "pip"), (re.compile(r"python\d*(?:\.\d+)?"), "python"))


def _tool_name(word: str) -> str:
    base = word.rsplit("/", 1)[-1]
    if base in _TOOLS:
        return base
    if base in _NAME_ALIASES:
        return _NAME_ALIASES[base]
    for pattern, name in _VERSIONED_NAMES:
        if pattern.fullmatch(base):
            return name
    return base


# --------------------------------------------------------------------------- package specs

_Parsed = tuple[str | None, str | None, str | None, str]  # name, operator, version, kind
_URL_RE = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")
_PATH_PREFIXES = ("/", "./", "../", "~/")


def _is_path(s: str) -> bool:
    return s in (".", "..", "~") or s.startswith(_PATH_PREFIXES)


def _pkg_apt(s: str) -> _Parsed:
    if s.endswith(".deb"):
        return None, None, None, "file"
    if _is_path(s):
        return None, None, None, "path"
    for sep in ("=", "/"):  # pkg=version, pkg/target-release
        name, found, rest = s.partition(sep)
        if found:
            return name, sep, rest, "name"
    return s, None, None, "name"


_APK_OP = re.compile(r"(?P<name>[^=<>~]+?)(?P<op>=~|~=|>=|<=|><|=|~|<|>)(?P<ver>.*)", re.S)


def _pkg_apk(s: str) -> _Parsed:
    if s.endswith(".apk"):
        return None, None, None, "file"
    m = _APK_OP.fullmatch(s)
    if m:
        return m["name"], m["op"], m["ver"], "name"
    return s, None, None, "name"


_RPM_VERSION_PART = re.compile(r"[0-9][0-9A-Za-z._~^:+]*")


def _split_rpm(s: str) -> _Parsed:
    """``name-version[-release]``: the last part, or the last two, when they start with a digit."""
    parts = s.split("-")
    if len(parts) >= 2 and _RPM_VERSION_PART.fullmatch(parts[-1]):
        cut = len(parts) - 1
        if len(parts) >= 3 and _RPM_VERSION_PART.fullmatch(parts[-2]):
            cut -= 1
        return "-".join(parts[:cut]), "-", "-".join(parts[cut:]), "name"
    return s, None, None, "name"


def _pkg_rpm(s: str) -> _Parsed:
    if _URL_RE.match(s):
        return None, None, None, "url"
    if s.endswith(".rpm"):
        return None, None, None, "file"
    if s.startswith("@"):
        return s[1:], None, None, "group"
    return _split_rpm(s)


def _pkg_rpm_module(s: str) -> _Parsed:
    name, found, stream = s.partition(":")
    if found:
        return name, ":", stream, "name"
    return s.split("/", 1)[0], None, None, "name"


def _pkg_group(s: str) -> _Parsed:
    return s.lstrip("@"), None, None, "group"


_ZYPPER_OP = re.compile(r"(?P<name>[^=<>\s]+?)\s*(?P<op><=|>=|==|=|<|>)\s*(?P<ver>\S.*)", re.S)
_ZYPPER_KINDS = ("pattern:", "patch:", "product:", "srcpackage:")


def _pkg_zypper(s: str) -> _Parsed:
    if _URL_RE.match(s):
        return None, None, None, "url"
    if s.endswith(".rpm"):
        return None, None, None, "file"
    if s.startswith(_ZYPPER_KINDS):
        return s.split(":", 1)[1], None, None, "group"
    m = _ZYPPER_OP.fullmatch(s)
    if m:
        return m["name"], m["op"], m["ver"], "name"
    return _split_rpm(s)  # zypper(8): "zypper install virtualbox-ose-2.0.6"


_PIP_VCS = re.compile(r"(?:git|hg|svn|bzr)\+[A-Za-z-]+://|git://|svn://", re.I)
_PIP_FILES = (".whl", ".tar.gz", ".tgz", ".tar.bz2", ".tar.xz", ".zip", ".tar")
_PEP508 = re.compile(
    r"(?P<name>[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(?P<extras>\[[^\]]*\])?\s*(?P<rest>.*)", re.S
)
_PIP_OP = re.compile(r"\(?\s*(?P<op>===|==|~=|!=|<=|>=|<|>)\s*(?P<ver>[^;)]*?)\s*\)?\s*(?:;.*)?", re.S)


def _vcs_ref(url: str, *, fragment: bool) -> str | None:
    """The ref of a VCS URL: ``#ref`` (npm) or ``@ref`` after the host (pip)."""
    base, _, frag = url.partition("#")
    if fragment:
        return frag or None
    after_scheme = base.split("://", 1)[-1]
    path = after_scheme.split("/", 1)[1] if "/" in after_scheme else ""
    return path.rsplit("@", 1)[1] or None if "@" in path else None


def _egg(url: str) -> str | None:
    m = re.search(r"[#&]egg=([^&]+)", url)
    return m[1] if m else None


def _pkg_pip(s: str) -> _Parsed:
    t = s.strip()
    if _PIP_VCS.match(t):
        ref = _vcs_ref(t, fragment=False)
        return _egg(t), "@" if ref else None, ref, "vcs"
    if _URL_RE.match(t):
        return _egg(t), None, None, "url"
    m = _PEP508.fullmatch(t)
    rest = m["rest"].strip() if m else ""
    if m and rest.startswith("@"):  # PEP 508 direct reference: name @ url
        url = rest[1:].strip()
        if _PIP_VCS.match(url):
            ref = _vcs_ref(url, fragment=False)
            return m["name"], "@" if ref else None, ref, "vcs"
        return m["name"], None, None, "url"
    if _is_path(t):
        return None, None, None, "path"
    if t.lower().endswith(_PIP_FILES):
        return None, None, None, "file"
    if "/" in t:  # hadolint DL3013: a local directory
        return None, None, None, "path"
    if m:
        op = _PIP_OP.fullmatch(rest)
        if op:
            return m["name"], op["op"], op["ver"], "name"
        return m["name"], None, None, "name"
    return t, None, None, "name"


_NPM_GIT = (
    "git://",
    "git+ssh://",
    "git+http://",
    "git+https://",
    "git+file://",
    "github:",
    "gitlab:",
    "bitbucket:",
    "gist:",
)
_NPM_FILES = (".tgz", ".tar", ".tar.gz")


def _pkg_npm(s: str) -> _Parsed:
    if s.startswith(_NPM_GIT):
        ref = _vcs_ref(s, fragment=True)
        return None, "#" if ref else None, ref, "vcs"
    if _URL_RE.match(s):
        return None, None, None, "url"
    if _is_path(s) or s.startswith("file:"):
        return None, None, None, "path"
    if s.endswith(_NPM_FILES):
        return None, None, None, "file"
    if s.startswith("@"):  # @scope/name@version
        slash = s.find("/")
        at = s.find("@", slash + 1) if slash != -1 else -1
    else:
        at = s.find("@")
        head = s if at == -1 else s[:at]
        if "/" in head:  # GitHub shorthand user/repo[#ref]
            ref = _vcs_ref(s, fragment=True)
            return None, "#" if ref else None, ref, "vcs"
    if at > 0 and s[at + 1 :]:
        return s[:at], "@", s[at + 1 :], "name"
    return (s[:at] if at > 0 else s), None, None, "name"


def _pkg_gem(s: str) -> _Parsed:
    if s.endswith(".gem"):
        return None, None, None, "file"
    name, found, version = s.partition(":")
    if found and version:
        return name, ":", version, "name"
    return name, None, None, "name"


def _pkg_at(s: str) -> _Parsed:
    """go, cargo: ``name@version``; go's local paths and files are not registry packages."""
    if s.startswith((".", "/")):
        return None, None, None, "path"
    if s.endswith(".go"):
        return None, None, None, "file"
    name, found, version = s.partition("@")
    if found and version:
        return name, "@", version, "name"
    return name, None, None, "name"


_COMPOSER_SEP = re.compile(r"(?P<name>[^=: ]+)(?P<op>[=: ])\s*(?P<ver>.+)", re.S)
_COMPOSER_PLATFORM = re.compile(
    r"php(?:-64bit|-ipv6|-zts|-debug)?|hhvm|(?:ext|lib)-[\w.-]+|composer(?:-(?:plugin|runtime)-api)?", re.I
)


def _pkg_composer(s: str) -> _Parsed:
    m = _COMPOSER_SEP.fullmatch(s)
    if m:
        return m["name"], m["op"], m["ver"], "name"
    return s, None, None, "name"


_PACKAGE_SYNTAX: dict[str, Callable[[str], _Parsed]] = {
    "apt": _pkg_apt,
    "apk": _pkg_apk,
    "rpm": _pkg_rpm,
    "rpm-module": _pkg_rpm_module,
    "group": _pkg_group,
    "zypper": _pkg_zypper,
    "pip": _pkg_pip,
    "npm": _pkg_npm,
    "gem": _pkg_gem,
    "go": _pkg_at,
    "cargo": _pkg_at,
    "composer": _pkg_composer,
}
_ZYPPER_OP_WORDS = frozenset({"=", "==", "<", ">", "<=", ">="})


def _packages(spec: _Spec, operands: Sequence[Operand], options: Sequence[Option]) -> tuple[Package, ...]:
    """The package operands of a package-manager subcommand, in ``spec.packages`` syntax."""
    assert spec.packages is not None
    parse = _PACKAGE_SYNTAX[spec.packages]
    words = list(operands[spec.skip_operands :])
    if spec.max_packages is not None:
        words = words[: spec.max_packages]
    found: list[Package] = []
    i = 0
    while i < len(words):
        word = words[i]
        i += 1
        if word.text is None:
            found.append(Package(None, None, None, word.index, None, "unknown"))
            continue
        name, op, version, kind = parse(word.text)
        if not version:  # "pkg=" or "pkg@": no version after all
            op = version = None
        version_index = word.index if version is not None else None
        nxt = words[i].text if i < len(words) else None
        if version is None and kind == "name" and nxt is not None:
            if spec.split_ops and nxt in _ZYPPER_OP_WORDS and i + 1 < len(words):
                op, version, version_index = nxt, words[i + 1].text, words[i + 1].index
                i += 2
            elif spec.pair_versions and "/" not in nxt and not _COMPOSER_PLATFORM.fullmatch(nxt):
                op, version, version_index = " ", nxt, words[i].index
                i += 1
        found.append(Package(name, version, op, word.index, word.text, kind, version_index))
    found = _apply_version_options(spec, found, options)
    return tuple(_apply_source_options(spec, found, options))


def _last(options: Sequence[Option], names: Sequence[str]) -> Option | None:
    return next((o for o in reversed(options) if o.name in names), None)


def _apply_version_options(spec: _Spec, found: list[Package], options: Sequence[Option]) -> list[Package]:
    opt = _last(options, spec.version_options)
    if opt is None:
        return found
    return [
        Package(p.name, opt.value, opt.spelled, p.index, p.spec, p.kind, opt.value_index)
        if p.kind == "name" and p.version is None
        else p
        for p in found
    ]


def _apply_source_options(spec: _Spec, found: list[Package], options: Sequence[Option]) -> list[Package]:
    source = _last(options, tuple(spec.source_options))
    if source is None:
        return found
    kind = spec.source_options[source.name]
    ref = _last(options, spec.ref_options) if kind == "vcs" else None
    version, op, version_index = (ref.value, ref.spelled, ref.value_index) if ref else (None, None, None)
    if not found:
        index = source.value_index if source.value_index is not None else source.index
        return [Package(None, version, op, index, source.value, kind, version_index)]
    return [Package(p.name, version, op, p.index, p.spec, kind, version_index) for p in found]


# --------------------------------------------------------------------------- parsing

_ASSIGNMENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*=.*", re.S)


class _Parser:
    """Reads the words of one command (from ``start``) against a tool's tables."""

    def __init__(
        self, argv: tuple[str | None, ...], tool: str, tool_index: int, start: int, root: _Spec | None
    ) -> None:
        self.argv = argv
        self.tool = tool
        self.tool_index = tool_index
        self.start = start
        self.known = root is not None
        self.root = root or _EMPTY
        self.levels: list[_Spec] = [self.root]
        self.expect_sub = self.root.subs is not None
        self.sub_words: list[tuple[str | None, int]] = []
        self.options: list[Option] = []
        self.operands: list[Operand] = []
        self.passthrough: list[Operand] = []
        self.end_of_options: int | None = None
        self.options_done = False
        self.pass_mode = False
        self.fixed_seen = 0
        self.stopped = False  #: set when the rest of argv is not ours to parse
        self.in_files = False  #: go run a.go b.go: reading the program's files
        #: (tool name, spec, tool_index, start) of a command this one runs
        self.dispatch: tuple[str, _Spec | None, int, int] | None = None

    # -- driving

    def run(self) -> CommandModel:
        argv = self.argv
        i = self.start
        if self.root.old_style:
            i = self._old_style(i)
        while i < len(argv) and not self.stopped:
            word = argv[i]
            if self.pass_mode or (self.in_files and not self._is_program_file(word)):
                self.pass_mode = True
                self.passthrough.append(Operand(word, i))
                i += 1
            elif word is None or self.options_done or not self._is_option_word(word):
                self._positional(word, i)
                i += 1
            elif word == "--":
                self.end_of_options = i
                if self.levels[-1].dashdash_passthrough:
                    self.pass_mode = True
                else:
                    self.options_done = True
                i += 1
            else:
                i = self._option_word(word, i)
        return self._model()

    def _model(self) -> CommandModel:
        current = self.levels[-1]
        sub_known = bool(self.sub_words) and all(w is not None for w, _ in self.sub_words)
        packages: tuple[Package, ...] = ()
        if current.packages is not None and (sub_known or not self.sub_words):
            packages = _packages(current, self.operands, self.options)
        return CommandModel(
            argv=self.argv,
            tool=self.tool,
            tool_index=self.tool_index,
            known=self.known,
            subcommand=" ".join(w for w, _ in self.sub_words if w is not None) if sub_known else None,
            subcommand_index=self.sub_words[-1][1] if self.sub_words else None,
            subcommand_indexes=tuple(i for _, i in self.sub_words),
            options=tuple(self.options),
            operands=tuple(self.operands),
            packages=packages,
            passthrough=tuple(self.passthrough),
            end_of_options=self.end_of_options,
        )

    # -- words

    def _lookup(self, spelling: str) -> _Opt | None:
        levels = self.levels if self.root.globals_anywhere or len(self.levels) == 1 else self.levels[-1:]
        for spec in reversed(levels):
            found = spec.options.get(spelling)
            if found is not None:
                return found
        return None

    def _is_option_word(self, word: str) -> bool:
        root = self.root
        if word == "-":
            return root.dash_option is not None
        if root.plus_option and word.startswith("+") and len(word) > 1 and not self.sub_words:
            return True
        if not word.startswith("-"):
            return False
        if root.operand_re and re.fullmatch(root.operand_re, word) and self._lookup(word) is None:
            return False
        return True

    def _add(
        self, name: str, value: str | None, index: int, value_index: int | None, form: str, spelled: str
    ) -> None:
        self.options.append(Option(name, value, index, value_index, form, spelled))
        current = self.levels[-1]
        if name in current.terminal_options or name in self.root.terminal_options:
            self.options_done = True
            module = self.root.module_option
            if (
                name == module
                and value is not None
                and value in self.root.dispatch
                and value_index is not None
            ):
                tool, spec = self.root.dispatch[value]
                self.dispatch = (tool, spec, value_index, value_index + 1)
                self.stopped = True

    def _take_value(self, index: int) -> tuple[str | None, int | None]:
        """The next word as an option's value: (text, index), or (None, None) at the end."""
        nxt = index + 1
        return (self.argv[nxt], nxt) if nxt < len(self.argv) else (None, None)

    def _option_word(self, word: str, i: int) -> int:
        """Record the option(s) in ``word`` (at ``i``); return the index of the next word."""
        root = self.root
        if word == "-":
            self._add(root.dash_option or "-", None, i, None, "dash", "-")
            return i + 1
        if word.startswith("+"):
            self._add(root.plus_option or "+", word[1:], i, i, "plus", "+")
            return i + 1
        if root.numeric_option and re.fullmatch(r"-\d+", word):
            self._add(root.numeric_option, word[1:], i, i, "numeric", word)
            return i + 1
        if word.startswith("--") or root.single_dash_long:
            return self._long(word, i)
        exact = self._lookup(word) if len(word) > 2 else None
        if exact is not None:  # wget -nv, -nc: multi-letter single-dash options
            return self._with_value(exact, word, i, "short")
        return self._cluster(word, i)

    def _long(self, word: str, i: int) -> int:
        body = word[2:] if word.startswith("--") else word[1:]
        name, eq, value = body.partition("=")
        dashes = "-" if self.root.single_dash_long else "--"
        spelled = word[: len(word) - len(body)] + name
        found = self._lookup(dashes + name)
        canonical = found.name if found else name
        if eq:
            self._add(canonical, value, i, i, "long=", spelled)
            return i + 1
        return self._with_value(found, spelled, i, "long", canonical)

    def _with_value(
        self, found: _Opt | None, spelled: str, i: int, form: str, name: str | None = None
    ) -> int:
        canonical = name or (found.name if found else spelled.lstrip("-"))
        if found is not None and found.arity == "required":
            value, value_index = self._take_value(i)
            self._add(canonical, value, i, value_index, form, spelled)
            return i + 2
        self._add(canonical, None, i, None, form, spelled)
        return i + 1

    def _cluster(self, word: str, i: int) -> int:
        letters = word[1:]
        bundle = len(letters) > 1
        for j, letter in enumerate(letters):
            spelled = "-" + letter
            found = self._lookup(spelled)
            canonical = found.name if found else letter
            rest = letters[j + 1 :]
            if self.root.short_eq and rest.startswith("="):
                self._add(canonical, rest[1:], i, i, "attached" if j == 0 else "bundle", spelled)
                return i + 1
            if found is not None and found.arity != "none":
                if rest:
                    self._add(canonical, rest, i, i, "attached" if j == 0 else "bundle", spelled)
                    return i + 1
                if found.arity == "required":
                    value, value_index = self._take_value(i)
                    self._add(canonical, value, i, value_index, "bundle" if bundle else "short", spelled)
                    return i + 2
            self._add(canonical, None, i, None, "bundle" if bundle else "short", spelled)
            if self.stopped or self.options_done:
                break
        return i + 1

    def _old_style(self, i: int) -> int:
        """tar xzf FILE: option letters without '-', their values taken from the next words."""
        argv = self.argv
        if i >= len(argv):
            return i
        word = argv[i]
        if not word or word.startswith("-") or any(self._lookup("-" + c) is None for c in word):
            return i
        nxt = i + 1
        for letter in word:
            found = self._lookup("-" + letter)
            assert found is not None
            if found.arity == "required":
                value = argv[nxt] if nxt < len(argv) else None
                self._add(found.name, value, i, nxt if nxt < len(argv) else None, "old", letter)
                nxt += 1
            else:
                self._add(found.name, None, i, None, "old", letter)
        return nxt

    def _positional(self, word: str | None, i: int) -> None:
        root = self.root
        current = self.levels[-1]
        if root.wrapper:
            self._wrapper_positional(word, i)
            return
        if self.expect_sub:
            self._subcommand(word, i)
            return
        self.operands.append(Operand(word, i))
        if current.posix or root.posix:
            self.options_done = True
        if current.program_operands:
            if self._is_program_file(word):
                self.in_files = True
            else:
                self.pass_mode = True

    def _is_program_file(self, word: str | None) -> bool:
        pattern = self.levels[-1].program_file_re
        return bool(pattern and word is not None and re.search(pattern, word))

    def _wrapper_positional(self, word: str | None, i: int) -> None:
        root = self.root
        if self.fixed_seen < root.fixed_operands:
            self.fixed_seen += 1
            self.operands.append(Operand(word, i))
            return
        if root.assignments and word is not None and _ASSIGNMENT.fullmatch(word):
            self.operands.append(Operand(word, i))
            return
        if word is None or any(o.name in root.no_dispatch for o in self.options):
            # The command is not static (sudo $CMD) or not run (command -v): the rest is ours.
            self.operands.extend(Operand(w, j) for j, w in enumerate(self.argv[i:], i))
            self.stopped = True
            return
        name = _tool_name(word)
        self.dispatch = (name, _TOOLS.get(name), i, i + 1)
        self.stopped = True

    def _subcommand(self, word: str | None, i: int) -> None:
        current = self.levels[-1]
        self.expect_sub = False
        if word is None:
            self.sub_words.append((None, i))
            self.levels.append(_EMPTY)
            return
        if (
            not self.sub_words
            and len(self.levels) == 1
            and word in self.root.dispatch
            and not self.root.module_option
        ):
            tool, spec = self.root.dispatch[word]
            self.dispatch = (tool, spec, i, i + 1)
            self.stopped = True
            return
        canonical = current.aliases.get(word, word)
        spec: _Spec | None = current
        for part in canonical.split(" "):
            spec = spec.subs.get(part) if spec is not None and spec.subs else None
            self.levels.append(spec or _EMPTY)
        self.sub_words.append((canonical, i))
        self.expect_sub = spec is not None and spec.subs is not None


def model_command(argv: Sequence[str | None]) -> CommandModel | None:
    """The model of one simple command, seeing through wrappers; None without a static argv[0]."""
    words = tuple(argv)
    if not words or words[0] is None:
        return None
    tool = _tool_name(words[0])
    spec = _TOOLS.get(tool)
    tool_index, start = 0, 1
    wrappers: list[CommandModel] = []
    while True:
        parser = _Parser(words, tool, tool_index, start, spec)
        model = parser.run()
        dispatch = parser.dispatch
        if dispatch is None:
            return replace(model, wrappers=tuple(wrappers)) if wrappers else model
        wrappers.append(model)
        tool, spec, tool_index, start = dispatch
