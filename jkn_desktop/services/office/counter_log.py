"""The counter log (buku loket): what a resident asked for at the village counter, the JKN state the
office saw, what the office rule advised, what the office decided and who decided it. A poor
uninsured resident proposed for PBI gets the proposal in the same job; the follow-ups still open
and a month's counts are read from ``counter_followups``."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, and_, insert, or_, select, true

from jkn_desktop.domain import codes
from jkn_desktop.domain import jkn as J
from jkn_desktop.domain import office as O
from jkn_desktop.domain import roles as perm
from jkn_desktop.domain import usulan as U
from jkn_desktop.domain.names import clean_name
from jkn_desktop.domain.nik import clean_identifier
from jkn_desktop.errors import UserError
from jkn_desktop.persistence.bulk import insert_id
from jkn_desktop.persistence.tables import (
    counter_visit_t,
    household_t,
    resident_t,
    sktm_t,
    usulan_t,
)
from jkn_desktop.persistence.work import Work
from jkn_desktop.records.changes import OFFICE, USULAN
from jkn_desktop.records.counter import (
    CounterOverview,
    CounterService,
    Visit,
    VisitInput,
)
from jkn_desktop.records.membership import JknRow
from jkn_desktop.records.usulan import ProposalInput
from jkn_desktop.services import audit
from jkn_desktop.services.membership.kepesertaan import fetch_rows
from jkn_desktop.services.office.counter_followups import (
    close_followup,
    followups,
    month_bounds,
    month_counts,
    remove_visit,
)
from jkn_desktop.services.office.settings import (
    office_settings,
    save_office_settings,
    save_services,
    services,
)
from jkn_desktop.services.registry.village import get_village
from jkn_desktop.services.usulan import proposals

__all__ = [
    "advice_for",
    "close_followup",
    "followups",
    "log_visit",
    "month_counts",
    "office_settings",
    "overview",
    "remove_visit",
    "save_office_settings",
    "save_services",
    "service_named",
    "services",
    "visits",
]
R, H, V, S, T = resident_t, household_t, counter_visit_t, sktm_t, usulan_t
ORIGIN = "loket"  # a proposal made at the counter (usulan.origin)


def service_named(work: Work, name: str) -> CounterService:
    """The service of the list with this name (letter case and spaces do not count); a service
    no longer in the list is refused, so the log only holds what the office offers."""
    wanted = " ".join(name.split()).casefold()
    if not wanted:
        raise UserError("LOKET_LAYANAN")
    offered = services(work)
    for s in offered:
        if s.name.casefold() == wanted:
            return s
    raise UserError(
        "LOKET_LAYANAN.tidak_ada", service=name.strip(), choices="; ".join(s.name for s in offered)
    )


def _person(work: Work, resident_id: int | None) -> JknRow:
    if resident_id is None:
        raise UserError("LOKET_PENDUDUK")
    found = fetch_rows(work, [resident_id])
    if not found:
        raise UserError("LOKET_PENDUDUK.hilang")
    return found[0]


def has_valid_sktm(work: Work, resident_id: int) -> bool:
    """An SKTM valid on the job's day, the resident's own or their KK's (one definition with the
    SKTM register and the APBDes check: the letter certifies the family)."""
    from jkn_desktop.services.office.sktm import valid_sktm_ids

    return resident_id in valid_sktm_ids(work, [resident_id], work.today)


def _advice(work: Work, person: JknRow, service: CounterService) -> O.Advice:
    return O.advise(
        service=service.name,
        requires_jkn=service.requires_jkn,
        status_dasar=person.status_dasar,
        segment=person.segment,
        status=person.status,
        desil=person.desil,
        has_valid_sktm=has_valid_sktm(work, person.id),
        occupation=person.occupation,
    )


def advice_for(work: Work, resident_id: int, service: str) -> O.Advice:
    """What the office rule says for this resident and service, on the job's day, before the
    user decides."""
    return _advice(work, _person(work, resident_id), service_named(work, service))


def _check_outcome(work: Work, outcome: str, person: JknRow) -> None:
    if outcome not in O.OUTCOMES:
        raise UserError("LOKET_HASIL", choices=", ".join(O.OUTCOMES.values()))
    if outcome not in (O.DIUSULKAN_PBI, O.DIUSULKAN_APBDES):
        return
    if outcome == O.DIUSULKAN_APBDES:
        village = get_village(work)
        if village is not None and not village.words.has_apbdes:
            raise UserError("LOKET_HASIL.apbdes", village=village.full_name)
    if person.status_dasar != codes.HIDUP:
        status = codes.STATUS_DASAR.get(person.status_dasar, "tidak hidup").lower()
        raise UserError("LOKET_USUL.hidup", name=person.name, status=status)
    if outcome == O.DIUSULKAN_PBI:
        if person.segment in J.PBI_SEGMENTS and person.status == J.AKTIF:
            raise UserError(
                "LOKET_USUL.pbi", name=person.name, segment=J.SEGMENT_SHORT[person.segment]
            )
        if person.occupation in J.OFFICIAL_OCCUPATIONS:
            raise UserError("LOKET_USUL.perangkat", name=person.name)


def _proposal(work: Work, person: JknRow, v: VisitInput, service: str) -> int:
    """This month's proposal for the resident: the one already there, or a new draft — a
    penambahan, or a reaktivasi for a PBI member whose membership was deactivated
    (``usulan.proposals.add`` refuses a person already in another proposal this month)."""
    period = f"{work.today.year}-{work.today.month:02d}"
    lapsed_pbi = person.segment in J.PBI_SEGMENTS
    kind = U.REAKTIVASI if lapsed_pbi else U.PENAMBAHAN
    existing = work.conn.execute(
        select(T.c.id).where(
            T.c.period == period,
            T.c.nik == person.nik,
            T.c.kind.in_((U.PENAMBAHAN, U.REAKTIVASI)),
        )
    ).first()
    if existing is not None:
        return int(existing.id)
    note = f"Diusulkan di loket ({service})" + (f": {v.note.strip()}" if v.note.strip() else "")
    track = person.segment if lapsed_pbi else v.track
    return proposals.add(
        work, ProposalInput(period, kind, person.nik, notes=note, origin=ORIGIN, track=track)
    )


def log_visit(work: Work, v: VisitInput) -> int:
    """Write one visit, dated the job's day, by the job's user, with the state seen and the
    rule's advice. Outcome diusulkan_pbi makes (or reuses) this month's proposal in the same job:
    a proposal refused means no visit either."""
    work.require(perm.MEMBERSHIP)
    person = _person(work, v.resident_id)
    service = service_named(work, v.service)
    _check_outcome(work, v.outcome, person)
    advice = _advice(work, person, service)
    usulan_id = _proposal(work, person, v, service.name) if v.outcome == O.DIUSULKAN_PBI else None
    values = {
        "visited_on": work.today,
        "resident_id": person.id,
        "service": service.name,
        "requires_jkn": service.requires_jkn,
        "jkn_segment": person.segment or "",
        "jkn_status": person.status or "",
        "advice": advice.code,
        "outcome": v.outcome,
        "note": v.note.strip(),
        "usulan_id": usulan_id,
        "actor": work.user,
        "created_at": work.now,
    }
    vid = insert_id(work.conn, insert(V).values(**values))
    audit.note(
        work,
        action="create",
        entity="counter_visit",
        entity_id=vid,
        entity_key=f"{person.nik} {service.name}",
        changes={
            k: (None, values[k])
            for k in ("service", "jkn_segment", "jkn_status", "advice", "outcome", "note")
            if values[k]
        },
    )
    work.touch(OFFICE, vid)
    if usulan_id is not None:
        work.touch(USULAN, usulan_id)
    return vid


# --- the log --------------------------------------------------------------------------------------
_VISIT_COLUMNS = (
    V.c.id,
    V.c.visited_on,
    V.c.resident_id,
    R.c.name,
    R.c.nik,
    H.c.dusun,
    H.c.rt,
    H.c.rw,
    V.c.service,
    V.c.requires_jkn,
    V.c.jkn_segment,
    V.c.jkn_status,
    V.c.advice,
    V.c.outcome,
    V.c.note,
    V.c.usulan_id,
    V.c.closed_on,
    V.c.closed_note,
    V.c.actor,
)


def _search(text: str) -> ColumnElement[bool]:
    """Part of a name, the start of a NIK, or part of the service's name."""
    digits = clean_identifier(text)
    if digits.isdigit():
        return and_(R.c.nik >= digits, R.c.nik < digits + ":")
    words = [w for w in clean_name(text).upper().split(" ") if w]
    on_name = and_(true(), *[R.c.name_key.contains(w, autoescape=True) for w in words])
    return or_(on_name, V.c.service.icontains(text.strip(), autoescape=True))


