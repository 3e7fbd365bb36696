"""The audit trail in plain Indonesian: what each stored action, record kind and field is called on
the Audit page, in its workbook and on the command line, and each stored value as a person reads
it (codes as their labels, dates as "22 November 2026", yes/no). The trail stores the program's
keys ("update", "resident", "birth_date"); nothing here changes what is stored."""

from __future__ import annotations

import datetime as dt
import re
from typing import Final

from jkn_desktop.domain import codes
from jkn_desktop.domain import duplicates as DUP
from jkn_desktop.domain import jkn as J
from jkn_desktop.domain import office as O
from jkn_desktop.domain import usulan as U
from jkn_desktop.domain.formatting import angka, rupiah, tanggal
from jkn_desktop.domain.roles import parse_roles, roles_label

# stored action → the word for it
ACTIONS: Final[dict[str, str]] = {
    "create": "tambah",
    "update": "ubah",
    "status": "ubah status",
    "move": "pindah KK",
    "delete": "hapus",
    "login": "masuk",
    "login_failed": "gagal masuk",
    "export": "ekspor",
    "print": "cetak",
    "membership": "catat kepesertaan",
    "password": "ganti kata sandi",
    "dismiss": "abaikan saran usulan",
    "undismiss": "pulihkan saran usulan",
    "end": "berhenti menjabat",
    "cancel": "batalkan",
    "demo": "isi data contoh",
    "receive": "terima paket desa",
    "return": "kembalikan paket ke desa",
    "register_key": "daftarkan kunci desa",
}

# the kinds of action the Audit page filters by, each with the stored actions it covers
ACTION_KINDS: Final[dict[str, tuple[str, ...]]] = {
    "tambah": ("create", "demo"),
    "terima paket": ("receive", "register_key"),
    "ubah": (
        "update",
        "status",
        "move",
        "membership",
        "password",
        "dismiss",
        "undismiss",
        "end",
        "cancel",
        "return",
    ),
    "hapus": ("delete",),
    "masuk": ("login",),
    "gagal masuk": ("login_failed",),
    "ekspor": ("export",),
    "cetak": ("print",),
}

# stored record kind → its name
ENTITIES: Final[dict[str, str]] = {
    "resident": "Penduduk",
    "household": "Keluarga (KK)",
    "village": "Identitas desa/kelurahan",
    "user": "Akun",
    "document": "Dokumen",
    "usulan": "Usulan PBI",
    "usulan_dismissal": "Saran usulan",
    "musdes": "Musyawarah",
    "counter_visit": "Buku loket",
    "setting": "Pengaturan",
    "sktm": "SKTM",
    "official": "Perangkat",
    "apbdes_line": "Baris APBDes",
    "apbdes_beneficiary": "Penerima iuran APBDes",
    "apbdes_payment": "Pembayaran iuran APBDes",
    "premium_rate": "Tarif iuran",
    "budget_code": "Kode APBDes",
    "kecamatan": "Identitas kecamatan",
    "kec_village": "Desa dalam kecamatan",
    "kec_village_key": "Kunci tanda tangan desa",
    "kec_package": "Paket desa",
    "package_key": "Kunci paket desa",
    # people counted twice across villages (the kecamatan) and the corrections it returns
    "kec_duplicate_verdict": "Putusan data ganda antardesa",
    "kecamatan_correction": "Koreksi dari kecamatan",
}

