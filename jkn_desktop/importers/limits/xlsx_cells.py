"""Where an .xlsx sheet's cells lie: proved inside an allowed area by one regular expression per
chunk (:class:`FastCells`), or, when anything is unusual, found by replaying calamine's own cell
reader (:class:`SlowCells`)."""

from __future__ import annotations

import re

from jkn_desktop.importers.limits.common import (
    MAX_CELLS,
    MAX_COLUMNS,
    MAX_ROWS,
    MAX_TAG_BYTES,
    Extent,
    col_letters,
)
from jkn_desktop.importers.limits.xml_tags import TagTooLongError, XmlTags, local_name

# --- .xlsx cells: the fast proof ----------------------------------------------------------------
_DIMENSION = re.compile(
    rb"<(?:[^ \t\r\n/>:<]+:)?dimension[ \t\r\n][^>]*?\bref[ \t\r\n]*=[ \t\r\n]*[\"']([^\"']*)[\"']"
)
_REF = re.compile(r"^([A-Za-z]*)([0-9]+)$")
_FIRST_REFS = re.compile(rb'<c r="([A-Za-z]{1,3})[0-9]')
_SST_TAG = re.compile(rb"<(?:[^ \t\r\n/>:<]+:)?sst(?=[ \t\r\n/>])")


def parse_ref(text: str) -> tuple[int, int] | None:
    """'XFD1048576' → (1048576, 16384), 1-based (a row alone has column 0); ``None`` when it is no
    reference calamine could use."""
    m = _REF.match(text)
    if not m:
        return None
    col = 0
    for ch in m[1].upper():
        col = col * 26 + ord(ch) - 64
    return int(m[2]), col


def _le_same(s: str, lo_first: str, alpha: str, ci: bool) -> str:
    """A regex for strings as long as ``s`` over the ordered ``alpha`` that are ≤ ``s``."""

    def lit(ch: str) -> str:
        return f"[{ch}{ch.lower()}]" if ci else ch

    def span(a: str, b: str) -> str:
        return f"[{a}-{b}{a.lower()}-{b.lower()}]" if ci else f"[{a}-{b}]"

    parts = []
    prefix = ""
    every = span(alpha[0], alpha[-1])
    for i, ch in enumerate(s):
        lo = lo_first if i == 0 else alpha[0]
        if ch > lo:
            rest = len(s) - i - 1
            parts.append(
                prefix + span(lo, chr(ord(ch) - 1)) + (f"{every}{{{rest}}}" if rest else "")
            )
        prefix += lit(ch)
    parts.append(prefix)
    return "|".join(parts)


def le_number(n: int) -> str:
    """A regex for the decimal numbers 1…n, leading zeros allowed."""
    s = str(n)
    parts = [_le_same(s, "1", "0123456789", ci=False)]
    if len(s) > 1:
        parts.append(f"[1-9][0-9]{{0,{len(s) - 2}}}")
    return f"0*(?:{'|'.join(parts)})"


def le_column(c: int) -> str:
    """A regex for the column letters A…col_letters(c), in either case."""
    s = col_letters(c)
    parts = [_le_same(s, "A", "ABCDEFGHIJKLMNOPQRSTUVWXYZ", ci=True)]
    if len(s) > 1:
        parts.append(f"[A-Za-z]{{1,{len(s) - 1}}}")
    return f"(?:{'|'.join(parts)})"


def _proof(cols: int, rows: int) -> re.Pattern[bytes]:
    """Matches a cell tag that is NOT of the plain form ``<c r="REF" a="…" …>`` with REF inside
    ``cols`` × ``rows``: a cell of another shape, without ``r`` first, with a second ``r``, or
    outside the area. Every ``<c`` in the text is tried, wherever it is (in a comment, in quotes),
    so none can hide. (A match may still be an empty ``<c …/>``, which calamine never keeps.)"""
    ref = (le_column(cols) + le_number(rows)).encode()
    name = rb"(?:[^r =/>\"'][^ =/>\"']*+|r[^ =/>\"']++)"
    attrs = rb"(?:[ ]" + name + rb"=\"[^\"]*+\")*+"
    return re.compile(
        rb"<c(?:[\t\n\r>/]|[ ](?!r=\")|[ ]r=\"(?:(?!"
        + ref
        + rb"\")|[^\"]*+\""
        + attrs
        + rb"(?![ ]*/?>)))"
    )


