"""Profile-link fields that accept what people paste and store the bare identifier.

Normalising in ``to_python`` means ``full_clean`` (and so every admin form) stores the
bare value, and a bad value raises exactly one message: the validators do not run on a
value ``to_python`` already refused.
"""

from django.db import models

from people.validators import normalise_github, normalise_orcid


class OrcidField(models.CharField):
    """An ORCID iD, typed bare or as its orcid.org link; stored bare and checksummed."""

    description = "ORCID iD"

    def __init__(self, verbose_name="ORCID iD", **kwargs):
        kwargs.setdefault("max_length", 40)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("help_text", "0000-0002-1825-0097 or its orcid.org link.")
        super().__init__(verbose_name, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        return normalise_orcid(value) if value else value


class GitHubUserField(models.CharField):
    """A GitHub user name, typed bare, with @ or as a profile link; stored bare."""

    description = "GitHub user name"

    def __init__(self, verbose_name="GitHub user", **kwargs):
        kwargs.setdefault("max_length", 100)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("help_text", "User name or profile link.")
        super().__init__(verbose_name, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        return normalise_github(value) if value else value
