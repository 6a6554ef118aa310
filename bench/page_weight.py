"""Bytes of images the people page makes a 2x-density browser download, with 15 real-sized photos.

Generates 15 photo-like portraits (JPEGs up to 4000 px and PNGs, each up to 3 MB), renders
/people/, takes for every <picture> the candidate a WebP-capable browser at device pixel
ratio 2 picks (the 2x WebP), and sums their sizes. Target: at most 300 KB.
Run: .venv/bin/python bench/page_weight.py
"""

import os
import random
import re
import sys
import tempfile
from io import BytesIO
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
WORK = Path(tempfile.mkdtemp(prefix="groupsite-weight-"))
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
os.environ["DATABASE_URL"] = f"sqlite:///{WORK / 'db.sqlite3'}"
os.environ["MEDIA_ROOT"] = str(WORK / "media")

import django  # noqa: E402

django.setup()

from django.core.files.base import ContentFile  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from PIL import Image, ImageDraw, ImageFilter  # noqa: E402

from groupsite.site.models import SiteSettings  # noqa: E402
from people.models import Member, Role  # noqa: E402

TARGET_BYTES = 300 * 1024
MAX_SOURCE_BYTES = 3 * 1024 * 1024
ROLES = [
    Role.GROUP_LEADER,
    *[Role.POSTDOC] * 3,
    *[Role.PHD_STUDENT] * 7,
    *[Role.MASTERS_STUDENT] * 4,
]


def photo(seed: int, size: tuple[int, int]) -> Image.Image:
    """Smooth light, a head-and-shoulders shape, fabric texture and sensor noise."""
    rng = random.Random(seed)
    small = Image.new("RGB", (8, 6))
    small.putdata([tuple(rng.randrange(40, 220) for _ in range(3)) for _ in range(48)])
    image = small.resize(size, Image.Resampling.BICUBIC)
    draw = ImageDraw.Draw(image)
    w, h = size
    skin = (rng.randrange(150, 235), rng.randrange(110, 190), rng.randrange(90, 160))
    cloth = tuple(rng.randrange(20, 200) for _ in range(3))
    draw.ellipse([w * 0.35, h * 0.15, w * 0.65, h * 0.55], fill=skin)
    draw.ellipse([w * 0.15, h * 0.58, w * 0.85, h * 1.3], fill=cloth)
    image = image.filter(ImageFilter.GaussianBlur(radius=max(w, h) / 400))
    # Texture at every scale (hair, fabric, background), so detail survives downscaling
    # as it does in a real photo, plus fine sensor noise.
    for divisor, weight in ((60, 0.18), (12, 0.12), (1, 0.08)):
        layer = Image.effect_noise((max(w // divisor, 1), max(h // divisor, 1)), 60)
        layer = layer.resize(size, Image.Resampling.BICUBIC).convert("RGB")
        image = Image.blend(image, layer, weight)
    return image


def encoded(image: Image.Image, image_format: str) -> bytes:
    for quality in (92, 85, 75, 60):
        buffer = BytesIO()
        image.save(buffer, format=image_format, quality=quality, optimize=True)
        if buffer.tell() <= MAX_SOURCE_BYTES:
            return buffer.getvalue()
        if image_format == "PNG":
            image = image.resize((image.width * 3 // 4, image.height * 3 // 4))
    return buffer.getvalue()


def main() -> int:
    call_command("migrate", verbosity=0)
    SiteSettings.objects.update_or_create(pk=1, defaults={"group_name": "Bench"})
    sources = 0
    for index, role in enumerate(ROLES):
        is_png = index % 4 == 3
        size = (
            (1400, 1750)
            if is_png
            else random.Random(index).choice([(4000, 3000), (3000, 4000), (2400, 3200)])
        )
        data = encoded(photo(index, size), "PNG" if is_png else "JPEG")
        sources += len(data)
        member = Member(name=f"Person {index}", slug=f"person-{index}", role=role)
        member.photo.save(f"person-{index}.{'png' if is_png else 'jpg'}", ContentFile(data))
    html = Client().get("/people/").content.decode()
    picked = []
    for srcset in re.findall(r'<source type="image/webp" srcset="([^"]+)"', html):
        candidates = [part.strip().rsplit(" ", 1) for part in srcset.split(",")]
        url = next((u for u, d in candidates if d == "2x"), candidates[-1][0])
        picked.append(WORK / "media" / url.removeprefix("/media/"))
    total = sum(path.stat().st_size for path in picked)
    print(f"photos uploaded: {len(ROLES)}, {sources / 1024 / 1024:.1f} MB in all")
    print(f"pictures on the people page: {len(picked)}")
    print(f"image bytes at 2x density: {total / 1024:.1f} KB (target <= {TARGET_BYTES // 1024} KB)")
    print(f"largest: {max(p.stat().st_size for p in picked) / 1024:.1f} KB")
    ok = len(picked) == len(ROLES) and total <= TARGET_BYTES
    print("target met" if ok else "TARGET MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
