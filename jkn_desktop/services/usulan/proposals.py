"""Proposals to Dinas Sosial: suggested from the membership rules (accepted or dismissed with a
reason), added by hand, moved through draft → disetujui Musdes → dikirim → diterima / ditolak,
and the Musyawarah Desa that approves them. Nothing is proposed twice for one person and month."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, delete, func, insert, select, update

from jkn_desktop.domain import jkn as J
from jkn_desktop.domain import usulan as U
from jkn_desktop.domain.apbdes import parse_period
from jkn_desktop.domain.nik import clean_identifier
from jkn_desktop.errors import UserError
from jkn_desktop.persistence.bulk import insert_id
from jkn_desktop.persistence.models import (
    household_t,
    jkn_current_t,
    musdes_t,
    pbi_entry_t,
    pbi_list_t,
    resident_t,
    usulan_dismissal_t,
    usulan_t,
)
from jkn_desktop.services import audit
from jkn_desktop.services.database import Database
from jkn_desktop.services.membership.jkn import people_from, rule_columns

R, H, C, T, D = resident_t, household_t, jkn_current_t, usulan_t, usulan_dismissal_t
_FIELDS = ("id", "period", "kind", "reason", "resident_id", "nik", "name", "no_kk", "card_no",
           "replaces_nik", "replaces_name", "replaces_reason", "notes", "status", "approved_on",
           "sent_on", "decided_on", "musdes_id", "origin", "track")  # fmt: skip


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


def check_period(period: str) -> str:
    try:
        y, m = parse_period(period)
    except ValueError as exc:
        raise UserError("PERIODE", str(exc)) from exc
    return f"{y}-{m:02d}"


@dataclass(frozen=True, slots=True)
class Proposal:
    id: int
    period: str
    kind: str
    reason: str
    resident_id: int | None
    nik: str
    name: str
    no_kk: str
    card_no: str
    replaces_nik: str
    replaces_name: str
    replaces_reason: str
    notes: str
    status: str
    approved_on: dt.date | None
    sent_on: dt.date | None
    decided_on: dt.date | None
    musdes_id: int | None
    origin: str
    track: str = J.PBI_APBN
    dusun: str = ""
    rw: str = ""
    rt: str = ""
    address: str = ""

    @property
    def kind_label(self) -> str:
        return U.KINDS.get(self.kind, self.kind)

    @property
    def reason_label(self) -> str:
        return U.reason_label(self.kind, self.reason)

    @property
    def track_label(self) -> str:
        return U.TRACK_SHORT.get(self.track, self.track)

    @property
    def status_label(self) -> str:
        return U.STATUSES.get(self.status, self.status)

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id, "period": self.period, "kind": self.kind, "reason": self.reason,
            "nik": self.nik, "name": self.name, "no_kk": self.no_kk, "card_no": self.card_no,
            "replaces_nik": self.replaces_nik or None, "replaces_name": self.replaces_name or None,
            "notes": self.notes, "status": self.status,
            "approved_on": self.approved_on.isoformat() if self.approved_on else None,
            "sent_on": self.sent_on.isoformat() if self.sent_on else None,
            "decided_on": self.decided_on.isoformat() if self.decided_on else None,
            "origin": self.origin, "track": self.track, "dusun": self.dusun, "rw": self.rw,
            "rt": self.rt,
        }  # fmt: skip


@dataclass(frozen=True, slots=True)
class SuggestionRow:
    kind: str
    reason: str
    why: str
    origin: str
    resident_id: int | None
    nik: str
    name: str
    no_kk: str = ""
    card_no: str = ""
    dusun: str = ""
    rw: str = ""
    rt: str = ""
    track: str = J.PBI_APBN

    @property
    def kind_label(self) -> str:
        return U.KINDS.get(self.kind, self.kind)

    @property
    def track_label(self) -> str:
        return U.TRACK_SHORT.get(self.track, self.track)

    def as_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "reason": self.reason, "why": self.why, "origin": self.origin,
                "track": self.track, "nik": self.nik, "name": self.name, "no_kk": self.no_kk,
                "dusun": self.dusun, "rw": self.rw, "rt": self.rt}  # fmt: skip


# --- what is taken ---------------------------------------------------------------------------
def _taken(conn: Connection, period: str) -> set[str]:
    """NIKs already in a proposal of the month (as the person or the one replaced)."""
    out: set[str] = set()
    for nik, replaced in conn.execute(
        select(T.c.nik, T.c.replaces_nik).where(T.c.period == period)
    ):
        out.add(nik)
        if replaced:
            out.add(replaced)
    return out


def _dismissed(conn: Connection) -> set[tuple[str, str]]:
    return {(n, k) for n, k in conn.execute(select(D.c.nik, D.c.kind))}


# --- suggestions -------------------------------------------------------------------------------
def suggestions(db: Database, period: str) -> list[SuggestionRow]:
    """What the membership rules propose for the month, minus what is already proposed for the
    same person that month and what was dismissed; plus the people on the latest Dinsos list up to
    that month who do not live in the village (removal: pindah / tidak ditemukan)."""
    period = check_period(period)
    rc = rule_columns()
    with db.read() as conn:
        taken, dismissed = _taken(conn, period), _dismissed(conn)
        interesting = rc.step.in_(sorted(U.STEP_PROPOSALS))
        rows = conn.execute(
            select(R.c.id, R.c.nik, R.c.name, H.c.no_kk, C.c.card_no, H.c.dusun, H.c.rw, H.c.rt,
                   R.c.status_dasar, rc.segment.label("segment"), rc.status.label("status"), H.c.desil,
                   rc.step.label("step"), rc.reason.label("reason"))
            .select_from(people_from())
            .where(interesting)
            .order_by(H.c.dusun, H.c.rw, H.c.rt, H.c.no_kk, func.coalesce(R.c.shdk, 99), R.c.id)
        ).all()  # fmt: skip
        strangers = []
        for track in U.TRACKS:  # the latest Dinsos list of each track up to the month
            latest = conn.execute(
                select(pbi_list_t.c.id, pbi_list_t.c.period)
                .where(pbi_list_t.c.source == "dinsos", pbi_list_t.c.segment == track,
                       pbi_list_t.c.period <= period)
                .order_by(pbi_list_t.c.period.desc(), pbi_list_t.c.id.desc()).limit(1)
            ).first()  # fmt: skip
            if latest is not None:
                strangers += [(track, latest.period, *r) for r in conn.execute(
                    select(pbi_entry_t.c.nik, pbi_entry_t.c.name, pbi_entry_t.c.card_no)
                    .where(pbi_entry_t.c.list_id == latest.id, pbi_entry_t.c.resident_id.is_(None),
                           pbi_entry_t.c.nik != "")
                    .order_by(pbi_entry_t.c.row)
                ).all()]  # fmt: skip
    out: list[SuggestionRow] = []
    seen: set[str] = set()
    for r in rows:
        s = U.suggest_for(status_dasar=r.status_dasar, segment=r.segment, status=r.status,
                          desil=r.desil, step=r.step, reason=r.reason)  # fmt: skip
        if s is None or r.nik in taken or (r.nik, s.kind) in dismissed or r.nik in seen:
            continue
        seen.add(r.nik)
        out.append(SuggestionRow(s.kind, s.reason, s.why, s.origin, r.id, r.nik, r.name, r.no_kk or "",
                                 r.card_no or "", r.dusun or "", r.rw or "", r.rt or "", s.track))  # fmt: skip
    for track, list_period, nik, name, card in strangers:
        if nik in taken or (nik, U.PENGHAPUSAN) in dismissed or nik in seen:
            continue
        seen.add(nik)
        out.append(SuggestionRow(U.PENGHAPUSAN, "tidak_ditemukan", f"ada di daftar Dinsos {list_period} "
                                 "tetapi tidak ditemukan sebagai penduduk desa", "daftar_dinsos", None,
                                 nik, name, "", card or "", track=track))  # fmt: skip
    return out


# --- writing -----------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class ProposalInput:
    period: str
    kind: str
    nik: str
    reason: str = ""
    notes: str = ""
    replaces_nik: str = ""  # penggantian: who is removed
    replaces_reason: str = ""
    origin: str = "manual"
    name: str = ""  # for someone not in the registry (a removal of a stranger on the list)
    card_no: str = ""
    track: str = J.PBI_APBN  # J.PBI_APBN or J.PBPU_PEMDA


def _person(conn: Connection, nik: str) -> Any:
    return conn.execute(
        select(R.c.id, R.c.nik, R.c.name, H.c.no_kk, C.c.card_no)
        .select_from(R.outerjoin(H, H.c.id == R.c.household_id).outerjoin(C, C.c.resident_id == R.c.id))
        .where(R.c.nik == nik)
    ).first()  # fmt: skip


def _insert(conn: Connection, p: ProposalInput, actor: str) -> int:
    period = check_period(p.period)
    if p.kind not in U.KINDS:
        raise UserError(
            "USULAN_JENIS",
            "Pilih jenis usulan: penambahan, penghapusan, penggantian, reaktivasi atau perbaikan data.",
        )
    if p.track not in U.TRACKS:
        raise UserError(
            "USULAN_JALUR", "Pilih program usulan: PBI JK APBN (Kemensos) atau PBPU/BP Pemda."
        )
    nik = clean_identifier(p.nik)
    if len(nik) != 16 or not nik.isdigit():
        raise UserError("NIK_FORMAT", f"NIK {p.nik!r} harus 16 angka.")
    if U.needs_reason(p.kind):
        reason = p.replaces_reason if p.kind == U.PENGGANTIAN else p.reason
        if reason not in U.REMOVAL_REASONS:
            raise UserError(
                "USULAN_ALASAN",
                "Pilih alasan penghapusan menurut Permensos 3/2026 (meninggal, tidak miskin lagi, "
                "tidak ditemukan, menjadi PPU, …). NIK yang tidak padan diusulkan sebagai perbaikan data.",
            )
        if reason == "pindah_kabupaten" and p.track != J.PBPU_PEMDA:
            raise UserError(
                "USULAN_ALASAN",
                "Peserta PBI JK APBN yang pindah tetap PBI: usulkan perbaikan data (domisili), "
                "bukan penghapusan.",
            )
    person = _person(conn, nik)
    if person is None and p.kind != U.PENGHAPUSAN:
        raise UserError(
            "BUKAN_WARGA",
            f"NIK {nik} tidak terdaftar sebagai penduduk desa ini. Daftarkan dulu di halaman Penduduk.",
        )
    replaced = None
    if p.kind == U.PENGGANTIAN:
        rn = clean_identifier(p.replaces_nik)
        if len(rn) != 16 or rn == nik:
            raise UserError(
                "USULAN_GANTI",
                "Penggantian perlu NIK peserta yang digantikan (16 angka, orang lain).",
            )
        replaced = _person(conn, rn)
    taken = _taken(conn, period)
    for who in (nik, clean_identifier(p.replaces_nik)):
        if who and who in taken:
            raise UserError(
                "USULAN_GANDA",
                f"NIK {who} sudah ada dalam usulan bulan {period}; satu orang hanya diusulkan sekali per bulan.",
            )
    values = {
        "period": period, "kind": p.kind, "reason": p.reason if U.needs_reason(p.kind) and p.kind != U.PENGGANTIAN else p.reason.strip(),
        "resident_id": person.id if person else None, "nik": nik,
        "name": person.name if person else p.name.strip().upper(),
        "no_kk": (person.no_kk or "") if person else "", "card_no": ((person.card_no or "") if person else "") or p.card_no,
        "replaces_nik": clean_identifier(p.replaces_nik), "replaces_name": replaced.name if replaced else "",
        "replaces_reason": p.replaces_reason, "notes": p.notes.strip(), "status": U.DRAFT,
        "origin": p.origin, "track": p.track, "created_at": _now(), "updated_at": _now(),
        "actor": actor,
    }  # fmt: skip
    pid = insert_id(conn, insert(T).values(**values))
    audit.record(conn, actor=actor, action="create", entity="usulan", entity_id=pid,
                 entity_key=f"{U.KINDS[p.kind]} {nik} {period}",
                 changes={k: (None, values[k]) for k in ("kind", "reason", "nik", "period", "notes") if values[k]})  # fmt: skip
    return pid


def add(db: Database, p: ProposalInput, actor: str) -> int:
    with db.write() as conn:
        return _insert(conn, p, actor)


def accept(db: Database, period: str, items: Sequence[SuggestionRow], actor: str) -> list[int]:
    """Turn suggestions into draft proposals, in one transaction."""
    with db.write() as conn:
        return [
            _insert(
                conn,
                ProposalInput(
                    period,
                    s.kind,
                    s.nik,
                    s.reason if U.needs_reason(s.kind) else s.why,
                    origin=s.origin,
                    name=s.name,
                    card_no=s.card_no,
                    track=s.track,
                ),
                actor,
            )
            for s in items
        ]


def update_notes(db: Database, pid: int, notes: str, actor: str) -> None:
    """Supporting notes, e.g. the health facility's letter number for a reaktivasi."""
    with db.write() as conn:
        old = conn.execute(select(T.c.notes, T.c.nik).where(T.c.id == pid)).first()
        if old is None:
            raise UserError("USULAN_HILANG", "Usulan ini sudah tidak ada. Muat ulang daftar.")
        if old.notes != notes.strip():
            conn.execute(
                update(T).where(T.c.id == pid).values(notes=notes.strip(), updated_at=_now())
            )
            audit.record(conn, actor=actor, action="update", entity="usulan", entity_id=pid,
                         entity_key=old.nik, changes={"notes": (old.notes, notes.strip())})  # fmt: skip


