"""A seeded stateful fuzz run through the real server over stdio (tests/fuzz/driver.py): random
incremental UTF-16 edits on real job files, interleaved with every advertised request at valid
and invalid positions. Every request is answered (a hang is no answer within 10 s), every error
is one the input calls for, every range lies inside the document, and the final diagnostics equal
a fresh open of the final text. bench/fuzz.py runs the same driver for minutes and prints figures
(latency, including the 2 s bound, peak memory)."""

from __future__ import annotations

import random

from hypothesis import HealthCheck, seed, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, precondition, rule

from ..conftest import PIPELINE, STANDALONE
from ..rawlsp import RawServer
from .driver import FRAGMENTS, REQUESTS, Session

URIS = ("file:///fuzz/job.yml", "file:///fuzz/pipeline.yml")


class EditorSession(RuleBasedStateMachine):
    @initialize(seed_value=st.integers(0, 2**16))
    def start(self, seed_value):
        self.session = Session(RawServer(), random.Random(seed_value))
        self.session.open(URIS[0], STANDALONE.read_text())
        self.session.open(URIS[1], PIPELINE.read_text())

    @rule(doc=st.sampled_from(URIS), fragment=st.sampled_from(FRAGMENTS), delete=st.booleans())
    def edit(self, doc, fragment, delete):
        s = self.session
        start = s.random_position(doc)
        end = s.random_position(doc) if delete else start
        s.edit(doc, min(start, end), max(start, end), fragment)

    @rule(doc=st.sampled_from(URIS), method=st.sampled_from(REQUESTS), where=st.sampled_from(["inside", "outside", "invalid"]))
    def request(self, doc, method, where):
        s = self.session
        if where == "invalid":
            position = s.rng.choice([(-1, 0), (0, -1), (2**32, 0), (0, 2**32)])
        else:
            position = s.random_position(doc, inside=where == "inside")
        s.request(method, doc, position)

    @precondition(lambda self: hasattr(self, "session"))
    @rule()
    def no_violation_so_far(self):
        self.session.drain()
        assert self.session.stats.hangs == 0
        assert [v for v in self.session.stats.violations if not v.startswith("slow:")] == []

    def teardown(self):
        if not hasattr(self, "session"):
            return
        try:
            for uri in URIS:
                assert self.session.final_diagnostics_match(uri), self.session.stats.violations
        finally:
            self.session.server.close()


EditorSession.TestCase.settings = settings(
    max_examples=4, stateful_step_count=40, deadline=None, database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
TestEditorSession = seed(13)(EditorSession.TestCase)
