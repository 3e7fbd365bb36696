"""The list of the village's officials (kepala and perangkat desa) and their own JKN coverage with
their families', as the regents' instructions ask (Inbup Lumajang 3/2022 n.2, Inbup Pemalang
1/2023 15a).

An official leaves the list by ``end_official`` (the row stays, with its date: history); only a
mistaken entry is removed (``remove_official``, with a reason in the audit trail)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import RowMapping, delete, insert, or_, select, update

from jkn_desktop.domain import codes
from jkn_desktop.domain import jkn as J
from jkn_desktop.domain import officials as O
from jkn_desktop.domain import roles as perm
from jkn_desktop.domain.formatting import tanggal
from jkn_desktop.domain.office import KEPALA
from jkn_desktop.domain.wilayah import DESA_WORDS, VillageWords
from jkn_desktop.errors import UserError
from jkn_desktop.persistence.bulk import insert_id
from jkn_desktop.persistence.tables import official_t, resident_t
from jkn_desktop.persistence.work import Work
from jkn_desktop.records.changes import OFFICE
from jkn_desktop.records.membership import JknRow
from jkn_desktop.records.officials import (
    FamilyCoverage,
    Official,
    OfficialCoverage,
    OfficialInput,
    OfficialsOverview,
    OfficialsSummary,
    OfficialSuggestion,
)
from jkn_desktop.services import audit
from jkn_desktop.services.edit_conflict import check_unchanged
from jkn_desktop.services.membership.kepesertaan import family_members, fetch_rows, members
from jkn_desktop.services.registry.village import get_village

T = official_t
R = resident_t
ENTITY = "official"
FIELDS = ("resident_id", "position", "kind", "sk_number", "started_on", "notes")


def words_of(work: Work) -> VillageWords:
    village = get_village(work)
    return village.words if village is not None else DESA_WORDS


# --- reading the list ---------------------------------------------------------------------------
def _select() -> Any:
    return select(
        T.c.id,
        T.c.resident_id,
        R.c.nik,
        R.c.name,
        T.c.position,
        T.c.kind,
        T.c.sk_number,
        T.c.started_on,
        T.c.ended_on,
        T.c.notes,
    ).select_from(T.join(R, R.c.id == T.c.resident_id))


def _ordered(rows: Sequence[Official]) -> list[Official]:
    return sorted(
        rows,
        key=lambda o: (*O.position_rank(o.position, o.kind), o.started_on or dt.date.min, o.id),
    )


def officials(work: Work, *, include_ended: bool = False) -> list[Official]:
    """The officials in office on the job's day (with ``include_ended``: every row, history
    too), the head first, then by position."""
    rows = [Official(*r) for r in work.conn.execute(_select())]
    if not include_ended:
        rows = [o for o in rows if o.in_office(work.today)]
    return _ordered(rows)


def official(work: Work, official_id: int) -> Official:
    row = work.conn.execute(_select().where(T.c.id == official_id)).first()
    if row is None:
        raise UserError("PERANGKAT_HILANG")
    return Official(*row)


def resident_for_nik(work: Work, nik: str) -> int:
    """The resident with this NIK (the command line names officials by NIK)."""
    digits = "".join(ch for ch in nik if ch.isdigit())
    found = work.conn.execute(select(R.c.id).where(R.c.nik == digits)).scalar()
    if found is None:
        raise UserError("PERANGKAT_PENDUDUK.nik", nik=nik)
    return int(found)


# --- checks -------------------------------------------------------------------------------------
def _resident(work: Work, resident_id: int | None) -> RowMapping:
    if not resident_id:
        raise UserError("PERANGKAT_PENDUDUK")
    row = (
        work.conn.execute(select(R.c.name, R.c.status_dasar).where(R.c.id == resident_id))
        .mappings()
        .first()
    )
    if row is None:
        raise UserError("PERANGKAT_PENDUDUK.hilang")
    return row


def _overlapping(
    work: Work, start: dt.date, end: dt.date | None, except_id: int | None, cond: Any
) -> RowMapping | None:
    """Another row (matching ``cond``) whose time in office meets [start, end)."""
    conds = [cond, or_(T.c.ended_on.is_(None), T.c.ended_on > start)]
    if end is not None:
        conds.append(or_(T.c.started_on.is_(None), T.c.started_on < end))
    if except_id is not None:
        conds.append(T.c.id != except_id)
    stmt = (
        select(T.c.position, R.c.name)
        .select_from(T.join(R, R.c.id == T.c.resident_id))
        .where(*conds)
        .limit(1)
    )
    return work.conn.execute(stmt).mappings().first()


def _validate(
    work: Work,
    data: OfficialInput,
    *,
    ended_on: dt.date | None = None,
    except_id: int | None = None,
) -> RowMapping:
    """Refuse what would make the list wrong; returns the resident's name and status."""
    words = words_of(work)
    person = _resident(work, data.resident_id)
    if person["status_dasar"] != codes.HIDUP:
        status = codes.STATUS_DASAR.get(person["status_dasar"], "tidak hidup").lower()
        raise UserError("PERANGKAT_TIDAK_HIDUP", name=person["name"], status=status)
    if not data.position.strip():
        raise UserError("PERANGKAT_JABATAN", example=words.secretary)
    if data.kind not in O.KINDS:
        raise UserError("PERANGKAT_JENIS", head=words.head)
    if data.started_on is not None and data.started_on > work.today:
        raise UserError("PERANGKAT_MULAI", started=tanggal(data.started_on))
    if ended_on is not None and data.started_on is not None and ended_on < data.started_on:
        raise UserError(
            "PERANGKAT_TANGGAL", ended=tanggal(ended_on), started=tanggal(data.started_on)
        )
    start = data.started_on or ended_on or work.today
    same = _overlapping(work, start, ended_on, except_id, T.c.resident_id == data.resident_id)
    if same is not None:
        raise UserError("PERANGKAT_GANDA", name=same["name"], position=same["position"])
    if data.kind == KEPALA:
        head = _overlapping(work, start, ended_on, except_id, T.c.kind == KEPALA)
        if head is not None:
            raise UserError("PERANGKAT_KEPALA_GANDA", name=head["name"], head=words.head)
    return person


