"""Stage 5, build and write: many accounts, gathered first, then written atomically.

Takes paths and options from the CLI; hands on files on disk and a summary. ``pipeline`` runs validate,
lint, build and the book; ``batch`` builds accounts in worker processes (``pool``), ``manifest`` remembers
what was built from what, ``writer`` writes every file atomically, ``reports`` writes JUnit and JSON.

Never imports crm or the CLI; rendering libraries are imported only when a document is really rendered,
so ``validate`` and a no-op build stay light.
"""
