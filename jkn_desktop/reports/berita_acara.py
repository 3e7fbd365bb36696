"""Berita Acara of a Musyawarah Desa (a kelurahan: Musyawarah Kelurahan) on PBI proposals: kop, the
opening text with day, date and place, who attended, the approved proposals as a table, and the
signatures of the Kepala Desa (Lurah), the BPD (in a kelurahan the LPM) and a community
representative."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from jkn_desktop.domain import jkn as J
from jkn_desktop.domain import usulan as U
from jkn_desktop.domain.apbdes import terbilang
from jkn_desktop.domain.formatting import BULAN, tanggal
from jkn_desktop.records.usulan import Meeting, Proposal
from jkn_desktop.records.village import VillageInfo
from jkn_desktop.reports import letterhead as kop
from jkn_desktop.reports.pdf import (
    Column,
    Document,
    Row,
    SignatureGrid,
    Table,
    Text,
    printed_on,
    render,
)

DAYS = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")


def _signer(meeting: Meeting, words: tuple[str, ...], skip: str = "") -> str:
    for name, role in meeting.participant_list():
        if name != skip and any(w in role.lower() for w in words):
            return name
    return ""


def _opening(meeting: Meeting, proposals: list[Proposal], v: VillageInfo) -> list[Any]:
    """Title, subject (the programmes approved), number, and the sentence with day, date in
    words, place and the months discussed."""
    d = meeting.held_on
    place = kop.place_name(v)
    words = v.words
    periods = sorted({p.period for p in proposals})
    months = ", ".join(f"{BULAN[int(p[5:]) - 1]} {p[:4]}" for p in periods) or "—"
    # the programmes the approved proposals are for (two tracks: PBI JK APBN, PBPU/BP Pemda)
    tracks = {p.track for p in proposals} or {J.PBI_APBN}
    subject = " DAN ".join(
        title
        for key, title in (
            (J.PBI_APBN, "PENERIMA BANTUAN IURAN JAMINAN KESEHATAN (PBI JK)"),
            (J.PBPU_PEMDA, "PESERTA PBPU/BP YANG DIDAFTARKAN PEMERINTAH DAERAH"),
        )
        if key in tracks
    )
    return [
        Text(f"BERITA ACARA {words.meeting.upper()}", 12, True, "center"),
        Text(f"TENTANG USULAN PERUBAHAN DATA {subject}", 10, True, "center"),
        Text(f"Nomor: {meeting.ba_number or '………………'}", 9.5, False, "center", 2),
        Text(
            f"Pada hari ini {DAYS[d.weekday()]}, tanggal {terbilang(d.day)} bulan {BULAN[d.month - 1]} tahun "
            f"{terbilang(d.year)} ({tanggal(d)}), bertempat di {meeting.place}, telah dilaksanakan "
            f"{words.meeting} {place} untuk membahas usulan perubahan data "
            f"{' dan '.join(U.TRACK_SHORT[t] for t in (J.PBI_APBN, J.PBPU_PEMDA) if t in tracks)} bulan {months}.",
            10,
            space_before=10,
        ),
    ]


def _attendance(meeting: Meeting) -> list[Any]:
    people = meeting.participant_list()
    if not people:
        return []
    lines = [
        f"{i}. {name}" + (f" — {role}" if role else "") for i, (name, role) in enumerate(people, 1)
    ]
    return [Text("Musyawarah dihadiri oleh:", 10, space_before=6), *(Text(t, 10) for t in lines)]


def _approved(proposals: list[Proposal]) -> list[Any]:
    """The count and the table of the approved proposals, full NIK (for Dinas Sosial)."""
    cols = [
        Column("No", 3, "center"),
        Column("NIK", 13.5),
        Column("Nama", 14, wrap=True),
        Column("Jenis usulan", 9),
        Column("Program", 8, wrap=True),
        Column("Alasan / keterangan", 13, wrap=True),
        Column("Dusun / RT / RW", 10, wrap=True),
    ]
    rows = []
    for i, p in enumerate(proposals, 1):
        why = p.reason_label
        if p.kind == U.PENGGANTIAN and p.replaces_nik:
            why = f"menggantikan {p.replaces_name} ({p.replaces_nik})"
        rows.append(
            Row(
                [
                    str(i),
                    p.nik,
                    p.name,
                    p.kind_label,
                    p.track_label,
                    "; ".join(x for x in (why, p.notes) if x),
                    " / ".join(x for x in (p.dusun, p.rt, p.rw) if x),
                ]
            )
        )
    if not rows:
        rows.append(Row(["Tidak ada usulan yang disetujui."], span=True))
    return [
        Text(
            f"Musyawarah menyetujui {len(proposals)} usulan berikut untuk disampaikan kepada Dinas Sosial "
            "melalui Kecamatan:",
            10,
            space_before=6,
            keep=60,
        ),
        Table(cols, rows),
    ]


def _closing(meeting: Meeting, v: VillageInfo, fingerprint: str = "") -> list[Any]:
    """The notes, the package key's fingerprint, the closing sentence and the signatures of the
    head, the council and the community, under the place and date."""
    place, words = kop.place_name(v), v.words
    blocks: list[Any] = []
    if meeting.notes:
        blocks.append(Text(f"Catatan: {meeting.notes}", 10, space_before=6))
    if fingerprint:
        # the kecamatan compares it when it registers the village's key (by telephone or letter)
        blocks.append(Text(f"Sidik kunci paket {words.lower}: {fingerprint}", 10, space_before=6))
    blocks.append(
        Text(
            "Demikian berita acara ini dibuat dengan sebenarnya untuk dipergunakan sebagaimana mestinya.",
            10,
            space_before=8,
        )
    )
    council = _signer(meeting, words.council_keys)
    # the place and date belong to the signatures: on a page of their own they would take the
    # last rows of the table along, never stand alone
    blocks.append(
        SignatureGrid(
            [
                ((f"{words.head} {place}",), v.kepala_desa),
                ((words.council,), council),
                (
                    ("Perwakilan masyarakat",),
                    _signer(meeting, ("masyarakat", "tokoh", "warga", "rt", "rw"), council),
                ),
            ],
            dated=f"{place}, {tanggal(meeting.held_on)}",
        )
    )
    return blocks


def build(
    meeting: Meeting,
    proposals: list[Proposal],
    v: VillageInfo,
    logo: bytes | None = None,
    today: dt.date | None = None,
    *,
    fingerprint: str = "",
) -> Document:
    """The Berita Acara of ``meeting`` approving ``proposals``; ``logo`` (PNG) goes into the kop,
    ``today`` into the footer ("Dicetak …"), ``fingerprint`` (the village's package key, when it
    has one) above the closing sentence."""
    blocks = [
        *_opening(meeting, proposals, v),
        *_attendance(meeting),
        *_approved(proposals),
        *_closing(meeting, v, fingerprint),
    ]
    title = f"Berita Acara {v.words.meeting} {kop.place_name(v)} {meeting.ba_number}"
    return Document(
        kop.letterhead(v, logo=logo),
        blocks,
        landscape=False,
        footer_left=printed_on(today),
        metadata={"title": title},
    )


def write(
    meeting: Meeting,
    proposals: list[Proposal],
    v: VillageInfo,
    out: Path,
    logo: bytes | None = None,
    today: dt.date | None = None,
    *,
    fingerprint: str = "",
) -> int:
    return render(build(meeting, proposals, v, logo, today, fingerprint=fingerprint), out)
