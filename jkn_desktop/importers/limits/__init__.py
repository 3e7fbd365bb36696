"""Bounded reading: what a workbook may cost before python-calamine opens it.

calamine builds a dense grid from A1 to the last cell it finds (32 bytes a cell, in Rust, where a
failed allocation ends the process with no chance to answer), copies a shared string into every
cell that points to it, and an .ods file repeats rows, columns and spaces on request. A few KB can
describe terabytes. So before any library opens a workbook it is checked here with our own cheap
reading of its structure:

* the path must be a regular file: a folder, a device (``/dev/zero``), a pipe or a link to one is
  refused before anything opens it (opening a pipe would wait for a writer forever); a workbook
  may be at most 100 MB (.xls: 30 MB, read whole);
* a ZIP (.xlsx, .xlsm, .ods) may unpack to at most 500 MB, with no member above 10 MB compressed
  more than 250 to 1, both judged from its directory before anything is inflated; every member is
  then inflated here 1 MB at a time, and one that inflates to more than it declares is refused;
* a worksheet's declared ``<dimension ref=…>`` and the cells it really holds must fit in
  ``MAX_ROWS`` rows, ``MAX_COLUMNS`` columns and ``MAX_CELLS`` cells (the grid from A1). The
  cells are proved to lie inside that area by one regular expression per chunk
  (:class:`FastCells`); anything unusual (a cell without ``r``, a namespace prefix, two ``r``)
  is replayed with calamine's own rules for positions (:class:`SlowCells`), taking the larger
  value wherever calamine could choose, so the area found is never smaller than calamine's;
* the text calamine would copy into the cells (``MAX_TEXT_CHARS``): shared strings times the
  cells that point to them; an .ods file's repeated cells and ``<text:s text:c>`` spaces; an
  .xls file's shared strings times its LabelSst cells;
* an .ods file and an .xls file build every sheet when they open, so their sheets count together;
  an .xls file's DIMENSIONS records (calamine reserves room by them) count as well. .xlsb (Excel
  Binary) is not read at all: save it as .xlsx.

Beyond a limit the answer is an :class:`ImportFileError` with a stable code and an Indonesian
message, in well under a second and without holding the unpacked file in memory.
"""

from __future__ import annotations

import html
import logging
import os
import re
import stat
import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import zip_longest
from pathlib import Path
from typing import BinaryIO

from jkn_desktop.domain.formatting import angka
from jkn_desktop.errors import UserError

log = logging.getLogger("jkn.import")

MB = 1024 * 1024
MAX_FILE_BYTES = 100 * MB  # a packed workbook, or a CSV
MAX_XLS_BYTES = 30 * MB  # an .xls is read whole, every sheet at once
MAX_UNPACKED_BYTES = 500 * MB  # all members of a ZIP together
MAX_RATIO = 250  # unpacked ÷ packed, for a member above RATIO_FLOOR
RATIO_FLOOR = 10 * MB
MAX_MEMBERS = 10_000
MAX_ROWS = 1_048_576  # Excel's own limit
MAX_COLUMNS = 1_000  # OpenSID's export has 43; nothing real comes near this
MAX_CELLS = 10_000_000  # rows × columns of the grid calamine builds from A1
MAX_TEXT_CHARS = 100_000_000  # characters calamine would copy into the cells of a workbook
MAX_CELL_CHARS = 100_000
CHUNK = MB
MAX_TAG_BYTES = 16 * MB  # one XML construct (a tag, a comment) across chunks
MAX_BIFF_RECORDS = 20_000_000  # records walked in an .xls, all sheets together

ZIP_MAGIC = b"PK\x03\x04"
CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class ImportFileError(UserError):
    """Nothing can be taken from the file; the database is untouched."""


def size_text(n: int) -> str:
    """``123456789`` → ``118 MB``; smaller sizes in KB or bytes."""
    if n >= MB:
        return f"{angka(round(n / MB))} MB"
    if n >= 1024:
        return f"{angka(round(n / 1024))} KB"
    return f"{angka(n)} bita"


LIMITS_TEXT = (
    f"paling banyak {angka(MAX_ROWS)} baris, {angka(MAX_COLUMNS)} kolom dan "
    f"{angka(MAX_CELLS)} sel (baris × kolom, dihitung dari A1)"
)
RESAVE = "Buka di Excel lalu simpan ulang sebagai .xlsx."
SPLIT = "Pisahkan datanya menjadi beberapa berkas, misalnya per dusun, lalu impor satu per satu."


def unreadable(path: Path, detail: str = "") -> ImportFileError:
    return ImportFileError(
        "FILE_UNREADABLE",
        f"Berkas {path.name} bukan lembar kerja yang bisa dibaca (rusak, terpotong, atau bukan "
        f"berkas Excel/ODS/CSV){detail}. {RESAVE}",
    )


def _odd(path: Path, what: str) -> ImportFileError:
    return ImportFileError(
        "FILE_UNREADABLE",
        f"Berkas {path.name} tidak wajar ({what}), jadi tidak dibuka. {RESAVE}",
    )


