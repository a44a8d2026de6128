"""Wasted bytes across layers (issue 6): DF220 file-removed-in-later-layer, DF221
downloaded-archive-not-removed, DF222 chmod-chown-after-copy, DF224 temporary-files-left.

Hard cases beyond the rule docs' examples: continuation styles (tabs, four spaces, ``\\``
aligned at column 80, ``&&`` at line starts, ``; \\``), heredoc scripts, ``set -eux``,
``sh -c``, ONBUILD triggers, cache and tmpfs mounts, CRLF; every fix compared byte for
byte, parsed again, and linted again without the finding."""

from __future__ import annotations

import pytest

from dflint.catalogue import builtin_rules
from dflint.engine import Settings, lint_text
from dflint.fix.apply import fix_text
from dflint.fix.edit import Applicability
from dflint.syntax.parser import parse

RULES = builtin_rules()


def found(text: str, *rules: str) -> list[tuple[int, str]]:
    settings = Settings(rules=RULES, enabled=frozenset(rules))
    result = lint_text(text, "Dockerfile", settings)
    assert not result.internal_errors
    return [(d.start.line, d.rule) for d in result.diagnostics]


def messages(text: str, rule: str) -> list[str]:
    settings = Settings(rules=RULES, enabled=frozenset({rule}))
    return [d.message for d in lint_text(text, "Dockerfile", settings).diagnostics]


def fixed(text: str, rule: str) -> str:
    """The text after the rule's fixes, checked: it parses, round-trips, and the rule
    finds nothing more to fix in it."""
    settings = Settings(rules=RULES, enabled=frozenset({rule}))
    outcome = fix_text(text, "Dockerfile", settings, Applicability.UNSAFE)
    assert not outcome.errors
    assert parse(outcome.text).code == outcome.text
    again = lint_text(outcome.text, "Dockerfile", settings).diagnostics
    assert not any(d.fix for d in again)
    if outcome.text != text:
        assert len(again) < len(lint_text(text, "Dockerfile", settings).diagnostics)
    return outcome.text


# -- DF220 file-removed-in-later-layer ------------------------------------------------------


def test_df220_names_both_instructions() -> None:
    text = (
        "FROM debian:12\nCOPY app.tar.gz /tmp/\nRUN tar -xzf /tmp/app.tar.gz -C /opt && rm /tmp/app.tar.gz\n"
    )
    assert messages(text, "DF220") == [
        "`/tmp/app.tar.gz`, written by the COPY on line 2, is deleted by this RUN on line 3: its bytes "
        "stay in line 2's layer, which the image still ships"
    ]
    assert fixed(text, "DF220") == text  # COPY: no simple fix


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # tabs, `; \` with set -eux: the merged RUN continues with `&& \`
        (
            "FROM debian:12\nRUN set -eux; \\\n\tcurl -fsSLo /tmp/a.tgz https://x.org/a.tgz; \\\n"
            "\ttar -xzf /tmp/a.tgz -C /opt\nRUN rm -f /tmp/a.tgz\n",
            "FROM debian:12\nRUN set -eux; \\\n\tcurl -fsSLo /tmp/a.tgz https://x.org/a.tgz; \\\n"
            "\ttar -xzf /tmp/a.tgz -C /opt && \\\n\trm -f /tmp/a.tgz\n",
        ),
        # `&&` at line starts, four spaces; the second RUN keeps its own lines
        (
            "FROM debian:12\nRUN curl -o /tmp/e.tgz https://x/e.tgz \\\n    && tar -xzf /tmp/e.tgz -C /opt\n"
            "\nRUN rm /tmp/e.tgz \\\n    && echo done\n",
            "FROM debian:12\nRUN curl -o /tmp/e.tgz https://x/e.tgz \\\n    && tar -xzf /tmp/e.tgz -C /opt \\\n"
            "    && rm /tmp/e.tgz \\\n    && echo done\n",
        ),
        # escapes aligned at column 80
        (
            "FROM debian:12\nRUN curl -o /tmp/f.tgz https://example.com/downloads/f.tgz &&"
            + " " * 17
            + "\\\n    tar -xzf /tmp/f.tgz -C /opt\nRUN rm /tmp/f.tgz\n",
            "FROM debian:12\nRUN curl -o /tmp/f.tgz https://example.com/downloads/f.tgz &&"
            + " " * 17
            + "\\\n    tar -xzf /tmp/f.tgz -C /opt &&"
            + " " * 44
            + "\\\n    rm /tmp/f.tgz\n",
        ),
        # CRLF line ends
        (
            "FROM debian:12\r\nRUN wget -q -P /tmp https://x.org/a.zip\r\nRUN rm /tmp/a.zip\r\n",
            "FROM debian:12\r\nRUN wget -q -P /tmp https://x.org/a.zip && \\\r\n    rm /tmp/a.zip\r\n",
        ),
        # sh -c: the removal is in a nested script
        (
            "FROM debian:12\nRUN wget -P /tmp https://x.org/a.zip\nRUN sh -c 'rm /tmp/a.zip'\n",
            "FROM debian:12\nRUN wget -P /tmp https://x.org/a.zip && \\\n    sh -c 'rm /tmp/a.zip'\n",
        ),
        # ONBUILD triggers merge with each other
        (
            "FROM debian:12\nONBUILD RUN wget -O /tmp/b.zip https://x.org/b.zip\nONBUILD RUN rm /tmp/b.zip\n",
            "FROM debian:12\nONBUILD RUN wget -O /tmp/b.zip https://x.org/b.zip && \\\n    rm /tmp/b.zip\n",
        ),
    ],
)
def test_df220_merge_keeps_the_style(text: str, expected: str) -> None:
    assert len(found(text, "DF220")) == 1
    assert fixed(text, "DF220") == expected


