"""Files that fight back: a workbook that describes a huge grid in a few bytes, a ZIP bomb, a shared
string copied into every cell, an .ods repeat, an .xls DIMENSIONS record, a folder, a device or a
pipe given as the file, a CSV cell or line without end. Each is refused before any library reads
it: on the command line exit 2, one Indonesian line on stderr (no English library text, no
traceback), the database unchanged, within a second or two and under 200 MB. Every file is built
here, by hand where the point is what a normal writer never produces."""

from __future__ import annotations

import json
import os
import re
import sqlite3
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jkn_desktop.cli import main
from jkn_desktop.importers import limits
from jkn_desktop.importers.limits import col_letters
from jkn_desktop.importers.limits.common import MAX_CELLS
from jkn_desktop.importers.limits.xlsx_cells import (
    FastCells,
    SlowCells,
    le_column,
    le_number,
    parse_ref,
)
from jkn_desktop.importers.reader import ImportFileError, open_workbook, read_sheet
from jkn_desktop.services.registry.resident_import import import_residents

ROOT = Path(__file__).resolve().parents[2]
MB = 1024 * 1024
NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
HEAD = ["NIK", "NO KK", "NAMA", "JK", "TGL LAHIR"]

# --- .xlsx by hand ----------------------------------------------------------------------------


