from django import forms


class ArchiveFilterForm(forms.Form):
    q = forms.CharField(
        label="Search", required=False, max_length=100,
        help_text="Titles, abstracts, speakers and references.",
    )  # fmt: skip
    year = forms.TypedChoiceField(label="Year", required=False, coerce=int, empty_value=None)
    recorded = forms.BooleanField(label="Only sessions with a recording", required=False)

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", "Any year")] + [(year, year) for year in years]