@pytest.mark.parametrize(
    "text",
    [
        # a comment between the two RUNs (it may be about, or a pragma for, the second)
        "FROM debian:12\nRUN wget -P /tmp https://x.org/a.zip\n# clean up\nRUN rm /tmp/a.zip\n",
        # not the RUN right before
        "FROM debian:12\nRUN wget -P /tmp https://x.org/a.zip\nRUN true\nRUN rm /tmp/a.zip\n",
        # the second RUN is not one `&&` list
        "FROM debian:12\nRUN wget -P /tmp https://x.org/a.zip\nRUN rm /tmp/a.zip || true\n",
        # different flags
        "FROM debian:12\nRUN wget -P /tmp https://x.org/a.zip\nRUN --network=none rm /tmp/a.zip\n",
        # the first RUN changes directory
        "FROM debian:12\nRUN cd /tmp && wget https://x.org/a.zip\nRUN rm /tmp/a.zip\n",
        # a heredoc script
        "FROM debian:12\nRUN wget -P /tmp https://x.org/a.zip\nRUN <<EOF\nrm /tmp/a.zip\nEOF\n",
        # across stages of the shipped chain
        "FROM debian:12 AS base\nRUN wget -P /tmp https://x.org/a.zip\nFROM base\nRUN rm /tmp/a.zip\n",
    ],
)
def test_df220_reported_without_merge(text: str) -> None:
    assert [rule for _, rule in found(text, "DF220")] == ["DF220"]
    assert fixed(text, "DF220") == text


