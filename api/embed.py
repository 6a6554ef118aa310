"""The seminar's next sessions as a small page for other sites' <iframe>s.

No JavaScript, one local stylesheet, links open in the top window. Framing is allowed
for these pages alone (groupsite.http.security.SiteCSPMiddleware, EMBED_ALLOWED_ORIGINS).
"""

from django import forms
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_safe

from seminar.models import Series
from seminar.selectors import upcoming_sessions

DEFAULT_COUNT = 5
MAX_COUNT = 20


class EmbedOptions(forms.Form):
    count = forms.IntegerField(
        required=False, min_value=1, max_value=MAX_COUNT,
        error_messages={"invalid": _("count must be a whole number from 1 to 20.")},
    )  # fmt: skip
    theme = forms.ChoiceField(
        required=False, choices=[("light", "light"), ("dark", "dark")],
        error_messages={"invalid_choice": _("theme must be light or dark.")},
    )  # fmt: skip
    series = forms.SlugField(
        required=False, max_length=50,
        error_messages={"invalid": _("series must be a series' slug, like ml-seminar.")},
    )  # fmt: skip


@require_safe
@xframe_options_exempt
def seminar_embed(request, series=None):
    options = EmbedOptions(request.GET)
    if not options.is_valid():
        problems = [message for messages in options.errors.values() for message in messages]
        return render(request, "embed/invalid.html", {"problems": problems}, status=400)
    slug = series or options.cleaned_data["series"]
    chosen = get_object_or_404(Series.objects.published(), slug=slug) if slug else None
    count = options.cleaned_data["count"] or DEFAULT_COUNT
    seminar_url = chosen.get_absolute_url() if chosen else reverse("seminar:home")
    return render(
        request,
        "embed/seminar.html",
        {
            "series": chosen,
            "sessions": upcoming_sessions(chosen)[:count],
            "theme": options.cleaned_data["theme"] or "light",
            "seminar_url": request.build_absolute_uri(seminar_url),
        },
    )
