"""A memory ceiling for a build worker, so a runaway account fails alone with a clear message.

The ceiling is on the worker's address space: what it had when forked from the build plus a margin
(``QBRGEN_WORKER_MEMORY_MB``, 3072 by default; 0 turns it off). Past it, an allocation fails with
MemoryError inside the worker, which reports that account as failed and is replaced; the machine's
other work and the rest of the book are unaffected.
"""

from __future__ import annotations

import os

DEFAULT_MB = 3072


def margin_mb() -> int:
    """Return the worker's memory margin in MB (0: no ceiling)."""
    try:
        return max(int(os.environ.get("QBRGEN_WORKER_MEMORY_MB", DEFAULT_MB)), 0)
    except ValueError:
        return DEFAULT_MB


def cap_memory() -> None:
    """Set this process's address-space ceiling to its present size plus the margin (Linux and macOS)."""
    margin = margin_mb()
    if not margin:
        return
    try:
        import resource
    except ImportError:  # pragma: no cover - Windows
        return
    size = 0
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            size = next((int(line.split()[1]) * 1024 for line in fh if line.startswith("VmSize:")), 0)
    except (OSError, ValueError):
        pass
    limit = size + margin * 1024 * 1024
    try:
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ValueError, OSError, AttributeError):  # pragma: no cover - a platform without RLIMIT_AS
        pass
