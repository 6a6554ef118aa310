"""An uploaded sheet between its preview and its confirmation.

The file is kept as uploaded in SPREADSHEET_IMPORT_PREVIEW_DIR, a private folder. It is
removed when its preview shows refusals, when it is confirmed (it is claimed first, so a
second confirm finds nothing), and otherwise after SPREADSHEET_IMPORT_PREVIEW_HOURS: every
new upload first removes older files. The confirm form's hidden fields are signed for the
staff member who saw the preview and the model it was for.
"""

import os
import re
import uuid
from datetime import UTC, datetime, timedelta

from django import forms
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _

from groupsite.sheets.files import FORMATS

#: A waiting upload: when it was uploaded (seconds since 1970) and a random part.
PREVIEW_NAME = re.compile(r"(?P<saved>\d{1,12})-[0-9a-f]{32}\.upload", re.ASCII)


def storage() -> FileSystemStorage:
    return FileSystemStorage(location=settings.SPREADSHEET_IMPORT_PREVIEW_DIR)


def expire(now=None) -> int:
    """Remove previews older than the time a preview may wait; how many were removed."""
    files = storage()
    if not files.exists(""):
        return 0
    oldest = (now or timezone.now()) - timedelta(hours=settings.SPREADSHEET_IMPORT_PREVIEW_HOURS)
    removed = 0
    for name in files.listdir("")[1]:
        if saved_at(name.removesuffix(".claimed")) < oldest:
            files.delete(name)  # no error if a confirm claimed it meanwhile
            removed += 1
    return removed


def saved_at(name: str) -> datetime:
    match = PREVIEW_NAME.fullmatch(name)
    if match is None:
        return datetime.min.replace(tzinfo=UTC)  # not ours: nothing else belongs here
    return datetime.fromtimestamp(int(match["saved"]), tz=UTC)


def save(data: bytes) -> str:
    """Keep ``data`` for its confirmation; the name to claim it by."""
    expire()
    name = f"{int(timezone.now().timestamp())}-{uuid.uuid4().hex}.upload"
    return storage().save(name, ContentFile(data))


def remove(name: str) -> None:
    if name and PREVIEW_NAME.fullmatch(name):
        storage().delete(name)


def claim(name: str) -> bytes | None:
    """The file's content, taken exactly once (an atomic rename), or None if it was taken
    already, has expired or never existed (or the name is not a preview's)."""
    if not name or not PREVIEW_NAME.fullmatch(name):
        return None
    expire()
    files = storage()
    claimed = f"{name}.claimed"
    try:
        os.rename(files.path(name), files.path(claimed))
    except FileNotFoundError:
        return None
    try:
        with files.open(claimed, "rb") as stream:
            return stream.read()
    finally:
        files.delete(claimed)


def hours() -> int:
    return settings.SPREADSHEET_IMPORT_PREVIEW_HOURS


class PreviewOutdated(Exception):
    """The plan made on confirmation differs from the preview's: nothing is imported."""

    def __str__(self):
        return _(
            "The site's data changed since the preview; nothing was imported. Upload the "
            "file again to see the new preview."
        )


class ConfirmForm(forms.Form):
    """The confirm step's hidden fields, signed for the user who saw the preview and the
    model (``app_label.model_name``) it was for: a session preview's confirmation posted
    to the members' import is refused."""

    import_file_name = forms.CharField(widget=forms.HiddenInput())
    original_file_name = forms.CharField(widget=forms.HiddenInput(), required=False)
    format = forms.ChoiceField(choices=[(f, f) for f in FORMATS], widget=forms.HiddenInput())
    #: The preview's plan (groupsite.sheets.plan.Plan.digest), compared on confirmation.
    plan_digest = forms.CharField(widget=forms.HiddenInput())
    signature = forms.CharField(widget=forms.HiddenInput())
    SIGNED = ("import_file_name", "original_file_name", "format", "plan_digest")

    def __init__(self, *args, user=None, model: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.user, self.model = user, model

    @classmethod
    def signed_initial(cls, values: dict, user, model: str) -> dict:
        return {**values, "signature": cls.sign(values, user, model)}

    @classmethod
    def sign(cls, values: dict, user, model: str) -> str:
        payload = "\n".join(
            [str(getattr(user, "pk", "")), model, *(str(values.get(k, "")) for k in cls.SIGNED)]
        )
        return signing.Signer(salt="groupsite.sheets.preview.confirm").signature(payload)

    def check_unchanged(self, plan) -> None:
        """Raise PreviewOutdated unless ``plan`` (planned again) is the one previewed."""
        if not constant_time_compare(plan.digest(), self.cleaned_data["plan_digest"]):
            raise PreviewOutdated

    def clean(self):
        data = super().clean()
        raw = {name: self.data.get(name, "") for name in self.SIGNED}
        expected = self.sign(raw, self.user, self.model)
        if not constant_time_compare(expected, self.data.get("signature", "")):
            raise ValidationError(_("The confirmation does not match the preview."))
        return data
