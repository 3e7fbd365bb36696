"""APBDes premium allocations, by concern: ``rates`` (the premium table), ``codes`` (budget
codes), ``lines`` (budget lines), ``summaries`` (the money of each line and its warnings),
``guards`` and ``beneficiaries`` (who a line pays for), ``roster`` (the beneficiaries as listed),
``payments``, ``priority`` (who to fund first) and ``report`` (the year's report and its files).

Every function takes the job's :class:`~jkn_desktop.persistence.work.Work` first; every write
keeps its audit rows and reports ``APBDES`` (with the budget line's id when it concerns one line).
Money is whole rupiah (``int``)."""