@pytest.mark.parametrize(
    "text",
    [
        # the download is in a cache mount
        "FROM debian:12\nRUN --mount=type=cache,target=/var/cache/dl wget -P /var/cache/dl https://x/a.zip\n"
        "RUN rm -f /var/cache/dl/a.zip\n",
        # the removal may not run
        "FROM debian:12\nRUN wget -P /tmp https://x/a.zip\nRUN if [ -f /tmp/a.zip ]; then rm /tmp/a.zip; fi\n",
        'FROM debian:12\nRUN wget -P /tmp https://x/a.zip\nRUN test -n "$KEEP" || rm /tmp/a.zip\n',
        # removed in the RUN that wrote it
        "FROM debian:12\nRUN wget -P /tmp https://x/a.zip && unzip /tmp/a.zip && rm /tmp/a.zip\n",
        # a path dflint cannot know
        "FROM debian:12\nARG V\nRUN wget -P /tmp https://x/a-$V.zip\nRUN rm -f /tmp/a-*.zip\n",
        # something may have removed it before
        'FROM debian:12\nRUN wget -P /tmp https://x/a.zip\nRUN rm -rf "$TMP"\nRUN rm -f /tmp/a.zip\n',
        # part of a directory COPY wrote
        "FROM debian:12\nCOPY . /src\nRUN rm -rf /src/.git\n",
        # a builder stage's layers
        "FROM debian:12 AS build\nRUN wget -P /tmp https://x/a.zip\nRUN rm /tmp/a.zip\n"
        "FROM debian:12\nCOPY --from=build /opt /opt\n",
        # an ONBUILD trigger and a RUN of this build are not one sequence
        "FROM debian:12\nONBUILD RUN wget -P /tmp https://x/a.zip\nRUN rm -f /tmp/a.zip\n",
    ],
)
def test_df220_not_reported(text: str) -> None:
    assert found(text, "DF220") == []


def test_df220_overwrite_move_and_wildcards() -> None:
    text = (
        "FROM debian:12\nWORKDIR /srv\nCOPY config.json .\nCOPY start.sh /tmp/\n"
        "RUN curl -o config.json https://x/c.json\n"
        "RUN mv /tmp/start.sh /usr/local/bin/ && wget -P /tmp https://x/a.tgz\n"
        "RUN rm -rf /tmp/*\n"
    )
    assert found(text, "DF220") == [(5, "DF220"), (6, "DF220"), (7, "DF220")]
    overwrite, move, wildcard = messages(text, "DF220")
    assert overwrite.startswith("`/srv/config.json`, written by the COPY on line 3, is overwritten")
    assert move.startswith("`/tmp/start.sh`, written by the COPY on line 4, is moved away")
    assert wildcard.startswith("`/tmp/a.tgz`, written by the RUN on line 6, is deleted")


# -- DF221 downloaded-archive-not-removed ----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # `; \` with set -eux, tabs
        (
            "FROM debian:12\nRUN set -eux; \\\n\tcurl -fsSLo /tmp/a.tgz https://x.org/a.tgz; \\\n"
            "\ttar -xzf /tmp/a.tgz -C /opt\n",
            "FROM debian:12\nRUN set -eux; \\\n\tcurl -fsSLo /tmp/a.tgz https://x.org/a.tgz; \\\n"
            "\ttar -xzf /tmp/a.tgz -C /opt; \\\n\trm -f /tmp/a.tgz\n",
        ),
        # `&&` at line starts
        (
            "FROM debian:12\nRUN curl -o /tmp/e.tgz https://x/e.tgz \\\n    && tar -xzf /tmp/e.tgz -C /opt\n",
            "FROM debian:12\nRUN curl -o /tmp/e.tgz https://x/e.tgz \\\n    && tar -xzf /tmp/e.tgz -C /opt \\\n"
            "    && rm -f /tmp/e.tgz\n",
        ),
        # cd before the download: the archive is named by its absolute path
        (
            "FROM debian:12\nRUN cd /tmp && wget https://x/a.zip && unzip a.zip -d /opt && cd /\n",
            "FROM debian:12\nRUN cd /tmp && wget https://x/a.zip && unzip a.zip -d /opt && cd / && rm -f /tmp/a.zip\n",
        ),
        # the image's own WORKDIR, which dflint cannot name: relative to it
        (
            "FROM debian:12\nRUN wget https://x/a.zip && unzip a.zip -d /opt\n",
            "FROM debian:12\nRUN wget https://x/a.zip && unzip a.zip -d /opt && rm -f a.zip\n",
        ),
        # curl's output redirected to the archive
        (
            "FROM debian:12\nRUN curl -fsSL https://x/a.tgz > /tmp/a.tgz && tar -xzf /tmp/a.tgz -C /opt\n",
            "FROM debian:12\nRUN curl -fsSL https://x/a.tgz > /tmp/a.tgz && tar -xzf /tmp/a.tgz -C /opt && rm -f /tmp/a.tgz\n",
        ),
        # gunzip -c keeps its input
        (
            "FROM debian:12\nRUN wget -O /tmp/x.gz https://x/x.gz && gunzip -c /tmp/x.gz > /usr/bin/x && chmod +x /usr/bin/x\n",
            "FROM debian:12\nRUN wget -O /tmp/x.gz https://x/x.gz && gunzip -c /tmp/x.gz > /usr/bin/x && chmod +x /usr/bin/x"
            " && rm -f /tmp/x.gz\n",
        ),
        # ONBUILD
        (
            "FROM debian:12\nONBUILD RUN wget -O /tmp/b.zip https://x.org/b.zip && unzip /tmp/b.zip -d /opt\n",
            "FROM debian:12\nONBUILD RUN wget -O /tmp/b.zip https://x.org/b.zip && unzip /tmp/b.zip -d /opt"
            " && rm -f /tmp/b.zip\n",
        ),
        # CRLF
        (
            "FROM debian:12\r\nRUN curl -o /tmp/e.tgz https://x/e.tgz && \\\r\n    tar -xzf /tmp/e.tgz\r\n",
            "FROM debian:12\r\nRUN curl -o /tmp/e.tgz https://x/e.tgz && \\\r\n    tar -xzf /tmp/e.tgz && \\\r\n"
            "    rm -f /tmp/e.tgz\r\n",
        ),
        (  # `\` aligned at one column
            "FROM debian:12\nRUN curl -o /tmp/f.tgz https://example.com/downloads/f.tgz &&"
            + " " * 17
            + "\\\n    tar -xzf /tmp/f.tgz -C /opt\n",
            "FROM debian:12\nRUN curl -o /tmp/f.tgz https://example.com/downloads/f.tgz &&"
            + " " * 17
            + "\\\n"
            + "    tar -xzf /tmp/f.tgz -C /opt &&".ljust(78)
            + "\\\n    rm -f /tmp/f.tgz\n",
        ),
    ],
)
def test_df221_fix_keeps_the_style(text: str, expected: str) -> None:
    assert len(found(text, "DF221")) == 1
    assert fixed(text, "DF221") == expected


