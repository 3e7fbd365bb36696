"""The village office's own acts: the counter log (``counter_log``), the SKTM register (``sktm``),
the officials' coverage (``officials``) and the month's counts of all three (``month``)."""