_PREFIXED_CELL = re.compile(rb":c[ \t\r\n/>]")
_TAG_REST = re.compile(rb"(?:[^>\"']|\"[^\"]*\"|'[^']*')*>")


def _self_closing(buf: bytes, at: int, end: int) -> bool:
    """Whether the tag starting at ``at`` ends in ``/>`` before ``end`` (quick-xml's empty
    element)."""
    m = _TAG_REST.match(buf, at + 1, end)
    return m is not None and buf[m.end() - 2 : m.end() - 1] == b"/"


class FastCells:
    """Proves, one regex pass per chunk, that no cell of a member that may hold a value lies outside
    an area the limits allow: the declared dimension's columns (or those of the first chunk, if
    wider) and as many rows as ``MAX_CELLS`` leaves. Anything else makes the member
    ``suspicious``, to be replayed by :class:`SlowCells`. Counts the cells (for the text bound) and
    notes shared strings."""

    MAX_EMPTY_OUTSIDE = 10_000  # <c …/> outside the area, looked at one by one

    def __init__(self, declared_size: int) -> None:
        self.declared_size = declared_size
        self.tail = b""
        self.first = True
        self.pattern: re.Pattern[bytes] | None = None
        self.suspicious = False
        self.declared: tuple[int, int] | None = None
        self.declared_text = ""
        self.cells = 0
        self.has_sst = False
        self.empty_outside = 0

    def feed(self, chunk: bytes) -> None:
        buf = self.tail + chunk if self.tail else chunk
        if self.first:
            self.first = False
            self._start(buf)
        lt, gt = buf.rfind(b"<"), buf.rfind(b">")
        cut = len(buf) if lt < gt else lt
        self.tail = buf[cut:]
        if len(self.tail) > MAX_TAG_BYTES:
            raise TagTooLongError
        self._region(buf, cut)

    def _region(self, buf: bytes, cut: int) -> None:
        self.cells += buf.count(b'<c r="', 0, cut)
        if not self.has_sst and buf.find(b"sst", 0, cut) >= 0 and _SST_TAG.search(buf, 0, cut):
            self.has_sst = True
        if self.suspicious or self.pattern is None:
            return
        if _PREFIXED_CELL.search(buf, 0, cut):
            self.suspicious = True
            return
        pos = 0
        while (m := self.pattern.search(buf, pos, cut)) is not None:
            if _self_closing(buf, m.start(), cut) and self.empty_outside < self.MAX_EMPTY_OUTSIDE:
                self.empty_outside += 1  # <c …/> never holds a value: calamine keeps nothing
                pos = m.end()
                continue
            self.suspicious = True
            return

    def _start(self, head: bytes) -> None:
        m = _DIMENSION.search(head, 0, 64 * 1024)
        cols = 0
        if m is not None:
            text = m[1].decode("ascii", "replace").strip()
            corner = parse_ref(text.split(":")[-1])
            if corner is not None:
                self.declared = corner
                self.declared_text = text.split(":")[-1].upper()
                cols = corner[1]
        found = (parse_ref(f"{c.decode()}1") for c in set(_FIRST_REFS.findall(head)))
        cols = max([cols, *(f[1] for f in found if f)]) or 26
        cols = max(1, min(cols, MAX_COLUMNS))
        rows = max(1, min(MAX_ROWS, MAX_CELLS // cols))
        self.pattern = _proof(cols, rows)

    def declared_over(self) -> Extent | None:
        if self.declared is None:
            return None
        ext = Extent(rows=self.declared[0], cols=self.declared[1], declared=self.declared_text)
        return ext if ext.over() else None

    def finish(self) -> Extent:
        if self.tail:
            self._region(self.tail, len(self.tail))
        return Extent(cells=self.cells)


# --- .xlsx cells: calamine's reader replayed ---------------------------------------------------
_R_ATTR = re.compile(
    rb"(?:^|[ \t\r\n\x0c\"'])r[ \t\r\n\x0c]*=[ \t\r\n\x0c]*(?:\"([^\"]*)\"|'([^']*)')"
)


def _r_values(body: bytes) -> list[tuple[int, int]]:
    """Every ``r`` attribute of a tag that calamine could take, parsed (wherever calamine could
    choose between two, the caller takes the larger)."""
    if b"r" not in body:
        return []
    out = []
    for m in _R_ATTR.finditer(body):
        raw = m[1] if m[1] is not None else m[2]
        ref = parse_ref(raw.decode("latin-1"))
        if ref is not None:
            out.append(ref)
    return out


class SlowCells:
    """calamine's xlsx cell reader replayed (``XlsxCellReader::next_cell`` and ``read_value``):
    between ``<sheetData>`` and ``</sheetData>``, ``<row r>`` sets the row and ``</row>`` moves to
    the next, a cell takes its ``r`` or the next free column, and inside a cell ``<is>``, ``<v>``
    and ``<f>`` are skipped as calamine skips them. The bounds never fall below calamine's: every
    cell tag with ``r`` counts wherever it is; the row only grows unless we are sure calamine set
    it; the column restarts at a row's end only while we are sure calamine is between cells."""

    def __init__(self) -> None:
        self.tags = XmlTags()
        self.ext = Extent()
        self.state = "before"  # before / data / cell / is / t / skip / after
        self.sure = True  # our state is calamine's
        self.row = 0  # bound of calamine's 0-based row_index
        self.col = 0  # bound of calamine's 0-based col_index
        self.skip_name = b""
        self.phonetic = False

    def feed(self, chunk: bytes, final: bool = False) -> None:
        if self.state == "after":
            return
        for is_end, qname, body, closing, _, _ in self.tags.feed(chunk, final):
            if self.state == "after":
                continue
            self._tag(is_end, qname, body, closing)
            if closing and not is_end:
                self._tag(True, qname, b"", False)

    def _tag(self, is_end: bool, qname: bytes, body: bytes, empty: bool) -> None:
        """``empty``: a ``<c …/>``, which calamine reads as a cell without a value (never kept)."""
        local = local_name(qname)
        if self.state == "before":
            if local == b"sheetData" and not is_end:
                self.state = "data"
            return
        if local == b"c" and not is_end and self.state != "data" and not empty:
            self._cell(body, counted_only=True)  # calamine would fail here; count it anyway
        state = self.state
        if state == "skip":  # <v> or <f>: to its end
            if qname == self.skip_name:
                if is_end:
                    self.state = "cell"
                else:
                    self.sure = False  # nested: depth rules differ between <v> and <f>
            return
        if state == "t":  # read_string's <t>: to the first end of the same name
            if is_end and qname == self.skip_name:
                self.state = "is"
            return
        if state == "is":  # read_string: to the first </is>
            if is_end and qname == self.is_name:
                self.state = "cell"
            elif local == b"rPh":
                self.phonetic = not is_end
            elif local == b"t" and not is_end and not self.phonetic:
                self.state, self.skip_name = "t", qname
            return
        if state == "cell":
            if is_end:
                if local == b"c":
                    self.col += 1
                    self.state = "data"
            elif local == b"is":
                self.state, self.is_name, self.phonetic = "is", qname, False
            elif local in (b"v", b"f"):
                self.state, self.skip_name = "skip", qname
            else:
                self.sure = False  # calamine fails here (UnexpectedNode); stay conservative
            return
        # state == "data": calamine's outer loop
        if local == b"row":
            if is_end:
                self.row += 1
                if self.sure:
                    self.col = 0
            else:
                refs = _r_values(body)
                if refs:
                    top = max(r for r, _ in refs) - 1
                    self.row = top if self.sure else max(self.row, top)
        elif local == b"c" and not is_end:
            self._cell(body, keep=not empty)
            self.state = "cell"
        elif local == b"sheetData" and is_end and self.sure:
            self.state = "after"

    is_name = b""

    def _cell(self, body: bytes, counted_only: bool = False, keep: bool = True) -> None:
        refs = _r_values(body)
        if refs:
            row = max(r for r, _ in refs)
            col = max(c for _, c in refs)
            if not counted_only:
                self.col = col - 1 if self.sure else max(self.col, col - 1)
        else:
            row, col = self.row + 1, self.col + 1
        if keep:
            self.ext.add(row, col)
            self.ext.cells += 1

    def finish(self) -> Extent:
        self.feed(b"", final=True)
        return self.ext
