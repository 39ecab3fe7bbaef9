"""HR triage: the hand-off queue, unanswered messages, feedback, advice records, the report.

Plain Python over SQLAlchemy (no Rasa imports), used by the actions (``actions/handoff.py``,
``actions/feedback.py``, ``actions/unanswered.py``, ``actions/advice.py``), the admin CLI
(``python -m bot hr ...``, ``bot/cli/hr.py``) and the HR page (``bot/hr/web.py``).

- ``tickets``: hand-off tickets (create, list, show, resolve, deliver the answer).
- ``queue``: the unresolved tickets by age and owner (overdue flag, assign, status, history).
- ``digest``: the daily digest of new and overdue tickets, printed or e-mailed (smtplib).
- ``unanswered``: what the assistant could not answer (grouping by similar wording,
  export as FAQ examples).
- ``feedback``: "Was this helpful?" votes.
- ``advice_log``: the advice given, for the report.
- ``web``: the token-protected HR page.
- ``report``: the insights report (HTML with charts) over the tracker store and these tables.

Functions take an open ``Connection`` (or ``Session``); the caller owns the transaction.
Rows are keyed by ``bot.profiles.store.sender_key`` so "forget me" finds them.
"""
