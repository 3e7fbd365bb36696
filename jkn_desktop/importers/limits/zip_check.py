"""A ZIP workbook (.xlsx, .xlsm, .ods) judged from its directory, then every member inflated here
a chunk at a time and measured: the sheet it may be, and the shared strings its cells copy."""

from __future__ import annotations

import html
import re
import struct
import zipfile
import zlib
from collections.abc import Iterator
from itertools import zip_longest
from pathlib import Path
from typing import BinaryIO

from jkn_desktop.domain.formatting import angka
from jkn_desktop.importers.limits.common import (
    CHUNK,
    MAX_MEMBERS,
    MAX_RATIO,
    MAX_TEXT_CHARS,
    MAX_UNPACKED_BYTES,
    MB,
    RATIO_FLOOR,
    ZIP_MAGIC,
    Extent,
    ImportFileError,
    odd,
    sheet_too_large,
    size_text,
    text_too_large,
    unreadable,
)
from jkn_desktop.importers.limits.ods import OdsScan
from jkn_desktop.importers.limits.shared_strings import SharedRefs, SharedStrings
from jkn_desktop.importers.limits.xlsx_cells import FastCells, SlowCells


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


def _unpacked_too_large(path: Path, n: int) -> ImportFileError:
    return ImportFileError(
        "FILE_TOO_LARGE.unpacked",
        name=path.name,
        size=size_text(n),
        limit=size_text(MAX_UNPACKED_BYTES),
    )


def _bomb(path: Path, ratio: int) -> ImportFileError:
    return ImportFileError("FILE_TOO_LARGE.ratio", name=path.name, ratio=angka(ratio))


def check_zip(path: Path, size: int) -> None:
    entries, cd_size = _eocd_counts(path, size)
    if entries > MAX_MEMBERS or cd_size > MAX_MEMBERS * 400:
        raise odd(path, "berisi terlalu banyak bagian")
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, NotImplementedError):
        raise unreadable(path) from None
    with zf:
        infos = [i for i in zf.infolist() if not i.is_dir()]
    if len(infos) > MAX_MEMBERS:
        raise odd(path, "berisi terlalu banyak bagian")
    names = [i.filename.replace("\\", "/").lower() for i in infos]
    if len(set(names)) != len(names):
        raise odd(path, "satu bagian ZIP tercatat dua kali")
    if any(n.endswith("workbook.bin") for n in names):
        raise ImportFileError("FILE_UNREADABLE.xlsb", name=path.name)
    declared = sum(i.file_size for i in infos)
    if declared > MAX_UNPACKED_BYTES:
        raise _unpacked_too_large(path, declared)
    for info in infos:
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(1, info.compress_size):
            raise _bomb(path, info.file_size // max(1, info.compress_size))
        if info.flag_bits & 0x1:
            raise odd(path, "bagian ZIP-nya terkunci")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise odd(path, "cara pemampatan ZIP-nya tidak dikenal")

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
                    raise odd(path, "jumlah teks bersamanya tidak masuk akal")
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
                raise odd(path, "isinya lebih besar dari yang dicatat")
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
                raise odd(path, "isinya lebih besar dari yang dicatat")
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
            raise odd(path, "tabelnya tidak ditutup")
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
