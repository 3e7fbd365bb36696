"""The printed Surat Keterangan Tidak Mampu (A4 portrait): the kop surat, the title and number,
"Yang bertanda tangan di bawah ini …", the holder's particulars, the family declared poor, the
purpose and the validity, then the place and date with the Kepala Desa's (Lurah's) signature,
the holder signing at the left. Name, NIK, KK and address as recorded in the register."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from reportlab.lib.units import mm

from jkn_desktop.domain.formatting import tanggal
from jkn_desktop.records.sktm import SktmLetter
from jkn_desktop.records.village import VillageInfo
from jkn_desktop.reports import letterhead as kop
from jkn_desktop.reports.pdf import Document, Fields, Signatures, Text, printed_on, render

BODY = 10.5

# what the letter is "diberikan untuk keperluan …", per purpose (domain.office.SKTM_PURPOSES)
_PURPOSE_PHRASES = {
    "iuran_jkn": "pendaftaran sebagai peserta Jaminan Kesehatan Nasional (JKN) yang iurannya "
    "dibayar dari {fund}",
    "rumah_sakit": "permohonan keringanan biaya pengobatan dan perawatan di rumah sakit",
    "sekolah": "permohonan keringanan biaya pendidikan atau beasiswa",
    "bantuan_sosial": "pengajuan bantuan sosial",
    "lainnya": "keperluan lain",
}


def purpose_phrase(purpose: str, note: str, v: VillageInfo) -> str:
    """The purpose as the sentence says it, with the note (which hospital, which school)."""
    fund = "APBDes" if v.words.has_apbdes else "anggaran pemerintah daerah"
    phrase = _PURPOSE_PHRASES.get(purpose, "keperluan lain").format(fund=fund)
    if purpose == "lainnya" and note:
        return note
    return f"{phrase} ({note})" if note else phrase


def _title_case(text: str) -> str:
    return text.title() if text.isupper() else text


def _signer_lines(letter: SktmLetter, v: VillageInfo) -> tuple[str, tuple[str, ...]]:
    """Who signs, in the opening sentence and above the signature: the head of the village, or
    someone signing on the head's behalf ("a.n. Kepala Desa …")."""
    place, head = kop.place_name(v), v.words.head
    title = letter.sktm.signer_title.strip() or head
    if title.lower() == head.lower():
        return f"{head} {place}", (f"{head} {place}",)
    return f"{title} {place} atas nama {head} {place}", (f"a.n. {head} {place}", title)


def _region(v: VillageInfo) -> str:
    kab = v.kabupaten.strip()
    if not kab.lower().startswith(("kabupaten", "kota")):
        kab = f"Kabupaten {kab}"
    return f"{v.full_name}, Kecamatan {_title_case(v.kecamatan)}, {_title_case(kab)}"


def blocks(letter: SktmLetter, v: VillageInfo) -> list[Any]:
    s = letter.sktm
    place = kop.place_name(v)
    who, signer_titles = _signer_lines(letter, v)
    born = ", ".join(x for x in (_title_case(letter.birth_place), tanggal(letter.birth_date)) if x)
    out: list[Any] = [
        Text("SURAT KETERANGAN TIDAK MAMPU", 13, True, "center", underline=True),
        Text(f"Nomor: {s.number}", BODY, False, "center", 3),
    ]
    if s.cancelled_on is not None:
        why = f": {s.cancel_reason}" if s.cancel_reason else ""
        out.append(Text(f"DIBATALKAN pada {tanggal(s.cancelled_on)}{why}", BODY, True, "center", 3))
    out += [
        Text(
            f"Yang bertanda tangan di bawah ini, {who}, {_region_tail(v)}, menerangkan dengan "
            "sebenarnya bahwa:",
            BODY,
            space_before=16,
        ),
        Fields(
            [
                ("Nama", s.name),
                ("NIK", s.nik),
                ("Tempat/tanggal lahir", born or "-"),
                ("Jenis kelamin", letter.sex or "-"),
                ("Agama", letter.religion or "-"),
                ("Pekerjaan", letter.occupation or "-"),
                ("No. KK", s.no_kk or "-"),
                ("Alamat", ", ".join(x for x in (s.address, _region(v)) if x)),
            ],
            size=BODY,
            label_width=46 * mm,
            bold=frozenset({"Nama"}),
            space_before=8,
        ),
        Text(
            f"adalah benar penduduk {v.words.of(place)} yang sepanjang pengetahuan kami termasuk "
            "keluarga tidak mampu.",
            BODY,
            space_before=10,
        ),
        Text(
            "Surat keterangan ini diberikan untuk keperluan "
            f"{purpose_phrase(s.purpose, s.purpose_note, v)}, dan berlaku sampai dengan tanggal "
            f"{tanggal(s.valid_until)}.",
            BODY,
            space_before=8,
        ),
        Text(
            "Demikian surat keterangan ini dibuat dengan sebenarnya untuk dipergunakan "
            "sebagaimana mestinya.",
            BODY,
            space_before=8,
        ),
        Signatures(
            ("", "Yang bersangkutan,"),
            s.name,
            (f"{place}, {tanggal(s.issued_on)}", *signer_titles),
            s.signer_name,
        ),
    ]
    return out


def _region_tail(v: VillageInfo) -> str:
    """ "Kecamatan Matesih, Kabupaten Karanganyar" (the village is named just before)."""
    return _region(v).split(", ", 1)[1]


def build(
    letter: SktmLetter, v: VillageInfo, logo: bytes | None = None, today: dt.date | None = None
) -> Document:
    return Document(
        kop.letterhead(v, logo=logo),
        blocks(letter, v),
        landscape=False,
        footer_left=printed_on(today),
        metadata={"title": f"SKTM {letter.sktm.number} {letter.sktm.name}"},
    )


def write(
    letter: SktmLetter,
    v: VillageInfo,
    out: Path,
    logo: bytes | None = None,
    today: dt.date | None = None,
) -> int:
    return render(build(letter, v, logo, today), out)
