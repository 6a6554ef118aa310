"""Checks every uploaded image: real raster image, allowed format, bounded size."""

from io import BytesIO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from PIL import Image, ImageOps, UnidentifiedImageError

ALLOWED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}
ALLOWED_DESCRIPTION = "JPEG, PNG, WebP or GIF"
# Refuse decompression bombs well before Pillow's own limit would.
MAX_PIXELS = 60_000_000


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
    if width * height > MAX_PIXELS:
        raise ValidationError(
            "This image is %(width)s × %(height)s pixels; at most 60 megapixels are accepted.",
            code="too_many_pixels",
            params={"width": width, "height": height},
        )
    return image_format


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
        if image_format == "JPEG" and upright.mode not in {"RGB", "L"}:
            upright = upright.convert("RGB")
        upright.save(buffer, format=image_format, **options)
    return buffer.getvalue()
