"""Stage 4, render: a document tree becomes bytes, one package or module per format.

Takes a :class:`~qbrgen.sections.document.Document` and :class:`~qbrgen.render.assets.Assets`; hands on bytes.
Each renderer is the only importer of its library (python-pptx in ``pptx/``, python-docx in ``docx/``,
WeasyPrint in ``pdf``); :data:`~qbrgen.render.registry.RENDERERS` picks one by format name, so a new format
is one module plus one entry there.

Never reads an account or workspace file (it imports no loader, validator or discovery), and never imports
build, crm or the CLI.
"""
