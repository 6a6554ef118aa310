"""Pictures for the demo site, drawn with Pillow so the repository ships no binaries."""

import colorsys
import functools
import hashlib
import math
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


def logo(size: int = 192) -> bytes:
    """The demo group's mark: a wave over a grid of model cells, in the site's colours."""
    scale = 4  # drawn large and shrunk, for smooth edges
    big = size * scale
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle([0, 0, big - 1, big - 1], radius=big // 5, fill=(255, 255, 255, 255))
    cell = big // 6
    for row in range(3, 5):
        for column in range(1, 5):
            x, y = column * cell, row * cell
            draw.rectangle([x + 6, y + 6, x + cell - 6, y + cell - 6], fill=(11, 79, 108, 255))
    wave = [
        (big * (0.12 + 0.76 * i / 60), big * (0.36 - 0.13 * math.sin(i / 60 * 2 * math.pi)))
        for i in range(61)
    ]
    draw.line(wave, fill=(217, 119, 6, 255), width=big // 14, joint="curve")
    return _png(image.resize((size, size), Image.Resampling.LANCZOS))


def _lorenz63(steps=9000, step=0.005, sigma=10.0, rho=28.0, beta=8 / 3):
    x, y, z = 1.0, 1.0, 1.0
    points = []
    for _ in range(steps):
        x, y, z = (
            x + step * sigma * (y - x),
            y + step * (x * (rho - z) - y),
            z + step * (x * y - beta * z),
        )
        points.append((x, z))
    return points[200:]


def hero_figure(width: int = 960, height: int = 800) -> bytes:
    """The Lorenz-63 attractor, the butterfly of chaos, coloured from blue to orange in time."""
    points = _lorenz63()
    image = Image.new("RGB", (width, height), (243, 246, 248))
    draw = ImageDraw.Draw(image)
    xs = [p[0] for p in points]
    zs = [p[1] for p in points]
    span_x, span_z = max(xs) - min(xs), max(zs) - min(zs)
    scale = min((width - 60) / span_x, (height - 60) / span_z)
    left = (width - span_x * scale) / 2
    top = (height - span_z * scale) / 2

    def at(p):
        return (left + (p[0] - min(xs)) * scale, top + (max(zs) - p[1]) * scale)

    count = len(points)
    for index in range(1, count):
        t = index / count
        colour = (int(11 + t * 206), int(79 + t * 40), int(108 - t * 102))
        draw.line([at(points[index - 1]), at(points[index])], fill=colour, width=3)
    return _png(image)