def _visit(row: Any) -> Visit:
    values = list(row)
    for i in (5, 6, 7):  # a resident without a household has no place
        values[i] = values[i] or ""
    values[9] = bool(values[9])
    return Visit(*values)


def visits(
    work: Work, period: str | None = None, outcome: str | None = None, search: str = ""
) -> list[Visit]:
    """The log, newest first: one month (``YYYY-MM``) or all, one outcome or all, and a search
    on the name, the NIK or the service, all filtered in SQL."""
    conds: list[ColumnElement[bool]] = []
    if period:
        first, last = month_bounds(period)
        conds += [V.c.visited_on >= first, V.c.visited_on <= last]
    if outcome:
        conds.append(V.c.outcome == outcome)
    if search.strip():
        conds.append(_search(search))
    stmt = (
        select(*_VISIT_COLUMNS)
        .select_from(V.join(R, R.c.id == V.c.resident_id).outerjoin(H, H.c.id == R.c.household_id))
        .where(and_(true(), *conds))
        .order_by(V.c.visited_on.desc(), V.c.id.desc())
    )
    return [_visit(r) for r in work.conn.execute(stmt)]


def visit(work: Work, visit_id: int) -> Visit | None:
    stmt = (
        select(*_VISIT_COLUMNS)
        .select_from(V.join(R, R.c.id == V.c.resident_id).outerjoin(H, H.c.id == R.c.household_id))
        .where(V.c.id == visit_id)
    )
    row = work.conn.execute(stmt).first()
    return _visit(row) if row else None


def overview(
    work: Work, period: str, outcome: str | None = None, search: str = ""
) -> CounterOverview:
    """The Buku loket tab in one read: the month's visits as filtered, the month's counts and
    the follow-ups open today."""
    return CounterOverview(
        visits(work, period, outcome, search), month_counts(work, period), followups(work)
    )
