from ui.pages.office.page import PelayananPage

__all__ = ["PelayananPage"]