def _values(data: OfficialInput) -> dict[str, Any]:
    return {
        "resident_id": data.resident_id,
        "position": " ".join(data.position.split()),
        "kind": data.kind,
        "sk_number": data.sk_number.strip(),
        "started_on": data.started_on,
        "notes": data.notes.strip(),
    }


def _key(position: str, name: str) -> str:
    return f"{position} — {name}"


# --- changes ------------------------------------------------------------------------------------
def add_official(work: Work, data: OfficialInput) -> int:
    """Put a resident on the list of officials; returns the new row's id."""
    work.require(perm.OFFICE)
    person = _validate(work, data)
    values = _values(data)
    new_id = insert_id(
        work.conn,
        insert(T).values(**values, actor=work.user, created_at=work.now, updated_at=work.now),
    )
    audit.note(
        work,
        action="create",
        entity=ENTITY,
        entity_id=new_id,
        entity_key=_key(values["position"], person["name"]),
        changes={k: (None, v) for k, v in values.items() if v not in (None, "")},
    )
    work.touch(OFFICE, new_id)
    return new_id


def update_official(
    work: Work, official_id: int, data: OfficialInput, *, opened: OfficialInput | None = None
) -> None:
    """Correct the position, kind, SK, start date or notes (the person stays the same).
    ``opened``: the record as the dialog showed it; refused with :class:`EditConflict` when it
    changed since (None: overwrite)."""
    work.require(perm.OFFICE)
    old = official(work, official_id)
    if opened is not None:
        check_unchanged(
            work,
            entity=ENTITY,
            entity_id=official_id,
            what=f"jabatan {opened.position}",
            opened=_values(opened),
            current={f: getattr(old, f) for f in FIELDS},
        )
    if data.resident_id != old.resident_id:
        raise UserError("PERANGKAT_GANTI_ORANG")
    person = _validate(work, data, ended_on=old.ended_on, except_id=official_id)
    values = _values(data)
    changes = audit.diff({f: getattr(old, f) for f in FIELDS}, values)
    if not changes:
        return
    work.conn.execute(
        update(T)
        .where(T.c.id == official_id)
        .values(**values, actor=work.user, updated_at=work.now)
    )
    audit.note(
        work,
        action="update",
        entity=ENTITY,
        entity_id=official_id,
        entity_key=_key(values["position"], person["name"]),
        changes=changes,
    )
    work.touch(OFFICE, official_id)