def dismiss(
    db: Database, items: Sequence[SuggestionRow], reason: str, period: str, actor: str
) -> None:
    if not reason.strip():
        raise UserError(
            "ALASAN_KOSONG", "Tuliskan alasan saran ini diabaikan (mis. sudah diurus sendiri)."
        )
    with db.write() as conn:
        for s in items:
            conn.execute(delete(D).where(D.c.nik == s.nik, D.c.kind == s.kind))
            did = insert_id(conn, insert(D).values(nik=s.nik, kind=s.kind, name=s.name, reason=reason.strip(),
                                                   period=period, created_at=_now(), actor=actor))  # fmt: skip
            audit.record(conn, actor=actor, action="dismiss", entity="usulan_dismissal", entity_id=did,
                         entity_key=f"{U.KINDS.get(s.kind, s.kind)} {s.nik}", reason=reason.strip())  # fmt: skip


@dataclass(frozen=True, slots=True)
class Dismissal:
    nik: str
    kind: str
    name: str
    reason: str
    period: str
    actor: str


def dismissals(db: Database) -> list[Dismissal]:
    with db.read() as conn:
        return [Dismissal(*r) for r in conn.execute(
            select(D.c.nik, D.c.kind, D.c.name, D.c.reason, D.c.period, D.c.actor).order_by(D.c.created_at.desc())
        )]  # fmt: skip