@pytest.mark.parametrize(
    "text",
    [
        # a heredoc script
        "FROM debian:12\nRUN <<EOF\nset -eux\ncurl -o /tmp/d.tgz https://x/d.tgz\ntar -xzf /tmp/d.tgz -C /opt\nEOF\n",
        # sh -c: the last command is inside it
        "FROM debian:12\nRUN sh -c 'curl -o /tmp/c.tar https://x/c.tar && tar -xf /tmp/c.tar -C /opt'\n",
        # a later RUN reads the archive
        "FROM debian:12\nRUN wget -O /tmp/a.tgz https://x/a.tgz && tar -xzf /tmp/a.tgz -C /opt\n"
        "RUN sha256sum /tmp/a.tgz\n",
        # the RUN ends somewhere else and the archive has no absolute name
        'FROM debian:12\nRUN wget https://x/a.zip && unzip a.zip -d /opt && cd "$HOME"\n',
        # a trailing comment would swallow the command
        "FROM debian:12\nRUN wget -O /tmp/a.tgz https://x/a.tgz && tar -xzf /tmp/a.tgz # unpack\n",
    ],
)
def test_df221_reported_without_fix(text: str) -> None:
    assert [rule for _, rule in found(text, "DF221")] == ["DF221"]
    assert fixed(text, "DF221") == text


