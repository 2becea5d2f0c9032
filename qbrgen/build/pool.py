"""Worker processes the parent can always stop: one task at a time each, watched and timed by the parent.

A worker that dies (killed by the OOM killer, a native crash) is noticed through its process sentinel;
a worker that runs past the time limit is ended by the parent, so work stuck in C code (a huge power in
a template, a blocked system call) cannot hold the build. Either way the task is reported as failed
with the reason and a fresh worker takes the next task.
"""

from __future__ import annotations

import gc
import os
import signal
import time
from collections.abc import Callable, Iterator

RECYCLE_AFTER = 200  # tasks per worker, as a bound on memory that a renderer might keep


class Lost(Exception):
    """A task whose worker died or was ended; the message says why."""


def _die_with_parent() -> None:
    """Ask Linux to kill this worker when the build that started it dies (a kill -9 leaves no worker behind)."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # pragma: no cover - not Linux
        pass


def freeze() -> None:
    """Collect the garbage, then move every object alive now out of the garbage collector's sight.

    Called once the long-lived objects are loaded (templates, fonts, stylesheets, calendars, the caches a
    first account warms): each later collection then walks only what the current account made, instead
    of hundreds of thousands of objects that never die (a third of a warm worker's time before). A
    forked worker also keeps sharing those objects' memory pages with its parent.
    """
    gc.collect()
    gc.freeze()


def _serve(conn, func) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle; it ends the workers
    _die_with_parent()
    from qbrgen.build.limits import cap_memory

    cap_memory()  # a runaway account fails alone, with a clear message (see limits.py)
    served = 0
    while True:
        try:
            task = conn.recv()
        except EOFError:
            return
        if task is None:
            return
        conn.send(func(task))
        served += 1
        if served == 1:  # the first account warmed the renderers' per-worker caches
            freeze()


class _Worker:
    def __init__(self, ctx, func) -> None:
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_serve, args=(child, func), daemon=True)
        self.process.start()
        child.close()
        self.task = None
        self.deadline = 0.0
        self.done = 0

    def give(self, task, timeout: float) -> None:
        self.task = task
        self.deadline = time.monotonic() + timeout if timeout > 0 else float("inf")
        self.conn.send(task)

    def stop(self, kill: bool = False) -> None:
        if self.process.is_alive():
            if kill:
                self.process.kill()
            else:
                try:
                    self.conn.send(None)
                except OSError:
                    self.process.kill()
        self.process.join(timeout=None if kill else 5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.conn.close()


def _death(code: int | None) -> str:
    if code is not None and code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        return f"its worker process was killed by {name}" + (" (out of memory?)" if name == "SIGKILL" else "")
    return f"its worker process ended unexpectedly (exit status {code})"


def imap(func: Callable, tasks: list, jobs: int, timeout: float) -> Iterator[tuple[object, object]]:
    """Yield (task, result or Lost) as each task finishes, running ``func`` in ``jobs`` forked workers.

    Closing the generator (or an exception in the caller) ends every worker.
    """
    import multiprocessing  # here: a no-op rebuild forks nothing
    from multiprocessing.connection import wait

    ctx = multiprocessing.get_context("fork")
    queue = list(reversed(tasks))
    workers: list[_Worker] = []
    try:
        while queue or any(w.task is not None for w in workers):
            while queue and sum(w.task is not None for w in workers) < jobs:
                idle = next((w for w in workers if w.task is None), None)
                if idle is None:
                    idle = _Worker(ctx, func)
                    workers.append(idle)
                idle.give(queue.pop(), timeout)
            busy = [w for w in workers if w.task is not None]
            left = min(w.deadline for w in busy) - time.monotonic()
            ready = wait([w.conn for w in busy] + [w.process.sentinel for w in busy],
                         timeout=None if left == float("inf") else max(left, 0))
            now = time.monotonic()
            for w in busy:
                outcome = None
                if w.conn in ready or w.process.sentinel in ready:
                    try:
                        if w.conn.poll():
                            outcome = w.conn.recv()
                    except Exception:  # noqa: BLE001 - a result cut short by the worker's death
                        pass
                    if outcome is None:
                        w.process.join(timeout=1)
                        outcome = Lost(_death(w.process.exitcode))
                elif now >= w.deadline:
                    outcome = Lost(f"gave up after {timeout:g} s (--timeout); its worker process was stopped")
                else:
                    continue
                task, w.task = w.task, None
                w.done += 1
                if isinstance(outcome, Lost) or w.done >= RECYCLE_AFTER:
                    w.stop(kill=isinstance(outcome, Lost))
                    workers.remove(w)
                yield task, outcome
    finally:
        for w in workers:
            w.stop(kill=w.task is not None)


def available() -> bool:
    """Return whether workers can be forked here (not on Windows)."""
    return hasattr(os, "fork")
