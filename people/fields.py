"""Profile-link fields that accept what people paste and store the bare identifier.

Normalising in ``to_python`` means ``full_clean`` (and so every admin form) stores the
bare value, and a bad value raises exactly one message: the validators do not run on a
value ``to_python`` already refused.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from people.validators import normalise_github, normalise_orcid


class NormalisedCharField(models.CharField):
    """A short optional text that ``normalise`` turns into its bare, stored form."""

    default_verbose_name = ""
    default_max_length = 100
    default_help_text = ""

    def __init__(self, verbose_name=None, **kwargs):
        kwargs.setdefault("max_length", self.default_max_length)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("help_text", self.default_help_text)
        super().__init__(verbose_name or self.default_verbose_name, **kwargs)

    @staticmethod
    def normalise(value: str) -> str:
        raise NotImplementedError

    def to_python(self, value):
        value = super().to_python(value)
        return self.normalise(value) if value else value


class OrcidField(NormalisedCharField):
    """An ORCID iD, typed bare or as its orcid.org link; stored bare and checksummed."""

    description = _("ORCID iD")
    default_verbose_name = _("ORCID iD")
    default_max_length = 40
    default_help_text = _("0000-0002-1825-0097 or its orcid.org link.")
    normalise = staticmethod(normalise_orcid)


class GitHubUserField(NormalisedCharField):
    """A GitHub user name, typed bare, with @ or as a profile link; stored bare."""

    description = _("GitHub user name")
    default_verbose_name = _("GitHub user")
    default_help_text = _("User name or profile link.")
    normalise = staticmethod(normalise_github)