@pytest.mark.parametrize(
    "text",
    [
        "FROM debian:12\nRUN wget -O /tmp/a.gz https://x/a.gz && gunzip /tmp/a.gz\n",  # gunzip removes it
        'FROM debian:12\nRUN wget -O /tmp/a.tgz https://x/a.tgz && tar -xzf /tmp/a.tgz && rm -f "$F"\n',
        "FROM debian:12\nRUN wget -O /tmp/a.tgz https://x/a.tgz && tar -xzf /tmp/a.tgz && find /tmp -delete\n",
        "FROM debian:12\nRUN wget -O /tmp/a.tgz https://x/a.tgz && tar -xzf /tmp/a.tgz && mv /tmp/a.tgz /srv/\n",
        "FROM debian:12\nRUN wget -O /tmp/a.tgz https://x/a.tgz && tar -xzf /tmp/a.tgz && cd /tmp && rm *.tgz\n",
        "FROM debian:12\nRUN --mount=type=tmpfs,target=/tmp wget -O /tmp/a.tgz https://x/a.tgz && tar -xzf /tmp/a.tgz\n",
        "FROM debian:12\nRUN wget -O /tmp/a.tgz https://x/a.tgz && tar -xzf /tmp/a.tgz\nRUN rm /tmp/a.tgz\n",  # DF220's
        "FROM debian:12\nRUN wget -O /tmp/a.tgz https://x/a.tgz\nRUN tar -xzf /tmp/a.tgz\n",  # not one RUN
        "FROM debian:12\nRUN if true; then wget -O /tmp/a.tgz https://x/a.tgz; fi && tar -xzf /tmp/a.tgz\n",
        "FROM debian:12\nRUN wget -qO- https://x/a.tgz | tar -xz\n",
    ],
)
def test_df221_not_reported(text: str) -> None:
    assert found(text, "DF221") == []


def test_df221_message_names_the_extracting_tool() -> None:
    text = "FROM debian:12\nRUN wget -O /tmp/a.zip https://x/a.zip && sudo unzip /tmp/a.zip -d /opt\n"
    assert messages(text, "DF221") == [
        "The archive `/tmp/a.zip` is downloaded and extracted (by `unzip`) but never removed in this RUN: "
        "the layer keeps the archive as well as what it holds"
    ]


def test_df221_add_url() -> None:
    text = "FROM debian:12\nWORKDIR /src\nADD https://x.org/dl/app.tgz .\nRUN tar -xzf app.tgz\n"
    assert found(text, "DF221") == [(3, "DF221")]
    assert fixed(text, "DF221") == text
    # deleted later: DF220 says so, not DF221
    deleted = text.rstrip("\n") + " && rm app.tgz\n"
    assert found(deleted, "DF221", "DF220") == [(4, "DF220")]
    # something may have replaced it before the extraction
    replaced = 'FROM debian:12\nADD https://x.org/app.tgz /tmp/\nRUN cp "$X" /tmp/app.tgz; cd $Y; rm -f *\nRUN tar -xzf /tmp/app.tgz\n'
    assert found(replaced, "DF221") == []


# -- DF222 chmod-chown-after-copy ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # blank lines around: the RUN's line goes, the rest stays
        (
            'FROM debian:12\nCOPY run.sh /usr/local/bin/\nRUN chmod 0755 /usr/local/bin/run.sh\n\nCMD ["run.sh"]\n',
            'FROM debian:12\nCOPY --chmod=0755 run.sh /usr/local/bin/\n\nCMD ["run.sh"]\n',
        ),
        # a continued RUN, the last line without a line end
        (
            "FROM debian:12\nCOPY a.sh b.sh /bin/\nRUN chmod -R 755 \\\n    /bin/a.sh /bin/b.sh",
            "FROM debian:12\nCOPY --chmod=755 a.sh b.sh /bin/\n",
        ),
        # CRLF, flags kept, both changes
        (
            "FROM debian:12\r\nWORKDIR /opt/app\r\nCOPY --link app.jar .\r\n"
            "RUN chmod 640 app.jar && chown app:app /opt/app/app.jar\r\nUSER app\r\n",
            "FROM debian:12\r\nWORKDIR /opt/app\r\nCOPY --link --chmod=640 --chown=app:app app.jar .\r\nUSER app\r\n",
        ),
        # recursively over a destination directory nothing made before (unsafe)
        (
            "FROM debian:12\nCOPY scripts/ /opt/scripts/\nRUN chmod -R 0755 /opt/scripts\n",
            "FROM debian:12\nCOPY --chmod=0755 scripts/ /opt/scripts/\n",
        ),
        (
            "FROM debian:12\nWORKDIR /srv\nCOPY app /srv/app\nRUN chmod -R 700 /srv/app && chown -R app:app /srv/app\n",
            "FROM debian:12\nWORKDIR /srv\nCOPY --chmod=700 --chown=app:app app /srv/app\n",
        ),
        # ADD takes the flags too
        (
            "FROM debian:12\nADD https://x.org/tool.sh /usr/local/bin/\nRUN chmod 755 /usr/local/bin/tool.sh\n",
            "FROM debian:12\nADD --chmod=755 https://x.org/tool.sh /usr/local/bin/\n",
        ),
    ],
)
def test_df222_fix(text: str, expected: str) -> None:
    assert len(found(text, "DF222")) >= 1
    assert fixed(text, "DF222") == expected
    settings = Settings(rules=RULES, enabled=frozenset({"DF222"}))
    directory = "/opt/scripts" in text or "/srv/app" in text
    applicability = Applicability.UNSAFE if directory else Applicability.SAFE
    assert {d.fix.applicability for d in lint_text(text, "Dockerfile", settings).diagnostics if d.fix} == {
        applicability
    }


