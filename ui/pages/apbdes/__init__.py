"""APBDes: the budget lines that pay residents' JKN premiums (``page``, ``lines_table``) and, per
line, one tab each: the beneficiaries (``people_tab``), the payments (``payments_tab``), the
priority list (``priority_tab``) and the capacity calculator (``calculator_tab``)."""

from ui.pages.apbdes.page import ApbdesPage

__all__ = ["ApbdesPage"]
