"""Image references: dflint.model.images against the Go reference package's own expectations.

The tables marked "upstream" are ported from github.com/distribution/reference
(v0.6.0: reference_test.go, normalize_test.go, regexp_test.go). Where the Go test only
checks that an error happens, the exact error written here is the one the Go code
returns, worked out by reading reference.go, normalize.go and go-digest's digest.go
and algorithm.go (v1.0.0).
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dflint.model.images import (
    ERR_DIGEST_INVALID_FORMAT,
    ERR_DIGEST_INVALID_LENGTH,
    ERR_DIGEST_UNSUPPORTED,
    ERR_NAME_CONTAINS_UPPERCASE,
    ERR_NAME_EMPTY,
    ERR_NAME_NOT_CANONICAL,
    ERR_NAME_TOO_LONG,
    ERR_REFERENCE_INVALID_FORMAT,
    ImageReference,
    InvalidReference,
    is_scratch,
    looks_like_reference,
    parse_canonical,
    parse_docker_ref,
    parse_raw,
    parse_reference,
)

F64 = "f" * 64
SHA256 = "sha256:" + F64
SHA512 = "sha512:" + "f" * 128
BUSYBOX = "sha256:e6693c20186f837fc393390135d8a598a96a833917917789d63766cab6c59582"
REDIS = "sha256:dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9c"
BE17 = "sha256:be178c0543eb17f5f3043021c9e5fcf30285e557a4fc309cce97ff9ca6182912"
HEX_ID = "1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a"
LONG_NAMESPACE = "_".join(["this_is_not_a_valid_namespace_because_its_lenth_is_greater_than_255"] * 4)


def lowercase_error(remote: str) -> str:
    return f"invalid reference format: repository name ({remote}) must be lowercase"


def identifier_error(text: str) -> str:
    return f"invalid repository name ({text}), cannot specify 64-byte hexadecimal strings"


def reason_of(parse, text: str) -> str:
    with pytest.raises(InvalidReference) as info:
        parse(text)
    return info.value.reason


# ---------------------------------------------------------------------------------------
# The examples of the brief: parts, normalised and familiar forms.

EXAMPLES = [
    # text, domain, path, tag, digest, full, familiar
    ("ubuntu", "docker.io", "library/ubuntu", None, None, "docker.io/library/ubuntu", "ubuntu"),
    ("ubuntu:22.04", "docker.io", "library/ubuntu", "22.04", None, "docker.io/library/ubuntu:22.04", "ubuntu:22.04"),
    ("localhost:5000/a:b", "localhost:5000", "a", "b", None, "localhost:5000/a:b", "localhost:5000/a:b"),
    (f"a/b:c@{SHA256}", "docker.io", "a/b", "c", SHA256, f"docker.io/a/b:c@{SHA256}", f"a/b:c@{SHA256}"),
    ("registry.example.com/team/app", "registry.example.com", "team/app", None, None,
     "registry.example.com/team/app", "registry.example.com/team/app"),
    ("docker.io/library/ubuntu", "docker.io", "library/ubuntu", None, None, "docker.io/library/ubuntu", "ubuntu"),
    ("index.docker.io/x", "docker.io", "library/x", None, None, "docker.io/library/x", "x"),
    ("[::1]:5000/x", "[::1]:5000", "x", None, None, "[::1]:5000/x", "[::1]:5000/x"),
    ("user/app", "docker.io", "user/app", None, None, "docker.io/user/app", "user/app"),
    ("localhost/app", "localhost", "app", None, None, "localhost/app", "localhost/app"),
    # A bare name is always on Docker Hub, even localhost or a host name with a port.
    ("localhost", "docker.io", "library/localhost", None, None, "docker.io/library/localhost", "localhost"),
    ("example.com:5000", "docker.io", "library/example.com", "5000", None,
     "docker.io/library/example.com:5000", "example.com:5000"),
    # An uppercase first component is a domain, so it is kept, not normalised.
    ("Docker.io/x", "Docker.io", "x", None, None, "Docker.io/x", "Docker.io/x"),
    ("Foo/bar", "Foo", "bar", None, None, "Foo/bar", "Foo/bar"),
    # splitDockerDomain picks foo_bar.com, which Parse then reads as a path component.
    ("foo_bar.com/x", "", "foo_bar.com/x", None, None, "foo_bar.com/x", "foo_bar.com/x"),
    ("scratch", "docker.io", "library/scratch", None, None, "docker.io/library/scratch", "scratch"),
    # Nested library namespaces are not shortened.
    ("library/a/b", "docker.io", "library/a/b", None, None, "docker.io/library/a/b", "library/a/b"),
    # The familiar form of a Docker Hub namespace that looks like a registry does not
    # read back as the same reference; Go has the same asymmetry.
    ("docker.io/localhost/x", "docker.io", "localhost/x", None, None, "docker.io/localhost/x", "localhost/x"),
    (f"lowercase:{'T' * 128}", "docker.io", "library/lowercase", "T" * 128, None,
     f"docker.io/library/lowercase:{'T' * 128}", f"lowercase:{'T' * 128}"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "domain", "path", "tag", "digest", "full", "familiar"), EXAMPLES)
def test_examples(text, domain, path, tag, digest, full, familiar):
    ref = parse_reference(text)
    assert ref == ImageReference(domain, path, tag, digest)
    assert ref.full == str(ref) == full
    assert ref.familiar == familiar


ERRORS = [
    ("", ERR_REFERENCE_INVALID_FORMAT),
    ("Ubuntu", lowercase_error("library/Ubuntu")),
    ("Ubuntu:22.04", lowercase_error("library/Ubuntu")),
    ("user/App:1", lowercase_error("user/App")),
    ("docker.io/Library/x", lowercase_error("Library/x")),
    # Without a tag, the text up to the digest's colon is the "repository name".
    (f"a@SHA256:{F64}", lowercase_error("library/a@SHA256")),
    # Uppercase in a domain the grammar refuses: Parse lowercases the whole text.
    ("Foo_Bar.com/x", ERR_NAME_CONTAINS_UPPERCASE),
    # strings.ToLower maps U+0130 to "i" and U+212A (Kelvin) to "k".
    ("\u0130.com/x", ERR_NAME_CONTAINS_UPPERCASE),
    ("\u212a.com/x", ERR_NAME_CONTAINS_UPPERCASE),
    ("\u0130.com_/x", ERR_REFERENCE_INVALID_FORMAT),
    ("ubuntu\n", ERR_REFERENCE_INVALID_FORMAT),
    (" ubuntu", ERR_REFERENCE_INVALID_FORMAT),
    ("ubuntu:", ERR_REFERENCE_INVALID_FORMAT),
    ("ubuntu:-tag", ERR_REFERENCE_INVALID_FORMAT),
    (f"lowercase:{'t' * 129}", ERR_REFERENCE_INVALID_FORMAT),
    ("ubuntu@", ERR_REFERENCE_INVALID_FORMAT),
    (f"@{SHA256}", ERR_REFERENCE_INVALID_FORMAT),
    (f"a@sha256:{'f' * 31}", ERR_REFERENCE_INVALID_FORMAT),
    (f"a@sha256:{'f' * 32}", ERR_DIGEST_INVALID_LENGTH),
    (f"a@sha256:{'f' * 65}", ERR_DIGEST_INVALID_LENGTH),
    (f"a@sha256:{'F' * 64}", ERR_DIGEST_INVALID_FORMAT),
    (f"a@sha384:{'f' * 64}", ERR_DIGEST_INVALID_LENGTH),
    (f"a@sha512:{'f' * 64}", ERR_DIGEST_INVALID_LENGTH),
    (f"a@md5:{'f' * 32}", ERR_DIGEST_UNSUPPORTED),
    (f"a@sha256+b64:{F64}", ERR_DIGEST_UNSUPPORTED),
    # An unknown algorithm outside go-digest's lowercase pattern is a format error.
    (f"a:b@Sha256:{F64}", ERR_DIGEST_INVALID_FORMAT),
    (f"a:b@x:{'F' * 32}", ERR_DIGEST_UNSUPPORTED),
    ("a" * 248, ERR_NAME_TOO_LONG),  # library/ + 248 = 256
    ("team/" + "a" * 251, ERR_NAME_TOO_LONG),
    (HEX_ID, identifier_error(HEX_ID)),
    ("https://github.com/docker/docker", ERR_REFERENCE_INVALID_FORMAT),
    ("[fc00::1]", ERR_REFERENCE_INVALID_FORMAT),
    ("[fe80::1%eth0]:5000/x", ERR_REFERENCE_INVALID_FORMAT),
]


@pytest.mark.parametrize(("text", "reason"), ERRORS)
def test_errors(text, reason):
    with pytest.raises(InvalidReference) as info:
        parse_reference(text)
    assert info.value.reason == reason
    assert str(info.value) == reason
    assert info.value.text == text
    assert not looks_like_reference(text)


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        ("a" * 247, True),  # library/ + 247 = 255
        ("team/" + "a" * 250, True),
        ("example.com/" + "a" * 255, True),  # the domain does not count (v0.6.0)
        ("example.com/" + "a" * 256, False),
    ],
)
def test_length_limit_is_on_the_path(text, ok):
    assert looks_like_reference(text) is ok


def test_invalid_reference_is_a_value_error():
    with pytest.raises(ValueError, match="invalid reference format"):
        parse_reference("a b")


# ---------------------------------------------------------------------------------------
# Upstream: reference_test.go TestReferenceParse (reference.Parse, so parse_raw).
# input, error, repository (Name()), domain, tag, digest

REFERENCE_PARSE = [
    ("test_com", None, "test_com", "", None, None),
    ("test.com:tag", None, "test.com", "", "tag", None),
    ("test.com:5000", None, "test.com", "", "5000", None),
    ("test.com/repo:tag", None, "test.com/repo", "test.com", "tag", None),
    ("test:5000/repo", None, "test:5000/repo", "test:5000", None, None),
    ("test:5000/repo:tag", None, "test:5000/repo", "test:5000", "tag", None),
    (f"test:5000/repo@{SHA256}", None, "test:5000/repo", "test:5000", None, SHA256),
    (f"test:5000/repo:tag@{SHA256}", None, "test:5000/repo", "test:5000", "tag", SHA256),
    ("", ERR_NAME_EMPTY, None, None, None, None),
    (":justtag", ERR_REFERENCE_INVALID_FORMAT, None, None, None, None),
    (f"@{SHA256}", ERR_REFERENCE_INVALID_FORMAT, None, None, None, None),
    ("repo@sha256:" + "f" * 34, ERR_DIGEST_INVALID_LENGTH, None, None, None, None),
    (f"validname@invaliddigest:{F64}", ERR_DIGEST_UNSUPPORTED, None, None, None, None),
    ("Uppercase:tag", ERR_NAME_CONTAINS_UPPERCASE, None, None, None, None),
    ("test:5000/Uppercase/lowercase:tag", ERR_NAME_CONTAINS_UPPERCASE, None, None, None, None),
    ("lowercase:Uppercase", None, "lowercase", "", "Uppercase", None),
    ("domain/" + "a" * 256 + ":tag", ERR_NAME_TOO_LONG, None, None, None, None),
    ("a/" * 127 + "a:tag-puts-this-over-max", None, "a/" * 127 + "a", "a", "tag-puts-this-over-max", None),
    ("aa/asdf$$^/aa", ERR_REFERENCE_INVALID_FORMAT, None, None, None, None),
    ("sub-dom1.foo.com/bar/baz/quux", None, "sub-dom1.foo.com/bar/baz/quux", "sub-dom1.foo.com", None, None),
    ("sub-dom1.foo.com/bar/baz/quux:some-long-tag", None, "sub-dom1.foo.com/bar/baz/quux",
     "sub-dom1.foo.com", "some-long-tag", None),
    ("b.gcr.io/test.example.com/my-app:test.example.com", None, "b.gcr.io/test.example.com/my-app",
     "b.gcr.io", "test.example.com", None),
    ("xn--n3h.com/myimage:xn--n3h.com", None, "xn--n3h.com/myimage", "xn--n3h.com", "xn--n3h.com", None),
    (f"xn--7o8h.com/myimage:xn--7o8h.com@{SHA512}", None, "xn--7o8h.com/myimage", "xn--7o8h.com",
     "xn--7o8h.com", SHA512),
    ("foo_bar.com:8080", None, "foo_bar.com", "", "8080", None),
    ("foo/foo_bar.com:8080", None, "foo/foo_bar.com", "foo", "8080", None),
    ("192.168.1.1", None, "192.168.1.1", "", None, None),
    ("192.168.1.1:tag", None, "192.168.1.1", "", "tag", None),
    ("192.168.1.1:5000", None, "192.168.1.1", "", "5000", None),
    ("192.168.1.1/repo", None, "192.168.1.1/repo", "192.168.1.1", None, None),
    ("192.168.1.1:5000/repo", None, "192.168.1.1:5000/repo", "192.168.1.1:5000", None, None),
    ("192.168.1.1:5000/repo:5050", None, "192.168.1.1:5000/repo", "192.168.1.1:5000", "5050", None),
    ("[2001:db8::1]", ERR_REFERENCE_INVALID_FORMAT, None, None, None, None),
    ("[2001:db8::1]:5000", ERR_REFERENCE_INVALID_FORMAT, None, None, None, None),
    ("[2001:db8::1]:tag", ERR_REFERENCE_INVALID_FORMAT, None, None, None, None),
    ("[2001:db8::1]/repo", None, "[2001:db8::1]/repo", "[2001:db8::1]", None, None),
    ("[2001:db8:1:2:3:4:5:6]/repo:tag", None, "[2001:db8:1:2:3:4:5:6]/repo", "[2001:db8:1:2:3:4:5:6]", "tag", None),
    ("[2001:db8::1]:5000/repo", None, "[2001:db8::1]:5000/repo", "[2001:db8::1]:5000", None, None),
    ("[2001:db8::1]:5000/repo:tag", None, "[2001:db8::1]:5000/repo", "[2001:db8::1]:5000", "tag", None),
    (f"[2001:db8::1]:5000/repo@{SHA256}", None, "[2001:db8::1]:5000/repo", "[2001:db8::1]:5000", None, SHA256),
    (f"[2001:db8::1]:5000/repo:tag@{SHA256}", None, "[2001:db8::1]:5000/repo", "[2001:db8::1]:5000", "tag", SHA256),
    ("[2001:db8::]:5000/repo", None, "[2001:db8::]:5000/repo", "[2001:db8::]:5000", None, None),
    ("[::1]:5000/repo", None, "[::1]:5000/repo", "[::1]:5000", None, None),
    ("[fe80::1%eth0]:5000/repo", ERR_REFERENCE_INVALID_FORMAT, None, None, None, None),
    ("[fe80::1%@invalidzone]:5000/repo", ERR_REFERENCE_INVALID_FORMAT, None, None, None, None),
    ("example.com/" + "a" * 255 + ":tag", None, "example.com/" + "a" * 255, "example.com", "tag", None),
]  # fmt: skip


@pytest.mark.parametrize(("text", "error", "repository", "domain", "tag", "digest"), REFERENCE_PARSE)
def test_upstream_reference_parse(text, error, repository, domain, tag, digest):
    if error is not None:
        assert reason_of(parse_raw, text) == error
        return
    ref = parse_raw(text)
    assert ref.full == text
    assert (ref.name, ref.domain, ref.tag, ref.digest) == (repository, domain, tag, digest)


# Upstream: reference_test.go TestParseNamed (reference.ParseNamed).
@pytest.mark.parametrize(
    ("text", "domain", "path", "error"),
    [
        ("test.com/foo", "test.com", "foo", None),
        ("test:8080/foo", "test:8080", "foo", None),
        ("test_com/foo", None, None, ERR_NAME_NOT_CANONICAL),
        ("test.com", None, None, ERR_NAME_NOT_CANONICAL),
        ("foo", None, None, ERR_NAME_NOT_CANONICAL),
        ("library/foo", None, None, ERR_NAME_NOT_CANONICAL),
        ("docker.io/library/foo", "docker.io", "library/foo", None),
        ("docker.io/foo", None, None, ERR_NAME_NOT_CANONICAL),
        # Not upstream: the normalisation errors come first.
        ("Foo", None, None, lowercase_error("library/Foo")),
    ],
)
def test_upstream_parse_named(text, domain, path, error):
    if error is not None:
        assert reason_of(parse_canonical, text) == error
        return
    ref = parse_canonical(text)
    assert (ref.domain, ref.path) == (domain, path)


# ---------------------------------------------------------------------------------------
# Upstream: normalize_test.go TestValidateReferenceName and TestValidateRemoteName.

VALID_NAMES = [
    ("docker/docker", "docker.io/docker/docker"),
    ("library/debian", "docker.io/library/debian"),
    ("debian", "docker.io/library/debian"),
    ("docker.io/docker/docker", "docker.io/docker/docker"),
    ("docker.io/library/debian", "docker.io/library/debian"),
    ("docker.io/debian", "docker.io/library/debian"),
    ("index.docker.io/docker/docker", "docker.io/docker/docker"),
    ("index.docker.io/library/debian", "docker.io/library/debian"),
    ("index.docker.io/debian", "docker.io/library/debian"),
    ("127.0.0.1:5000/docker/docker", "127.0.0.1:5000/docker/docker"),
    ("127.0.0.1:5000/library/debian", "127.0.0.1:5000/library/debian"),
    ("127.0.0.1:5000/debian", "127.0.0.1:5000/debian"),
    ("192.168.0.1", "docker.io/library/192.168.0.1"),
    ("192.168.0.1:80", "docker.io/library/192.168.0.1:80"),
    ("192.168.0.1:8/debian", "192.168.0.1:8/debian"),
    ("192.168.0.2:25000/debian", "192.168.0.2:25000/debian"),
    ("thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev",
     "docker.io/library/thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev"),
    ("[fc00::1]:5000/docker", "[fc00::1]:5000/docker"),
    ("[fc00::1]:5000/docker/docker", "[fc00::1]:5000/docker/docker"),
    ("[fc00:1:2:3:4:5:6:7]:5000/library/debian", "[fc00:1:2:3:4:5:6:7]:5000/library/debian"),
    (f"docker.io/{HEX_ID}", f"docker.io/library/{HEX_ID}"),
    ("Docker/docker", "Docker/docker"),
    ("DOCKER/docker", "DOCKER/docker"),
    ("docker-rules/docker", "docker.io/docker-rules/docker"),
    ("docker---rules/docker", "docker.io/docker---rules/docker"),
    ("doc/docker", "docker.io/doc/docker"),
    ("d/docker", "docker.io/d/docker"),
    ("jess/t", "docker.io/jess/t"),
    ("dock__er/docker", "docker.io/dock__er/docker"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "full"), VALID_NAMES)
def test_upstream_valid_names(text, full):
    assert parse_reference(text).full == full
    assert looks_like_reference(text)


INVALID_NAMES = [
    ("https://github.com/docker/docker", ERR_REFERENCE_INVALID_FORMAT),
    ("docker/Docker", lowercase_error("docker/Docker")),
    ("-docker", ERR_REFERENCE_INVALID_FORMAT),
    ("-docker/docker", ERR_REFERENCE_INVALID_FORMAT),
    ("-docker.io/docker/docker", ERR_REFERENCE_INVALID_FORMAT),
    ("docker///docker", ERR_REFERENCE_INVALID_FORMAT),
    ("docker.io/docker/Docker", lowercase_error("docker/Docker")),
    ("docker.io/docker///docker", ERR_REFERENCE_INVALID_FORMAT),
    ("[fc00::1]", ERR_REFERENCE_INVALID_FORMAT),
    ("[fc00::1]:5000", ERR_REFERENCE_INVALID_FORMAT),
    ("fc00::1:5000/debian", ERR_REFERENCE_INVALID_FORMAT),
    ("[fe80::1%eth0]:5000/debian", ERR_REFERENCE_INVALID_FORMAT),
    ("[2001:db8:3:4::192.0.2.33]:5000/debian", ERR_REFERENCE_INVALID_FORMAT),
    (HEX_ID, identifier_error(HEX_ID)),
    ("docker-/docker", ERR_REFERENCE_INVALID_FORMAT),
    ("-docker-/docker", ERR_REFERENCE_INVALID_FORMAT),
    ("____/____", ERR_REFERENCE_INVALID_FORMAT),
    ("_docker/_docker", ERR_REFERENCE_INVALID_FORMAT),
    ("dock..er/docker", ERR_REFERENCE_INVALID_FORMAT),
    ("dock_.er/docker", ERR_REFERENCE_INVALID_FORMAT),
    ("dock-.er/docker", ERR_REFERENCE_INVALID_FORMAT),
    ("docker/", ERR_REFERENCE_INVALID_FORMAT),
    (f"{LONG_NAMESPACE}/docker", ERR_NAME_TOO_LONG),
]


@pytest.mark.parametrize(("text", "reason"), INVALID_NAMES)
def test_upstream_invalid_names(text, reason):
    assert reason_of(parse_reference, text) == reason


# Upstream: normalize_test.go TestParseRepositoryInfo. Every spelling (familiar, full,
# ambiguous) parses to the same familiar name, full name, domain and path.
REPOSITORY_INFO = [
    # familiar, full, ambiguous, domain, path
    ("fooo/bar", "docker.io/fooo/bar", "index.docker.io/fooo/bar", "docker.io", "fooo/bar"),
    ("ubuntu", "docker.io/library/ubuntu", "library/ubuntu", "docker.io", "library/ubuntu"),
    ("nonlibrary/ubuntu", "docker.io/nonlibrary/ubuntu", None, "docker.io", "nonlibrary/ubuntu"),
    ("other/library", "docker.io/other/library", None, "docker.io", "other/library"),
    ("127.0.0.1:8000/private/moonbase", "127.0.0.1:8000/private/moonbase", None, "127.0.0.1:8000",
     "private/moonbase"),
    ("127.0.0.1:8000/privatebase", "127.0.0.1:8000/privatebase", None, "127.0.0.1:8000", "privatebase"),
    ("example.com/private/moonbase", "example.com/private/moonbase", None, "example.com", "private/moonbase"),
    ("example.com/privatebase", "example.com/privatebase", None, "example.com", "privatebase"),
    ("example.com:8000/private/moonbase", "example.com:8000/private/moonbase", None, "example.com:8000",
     "private/moonbase"),
    ("example.com:8000/privatebasee", "example.com:8000/privatebasee", None, "example.com:8000", "privatebasee"),
    ("ubuntu-12.04-base", "docker.io/library/ubuntu-12.04-base", "index.docker.io/library/ubuntu-12.04-base",
     "docker.io", "library/ubuntu-12.04-base"),
    ("foo", "docker.io/library/foo", "docker.io/foo", "docker.io", "library/foo"),
    ("library/foo/bar", "docker.io/library/foo/bar", None, "docker.io", "library/foo/bar"),
    ("store/foo/bar", "docker.io/store/foo/bar", None, "docker.io", "store/foo/bar"),
    ("Foo/bar", "Foo/bar", None, "Foo", "bar"),
    ("FOO/bar", "FOO/bar", None, "FOO", "bar"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "familiar", "full", "domain", "path"),
    [
        pytest.param(spelling, familiar, full, domain, path, id=spelling)
        for familiar, full, ambiguous, domain, path in REPOSITORY_INFO
        for spelling in dict.fromkeys([familiar, full, ambiguous])
        if spelling is not None
    ],
)
def test_upstream_repository_info(text, familiar, full, domain, path):
    ref = parse_reference(text)
    assert ref.familiar_name == familiar
    assert ref.full == full
    assert (ref.domain, ref.path) == (domain, path)


# Upstream: normalize_test.go TestParseReferenceWithTagAndDigest.
def test_upstream_tag_and_digest():
    short = "busybox:latest@sha256:86e0e091d0da6bde2456dbb48306f3956bbeb2eae1b5b9a43045843f69fe4aaa"
    ref = parse_reference(short)
    assert ref.full == "docker.io/library/" + short
    assert ref.tag == "latest"
    assert ref.digest is not None
    assert ref.familiar == short


# Upstream: normalize_test.go TestParseAnyReference, the cases that are names (an ID or
# a bare digest is something ParseNormalizedNamed refuses).
@pytest.mark.parametrize(
    ("text", "full"),
    [
        ("redis", "docker.io/library/redis"),
        ("redis:latest", "docker.io/library/redis:latest"),
        ("docker.io/library/redis:latest", "docker.io/library/redis:latest"),
        (f"redis@{REDIS}", f"docker.io/library/redis@{REDIS}"),
        (f"docker.io/library/redis@{REDIS}", f"docker.io/library/redis@{REDIS}"),
        ("dmcgowan/myapp", "docker.io/dmcgowan/myapp"),
        ("dmcgowan/myapp:latest", "docker.io/dmcgowan/myapp:latest"),
        ("docker.io/mcgowan/myapp:latest", "docker.io/mcgowan/myapp:latest"),
        (f"dmcgowan/myapp@{REDIS}", f"docker.io/dmcgowan/myapp@{REDIS}"),
        (f"docker.io/dmcgowan/myapp@{REDIS}", f"docker.io/dmcgowan/myapp@{REDIS}"),
        (REDIS[7:-1], f"docker.io/library/{REDIS[7:-1]}"),
        ("dbcc1", "docker.io/library/dbcc1"),
        # A bare digest reads as a name and a 64-character tag.
        (REDIS, f"docker.io/library/{REDIS}"),
    ],
)
def test_upstream_any_reference_names(text, full):
    assert parse_reference(text).full == full


# Upstream: normalize_test.go TestNormalizedSplitHostname.
@pytest.mark.parametrize(
    ("text", "domain", "path"),
    [
        ("test.com/foo", "test.com", "foo"),
        ("test_com/foo", "docker.io", "test_com/foo"),
        ("docker/migrator", "docker.io", "docker/migrator"),
        ("test.com:8080/foo", "test.com:8080", "foo"),
        ("test-com:8080/foo", "test-com:8080", "foo"),
        ("foo", "docker.io", "library/foo"),
        ("xn--n3h.com/foo", "xn--n3h.com", "foo"),
        ("xn--n3h.com:18080/foo", "xn--n3h.com:18080", "foo"),
        ("docker.io/foo", "docker.io", "library/foo"),
        ("docker.io/library/foo", "docker.io", "library/foo"),
        ("docker.io/library/foo/bar", "docker.io", "library/foo/bar"),
    ],
)
def test_upstream_normalized_split_hostname(text, domain, path):
    ref = parse_reference(text)
    assert (ref.domain, ref.path) == (domain, path)


# Upstream: normalize_test.go TestParseDockerRef.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("busybox", "docker.io/library/busybox:latest"),
        ("busybox:latest", "docker.io/library/busybox:latest"),
        (f"busybox@{BUSYBOX}", f"docker.io/library/busybox@{BUSYBOX}"),
        ("library/busybox", "docker.io/library/busybox:latest"),
        ("docker.io/busybox", "docker.io/library/busybox:latest"),
        ("docker.io/library/busybox", "docker.io/library/busybox:latest"),
        ("docker.io/busybox:latest", "docker.io/library/busybox:latest"),
        ("library/busybox:latest", "docker.io/library/busybox:latest"),
        ("docker.io/library/busybox:latest", "docker.io/library/busybox:latest"),
        ("gcr.io/library/busybox", "gcr.io/library/busybox:latest"),
        (f"gcr.io/library/busybox:latest@{BUSYBOX}", f"gcr.io/library/busybox@{BUSYBOX}"),
    ],
)
def test_upstream_parse_docker_ref(text, expected):
    ref = parse_docker_ref(text)
    assert ref.full == expected
    assert parse_reference(text).docker_ref == expected
    assert parse_raw(expected) == ref


# ---------------------------------------------------------------------------------------
# Upstream: regexp_test.go, through parse_raw (Parse uses exactly these expressions).


# TestDomainRegexp: each domain followed by "/foo".
@pytest.mark.parametrize(
    ("domain", "match"),
    [
        ("test.com", True),
        ("test.com:10304", True),
        ("test.com:http", False),
        ("localhost", True),
        ("localhost:8080", True),
        ("a", True),
        ("a.b", True),
        ("ab.cd.com", True),
        ("a-b.com", True),
        ("-ab.com", False),
        ("ab-.com", False),
        ("ab.c-om", True),
        ("ab.-com", False),
        ("ab.com-", False),
        ("0101.com", True),
        ("001a.com", True),
        ("b.gbc.io:443", True),
        ("b.gbc.io", True),
        ("xn--n3h.com", True),
        ("Asdf.com", True),
        ("192.168.1.1:75050", True),
        ("192.168.1.1:750050", True),
        ("[fd00:1:2::3]:75050", True),
        ("[fd00:1:2::3]75050", False),
        ("[fd00:1:2::3]::75050", False),
        ("[fd00:1:2::3%eth0]:75050", False),
        ("[fd00123123123]:75050", True),
        ("[2001:0db8:85a3:0000:0000:8a2e:0370:7334]:75050", True),
        ("[2001:0db8:85a3:0000:0000:8a2e:0370:7334]:750505", True),
        ("fd00:1:2::3:75050", False),
    ],
)
def test_upstream_domain_regexp(domain, match):
    if match:
        assert parse_raw(domain + "/foo").domain == domain
    else:
        assert reason_of(parse_raw, domain + "/foo") == ERR_REFERENCE_INVALID_FORMAT


# TestFullNameRegexp: names that match, with their (domain, path) submatches.
@pytest.mark.parametrize(
    ("name", "domain", "path"),
    [
        ("short", "", "short"),
        ("simple/name", "simple", "name"),
        ("library/ubuntu", "library", "ubuntu"),
        ("docker/stevvooe/app", "docker", "stevvooe/app"),
        ("aa/aa/aa/aa/aa/aa/aa/aa/aa/bb/bb/bb/bb/bb/bb", "aa", "aa/aa/aa/aa/aa/aa/aa/aa/bb/bb/bb/bb/bb/bb"),
        ("aa/aa/bb/bb/bb", "aa", "aa/bb/bb/bb"),
        ("a/a/a/a", "a", "a/a/a"),
        ("a", "", "a"),
        ("a/aa", "a", "aa"),
        ("a/aa/a", "a", "aa/a"),
        ("foo.com", "", "foo.com"),
        ("foo.com:8080/bar", "foo.com:8080", "bar"),
        ("foo.com/bar", "foo.com", "bar"),
        ("foo.com/bar/baz", "foo.com", "bar/baz"),
        ("localhost:8080/bar", "localhost:8080", "bar"),
        ("sub-dom1.foo.com/bar/baz/quux", "sub-dom1.foo.com", "bar/baz/quux"),
        ("blog.foo.com/bar/baz", "blog.foo.com", "bar/baz"),
        ("aa-a/a", "aa-a", "a"),
        ("a/" * 128 + "a", "a", "a/" * 127 + "a"),
        ("foo_bar", "", "foo_bar"),
        ("foo_bar.com", "", "foo_bar.com"),
        ("foo.com/foo_bar", "foo.com", "foo_bar"),
        ("b.gcr.io/test.example.com/my-app", "b.gcr.io", "test.example.com/my-app"),
        ("xn--n3h.com/myimage", "xn--n3h.com", "myimage"),
        ("xn--7o8h.com/myimage", "xn--7o8h.com", "myimage"),
        ("example.com/xn--7o8h.com/myimage", "example.com", "xn--7o8h.com/myimage"),
        ("example.com/some_separator__underscore/myimage", "example.com", "some_separator__underscore/myimage"),
        ("do__cker/docker", "", "do__cker/docker"),
        ("registry.io/foo/project--id.module--name.ver---sion--name", "registry.io",
         "foo/project--id.module--name.ver---sion--name"),
        ("Asdf.com/foo/bar", "Asdf.com", "foo/bar"),
    ],
)  # fmt: skip
def test_upstream_full_name_regexp(name, domain, path):
    ref = parse_raw(name)
    assert (ref.domain, ref.path, ref.tag, ref.digest) == (domain, path, None, None)


# TestFullNameRegexp: names that do not match (none of them reads as name:tag either).
@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("", ERR_NAME_EMPTY),
        ("a/a/a/a/", ERR_REFERENCE_INVALID_FORMAT),
        ("a//a/a", ERR_REFERENCE_INVALID_FORMAT),
        ("foo.com/", ERR_REFERENCE_INVALID_FORMAT),
        ("foo.com:http/bar", ERR_REFERENCE_INVALID_FORMAT),
        ("a^a", ERR_REFERENCE_INVALID_FORMAT),
        ("asdf$$^/aa", ERR_REFERENCE_INVALID_FORMAT),
        ("a-/a/a/a", ERR_REFERENCE_INVALID_FORMAT),
        ("foo.com/a-/a/a", ERR_REFERENCE_INVALID_FORMAT),
        ("-foo/bar", ERR_REFERENCE_INVALID_FORMAT),
        ("foo/bar-", ERR_REFERENCE_INVALID_FORMAT),
        ("foo-/bar", ERR_REFERENCE_INVALID_FORMAT),
        ("foo/-bar", ERR_REFERENCE_INVALID_FORMAT),
        ("_foo/bar", ERR_REFERENCE_INVALID_FORMAT),
        ("foo_bar.com:8080/app", ERR_REFERENCE_INVALID_FORMAT),
        ("____/____", ERR_REFERENCE_INVALID_FORMAT),
        ("docker_/docker_", ERR_REFERENCE_INVALID_FORMAT),
        ("example.com/__underscore/myimage", ERR_REFERENCE_INVALID_FORMAT),
        ("example.com/..dots/myimage", ERR_REFERENCE_INVALID_FORMAT),
        ("example.com/.dots/myimage", ERR_REFERENCE_INVALID_FORMAT),
        ("example.com/nodouble..dots/myimage", ERR_REFERENCE_INVALID_FORMAT),
        ("docker./docker", ERR_REFERENCE_INVALID_FORMAT),
        (".docker/docker", ERR_REFERENCE_INVALID_FORMAT),
        ("do..cker/docker", ERR_REFERENCE_INVALID_FORMAT),
        ("do__cker:8080/docker", ERR_REFERENCE_INVALID_FORMAT),
        ("Foo/FarB", ERR_NAME_CONTAINS_UPPERCASE),
    ],
)
def test_upstream_full_name_regexp_rejects(name, reason):
    assert reason_of(parse_raw, name) == reason


# TestReferenceRegexp: (name, tag, digest) submatches.
@pytest.mark.parametrize(
    ("text", "name", "tag", "digest"),
    [
        ("registry.com:8080/myapp:tag", "registry.com:8080/myapp", "tag", None),
        (f"registry.com:8080/myapp@{BE17}", "registry.com:8080/myapp", None, BE17),
        (f"registry.com:8080/myapp:tag2@{BE17}", "registry.com:8080/myapp", "tag2", BE17),
        (f"localhost:8080@{BE17}", "localhost", "8080", BE17),
        (f"localhost:8080/name@{BE17}", "localhost:8080/name", None, BE17),
        (f"localhost@{BE17}", "localhost", None, BE17),
        ("registry.com:8080/myapp@sha256:badbadbadbad", None, None, None),
        ("registry.com:8080/myapp:invalid~tag", None, None, None),
        ("bad_hostname.com:8080/myapp:tag", None, None, None),
        (f"localhost:http/name@{BE17}", None, None, None),
        ("registry.com:8080/myapp@bad", None, None, None),
        ("registry.com:8080/myapp@2bad", None, None, None),
    ],
)
def test_upstream_reference_regexp(text, name, tag, digest):
    if name is None:
        assert reason_of(parse_raw, text) == ERR_REFERENCE_INVALID_FORMAT
        return
    ref = parse_raw(text)
    assert (ref.name, ref.tag, ref.digest) == (name, tag, digest)


# TestIdentifierRegexp: only exactly 64 lowercase hex digits are an ID.
@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("da304e823d8ca2b9d863a3c897baeb852ba21ea9a9f1414736394ae7fcaf9821",
         identifier_error("da304e823d8ca2b9d863a3c897baeb852ba21ea9a9f1414736394ae7fcaf9821")),
        ("7EC43B381E5AEFE6E04EFB0B3F0693FF2A4A50652D64AEC573905F2DB5889A1C",
         lowercase_error("library/7EC43B381E5AEFE6E04EFB0B3F0693FF2A4A50652D64AEC573905F2DB5889A1C")),
        ("da304e823d8ca2b9d863a3c897baeb852ba21ea9a9f1414736394ae7fcaf", None),
        ("sha256:da304e823d8ca2b9d863a3c897baeb852ba21ea9a9f1414736394ae7fcaf9821", None),
        ("da304e823d8ca2b9d863a3c897baeb852ba21ea9a9f1414736394ae7fcaf98218482", None),
        # An ID with a tag is a name again.
        ("da304e823d8ca2b9d863a3c897baeb852ba21ea9a9f1414736394ae7fcaf9821:tag", None),
    ],
)  # fmt: skip
def test_upstream_identifier_regexp(text, reason):
    if reason is None:
        assert parse_reference(text).domain == "docker.io"
    else:
        assert reason_of(parse_reference, text) == reason


# ---------------------------------------------------------------------------------------
# The derived views.


@pytest.mark.parametrize(
    ("text", "official", "tag_or_default", "pull_ref"),
    [
        ("ubuntu", True, "latest", "docker.io/library/ubuntu:latest"),
        ("ubuntu:22.04", True, "22.04", "docker.io/library/ubuntu:22.04"),
        (f"ubuntu@{SHA256}", True, None, f"docker.io/library/ubuntu@{SHA256}"),
        (f"ubuntu:22.04@{SHA256}", True, "22.04", f"docker.io/library/ubuntu:22.04@{SHA256}"),
        ("library/a/b", False, "latest", "docker.io/library/a/b:latest"),
        ("user/app", False, "latest", "docker.io/user/app:latest"),
        ("ghcr.io/library/x", False, "latest", "ghcr.io/library/x:latest"),
        ("localhost:5000/ubuntu", False, "latest", "localhost:5000/ubuntu:latest"),
    ],
)
def test_views(text, official, tag_or_default, pull_ref):
    ref = parse_reference(text)
    assert ref.is_official is official
    assert ref.tag_or_default == tag_or_default
    assert ref.pull_ref == pull_ref


@pytest.mark.parametrize(
    ("text", "familiar_name", "name"),
    [
        ("docker.io/library/redis", "redis", "docker.io/library/redis"),
        ("docker.io/dmcgowan/myapp", "dmcgowan/myapp", "docker.io/dmcgowan/myapp"),
        ("quay.io/library/redis", "quay.io/library/redis", "quay.io/library/redis"),
        ("foo_bar.com/x", "foo_bar.com/x", "foo_bar.com/x"),
    ],
)
def test_familiar_name(text, familiar_name, name):
    ref = parse_reference(text)
    assert ref.familiar_name == familiar_name
    assert ref.name == name


@pytest.mark.parametrize(
    ("base", "scratch"),
    [
        ("scratch", True),
        ("scratch:latest", False),
        ("Scratch", False),
        ("docker.io/library/scratch", False),
        (parse_reference("scratch"), True),
        (parse_reference("docker.io/library/scratch:1"), True),
        (parse_reference("ubuntu"), False),
        (parse_reference("example.com/library/scratch"), False),
    ],
)
def test_is_scratch(base, scratch):
    assert is_scratch(base) is scratch


def test_references_are_frozen():
    ref = parse_reference("ubuntu")
    with pytest.raises(AttributeError):
        ref.tag = "x"  # type: ignore[misc]
    assert hash(ref) == hash(ImageReference("docker.io", "library/ubuntu"))


# ---------------------------------------------------------------------------------------
# Properties.

REFERENCE_CHARS = st.sampled_from([*"abz09AZ._-/:@[]", "sha256:", "library/", "docker.io/", "\u0130"])
TEXTS = st.one_of(st.text(), st.lists(REFERENCE_CHARS, max_size=30).map("".join))


@given(TEXTS)
def test_any_text_parses_or_raises_invalid_reference(text):
    try:
        ref = parse_reference(text)
    except InvalidReference as error:
        assert error.reason
        assert error.text == text
        return
    assert parse_reference(ref.full) == ref
    assert parse_raw(ref.full) == ref
    assert parse_canonical(ref.full) == ref


COMPONENT = st.from_regex(r"[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*", fullmatch=True).filter(
    lambda s: len(s) < 40
)
DOMAIN = st.one_of(
    st.just(""),
    st.sampled_from(["docker.io", "index.docker.io", "localhost", "localhost:5000", "Foo", "[::1]:5000"]),
    st.from_regex(r"[a-z0-9]+(?:\.[a-z0-9]+)+(?::[0-9]{1,5})?", fullmatch=True),
)
TAG = st.one_of(st.none(), st.from_regex(r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,20}", fullmatch=True))
DIGEST = st.one_of(
    st.none(),
    st.sampled_from([("sha256", 64), ("sha384", 96), ("sha512", 128)]).flatmap(
        lambda alg: st.text("0123456789abcdef", min_size=alg[1], max_size=alg[1]).map(
            lambda hexits: f"{alg[0]}:{hexits}"
        )
    ),
)


@st.composite
def references(draw: st.DrawFn) -> str:
    domain = draw(DOMAIN)
    path = "/".join(draw(st.lists(COMPONENT, min_size=1, max_size=4)))
    tag, digest = draw(TAG), draw(DIGEST)
    text = f"{domain}/{path}" if domain else path
    if tag is not None:
        text += f":{tag}"
    if digest is not None:
        text += f"@{digest}"
    return text


@given(references())
def test_grammatical_references_round_trip(text):
    ref = parse_reference(text)
    assert ref.full.endswith(text.partition("/")[2] if "/" in text else text)
    assert parse_reference(ref.full) == ref
    assert parse_raw(ref.full) == ref
    assert parse_reference(ref.docker_ref) == parse_docker_ref(text)
    assert ref.digest is None or ref.docker_ref.endswith(f"@{ref.digest}")