@pytest.mark.parametrize(
    "text",
    [
        # a symbolic mode: BuildKit's --chmod takes octal
        "FROM debian:12\nCOPY run.sh /usr/local/bin/\nRUN chmod +x /usr/local/bin/run.sh\n",
        # setuid: Go's FileMode would drop the bit
        "FROM debian:12\nCOPY run.sh /usr/local/bin/\nRUN chmod 4755 /usr/local/bin/run.sh\n",
        # no group: `chown app` keeps the group, `--chown=app` sets it
        "FROM debian:12\nWORKDIR /app\nCOPY run.sh /app/\nRUN chown app /app/run.sh\n",
        # the directory may not exist: --chown would own it too
        "FROM debian:12\nCOPY run.sh /app/\nRUN chown app:app /app/run.sh\n",
        # a comment above the RUN
        "FROM debian:12\nCOPY run.sh /usr/local/bin/\n# make it executable\nRUN chmod 755 /usr/local/bin/run.sh\n",
        # the RUN does more
        "FROM debian:12\nCOPY run.sh /usr/local/bin/\nRUN chmod 755 /usr/local/bin/run.sh && run.sh --init\n",
        # not all the COPY wrote
        "FROM debian:12\nCOPY a.sh b.sh /bin/\nRUN chmod 755 /bin/a.sh\n",
        # the directory was there before: --chown would leave it root's
        "FROM debian:12\nWORKDIR /app\nCOPY . .\nRUN chown -R app:app /app\n",
        # COPY makes a missing /app/ 0755, the RUN made it 0700
        "FROM debian:12\nCOPY . /app/\nRUN chmod -R 700 /app\n",
        # over more than the COPY wrote
        "FROM debian:12\nCOPY . /opt/app/\nRUN chmod -R 755 /opt\n",
        # the COPY sets the mode already
        "FROM debian:12\nCOPY --chmod=644 run.sh /usr/local/bin/\nRUN chmod 755 /usr/local/bin/run.sh\n",
        # ONBUILD
        "FROM debian:12\nONBUILD COPY run.sh /usr/local/bin/\nONBUILD RUN chmod 755 /usr/local/bin/run.sh\n",
        # an ENV between them: not right after
        "FROM debian:12\nCOPY run.sh /usr/local/bin/\nENV A=1\nRUN chmod 755 /usr/local/bin/run.sh\n",
    ],
)
def test_df222_reported_without_fix(text: str) -> None:
    assert [rule for _, rule in found(text, "DF222")] == ["DF222"]
    assert fixed(text, "DF222") == text