# --- the file itself ------------------------------------------------------------------------
def regular_file(path: Path) -> os.stat_result:
    """The file's status when it is a regular, non-empty file; refuses a folder, a device
    (``/dev/zero``), a pipe, a socket or a link to one without opening it."""
    try:
        st = path.stat()  # follows links: a link to /dev/zero is judged as /dev/zero
    except FileNotFoundError:
        raise ImportFileError("FILE_NOT_FOUND", f"Berkas {path} tidak ditemukan.") from None
    except PermissionError:
        raise access_denied(path) from None
    except (OSError, ValueError) as exc:  # a loop of links, a name too long, a NUL in the name
        log.info("stat %s: %s", path, exc)
        raise ImportFileError("FILE_NOT_FOUND", f"Berkas {path} tidak ditemukan.") from None
    if stat.S_ISDIR(st.st_mode):
        raise ImportFileError(
            "FILE_NOT_REGULAR",
            f"{path} adalah folder, bukan berkas. Pilih berkas .xlsx, .xls, .ods atau .csv.",
        )
    if not stat.S_ISREG(st.st_mode):
        raise ImportFileError(
            "FILE_NOT_REGULAR",
            f"{path} bukan berkas biasa (perangkat, pipa atau soket), jadi tidak dibaca. Pilih "
            "berkas .xlsx, .xls, .ods atau .csv.",
        )
    if st.st_size == 0:
        raise ImportFileError("FILE_EMPTY", f"Berkas {path.name} kosong (0 bita).")
    return st


def access_denied(path: Path) -> ImportFileError:
    return ImportFileError(
        "FILE_ACCESS",
        f"Berkas {path.name} tidak bisa dibuka: izinnya ditolak atau berkas sedang dipakai "
        "program lain. Tutup berkas itu (mis. di Excel), lalu coba lagi.",
    )


def too_large(path: Path, size: int, limit: int) -> ImportFileError:
    return ImportFileError(
        "FILE_TOO_LARGE",
        f"Berkas {path.name} terlalu besar ({size_text(size)}; batasnya {size_text(limit)}). {SPLIT}",
    )


def read_head(path: Path, n: int = 8) -> bytes:
    try:
        with path.open("rb") as fh:
            return fh.read(n)
    except OSError as exc:
        log.info("open %s: %s", path, exc)
        raise access_denied(path) from None


# --- a workbook, before calamine opens it -----------------------------------------------------
_checked: dict[tuple[str, int, int, int], str] = {}


def check_workbook(path: Path) -> str:
    """Raise ImportFileError unless calamine may open ``path`` within the limits; returns
    ``"zip"`` or ``"cfb"`` (an .xls, or an encrypted .xlsx). The answer for an unchanged file is
    remembered: the wizard reads a file several times."""
    st = regular_file(path)
    key = (str(path.resolve()), st.st_size, st.st_mtime_ns, st.st_ino)
    if key in _checked:
        return _checked[key]
    head = read_head(path)
    if head.startswith((ZIP_MAGIC, b"PK\x05\x06")):
        if st.st_size > MAX_FILE_BYTES:
            raise too_large(path, st.st_size, MAX_FILE_BYTES)
        kind, check = "zip", _check_zip
    elif head.startswith(CFB_MAGIC):
        if st.st_size > MAX_XLS_BYTES:
            raise too_large(path, st.st_size, MAX_XLS_BYTES)
        kind, check = "cfb", _check_cfb
    else:
        raise unreadable(path)
    try:
        check(path, st.st_size)
    except PermissionError:
        raise access_denied(path) from None
    except TagTooLongError:
        raise _odd(path, "struktur XML-nya rusak") from None
    except (OSError, EOFError, ValueError, IndexError, OverflowError, struct.error, zlib.error,
            zipfile.BadZipFile, NotImplementedError) as exc:  # fmt: skip
        # a structure cut short or out of range: the file is damaged (or made to look so)
        log.info("check %s: %s: %s", path, type(exc).__name__, exc)
        raise unreadable(path) from None
    if len(_checked) > 32:
        _checked.clear()
    _checked[key] = kind
    return kind


# --- ZIP: .xlsx, .xlsm, .ods ------------------------------------------------------------------
def _eocd_counts(path: Path, size: int) -> tuple[int, int]:
    """Entries and central-directory size from the end record, read before zipfile parses the
    directory (a million entries would cost a gigabyte there)."""
    with path.open("rb") as fh:
        tail_len = min(size, 65_557)
        fh.seek(size - tail_len)
        tail = fh.read(tail_len)
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or at + 22 > len(tail):
        return 0, 0
    entries, cd_size = struct.unpack_from("<HI", tail, at + 10)
    return entries, cd_size


