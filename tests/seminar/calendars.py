"""Calendar files for the calendar import's tests."""

from pathlib import Path

SAMPLE = Path(__file__).parent / "data" / "sample.ics"


def vevent(*lines: str, uid="odd@old.example", summary="Odd talk") -> str:
    body = "\r\n".join([f"UID:{uid}", f"SUMMARY:{summary}", *lines])
    return f"BEGIN:VEVENT\r\n{body}\r\nEND:VEVENT\r\n"


def one_event(*lines: str, **names) -> bytes:
    return calendar_of(vevent(*lines, **names))


def calendar_of(*events: str) -> bytes:
    return f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n{''.join(events)}END:VCALENDAR\r\n".encode()


def after_sample(event: str) -> bytes:
    """The sample's three good events, then ``event`` as event 4."""
    return SAMPLE.read_bytes().replace(b"END:VCALENDAR", f"{event}END:VCALENDAR".encode())
