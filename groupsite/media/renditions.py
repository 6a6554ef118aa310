"""Resized, re-encoded copies of uploaded images, made once and reused.

Every image a page shows is served as WebP with a JPEG or PNG fallback, at 1x and 2x
the size the layout needs, upright (EXIF orientation applied) and without any EXIF or
GPS metadata. Originals stay untouched. Rendition files are named after the source,
the spec and the focal point, so a changed photo or crop gets new files, and a file
that exists is never made again: the first request after a restart only reads the
headers of the files it already has.

Apps declare which renditions their images need with ``RenditionImageField(specs=…)``;
the core finds every such field through the app registry (``registered_fields()``), so
``regenerate_renditions`` covers a new field without any list here. Every file is read and
written through Django's storage API (``default_storage``), so the backend can be swapped.
"""

import hashlib
import logging
import re
from dataclasses import dataclass
from io import BytesIO
from pathlib import PurePosixPath

from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageOps

from groupsite.media.images import CheckedImageField

logger = logging.getLogger(__name__)

FOLDER = "renditions"
VERSION = 1  # bump to remake every rendition after changing the encoding below


@dataclass(frozen=True)
class Spec:
    width: int | None = None
    height: int | None = None
    crop: bool = False  # cut to width:height around the focal point, like CSS object-fit: cover
    sizes: str = ""  # for width descriptors; empty means the display size is fixed
    webp_quality: int = 78
    densities: tuple[int, ...] = (1, 2)


# Images written into markdown (uploaded through the editor) are the core's own.
MARKDOWN_IMAGE_FOLDER = "editor"
MARKDOWN_IMAGE_SPEC = "inline"

# Spec name -> Spec. The core registers "inline"; RenditionImageFields register theirs.
SPECS: dict[str, Spec] = {}


def register_spec(name: str, spec: Spec) -> None:
    """Make ``name`` usable in ``picture()`` and ``{% picture %}``; one name, one spec."""
    if SPECS.get(name, spec) != spec:
        raise ValueError(f"Rendition spec {name!r} is already registered with other values.")
    SPECS[name] = spec


register_spec(MARKDOWN_IMAGE_SPEC, Spec(width=720, sizes="(min-width: 48rem) 45rem, 92vw"))


class RenditionImageField(CheckedImageField):
    """An image field that declares the renditions pages show of it.

    ``specs`` maps spec names to Specs; ``focus_field`` names an attribute of the model
    instance holding the focal point as (percent from left, percent from top).
    Uploads are checked and cleaned (groupsite.media.images.CheckedImageField). Renditions are
    not part of the schema, so migrations see a plain ImageField.
    """

    def __init__(self, *args, specs: dict[str, Spec] | None = None, focus_field: str = "",
                 **kwargs):  # fmt: skip
        self.specs = dict(specs or {})
        self.focus_field = focus_field
        for name, spec in self.specs.items():
            register_spec(name, spec)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.ImageField", args, kwargs

    def focus_of(self, instance) -> tuple[int, int]:
        return getattr(instance, self.focus_field) if self.focus_field else (50, 50)


def registered_fields():
    """(model, field) for every RenditionImageField of every installed app's models."""
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, RenditionImageField):
                yield model, field


@dataclass(frozen=True)
class Variant:
    url: str
    width: int
    height: int
    density: int


@dataclass(frozen=True)
class Picture:
    spec: Spec
    webp: tuple[Variant, ...]
    fallback: tuple[Variant, ...]
    fallback_type: str

    @property
    def width(self) -> int:
        return self.fallback[0].width

    @property
    def height(self) -> int:
        return self.fallback[0].height


# Only successes are remembered: a file that could not be read (not there yet, half
# written by another worker, a storage outage) is tried again on the next request.
_known: dict[tuple, Picture] = {}
WEBP_MAX_SIDE = 16383