@pytest.mark.parametrize(
    "text",
    [
        "FROM debian:12\nCOPY run.sh /usr/local/bin/\nRUN apt-get update\nRUN chmod 755 /usr/local/bin/run.sh\n",
        "FROM debian:12\nCOPY . /app\nRUN chmod +x /app/bin/run.sh\n",  # maybe not written by the COPY
        "FROM debian:12\nCOPY conf /etc/app\nRUN chmod 600 /etc/app\n",  # maybe a directory: its entry only
        "FROM debian:12\nCOPY . /app\nRUN chmod 755 /app /app/run.sh\n",  # the directory's entry only
        "FROM debian:12\nCOPY run.sh /usr/local/bin/\nRUN chown root:root /usr/local/bin/run.sh\n",  # no change
        'FROM debian:12\nCOPY run.sh /usr/local/bin/\nRUN if [ -n "$X" ]; then chmod 755 /usr/local/bin/run.sh; fi\n',
        'FROM debian:12\nCOPY run.sh /usr/local/bin/\nRUN chmod 755 "$BIN"/run.sh\n',
        # sed -i rewrites it anyway: --chmod would not save the copy
        "FROM debian:12\nCOPY start.sh /\nRUN sed -i 's/\\r$//' /start.sh && chmod +x /start.sh\n",
        # deleted before the RUN ends: the layer has no copy of it
        "FROM debian:12\nCOPY i.sh /tmp/\nRUN chmod +x /tmp/i.sh && /tmp/i.sh && rm -f /tmp/i.sh\n",
        "FROM debian:12 AS build\nCOPY run.sh /bin/\nRUN chmod 755 /bin/run.sh\nFROM debian:12\nCOPY --from=build /bin/run.sh /bin/\n",
    ],
)
def test_df222_not_reported(text: str) -> None:
    assert found(text, "DF222") == []


def test_df222_messages() -> None:
    text = (
        "FROM debian:12\nCOPY . /app\nCOPY --from=build /out /app/out\n"
        "RUN chown -R app:app /app && chown -R app:app /app/out && chmod -R go-w /app\n"
    )
    # one finding: after the first chown, the layer holds the copies already
    assert messages(text, "DF222") == [
        "`chown` in its own RUN over what the COPYs on lines 2 and 3 just wrote: where that "
        "changes their owner, this layer stores every byte of them again; set the owner with `COPY --chown` "
        "instead"  # COPY --from keeps its source's owners: the chown may change nothing
    ]
    text = "FROM debian:12\nCOPY . /app\nRUN chown -R app:app /app\n"
    assert messages(text, "DF222") == [
        "`chown` in its own RUN over what the COPY on line 2 just wrote: gives them another owner, so this "
        "layer stores every byte of them again; set the owner with `COPY --chown` instead"
    ]
    text = "FROM debian:12\nCOPY a.sh /run.sh\nCOPY b.sh /run.sh\nRUN chown app:app /run.sh\n"
    [message] = messages(text, "DF222")  # only the second COPY's file is there to change
    assert message.startswith("`chown` in its own RUN over what the COPY on line 3 just wrote: gives them")
    text = "FROM debian:12\nADD app.tar /app/\nRUN chown -R app:app /app\n"
    [message] = messages(text, "DF222")  # an unpacked archive keeps its owners
    assert "where that changes their owner" in message
    text = "FROM debian:12\nCOPY . /app\nRUN chmod -R go-w /app\n"
    assert messages(text, "DF222") == [
        "`chmod` in its own RUN over what the COPY on line 2 just wrote: where that changes their mode, this "
        "layer stores every byte of them again; set the mode with `COPY --chmod` instead"
    ]


# -- DF224 temporary-files-left --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("FROM debian:12\nRUN set -eux; \\\n\tcurl -fsSLo /tmp/i.sh https://x/i.sh; \\\n\tsh /tmp/i.sh\n", 3),
        (
            "FROM debian:12\nRUN cd /tmp && git clone https://github.com/o/tool.git && make -C tool install\n",
            2,
        ),
        (
            "FROM debian:12\nRUN curl -fsSL https://x/src.tgz | tar -xz -C /var/tmp && make -C /var/tmp/src\n",
            2,
        ),
        ("FROM debian:12\nRUN sh -c 'wget -P /tmp https://x/tool.run && sh /tmp/tool.run'\n", 2),
        ("FROM debian:12\nRUN <<EOF\nwget -P /tmp https://x/tool.run\nsh /tmp/tool.run\nEOF\n", 3),
        ("FROM debian:12\nONBUILD RUN wget -P /tmp https://x/tool.run && sh /tmp/tool.run\n", 2),
        ("FROM debian:12\nRUN mkdir -p /root/.cache/x && curl -o /root/.cache/x/a.bin https://x/a.bin\n", 2),
        (
            "FROM debian:12\nRUN curl -o ~/.cache/a.bin https://x/a.bin && install ~/.cache/a.bin /usr/bin/a\n",
            2,
        ),
        ("FROM debian:12\nRUN wget -O /opt/x.deb https://x/x.deb && dpkg -i /opt/x.deb\n", 2),
        ("FROM debian:12\nRUN wget -O /tmp/x.gz https://x/x.gz && gunzip /tmp/x.gz && sh /tmp/x\n", 2),
    ],
)
def test_df224_reported(text: str, line: int) -> None:
    assert found(text, "DF224") == [(line, "DF224")]


