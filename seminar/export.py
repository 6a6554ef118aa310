"""The session archive as JSON or CSV: pure functions; the command only wraps them."""

import csv
import json

from groupsite.seo import absolute_url

COLUMNS = [
    "series", "number", "title", "start", "end", "status", "format", "location", "speakers",
    "abstract", "recording", "url", "uid",
]  # fmt: skip


def session_records(sessions, base_url: str) -> list[dict]:
    return [
        {
            "series": session.series.slug,
            "number": session.number,
            "title": session.title,
            "start": session.local_start.isoformat(),
            "end": session.local_end.isoformat(),
            "status": session.status,
            "format": session.format,
            "location": session.location,
            "speakers": "; ".join(str(speaker) for speaker in session.speakers.all()),
            "abstract": session.abstract,
            "recording": session.recording_url,
            "url": absolute_url(base_url, session),
            "uid": session.uid,
        }
        for session in sessions
    ]


def write_json(records: list[dict], stream) -> None:
    json.dump(records, stream, ensure_ascii=False, indent=2)
    stream.write("\n")


def write_csv(records: list[dict], stream) -> None:
    writer = csv.DictWriter(stream, fieldnames=COLUMNS)
    writer.writeheader()
    writer.writerows(records)