def picture(
    name: str, spec_name: str, focus: tuple[int, int] = (50, 50), make: bool = True
) -> Picture | None:
    """Renditions of the stored image ``name``; None if it is missing or unreadable.

    ``make=False`` only looks: None unless every rendition is stored already (a preview
    anyone with a speaker link may ask for must never write files).
    """
    if not name:
        return None
    key = (name, spec_name, tuple(focus))
    if key not in _known:
        made = _load_or_make(name, SPECS[spec_name], spec_name, tuple(focus), make)
        if made is None:
            return None
        _known[key] = made
    return _known[key]


def forget_known() -> None:
    _known.clear()


def _digest(name: str, spec: Spec, focus) -> str:
    return hashlib.sha1(
        f"{name}|{spec}|{focus}|{VERSION}".encode(), usedforsecurity=False
    ).hexdigest()[:10]


def _names(name: str, spec_name: str, spec: Spec, focus, fallback_ext: str) -> dict:
    digest = _digest(name, spec, focus)
    stem = PurePosixPath(name).stem[:40]
    base = f"{FOLDER}/{stem}-{digest}-{spec_name}"
    return {
        (fmt, density): f"{base}-{density}x.{ext}"
        for density in spec.densities
        for fmt, ext in (("webp", "webp"), ("fallback", fallback_ext))
    }


def _fallback_ext(name: str) -> str:
    return "jpg" if PurePosixPath(name).suffix.lower() in {".jpg", ".jpeg"} else "png"


def _load_or_make(name, spec, spec_name, focus, make=True) -> Picture | None:
    source = PurePosixPath(name)
    if source.is_absolute() or ".." in source.parts or "\\" in name:
        logger.warning("No renditions for %r: the name leaves the media folder", name)
        return None
    fallback_ext = _fallback_ext(name)
    names = _names(name, spec_name, spec, focus, fallback_ext)
    try:
        if not all(default_storage.exists(path) for path in names.values()):
            if not make:
                return None
            _make(name, spec, focus, names, fallback_ext)
        variants = {key: _variant(path, key[1]) for key, path in names.items()}
    except Exception as error:  # a page shows no picture rather than failing
        logger.warning("No renditions for %s: %s", name, error)
        return None
    return Picture(
        spec=spec,
        webp=tuple(variants[("webp", d)] for d in spec.densities),
        fallback=tuple(variants[("fallback", d)] for d in spec.densities),
        fallback_type="image/jpeg" if fallback_ext == "jpg" else "image/png",
    )


def _variant(path: str, density: int) -> Variant:
    with default_storage.open(path) as stored, Image.open(stored) as image:
        width, height = image.size
    return Variant(url=default_storage.url(path), width=width, height=height, density=density)


def _make(name, spec, focus, names, fallback_ext) -> None:
    with default_storage.open(name) as source, Image.open(source) as original:
        upright = ImageOps.exif_transpose(original)
        has_alpha = upright.mode in ("RGBA", "LA") or "transparency" in upright.info
        upright = upright.convert("RGBA" if has_alpha else "RGB")
        if spec.crop:
            upright = _cover(upright, spec.width / spec.height, focus)
        for density in spec.densities:
            resized = _resize(upright, spec, density)
            _write(names[("webp", density)], resized, "WEBP",
                   quality=spec.webp_quality, method=6)  # fmt: skip
            if fallback_ext == "jpg":
                _write(names[("fallback", density)], resized.convert("RGB"), "JPEG",
                       quality=82, optimize=True, progressive=True)  # fmt: skip
            else:
                _write(names[("fallback", density)], resized, "PNG", optimize=True)


def _cover(image: Image.Image, aspect: float, focus) -> Image.Image:
    """The largest cut of this aspect ratio, as close to centred on the focal point
    (percent from left, top) as the edges allow."""
    width = min(image.width, round(image.height * aspect))
    height = min(image.height, round(width / aspect))
    centre_x = image.width * focus[0] / 100
    centre_y = image.height * focus[1] / 100
    left = int(min(max(centre_x - width / 2, 0), image.width - width))
    top = int(min(max(centre_y - height / 2, 0), image.height - height))
    return image.crop((left, top, left + width, top + height))


