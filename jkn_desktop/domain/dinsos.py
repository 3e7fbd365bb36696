"""The monthly workbook to Dinas Sosial: which sheets it has, the fields a sheet can show, and the
default column layout of each sheet. Every district's office asks for its own shape, so the layout
is a template the user edits in Pengaturan (setting ``dinsos_templates``); these are the defaults.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from jkn_desktop.domain import usulan as U

# sheet key -> sheet title (Excel allows 31 characters)
SHEETS: dict[str, str] = {
    **{kind: f"Usulan {label}" for kind, label in U.KINDS.items()},
    "pbi": "Daftar PBI",
    "perubahan": "Perubahan",
}
PROPOSAL_SHEETS = tuple(U.KINDS)

# field key -> what it is (the default header text); identifiers are written as text cells
FIELDS: dict[str, str] = {
    "no": "NO",
    "nik": "NIK",
    "no_kk": "NO KK",
    "nama": "NAMA",
    "jenis_kelamin": "JENIS KELAMIN",
    "tempat_lahir": "TEMPAT LAHIR",
    "tanggal_lahir": "TANGGAL LAHIR",
    "alamat": "ALAMAT",
    "rt": "RT",
    "rw": "RW",
    "dusun": "DUSUN",
    "desa": "DESA/KELURAHAN",
    "kecamatan": "KECAMATAN",
    "kode_wilayah": "KODE WILAYAH",
    "no_kartu": "NO KARTU JKN",
    "segmen": "SEGMEN",
    "kelas": "KELAS",
    "desil": "DESIL",
    "jenis_usulan": "JENIS USULAN",
    "alasan": "ALASAN",
    "keterangan": "KETERANGAN",
    "nik_diganti": "NIK YANG DIGANTI",
    "nama_diganti": "NAMA YANG DIGANTI",
    "alasan_diganti": "ALASAN PENGGANTIAN",
    "status": "STATUS USULAN",
    "tanggal_musdes": "TANGGAL MUSDES",
    "perubahan": "PERUBAHAN",
}
TEXT_FIELDS = frozenset({"nik", "no_kk", "no_kartu", "rt", "rw", "nik_diganti", "kode_wilayah"})
# which fields make sense on which sheet
PERSON = (
    "no",
    "nik",
    "no_kk",
    "nama",
    "jenis_kelamin",
    "tempat_lahir",
    "tanggal_lahir",
    "alamat",
    "rt",
    "rw",
    "dusun",
    "desa",
    "kecamatan",
    "kode_wilayah",
    "no_kartu",
    "desil",
)
ALLOWED: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(
        PROPOSAL_SHEETS,
        (*PERSON, "segmen", "jenis_usulan", "alasan", "keterangan", "status", "tanggal_musdes"),
    ),
    U.PENGGANTIAN: (
        *PERSON,
        "segmen",
        "jenis_usulan",
        "alasan",
        "keterangan",
        "nik_diganti",
        "nama_diganti",
        "alasan_diganti",
        "status",
        "tanggal_musdes",
    ),
    "pbi": (*PERSON, "segmen", "kelas"),
    "perubahan": (*PERSON, "segmen", "perubahan"),
}

Template = list[tuple[str, str]]  # (field, header text) in column order

_BASE = [
    "no",
    "nik",
    "no_kk",
    "nama",
    "jenis_kelamin",
    "tanggal_lahir",
    "alamat",
    "rt",
    "rw",
    "dusun",
]
# every proposal sheet says the programme (SEGMEN: PBI JK APBN or PBPU/BP Pemda)
DEFAULTS: dict[str, list[str]] = {
    U.PENAMBAHAN: [*_BASE, "segmen", "desil", "alasan", "keterangan"],
    U.PENGHAPUSAN: [*_BASE, "segmen", "no_kartu", "alasan", "keterangan"],
    U.PENGGANTIAN: [
        *_BASE,
        "segmen",
        "nik_diganti",
        "nama_diganti",
        "alasan_diganti",
        "keterangan",
    ],
    U.REAKTIVASI: [*_BASE, "segmen", "no_kartu", "desil", "keterangan"],
    U.PERBAIKAN: [*_BASE, "segmen", "no_kartu", "keterangan"],
    "pbi": [*_BASE, "no_kartu", "segmen", "kelas"],
    "perubahan": [
        "no",
        "nik",
        "no_kk",
        "nama",
        "alamat",
        "rt",
        "rw",
        "dusun",
        "no_kartu",
        "perubahan",
    ],
}


def default_template(sheet: str) -> Template:
    return [(f, FIELDS[f]) for f in DEFAULTS[sheet]]


def templates(stored: Mapping[str, object]) -> dict[str, Template]:
    """The templates in force: the stored ones where valid, the defaults elsewhere. A stored
    field a sheet cannot show is dropped; an empty template falls back to the default."""
    out: dict[str, Template] = {}
    for sheet in SHEETS:
        raw = stored.get(sheet)
        cols: Template = []
        if isinstance(raw, Sequence) and not isinstance(raw, str):
            for item in raw:
                if isinstance(item, Sequence) and len(item) == 2:
                    field, header = str(item[0]), str(item[1]).strip()
                    if field in ALLOWED[sheet]:
                        cols.append((field, header or FIELDS[field]))
        if cols and sheet in PROPOSAL_SHEETS and "segmen" not in [f for f, _ in cols]:
            cols.append(("segmen", FIELDS["segmen"]))  # a layout saved before the two tracks
        out[sheet] = cols or default_template(sheet)
    return out


def check_template(sheet: str, cols: Template) -> str | None:
    """``None`` when the layout can be used, else what to fix."""
    if not cols:
        return "Pilih paling sedikit satu kolom."
    fields = [f for f, _ in cols]
    wrong = [f for f in fields if f not in ALLOWED[sheet]]
    if wrong:
        return f"Kolom {', '.join(wrong)} tidak tersedia untuk lembar {SHEETS[sheet]}."
    twice = {f for f in fields if fields.count(f) > 1}
    if twice:
        return f"Kolom {', '.join(sorted(twice))} dipilih dua kali."
    if "nik" not in fields:
        return "NIK wajib ada: Dinas Sosial mencocokkan data dengan NIK."
    if sheet in PROPOSAL_SHEETS and "segmen" not in fields:
        return "SEGMEN wajib ada: setiap usulan menyebut programnya (PBI JK APBN atau PBPU Pemda)."
    return None
