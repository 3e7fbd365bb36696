"""What every page gets: the open database, the task runner, the village identity, and the two
shapes of a job (Anki's ``QueryOp`` and ``CollectionOp``).

``ctx.query(fn, *args)`` runs ``fn(work, *args)`` in a read-only unit of work; ``ctx.op(fn, *args)``
runs it in one transaction and, once committed, tells the window what changed so that only the
pages showing it are refreshed. Both run on the database thread; ``on_done`` gets the result on the
UI thread.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # kept out of the start-up path: the window paints before these load
    from concurrent.futures import Future

    from jkn_desktop.domain.wilayah import VillageWords
    from jkn_desktop.records.area import Scope
    from jkn_desktop.records.changes import Changes
    from jkn_desktop.records.kecamatan import KecamatanInfo
    from jkn_desktop.records.village import VillageInfo
    from jkn_desktop.services.database import Database
    from ui.tasks import TaskRunner


@dataclass(frozen=True, slots=True)
class _Done:
    result: Any
    changes: Changes


@dataclass
class AppContext:
    db: Database
    runner: TaskRunner
    village: VillageInfo | None = None
    # a kecamatan's file (issue #15): its identity; the window then shows the kecamatan's pages
    kecamatan: KecamatanInfo | None = None
    region_codes: frozenset[str] = field(default_factory=frozenset)
    # the main window listens here: called on the UI thread after every committed op
    on_changes: Callable[[Changes], None] | None = None
    # … and here after a restore or an undo swapped the whole database file
    on_replaced: Callable[[], None] | None = None

    @property
    def words(self) -> VillageWords:
        """Desa or Kelurahan, Kepala Desa or Lurah …: a desa's words until the identity is saved."""
        from jkn_desktop.domain.wilayah import DESA_WORDS

        return self.village.words if self.village is not None else DESA_WORDS

    @property
    def role_words(self) -> dict[str, str]:
        """The roles as this office names them: a kecamatan's "Camat" is a village's "Kepala Desa"."""
        from jkn_desktop.domain.roles import ROLE_WORDS, ROLE_WORDS_KECAMATAN

        return ROLE_WORDS_KECAMATAN if self.kecamatan is not None else ROLE_WORDS

    def actor(self) -> str:
        """The name the audit trail records: the person logged in, else (a file without accounts)
        the operator named in the identity."""
        if self.db is not None and self.db.session is not None:
            return str(self.db.session.username)
        return (self.village.operator if self.village else "") or "operator"

    @property
    def scope(self) -> Scope:
        from jkn_desktop.records.area import WHOLE, Scope

        return Scope(self.village.kode_wilayah, "desa") if self.village is not None else WHOLE

    def database_replaced(self) -> None:
        """A restore or an undo put another database file in place: every page is out of date."""
        if self.on_replaced is not None:
            self.on_replaced()

    def region_known(self, code: str) -> bool:
        return not self.region_codes or code in self.region_codes

    def run(self, fn: Any, *args: Any, **kwargs: Any) -> Future[Any]:
        """A job that needs no database (writing a file from records already at hand)."""
        return self.runner.run(fn, *args, **kwargs)

    def query(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Future[Any]:
        """Read: ``fn(work, *args, **kwargs)`` in a read-only unit of work. ``yields=True``: a
        read nobody waits for, cancelled (``on_error`` gets ``Cancelled``) by the next job."""
        return self._submit(fn, args, kwargs, write=False)

    def op(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Future[Any]:
        """Change: ``fn(work, *args, **kwargs)`` in one transaction; the window then refreshes the
        pages that show what it changed, before ``on_done`` sees the result. ``backup_first`` (a
        kind of domain.backups.STEPS): a big step; the database is backed up, on the same
        thread, just before the transaction opens — what *undo* restores. A backup that cannot
        be written (a full disk) refuses the step."""
        return self._submit(fn, args, kwargs, write=True)

    def _submit(
        self, fn: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any], *, write: bool
    ) -> Future[Any]:
        runner_kw = {
            k: kwargs.pop(k) for k in ("on_error", "label", "parent", "yields") if k in kwargs
        }
        on_done: Callable[[Any], None] | None = kwargs.pop("on_done", None)
        backup_first: str | None = kwargs.pop("backup_first", None)
        db, user, scope = self.db, self.actor(), self.scope
        wants_progress = "progress" in inspect.signature(fn).parameters

        yields = bool(runner_kw.get("yields"))

        def job(progress: Any = None) -> Any:
            if progress is not None:
                kwargs["progress"] = progress
            # a job that gives way stops inside SQLite too, not only between its own steps
            cancelled = (lambda: progress.cancelled) if yields and progress is not None else None
            if backup_first is not None:
                from jkn_desktop.services.backup.making import before_step

                before_step(db, backup_first)
            with db.work(user, write=write, scope=scope, cancelled=cancelled) as work:
                result = fn(work, *args, **kwargs)
            return _Done(result, work.changes) if write else result

        def done(value: Any) -> None:
            if isinstance(value, _Done):
                if value.changes and self.on_changes is not None:
                    self.on_changes(value.changes)
                value = value.result
            if on_done is not None:
                on_done(value)

        return self.runner.run(job, on_done=done, wants_progress=wants_progress, **runner_kw)
