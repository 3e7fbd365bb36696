"""The pages of a kecamatan's file (issue #15)."""

from ui.pages.base import Page


class KecamatanPage(Page):
    """A page of the kecamatan's file: its figures are read again each time it is shown (a few
    dozen villages: cheap), since receiving, returning or a verdict changes what every page
    shows."""

    def activate(self) -> None:
        self.stale = False
        self.reload()
