"""Every uploaded image: checked (real raster image, allowed format, bounded size and
frames) and re-encoded from its pixels by `cleaned_image`, the one place that decides
what is stored."""

import uuid
from io import BytesIO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, ImageSequence, UnidentifiedImageError

ALLOWED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}
ALLOWED_DESCRIPTION = _("JPEG, PNG, WebP or GIF")
# Refuse decompression bombs well before Pillow's own limit would.
MAX_PIXELS = 60_000_000
# WebP stops at 16383 pixels a side; renditions are never larger than their source.
MAX_SIDE = 16_000
# An animation is held decoded while it is re-encoded (4 bytes a pixel): at most 80 MB.
MAX_FRAMES = 300
MAX_ANIMATION_PIXELS = 20_000_000


def inspect_image(upload) -> str:
    """Return the Pillow format name of ``upload`` or raise a ValidationError saying why not."""
    limit = settings.IMAGE_UPLOAD_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("This file is %(size)s; images may be at most %(limit)s."),
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
            _("This file is not a readable image. Upload a %(allowed)s file."),
            code="not_an_image",
            params={"allowed": ALLOWED_DESCRIPTION},
        ) from None
    finally:
        upload.seek(0)
    if image_format not in ALLOWED_FORMATS:
        message = (
            _("%(format)s images are not accepted. Upload a %(allowed)s file.")
            if image_format
            else _("This kind of images are not accepted. Upload a %(allowed)s file.")
        )
        raise ValidationError(
            message,
            code="format",
            params={"format": image_format, "allowed": ALLOWED_DESCRIPTION},
        )
    if max(width, height) > MAX_SIDE:
        raise ValidationError(
            _(
                "This image is %(width)s × %(height)s pixels; each side may be at most "
                "%(limit)s pixels. Scale it down (or split a long figure) and upload it again."
            ),
            code="too_long",
            params={
                "width": width,
                "height": height,
                "limit": number_format(MAX_SIDE, force_grouping=True),
            },
        )
    if width * height > MAX_PIXELS:
        raise ValidationError(
            _("This image is %(width)s × %(height)s pixels; at most 60 megapixels are accepted."),
            code="too_many_pixels",
            params={"width": width, "height": height},
        )
    _check_decodes(upload)
    return image_format


def _check_decodes(upload) -> None:
    """verify() reads only the structure; a cut-off file fails only when decoded.
    Every frame of an animation is decoded, within the frame and pixel budget."""
    try:
        with Image.open(upload) as image:
            for _frame in _bounded_frames(image):
                pass
    except (OSError, SyntaxError, ValueError, EOFError):
        raise ValidationError(
            _(
                "This image file is damaged or incomplete (perhaps the upload was cut off). "
                "Open it in an image editor, save it again and upload that copy."
            ),
            code="damaged",
        ) from None
    finally:
        upload.seek(0)


def _bounded_frames(image):
    """Yield each frame decoded, refusing before decoding one past ``MAX_FRAMES`` or past
    ``MAX_ANIMATION_PIXELS`` in all (an animation is held decoded while re-encoded)."""
    decoded = 0
    for number, frame in enumerate(ImageSequence.Iterator(image), start=1):
        decoded += frame.width * frame.height
        if number > 1 and (number > MAX_FRAMES or decoded > MAX_ANIMATION_PIXELS):
            raise ValidationError(
                _(
                    "This animation is too long: at most %(frames)s frames and %(pixels)s "
                    "megapixels in all are accepted. Shorten it or upload a still image."
                ),
                code="too_many_frames",
                params={"frames": MAX_FRAMES, "pixels": MAX_ANIMATION_PIXELS // 1_000_000},
            )
        frame.load()
        yield frame


def validate_image_upload(file) -> None:
    """Model-field validator; files already stored (not re-uploaded) pass untouched."""
    if getattr(file, "_committed", True):
        return
    inspect_image(file)


def cleaned_image(upload) -> tuple[str, ContentFile]:
    """The one place that decides what an accepted upload is stored as: checked by
    ``inspect_image``, then every format re-encoded from its pixels (animations frame by
    frame), upright, with no metadata (EXIF, GPS, XMP, comments) and nothing after the
    image. Returns the extension of its real format and the bytes to store."""
    image_format = inspect_image(upload)
    with Image.open(upload) as image:
        durations = []
        frames = []
        for frame in _bounded_frames(image):
            durations.append(frame.info.get("duration", 0))
            frames.append(_upright_pixels(frame))
        icc_profile = image.info.get("icc_profile")  # colours, not metadata about the photo
        loop = image.info.get("loop", 0)
    upload.seek(0)
    options = {"quality": 88, "optimize": True} if image_format in {"JPEG", "WEBP"} else {}
    if icc_profile and image_format != "GIF":
        options["icc_profile"] = icc_profile
    if len(frames) > 1:
        # Each decoded frame is a whole picture, so each replaces the last (disposal 2).
        options.update(save_all=True, append_images=frames[1:], duration=durations, loop=loop)
        if image_format == "GIF":
            options["disposal"] = 2
    first = frames[0]
    if image_format == "JPEG" and first.mode not in {"RGB", "L"}:
        first = first.convert("RGB")
    buffer = BytesIO()
    first.save(buffer, format=image_format, **options)
    return ALLOWED_FORMATS[image_format], ContentFile(buffer.getvalue())


def _upright_pixels(frame: Image.Image) -> Image.Image:
    """The frame turned upright, as a new image carrying only what drawing it needs:
    Pillow writes some ``info`` entries back out (a JPEG comment, for one)."""
    upright = ImageOps.exif_transpose(frame)
    if upright.mode == "P" and frame.format == "GIF":
        upright = upright.convert("RGBA")
    upright.info = {key: upright.info[key] for key in ("transparency",) if key in upright.info}
    return upright


class CheckedImageField(models.ImageField):
    """An image field whose uploads pass ``inspect_image`` and are stored re-encoded,
    without EXIF/GPS metadata, under a random name with the extension of their real
    format (never the name or type the browser sent)."""

    default_validators = [validate_image_upload]

    def pre_save(self, model_instance, add):
        file = getattr(model_instance, self.attname)
        if file and not file._committed:
            extension, cleaned = cleaned_image(file)
            file.save(f"{uuid.uuid4().hex}.{extension}", cleaned, save=False)
        return super().pre_save(model_instance, add)
