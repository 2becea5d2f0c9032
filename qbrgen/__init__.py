"""qbrgen: QBR decks, renewal proposals and account plans from YAML account files."""

__version__ = "0.1.0"
