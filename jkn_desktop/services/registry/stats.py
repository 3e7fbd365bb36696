"""Registry counts for the status bar, the Beranda page and ``jkn-desktop stats``."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import Connection, func, select

from jkn_desktop.domain import codes
from jkn_desktop.persistence import household_situation as situations
from jkn_desktop.persistence.search import mostly_true
from jkn_desktop.persistence.tables import household_situation_t, household_t, resident_t
from jkn_desktop.persistence.work import Work
from jkn_desktop.records.registry import RegistryStats

R = resident_t
H = household_t


def registry_stats(work: Work) -> RegistryStats:
    conn = work.conn
    # status and sex in one pass over the narrow index (status dasar, sex)
    by_status_code: dict[int, int] = defaultdict(int)
    by_sex: dict[str, int] = defaultdict(int)
    for status, sex, n in conn.execute(
        select(R.c.status_dasar, R.c.sex, func.count()).group_by(R.c.status_dasar, R.c.sex)
    ):
        by_status_code[status] += n
        if status == codes.HIDUP:
            by_sex[sex] += n
    by_dusun = _living_by_dusun(conn)
    households = conn.execute(select(func.count()).select_from(H)).scalar_one()
    by_status = {
        codes.STATUS_DASAR.get(code, f"KODE {code}"): n
        for code, n in sorted(by_status_code.items())
    }
    return RegistryStats(
        residents=sum(by_status_code.values()),
        living=by_status_code.get(codes.HIDUP, 0),
        households=households,
        by_status=by_status,
        by_sex={"L": by_sex.get("L", 0), "P": by_sex.get("P", 0)},
        by_dusun={(k or "(tanpa dusun)"): v for k, v in by_dusun.items()},
    )


def _living_by_dusun(conn: Connection) -> dict[str, int]:
    """Living residents per their household's dusun ("" without a household, last). From the
    coverage summary (persistence.household_situation: a few thousand rows) when it can be
    trusted; else household by household in dusun order, members by index."""
    if situations.trusted(conn):
        S = household_situation_t
        living = func.sum(S.c.living)
        # one expression (one parameter) in both places, or PostgreSQL sees two different ones
        alone_ = (S.c.household_id == situations.NO_HOUSEHOLD).label("alone")
        kept = conn.execute(
            select(S.c.dusun, living, alone_)
            .where(S.c.living > 0)
            .group_by(S.c.dusun, alone_)
            .order_by(S.c.dusun)
        ).all()
        by_dusun = {d: int(n) for d, n, alone in kept if not alone}
        without_household = sum(int(n) for _d, n, alone in kept if alone)
    else:
        living_ = mostly_true(conn.dialect.name, R.c.status_dasar == codes.HIDUP)
        by_dusun = dict(
            conn.execute(
                select(H.c.dusun, func.count())
                .select_from(H.join(R, R.c.household_id == H.c.id))
                .where(living_)
                .group_by(H.c.dusun)
                .order_by(H.c.dusun)
            ).all()
        )
        without_household = conn.execute(
            select(func.count()).where(R.c.household_id.is_(None), R.c.status_dasar == codes.HIDUP)
        ).scalar_one()
    if without_household:
        by_dusun[""] = by_dusun.get("", 0) + without_household
    return by_dusun