@dataclass
class Extent:
    """What calamine would build from one sheet (or, for formats read whole, from all of them):
    the grid from A1, the cells it holds meanwhile, the text it copies into them."""

    rows: int = 0
    cols: int = 0
    held: int = 0  # cells held besides the grid (.ods before repeats, .xls reservations)
    text: int = 0  # characters copied into cells (an upper bound)
    cells: int = 0  # cell tags that may carry a value (xlsx)
    label: str = ""  # the sheet's name, when known
    declared: str = ""  # what the file itself declares, e.g. the <dimension ref> "XFD1048576"

    @property
    def grid(self) -> int:
        return max(self.rows * self.cols, self.held)

    def over(self) -> bool:
        return self.rows > MAX_ROWS or self.cols > MAX_COLUMNS or self.grid > MAX_CELLS

    def add(self, row: int, col: int) -> None:
        """A cell at 1-based ``row``, ``col``."""
        self.rows = max(self.rows, row)
        self.cols = max(self.cols, col)


def col_letters(col: int) -> str:
    """1 → A, 27 → AA, 16384 → XFD."""
    out = ""
    while col > 0:
        col, rem = divmod(col - 1, 26)
        out = chr(65 + rem) + out
    return out


def sheet_too_large(path: Path, ext: Extent) -> ImportFileError:
    where = f"Lembar '{ext.label}' di {path.name}" if ext.label else f"Berkas {path.name}"
    if ext.declared:
        found = f"mencatat sel terpakai sampai {ext.declared}"
    else:
        found = f"berisi sel sampai {col_letters(max(ext.cols, 1))}{max(ext.rows, 1)}"
    size = f"{angka(ext.rows)} baris × {angka(ext.cols)} kolom"
    if ext.held > ext.rows * ext.cols:
        size += f", {angka(ext.held)} sel"
    return ImportFileError(
        "SHEET_TOO_LARGE",
        f"{where} {found} ({size}); batasnya {LIMITS_TEXT}. Di Excel tekan Ctrl+End untuk "
        "melihat sel terakhir, hapus baris dan kolom kosong di luar data (atau pisahkan datanya), "
        "simpan, lalu impor lagi.",
    )


def text_too_large(path: Path, chars: int, label: str = "") -> ImportFileError:
    where = f"Lembar '{label}' di {path.name}" if label else f"Berkas {path.name}"
    return ImportFileError(
        "SHEET_TOO_LARGE",
        f"{where} akan menjadi terlalu banyak teks saat dibaca (sekitar {angka(chars)} karakter; "
        f"batasnya {angka(MAX_TEXT_CHARS)}): teks panjang yang diulang di sangat banyak sel. "
        f"Periksa isi sel yang berulang, atau {SPLIT[0].lower()}{SPLIT[1:]}",
    )


def _unpacked_too_large(path: Path, n: int) -> ImportFileError:
    return ImportFileError(
        "FILE_TOO_LARGE",
        f"Isi berkas {path.name} terlalu besar setelah dibuka ({size_text(n)}; batasnya "
        f"{size_text(MAX_UNPACKED_BYTES)}). {SPLIT}",
    )


def _bomb(path: Path, ratio: int) -> ImportFileError:
    return ImportFileError(
        "FILE_TOO_LARGE",
        f"Berkas {path.name} dimampatkan secara tidak wajar (isinya {angka(ratio)} kali lebih "
        f"besar dari berkasnya), jadi tidak dibuka. {RESAVE}",
    )


