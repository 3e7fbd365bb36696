"""An .xls file: its compound file read as calamine reads it, and its BIFF records walked for the
cells, the room DIMENSIONS reserves and the shared strings LabelSst cells copy."""

from __future__ import annotations

import logging
import struct
from pathlib import Path

from jkn_desktop.importers.limits.common import (
    CFB_MAGIC,
    MAX_BIFF_RECORDS,
    MAX_CELLS,
    MAX_COLUMNS,
    MAX_ROWS,
    MAX_TEXT_CHARS,
    Extent,
    access_denied,
    col_letters,
    odd,
    sheet_too_large,
    text_too_large,
)
from jkn_desktop.logsetup import described, kind_of

log = logging.getLogger("jkn.import")

# --- .xls: the compound file and its BIFF records ---------------------------------------------
_FREESECT, _ENDOFCHAIN = 0xFFFFFFFF, 0xFFFFFFFE


def check_cfb(path: Path, size: int) -> None:
    """An .xls opens every sheet at once: the cells of all sheets, the room calamine reserves by
    their DIMENSIONS records and the shared strings copied into LabelSst cells must fit the limits
    together. A compound file without a Workbook stream (an encrypted .xlsx) is left to calamine."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        log.info("read a %s file: %s", kind_of(path), described(exc))
        raise access_denied(path) from None
    try:
        streams = cfb_streams(data)
    except CfbTrapError:
        raise odd(path, "rantai sektornya berputar atau lebih panjang dari berkasnya") from None
    del data
    for stream in streams:
        ext = biff_extent(stream)
        if ext.held == -2:
            raise odd(path, "letak lembarnya di luar berkas")
        if ext.held < 0:
            raise odd(path, "catatan lembarnya terlalu banyak")
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
