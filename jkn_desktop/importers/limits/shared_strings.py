"""An .xlsx file's shared strings: the length of each, and the characters a sheet's cells copy
from them."""

from __future__ import annotations

import re

from jkn_desktop.importers.limits.common import MAX_TAG_BYTES
from jkn_desktop.importers.limits.xml_tags import (
    TagTooLongError,
    XmlTags,
    first_attr,
    local_name,
    raw_attrs,
)


# --- shared strings ------------------------------------------------------------------------------
class SharedStrings:
    """calamine's ``read_shared_strings`` replayed: after ``<sst>``, every ``<si>`` is one string,
    read to the first ``</si>`` (a ``<t>`` to its first end). The length of each is bounded by the
    bytes between the tags of its ``<t>`` elements."""

    def __init__(self, declared_size: int) -> None:
        self.tags = XmlTags()
        self.lengths: list[int] = []
        self.state = "before"  # before / sst / si / t
        self.si_name = b""
        self.t_name = b""
        self.t_start = 0
        self.current = 0
        self.phonetic = False
        self.declared_size = declared_size
        self.count_too_large = False

    def feed(self, chunk: bytes, final: bool = False) -> None:
        for is_end, qname, body, closing, start, end in self.tags.feed(chunk, final):
            if self.state == "before" and not is_end and local_name(qname) == b"sst":
                # calamine reserves room for uniqueCount strings before reading one
                count = first_attr(raw_attrs(body)[0], b"uniqueCount")
                if count is not None and count.isdigit() and int(count) > self.declared_size:
                    self.count_too_large = True
            self._tag(is_end, qname, start, end)
            if closing and not is_end:
                self._tag(True, qname, end, end)
            if len(self.lengths) > self.declared_size:
                return

    def _tag(self, is_end: bool, qname: bytes, start: int, end: int) -> None:
        local = local_name(qname)
        state = self.state
        if state == "before":
            if local == b"sst" and not is_end:
                self.state = "sst"
        elif state == "sst":
            if local == b"si" and not is_end:
                self.state, self.si_name, self.current, self.phonetic = "si", qname, 0, False
        elif state == "si":
            if is_end and qname == self.si_name:
                self.lengths.append(self.current)
                self.state = "sst"
            elif local == b"rPh":
                self.phonetic = not is_end
            elif local == b"t" and not is_end and not self.phonetic:
                self.state, self.t_name, self.t_start = "t", qname, end
        elif state == "t" and is_end and qname == self.t_name:
            self.current += start - self.t_start
            self.state = "si"

    def finish(self) -> list[int]:
        self.feed(b"", final=True)
        return self.lengths


_V_TEXT = re.compile(rb"<(?:[^ \t\r\n/>:<]+:)?v(?:[ \t\r\n][^>]*)?>([^<]*)")


class SharedRefs:
    """The characters a sheet's cells copy from the shared strings: every ``<v>`` read as an
    index (a value that is no clean index counts as string 0, as calamine reads it)."""

    def __init__(self, lengths: list[int]) -> None:
        self.lengths = lengths
        self.tail = b""
        self.total = 0

    def feed(self, chunk: bytes) -> None:
        buf = self.tail + chunk if self.tail else chunk
        cut = buf.rfind(b"<")
        if cut < 0:
            cut = len(buf)
        self._count(buf[:cut])
        self.tail = buf[cut:]
        if len(self.tail) > MAX_TAG_BYTES:
            raise TagTooLongError

    def _count(self, region: bytes) -> None:
        lengths = self.lengths
        n = len(lengths)
        first = lengths[0]
        for value in _V_TEXT.findall(region):
            i = int(value) if value.isdigit() and len(value) < 12 else 0
            self.total += lengths[i] if i < n else first

    def finish(self) -> int:
        self._count(self.tail)
        return self.total
