"""The per-household summary the coverage figures are read from (migration 0009), kept in step by
triggers that mark changed households and a refresh at the end of every write job
(persistence.household_situation). Plain SQLAlchemy tables on the models' metadata: they are read
on the way to the Beranda's first figures, and a table needs no pydantic model."""

from __future__ import annotations

from sqlalchemy import Column, Index, Integer, String, Table

from jkn_desktop.persistence.models import metadata

# One row per household with members (household_id 0: the residents without a household, who
# count as people, not as a KK): its dusun, RW and desil, its members' situations, and what the
# rules make of them: living members, of them registered and active, the household's flag (0
# covered or no one living, 1 no living member insured, 2 some uninsured).
household_situation_t = Table(
    "household_situation",
    metadata,
    Column("household_id", Integer, primary_key=True, autoincrement=False),
    Column("dusun", String, nullable=False),
    Column("rw", String, nullable=False),
    Column("desil", Integer, nullable=True),
    Column("listed", String, nullable=False),
    Column("living", Integer, nullable=False),
    Column("registered", Integer, nullable=False),
    Column("active", Integer, nullable=False),
    Column("flag", Integer, nullable=False),
    # coverage sums per RW along this index alone
    Index("ix_household_situation_area", "dusun", "rw", "living", "registered", "active", "flag"),
)

# How many residents are in each situation (with their household's desil, 0: not known): the
# village's counts per suggested step, uninsured reason and segment come from these few hundred
# rows.
situation_count_t = Table(
    "situation_count",
    metadata,
    Column("situation", String, primary_key=True),
    Column("desil", Integer, primary_key=True, autoincrement=False),
    Column("n", Integer, nullable=False),
)

# Households whose summary a write of this transaction made stale (marked by triggers on resident
# and household; emptied by the refresh before the job commits).
household_situation_dirty_t = Table(
    "household_situation_dirty",
    metadata,
    Column("household_id", Integer, primary_key=True, autoincrement=False),
)

# One row (id 1): the encoding the summary was built with; another encoding (another version of
# the app or of its rules) makes the app build the summary again.
household_situation_state_t = Table(
    "household_situation_state",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("encoding", String, nullable=False),
)