def _check_zip(path: Path, size: int) -> None:
    entries, cd_size = _eocd_counts(path, size)
    if entries > MAX_MEMBERS or cd_size > MAX_MEMBERS * 400:
        raise _odd(path, "berisi terlalu banyak bagian")
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, NotImplementedError):
        raise unreadable(path) from None
    with zf:
        infos = [i for i in zf.infolist() if not i.is_dir()]
    if len(infos) > MAX_MEMBERS:
        raise _odd(path, "berisi terlalu banyak bagian")
    names = [i.filename.replace("\\", "/").lower() for i in infos]
    if len(set(names)) != len(names):
        raise _odd(path, "satu bagian ZIP tercatat dua kali")
    if any(n.endswith("workbook.bin") for n in names):
        raise ImportFileError(
            "FILE_UNREADABLE",
            f"Berkas {path.name} berformat Excel Binary (.xlsb), yang tidak dibaca aplikasi ini. "
            "Buka di Excel lalu simpan sebagai .xlsx (Buku Kerja Excel).",
        )
    declared = sum(i.file_size for i in infos)
    if declared > MAX_UNPACKED_BYTES:
        raise _unpacked_too_large(path, declared)
    for info in infos:
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(1, info.compress_size):
            raise _bomb(path, info.file_size // max(1, info.compress_size))
        if info.flag_bits & 0x1:
            raise _odd(path, "bagian ZIP-nya terkunci")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise _odd(path, "cara pemampatan ZIP-nya tidak dikenal")

    sheets: list[tuple[zipfile.ZipInfo, Extent]] = []
    strings: list[int] = []  # the length of every shared string, of every sst in the file
    with path.open("rb") as fh:
        for info, name in zip(infos, names, strict=True):
            ext, has_sst = _scan_member(path, fh, info, ods=name == "content.xml")
            if ext.cells:
                sheets.append((info, ext))
            if has_sst:
                sst = SharedStrings(info.file_size)
                for chunk in _member_chunks(path, fh, info):
                    sst.feed(chunk)
                found = sst.finish()
                if sst.count_too_large:
                    raise _odd(path, "jumlah teks bersamanya tidak masuk akal")
                # calamine reads one of them: index by index, the longest counts
                strings = [max(a, b) for a, b in zip_longest(strings, found, fillvalue=0)]
        _check_shared_text(path, fh, sheets, strings)


def _check_shared_text(
    path: Path, fh: BinaryIO, sheets: list[tuple[zipfile.ZipInfo, Extent]], strings: list[int]
) -> None:
    """Every cell that points to a shared string gets its own copy: the longest string times the
    cells is the bound; when that is too much, the cells' own indexes are read and summed."""
    if not strings or not sheets:
        return
    longest = max(strings)
    cells = sum(e.cells for _, e in sheets)
    if longest * cells + sum(e.text for _, e in sheets) <= MAX_TEXT_CHARS:
        return
    total = 0
    for info, ext in sheets:
        refs = SharedRefs(strings)
        for chunk in _member_chunks(path, fh, info):
            refs.feed(chunk)
        total += refs.finish() + ext.text
        if total > MAX_TEXT_CHARS:
            raise text_too_large(path, total, _sheet_name(path, info.filename))


def _member_chunks(path: Path, fh: BinaryIO, info: zipfile.ZipInfo) -> Iterator[bytes]:
    """The member inflated here, ``CHUNK`` bytes at a time, from the same compressed bytes
    calamine will read; refuses a member that inflates to more than its directory declares."""
    fh.seek(info.header_offset)
    local = fh.read(30)
    if len(local) != 30 or not local.startswith(ZIP_MAGIC):
        raise unreadable(path)
    name_len, extra_len = struct.unpack_from("<HH", local, 26)
    fh.seek(info.header_offset + 30 + name_len + extra_len)
    left = info.compress_size
    produced = 0
    inflater = zlib.decompressobj(-15) if info.compress_type == zipfile.ZIP_DEFLATED else None
    while left > 0:
        raw = fh.read(min(CHUNK, left))
        if not raw:
            raise unreadable(path)
        left -= len(raw)
        if inflater is None:
            produced += len(raw)
            if produced > info.file_size:
                raise _odd(path, "isinya lebih besar dari yang dicatat")
            yield raw
            continue
        pending = raw
        while True:
            try:
                out = inflater.decompress(pending, CHUNK)
            except zlib.error:
                raise unreadable(path) from None
            produced += len(out)
            if produced > info.file_size:
                raise _odd(path, "isinya lebih besar dari yang dicatat")
            if out:
                yield out
            pending = inflater.unconsumed_tail
            if not pending and len(out) < CHUNK:
                break
        if inflater.eof:
            break


def _scan_member(
    path: Path, fh: BinaryIO, info: zipfile.ZipInfo, *, ods: bool
) -> tuple[Extent, bool]:
    """Inflate one member and measure the sheet it may be. Every member is measured: calamine
    finds its sheets through the workbook's relationships, which a hostile file can point
    anywhere. Returns the extent and whether the member holds shared strings."""
    fast = FastCells(info.file_size)
    ods_scan = OdsScan() if ods else None
    for chunk in _member_chunks(path, fh, info):
        fast.feed(chunk)
        if ods_scan is not None:
            ods_scan.feed(chunk)
        over = fast.declared_over()
        if over is not None:
            over.label = _sheet_name(path, info.filename)
            raise sheet_too_large(path, over)
    ext = fast.finish()
    if fast.suspicious:
        slow = SlowCells()
        for chunk in _member_chunks(path, fh, info):
            slow.feed(chunk)
        ext = slow.finish()
    if ods_scan is not None:
        ods_ext = ods_scan.finish()
        if ods_scan.endless:
            raise unreadable(path, " (tabelnya tidak ditutup)")
        if ods_ext.over():
            raise sheet_too_large(path, ods_ext)
        if ods_ext.text > MAX_TEXT_CHARS:
            raise text_too_large(path, ods_ext.text, ods_ext.label)
    if ext.over():
        ext.label = _sheet_name(path, info.filename)
        raise sheet_too_large(path, ext)
    return ext, fast.has_sst


def _sheet_name(path: Path, member: str) -> str:
    """The name of the sheet stored in ``member``, for the message only (best effort)."""
    try:
        with zipfile.ZipFile(path) as zf:
            infos = {i.filename.lower(): i for i in zf.infolist()}
            wb = infos.get("xl/workbook.xml")
            rels = infos.get("xl/_rels/workbook.xml.rels")
            if wb is None or rels is None or wb.file_size > MB or rels.file_size > MB:
                return ""
            wb_text = zf.read(wb).decode("utf-8", "replace")
            rels_text = zf.read(rels).decode("utf-8", "replace")
    except (zipfile.BadZipFile, OSError, KeyError, ValueError, NotImplementedError, RuntimeError):
        return ""
    target = {}
    for m in re.finditer(r"<(?:\w+:)?Relationship\b([^>]*)>", rels_text):
        attrs = dict(re.findall(r"([\w:]+)\s*=\s*\"([^\"]*)\"", m[1]))
        target[attrs.get("Id", "")] = attrs.get("Target", "")
    for m in re.finditer(r"<(?:\w+:)?sheet\b([^>]*)>", wb_text):
        attrs = dict(re.findall(r"([\w:]+)\s*=\s*\"([^\"]*)\"", m[1]))
        rid = next((v for k, v in attrs.items() if k.split(":")[-1] == "id"), "")
        t = target.get(rid, "")
        full = t.lstrip("/") if t.startswith("/") else f"xl/{t}"
        if full.lower() == member.lower():
            return html.unescape(attrs.get("name", ""))
    return ""


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
            yield (bool(m[1]), name, body[:-1] if closing else body, closing,
                   base + m.start(), base + m.end())  # fmt: skip
        self.tail = b"" if final else buf[pos:]
        self.offset = base + pos
        if len(self.tail) > MAX_TAG_BYTES:
            raise TagTooLongError


def _local(qname: bytes) -> bytes:
    """quick-xml's local name: what follows the first colon."""
    i = qname.find(b":")
    return qname if i < 0 else qname[i + 1 :]


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
        local = _local(qname)
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
            if self.state == "before" and not is_end and _local(qname) == b"sst":
                # calamine reserves room for uniqueCount strings before reading one
                count = _first(raw_attrs(body)[0], b"uniqueCount")
                if count is not None and count.isdigit() and int(count) > self.declared_size:
                    self.count_too_large = True
            self._tag(is_end, qname, start, end)
            if closing and not is_end:
                self._tag(True, qname, end, end)
            if len(self.lengths) > self.declared_size:
                return

    def _tag(self, is_end: bool, qname: bytes, start: int, end: int) -> None:
        local = _local(qname)
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


# --- .ods: calamine's read_content and read_table replayed ----------------------------------------
_ODS_MAX_COLUMNS = 16_384  # calamine caps a row's cells here
_ODS_CELLS = (b"table:table-cell", b"table:covered-table-cell")
_ODS_VALUES = (b"office:value", b"office:string-value", b"office:date-value", b"office:time-value",
               b"office:boolean-value")  # fmt: skip


def _first(attrs: list[tuple[bytes, bytes]], key: bytes) -> bytes | None:
    return next((v for k, v in attrs if k == key), None)


def _usize(value: bytes | None, default: int = 1) -> int:
    """Rust's ``str::parse::<usize>`` ("+5" is 5); an unparseable value makes calamine fail, so
    counting it as ``default`` is safe."""
    if value is None:
        return default
    text = value[1:] if value.startswith(b"+") else value
    return int(text) if text.isdigit() and len(text) < 20 else default


class OdsScan:
    """An .ods file's ``content.xml``; every table is built when the workbook opens. A row holds
    its cells with their repeats (empty cells only before a cell with a value, at most 16,384); a
    repeated row is expanded when a row with a value follows; the grid is the rows from the top
    times the widest row, all tables together. The text is bounded per cell by its attributes, the
    bytes of its content and the spaces its ``<text:s text:c>`` ask for, times its repeats."""

    def __init__(self) -> None:
        self.tags = XmlTags()
        self.ext = Extent()
        self.state = "out"  # out / table / row / string / annotation / depth
        self.table = ""
        self.row_repeat = 1
        self.width = 0
        self.pending = 0
        self.row_text = 0
        self.cell_text = 0
        self.cell_repeat = 1
        self.cell_start = 0
        self.skip_name = b""
        self.depth = 0
        self.rows_seen = 0
        self.rows_span = 0
        self.table_width = 0
        self.table_text = 0
        self.grid = 0
        self.spaces = 0
        self.endless = False

    def feed(self, chunk: bytes, final: bool = False) -> None:
        for is_end, qname, body, closing, start, end in self.tags.feed(chunk, final):
            self._tag(is_end, qname, body, start, end)
            if closing and not is_end:
                self._tag(True, qname, b"", end, end)

    def _tag(self, is_end: bool, qname: bytes, body: bytes, start: int, end: int) -> None:
        state = self.state
        if qname == b"text:s" and not is_end:
            count = _usize(_first(raw_attrs(body)[0], b"text:c"))
            if state in ("string", "depth", "annotation"):
                self.cell_text += count  # counted with the cell, times its repeats
            else:
                self.spaces += count
        if state == "out":
            if qname == b"table:table" and not is_end:
                name = _first(raw_attrs(body)[0], b"table:name")
                if name is not None:
                    self.state = "table"
                    self.table = html.unescape(name.decode("utf-8", "replace"))
                    self.rows_seen = self.rows_span = self.table_width = self.table_text = 0
        elif state == "table":
            if qname == b"table:table-row" and not is_end:
                repeat = _usize(_first(raw_attrs(body)[0], b"table:number-rows-repeated"))
                self.row_repeat = min(repeat, MAX_ROWS + 1)
                self.width = self.pending = self.row_text = 0
                self.state = "row"
            elif qname == b"table:table" and is_end:
                self._end_table()
        elif state == "row":
            if qname in _ODS_CELLS and not is_end:
                self._cell(qname, body, end)
            elif qname == b"table:table-row" and is_end:
                self._end_row()
        elif state == "string":  # get_datatype: to the first end of any cell
            if qname == b"office:annotation" and not is_end:
                self.state = "annotation"
            elif qname in _ODS_CELLS and is_end:
                self._end_cell(start)
        elif state == "annotation":
            if qname == b"office:annotation" and is_end:
                self.state = "string"
        elif state == "depth" and qname == self.skip_name:  # read_to_end: nested same names count
            if not is_end:
                self.depth += 1
            elif self.depth:
                self.depth -= 1
            else:
                self._end_cell(start)

    def _cell(self, qname: bytes, body: bytes, end: int) -> None:
        attrs, _ = raw_attrs(body)
        repeat = _usize(_first(attrs, b"table:number-columns-repeated"))
        room = _ODS_MAX_COLUMNS - self.width
        value_set = is_string = has_formula = False
        for key, value in attrs:
            if key in _ODS_VALUES and not value_set:
                value_set = True
            elif key == b"office:value-type" and not value_set:
                is_string = value == b"string"
            elif key == b"table:formula":
                has_formula = True
        self.cell_repeat = min(repeat, room)
        self.cell_text = len(body)
        self.cell_start = end
        if value_set or has_formula or is_string:
            self.width += min(self.pending, room)
            self.width += min(repeat, _ODS_MAX_COLUMNS - self.width)
            self.pending = 0
            self.cell_valued = True
        else:
            self.pending = min(repeat, room)
            self.cell_valued = False
        if is_string and not value_set:
            self.state = "string"
        else:
            self.state, self.skip_name, self.depth = "depth", qname, 0

    cell_valued = False

    def _end_cell(self, start: int) -> None:
        if self.cell_valued:
            self.row_text += (self.cell_text + max(0, start - self.cell_start)) * self.cell_repeat
        self.state = "row"

    def _end_row(self) -> None:
        self.ext.held += self.width
        self.rows_seen += self.row_repeat
        if self.width:
            self.rows_span = self.rows_seen
            self.table_width = max(self.table_width, self.width)
            self.table_text += self.row_text * self.row_repeat
        self.state = "table"

    def _end_table(self) -> None:
        grid = self.rows_span * self.table_width
        self.grid += grid
        self.ext.text += self.table_text
        if grid >= self.ext.rows * self.ext.cols:
            self.ext.label = self.table
        self.ext.rows = max(self.ext.rows, self.rows_span)
        self.ext.cols = max(self.ext.cols, self.table_width)
        self.state = "out"

    def finish(self) -> Extent:
        self.feed(b"", final=True)
        # calamine's read_table and its annotation loop never stop at the end of the file:
        # a table (or an annotation) left open makes it spin forever
        self.endless = self.state in ("table", "annotation")
        if self.state != "out":
            if self.state in ("row", "string", "annotation", "depth"):
                self._end_row()
            self._end_table()
        self.ext.held = max(self.ext.held, self.grid)
        self.ext.text += self.spaces
        return self.ext


# --- .xls: the compound file and its BIFF records ---------------------------------------------
_FREESECT, _ENDOFCHAIN = 0xFFFFFFFF, 0xFFFFFFFE


def _check_cfb(path: Path, size: int) -> None:
    """An .xls opens every sheet at once: the cells of all sheets, the room calamine reserves by
    their DIMENSIONS records and the shared strings copied into LabelSst cells must fit the limits
    together. A compound file without a Workbook stream (an encrypted .xlsx) is left to calamine."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        log.info("read %s: %s", path, exc)
        raise access_denied(path) from None
    try:
        streams = cfb_streams(data)
    except CfbTrapError:
        raise _odd(path, "rantai sektornya berputar atau lebih panjang dari berkasnya") from None
    del data
    for stream in streams:
        ext = biff_extent(stream)
        if ext.held == -2:
            raise unreadable(path, " (letak lembarnya di luar berkas)")
        if ext.held < 0:
            raise _odd(path, "catatan lembarnya terlalu banyak")
        if ext.over():
            raise sheet_too_large(path, ext)
        if ext.text > MAX_TEXT_CHARS:
            raise text_too_large(path, ext.text)


class CfbTrapError(Exception):
    """A compound file calamine would follow in a circle (a chain of sectors pointing back) or
    read far beyond its size: it builds the stream in memory until the process dies."""


_RESERVED_SECTORS, _DIFSECT = 0xFFFFFFFA, 0xFFFFFFFC
_CALAMINE_WORKBOOK = ("Workbook", "Book", "WORKBOOK", "BOOK")


def cfb_streams(data: bytes, names: tuple[str, ...] = _CALAMINE_WORKBOOK) -> list[bytes]:
    """The streams named one of ``names`` (compared without case) in a compound file, read as
    calamine's ``cfb.rs`` reads them; none when the structure is not one calamine reads. Raises
    CfbTrapError where calamine would loop or read more than the file holds: a DIFAT or directory
    chain that comes back on itself, or a stream (or mini stream) longer than the file."""
    found: list[bytes] = []
    wanted = {n.lower() for n in names}
    size = len(data)
    try:
        if size < 512 or not data.startswith(CFB_MAGIC):
            return found
        sector_shift, mini_shift = struct.unpack_from("<HH", data, 30)
        if sector_shift not in (9, 12) or mini_shift != 6:
            return found
        ssz = 1 << sector_shift
        dir_start = struct.unpack_from("<I", data, 48)[0]
        minifat_start, minifat_len, difat_start = struct.unpack_from("<III", data, 60)
        maxid = size // ssz

        def sector(i: int) -> bytes:
            return data[ssz * (i + 1) : ssz * (i + 2)]

        def words(raw: bytes) -> list[int]:
            return list(struct.unpack(f"<{len(raw) // 4}I", raw[: len(raw) // 4 * 4]))

        difat = words(data[76:512])
        walked = 0
        while difat_start < _RESERVED_SECTORS:  # calamine follows it without counting
            if difat_start > maxid:
                return found  # calamine: sector beyond the end, an error
            walked += 1
            if walked > maxid + 1:
                raise CfbTrapError
            difat.extend(words(sector(difat_start)))
            difat_start = difat.pop() if difat else _ENDOFCHAIN
        fat: list[int] = []
        for s in difat:
            if s < _DIFSECT:
                if s > maxid:
                    return found
                fat.extend(words(sector(s)))

        def chain(start: int, table: list[int], limit: int) -> list[int]:
            """Sector ids from ``start``; CfbTrapError when longer than the file can be."""
            out: list[int] = []
            while start != _ENDOFCHAIN:
                if start > maxid or start >= len(table) or len(out) >= limit:
                    return out
                out.append(start)
                start = table[start]
                if len(out) > maxid + 1:
                    raise CfbTrapError
            return out

        directory = b"".join(sector(s) for s in chain(dir_start, fat, maxid + 2))
        entries = []
        wide = ssz == 4096
        for off in range(0, len(directory) - 127, 128):
            e = directory[off : off + 128]
            name = e[:64].decode("utf-16-le", "replace").split("\x00", 1)[0]
            start = struct.unpack_from("<I", e, 116)[0]
            length = struct.unpack_from("<Q" if wide else "<I", e, 120)[0]
            entries.append((name, e[66], start, length))
        if not entries:
            return found
        mini = b""
        minifat: list[int] = []
        if minifat_len > 0:
            if entries[0][3] > size or minifat_len * ssz > size:
                raise CfbTrapError
            mini = b"".join(sector(s) for s in chain(entries[0][2], fat, maxid + 2))
            minifat = words(b"".join(sector(s) for s in chain(minifat_start, fat, maxid + 2)))
        for name, _, start, length in entries:
            if name.lower() not in wanted:
                continue
            if length < 4096:
                parts = [
                    mini[m * 64 : m * 64 + 64] for m in chain(start, minifat, length // 64 + 2)
                ]
                found.append(b"".join(parts)[:length])
            else:
                if length > size:
                    raise CfbTrapError
                found.append(b"".join(sector(s) for s in chain(start, fat, maxid + 2))[:length])
    except (struct.error, IndexError, ValueError, OverflowError):
        return found
    return found


_BIFF_CELLS = frozenset({0x0203, 0x0204, 0x00D6, 0x0205, 0x027E, 0x00FD, 0x0006})
_BIFF_LABELSST, _BIFF_MULRK, _BIFF_DIM = 0x00FD, 0x00BD, 0x0200
_BIFF_EOF, _BIFF_BOUNDSHEET = 0x000A, 0x0085
_BIFF_SST, _BIFF_CONTINUE = 0x00FC, 0x003C


def biff_extent(stream: bytes) -> Extent:
    """calamine's ``parse_workbook`` replayed over the BIFF records: every BoundSheet's substream
    from its offset to its EOF (several may point to the same one: each is built again), the
    cells' positions, the room DIMENSIONS reserves, and the shared strings LabelSst cells copy.
    ``held`` is -1 when the walk would be absurdly long, -2 when a sheet starts beyond the stream."""
    unpack = struct.unpack_from
    n = len(stream)
    offsets: list[int] = []
    strings: list[int] = []
    pos = 0
    while pos + 4 <= n:  # every BoundSheet anywhere, and the SST
        typ, size = unpack("<HH", stream, pos)
        if typ == _BIFF_BOUNDSHEET and size >= 4:
            offsets.append(unpack("<I", stream, pos + 4)[0])
        elif typ == _BIFF_SST and not strings:
            strings = _sst_lengths(stream, pos)
        pos += 4 + size
    total = Extent()
    if any(start > n for start in offsets):
        total.held = -2  # calamine slices the stream at the offset: beyond its end it panics
        return total
    walked = 0
    for start in offsets:
        sheet = Extent()
        pos = start
        while pos + 4 <= n:
            typ, size = unpack("<HH", stream, pos)
            body = pos + 4
            pos = body + size
            walked += 1
            if walked > MAX_BIFF_RECORDS:
                total.held = -1
                return total
            if typ in _BIFF_CELLS and size >= 4:
                row, col = unpack("<HH", stream, body)
                sheet.add(row + 1, col + 1)
                if typ == _BIFF_LABELSST and size >= 10:
                    i = unpack("<I", stream, body + 6)[0]
                    total.text += strings[i] if i < len(strings) else 0
            elif typ == _BIFF_MULRK and size >= 6:
                row, first = unpack("<HH", stream, body)
                last = unpack("<H", stream, body + size - 2)[0]
                sheet.add(row + 1, max(first + (size - 6) // 6 - 1, last) + 1)
            elif typ == _BIFF_DIM and size in (10, 14):
                rows, cols = _dimensions(stream[body : body + size])
                total.held = max(total.held, rows * cols)
                if rows * cols > MAX_CELLS or rows > MAX_ROWS or cols > MAX_COLUMNS:
                    total.declared = f"{col_letters(min(cols, 16_384))}{rows}"
                    total.rows, total.cols = max(total.rows, rows), max(total.cols, cols)
            elif typ == _BIFF_EOF:
                break
        total.add(sheet.rows, sheet.cols)
        total.cells += sheet.rows * sheet.cols
    total.held = max(total.held, total.cells)
    return total


def _dimensions(r: bytes) -> tuple[int, int]:
    """calamine's ``parse_dimensions`` and the rows × columns it reserves (u32 arithmetic, which
    wraps in a release build)."""
    if len(r) == 10:
        rf, rl, cf, cl = struct.unpack_from("<HHHH", r)
    else:
        rf, rl, cf, cl = struct.unpack_from("<IIHH", r)
    if cf > 0xFF or cl < cf:
        cf = 0
    if rl < 1 or cl < 1:
        return 1, 1
    mask = 0xFFFFFFFF
    rows = ((((rl - 1) - rf) & mask) + 1) & mask
    cols = ((((cl - 1) - cf) & mask) + 1) & mask
    return rows, cols


def _sst_lengths(stream: bytes, pos: int) -> list[int]:
    """The length of every string in the SST record at ``pos`` (and its Continue records), read
    as calamine's ``read_rich_extended_string`` reads them; a string the walk cannot finish counts
    as 65,535 characters, the most a BIFF string holds."""
    unpack = struct.unpack_from
    n = len(stream)
    parts: list[bytes] = []
    size = unpack("<H", stream, pos + 2)[0]
    parts.append(stream[pos + 4 : pos + 4 + size])
    nxt = pos + 4 + size
    while nxt + 4 <= n:
        t, s = unpack("<HH", stream, nxt)
        if t != _BIFF_CONTINUE:
            break
        parts.append(stream[nxt + 4 : nxt + 4 + s])
        nxt += 4 + s
    lengths: list[int] = []
    part, data, at = 0, parts[0], 8
    try:
        while True:
            if at >= len(data):
                part += 1
                if part >= len(parts):
                    break
                data, at = parts[part], 0
            if len(data) - at < 3:
                lengths.append(65_535)
                break
            cch = unpack("<H", data, at)[0]
            flags = data[at + 2]
            at += 3
            runs = ext = 0
            if flags & 0x8:
                runs = unpack("<H", data, at)[0]
                at += 2
            if flags & 0x4:
                ext = unpack("<i", data, at)[0]
                at += 4
            lengths.append(cch)
            left, wide = cch, bool(flags & 0x1)
            while left > 0:
                take = min(left, (len(data) - at) // (2 if wide else 1))
                at += take * (2 if wide else 1)
                left -= take
                if left > 0:
                    part += 1
                    if part >= len(parts):
                        return lengths
                    data = parts[part]
                    wide, at = bool(data[0] & 0x1), 1
            skip = runs * 4 + max(ext, 0)
            while skip > 0:
                room = len(data) - at
                if skip <= room:
                    at += skip
                    skip = 0
                else:
                    skip -= room
                    part += 1
                    if part >= len(parts):
                        return lengths
                    data, at = parts[part], 0
    except (struct.error, IndexError):
        lengths.append(65_535)
    return lengths


# --- after calamine: the cells themselves -------------------------------------------------------
def long_cell(rows: list[list[object]], limit: int = MAX_CELL_CHARS) -> tuple[int, int, int] | None:
    """(row, column, length), 1-based, of the first text cell longer than ``limit`` characters."""
    for r, cells in enumerate(rows):
        for c, value in enumerate(cells):
            if isinstance(value, str) and len(value) > limit:
                return r + 1, c + 1, len(value)
    return None
