"""Dialogs of the APBDes page: a budget line (``line``), adding beneficiaries with the guards shown
at once and ending someone's coverage (``beneficiaries``), a payment (``payment``)."""

RED, AMBER, GREEN = "#b3261e", "#8a5a00", "#1e7b34"