# stored field → its label (one meaning per name across the record kinds)
FIELDS: Final[dict[str, str]] = {
    "": "",
    # residents
    "nik": "NIK",
    "name": "Nama",
    "sex": "Jenis kelamin",
    "birth_place": "Tempat lahir",
    "birth_date": "Tanggal lahir",
    "household_id": "KK",
    "no_kk": "No. KK",
    "shdk": "Hubungan keluarga",
    "religion": "Agama",
    "marital_status": "Status perkawinan",
    "education": "Pendidikan",
    "occupation": "Pekerjaan",
    "status_dasar": "Status dasar",
    "status_changed_at": "Tanggal status",
    "mother_name": "Nama ibu",
    "disability": "Disabilitas",
    "chronic_illness": "Sakit menahun",
    "pregnant": "Hamil",
    "phone": "No. HP",
    "notes": "Catatan",
    "kepesertaan JKN": "Kepesertaan JKN",
    "jkn": "Segmen JKN",  # a resident import's insurance column
    # households
    "address": "Alamat",
    "rt": "RT",
    "rw": "RW",
    "dusun": "Dusun",
    "desil": "Desil",
    # the village
    "kode_wilayah": "Kode wilayah",
    "desa": "Desa/kelurahan",
    "kecamatan": "Kecamatan",
    "kabupaten": "Kabupaten/kota",
    "provinsi": "Provinsi",
    "kepala_desa": "Kepala desa/lurah",
    "sekretaris_desa": "Sekretaris",
    "operator": "Operator",
    # accounts
    "username": "Nama pengguna",
    "full_name": "Nama lengkap",
    "roles": "Peran",
    "disabled": "Nonaktif",
    "must_change_password": "Wajib ganti kata sandi",
    # proposals and meetings
    "period": "Periode",
    "kind": "Jenis",
    "track": "Program",
    "reason": "Alasan",
    "card_no": "No. kartu JKN",
    "replaces_nik": "NIK yang diganti",
    "replaces_name": "Nama yang diganti",
    "replaces_reason": "Alasan penggantian",
    "status": "Status",
    "approved_on": "Tanggal disetujui",
    "sent_on": "Tanggal dikirim",
    "decided_on": "Tanggal keputusan",
    "musdes_id": "Musyawarah",
    "origin": "Asal usulan",
    "held_on": "Tanggal musyawarah",
    "place": "Tempat",
    "participants": "Peserta",
    "ba_number": "No. berita acara",
    # the counter, SKTM, officials
    "visited_on": "Tanggal kunjungan",
    "resident_id": "Penduduk",
    "service": "Layanan",
    "requires_jkn": "Wajib JKN aktif",
    "jkn_segment": "Segmen JKN",
    "jkn_status": "Status JKN",
    "advice": "Saran aturan",
    "outcome": "Hasil",
    "note": "Catatan",
    "usulan_id": "Usulan",
    "closed_on": "Tanggal selesai",
    "closed_note": "Catatan selesai",
    "number": "Nomor",
    "issued_on": "Tanggal terbit",
    "valid_until": "Berlaku sampai",
    "purpose": "Keperluan",
    "purpose_note": "Keterangan keperluan",
    "signer_name": "Penanda tangan",
    "signer_title": "Jabatan penanda tangan",
    "cancelled_on": "Tanggal dibatalkan",
    "cancel_reason": "Alasan pembatalan",
    "position": "Jabatan",
    "sk_number": "No. SK",
    "started_on": "Mulai menjabat",
    "ended_on": "Berhenti menjabat",
    # APBDes
    "year": "Tahun",
    "kegiatan": "Kegiatan",
    "rekening": "Rekening",
    "sumber": "Sumber dana",
    "pagu": "Pagu",
    "pagu_revised": "Pagu perubahan",
    "revised_on": "Tanggal perubahan",
    "scheme_segment": "Segmen skema",
    "scheme_kelas": "Kelas skema",
    "scheme_share": "Bagian yang dibayar",
    "custom_rate": "Tarif khusus",
    "line_id": "Baris APBDes",
    "start_month": "Bulan mulai",
    "end_month": "Bulan akhir",
    "overridden": "Peringatan yang dikecualikan",
    "month": "Bulan",
    "amount": "Jumlah",
    "paid_on": "Tanggal bayar",
    "reference": "Bukti/rujukan",
    "segment": "Segmen",
    "kelas": "Kelas",
    "monthly": "Iuran per bulan",
    "participant": "Bagian peserta",
    "government": "Bagian pemerintah",
    "valid_from": "Berlaku mulai",
    "legal_basis": "Dasar hukum",
    "local": "Kode lokal",
    # settings
    "counter_services": "Layanan loket",
    # people counted twice, corrections from the kecamatan
    "verdict": "Putusan",
    "correcting_village": "Desa yang memperbaiki",
    "resolved_at": "Diselesaikan",
    "apbdes_sktm_rule": "Aturan dasar penerima iuran APBDes",
    "sktm_valid_months": "Masa berlaku SKTM (bulan)",
    # exports and printouts
    "document": "Dokumen",
    "rows": "Jumlah baris",
    "masked": "NIK disamarkan",
    "file": "Berkas",
    "printer": "Pencetak",
    # the kecamatan
    "camat": "Camat",
    "camat_nip": "NIP Camat",
    "expected": "Diharapkan mengirim paket",
    "fingerprint": "Sidik kunci",
    "returned_note": "Catatan pengembalian",
    # the demo village
    "residents": "Jumlah penduduk",
    "households": "Jumlah KK",
}

