"""Stage 3, the document tree: what each deck slide, proposal section and plan part says, in no format.

Takes a :class:`~qbrgen.analysis.context.Context`; hands on a :class:`~qbrgen.sections.document.Document`
(parts, blocks, tables, charts) that any renderer can draw. ``deck/`` holds one module per slide kind and
its registry; ``assemble`` puts whole documents together; ``book`` and ``roi`` are the summaries.

Never imports render, build or crm, nor any rendering library; never reads a file.
"""
