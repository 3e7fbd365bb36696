"""What every page gets: the open database handle, the task runner, and the village identity."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # kept out of the start-up path: the window paints before these load
    from jkn_desktop.domain.wilayah import VillageWords
    from jkn_desktop.services.database import Database
    from jkn_desktop.services.village import VillageInfo
    from ui.tasks import TaskRunner


@dataclass
class AppContext:
    db: Database
    runner: TaskRunner
    village: VillageInfo | None = None
    region_codes: frozenset[str] = field(default_factory=frozenset)

    @property
    def words(self) -> VillageWords:
        """Desa or Kelurahan, Kepala Desa or Lurah …: a desa's words until the identity is saved."""
        from jkn_desktop.domain.wilayah import DESA_WORDS

        return self.village.words if self.village is not None else DESA_WORDS

    def actor(self) -> str:
        return (self.village.operator if self.village else "") or "operator"

    def region_known(self, code: str) -> bool:
        return not self.region_codes or code in self.region_codes

    def run(self, fn: Any, *args: Any, **kwargs: Any) -> Any:
        return self.runner.run(fn, *args, **kwargs)
