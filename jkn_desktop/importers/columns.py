"""Recognise columns by name: case-, space- and punctuation-insensitive, with the Indonesian
synonyms villages use and OpenSID's own column names. The header may sit anywhere in the first
20 rows, under title rows; a header written over two rows is joined."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

_NORM = re.compile(r"[^0-9a-z]+")
_LONG_DIGITS = re.compile(r"\d{8,}")

# field -> accepted header texts (already normalised: lowercase, letters and digits only)
SYNONYMS: dict[str, tuple[str, ...]] = {
    "nik": (
        "nik",
        "nonik",
        "nomornik",
        "nomorindukkependudukan",
        "noindukkependudukan",
        "niknomorindukkependudukan",
    ),
    "no_kk": ("nokk", "nomorkk", "nomorkartukeluarga", "nokartukeluarga", "kk", "nokk16digit"),
    "name": ("nama", "namalengkap", "namapenduduk", "namaanggotakeluarga", "namawarga"),
    "sex": ("jk", "lp", "jeniskelamin", "sex", "kelamin", "jnskelamin", "jeniskel"),
    "birth_date": (
        "tgllahir",
        "tanggallahir",
        "tgllhr",
        "tanggallhr",
        "tglblnth",
        "tglblnthn",
        "tanggalbulantahun",
        "tglbulanthn",
    ),
    "birth_place": ("tempatlahir", "tmptlahir", "tempatlhr", "tmplahir", "tmptlhr", "tmplhr"),
    "birth_place_date": ("tempattgllahir", "tempattanggallahir", "ttl", "tempatdantanggallahir"),
    "shdk": (
        "shdk",
        "hubungankeluarga",
        "statushubungandalamkeluarga",
        "statusdalamkeluarga",
        "hubungan",
        "kklevel",
        "statushubungan",
        "hubdalamkeluarga",
        "hubkeluarga",
        "hubkel",
        "hubungandalamkeluarga",
        "statushubkel",
    ),
    "address": ("alamat", "alamatlengkap"),
    "rt": ("rt",),
    "rw": ("rw",),
    "dusun": ("dusun", "namadusun", "dsn"),
    "religion": ("agama", "agamaid"),
    "marital_status": ("statusperkawinan", "statuskawin", "kawin", "statusperkawinanid"),
    "education": (
        "pendidikan",
        "pendidikankkid",
        "pendidikanterakhir",
        "pendidikandalamkk",
        "pendidikankk",
    ),
    "occupation": ("pekerjaan", "pekerjaanid", "jenispekerjaan"),
    "mother_name": (
        "namaibu",
        "ibu",
        "namaibukandung",
        "namaorangtuakandungibu",
        "namaorangtuaibu",
    ),
    "phone": ("nohp", "telepon", "notelp", "hp", "nomorhp", "notelepon"),
    "status_dasar": ("statusdasar", "status", "statuspenduduk"),
    "notes": ("keterangan", "catatan", "ket"),
    "disability": (
        "cacat",
        "cacatid",
        "disabilitas",
        "penyandangdisabilitas",
        "jeniscacat",
        "kecacatan",
        "jenisdisabilitas",
    ),
    "chronic_illness": (
        "sakitmenahun",
        "sakitmenahunid",
        "penyakitmenahun",
        "penyakitkronis",
        "penyakitkronik",
    ),
    "pregnant": ("hamil", "statushamil", "sedanghamil", "ibuhamil"),
    # JKN membership and desil (issue #4): OpenSID's id_asuransi / no_asuransi, or plain columns
    "asuransi": ("idasuransi", "asuransi", "jenisasuransi", "asuransikesehatan"),
    "card_no": (
        "noasuransi",
        "nokartujkn",
        "nobpjs",
        "noka",
        "nokartubpjs",
        "nomorkartujkn",
        "nokis",
    ),
    "jkn_segment": ("segmen", "segmenjkn", "segmenbpjs", "jeniskepesertaan", "kepesertaanjkn"),
    "jkn_status": ("statusjkn", "statusbpjs", "statuskepesertaan", "statuskepesertaanjkn"),
    "desil": ("desil", "desildtsen", "peringkatdesil", "desilkesejahteraan"),
}

LABELS = {
    "nik": "NIK",
    "no_kk": "No. KK",
    "name": "Nama",
    "sex": "Jenis kelamin",
    "birth_date": "Tanggal lahir",
    "birth_place": "Tempat lahir",
    "birth_place_date": "Tempat, tanggal lahir",
    "shdk": "Hubungan keluarga (SHDK)",
    "address": "Alamat",
    "rt": "RT",
    "rw": "RW",
    "dusun": "Dusun",
    "religion": "Agama",
    "marital_status": "Status perkawinan",
    "education": "Pendidikan",
    "occupation": "Pekerjaan",
    "mother_name": "Nama ibu",
    "phone": "No. HP",
    "status_dasar": "Status dasar",
    "notes": "Keterangan",
    "disability": "Disabilitas (cacat)",
    "chronic_illness": "Sakit menahun",
    "pregnant": "Hamil",
    "asuransi": "Asuransi (kode OpenSID)",
    "card_no": "No. kartu JKN",
    "jkn_segment": "Segmen JKN",
    "jkn_status": "Status JKN",
    "desil": "Desil",
}

_LOOKUP = {syn: f for f, syns in SYNONYMS.items() for syn in syns}  # resident lists


def normalize_header(text: Any) -> str:
    return _NORM.sub("", str(text or "").replace("\u00a0", " ").lower())


@dataclass
class HeaderMatch:
    row: int  # 0-based index of the (last) header row
    columns: dict[int, str] = field(default_factory=dict)  # column index -> field
    headers: list[str] = field(default_factory=list)  # header text per column, as in the file
    unused: list[str] = field(default_factory=list)  # header texts the importer does not use

    @property
    def fields(self) -> set[str]:
        return set(self.columns.values())


def _match_row(cells: list[Any], lookup: dict[str, str]) -> dict[int, str]:
    found: dict[int, str] = {}
    used: set[str] = set()
    for i, cell in enumerate(cells):
        key = normalize_header(cell)
        target = lookup.get(key)
        if target and target not in used:
            found[i] = target
            used.add(target)
    return found


def _two_row_cells(top: list[Any], bottom: list[Any], lookup: dict[str, str]) -> list[Any]:
    """A header written over two rows ("Tempat dan Tanggal Lahir" over "Tempat Lahir" and
    "Tgl/Bln/Th"; "Pendidikan" over "Terakhir"): per column, the first of the joined text, the lower
    cell and the upper cell that names a known column; otherwise the joined text."""
    cells: list[Any] = []
    width = max(len(top), len(bottom))
    for i in range(width):
        a = str(top[i] if i < len(top) and top[i] is not None else "").strip()
        b = str(bottom[i] if i < len(bottom) and bottom[i] is not None else "").strip()
        options = [f"{a} {b}".strip(), b, a] if a and b else [a or b]
        chosen = next((o for o in options if normalize_header(o) in lookup), options[0])
        cells.append(chosen)
    return cells


def _looks_like_data(cells: list[Any]) -> bool:
    """A row holding dates or long numbers is data, never the second line of a header."""
    for c in cells:
        if isinstance(c, dt.date) or (isinstance(c, int | float) and abs(c) >= 10**6):
            return True
        if isinstance(c, str) and _LONG_DIGITS.search(c):
            return True
    return False


def make_lookup(synonyms: dict[str, tuple[str, ...]]) -> dict[str, str]:
    return {syn: f for f, syns in synonyms.items() for syn in syns}


def detect_header(
    rows: list[list[Any]], limit: int = 20, lookup: dict[str, str] | None = None
) -> HeaderMatch | None:
    """The row (within ``limit``) whose cells name the most known columns; it must name the NIK or
    the name column and at least two known columns. Two-row headers are joined when that finds more."""
    lookup = _LOOKUP if lookup is None else lookup
    best: HeaderMatch | None = None
    for r in range(min(limit, len(rows))):
        candidates = [(r, rows[r])]
        if r + 1 < len(rows) and not (_looks_like_data(rows[r]) or _looks_like_data(rows[r + 1])):
            candidates.append((r + 1, _two_row_cells(rows[r], rows[r + 1], lookup)))
        for last, cells in candidates:
            cols = _match_row(cells, lookup)
            names = set(cols.values())
            if len(cols) < 2 or not names & {"nik", "name"}:
                continue
            if best is None or len(cols) > len(best.columns):
                headers = [str(c or "").replace("\u00a0", " ").strip() for c in cells]
                best = HeaderMatch(last, cols, headers)
    if best is not None:
        best.unused = [h for i, h in enumerate(best.headers) if h and i not in best.columns]
    return best


def apply_mapping(match: HeaderMatch, mapping: dict[int, str]) -> HeaderMatch:
    """The user's corrected mapping (column index → field, "" for a column left out)."""
    columns = {i: f for i, f in sorted(mapping.items()) if f in LABELS and i < len(match.headers)}
    unused = [h for i, h in enumerate(match.headers) if h and i not in columns]
    return HeaderMatch(match.row, columns, list(match.headers), unused)


def header_signature(headers: list[str]) -> str:
    """A key for remembering the user's mapping for files with the same header."""
    return "|".join(normalize_header(h) for h in headers if normalize_header(h))
