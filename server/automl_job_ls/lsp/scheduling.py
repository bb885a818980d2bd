"""Work off the message loop: parses and checks on worker threads, one diagnostics run per document.

- Two lanes (daemon threads): parses, and checks. A parse never waits behind a check, and the
  loop only converts and sends, so requests keep answering while a long check runs.
- One parse per version of a document, shared by every request and the diagnostics run that need it.
  A parse nobody waits for any more (its text was superseded) is skipped before it starts.
- Diagnostics: a newer version of a document supersedes the run for the older one (its result
  is dropped; a check that polls `cancelled()` stops early). Adaptive debounce: a document whose
  last run (parse and checks) was cheap is checked at once on every change; an expensive one
  waits until changes pause, for at most `MAX_DEBOUNCE` or its own cost, whichever is shorter.
- Checks are plain functions `(document, cancelled) -> diagnostics` run in order on the check
  lane; another family of checks plugs in with `Diagnostics.checks.append(...)`.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import queue
import threading
import time
from dataclasses import dataclass, field
from typing import Any, Awaitable, Callable, Generic, Hashable, Iterable, TypeVar

log = logging.getLogger("automl_job_ls")

T = TypeVar("T")
CHEAP = 0.1  # seconds: a run this fast is published on every change
MAX_DEBOUNCE = 0.15  # seconds: the longest wait for typing to pause
_KEEP_VERSIONS = 2  # parses kept per document: the newest, and the one before for late requests


class Lane:
    """Daemon worker threads sharing a queue (daemon: a running job never delays `exit`).
    Several workers let a small document's job run while a big one's is still going."""

    def __init__(self, name: str, workers: int = 1) -> None:
        self.name = name
        self.workers = workers
        self._jobs: queue.SimpleQueue = queue.SimpleQueue()
        self._threads: list[threading.Thread] = []
        self._lock = threading.Lock()

    def submit(self, fn: Callable[..., T], *args: Any, wanted: Callable[[], bool] | None = None) -> concurrent.futures.Future:
        future: concurrent.futures.Future = concurrent.futures.Future()
        self._jobs.put((future, fn, args, wanted))
        with self._lock:
            if len(self._threads) < self.workers:  # started on demand, kept for the session
                thread = threading.Thread(target=self._work, name=f"{self.name}-{len(self._threads)}", daemon=True)
                self._threads.append(thread)
                thread.start()
        return future

    def _work(self) -> None:
        while True:
            future, fn, args, wanted = self._jobs.get()
            if wanted is not None and not wanted():
                future.cancel()
            if not future.set_running_or_notify_cancel():
                continue
            try:
                result = fn(*args)
            except BaseException as exc:  # handed to whoever awaits it
                future.set_exception(exc)
            else:
                future.set_result(result)


async def wait(future: concurrent.futures.Future) -> Any:
    """Await a lane's future; cancelling the waiter leaves the job (shared) alone."""
    return await asyncio.shield(asyncio.wrap_future(future))


@dataclass(eq=False)
class _Parse:
    source: str
    key: Hashable
    future: concurrent.futures.Future | None = None
    waiters: int = 0