def undismiss(db: Database, nik: str, kind: str, actor: str) -> None:
    with db.write() as conn:
        conn.execute(delete(D).where(D.c.nik == nik, D.c.kind == kind))
        audit.record(conn, actor=actor, action="undismiss", entity="usulan_dismissal", entity_id=None,
                     entity_key=f"{U.KINDS.get(kind, kind)} {nik}")  # fmt: skip


def set_status(db: Database, ids: Sequence[int], status: str, on: dt.date, actor: str) -> None:
    """Move proposals to the next step with its date; every proposal must allow the step."""
    column = {
        U.DISETUJUI: "approved_on",
        U.DIKIRIM: "sent_on",
        U.DITERIMA: "decided_on",
        U.DITOLAK: "decided_on",
    }
    with db.write() as conn:
        for pid in ids:
            old = conn.execute(select(T).where(T.c.id == pid)).mappings().first()
            if old is None:
                raise UserError("USULAN_HILANG", "Usulan ini sudah tidak ada. Muat ulang daftar.")
            problem = U.check_move(old["status"], status, old["kind"])
            if problem:
                raise UserError("USULAN_LANGKAH", f"{old['name']} ({old['nik']}): {problem}")
            if status == U.DIKIRIM and old["kind"] == U.REAKTIVASI and not old["notes"].strip():
                raise UserError(
                    "USULAN_SURAT",
                    f"{old['name']} ({old['nik']}): reaktivasi perlu nomor surat keterangan dari "
                    "fasilitas kesehatan. Tulis di catatan usulan sebelum dikirim.",
                )
            values: dict[str, Any] = {"status": status, "updated_at": _now()}
            if status in column:
                values[column[status]] = on
            if status == U.DRAFT:
                values.update(approved_on=None, musdes_id=None)
            conn.execute(update(T).where(T.c.id == pid).values(**values))
            audit.record(conn, actor=actor, action="update", entity="usulan", entity_id=pid,
                         entity_key=f"{old['nik']} {old['period']}",
                         changes={"status": (old["status"], status), **({column[status]: (None, on)} if status in column else {})})  # fmt: skip


