"""Registry counts for the status bar, the Beranda page and ``jkn-desktop stats``."""

from __future__ import annotations

from sqlalchemy import func, select

from jkn_desktop.domain import codes
from jkn_desktop.persistence.models import household_t, resident_t
from jkn_desktop.persistence.search import mostly_true
from jkn_desktop.persistence.work import Work
from jkn_desktop.records.registry import RegistryStats

R = resident_t
H = household_t


def registry_stats(work: Work) -> RegistryStats:
    conn = work.conn
    by_status_code: dict[int, int] = dict(
        conn.execute(select(R.c.status_dasar, func.count()).group_by(R.c.status_dasar)).all()
    )
    by_sex: dict[str, int] = dict(
        conn.execute(
            select(R.c.sex, func.count()).where(R.c.status_dasar == codes.HIDUP).group_by(R.c.sex)
        ).all()
    )
    # household by household in dusun order (index ix_household_area), members by index
    living = mostly_true(conn.dialect.name, R.c.status_dasar == codes.HIDUP)
    by_dusun: dict[str, int] = dict(
        conn.execute(
            select(H.c.dusun, func.count())
            .select_from(H.join(R, R.c.household_id == H.c.id))
            .where(living)
            .group_by(H.c.dusun)
            .order_by(H.c.dusun)
        ).all()
    )
    without_household = conn.execute(
        select(func.count()).where(R.c.household_id.is_(None), R.c.status_dasar == codes.HIDUP)
    ).scalar_one()
    if without_household:
        by_dusun[""] = by_dusun.get("", 0) + without_household
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
