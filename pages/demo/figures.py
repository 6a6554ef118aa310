"""Pictures for the demo site, drawn with Pillow so the repository ships no binaries."""

import colorsys
import functools
import hashlib
from io import BytesIO

from PIL import Image, ImageDraw, ImageFont


def _png(image: Image.Image) -> bytes:
    buffer = BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def _lorenz96_run(variables=40, forcing=8.0, step=0.01, steps=600, spin_up=300):
    def tendency(x):
        n = len(x)
        return [(x[(i + 1) % n] - x[i - 2]) * x[i - 1] - x[i] + forcing for i in range(n)]

    state = [forcing] * variables
    state[0] += 0.01
    history = []
    for index in range(spin_up + steps):
        k1 = tendency(state)
        k2 = tendency([s + step / 2 * k for s, k in zip(state, k1, strict=True)])
        k3 = tendency([s + step / 2 * k for s, k in zip(state, k2, strict=True)])
        k4 = tendency([s + step * k for s, k in zip(state, k3, strict=True)])
        state = [
            s + step / 6 * (a + 2 * b + 2 * c + d)
            for s, a, b, c, d in zip(state, k1, k2, k3, k4, strict=True)
        ]
        if index >= spin_up:
            history.append(state)
    return history


def _diverging(value: float, limit: float = 10.0) -> tuple[int, int, int]:
    """Blue for negative, white at zero, red for positive."""
    t = max(-1.0, min(1.0, value / limit))
    if t < 0:
        return (
            int(255 * (1 + t)) + int(-t * 33),
            int(255 * (1 + t)) + int(-t * 102),
            172 + int(83 * (1 + t)),
        )
    return (
        178 + int(77 * (1 - t)),
        int(255 * (1 - t)) + int(t * 24),
        int(255 * (1 - t)) + int(t * 43),
    )


@functools.cache
def lorenz96_figure() -> bytes:
    """Hovmöller diagram of a Lorenz-96 run: time across, the 40 variables down."""
    history = _lorenz96_run()
    small = Image.new("RGB", (len(history), len(history[0])))
    for t, state in enumerate(history):
        for k, value in enumerate(state):
            small.putpixel((t, k), _diverging(value))
    return _png(small.resize((780, 420), Image.Resampling.BICUBIC))


def unet_figure() -> bytes:
    """Boxes and arrows of a U-Net: a contracting path, a bottleneck, an expanding path."""
    image = Image.new("RGB", (800, 260), "white")
    draw = ImageDraw.Draw(image)
    encoder = "#2a6f97"
    decoder = "#c75b12"
    heights = [180, 130, 90, 60]
    widths = [22, 34, 46, 58]
    x = 30
    centres = []
    for height, width in zip(heights, widths, strict=True):
        top = 20 + (180 - height) // 2 + (heights.index(height) * 12)
        draw.rectangle([x, top, x + width, top + height], fill=encoder)
        centres.append((x + width, top + height // 2, top, height))
        x += width + 36
    draw.rectangle([x, 170, x + 70, 215], fill="#5b4b8a")
    bottleneck_x = x + 70
    x = bottleneck_x + 36
    for (enc_right, mid, top, height), width in zip(
        reversed(centres), reversed(widths), strict=True
    ):
        draw.rectangle([x, top, x + width, top + height], fill=decoder)
        draw.line([enc_right + 4, mid, x - 4, mid], fill="#888888", width=3)
        draw.polygon([(x - 4, mid - 6), (x - 4, mid + 6), (x + 4, mid)], fill="#888888")
        x += width + 36
    return _png(image)


def portrait(name: str, size: int = 600) -> bytes:
    """A friendly silhouette in a colour derived from the name; JPEG like a real photo."""
    digest = hashlib.sha256(name.encode()).digest()
    hue = digest[0] / 255
    background = tuple(int(c * 255) for c in colorsys.hls_to_rgb(hue, 0.82, 0.45))
    figure = tuple(int(c * 255) for c in colorsys.hls_to_rgb(hue, 0.35, 0.5))
    image = Image.new("RGB", (size, size), background)
    draw = ImageDraw.Draw(image)
    head = size * (0.17 + digest[1] / 255 * 0.03)
    centre_x = size / 2
    draw.ellipse(
        [centre_x - head, size * 0.38 - head, centre_x + head, size * 0.38 + head], fill=figure
    )
    draw.ellipse([size * 0.16, size * 0.64, size * 0.84, size * 1.25], fill=figure)
    buffer = BytesIO()
    image.save(buffer, format="JPEG", quality=85)
    return buffer.getvalue()


def share_card(title: str, subtitle: str) -> bytes:
    """1200 x 630 picture for link previews: the Lorenz-96 pattern under the group's name."""
    with Image.open(BytesIO(lorenz96_figure())) as pattern:
        card = pattern.convert("RGB").resize((1200, 630), Image.Resampling.BICUBIC)
    draw = ImageDraw.Draw(card, "RGBA")
    draw.rectangle([0, 380, 1200, 630], fill=(11, 79, 108, 235))
    draw.text((60, 410), title, fill="white", font=ImageFont.load_default(size=64))
    draw.text((60, 500), subtitle, fill=(220, 235, 245), font=ImageFont.load_default(size=30))
    return _png(card)


def slides_pdf(title: str, points: list[str]) -> bytes:
    """A small two-page slide deck as PDF: a title slide and one slide of points."""
    pages = []
    for heading, lines in ((title, ["Demo slides"]), ("In short", points)):
        slide = Image.new("RGB", (960, 540), "white")
        draw = ImageDraw.Draw(slide)
        draw.rectangle([0, 0, 960, 90], fill=(11, 79, 108))
        draw.text((40, 22), heading, fill="white", font=ImageFont.load_default(size=40))
        for row, line in enumerate(lines):
            draw.text((60, 140 + row * 60), f"• {line}", fill=(30, 30, 30),
                      font=ImageFont.load_default(size=30))  # fmt: skip
        pages.append(slide)
    buffer = BytesIO()
    pages[0].save(buffer, format="PDF", save_all=True, append_images=pages[1:], resolution=96)
    return buffer.getvalue()
