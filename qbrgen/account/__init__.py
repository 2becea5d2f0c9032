"""Stage 1, load and validate: an account or workspace YAML file becomes a typed, frozen model.

Takes file paths; hands on :class:`~qbrgen.account.validate.AccountInfo` (the model, its workspace and the
line of every field) or one ``file:line: field.path: message`` per problem. ``loader`` keeps lines, ``fields``
and ``model`` say what a valid file is, ``checks`` adds the rules across fields, ``discover`` finds the
files of a build, ``schema`` writes the JSON Schema for editors.

Never imports a later stage (analysis, sections, render, build, crm) nor a rendering library: ``validate``
stays fast because nothing here loads python-pptx, python-docx or WeasyPrint.
"""
