"""The Audit page and ``jkn-desktop audit`` (issue #14)."""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    "AUDIT_ACTION": "Jenis tindakan {action} tidak dikenal. Pilih salah satu: {choices}.",
    "AUDIT_DATE": (
        "Tanggal {text} tidak dapat dibaca. Tulis tahun-bulan-tanggal, misalnya 2026-12-01."
    ),
    "AUDIT_RANGE": (
        "Tanggal awal {start} jatuh sesudah tanggal akhir {end}. Tukar kedua tanggal itu."
    ),
    "AUDIT_UNREADABLE": (
        "Jejak audit di {name} tidak dapat dibaca: tabelnya hilang atau rusak ({problem}). "
        "Pulihkan basis data dari cadangan, lalu periksa lagi."
    ),
}