def end_official(work: Work, official_id: int, ended_on: dt.date, reason: str) -> None:
    """The official left office on ``ended_on``: the row stays as history, with the reason."""
    work.require(perm.OFFICE)
    old = official(work, official_id)
    if old.ended_on is not None:
        raise UserError("PERANGKAT_SUDAH_BERHENTI", name=old.name, ended=tanggal(old.ended_on))
    why = " ".join(reason.split())
    if not why:
        raise UserError("PERANGKAT_ALASAN")
    if old.started_on is not None and ended_on < old.started_on:
        raise UserError(
            "PERANGKAT_TANGGAL", ended=tanggal(ended_on), started=tanggal(old.started_on)
        )
    note = f"Berhenti {tanggal(ended_on)}: {why}"
    notes = f"{old.notes}; {note}" if old.notes else note
    work.conn.execute(
        update(T)
        .where(T.c.id == official_id)
        .values(ended_on=ended_on, notes=notes, actor=work.user, updated_at=work.now)
    )
    audit.note(
        work,
        action="end",
        entity=ENTITY,
        entity_id=official_id,
        entity_key=_key(old.position, old.name),
        changes={"ended_on": (None, ended_on)},
        reason=why,
    )
    work.touch(OFFICE, official_id)


def remove_official(work: Work, official_id: int, reason: str) -> None:
    """Only for a mistaken entry (someone who never held the office): an official who left is
    ended, not removed."""
    work.require(perm.OFFICE)
    old = official(work, official_id)
    why = " ".join(reason.split())
    if not why:
        raise UserError("PERANGKAT_ALASAN")
    work.conn.execute(delete(T).where(T.c.id == official_id))
    audit.note(
        work,
        action="delete",
        entity=ENTITY,
        entity_id=official_id,
        entity_key=_key(old.position, old.name),
        changes={"position": (old.position, None), "resident_id": (old.resident_id, None)},
        reason=why,
    )
    work.touch(OFFICE, official_id)


# --- suggestions ----------------------------------------------------------------------------------
def suggestions(work: Work) -> list[OfficialSuggestion]:
    """Living residents whose occupation says kepala (86) or perangkat desa (85) and who are not
    on the list (in office or history), so the secretary can add them in one click."""
    words = words_of(work)
    listed = select(T.c.resident_id)
    stmt = (
        select(R.c.id, R.c.nik, R.c.name, R.c.occupation)
        .where(
            R.c.occupation.in_(sorted(J.OFFICIAL_OCCUPATIONS)),
            R.c.status_dasar == codes.HIDUP,
            R.c.id.not_in(listed),
        )
        .order_by(R.c.occupation.desc(), R.c.name_key, R.c.id)
    )
    out = []
    for rid, nik, name, occupation in work.conn.execute(stmt):
        position, kind = O.default_position(occupation, words)
        out.append(OfficialSuggestion(int(rid), nik, name, int(occupation), position, kind))
    return out


# --- coverage -------------------------------------------------------------------------------------
def _active(p: JknRow) -> bool:
    return p.segment in J.JKN_SEGMENTS and p.status == J.AKTIF


def _member(p: JknRow, today: dt.date, in_family: bool, covered: bool, note: str) -> FamilyCoverage:
    return FamilyCoverage(
        p.id,
        codes.shdk().label(p.shdk).title() if p.shdk else "",
        p.name,
        p.nik,
        p.age(today),
        p.segment,
        p.status,
        p.card_no,
        in_family,
        covered,
        note,
    )