@pytest.mark.parametrize(
    "text",
    [
        "FROM debian:12\nRUN --mount=type=tmpfs,target=/tmp wget -P /tmp https://x/t.run && sh /tmp/t.run\n",
        "FROM debian:12\nRUN --mount=type=cache,target=/root/.cache curl -o /root/.cache/a https://x/a\n",
        "FROM debian:12\nRUN wget -P /tmp https://x/t.run && sh /tmp/t.run && rm -rf /tmp/*\n",
        # what the extraction wrote may all be in the directory it removes
        "FROM debian:12\nRUN curl -fsSL https://x/s.tgz | tar -xz -C /tmp && make -C /tmp/s-1.0 && rm -rf /tmp/s-1.0\n",
        "FROM debian:12\nRUN git clone https://github.com/o/t.git /tmp/t && mv /tmp/t /opt/t\n",
        "FROM debian:12\nRUN wget -P /tmp https://x/t.run\nRUN sh /tmp/t.run && rm /tmp/t.run\n",  # DF220's
        "FROM debian:12\nRUN wget -O /tmp/a.tgz https://x/a.tgz && tar -xzf /tmp/a.tgz -C /opt\n",  # DF221's
        "FROM debian:12\nRUN curl -o /usr/local/bin/t https://x/t && chmod +x /usr/local/bin/t\n",
        "FROM debian:12\nRUN wget -O /opt/app.zip https://x/app.zip\n",  # not handed to anything
        # what a RUN writes itself is often left on purpose
        "FROM debian:12\nRUN date > /tmp/version.txt && make 2>&1 | tee /tmp/build.log\n",
        'FROM debian:12\nRUN wget -P /tmp https://x/t.run && sh /tmp/t.run && rm -f "$T"\n',
        # the application lives there
        "FROM debian:12\nWORKDIR /tmp/app\nRUN git clone https://github.com/o/app.git .\n",
        'FROM debian:12\nRUN git clone https://github.com/o/app.git /tmp/app\nCMD ["/tmp/app/run"]\n',
        # a later stage takes it
        "FROM debian:12 AS base\nRUN wget -P /tmp https://x/t.run\nFROM base\nFROM scratch\nCOPY --from=base /tmp/t.run /\n",
        "FROM debian:12 AS build\nRUN wget -P /tmp https://x/t.run\nFROM debian:12\nCOPY --from=build /opt /opt\n",
    ],
)
def test_df224_not_reported(text: str) -> None:
    assert found(text, "DF224") == []


def test_df224_reports_the_outermost_path_once() -> None:
    text = (
        "FROM debian:12\nRUN git clone https://github.com/o/t.git /tmp/t && "
        "curl -o /tmp/t/patch.diff https://x/p.diff && make -C /tmp/t\n"
    )
    assert messages(text, "DF224") == [
        "`/tmp/t`, cloned by this RUN, is left in the layer: temporary build files ship with the image "
        "unless the RUN that made them removes them"
    ]


def test_df221_fix_after_a_redirected_last_command() -> None:
    text = "FROM debian:12\nRUN wget -O /tmp/x.gz https://x/x.gz && gunzip -c /tmp/x.gz > /usr/bin/x\n"
    settings = Settings(rules=RULES, enabled=frozenset({"DF221"}))
    outcome = fix_text(text, "Dockerfile", settings, Applicability.SAFE)
    assert outcome.text == text[:-1] + " && rm -f /tmp/x.gz\n"
