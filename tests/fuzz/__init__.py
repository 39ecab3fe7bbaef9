"""The conversation fuzzer (issue 11): seeded random walks of user turns through the real
Rasa and action servers, with invariants checked after every turn.

- ``pool``: the hand-written user turns (answers, yes/no/why, FAQ, corrections, noise,
  slash commands, other languages, "start over");
- ``machine``: the Hypothesis state machine that walks them, and the run's record;
- ``invariants``: what must hold after every turn;
- ``conversation``: the REST channel, the tracker (HTTP API) and the servers' logs;
- ``servers`` / ``cli``: the servers started with the launcher, or already running;
- ``report``: what a run prints and saves; ``replay``: replays one walk.

``make fuzz`` runs ``python -m tests.fuzz`` (FUZZ_TURNS, FUZZ_SEED); a 300-turn run is part
of ``make test`` (tests/e2e/test_fuzz.py, marker e2e).
"""
