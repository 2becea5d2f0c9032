"""Stage 2, analyse: every figure (in Decimal) and every judgment of an account, computed once.

Takes a validated account and workspace and the as-of date; hands on :class:`~qbrgen.analysis.context.Context`
(figures and the account's formatter). ``figures`` gathers ``pricing``, ``timeline``, ``coverage``,
``retention`` and ``staleness``; ``lint`` judges the account; ``portfolio`` the book.

Pure: no file I/O and no clock (the as-of date is passed in). Never imports sections, render, build or crm,
nor any rendering library.
"""
