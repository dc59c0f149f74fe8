"""Worker process pools that end with the process they work for.

A pool's workers wait for work from the process that started them. If that process is
killed (`kill -9`, the out-of-memory killer), nothing tells them: they would sit idle
for ever, each holding what it loaded (a send's window, a parser), and holding open the
pipes of whoever started the command. Each worker here watches the process it works
for and ends as soon as that process is gone.
"""

from __future__ import annotations

import multiprocessing
import os
import select
import threading
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import Any

#: Seconds between looks at the owner, where the system cannot say when a process ends.
POLL_INTERVAL = 1.0


def worker_pool(
    workers: int,
    preload: list[str],
    initializer: Callable[..., object] | None = None,
    initargs: tuple[Any, ...] = (),
) -> ProcessPoolExecutor:
    """A pool of `workers` processes from a forkserver that imported `preload`, each
    running `initializer(*initargs)` first and ending when this process ends."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(preload)
    return ProcessPoolExecutor(
        workers,
        mp_context=context,
        initializer=_start_worker,
        initargs=(os.getpid(), initializer, initargs),
    )


def _start_worker(
    owner: int, initializer: Callable[..., object] | None, initargs: tuple[Any, ...]
) -> None:
    end_with(owner)
    if initializer is not None:
        initializer(*initargs)


def end_with(owner: int) -> None:
    """End this process, at once and whatever it is doing, when process `owner` ends.

    A worker ended midway is like a worker killed: a transaction it had open rolls back,
    and what it had committed is the owner's, which the next run takes over.
    """
    threading.Thread(target=_watch, args=(owner,), name="end-with-owner", daemon=True).start()


def _watch(owner: int) -> None:
    try:
        handle = os.pidfd_open(owner)
    except ProcessLookupError:
        os._exit(1)
    except (AttributeError, OSError):  # not Linux 5.3+: look every so often
        while _alive(owner):
            time.sleep(POLL_INTERVAL)
    else:
        select.select([handle], [], [])  # readable once the process has ended
    os._exit(1)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, PermissionError):  # gone, or its number now someone else's
        return False
    return True
