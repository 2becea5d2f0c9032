"""``qbrgen import``: account files kept in step with CRM, billing and usage exports.

This package imports DuckDB and ruamel.yaml; only the import command loads it, so no other command
pays for them. :data:`PRESETS` is here, free of those imports, for the command's ``--help``.
"""

PRESETS = ("salesforce-report", "salesforce-tree", "hubspot")