def _resize(image: Image.Image, spec: Spec, density: int) -> Image.Image:
    """Scale to the spec at this density, never larger than the source nor than WebP
    allows."""
    resized = _scaled_to_spec(image, spec, density)
    if max(resized.size) > WEBP_MAX_SIDE:
        ratio = WEBP_MAX_SIDE / max(resized.size)
        target = (max(1, int(resized.width * ratio)), max(1, int(resized.height * ratio)))
        resized = resized.resize(target, Image.Resampling.LANCZOS, reducing_gap=3.0)
    return resized


def _scaled_to_spec(image: Image.Image, spec: Spec, density: int) -> Image.Image:
    if spec.width and spec.height:
        target = (spec.width * density, spec.height * density)
    elif spec.width:
        width = spec.width * density
        target = (width, round(image.height * width / image.width))
    else:
        height = spec.height * density
        target = (round(image.width * height / image.height), height)
    if target[0] >= image.width or target[1] >= image.height:
        return image.copy()  # cropped sources already have the target's aspect ratio
    return image.resize(target, Image.Resampling.LANCZOS, reducing_gap=3.0)


def _write(path: str, image: Image.Image, image_format: str, **options) -> None:
    """Store one rendition under exactly ``path``, replacing an older file of that name.

    A reader racing the write may find a file that does not decode yet; picture() then
    answers None for that request only (failures are not remembered) and tries again.
    """
    buffer = BytesIO()
    image.save(buffer, format=image_format, **options)  # no exif= : metadata stays out
    if default_storage.exists(path):
        default_storage.delete(path)
    stored = default_storage.save(path, ContentFile(buffer.getvalue()))
    if stored != path:  # another worker wrote the same rendition meanwhile: keep theirs
        default_storage.delete(stored)


FOCUS_RANGE = range(101)  # percent from left and from top, as the admin allows


def renditions_of(name: str) -> list[str]:
    """Every stored rendition made from the image ``name``, for removing it with its source.

    The focal point is part of each file's digest and staff may have moved it since the
    renditions were made, so every focal point the admin allows is tried; only files
    whose digest names this very source (not another image with the same stem) match.
    """
    stem = PurePosixPath(name).stem[:40]
    pattern = re.compile(rf"{re.escape(stem)}-([0-9a-f]{{10}})-(.+)-\d+x\.(?:webp|jpg|png)")
    try:
        _folders, files = default_storage.listdir(FOLDER)
    except FileNotFoundError:
        return []
    digests: dict[str, set[str]] = {}
    found = []
    for file in sorted(files):
        match = pattern.fullmatch(file)
        if not match or match[2] not in SPECS:
            continue
        spec_name = match[2]
        if spec_name not in digests:
            digests[spec_name] = {
                _digest(name, SPECS[spec_name], (x, y)) for x in FOCUS_RANGE for y in FOCUS_RANGE
            }
        if match[1] in digests[spec_name]:
            found.append(f"{FOLDER}/{file}")
    return found


def _markdown_images():
    try:
        _folders, files = default_storage.listdir(MARKDOWN_IMAGE_FOLDER)
    except FileNotFoundError:
        return []
    return [f"{MARKDOWN_IMAGE_FOLDER}/{name}" for name in sorted(files)]


def sources():
    """Every (stored image name, spec, focus) the site shows, for the regenerate command:
    each registered field's specs for every row that has an image, and markdown images."""
    for model, field in registered_fields():
        for instance in model._default_manager.exclude(**{field.attname: ""}).iterator():
            name = getattr(instance, field.attname).name
            for spec_name in field.specs:
                yield name, spec_name, field.focus_of(instance)
    for name in _markdown_images():
        yield name, MARKDOWN_IMAGE_SPEC, (50, 50)


def regenerate() -> tuple[int, int]:
    """Remake every rendition in place (same names); returns (made, failed)."""
    forget_known()
    made = failed = 0
    for name, spec_name, focus in sources():
        spec = SPECS[spec_name]
        names = _names(name, spec_name, spec, focus, _fallback_ext(name))
        try:
            _make(name, spec, focus, names, _fallback_ext(name))
        except Exception as error:  # one broken image must not stop the others
            logger.warning("Could not remake renditions of %s: %s", name, error)
            failed += 1
        else:
            made += 1
    forget_known()
    return made, failed
