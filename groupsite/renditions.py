"""Resized, re-encoded copies of uploaded images, made once and reused.

Every image a page shows is served as WebP with a JPEG or PNG fallback, at 1x and 2x
the size the layout needs, upright (EXIF orientation applied) and without any EXIF or
GPS metadata. Originals stay untouched. Rendition files are named after the source,
the spec and the focal point, so a changed photo or crop gets new files, and a file
that exists is never made again: the first request after a restart only reads the
headers of the files it already has.
"""

import hashlib
import logging
import os
import tempfile
from dataclasses import dataclass
from io import BytesIO
from pathlib import PurePosixPath

from django.conf import settings
from django.core.files.storage import default_storage
from PIL import Image, ImageOps, UnidentifiedImageError

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


SPECS = {
    "portrait": Spec(width=150, height=150, crop=True, webp_quality=70),
    "portrait-large": Spec(width=240, height=240, crop=True, webp_quality=72),
    "figure": Spec(width=480, sizes="(min-width: 48rem) 26rem, 92vw"),
    "inline": Spec(width=720, sizes="(min-width: 48rem) 45rem, 92vw"),
    "logo": Spec(height=48),
    # Link previews (OpenGraph, Twitter cards) ask for 1200 x 630.
    "share": Spec(width=1200, height=630, crop=True, densities=(1,)),
}


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


_known: dict[tuple, Picture | None] = {}


def picture(name: str, spec_name: str, focus: tuple[int, int] = (50, 50)) -> Picture | None:
    """Renditions of the stored image ``name``; None if it is missing or unreadable."""
    if not name:
        return None
    key = (name, spec_name, focus)
    if key not in _known:
        _known[key] = _load_or_make(name, SPECS[spec_name], spec_name, focus)
    return _known[key]


def forget_known() -> None:
    _known.clear()


def _names(name: str, spec_name: str, spec: Spec, focus, fallback_ext: str) -> dict:
    digest = hashlib.sha1(
        f"{name}|{spec}|{focus}|{VERSION}".encode(), usedforsecurity=False
    ).hexdigest()[:10]
    stem = PurePosixPath(name).stem[:40]
    base = f"{FOLDER}/{stem}-{digest}-{spec_name}"
    return {
        (fmt, density): f"{base}-{density}x.{ext}"
        for density in spec.densities
        for fmt, ext in (("webp", "webp"), ("fallback", fallback_ext))
    }


def _fallback_ext(name: str) -> str:
    return "jpg" if PurePosixPath(name).suffix.lower() in {".jpg", ".jpeg"} else "png"


def _load_or_make(name, spec, spec_name, focus) -> Picture | None:
    fallback_ext = _fallback_ext(name)
    names = _names(name, spec_name, spec, focus, fallback_ext)
    try:
        if not all(default_storage.exists(path) for path in names.values()):
            _make(name, spec, focus, names, fallback_ext)
        variants = {key: _variant(path, key[1]) for key, path in names.items()}
    except (FileNotFoundError, UnidentifiedImageError, OSError) as error:
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
    """Scale to the spec at this density, never larger than the source."""
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
    """Write atomically, so a concurrent reader never sees half a file."""
    buffer = BytesIO()
    image.save(buffer, format=image_format, **options)  # no exif= : metadata stays out
    target = os.path.join(settings.MEDIA_ROOT, path)
    os.makedirs(os.path.dirname(target), exist_ok=True)
    handle, scratch = tempfile.mkstemp(dir=os.path.dirname(target), suffix=".part")
    with os.fdopen(handle, "wb") as out:
        out.write(buffer.getvalue())
    os.chmod(scratch, 0o644)
    os.replace(scratch, target)


def sources():
    """Every (stored image name, spec, focus) the site shows, for the regenerate command."""
    # Imported here: the models' markdown fields import this module.
    from news.models import NewsItem
    from pages.models import LandingSection, PartnerLogo, SiteSettings
    from people.models import Member

    for member in Member.objects.exclude(photo=""):
        for spec in ("portrait", "portrait-large"):
            yield member.photo.name, spec, member.photo_focus
    for section in LandingSection.objects.exclude(figure=""):
        yield section.figure.name, "figure", (50, 50)
    for item in NewsItem.objects.exclude(image=""):
        for spec in ("figure", "share"):
            yield item.image.name, spec, (50, 50)
    for owner in [*SiteSettings.objects.exclude(logo=""), *PartnerLogo.objects.all()]:
        yield owner.logo.name, "logo", (50, 50)
    editor_folder = os.path.join(settings.MEDIA_ROOT, "editor")
    if os.path.isdir(editor_folder):
        for entry in sorted(os.listdir(editor_folder)):
            yield f"editor/{entry}", "inline", (50, 50)


def regenerate() -> tuple[int, int]:
    """Remake every rendition in place (same names); returns (made, failed)."""
    forget_known()
    made = failed = 0
    for name, spec_name, focus in sources():
        spec = SPECS[spec_name]
        names = _names(name, spec_name, spec, focus, _fallback_ext(name))
        try:
            _make(name, spec, focus, names, _fallback_ext(name))
        except (FileNotFoundError, UnidentifiedImageError, OSError) as error:
            logger.warning("Could not remake renditions of %s: %s", name, error)
            failed += 1
        else:
            made += 1
    forget_known()
    return made, failed
