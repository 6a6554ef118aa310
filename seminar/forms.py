from django import forms


class SearchField(forms.CharField):
    """Search words: a NUL character separates words like a space, as the API and the
    publications page read it, so a search of only NULs is no search (not a form error
    that would also drop the other filters)."""

    def to_python(self, value):
        return super().to_python(value.replace("\x00", " ") if isinstance(value, str) else value)


class ArchiveFilterForm(forms.Form):
    q = SearchField(
        label="Search", required=False, max_length=100,
        help_text="Titles, abstracts, speakers and references.",
    )  # fmt: skip
    year = forms.TypedChoiceField(label="Year", required=False, coerce=int, empty_value=None)
    recorded = forms.BooleanField(label="Only sessions with a recording", required=False)

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", "Any year")] + [(year, year) for year in years]


class CalendarFilterForm(forms.Form):
    """The calendar feed's filters; the same names and forms as the API's."""

    series = forms.SlugField(
        required=False, max_length=50,
        error_messages={"invalid": "series must be a series' slug, like ml-seminar."},
    )  # fmt: skip
    speaker = forms.SlugField(
        required=False, max_length=50,
        error_messages={"invalid": "speaker must be the slug of a member page, like jane-doe."},
    )  # fmt: skip