_YES_NO = {
    "pregnant",
    "disabled",
    "must_change_password",
    "requires_jkn",
    "local",
    "masked",
    "expected",
}
_DATES = {
    "birth_date",
    "status_changed_at",
    "approved_on",
    "sent_on",
    "decided_on",
    "held_on",
    "visited_on",
    "closed_on",
    "issued_on",
    "valid_until",
    "cancelled_on",
    "started_on",
    "ended_on",
    "revised_on",
    "paid_on",
    "valid_from",
}
_MONEY = {"pagu", "pagu_revised", "custom_rate", "amount", "monthly", "participant", "government"}
_COUNTS = {"rows", "residents", "households"}
_LABELS: Final[dict[str, dict[str, str]]] = {
    "jkn_segment": J.SEGMENTS,
    "scheme_segment": J.SEGMENTS,
    "segment": J.SEGMENTS,
    "jkn": J.SEGMENTS,
    "track": U.TRACKS,
    "jkn_status": J.STATUSES,
    "outcome": O.OUTCOMES,
    "advice": O.ADVICE,
    "purpose": O.SKTM_PURPOSES,
    "apbdes_sktm_rule": O.APBDES_SKTM_RULES,
}
# fields whose words depend on the record kind
_BY_ENTITY: Final[dict[tuple[str, str], dict[str, str]]] = {
    ("usulan", "kind"): U.KINDS,
    ("usulan_dismissal", "kind"): U.KINDS,
    ("usulan", "status"): U.STATUSES,
    ("kec_duplicate_verdict", "verdict"): DUP.VERDICTS,
    ("usulan", "reason"): {**U.REMOVAL_REASONS, **U.OLD_REMOVAL_REASONS},
}


def action_word(action: str) -> str:
    return ACTIONS.get(action, "tindakan lain")


def entity_word(entity: str) -> str:
    return ENTITIES.get(entity, "Data lain")


def field_label(field: str) -> str:
    """The field's label; a field with none is shown as "isian lain", never by its key."""
    return FIELDS.get(field, "isian lain")


def _date(value: str) -> str | None:
    try:
        return tanggal(dt.date.fromisoformat(value[:10]))
    except ValueError:
        return None


def readable(field: str, value: str | None, entity: str = "") -> str:
    """A stored value as a person reads it: "—" for nothing, codes as labels, dates written
    out, yes/no, rupiah. Anything else as stored (names, addresses, notes, what an import
    said)."""
    if value is None or value == "":
        return "—"
    if field == "kepesertaan JKN":
        return _membership_text(value)
    words = _BY_ENTITY.get((entity, field)) or _LABELS.get(field)
    if words is not None:
        return words.get(value, value)
    coded = codes.coded_fields()
    if field in coded and value.isdigit():
        return coded[field].label(int(value)).title()
    if field == "status_dasar" and value.isdigit():
        return codes.STATUS_DASAR.get(int(value), value).title()
    if field == "sex":
        return codes.SEX_LABEL.get(value, value)
    if field in _YES_NO:
        return "ya" if value in ("True", "1", "true") else "tidak"
    if field == "roles":
        return roles_label(parse_roles(value))
    if field in _MONEY and value.lstrip("-").isdigit():
        return rupiah(int(value))
    if field in _COUNTS and value.isdigit():
        return angka(int(value))
    if field in _DATES or (len(value) == 10 and value[4] == "-" and value[7] == "-"):
        return _date(value) or value
    return value


# how older versions wrote a membership observation: "ppu/aktif per 2026-10-12 (kartu: 0001…)"
_OLD_MEMBERSHIP = re.compile(
    r"^(?P<segment>[a-z_]+)/(?P<status>[a-z_]+) (?:per (?P<date>\d{4}-\d{2}-\d{2})|tanpa tanggal)"
    r"(?: \((?P<source>[a-z_]+)(?P<ref>: .*)?\))?$"
)


def _membership_text(value: str) -> str:
    """A membership observation as stored; one written by an older version in its codes is put
    in today's words ("PPU, aktif per 12 Oktober 2026 (kartu)")."""
    old = _OLD_MEMBERSHIP.match(value)
    if old is None:
        return value
    segment = J.SEGMENT_SHORT.get(old["segment"], J.SEGMENTS.get(old["segment"], old["segment"]))
    status = J.STATUSES.get(old["status"], old["status"]).lower()
    when = f"per {_date(old['date']) or old['date']}" if old["date"] else "tanpa tanggal"
    text = f"{segment}, {status} {when}"
    if old["source"]:
        source = J.SOURCES.get(old["source"], old["source"])
        source = source[:1].lower() + source[1:]  # "daftar PBI Dinas Sosial"
        text += f" ({source}{old['ref'] or ''})"
    return text


def record_text(entity: str, entity_key: str) -> str:
    """ "Penduduk 3313…" / "Dokumen Desember 2026": the record an entry is about."""
    key = entity_key
    if entity == "document" and len(key) == 7 and key[4] == "-" and key[5:].isdigit():
        month = int(key[5:])
        if 1 <= month <= 12:
            key = tanggal(dt.date(int(key[:4]), month, 1)).split(" ", 1)[1]
    return f"{entity_word(entity)} {key}".strip()
