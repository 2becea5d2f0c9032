"""``qbrgen import``: account files kept in step with CRM, billing and usage exports.

Takes exports and a mapping file; hands on account YAML files, hand edits kept. This package imports
DuckDB, openpyxl and ruamel.yaml; only the import command loads it, so no other command pays for them.
:data:`PRESETS` is here, free of those imports, for the command's ``--help``.

Never imported by any other stage, and never imports a renderer.
"""

PRESETS = ("salesforce-report", "salesforce-tree", "hubspot")
