"""The copy-paste snippet for embedding the seminar list, shown on the seminar page."""

from django import template
from django.urls import reverse
from django.utils.translation import gettext as _

register = template.Library()


@register.inclusion_tag("embed/snippet.html", takes_context=True)
def embed_snippet(context, series=None):
    """{% embed_snippet series %}: an <iframe> tag other sites can paste, for one series or all."""
    request = context["request"]
    path = (
        reverse("api:embed_series", kwargs={"series": series.slug})
        if series
        else reverse("api:embed_seminar")
    )
    return {
        "embed_url": request.build_absolute_uri(path),
        "title": (
            _("Upcoming talks: %(name)s") % {"name": series.name}
            if series
            else _("Upcoming seminar talks")
        ),
    }
