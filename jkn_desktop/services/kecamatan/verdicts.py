"""A person's review of a duplicate candidate: "orang yang sama" (and which village should
correct its record) or "bukan orang yang sama" (the candidate is hidden in later months). Kept in
``kec_duplicate_verdict`` under (kind, pair_key), so it holds every month the pair turns up again;
every verdict and every change of one is in the audit trail (UU 27/2022 Ps. 31)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from jkn_desktop.domain import duplicates as D
from jkn_desktop.domain import roles as perm
from jkn_desktop.errors import UserError
from jkn_desktop.persistence.tables import kec_duplicate_verdict_t, kec_village_t
from jkn_desktop.persistence.work import Work
from jkn_desktop.records.kecamatan_duplicates import Verdict
from jkn_desktop.services import audit
from jkn_desktop.services.kecamatan.identity import normalize_code, require_kecamatan

T = kec_duplicate_verdict_t
_COLUMNS = (
    T.c.kind,
    T.c.pair_key,
    T.c.verdict,
    T.c.correcting_village,
    T.c.note,
    T.c.period,
    T.c.decided_at,
    T.c.decided_by,
)


def all_verdicts(work: Work) -> dict[tuple[str, str], Verdict]:
    return {(r[0], r[1]): Verdict(*r) for r in work.conn.execute(select(*_COLUMNS))}


def get_verdict(work: Work, kind: str, pair_key: str) -> Verdict | None:
    row = work.conn.execute(
        select(*_COLUMNS).where(T.c.kind == kind, T.c.pair_key == pair_key)
    ).first()
    return Verdict(*row) if row else None


def set_verdict(
    work: Work,
    kind: str,
    pair_key: str,
    verdict: str,
    correcting_village: str = "",
    note: str = "",
    *,
    period: str = "",
) -> Verdict:
    """Record (or change) the verdict on one candidate. ``sama`` needs ``correcting_village``,
    one of the pair's two villages; ``bukan`` needs a ``note`` saying why. ``period``: the month
    being reviewed (kept as the month it was first decided in)."""
    work.require(perm.REVIEW)
    require_kecamatan(work)
    if kind not in D.KINDS:
        raise UserError("GANDA_JENIS", kind=kind, kinds=", ".join(D.KINDS))
    key = D.PairKey.parse(pair_key)
    if key is None:
        raise UserError("GANDA_KUNCI", key=pair_key)
    if verdict not in D.VERDICTS:
        raise UserError("GANDA_PUTUSAN", verdict=verdict)
    note = note.strip()
    correcting = normalize_code(correcting_village) if correcting_village.strip() else ""
    if verdict == D.SAMA:
        if correcting not in key.villages:
            raise UserError(
                "GANDA_DESA_KOREKSI",
                kode=correcting_village or "-",
                villages=" atau ".join(key.villages),
            )
    else:
        correcting = ""
        if not note:
            raise UserError("GANDA_CATATAN")
    known = set(work.conn.execute(select(kec_village_t.c.kode_wilayah)).scalars())
    missing = [v for v in key.villages if v not in known]
    if missing:
        raise UserError("GANDA_KUNCI", key=pair_key)
    before = get_verdict(work, kind, str(key))
    values: dict[str, Any] = {
        "verdict": verdict,
        "correcting_village": correcting,
        "note": note,
        "decided_at": work.now,
        "decided_by": work.user,
    }
    if before is None:
        work.conn.execute(
            T.insert().values(
                kind=kind,
                pair_key=str(key),
                nik_a=key.nik_a,
                nik_b=key.nik_b,
                village_a=key.village_a,
                village_b=key.village_b,
                period=period,
                **values,
            )
        )
        changes: dict[str, tuple[object, object]] = {
            "verdict": (None, verdict),
            "correcting_village": (None, correcting or None),
            "note": (None, note or None),
        }
    else:
        work.conn.execute(
            T.update().where(T.c.kind == kind, T.c.pair_key == str(key)).values(**values)
        )
        old = {
            "verdict": before.verdict,
            "correcting_village": before.correcting_village,
            "note": before.note,
        }
        changes = {k: (old[k], values[k]) for k in old if old[k] != values[k]}
    if before is None or changes:
        audit.note(
            work,
            action="create" if before is None else "update",
            entity="kec_duplicate_verdict",
            entity_id=None,
            entity_key=f"{kind} {key}",
            changes=changes,
            reason=note,
        )
    result = get_verdict(work, kind, str(key))
    assert result is not None
    return result
