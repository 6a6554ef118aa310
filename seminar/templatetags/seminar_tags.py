from django import template
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from groupsite.markdown.links import absolute_links
from seminar import selectors, youtube
from seminar.models import Format
from seminar.text import markdown_to_text

register = template.Library()
# {{ html|absolute_links:base_url }} in mail.
register.filter("absolute_links", absolute_links)

# One date format on every page that lists or shows a session ("Tue 14 August 2025, 15:00
# CEST", "Do., 14. Aug. 2025, 15:00 Uhr CEST"): named formats of groupsite/formats/.
DISPLAY_FORMAT = "SESSION_DATETIME_FORMAT"
TIME_ONLY_FORMAT = "SESSION_TIME_FORMAT"


@register.simple_tag
def member_talks(member):
    """{% member_talks member as talks %}: the member's published talks, newest first.
    Seminar adds them to the member page, so people never imports seminar."""
    return selectors.talks_by_member(member)


@register.simple_tag
def session_time(session, which="start"):
    """<time> for a session's start or end, in its series' zone, with the zone's abbreviation."""
    moment = session.local_start if which == "start" else session.local_end
    same_day_end = which == "end" and moment.date() == session.local_start.date()
    return format_html(
        '<time datetime="{}">{}</time>',
        moment.isoformat(timespec="minutes"),
        date_format(moment, TIME_ONLY_FORMAT if same_day_end else DISPLAY_FORMAT),
    )


@register.filter
def speaker_names(session):
    return ", ".join(speaker.name for speaker in session.speakers.all())


# Short enough for a badge in a list; the session page says it in full.
FORMAT_LABELS = {
    Format.IN_PERSON: _("In person"),
    Format.ONLINE: _("Online"),
    Format.HYBRID: _("Hybrid"),
}


@register.filter
def format_label(session):
    return FORMAT_LABELS.get(session.format, session.get_format_display())


@register.filter
def describe_field(field):
    """The field's widget, tied to its help text and errors for screen readers."""
    described_by = []
    if field.help_text:
        described_by.append(f"{field.auto_id}_help")
    attrs = {}
    if field.errors:
        described_by.append(f"{field.auto_id}_error")
        attrs["aria-invalid"] = "true"
    if described_by:
        attrs["aria-describedby"] = " ".join(described_by)
    return field.as_widget(attrs=attrs)


@register.inclusion_tag("includes/video_facade.html")
def video_facade(session):
    return {
        "title": session.title,
        "watch_url": youtube.watch_url(session.public_youtube_video),
        "embed_url": youtube.embed_url(session.public_youtube_video),
    }


@register.filter
def plain_abstract(session):
    return markdown_to_text(session.abstract)
