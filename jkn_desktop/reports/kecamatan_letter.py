"""The Camat's letter to the villages that have not sent the month's package by the deadline:
one letter with the list of villages (one number, one signature, copied to each village), ready to
print and sign. Village names only: no personal data."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from reportlab.lib.units import mm

from jkn_desktop.domain.formatting import tanggal
from jkn_desktop.records.kecamatan import KecamatanInfo
from jkn_desktop.reports import kecamatan_kop as kop
from jkn_desktop.reports.pdf import Column, Document, Fields, Row, Table, Text, printed_on

BODY = 10.0


def build(
    info: KecamatanInfo,
    period: str,
    missing: Sequence[tuple[str, str, str]],  # (village's full name, code, last month sent)
    deadline: dt.date,
    today: dt.date,
    logo: bytes | None = None,
) -> Document:
    month = kop.month_label(period)
    place = kop.name_in_text(info.kecamatan)
    blocks: list[Any] = [
        Text(f"{place}, {tanggal(today)}", BODY, align="right"),
        Fields(
            [
                ("Nomor", "……………………………………"),
                ("Sifat", "Penting"),
                ("Lampiran", "-"),
                ("Perihal", f"Paket data JKN bulan {month} belum diterima"),
            ],
            size=BODY,
            indent=0,
            label_width=22 * mm,
        ),
        Text("Kepada Yth.", BODY, space_before=12),
        Text(f"Kepala Desa/Lurah di Kecamatan {place}", BODY),
        Text("(daftar di bawah)", BODY),
        Text("di tempat", BODY),
        Text(
            "Dalam rangka pelaksanaan Instruksi Presiden Nomor 1 Tahun 2022 tentang Optimalisasi "
            "Pelaksanaan Program Jaminan Kesehatan Nasional dan laporan bulanan desa/kelurahan "
            f"kepada Camat, kami sampaikan bahwa sampai dengan tanggal {tanggal(today)} paket data "
            f"kepesertaan JKN bulan {month} dari desa/kelurahan berikut belum kami terima"
            + (
                f", padahal batas penyampaiannya tanggal {tanggal(deadline)}:"
                if today > deadline
                else f"; batas penyampaiannya tanggal {tanggal(deadline)}:"
            ),
            BODY,
            space_before=12,
        ),
        Table(
            [
                Column("No", 4, "right"),
                Column("Desa/Kelurahan", 20),
                Column("Kode wilayah", 10),
                Column("Paket terakhir diterima", 14),
            ],
            [Row([str(i), *cells]) for i, cells in enumerate(missing, 1)],
            size=9,
            space_before=6,
        ),
        Text(
            f"Kami minta Saudara segera menyampaikan paket data bulan {month} tersebut (berkas "
            ".xlsx yang dibuat dengan JKN Desktop, menu Laporan → Paket desa untuk kecamatan) "
            "kepada kami "
            + (
                "paling lambat 7 (tujuh) hari sejak surat ini diterima."
                if today > deadline
                else f"paling lambat tanggal {tanggal(deadline)}."
            )
            + " Bila ada kendala, Saudara dapat menghubungi petugas kecamatan.",
            BODY,
            space_before=10,
        ),
        Text(
            "Demikian, atas perhatian dan kerja samanya kami ucapkan terima kasih.",
            BODY,
            space_before=8,
        ),
        kop.camat_signature(info, None),
        Text("Tembusan:", 9, space_before=14),
        Text(f"1. {kop.bupati(info)} (sebagai laporan);", 9),
        Text("2. Arsip.", 9),
    ]
    return Document(
        kop.letterhead(info, logo),
        blocks,
        landscape=False,
        footer_left=printed_on(today),
        metadata={"title": f"Surat paket JKN {month} belum diterima, Kecamatan {place}"},
    )