def xlsx(path: Path, sheets: list[tuple[str, str, str]], shared: str | None = None) -> Path:
    """``sheets``: (name, state, worksheet XML); state "" (visible), "hidden" or "veryHidden"."""
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    over = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i + 1}.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for i in range(len(sheets))
    )
    types = (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
        'package/2006/content-types"><Default Extension="rels" ContentType="application/'
        'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
        'ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="'
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        f"{over}</Types>"
    )
    root_rels = (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
        'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="'
        f'{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    )
    entries = "".join(
        f'<sheet name="{n}" sheetId="{i + 1}"{f" state={chr(34)}{s}{chr(34)}" if s else ""} '
        f'r:id="rId{i + 1}"/>'
        for i, (n, s, _) in enumerate(sheets)
    )
    workbook = (
        f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{NS}" xmlns:r="{rel}">'
        f"<sheets>{entries}</sheets></workbook>"
    )
    links = "".join(
        f'<Relationship Id="rId{i + 1}" Type="{rel}/worksheet" Target="worksheets/sheet{i + 1}.xml"/>'
        for i in range(len(sheets))
    )
    if shared is not None:
        links += f'<Relationship Id="rIdS" Type="{rel}/sharedStrings" Target="sharedStrings.xml"/>'
    wb_rels = (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
        f'openxmlformats.org/package/2006/relationships">{links}</Relationships>'
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", types)
        z.writestr("_rels/.rels", root_rels)
        z.writestr("xl/workbook.xml", workbook)
        z.writestr("xl/_rels/workbook.xml.rels", wb_rels)
        for i, (_, _, xml) in enumerate(sheets):
            z.writestr(f"xl/worksheets/sheet{i + 1}.xml", xml)
        if shared is not None:
            z.writestr("xl/sharedStrings.xml", shared)
    return path


def ws(body: str, dimension: str | None = None) -> str:
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{NS}">{dim}<sheetData>{body}</sheetData></worksheet>'


def c(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def header_row(row: int = 1) -> str:
    return (
        f'<row r="{row}">'
        + "".join(c(f"{col_letters(i + 1)}{row}", h) for i, h in enumerate(HEAD))
        + "</row>"
    )


def sst(*strings: str, unique: int | None = None) -> str:
    items = "".join(f"<si><t>{s}</t></si>" for s in strings)
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{NS}" '
        f'uniqueCount="{len(strings) if unique is None else unique}">{items}</sst>'
    )


def patch_member_size(path: Path, member: str, size: int, *, local: bool = False) -> None:
    """Make the ZIP directory (and the local header) declare another unpacked size."""
    data = bytearray(path.read_bytes())
    at = 0
    while (at := data.find(b"PK\x01\x02", at)) >= 0:
        name_len = struct.unpack_from("<H", data, at + 28)[0]
        if bytes(data[at + 46 : at + 46 + name_len]) == member.encode():
            struct.pack_into("<I", data, at + 24, size)
            if local:
                struct.pack_into("<I", data, struct.unpack_from("<I", data, at + 42)[0] + 22, size)
        at += 4
    path.write_bytes(bytes(data))


# --- .ods by hand -------------------------------------------------------------------------------
ODS_MIME = b"application/vnd.oasis.opendocument.spreadsheet"


def ods(path: Path, tables: list[tuple[str, str]]) -> Path:
    body = "".join(f'<table:table table:name="{n}">{rows}</table:table>' for n, rows in tables)
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f"<office:body><office:spreadsheet>{body}</office:spreadsheet></office:body>"
        "</office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:'
        'tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry '
        'manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.'
        'spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" '
        'manifest:media-type="text/xml"/></manifest:manifest>'
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(zipfile.ZipInfo("mimetype"), ODS_MIME)
        z.writestr("META-INF/manifest.xml", manifest)
        z.writestr("content.xml", content)
    return path


def ods_row(cells: str, repeat: int | None = None) -> str:
    rep = f' table:number-rows-repeated="{repeat}"' if repeat else ""
    return f"<table:table-row{rep}>{cells}</table:table-row>"


def ods_text(text: str) -> str:
    return (
        f'<table:table-cell office:value-type="string"><text:p>{text}</text:p></table:table-cell>'
    )


# --- .xls by hand: BIFF8 records in a minimal compound file ------------------------------------


def rec(typ: int, data: bytes = b"") -> bytes:
    return struct.pack("<HH", typ, len(data)) + data


def biff_bof(kind: int) -> bytes:
    return rec(0x0809, struct.pack("<HHHHII", 0x0600, kind, 0x0DBB, 0x07CC, 0, 6))


def biff_number(row: int, col: int, value: float) -> bytes:
    return rec(0x0203, struct.pack("<HHHd", row, col, 0, value))


def biff_dimensions(r0: int, r1: int, c0: int, c1: int) -> bytes:
    return rec(0x0200, struct.pack("<IIHHH", r0, r1, c0, c1, 0))


def xls(path: Path, sheets: list[tuple[str, bytes]]) -> Path:
    def globals_(offsets: list[int]) -> bytes:
        out = biff_bof(0x0005) + rec(0x0042, struct.pack("<H", 1252))
        for (name, _), off in zip(sheets, offsets, strict=True):
            out += rec(0x0085, struct.pack("<IBBBB", off, 0, 0, len(name), 0) + name.encode())
        return out + rec(0x000A)

    offsets, pos = [], len(globals_([0] * len(sheets)))
    for _, body in sheets:
        offsets.append(pos)
        pos += len(biff_bof(0x0010) + body + rec(0x000A))
    stream = globals_(offsets) + b"".join(biff_bof(0x0010) + b + rec(0x000A) for _, b in sheets)
    stream += b"\0" * max(0, 4096 - len(stream))  # no mini stream
    n = (len(stream) + 511) // 512
    fat = [0xFFFFFFFD, 0xFFFFFFFE] + [3 + i if i < n - 1 else 0xFFFFFFFE for i in range(n)]
    fat += [0xFFFFFFFF] * (128 - len(fat))

    def entry(name: str, kind: int, start: int, size: int, child: int = 0xFFFFFFFF) -> bytes:
        raw = name.encode("utf-16-le") + b"\0\0"
        e = raw.ljust(64, b"\0") + struct.pack("<HBB", len(raw), kind, 1)
        e += struct.pack("<III", 0xFFFFFFFF, 0xFFFFFFFF, child) + b"\0" * 36
        return (e + struct.pack("<IIi", start, size, 0)).ljust(128, b"\0")

    directory = entry("Root Entry", 5, 0xFFFFFFFE, 0, child=1) + entry(
        "Workbook", 2, 2, len(stream)
    )
    header = limits.CFB_MAGIC + b"\0" * 16 + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
    header += b"\0" * 6 + struct.pack("<9I", 0, 1, 1, 0, 4096, 0xFFFFFFFE, 0, 0xFFFFFFFE, 0)
    header += struct.pack("<109I", 0, *([0xFFFFFFFF] * 108))
    path.write_bytes(
        header
        + struct.pack("<128I", *fat)
        + directory.ljust(512, b"\0")
        + stream.ljust(n * 512, b"\0")
    )
    return path


# --- the command line in its own process ---------------------------------------------------------
CHILD = """
import json, sys, time
from jkn_desktop.cli import main
started, cpu = time.perf_counter(), time.process_time()
code = main(sys.argv[2:])
spent, cpu = time.perf_counter() - started, time.process_time() - cpu
peak_mb = None
try:  # this process's own high-water mark (ru_maxrss would count the parent's, across exec)
    with open("/proc/self/status") as status:
        peak_mb = next(int(l.split()[1]) / 1024 for l in status if l.startswith("VmHWM:"))
except (OSError, StopIteration):
    try:
        import resource
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        peak_mb = peak / (1024 * 1024 if sys.platform == "darwin" else 1024)
    except ImportError:
        pass
with open(sys.argv[1], "w") as fh:
    json.dump({"code": code, "seconds": spent, "cpu_seconds": cpu, "peak_mb": peak_mb}, fh)
sys.exit(code)
"""
ENGLISH = re.compile(
    r"Traceback|[Ee]rror\b|panicked|not found|[Ii]nvalid|shared strings|field larger|"
    r"line contains|[Uu]nexpected|[Cc]annot|\(c\)|calamine|Rust|thread '|No such|denied|"
    r"Is a directory"
)


def counts(db: Path) -> dict[str, int]:
    con = sqlite3.connect(db)
    try:
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
    finally:
        con.close()


@pytest.fixture
def cli_db(db_path, capsys):
    assert main(["--db", str(db_path), "init", "--kode-wilayah", "33.13.05.2006"]) == 0
    capsys.readouterr()
    return db_path


def run_cli(
    db: Path, tmp_path: Path, *args: str
) -> tuple[subprocess.CompletedProcess[str], dict[str, float]]:
    """The command line in its own process (a hang fails the test after a minute); returns the
    process and its own time and peak memory."""
    stats_file = tmp_path / "stats.json"
    env = dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(stats_file), "--db", str(db), *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=60,
        check=False,
    )
    return done, json.loads(stats_file.read_text())


def refuse(db: Path, tmp_path: Path, *args: str) -> tuple[str, dict[str, float]]:
    """Run the command line on a hostile file: exit 2, one Indonesian line, nothing written.
    Returns stderr and the child's own time and peak memory."""
    before = counts(db)
    done, stats = run_cli(db, tmp_path, *args)
    assert done.returncode == 2, (done.returncode, done.stderr[-2000:])
    assert done.stdout == ""
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("jkn-desktop: ")
    assert not ENGLISH.search(lines[0]), lines[0]
    assert counts(db) == before
    return lines[0], stats


def quick(stats: dict[str, float]) -> None:
    """Answers within a few seconds of work, not minutes of inflating (the file's own checks take
    milliseconds), and under 200 MB, the interpreter and our imports included. Counted in the
    process's own CPU time: other work on a busy two-core machine stretches the wall clock, not
    what the refusal costs."""
    assert stats["cpu_seconds"] < 3, stats
    if stats["peak_mb"] is not None:
        assert stats["peak_mb"] < 200, stats


# --- hostile workbooks ---------------------------------------------------------------------------
def make_dimension_xfd(tmp: Path) -> Path:
    return xlsx(
        tmp / "xfd.xlsx",
        [
            (
                "Data",
                "",
                ws(
                    header_row() + '<row r="1048576">' + c("XFD1048576", "x") + "</row>",
                    "A1:XFD1048576",
                ),
            )
        ],
    )


def make_cell_xfd_undeclared(tmp: Path) -> Path:
    return xlsx(
        tmp / "tanpa_dimensi.xlsx",
        [("Data", "", ws(header_row() + '<row r="1048576">' + c("XFD1048576", "x") + "</row>"))],
    )


def make_second_r(tmp: Path) -> Path:
    # calamine takes the last r of the two; the first one looks harmless
    cell = '<c r="A2" r="XFD1048576" t="inlineStr"><is><t>x</t></is></c>'
    return xlsx(tmp / "dua_r.xlsx", [("Data", "", ws(header_row() + f'<row r="2">{cell}</row>'))])


def make_cells_without_r(tmp: Path) -> Path:
    cells = '<c t="inlineStr"><is><t>x</t></is></c>' * 3000
    return xlsx(tmp / "tanpa_r.xlsx", [("Data", "", ws(header_row() + f"<row>{cells}</row>"))])


def make_prefixed_cell(tmp: Path) -> Path:
    body = (
        '<x:row r="1"><x:c r="XFD1048576" t="inlineStr"><x:is><x:t>NIK</x:t></x:is></x:c></x:row>'
    )
    xml = f'<?xml version="1.0"?><x:worksheet xmlns:x="{NS}"><x:sheetData>{body}</x:sheetData></x:worksheet>'
    return xlsx(tmp / "prefiks.xlsx", [("Data", "", xml)])


def make_declared_600_mb(tmp: Path) -> Path:
    path = xlsx(tmp / "600mb.xlsx", [("Data", "", ws(header_row()))])
    patch_member_size(path, "xl/worksheets/sheet1.xml", 600 * MB)
    return path


def make_ratio_bomb(tmp: Path) -> Path:
    # 60 MB of one letter: about 60 KB packed, 1,000 to 1
    return xlsx(tmp / "bom.xlsx", [("Data", "", ws(header_row()))], shared=sst("A" * 60 * MB))


def make_lying_member(tmp: Path) -> Path:
    path = xlsx(
        tmp / "bohong.xlsx", [("Data", "", ws(header_row() + "<!--" + "x" * 5 * MB + "-->"))]
    )
    patch_member_size(path, "xl/worksheets/sheet1.xml", 100, local=True)
    return path


def make_shared_string_copies(tmp: Path) -> Path:
    # one 50,000-character string in 10,000 cells: 500 million characters once read
    rows = "".join(
        f'<row r="{i}">'
        + "".join(f'<c r="{col}{i}" t="s"><v>0</v></c>' for col in "ABCDEFGHIJ")
        + "</row>"
        for i in range(2, 1002)
    )
    return xlsx(
        tmp / "salinan.xlsx", [("Data", "", ws(header_row() + rows))], shared=sst("B" * 50_000)
    )


def make_unique_count(tmp: Path) -> Path:
    return xlsx(
        tmp / "unik.xlsx",
        [("Data", "", ws('<row r="1"><c r="A1" t="s"><v>0</v></c></row>'))],
        shared=sst("NIK", unique=999_999_999_999),
    )


def make_ods_repeats(tmp: Path) -> Path:
    cell = '<table:table-cell office:value-type="float" office:value="1" table:number-columns-repeated="16384"/>'
    return ods(
        tmp / "ulang.ods", [("Data", ods_row(ods_text("NIK")) + ods_row(cell, repeat=1_000_000))]
    )


def make_ods_spaces(tmp: Path) -> Path:
    cell = '<table:table-cell office:value-type="string"><text:p>a<text:s text:c="1000000000"/></text:p></table:table-cell>'
    return ods(tmp / "spasi.ods", [("Data", ods_row(ods_text("NIK")) + ods_row(cell))])


def make_xls_far_cells(tmp: Path) -> Path:
    body = biff_number(0, 0, 1.0) + biff_number(65535, 255, 1.0)  # IV65536, no DIMENSIONS
    return xls(tmp / "jauh.xls", [(f"S{i}", body) for i in range(3)])


def make_xls_dimensions(tmp: Path) -> Path:
    body = biff_dimensions(5, 0xFFFFFFFF, 0, 0xFFFF) + biff_number(0, 0, 1.0)
    return xls(tmp / "dimensi.xls", [("Data", body)])


def legit_xls(path: Path) -> Path:
    return xls(
        path,
        [("Data", biff_dimensions(0, 2, 0, 2) + biff_number(0, 0, 1.0) + biff_number(1, 1, 2.0))],
    )


def make_xls_directory_loop(tmp: Path) -> Path:
    # the directory's chain points back to itself: calamine reads it forever
    data = bytearray(legit_xls(tmp / "putar.xls").read_bytes())
    struct.pack_into("<I", data, 512 + 4 * 1, 1)
    (tmp / "putar.xls").write_bytes(bytes(data))
    return tmp / "putar.xls"


def make_xls_stream_loop(tmp: Path) -> Path:
    # the Workbook stream claims 1.5 GB and its last sector points back to its first
    data = bytearray(legit_xls(tmp / "aliran.xls").read_bytes())
    last = 2 + (len(data) - 1536) // 512 - 1
    struct.pack_into("<I", data, 512 + 4 * last, 2)
    struct.pack_into("<I", data, 1024 + 128 + 120, 1_500_000_000)
    (tmp / "aliran.xls").write_bytes(bytes(data))
    return tmp / "aliran.xls"


def make_ods_table_left_open(tmp: Path) -> Path:
    # calamine's read_table never stops at the end of the file: it would spin forever
    path = ods(tmp / "terbuka.ods", [("Data", ods_row(ods_text("NIK")))])
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    parts["content.xml"] = parts["content.xml"].replace(b"</table:table>", b"</tabl")
    with zipfile.ZipFile(path, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return path


def make_xlsb(tmp: Path) -> Path:
    path = tmp / "biner.xlsb"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("xl/workbook.bin", b"\x83\x01\x00")
    return path


def make_sst_index(tmp: Path) -> Path:
    # calamine's own message: "Cell string index not found in shared strings table"
    body = '<row r="1"><c r="A1" t="s"><v>5</v></c></row>'
    return xlsx(tmp / "indeks.xlsx", [("Data", "", ws(body))], shared=sst("NIK"))


HOSTILE = [
    (make_dimension_xfd, "SHEET_TOO_LARGE", "XFD1048576"),
    (make_cell_xfd_undeclared, "SHEET_TOO_LARGE", "XFD1048576"),
    (make_second_r, "SHEET_TOO_LARGE", "XFD1048576"),
    (make_cells_without_r, "SHEET_TOO_LARGE", "3.000 kolom"),
    (make_prefixed_cell, "SHEET_TOO_LARGE", "XFD1048576"),
    (make_declared_600_mb, "FILE_TOO_LARGE", "600 MB"),
    (make_ratio_bomb, "FILE_TOO_LARGE", "tidak wajar"),
    (make_lying_member, "FILE_UNREADABLE", "lebih besar dari yang dicatat"),
    (make_shared_string_copies, "SHEET_TOO_LARGE", "500.000.000 karakter"),
    (make_unique_count, "FILE_UNREADABLE", "tidak wajar"),
    (make_ods_repeats, "SHEET_TOO_LARGE", "16.384 kolom"),
    (make_ods_spaces, "SHEET_TOO_LARGE", "karakter"),
    (make_xls_far_cells, "SHEET_TOO_LARGE", "IV65536"),
    (make_xls_dimensions, "SHEET_TOO_LARGE", "baris"),
    (make_xls_directory_loop, "FILE_UNREADABLE", "berputar"),
    (make_xls_stream_loop, "FILE_UNREADABLE", "berputar"),
    (make_ods_table_left_open, "FILE_UNREADABLE", "tidak ditutup"),
    (make_xlsb, "FILE_UNREADABLE", ".xlsb"),
    (make_sst_index, "FILE_UNREADABLE", "tidak bisa dibaca"),
]


@pytest.mark.parametrize(
    ("make", "code", "words"), HOSTILE, ids=[m.__name__[5:] for m, _, _ in HOSTILE]
)
def test_hostile_workbook_is_refused_in_process(village_db, tmp_path, make, code, words):
    path = make(tmp_path)
    with pytest.raises(ImportFileError) as err:
        village_db.run(import_residents, path)
    assert err.value.code == code
    assert words in err.value.message
    assert path.name in err.value.message


@pytest.mark.parametrize(
    "make",
    [
        make_dimension_xfd,
        make_cell_xfd_undeclared,
        make_ratio_bomb,
        make_declared_600_mb,
        make_shared_string_copies,
        make_ods_repeats,
        make_ods_table_left_open,
        make_xls_dimensions,
        make_xls_directory_loop,
        make_sst_index,
    ],
    ids=lambda m: m.__name__[5:],
)
def test_hostile_workbook_on_the_command_line(cli_db, tmp_path, make):
    path = make(tmp_path)
    line, stats = refuse(cli_db, tmp_path, "import-residents", str(path))
    assert path.name in line
    quick(stats)


def test_the_pbi_list_and_the_report_read_the_same_way(cli_db, tmp_path):
    path = make_dimension_xfd(tmp_path)
    _, stats = refuse(cli_db, tmp_path, "import-pbi", str(path), "--period", "2026-10")
    quick(stats)
    with pytest.raises(ImportFileError) as err:
        read_sheet(path)  # the error workbook reads its source through read_sheet too
    assert err.value.code == "SHEET_TOO_LARGE"


def test_a_cell_at_a1048576_is_read_cheaply(cli_db, tmp_path):
    # within the limits (1,048,576 rows × 5 columns = 5.2 million cells): read. calamine's grid
    # is 168 MB of it; the million empty rows share one list (before: 910 MB)
    path = xlsx(
        tmp_path / "jauh.xlsx",
        [("Data", "", ws(header_row() + '<row r="1048576">' + c("A1048576", "x") + "</row>"))],
    )
    done, stats = run_cli(cli_db, tmp_path, "import-residents", "--dry-run", "--json", str(path))
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["rows"] == 1
    if stats["peak_mb"] is not None:
        assert stats["peak_mb"] < 320, stats


# --- not a regular file --------------------------------------------------------------------------
def test_a_folder_is_refused(cli_db, tmp_path):
    folder = tmp_path / "data.xlsx"
    folder.mkdir()
    line, stats = refuse(cli_db, tmp_path, "import-residents", str(folder))
    assert "adalah folder" in line
    quick(stats)
    line, _ = refuse(cli_db, tmp_path, "import-pbi", str(folder), "--period", "2026-10")
    assert "adalah folder" in line


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero here")
def test_a_device_and_a_link_to_it_are_refused_without_reading(cli_db, tmp_path):
    line, stats = refuse(cli_db, tmp_path, "import-residents", "/dev/zero")
    assert "bukan berkas biasa" in line
    quick(stats)
    link = tmp_path / "penduduk.csv"
    link.symlink_to("/dev/zero")
    line, stats = refuse(cli_db, tmp_path, "import-residents", str(link))
    assert "bukan berkas biasa" in line
    quick(stats)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_pipe_is_refused_without_waiting_for_a_writer(cli_db, tmp_path):
    fifo = tmp_path / "penduduk.xlsx"
    os.mkfifo(fifo)
    line, stats = refuse(cli_db, tmp_path, "import-residents", str(fifo))
    assert "bukan berkas biasa" in line
    quick(stats)


# --- CSV -----------------------------------------------------------------------------------------
def test_a_csv_cell_of_200_kb(cli_db, tmp_path):
    path = tmp_path / "panjang.csv"
    path.write_text("NIK;NAMA\n3313050101800001;" + "A" * 200_000 + "\n", encoding="utf-8")
    line, stats = refuse(cli_db, tmp_path, "import-residents", str(path))
    assert "baris 2" in line
    assert "100.000 karakter" in line
    quick(stats)
    with pytest.raises(ImportFileError) as err:
        read_sheet(path)
    assert err.value.code == "CELL_TOO_LONG"
    # just over the limit, under the csv module's own 131,072
    path.write_text("NIK;NAMA\n3313050101800001;" + "A" * 100_001 + "\n", encoding="utf-8")
    with pytest.raises(ImportFileError) as err:
        read_sheet(path)
    assert err.value.code == "CELL_TOO_LONG"


def test_a_csv_quote_left_open_swallows_no_more_than_a_cell(cli_db, tmp_path):
    path = tmp_path / "kutip.csv"
    rows = "".join(f"33130501018{i:05d};WARGA {i}\n" for i in range(60_000))
    path.write_text('NIK;NAMA\n3313050101800001;"BUDI\n' + rows, encoding="utf-8")
    line, stats = refuse(cli_db, tmp_path, "import-residents", str(path))
    assert "tanda kutip" in line  # the csv module's own "field larger than field limit"
    quick(stats)
    with pytest.raises(ImportFileError) as err:
        read_sheet(path)
    assert err.value.code == "CELL_TOO_LONG"


def test_a_csv_line_without_end(tmp_path):
    path = tmp_path / "baris.csv"
    path.write_text("NIK;NAMA\n" + "a;" * 600_000 + "\n", encoding="utf-8")
    with pytest.raises(ImportFileError) as err:
        read_sheet(path)
    assert err.value.code == "LINE_TOO_LONG"
    assert "Baris 2" in err.value.message


def test_a_csv_over_the_size_limit_is_refused_unread(cli_db, tmp_path):
    path = tmp_path / "besar.csv"
    with path.open("wb") as fh:  # sparse: nothing is written but the header
        fh.write(b"NIK;NAMA\n")
        fh.truncate(limits.MAX_FILE_BYTES + 1)
    line, stats = refuse(cli_db, tmp_path, "import-residents", str(path))
    assert "terlalu besar" in line
    quick(stats)


def test_a_csv_with_too_many_columns(tmp_path):
    path = tmp_path / "lebar.csv"
    path.write_text("NIK" + ";x" * 1500 + "\n", encoding="utf-8")
    with pytest.raises(ImportFileError) as err:
        read_sheet(path)
    assert err.value.code == "SHEET_TOO_LARGE"


def test_csv_with_old_mac_line_ends_reads(tmp_path):
    path = tmp_path / "mac.csv"
    path.write_bytes(b"NIK;NAMA\r3313050101800001;BUDI\r")
    assert read_sheet(path).rows == [["NIK", "NAMA"], ["3313050101800001", "BUDI"]]


# --- cells too long in a workbook ----------------------------------------------------------------
def test_a_workbook_cell_over_100000_characters(tmp_path):
    path = xlsx(
        tmp_path / "sel.xlsx",
        [("Data", "", ws(header_row() + '<row r="2">' + c("C2", "A" * 150_000) + "</row>"))],
    )
    with pytest.raises(ImportFileError) as err:
        read_sheet(path)
    assert err.value.code == "CELL_TOO_LONG"
    assert "C2" in err.value.message
    assert "150.000 karakter" in err.value.message


# --- sheets: only the visible ones unless named ----------------------------------------------------
def two_sheets(tmp_path: Path, first_state: str, second_state: str = "") -> Path:
    hidden_rows = (
        header_row() + '<row r="2">' + c("A2", "3313050101800009") + c("C2", "RAHASIA") + "</row>"
    )
    data_rows = (
        header_row() + '<row r="2">' + c("A2", "3313050101800001") + c("C2", "BUDI") + "</row>"
    )
    return xlsx(
        tmp_path / f"lembar_{first_state}{second_state}.xlsx",
        [("Rahasia", first_state, ws(hidden_rows)), ("Data", second_state, ws(data_rows))],
    )


@pytest.mark.parametrize("state", ["hidden", "veryHidden"])
def test_a_hidden_first_sheet_is_not_imported(tmp_path, state):
    path = two_sheets(tmp_path, state)
    raw = read_sheet(path)
    assert raw.name == "Data"
    assert raw.sheet_names == ["Rahasia", "Data"]
    assert read_sheet(path, "Rahasia").rows[1][2] == "RAHASIA"  # named, it is read


def test_a_hidden_first_sheet_on_the_command_line(cli_db, tmp_path, capsys):
    path = two_sheets(tmp_path, "hidden")
    code = main(["--db", str(cli_db), "import-residents", "--dry-run", "--json", str(path)])
    out = json.loads(capsys.readouterr().out)
    assert (code, out["sheet"], out["rows"]) == (0, "Data", 1)
    code = main(
        [
            "--db",
            str(cli_db),
            "import-residents",
            "--dry-run",
            "--json",
            "--sheet",
            "Rahasia",
            str(path),
        ]
    )
    assert (code, json.loads(capsys.readouterr().out)["sheet"]) == (0, "Rahasia")


def test_no_visible_sheet_and_a_missing_one_name_the_hidden(tmp_path):
    path = two_sheets(tmp_path, "hidden", "veryHidden")
    with pytest.raises(ImportFileError) as err:
        read_sheet(path)
    assert err.value.code == "SHEET_NONE"
    assert "Rahasia (tersembunyi)" in err.value.message
    with pytest.raises(ImportFileError) as err:
        read_sheet(two_sheets(tmp_path, "hidden"), "Tidak Ada")
    assert err.value.code == "SHEET_NOT_FOUND"
    assert "Rahasia (tersembunyi), Data" in err.value.message


# --- what stays readable ---------------------------------------------------------------------------
def test_harmless_unusual_workbooks_are_read(tmp_path):
    body = header_row()
    # a formatted empty cell far away: calamine keeps nothing for it
    styled = xlsx(
        tmp_path / "format.xlsx",
        [("Data", "", ws(body + '<row r="1048576"><c r="XFD1048576" s="1"/></row>'))],
    )
    # a far cell inside a comment is no cell
    comment = xlsx(
        tmp_path / "komentar.xlsx",
        [("Data", "", ws(body + '<!-- <c r="XFD1048576"><v>1</v></c> -->'))],
    )
    # cells without r, as some exporters write them
    plain = "<row>" + "".join(f'<c t="inlineStr"><is><t>{h}</t></is></c>' for h in HEAD) + "</row>"
    no_r = xlsx(tmp_path / "tanpa_r.xlsx", [("Data", "", ws(plain * 3))])
    for path in (styled, comment, no_r):
        assert read_sheet(path).rows[0] == HEAD
    assert len(read_sheet(no_r).rows) == 3
    legit = ods(
        tmp_path / "libreoffice.ods",
        [
            (
                "Data",
                ods_row("".join(ods_text(h) for h in HEAD))
                + ods_row(
                    '<table:table-cell table:number-columns-repeated="1019"/>', repeat=1_048_575
                ),
            )
        ],
    )
    assert read_sheet(legit).rows[0] == HEAD
    assert open_workbook(legit_xls(tmp_path / "lama.xls")).rows("Data") == [[1.0, ""], ["", 2.0]]


# --- the proof's pieces ------------------------------------------------------------------------------
@pytest.mark.parametrize("n", [1, 9, 10, 19, 100, 526_315, 1_048_576])
def test_number_bound_regex(n):
    pattern = re.compile(le_number(n) + "$")
    for value in [*range(1, 200), n - 1, n, n + 1, n * 10, 10 ** len(str(n))]:
        if value >= 1:
            assert bool(pattern.match(str(value))) == (value <= n), value
    assert pattern.match("000" + str(n))
    assert not pattern.match("0")


@pytest.mark.parametrize("n", [1, 19, 26, 27, 52, 702, 703, 1000])
def test_column_bound_regex(n):
    pattern = re.compile(le_column(n) + "$")
    for col in [*range(1, 800), 1000, 16_384]:
        for letters in (col_letters(col), col_letters(col).lower()):
            assert bool(pattern.match(letters)) == (col <= n), letters
    assert parse_ref("xfd1048576") == (1_048_576, 16_384)


@st.composite
def sheet_xml(draw: st.DrawFn) -> str:
    """Rows and cells with and without r, empty cells, out of order: what calamine must place."""
    rows = []
    for _ in range(draw(st.integers(1, 5))):
        r = draw(st.one_of(st.none(), st.integers(1, 60)))
        cells = []
        for _ in range(draw(st.integers(0, 6))):
            ref = draw(st.one_of(st.none(), st.tuples(st.integers(1, 40), st.integers(1, 60))))
            attr = f' r="{col_letters(ref[0])}{ref[1]}"' if ref else ""
            cells.append(
                draw(
                    st.sampled_from(
                        [
                            f"<c{attr}><v>1</v></c>",
                            f'<c{attr} s="1"/>',
                            f'<c{attr} t="inlineStr"><is><t>x</t></is></c>',
                        ]
                    )
                )
            )
        rows.append(f"<row{f' r={chr(34)}{r}{chr(34)}' if r else ''}>{''.join(cells)}</row>")
    return "".join(rows)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(body=sheet_xml())
def test_the_area_found_is_never_smaller_than_calamines(tmp_path, body):
    path = xlsx(tmp_path / "acak.xlsx", [("Data", "", ws(body))])
    slow = SlowCells()
    slow.feed(ws(body).encode())
    found = slow.finish()
    fast = FastCells(len(ws(body)))
    fast.feed(ws(body).encode())
    fast.finish()
    from python_calamine import CalamineWorkbook

    end = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Data").end
    if end is not None:
        assert found.rows >= end[0] + 1
        assert found.cols >= end[1] + 1
        if not fast.suspicious:  # the fast proof held: calamine stays inside its area
            assert (end[0] + 1) * (end[1] + 1) <= MAX_CELLS


def test_a_panic_in_the_reader_becomes_one_indonesian_message(tmp_path, capfd, caplog):
    """A Rust panic arrives as a BaseException after its text went straight to file descriptor 2."""
    from jkn_desktop.importers import reader

    class PanicException(BaseException):  # what pyo3 raises
        pass

    def panics() -> None:
        os.write(2, b"thread '<unnamed>' panicked at src/xls.rs:606:29:\nstack backtrace:\n")
        raise PanicException("range start index 3875536942 out of range for slice of length 4096")

    with pytest.raises(ImportFileError) as err:
        reader._guarded(tmp_path / "rusak.xls", panics, sheet="Data")
    assert err.value.code == "FILE_UNREADABLE"
    assert not ENGLISH.search(err.value.message)
    assert capfd.readouterr().err == ""
    assert "panicked" in caplog.text
