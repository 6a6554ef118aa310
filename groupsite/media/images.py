"""Checks every uploaded image: real raster image, allowed format, bounded size."""

import uuid
from io import BytesIO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models
from django.template.defaultfilters import filesizeformat
from PIL import Image, ImageOps, UnidentifiedImageError

ALLOWED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}
ALLOWED_DESCRIPTION = "JPEG, PNG, WebP or GIF"
# Refuse decompression bombs well before Pillow's own limit would.
MAX_PIXELS = 60_000_000
# WebP stops at 16383 pixels a side; renditions are never larger than their source.
MAX_SIDE = 16_000


def inspect_image(upload) -> str:
    """Return the Pillow format name of ``upload`` or raise a ValidationError saying why not."""
    limit = settings.IMAGE_UPLOAD_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            "This file is %(size)s; images may be at most %(limit)s.",
            code="too_large",
            params={"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
        )
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            image_format = image.format
            width, height = image.size
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError):
        raise ValidationError(
            f"This file is not a readable image. Upload a {ALLOWED_DESCRIPTION} file.",
            code="not_an_image",
        ) from None
    finally:
        upload.seek(0)
    if image_format not in ALLOWED_FORMATS:
        raise ValidationError(
            "%(format)s images are not accepted. Upload a %(allowed)s file.",
            code="format",
            params={"format": image_format or "This kind of", "allowed": ALLOWED_DESCRIPTION},
        )
    if max(width, height) > MAX_SIDE:
        raise ValidationError(
            "This image is %(width)s × %(height)s pixels; each side may be at most "
            "%(limit)s pixels. Scale it down (or split a long figure) and upload it again.",
            code="too_long",
            params={"width": width, "height": height, "limit": f"{MAX_SIDE:,}"},
        )
    if width * height > MAX_PIXELS:
        raise ValidationError(
            "This image is %(width)s × %(height)s pixels; at most 60 megapixels are accepted.",
            code="too_many_pixels",
            params={"width": width, "height": height},
        )
    _check_decodes(upload)
    return image_format


def _check_decodes(upload) -> None:
    """verify() reads only the structure; a cut-off file fails only when decoded."""
    try:
        with Image.open(upload) as image:
            image.load()
    except (OSError, SyntaxError, ValueError):
        raise ValidationError(
            "This image file is damaged or incomplete (perhaps the upload was cut off). "
            "Open it in an image editor, save it again and upload that copy.",
            code="damaged",
        ) from None
    finally:
        upload.seek(0)


def validate_image_upload(file) -> None:
    """Model-field validator; files already stored (not re-uploaded) pass untouched."""
    if getattr(file, "_committed", True):
        return
    inspect_image(file)


def without_metadata(upload, image_format: str) -> bytes:
    """Re-encode the image upright and without EXIF/GPS; animated GIFs are kept as sent."""
    upload.seek(0)
    if image_format == "GIF":
        return upload.read()
    with Image.open(upload) as image:
        upright = ImageOps.exif_transpose(image)
        buffer = BytesIO()
        options = {"quality": 88, "optimize": True} if image_format in {"JPEG", "WEBP"} else {}
        if image.info.get("icc_profile"):  # colours, not metadata about the photo
            options["icc_profile"] = image.info["icc_profile"]
        if image_format == "JPEG" and upright.mode not in {"RGB", "L"}:
            upright = upright.convert("RGB")
        upright.save(buffer, format=image_format, **options)
    return buffer.getvalue()


class CheckedImageField(models.ImageField):
    """An image field whose uploads pass ``inspect_image`` and are stored re-encoded,
    without EXIF/GPS metadata, under a random name with the extension of their real
    format (never the name or type the browser sent)."""

    default_validators = [validate_image_upload]

    def pre_save(self, model_instance, add):
        file = getattr(model_instance, self.attname)
        if file and not file._committed:
            image_format = inspect_image(file)
            cleaned = ContentFile(without_metadata(file, image_format))
            file.save(f"{uuid.uuid4().hex}.{ALLOWED_FORMATS[image_format]}", cleaned, save=False)
        return super().pre_save(model_instance, add)
