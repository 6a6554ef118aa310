"""Writes programme.csv and programme.xlsx: an invented organiser's seminar programme.

66 sessions from 2021 to 2024, newest first as organisers often keep them, with German and
accented names, recordings as every common kind of YouTube link, and one cancelled talk.
Run it again after changing it: ``python tests/seminar/data/spreadsheets/make_programme.py``.
"""

import csv
from datetime import datetime, timedelta
from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).parent
COLUMNS = ["series", "title", "start", "status", "speakers", "recording", "abstract"]
SPEAKERS = [
    "Jörg Müller (Universität Hamburg)", "Zoë Ångström (KTH Stockholm)",
    "Ana-Sofía Peña (Universidad de Chile)", "François Lefèvre (Météo-France)",
    "Björn Weiß (Helmholtz-Zentrum Hereon)", "Ngozi Okonkwo (University of Lagos)",
    "Dorothea Schäfer (DKRZ)", "Łukasz Wróbel (ICM Warsaw)", "Chloé Durand",
    "Søren Kierkegaard-Hansen (DMI); Ingrid Bø (Met Norway)",
]  # fmt: skip
TOPICS = [
    "Neural operators for ocean models", "Learning sub-grid closures", "Emulating sea ice",
    "Graph networks for weather", "Uncertainty in climate emulators", "Physics-informed losses",
    "Downscaling precipitation", "Data assimilation meets deep learning",
    "Über die Stabilität gelernter Parametrisierungen", "Équations et réseaux",
    "Foundation models for Earth observation",
]  # fmt: skip
LINKS = [
    "https://www.youtube.com/watch?v={id}", "https://youtu.be/{id}?t=42",
    "https://www.youtube.com/embed/{id}", "https://www.youtube.com/live/{id}",
    "youtube.com/watch?v={id}&list=PLx", "{id}", "", "",
]  # fmt: skip
CANCELLED = 17


def video_id(n: int) -> str:
    return f"vid{n:04d}abcd"[:11]


def rows() -> list[dict]:
    first = datetime(2021, 1, 12, 15, 0)
    programme = []
    for n in range(66):
        start = first + timedelta(weeks=2 * n) + timedelta(hours=n % 3 == 0)
        link = LINKS[n % len(LINKS)]
        programme.append(
            {
                "series": "ml-seminar",
                "title": f"{TOPICS[n % len(TOPICS)]} ({n + 1})",
                "start": start,
                "status": "Cancelled" if n == CANCELLED else "",
                "speakers": SPEAKERS[n % len(SPEAKERS)],
                "recording": link.format(id=video_id(n)) if n != CANCELLED else "",
                "abstract": f"Talk {n + 1}: an invented abstract with *markdown*.",
            }
        )
    return list(reversed(programme))


def main() -> None:
    programme = rows()
    with (HERE / "programme.csv").open("w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=COLUMNS)
        writer.writeheader()
        for row in programme:
            writer.writerow({**row, "start": row["start"].strftime("%d.%m.%Y %H:%M")})
    book = Workbook()
    sheet = book.active
    sheet.append([column.capitalize() for column in COLUMNS])
    for row in programme:
        sheet.append([row[column] for column in COLUMNS])
    book.save(HERE / "programme.xlsx")


if __name__ == "__main__":
    main()