class Parses(Generic[T]):
    """The parse of each document's recent texts, computed once on the parse lane."""

    def __init__(self, build: Callable[[str, Hashable, T | None], T], lane: Lane) -> None:
        """`build(source, key, previous)`: `previous` is the newest parse of the same document that
        was done when this one was asked for (the tolerant parse keeps the job's kind from it)."""
        self._build = build
        self._lane = lane
        self._recent: dict[str, list[_Parse]] = {}

    def _entry(self, uri: str, source: str, key: Hashable) -> _Parse:
        recent = self._recent.setdefault(uri, [])
        for entry in recent:
            # The same text object: each version gets its own parse, even when an edit is undone
            # (the data checks, for one, re-check a job when its parse is new).
            if entry.key == key and entry.source is source:
                return entry
        entry = _Parse(source, key)
        recent.insert(0, entry)
        del recent[_KEEP_VERSIONS:]
        return entry

    def _previous(self, uri: str, entry: _Parse) -> T | None:
        for other in self._recent.get(uri, []):
            future = other.future
            if other is not entry and future is not None and future.done() and not future.cancelled() and future.exception() is None:
                return future.result()
        return None

    def _built(self, entry: _Parse, previous: T | None) -> T:
        return self._build(entry.source, entry.key, previous)

    async def get(self, uri: str, source: str, key: Hashable) -> T:
        entry = self._entry(uri, source, key)
        entry.waiters += 1  # before the job is queued: the lane skips a parse nobody waits for
        if entry.future is None or entry.future.cancelled():
            entry.future = self._lane.submit(self._built, entry, self._previous(uri, entry), wanted=lambda: entry.waiters > 0)
        try:
            return await wait(entry.future)
        finally:
            entry.waiters -= 1

    def now(self, uri: str, source: str, key: Hashable) -> T:
        """The parse, on the calling thread if it was not computed yet (a request that skipped `get`)."""
        entry = self._entry(uri, source, key)
        if entry.future is not None and not entry.future.cancelled():
            return entry.future.result()
        future: concurrent.futures.Future = concurrent.futures.Future()
        future.set_result(self._built(entry, self._previous(uri, entry)))
        entry.future = future
        return future.result()

    def forget(self, uri: str | None = None) -> None:
        if uri is None:
            self._recent.clear()
        else:
            self._recent.pop(uri, None)


Check = Callable[[Any, Callable[[], bool]], Iterable[Any]]


@dataclass
class Run:
    """One diagnostics run: the document it checks and how to tell it was superseded."""

    uri: str
    cancelled: threading.Event = field(default_factory=threading.Event)


class Diagnostics:
    """Diagnostics runs per document, off the loop, newest version wins."""

    def __init__(
        self,
        analyse: Callable[[str], Awaitable[tuple[Any, Any] | None]],
        publish: Callable[[Any, Any, list], None],
        lane: Lane,
    ) -> None:
        self._analyse = analyse  # uri -> (snapshot, parse) of the current text, or None if closed
        self._publish = publish  # (snapshot, parse, diagnostics): called on the loop
        self._lane = lane
        self.checks: list[Check] = []
        self._tasks: dict[str, asyncio.Task] = {}
        self._cost: dict[str, float] = {}

    def delay(self, uri: str) -> float:
        cost = self._cost.get(uri, 0.0)
        return 0.0 if cost <= CHEAP else min(cost, MAX_DEBOUNCE)

    def schedule(self, uri: str, delay: float | None = None) -> None:
        previous = self._tasks.pop(uri, None)
        if previous is not None:
            previous.cancel()  # a newer text makes that run stale
        self._tasks[uri] = asyncio.get_running_loop().create_task(self._run(uri, self.delay(uri) if delay is None else delay))

    def forget(self, uri: str) -> None:
        task = self._tasks.pop(uri, None)
        if task is not None:
            task.cancel()
        self._cost.pop(uri, None)

    async def _run(self, uri: str, delay: float) -> None:
        run = Run(uri)
        try:
            if delay:
                await asyncio.sleep(delay)
            analysed = await self._analyse(uri)
            if analysed is None:
                return
            snapshot, parse = analysed
            started = time.perf_counter()
            diagnostics = await wait(self._lane.submit(self._check, parse, run, wanted=lambda: not run.cancelled.is_set()))
            # What a change costs: the checks, and the parse (a `seconds` attribute of its result).
            self._cost[uri] = time.perf_counter() - started + getattr(parse, "seconds", 0.0)
            if self._tasks.get(uri) is asyncio.current_task():
                del self._tasks[uri]
                self._publish(snapshot, parse, diagnostics)
        except asyncio.CancelledError:
            run.cancelled.set()
        except Exception:  # one bad document never stops the others
            log.exception("diagnostics failed for %s", uri)

    def _check(self, parse: Any, run: Run) -> list:
        out: list = []
        for check in self.checks:
            if run.cancelled.is_set():
                break
            try:
                out.extend(check(parse, run.cancelled.is_set))
            except Exception:  # one failing check must not hide the others' findings
                log.exception("check %s failed for %s", getattr(check, "__name__", check), run.uri)
        return out