def _family_note(p: JknRow, ppu: bool) -> str:
    if not ppu:
        return "" if _active(p) else "Belum terlindungi"
    if p.segment == J.PPU and p.status == J.AKTIF:
        return "Ditanggung PPU pejabat"
    return "Ditanggung PPU pejabat; pastikan terdaftar sebagai anggota keluarganya"


def _family(
    work: Work, person: JknRow, ppu: bool
) -> tuple[tuple[FamilyCoverage, ...], tuple[FamilyCoverage, ...], str]:
    """The official's PPU family in their KK (spouse first, then the children counted, eldest
    first), the uninsured members outside it, and why there is none when there is none."""
    today = work.today
    if person.household_id is None:
        return (), (), "Tidak tercatat dalam KK mana pun: keluarganya tidak bisa dibaca."
    if person.shdk not in J.PPU_CORE:
        relation = codes.shdk().label(person.shdk).lower() if person.shdk else "anggota"
        return (
            (),
            (),
            f"Tercatat sebagai {relation} dalam KK: pasangan dan anaknya tidak ada di KK ini.",
        )
    rows = [p for p in members(work, person.household_id) if p.status_dasar == codes.HIDUP]
    fm = family_members(rows, today)
    family_ids = J.ppu_family(fm)
    outside_ids = J.outside_ppu_family(fm) if ppu else {p.id for p in rows if p.uninsured}
    spouse = [p for p in rows if p.id != person.id and p.shdk in J.PPU_CORE][:1]
    children = sorted(
        (p for p in rows if p.id in family_ids and p.shdk == 4),
        key=lambda p: -(p.age(today) or 0),
    )
    family = tuple(
        _member(p, today, True, ppu or _active(p), _family_note(p, ppu))
        for p in (*spouse, *children)
    )
    counted = {f.resident_id for f in family} | {person.id}
    outside = tuple(
        _member(p, today, False, False, O.OUTSIDE_NOTE)
        for p in rows
        if p.id not in counted and p.id in outside_ids
    )
    note = "" if family else "Tidak ada pasangan atau anak yang ditanggung di KK ini."
    return family, outside, note


def _coverage(work: Work, o: Official, person: JknRow, words: VillageWords) -> OfficialCoverage:
    ppu = person.status_dasar == codes.HIDUP and O.on_ppu(person.segment, person.status)
    step = O.official_step(person.segment, person.status, person.status_dasar)
    next_step = O.step_text(step, words)
    if step is None and person.step == "usul_hapus_ppu":  # PPU, and still on a PBI list
        next_step = J.STEPS["usul_hapus_ppu"]
    family, outside, note = _family(work, person, ppu)
    return OfficialCoverage(
        o,
        person.segment,
        person.status,
        person.card_no,
        ppu,
        step is not None,
        step,
        next_step,
        family,
        outside,
        note,
        person.age(work.today),
    )


def officials_list(work: Work) -> list[OfficialCoverage]:
    """Each official in office on the job's day with their JKN, the flag and next step when not
    an active PPU member, and their family: spouse and up to three children per the PPU family
    rule, each covered under the official's active PPU or by an active membership of their own;
    and the uninsured members outside the PPU family (the extra 1% case)."""
    words = words_of(work)
    listed = officials(work)
    people = {p.id: p for p in fetch_rows(work, [o.resident_id for o in listed])}
    return [_coverage(work, o, people[o.resident_id], words) for o in listed]


def summarize(items: Sequence[OfficialCoverage]) -> OfficialsSummary:
    on_ppu = sum(1 for c in items if c.on_ppu)
    family = sum(len(c.family) for c in items)
    covered = sum(c.family_covered for c in items)
    return OfficialsSummary(
        len(items), on_ppu, len(items) - on_ppu, family, covered, family - covered
    )


def summary(work: Work) -> OfficialsSummary:
    """The counts for the package and the monthly report, as of the job's day."""
    return summarize(officials_list(work))


def overview(work: Work) -> OfficialsOverview:
    """The list, its counts and the suggestions, as of the job's day (the page's one read)."""
    items = officials_list(work)
    return OfficialsOverview(work.today, items, summarize(items), suggestions(work))
