"""The per-household summary the coverage figures are read from (migration 0009): each household's
members' situations as coverage's rules read them, kept in step by triggers that mark changed
households and a refresh at the end of every write job (persistence.household_situation). Kept
apart from ``models`` so each stays small; both share one metadata."""

from __future__ import annotations

from sqlalchemy import Column, Index, Integer
from sqlmodel import Field, SQLModel

from jkn_desktop.persistence.models import _table


class HouseholdSituation(SQLModel, table=True):
    """One row per household with members (household_id 0: the residents without a household,
    who count as people, not as a KK): its dusun, RW and desil, its members' situations, and what
    the rules make of them: living members, of them registered and active, the household's flag
    (0 covered or no one living, 1 no living member insured, 2 some uninsured)."""

    __tablename__ = "household_situation"
    # coverage sums per RW along this index alone
    __table_args__ = (
        Index(
            "ix_household_situation_area",
            "dusun",
            "rw",
            "living",
            "registered",
            "active",
            "flag",
        ),
    )
    household_id: int = Field(
        sa_column=Column(Integer, primary_key=True, autoincrement=False, nullable=False)
    )
    dusun: str = ""
    rw: str = ""
    desil: int | None = None
    listed: str = ""
    living: int = 0
    registered: int = 0
    active: int = 0
    flag: int = 0


class SituationCount(SQLModel, table=True):
    """How many residents are in each situation (with their household's desil, 0: not known):
    the village's counts per suggested step, uninsured reason and segment come from these few
    hundred rows."""

    __tablename__ = "situation_count"
    situation: str = Field(primary_key=True)
    desil: int = Field(
        sa_column=Column(Integer, primary_key=True, autoincrement=False, nullable=False)
    )
    n: int = 0


class HouseholdSituationDirty(SQLModel, table=True):
    """Households whose summary a write of this transaction made stale (marked by triggers on
    resident and household; emptied by the refresh before the job commits)."""

    __tablename__ = "household_situation_dirty"
    household_id: int = Field(
        sa_column=Column(Integer, primary_key=True, autoincrement=False, nullable=False)
    )


class HouseholdSituationState(SQLModel, table=True):
    """One row (id 1): the encoding of the situations the summary was built with; another
    encoding (a rule's code list changed) makes the app build the summary again."""

    __tablename__ = "household_situation_state"
    id: int = Field(default=1, primary_key=True)
    encoding: str = ""


household_situation_t = _table(HouseholdSituation)
household_situation_dirty_t = _table(HouseholdSituationDirty)
household_situation_state_t = _table(HouseholdSituationState)
situation_count_t = _table(SituationCount)
