"""Static files served by whitenoise: hashed names are immutable and cached for one year.

Whitenoise's own default is ten years; one year is the longest lifetime HTTP caches are
advised to honour, and what docs/deploy.md promises.
"""

from whitenoise.middleware import WhiteNoiseMiddleware

ONE_YEAR = 365 * 24 * 60 * 60


class StaticFilesMiddleware(WhiteNoiseMiddleware):
    FOREVER = ONE_YEAR
