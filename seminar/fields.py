from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from seminar.youtube import NotAYouTubeVideo, parse_video_id


class YouTubeVideoField(models.CharField):
    """Accepts any YouTube link in forms and stores only the video id."""

    description = gettext_lazy("YouTube video id")

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 11)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if kwargs.get("max_length") == 11:
            del kwargs["max_length"]
        return name, path, args, kwargs

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return value
        try:
            return parse_video_id(value)
        except NotAYouTubeVideo as error:
            raise ValidationError(
                # Translators: %(problem)s is one of the YouTube link messages, a sentence.
                _(
                    "%(problem)s Paste a YouTube video link (watch, youtu.be, embed, live or "
                    "shorts) or the 11-character video id."
                )
                % {"problem": error},
                code="invalid_youtube",
            ) from None

    def formfield(self, **kwargs):
        # A pasted URL is longer than the id it becomes.
        return super().formfield(**{"max_length": 500, **kwargs})