def delete_draft(db: Database, pid: int, reason: str, actor: str) -> None:
    with db.write() as conn:
        old = conn.execute(select(T).where(T.c.id == pid)).mappings().first()
        if old is None:
            return
        if old["status"] != U.DRAFT:
            raise UserError("USULAN_TERKUNCI", "Hanya usulan berstatus draf yang bisa dihapus.")
        conn.execute(delete(T).where(T.c.id == pid))
        audit.record(conn, actor=actor, action="delete", entity="usulan", entity_id=pid,
                     entity_key=f"{old['nik']} {old['period']}",
                     changes={"kind": (old["kind"], None), "nik": (old["nik"], None)}, reason=reason)  # fmt: skip


def proposals(db: Database, period: str | None = None, *, kind: str | None = None,
              status: str | None = None, musdes_id: int | None = None) -> list[Proposal]:  # fmt: skip
    stmt = (
        select(*[T.c[f] for f in _FIELDS], H.c.dusun, H.c.rw, H.c.rt, H.c.address)
        .select_from(T.outerjoin(R, R.c.id == T.c.resident_id).outerjoin(H, H.c.id == R.c.household_id))
        .order_by(T.c.period, T.c.kind, H.c.dusun, H.c.rw, H.c.rt, T.c.no_kk, T.c.name)
    )  # fmt: skip
    if period is not None:
        stmt = stmt.where(T.c.period == check_period(period))
    if kind is not None:
        stmt = stmt.where(T.c.kind == kind)
    if status is not None:
        stmt = stmt.where(T.c.status == status)
    if musdes_id is not None:
        stmt = stmt.where(T.c.musdes_id == musdes_id)
    with db.read() as conn:
        return [
            Proposal(*r[: len(_FIELDS)], *(x or "" for x in r[len(_FIELDS) :]))
            for r in conn.execute(stmt)
        ]


