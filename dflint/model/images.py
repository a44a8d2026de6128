"""Docker image references, parsed exactly as Docker and BuildKit parse them.

The reference is the Go module ``github.com/distribution/reference`` v0.6.0 (formerly
``github.com/docker/distribution/reference``) with ``github.com/opencontainers/go-digest``
v1.0.0 validating digests. BuildKit's Dockerfile frontend calls
``reference.ParseNormalizedNamed`` on the (variable-expanded) ``FROM`` operand and then
``reference.TagNameOnly``; :func:`parse_reference` is ``ParseNormalizedNamed``, and an
:class:`ImageReference` gives the other views (``TagNameOnly``, ``FamiliarString``,
``ParseDockerRef``) as properties.

Grammar (``reference.go``)::

    reference        := name [ ":" tag ] [ "@" digest ]
    name             := [domain "/"] path
    domain           := host [":" port]
    host             := domain-name | "[" IPv6 "]"
    domain-name      := component ("." component)*         ; [a-zA-Z0-9], inner "-" allowed
    path             := path-component ("/" path-component)*
    path-component   := [a-z0-9]+ (separator [a-z0-9]+)*
    separator        := "." | "_" | "__" | "-"+
    tag              := [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}
    digest           := algorithm ":" hex                  ; hex: at least 32 hex digits
    algorithm        := [A-Za-z][A-Za-z0-9]* ([-_+.] [A-Za-z][A-Za-z0-9]*)*

Normalisation (``normalize.go``, ``splitDockerDomain``): the text before the first ``/``
is a registry domain when it is ``localhost``, contains ``.`` or ``:``, or is not
lowercase (uppercase path components are invalid, so such a component can only be a
domain); otherwise the registry is ``docker.io``. ``index.docker.io`` becomes
``docker.io``, and a one-component path on ``docker.io`` gets the ``library/``
namespace of the official images. A bare name (no ``/``) is always on Docker Hub,
even ``localhost`` or ``example.com``.

Go details reproduced on purpose:

- regular expressions use RE2's leftmost-first submatch semantics, which Python's
  ``re`` shares; ``$`` in Go is the end of the text, so the patterns are used with
  :meth:`re.Pattern.fullmatch`;
- ``strings.ToLower`` maps each rune with ``unicode.ToLower`` (``İ`` becomes ``i``,
  where :meth:`str.lower` gives ``i̇``), which decides between the "must be lowercase"
  and "invalid reference format" errors;
- the 255-character limit applies to the path only (v0.6.0; earlier releases counted
  the domain too);
- a domain the regular expression does not accept but which ``splitDockerDomain``
  chose (``foo_bar.com/app``) is re-read by ``Parse`` as part of the path, so the
  result has an empty :attr:`ImageReference.domain`.

``scratch`` is not special here: ``parse_reference("scratch")`` is
``docker.io/library/scratch`` like any official image. BuildKit compares the expanded
``FROM`` operand with the exact text ``scratch`` *before* parsing it and then uses an
empty filesystem instead of pulling; see :func:`is_scratch`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = [
    "DEFAULT_DOMAIN",
    "DEFAULT_TAG",
    "ERR_DIGEST_INVALID_FORMAT",
    "ERR_DIGEST_INVALID_LENGTH",
    "ERR_DIGEST_UNSUPPORTED",
    "ERR_NAME_CONTAINS_UPPERCASE",
    "ERR_NAME_EMPTY",
    "ERR_NAME_NOT_CANONICAL",
    "ERR_NAME_TOO_LONG",
    "ERR_REFERENCE_INVALID_FORMAT",
    "LEGACY_DEFAULT_DOMAIN",
    "NAME_TOTAL_LENGTH_MAX",
    "OFFICIAL_REPO_PREFIX",
    "SCRATCH",
    "ImageReference",
    "InvalidReference",
    "is_scratch",
    "looks_like_reference",
    "parse_canonical",
    "parse_docker_ref",
    "parse_raw",
    "parse_reference",
]

#: The registry of familiar names (``ubuntu`` is ``docker.io/library/ubuntu``).
DEFAULT_DOMAIN = "docker.io"
#: The legacy Docker Hub domain, normalised to :data:`DEFAULT_DOMAIN`.
LEGACY_DEFAULT_DOMAIN = "index.docker.io"
#: The Docker Hub namespace of the official images.
OFFICIAL_REPO_PREFIX = "library/"
#: The tag BuildKit pulls when a reference has neither tag nor digest.
DEFAULT_TAG = "latest"
#: The reserved base name of an empty image.
SCRATCH = "scratch"
#: The longest path (``RepositoryNameTotalLengthMax``), in characters.
NAME_TOTAL_LENGTH_MAX = 255

# The error texts, exactly as Go prints them (reference.go, go-digest digest.go).
ERR_REFERENCE_INVALID_FORMAT = "invalid reference format"
ERR_NAME_CONTAINS_UPPERCASE = "repository name must be lowercase"
ERR_NAME_EMPTY = "repository name must have at least one component"
ERR_NAME_TOO_LONG = f"repository name must not be more than {NAME_TOTAL_LENGTH_MAX} characters"
ERR_NAME_NOT_CANONICAL = "repository name must be canonical"
ERR_DIGEST_INVALID_FORMAT = "invalid checksum digest format"
ERR_DIGEST_INVALID_LENGTH = "invalid checksum digest length"
ERR_DIGEST_UNSUPPORTED = "unsupported digest algorithm"

# regexp.go, piece by piece. Classes are spelled out (Go's \w and [[:xdigit:]] are
# ASCII); no pattern is anchored: they are used with fullmatch.
_ALPHANUMERIC = r"[a-z0-9]+"
_SEPARATOR = r"(?:[._]|__|[-]+)"
_DOMAIN_NAME_COMPONENT = r"(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])"
_OPTIONAL_PORT = r"(?::[0-9]+)?"
_TAG = r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}"
_DIGEST = r"[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9A-Fa-f]{32,}"
_IPV6_ADDRESS = r"\[(?:[a-fA-F0-9:]+)\]"
_DOMAIN_NAME = _DOMAIN_NAME_COMPONENT + r"(?:\." + _DOMAIN_NAME_COMPONENT + r")*"
_HOST = r"(?:" + _DOMAIN_NAME + "|" + _IPV6_ADDRESS + ")"
_DOMAIN_AND_PORT = _HOST + _OPTIONAL_PORT
_PATH_COMPONENT = _ALPHANUMERIC + r"(?:" + _SEPARATOR + _ALPHANUMERIC + r")*"
_REMOTE_NAME = _PATH_COMPONENT + r"(?:/" + _PATH_COMPONENT + r")*"
_NAME = r"(?:" + _DOMAIN_AND_PORT + r"/)?" + _REMOTE_NAME

#: referencePat: groups name, tag, digest.
_REFERENCE_RE = re.compile(r"(" + _NAME + r")(?::(" + _TAG + r"))?(?:@(" + _DIGEST + r"))?")
#: anchoredNamePat: groups domain, path.
_NAME_RE = re.compile(r"(?:(" + _DOMAIN_AND_PORT + r")/)?(" + _REMOTE_NAME + r")")
#: identifier: an image ID, which ParseNormalizedNamed refuses as a name.
_IDENTIFIER_RE = re.compile(r"[a-f0-9]{64}")

# go-digest v1.0.0: the registered algorithms and their hex lengths, and the looser
# pattern that tells an unknown algorithm from a malformed digest.
_DIGEST_HEX_LENGTHS = {"sha256": 64, "sha384": 96, "sha512": 128}
_GO_DIGEST_RE = re.compile(r"[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+")
_LOWER_HEX_RE = re.compile(r"[a-f0-9]+")


class InvalidReference(ValueError):
    """Text that is not an image reference.

    ``reason`` is the message Go's ``reference`` package gives (BuildKit prefixes it
    with ``failed to parse stage name "..."``); ``str(error)`` is the reason.
    """

    def __init__(self, reason: str, text: str | None = None) -> None:
        super().__init__(reason)
        #: Go's error message, verbatim.
        self.reason = reason
        #: The text that was parsed, when known.
        self.text = text


@dataclass(frozen=True, slots=True)
class ImageReference:
    """A parsed image reference: ``[domain/]path[:tag][@digest]``.

    From :func:`parse_reference` the domain is always set (``docker.io`` for Docker
    Hub), except in the rare case described in the module docstring; from
    :func:`parse_raw` it is empty when the text names no registry.
    """

    #: The registry, with its port: ``docker.io``, ``localhost:5000``, ``[::1]:5000``.
    domain: str
    #: The repository path within the registry: ``library/ubuntu``, ``team/app``.
    path: str
    #: The tag, without its ``:``; None when the text has none.
    tag: str | None = None
    #: The digest, ``algorithm:hex``; None when the text has none.
    digest: str | None = None

    def __str__(self) -> str:
        return self.full

    @property
    def name(self) -> str:
        """``Name()``: the domain and the path, ``docker.io/library/ubuntu``."""
        return f"{self.domain}/{self.path}" if self.domain else self.path

    @property
    def familiar_name(self) -> str:
        """``FamiliarName``: ``docker.io/`` dropped, and ``library/`` for official images.

        ``docker.io/library/ubuntu`` is ``ubuntu``, ``docker.io/user/app`` is
        ``user/app``, ``docker.io/library/a/b`` stays ``library/a/b``, and names on any
        other registry are unchanged.
        """
        if self.domain != DEFAULT_DOMAIN:
            return self.name
        rest = self.path.removeprefix(OFFICIAL_REPO_PREFIX)
        if rest != self.path and "/" not in rest:
            return rest
        return self.path

    @property
    def is_official(self) -> bool:
        """Whether this is a Docker Hub official image: ``docker.io/library/<one component>``."""
        if self.domain != DEFAULT_DOMAIN or not self.path.startswith(OFFICIAL_REPO_PREFIX):
            return False
        return "/" not in self.path[len(OFFICIAL_REPO_PREFIX) :]

    @property
    def tag_or_default(self) -> str | None:
        """The tag BuildKit pulls: the tag, or ``latest`` when there is neither tag nor digest.

        None for a reference pinned by digest alone.
        """
        if self.tag is None and self.digest is None:
            return DEFAULT_TAG
        return self.tag

    @property
    def full(self) -> str:
        """``String()``: the normalised reference, tag and digest as written.

        ``ubuntu`` is ``docker.io/library/ubuntu``: no default tag is added (see
        :attr:`pull_ref`). :func:`parse_reference` gives this reference back from it.
        """
        return _render(self.name, self.tag, self.digest)

    @property
    def familiar(self) -> str:
        """``FamiliarString``: the short form ``docker`` prints, ``ubuntu:22.04``."""
        return _render(self.familiar_name, self.tag, self.digest)

    @property
    def pull_ref(self) -> str:
        """``TagNameOnly(ref).String()``: the reference BuildKit resolves for ``FROM``.

        ``:latest`` is added when there is neither tag nor digest; a tag written next to
        a digest is kept.
        """
        return _render(self.name, self.tag_or_default, self.digest)

    @property
    def docker_ref(self) -> str:
        """``ParseDockerRef(...).String()``: tagged or digested, never both.

        A digest wins over a tag (``a:1@sha256:...`` gives
        ``docker.io/library/a@sha256:...``); with neither, the tag is ``latest``.
        """
        if self.digest is not None:
            return _render(self.name, None, self.digest)
        return _render(self.name, self.tag_or_default, None)


def _render(name: str, tag: str | None, digest: str | None) -> str:
    """``name[:tag][@digest]``."""
    text = name
    if tag is not None:
        text += f":{tag}"
    if digest is not None:
        text += f"@{digest}"
    return text


def _go_lower(text: str) -> str:
    """``strings.ToLower``: Unicode simple lowercase mapping, rune by rune.

    Python's :meth:`str.lower` uses the full mapping, which turns ``İ`` (U+0130) into
    two characters where Go gives ``i``; the other differences (final sigma) only
    affect non-ASCII results, which no pattern here accepts anyway.
    """
    return text.replace("\u0130", "i").lower()


def _validate_digest(digest: str) -> None:
    """go-digest v1.0.0 ``Digest.Validate`` for a digest the reference grammar matched."""
    algorithm, _, encoded = digest.partition(":")
    length = _DIGEST_HEX_LENGTHS.get(algorithm)
    if length is None:
        if _GO_DIGEST_RE.fullmatch(digest) is None:
            raise InvalidReference(ERR_DIGEST_INVALID_FORMAT)
        raise InvalidReference(ERR_DIGEST_UNSUPPORTED)
    if len(encoded) != length:
        raise InvalidReference(ERR_DIGEST_INVALID_LENGTH)
    if _LOWER_HEX_RE.fullmatch(encoded) is None:
        raise InvalidReference(ERR_DIGEST_INVALID_FORMAT)


def _parse(text: str) -> ImageReference:
    """``reference.Parse``: the grammar alone, with no normalisation."""
    match = _REFERENCE_RE.fullmatch(text)
    if match is None:
        if text == "":
            raise InvalidReference(ERR_NAME_EMPTY, text)
        if _REFERENCE_RE.fullmatch(_go_lower(text)) is not None:
            raise InvalidReference(ERR_NAME_CONTAINS_UPPERCASE, text)
        raise InvalidReference(ERR_REFERENCE_INVALID_FORMAT, text)
    name, tag, digest = match.groups()
    name_match = _NAME_RE.fullmatch(name)
    assert name_match is not None  # the same language as the name group above
    domain, path = name_match.groups()
    if len(path) > NAME_TOTAL_LENGTH_MAX:
        raise InvalidReference(ERR_NAME_TOO_LONG, text)
    if digest is not None:
        try:
            _validate_digest(digest)
        except InvalidReference as error:
            raise InvalidReference(error.reason, text) from None
    return ImageReference(domain=domain or "", path=path, tag=tag, digest=digest)


def _split_docker_domain(name: str) -> tuple[str, str]:
    """``splitDockerDomain``: the registry and the rest (path, tag and digest)."""
    maybe_domain, slash, maybe_rest = name.partition("/")
    if not slash:
        return DEFAULT_DOMAIN, OFFICIAL_REPO_PREFIX + name
    if maybe_domain == "localhost":
        domain, rest = maybe_domain, maybe_rest
    elif maybe_domain == LEGACY_DEFAULT_DOMAIN:
        domain, rest = DEFAULT_DOMAIN, maybe_rest
    elif "." in maybe_domain or ":" in maybe_domain or _go_lower(maybe_domain) != maybe_domain:
        domain, rest = maybe_domain, maybe_rest
    else:
        domain, rest = DEFAULT_DOMAIN, name
    if domain == DEFAULT_DOMAIN and "/" not in rest:
        rest = OFFICIAL_REPO_PREFIX + rest
    return domain, rest


def parse_reference(text: str) -> ImageReference:
    """``reference.ParseNormalizedNamed``: parse a reference as ``docker`` and BuildKit do.

    Familiar names are normalised (``ubuntu`` is ``docker.io/library/ubuntu``); the tag
    and the digest are kept as written, and no default tag is added (see
    :attr:`ImageReference.tag_or_default`). Raises :class:`InvalidReference` with Go's
    message.
    """
    if _IDENTIFIER_RE.fullmatch(text):
        raise InvalidReference(
            f"invalid repository name ({text}), cannot specify 64-byte hexadecimal strings", text
        )
    domain, rest = _split_docker_domain(text)
    remote = rest.partition(":")[0]
    if _go_lower(remote) != remote:
        raise InvalidReference(
            f"{ERR_REFERENCE_INVALID_FORMAT}: repository name ({remote}) must be lowercase", text
        )
    try:
        return _parse(f"{domain}/{rest}")
    except InvalidReference as error:
        raise InvalidReference(error.reason, text) from None


def parse_docker_ref(text: str) -> ImageReference:
    """``reference.ParseDockerRef``: normalised, and either tagged or digested.

    A digest wins over a tag, and a reference with neither gets ``latest``.
    """
    ref = parse_reference(text)
    if ref.digest is not None:
        return ImageReference(ref.domain, ref.path, None, ref.digest)
    return ImageReference(ref.domain, ref.path, ref.tag_or_default, None)


def parse_canonical(text: str) -> ImageReference:
    """``reference.ParseNamed``: like :func:`parse_reference`, but the text must be normalised.

    ``docker.io/library/ubuntu:22.04`` is accepted; ``ubuntu:22.04`` raises
    :class:`InvalidReference` with ``repository name must be canonical``.
    """
    ref = parse_reference(text)
    if ref.full != text:
        raise InvalidReference(ERR_NAME_NOT_CANONICAL, text)
    return ref


def parse_raw(text: str) -> ImageReference:
    """``reference.Parse``: the grammar alone, no Docker Hub normalisation.

    The domain is whatever the grammar reads as one (``a/b`` has domain ``a``) and
    empty when there is none (``ubuntu``); the empty text raises ``repository name
    must have at least one component``.
    """
    return _parse(text)


def looks_like_reference(text: str) -> bool:
    """Whether :func:`parse_reference` accepts the text."""
    try:
        parse_reference(text)
    except InvalidReference:
        return False
    return True


def is_scratch(base: str | ImageReference) -> bool:
    """Whether a ``FROM`` operand is the reserved empty image.

    For text this is BuildKit's own test, made before any parsing: the expanded
    operand is exactly ``scratch``. ``scratch:latest`` or ``docker.io/library/scratch``
    are looked up on Docker Hub like any other image. For a parsed reference it is whether it names
    ``docker.io/library/scratch`` at all, tag and digest aside: parsing cannot tell
    ``scratch`` from its other spellings, so pass the text when that matters.
    """
    if isinstance(base, ImageReference):
        return base.domain == DEFAULT_DOMAIN and base.path == OFFICIAL_REPO_PREFIX + SCRATCH
    return base == SCRATCH
