"""A time budget for work that grows with its input (imports), checked in its loops.

gunicorn's ``timeout`` restarts a worker whose main loop stops answering, but a gthread
worker keeps answering while one of its threads works: a long request holds its thread
(and memory) for as long as it runs. So the work itself stops: the admin's import views
open a budget of ``IMPORT_MAX_SECONDS``; the loops that read and check rows call
``check_time()`` and are refused with a message once it is spent. Without a budget (the
management commands, run by the operator) nothing is checked.
"""

import time
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.utils.translation import gettext as _

_ends_at: ContextVar[float | None] = ContextVar("import_deadline", default=None)


class OutOfTime(Exception):
    def __init__(self, seconds: float):
        super().__init__(
            _(
                "Reading and checking this file took longer than %(seconds)s seconds (setting "
                "IMPORT_MAX_SECONDS), so it was stopped and nothing was imported. Split it into "
                "smaller files."
            )
            % {"seconds": f"{seconds:g}"}
        )


@contextmanager
def time_budget(seconds: float | None = None):
    """Work inside may take ``seconds`` (IMPORT_MAX_SECONDS by default) from now."""
    seconds = settings.IMPORT_MAX_SECONDS if seconds is None else seconds
    token = _ends_at.set(time.monotonic() + seconds)
    try:
        yield
    finally:
        _ends_at.reset(token)


def check_time() -> None:
    """Raise OutOfTime once the budget of the surrounding ``time_budget`` is spent."""
    ends_at = _ends_at.get()
    if ends_at is not None and time.monotonic() > ends_at:
        raise OutOfTime(settings.IMPORT_MAX_SECONDS)
