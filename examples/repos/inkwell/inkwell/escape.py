"""HTML escaping helpers.

Kept separate from the renderer because the link checker script and the
table-of-contents builder need them too.
"""

from __future__ import annotations

import re

_TEXT_TABLE = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
_ATTR_TABLE = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"})

_NAMED_ENTITIES = {
    "amp": "&",
    "lt": "<",
    "gt": ">",
    "quot": '"',
    "apos": "'",
    "nbsp": "\u00a0",
    "copy": "\u00a9",
    "mdash": "\u2014",
    "ndash": "\u2013",
    "hellip": "\u2026",
}

_ENTITY_RE = re.compile(r"&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,31});")

# Schemes a link may use. Anything else (javascript:, vbscript:, data: ...) is
# rewritten to "#" so a document cannot smuggle script into the page.
SAFE_SCHEMES = ("http", "https", "mailto", "ftp")


def escape_text(value: str) -> str:
    """Escape text that goes between tags."""
    return value.translate(_TEXT_TABLE)


def escape_attr(value: str) -> str:
    """Escape text that goes inside a double-quoted attribute."""
    return value.translate(_ATTR_TABLE)


def unescape(value: str) -> str:
    """Decode the entities authors commonly type by hand.

    Unknown named entities are left exactly as written, which matches what
    browsers do and keeps round-trips predictable.
    """

    def replace(match: "re.Match[str]") -> str:
        body = match.group(1)
        if body.startswith(("#x", "#X")):
            return _safe_chr(int(body[2:], 16), match.group(0))
        if body.startswith("#"):
            return _safe_chr(int(body[1:]), match.group(0))
        return _NAMED_ENTITIES.get(body, match.group(0))

    return _ENTITY_RE.sub(replace, value)


def _safe_chr(code: int, fallback: str) -> str:
    if code == 0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        return "\ufffd"
    try:
        return chr(code)
    except ValueError:
        return fallback


def safe_url(url: str) -> str:
    """Return the URL if its scheme is allowed (or it is relative), else "#"."""
    stripped = url.strip()
    head = stripped.split("/", 1)[0]
    if ":" not in head:
        return stripped  # relative path or fragment
    scheme = head.split(":", 1)[0].lower()
    if scheme in SAFE_SCHEMES:
        return stripped
    return "#"