def periods(db: Database) -> list[str]:
    with db.read() as conn:
        return [
            str(p)
            for p in conn.execute(
                select(T.c.period).distinct().order_by(T.c.period.desc())
            ).scalars()
        ]


# --- Musyawarah Desa ---------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class MusdesInput:
    held_on: dt.date
    place: str
    participants: str  # one per line: "Nama — unsur"
    ba_number: str
    notes: str = ""


@dataclass(frozen=True, slots=True)
class Meeting:
    id: int
    held_on: dt.date
    place: str
    participants: str
    ba_number: str
    notes: str

    def participant_list(self) -> list[tuple[str, str]]:
        """(name, role) per line; the role after "—", "-" or "," if given."""
        out = []
        for raw in self.participants.splitlines():
            line = raw.strip()
            if not line:
                continue
            for sep in (" — ", " - ", ", "):
                if sep in line:
                    name, role = line.split(sep, 1)
                    out.append((name.strip(), role.strip()))
                    break
            else:
                out.append((line, ""))
        return out


def record_musdes(db: Database, m: MusdesInput, approve: Sequence[int], actor: str) -> int:
    """Record the meeting and approve the proposals it agreed on (status disetujui, dated the day
    of the meeting), in one transaction."""
    if not m.place.strip():
        raise UserError("MUSDES_TEMPAT", "Isi tempat musyawarah (mis. Balai Desa).")
    if m.held_on > dt.date.today():
        raise UserError("MUSDES_TANGGAL", "Tanggal musyawarah tidak boleh di masa depan.")
    with db.write() as conn:
        mid = insert_id(conn, insert(musdes_t).values(
            held_on=m.held_on, place=m.place.strip(), participants=m.participants.strip(),
            ba_number=m.ba_number.strip(), notes=m.notes.strip(), created_at=_now(), actor=actor))  # fmt: skip
        audit.record(conn, actor=actor, action="create", entity="musdes", entity_id=mid,
                     entity_key=m.ba_number.strip() or str(m.held_on),
                     changes={"held_on": (None, m.held_on), "place": (None, m.place.strip())})  # fmt: skip
        for pid in approve:
            old = conn.execute(select(T.c.status, T.c.nik, T.c.name).where(T.c.id == pid)).first()
            if old is None:
                continue
            if old.status != U.DRAFT:
                raise UserError(
                    "USULAN_LANGKAH",
                    f"{old.name} ({old.nik}): hanya usulan draf yang bisa disetujui Musdes.",
                )
            conn.execute(update(T).where(T.c.id == pid).values(status=U.DISETUJUI, approved_on=m.held_on,
                                                              musdes_id=mid, updated_at=_now()))  # fmt: skip
            audit.record(conn, actor=actor, action="update", entity="usulan", entity_id=pid, entity_key=old.nik,
                         changes={"status": (U.DRAFT, U.DISETUJUI), "musdes_id": (None, mid)})  # fmt: skip
    return mid


