"""Remake docs/screenshot.png, the README's picture of the landing page.

Start the development site with demo content first (`make run`), then:

    .venv/bin/python bench/screenshot_readme.py [http://127.0.0.1:8000/]

Debian's Chromium (apt-get install chromium) takes the picture; Pillow reduces it to a
palette image so the README stays light (the script refuses to write 200 KB or more).
"""

import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image

CHROMIUM = "/usr/bin/chromium"
OUTPUT = Path(__file__).resolve().parent.parent / "docs" / "screenshot.png"
MAX_BYTES = 200 * 1024
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--window-size=1280,900",
]


def main(url: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        raw = Path(folder) / "raw.png"
        subprocess.run(
            [CHROMIUM, *FLAGS, f"--screenshot={raw}", url],
            check=True,
            capture_output=True,
            timeout=120,
        )
        picture = Image.open(raw).convert("RGB").quantize(colors=128, dither=Image.Dither.NONE)
        picture.save(OUTPUT, optimize=True)
    size = OUTPUT.stat().st_size
    if size >= MAX_BYTES:
        sys.exit(f"{OUTPUT} is {size:,} bytes; keep it under {MAX_BYTES:,}.")
    print(f"Wrote {OUTPUT} ({size:,} bytes) from {url}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000/")
