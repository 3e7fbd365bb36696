"""XML as quick-xml (calamine's parser) reads it, fed in chunks: its tags, their attributes."""

from __future__ import annotations

import re
from collections.abc import Iterator

from jkn_desktop.importers.limits.common import MAX_TAG_BYTES

# --- XML as quick-xml (calamine's parser) sees it --------------------------------------------------
_TOKEN = re.compile(
    rb"<!--.*?-->"
    rb"|<!\[CDATA\[.*?\]\]>"
    rb"|<\?.*?\?>"
    rb"|<!(?!--|\[CDATA\[)(?:[^>\[\"']|\[.*?\]|\"[^\"]*\"|'[^']*')*>"
    rb"|<(/?)((?![!?])[^ \t\r\n/>]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>"
    rb"|<",
    re.S,
)


class TagTooLongError(Exception):
    """One XML construct longer than MAX_TAG_BYTES: nothing real is."""


# is_end, qname, attributes, self_closing, start, end
Tag = tuple[bool, bytes, bytes, bool, int, int]


class XmlTags:
    """The start and end tags of an XML stream fed in chunks: comments, CDATA, processing
    instructions and declarations skipped, quoted attribute values kept whole, a construct cut by
    a chunk carried to the next. Positions are offsets in the whole stream."""

    def __init__(self) -> None:
        self.tail = b""
        self.offset = 0  # stream offset of self.tail[0]

    def feed(self, chunk: bytes, final: bool = False) -> Iterator[Tag]:
        buf = self.tail + chunk if self.tail else chunk
        base = self.offset
        pos = len(buf)
        for m in _TOKEN.finditer(buf):
            name = m[2]
            if name is None:
                if m.end() - m.start() == 1 and not final:  # an incomplete construct
                    pos = m.start()
                    break
                continue
            body = m[3]
            closing = body.endswith(b"/")
            yield (
                bool(m[1]),
                name,
                body[:-1] if closing else body,
                closing,
                base + m.start(),
                base + m.end(),
            )
        self.tail = b"" if final else buf[pos:]
        self.offset = base + pos
        if len(self.tail) > MAX_TAG_BYTES:
            raise TagTooLongError


def local_name(qname: bytes) -> bytes:
    """quick-xml's local name: what follows the first colon."""
    i = qname.find(b":")
    return qname if i < 0 else qname[i + 1 :]


def raw_attrs(body: bytes) -> tuple[list[tuple[bytes, bytes]], bool]:
    """The attributes as calamine's RawAttrIter splits them (key: everything up to ``=``), and
    whether the list ended in an error (calamine then fails on this tag)."""
    out: list[tuple[bytes, bytes]] = []
    pos, n = 0, len(body)
    ws = b" \t\n\r\x0c"
    while True:
        while pos < n and body[pos] in ws:
            pos += 1
        if pos >= n:
            return out, False
        eq = body.find(b"=", pos)
        if eq < 0:
            return out, True
        key = body[pos:eq].rstrip(ws)
        pos = eq + 1
        while pos < n and body[pos] in ws:
            pos += 1
        if pos >= n or body[pos] not in b"\"'":
            return out, True
        quote = body[pos : pos + 1]
        end = body.find(quote, pos + 1)
        if end < 0:
            out.append((key, body[pos + 1 :]))
            return out, False
        out.append((key, body[pos + 1 : end]))
        pos = end + 1


def first_attr(attrs: list[tuple[bytes, bytes]], key: bytes) -> bytes | None:
    """The value of the first attribute named ``key`` (as :func:`raw_attrs` lists them)."""
    return next((v for k, v in attrs if k == key), None)