def meetings(db: Database) -> list[Meeting]:
    t = musdes_t
    with db.read() as conn:
        return [Meeting(*r) for r in conn.execute(
            select(t.c.id, t.c.held_on, t.c.place, t.c.participants, t.c.ba_number, t.c.notes)
            .order_by(t.c.held_on.desc(), t.c.id.desc())
        )]  # fmt: skip


def counts(db: Database, period: str) -> dict[str, int]:
    period = check_period(period)
    with db.read() as conn:
        return {k: int(n) for k, n in conn.execute(
            select(T.c.kind, func.count()).where(T.c.period == period).group_by(T.c.kind))}  # fmt: skip


def write_berita_acara(db: Database, musdes_id: int, out: Path) -> int:
    """The Berita Acara PDF of a Musyawarah Desa; returns the number of pages."""
    from jkn_desktop.reports import berita_acara
    from jkn_desktop.services.registry.village import get_village

    if out.suffix.lower() != ".pdf":
        raise UserError("JENIS_BERKAS", "Berita acara disimpan sebagai .pdf.")
    meeting = next((m for m in meetings(db) if m.id == musdes_id), None)
    if meeting is None:
        raise UserError("MUSDES_HILANG", "Musyawarah ini tidak ditemukan.")
    village = db.run(get_village, write=False)
    if village is None:
        raise UserError("NO_VILLAGE", "Identitas desa belum diisi. Isi dulu di Pengaturan.")
    from jkn_desktop.reports.letterhead import logo_of

    return berita_acara.write(
        meeting, proposals(db, musdes_id=musdes_id), village, out, logo_of(db)
    )
