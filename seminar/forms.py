import re

from django import forms
from django.utils.translation import gettext_lazy as _

from seminar.models import Language

# An id or a revision as a post or an address carries it: the digits 0-9 only (str.isdigit()
# also takes "²", which int() refuses, and int() reads "١" as 1), and short enough for a
# database integer.
ID_PATTERN = re.compile(r"[0-9]{1,18}")


def whole_number(value) -> int | None:
    """The number ``value`` writes with 0-9, else None (nothing the database would refuse)."""
    value = str(value or "")
    return int(value) if ID_PATTERN.fullmatch(value) else None


class WholeNumberField(forms.IntegerField):
    """An id or a revision from a form: written with 0-9 only, else "invalid"."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        number = whole_number(value)
        if number is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return number


class SearchField(forms.CharField):
    """Search words: a NUL character separates words like a space, as the API and the
    publications page read it, so a search of only NULs is no search (not a form error
    that would also drop the other filters)."""

    def to_python(self, value):
        return super().to_python(value.replace("\x00", " ") if isinstance(value, str) else value)


class ArchiveFilterForm(forms.Form):
    q = SearchField(
        label=_("Search"), required=False, max_length=100,
        help_text=_("Titles, abstracts, speakers and references."),
    )  # fmt: skip
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    recorded = forms.BooleanField(label=_("Only sessions with a recording"), required=False)
    language = forms.ChoiceField(
        label=_("Language"), required=False, choices=[("", _("Any language")), *Language.choices]
    )

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("Any year"))] + [(year, year) for year in years]


class CalendarFilterForm(forms.Form):
    """The calendar feed's filters; the same names and forms as the API's."""

    series = forms.SlugField(
        required=False, max_length=50,
        error_messages={"invalid": _("series must be a series' slug, like ml-seminar.")},
    )  # fmt: skip
    speaker = forms.SlugField(
        required=False, max_length=50,
        error_messages={
            "invalid": _("speaker must be the slug of a member page, like jane-doe.")
        },
    )  # fmt: skip
