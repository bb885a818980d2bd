"""Off-loop scheduling: the newest text wins, a superseded check is told to stop, a failing check
does not hide the others, cheap documents are checked at once and expensive ones debounced, and
a parse that nobody waits for any more is never run."""

from __future__ import annotations

import asyncio
import threading
from dataclasses import dataclass

from automl_job_ls.lsp.scheduling import CHEAP, MAX_DEBOUNCE, Diagnostics, Lane, Parses


@dataclass
class FakeParse:
    text: str
    seconds: float = 0.0


class Editor:
    """A document whose text changes, and the diagnostics published for it."""

    def __init__(self, seconds: float = 0.0) -> None:
        self.text = "v1"
        self.seconds = seconds
        self.published: list[tuple[str, list]] = []

    async def analyse(self, uri):
        return self.text, FakeParse(self.text, self.seconds)

    def publish(self, snapshot, parse, diagnostics):
        self.published.append((snapshot, diagnostics))


async def settle(diagnostics: Diagnostics) -> None:
    while diagnostics._tasks:
        await asyncio.gather(*diagnostics._tasks.values(), return_exceptions=True)


async def test_the_newest_text_wins_and_the_superseded_check_is_told_to_stop():
    editor = Editor()
    diagnostics = Diagnostics(editor.analyse, editor.publish, Lane("check"))
    started, release = threading.Event(), threading.Event()
    seen_cancelled = []

    def slow_check(parse, cancelled):
        if parse.text == "v1":
            started.set()
            release.wait(10)
            seen_cancelled.append(cancelled())
        return [parse.text]

    diagnostics.checks.append(slow_check)
    diagnostics.schedule("u", delay=0)
    await asyncio.get_running_loop().run_in_executor(None, started.wait, 10)
    editor.text = "v2"
    diagnostics.schedule("u", delay=0)
    await asyncio.sleep(0)
    release.set()
    await settle(diagnostics)
    assert editor.published == [("v2", ["v2"])]
    assert seen_cancelled == [True]


async def test_a_failing_check_does_not_hide_the_others():
    editor = Editor()
    diagnostics = Diagnostics(editor.analyse, editor.publish, Lane("check"))

    def broken(parse, cancelled):
        raise RuntimeError("boom")

    diagnostics.checks += [broken, lambda parse, cancelled: ["data check"]]
    diagnostics.schedule("u", delay=0)
    await settle(diagnostics)
    assert editor.published == [("v1", ["data check"])]


async def test_cheap_documents_are_checked_at_once_and_expensive_ones_debounced():
    cheap, costly = Editor(seconds=0.0), Editor(seconds=CHEAP * 5)
    lane = Lane("check")
    for editor, expected in ((cheap, 0.0), (costly, MAX_DEBOUNCE)):
        diagnostics = Diagnostics(editor.analyse, editor.publish, lane)
        diagnostics.checks.append(lambda parse, cancelled: [])
        assert diagnostics.delay("u") == 0.0  # nothing measured yet: at once
        diagnostics.schedule("u", delay=0)
        await settle(diagnostics)
        assert diagnostics.delay("u") == expected


async def test_a_parse_nobody_waits_for_is_skipped():
    built: list[str] = []
    gate = threading.Event()

    def build(source, key, previous):
        if source == "blocker":
            gate.wait(10)
        built.append(source)
        return source

    parses = Parses(build, Lane("parse"))
    blocker = asyncio.ensure_future(parses.get("a", "blocker", None))
    await asyncio.sleep(0)
    stale = asyncio.ensure_future(parses.get("b", "stale text", None))
    await asyncio.sleep(0)
    stale.cancel()  # the request that wanted it was cancelled, or its text superseded
    await asyncio.sleep(0)
    gate.set()
    assert await blocker == "blocker"
    assert await parses.get("b", "new text", None) == "new text"
    assert built == ["blocker", "new text"]


def test_a_data_check_in_progress_never_delays_exit():
    from automl_job_ls.lsp.data_checks import DataChecks

    checks = DataChecks(server=None)  # type: ignore[arg-type]
    release = threading.Event()
    running = checks.lane.submit(release.wait)
    workers = [t for t in threading.enumerate() if t.name.startswith("automl-data")]
    # The interpreter does not wait for daemon threads when the server exits mid-check.
    assert [t.daemon for t in workers] == [True]
    release.set()
    assert running.result(timeout=10) is True
