"""Drafts and scheduled publishing, shared by every content model visitors can see."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from groupsite.field_labels import labelled


def can_preview(user) -> bool:
    """The one rule for who sees drafts, scheduled and expired content on the public site
    (and may use the editor's preview and upload): active staff members."""
    return bool(user and user.is_authenticated and user.is_active and user.is_staff)


class PublishableQuerySet(models.QuerySet):
    def published(self, now=None):
        """What visitors see: published, and the publish time (if any) has come."""
        return self.filter(published=True).filter(
            models.Q(publish_at__isnull=True) | models.Q(publish_at__lte=now or timezone.now())
        )

    def visible_to(self, user):
        """Staff preview drafts on the public site; everybody else sees what is published."""
        return self if can_preview(user) else self.published()


@labelled(published=_("published"), publish_at=_("publish at"))
class Publishable(models.Model):
    published = models.BooleanField(
        default=True,
        help_text=_("Untick to keep it as a draft; staff can still preview it."),
    )
    publish_at = models.DateTimeField(
        null=True, blank=True,
        help_text=_("Optional: stays hidden from visitors until this time (Berlin time)."),
    )  # fmt: skip

    class Meta:
        abstract = True

    @property
    def is_live(self) -> bool:
        return self.published and (self.publish_at is None or self.publish_at <= timezone.now())
