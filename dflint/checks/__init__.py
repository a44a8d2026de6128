"""Checks: one small pure module per rule, under ``dflint/checks/<category>/``.

A check module defines ``check``. An instruction check also defines ``ON``, the
instruction classes it looks at, and is called once per matching instruction, in file
order, with ONBUILD triggers included (``ONBUILD = False`` opts out)::

    ON = (cst.From,)

    def check(instr: cst.From, ctx: Context) -> Iterator[Violation]: ...

A file check has no ``ON`` and is called once per file: ``check(ctx)``. Checks return
:class:`Violation`s; the engine adds the rule id, severity and positions, and decides
selection, pragmas and overrides afterwards: a check never does.

:data:`REGISTRY` names every Python check, sorted by id. Rules whose yaml has a
``match:`` block are declarative (:mod:`dflint.checks.declarative`) and not listed here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

from dflint.fix.edit import Fix

if TYPE_CHECKING:
    from dflint.catalogue import RuleInfo
    from dflint.diagnostics import Severity
    from dflint.model.context import BuildContexts
    from dflint.model.stages import Model
    from dflint.pragmas import Pragmas
    from dflint.syntax import cst
    from dflint.syntax.positions import Positions

#: rule id -> module holding its check, sorted by id
REGISTRY: dict[str, str] = {
    "DF001": "dflint.checks.syntax.syntax_error",
    "DF002": "dflint.checks.syntax.invalid_pragma",
    "DF003": "dflint.checks.syntax.inline_ignore_pragma",
    "DF004": "dflint.checks.syntax.unknown_instruction",
    "DF101": "dflint.checks.base_images.untagged_base_image",
    "DF102": "dflint.checks.base_images.latest_tag",
    "DF103": "dflint.checks.base_images.oversize_base_image",
    "DF104": "dflint.checks.base_images.toolchain_final_stage",
    "DF105": "dflint.checks.base_images.untrusted_registry",
    "DF106": "dflint.checks.base_images.stage_name",
    "DF107": "dflint.checks.base_images.unknown_stage_reference",
    "DF108": "dflint.checks.base_images.undefined_arg_in_from",
    "DF109": "dflint.checks.base_images.from_platform_flag",
    "DF110": "dflint.checks.base_images.end_of_life_image",
    "DF201": "dflint.checks.layers.apt_lists_not_removed",
    "DF203": "dflint.checks.layers.apt_update_in_separate_run",
    "DF208": "dflint.checks.layers.npm_install",
    "DF220": "dflint.checks.layers.file_removed_in_later_layer",
    "DF221": "dflint.checks.layers.downloaded_archive_not_removed",
    "DF222": "dflint.checks.layers.chmod_chown_after_copy",
    "DF223": "dflint.checks.layers.consecutive_run_instructions",
    "DF224": "dflint.checks.layers.temporary_files_left",
    "DF225": "dflint.checks.layers.too_many_layers",
    "DF230": "dflint.checks.layers.source_copied_before_install",
    "DF231": "dflint.checks.layers.unfiltered_context_copy",
    "DF232": "dflint.checks.layers.add_instead_of_copy",
    "DF233": "dflint.checks.layers.add_url_without_checksum",
    "DF234": "dflint.checks.layers.copy_ignored_file",
    "DF235": "dflint.checks.layers.build_tools_in_final_stage",
    "DF236": "dflint.checks.layers.multi_stage_candidate",
    "DF301": "dflint.checks.runtime.shell_form_command",
    "DF302": "dflint.checks.runtime.invalid_json_exec_form",
    "DF303": "dflint.checks.runtime.exec_form_one_string",
    "DF304": "dflint.checks.runtime.overridden_instruction",
    "DF305": "dflint.checks.runtime.shell_form_entrypoint",
    "DF306": "dflint.checks.runtime.shell_form_cmd_with_exec_entrypoint",
    "DF307": "dflint.checks.runtime.service_in_run",
    "DF308": "dflint.checks.runtime.healthcheck_tool_missing",
    "DF309": "dflint.checks.runtime.no_command",
    "DF400": "dflint.checks.shell.shellcheck",
    "DF401": "dflint.checks.shell.unpinned_apt_package",
    "DF402": "dflint.checks.shell.unpinned_apk_package",
    "DF403": "dflint.checks.shell.unpinned_yum_package",
    "DF404": "dflint.checks.shell.unpinned_dnf_package",
    "DF405": "dflint.checks.shell.unpinned_zypper_package",
    "DF407": "dflint.checks.shell.zypper_without_yes",
    "DF410": "dflint.checks.shell.unpinned_pip_package",
    "DF411": "dflint.checks.shell.unpinned_npm_package",
    "DF412": "dflint.checks.shell.unpinned_gem",
    "DF413": "dflint.checks.shell.unpinned_go_install",
    "DF420": "dflint.checks.shell.cd_instead_of_workdir",
    "DF421": "dflint.checks.shell.sudo_in_run",
    "DF422": "dflint.checks.shell.pointless_command",
    "DF423": "dflint.checks.shell.useradd_without_l",
    "DF424": "dflint.checks.shell.wget_without_progress",
    "DF425": "dflint.checks.shell.wget_and_curl",
    "DF426": "dflint.checks.shell.ln_to_bin_sh",
    "DF427": "dflint.checks.shell.pipe_without_pipefail",
    "DF428": "dflint.checks.shell.extract_copied_archive",
    "DF501": "dflint.checks.security.root_user",
    "DF502": "dflint.checks.security.secret_in_arg_or_env",
    "DF503": "dflint.checks.security.curl_pipe_to_shell",
    "DF504": "dflint.checks.security.plain_http_download",
    "DF505": "dflint.checks.security.non_numeric_user",
    "DF601": "dflint.checks.style.relative_workdir",
    "DF602": "dflint.checks.style.expose_invalid_port",
    "DF603": "dflint.checks.style.expose_host_mapping",
    "DF604": "dflint.checks.style.expose_protocol_casing",
    "DF605": "dflint.checks.style.copy_multiple_sources_dest",
    "DF606": "dflint.checks.style.relative_copy_dest_without_workdir",
    "DF607": "dflint.checks.style.env_self_reference",
    "DF608": "dflint.checks.style.onbuild_forbidden_trigger",
    "DF609": "dflint.checks.style.instruction_order",
    "DF610": "dflint.checks.style.copy_whole_filesystem",
    "DF611": "dflint.checks.style.missing_healthcheck",
    "DF620": "dflint.checks.style.inconsistent_instruction_casing",
    "DF621": "dflint.checks.style.legacy_key_value_format",
    "DF622": "dflint.checks.style.maintainer",
    "DF623": "dflint.checks.style.undefined_variable",
    "DF624": "dflint.checks.style.empty_continuation_line",
    "DF625": "dflint.checks.style.definition_description",
    "DF640": "dflint.checks.style.label_schema",
    "DF641": "dflint.checks.style.invalid_label_key",
}


@dataclass(frozen=True, slots=True)
class Violation:
    """What a check reports: a message and a span of the original text."""

    message: str
    start: int  #: 0-based character offset
    end: int  #: just past the last character
    fix: Fix | None = None
    fix_title: str | None = None
    #: the other tool's code this finding answers to, when the rule has several (one of
    #: its aliases, e.g. DL3052 of DF640) or reports codes of its own (ShellCheck's
    #: SC2086): a pragma or selector naming that code touches only such findings
    code: str | None = None
    #: the finding's own severity (ShellCheck's), when it is not the rule's; overrides
    #: of the code or the rule still win
    severity: Severity | None = None


class FileContext:
    """What every check of one file shares; the model is built on first use."""

    def __init__(
        self,
        path: str,
        text: str,
        df: cst.Dockerfile,
        rules: Mapping[str, RuleInfo],
        known_codes: frozenset[str] = frozenset(),
    ) -> None:
        self.path = path
        self.text = text
        self.df = df
        self.rules = rules  #: the whole catalogue (for checks about rule codes)
        self.known_codes = known_codes  #: ids, names and aliases a pragma may name

    @cached_property
    def model(self) -> Model:
        from dflint.model.stages import Model

        model = Model(self.df)
        if "positions" in self.__dict__:  # share them rather than walk the tree again
            model.__dict__["positions"] = self.__dict__["positions"]
        return model

    @cached_property
    def positions(self) -> Positions:
        if "model" in self.__dict__:
            return self.model.positions
        from dflint.syntax.positions import Positions

        return Positions(self.df)

    @cached_property
    def pragmas(self) -> Pragmas:
        from dflint import pragmas

        return pragmas.parse(self.df, self.positions)

    @cached_property
    def build_context(self) -> BuildContexts:
        """The build contexts of this file, by configured directory (the only file-system
        access rules have; see :mod:`dflint.model.context`)."""
        from dflint.model.context import BuildContexts

        return BuildContexts(self.path)


class Context:
    """One rule's view of one file: the shared file context and the rule's options."""

    __slots__ = ("file", "options", "rule")

    def __init__(self, file: FileContext, rule: RuleInfo, options: Mapping[str, Any]) -> None:
        self.file = file
        self.rule = rule
        self.options = options

    @property
    def df(self) -> cst.Dockerfile:
        return self.file.df

    @property
    def text(self) -> str:
        return self.file.text

    @property
    def model(self) -> Model:
        return self.file.model

    @property
    def positions(self) -> Positions:
        return self.file.positions

    def violation(
        self,
        node: cst.Node,
        message: str,
        fix: Fix | None = None,
        fix_title: str | None = None,
        code: str | None = None,
    ) -> Violation:
        """A violation spanning ``node``'s own text."""
        span = self.positions.span(node)
        return Violation(message, span.start.offset, span.end.offset, fix, fix_title, code)
