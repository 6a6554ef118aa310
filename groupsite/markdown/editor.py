"""Staff-only replacements for django-markdownx's preview and image-upload endpoints.

django-markdownx's own views answer anyone and trust the browser's content type;
these answer 403 to everyone but active staff and check uploads with Pillow.
"""

import uuid
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views import View

from groupsite.content.publishing import can_preview
from groupsite.markdown.picture_html import checked_preview
from groupsite.media.images import cleaned_image
from groupsite.media.renditions import MARKDOWN_IMAGE_FOLDER

UPLOAD_FOLDER = MARKDOWN_IMAGE_FOLDER


class StaffOnlyMixin:
    http_method_names = ["post"]

    def dispatch(self, request, *args, **kwargs):
        if not can_preview(request.user):
            return JsonResponse({"error": _("Only staff members may use the editor.")}, status=403)
        return super().dispatch(request, *args, **kwargs)


class MarkdownPreviewView(StaffOnlyMixin, View):
    def post(self, request):
        # Says what saving would refuse; text too long is not given to the parser at all.
        return HttpResponse(checked_preview(request.POST.get("content", "")))


class ImageUploadView(StaffOnlyMixin, View):
    def post(self, request):
        upload = request.FILES.get("image")
        if upload is None:
            return JsonResponse({"error": _("No image was sent.")}, status=400)
        try:
            extension, cleaned = cleaned_image(upload)
        except ValidationError as error:
            return JsonResponse({"error": " ".join(error.messages)}, status=400)
        stored = default_storage.save(f"{UPLOAD_FOLDER}/{uuid.uuid4().hex}.{extension}", cleaned)
        alt_hint = PurePath(upload.name).stem.replace("[", "").replace("]", "")[:80]
        return JsonResponse({"image_code": f"![{alt_hint}]({default_storage.url(stored)})"})
