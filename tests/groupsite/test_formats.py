"""Dates per language through named formats (groupsite/formats/), never a pattern in a template."""

import re
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.utils import formats, translation

from groupsite.formats.de import formats as german
from groupsite.formats.en import formats as english

MOMENT = datetime(2026, 12, 8, 15, 0, tzinfo=ZoneInfo("Europe/Berlin"))
# Machine-readable values (<time datetime>, ISO), the same in every language.
MACHINE_PATTERNS = {"Y-m-d", "c", "U", "Y"}


def named(module) -> set[str]:
    return {name for name in vars(module) if name.endswith("_FORMAT")}


def test_every_named_format_exists_in_both_languages():
    own = {"LONG_DATE_FORMAT", "SESSION_DATETIME_FORMAT", "SESSION_TIME_FORMAT",
           "FULL_DATETIME_FORMAT"}  # fmt: skip
    assert own <= named(english)
    assert own <= named(german)


@pytest.mark.parametrize(
    ("name", "en", "de"),
    [
        ("DATE_FORMAT", "8 Dec 2026", "8. Dez. 2026"),
        ("DATETIME_FORMAT", "8 Dec 2026, 15:00", "8. Dez. 2026, 15:00 Uhr"),
        ("LONG_DATE_FORMAT", "8 December 2026", "8. Dezember 2026"),
        ("SESSION_DATETIME_FORMAT", "Tue 8 December 2026, 15:00 CET",
         "Di., 8. Dez. 2026, 15:00 Uhr CET"),
        ("SESSION_TIME_FORMAT", "15:00 CET", "15:00 Uhr CET"),
        ("FULL_DATETIME_FORMAT", "Tuesday 8 December 2026, 15:00",
         "Dienstag, 8. Dezember 2026, 15:00"),
        ("TIME_FORMAT", "15:00", "15:00"),
    ],
)  # fmt: skip
def test_named_formats_read_as_each_language_writes_dates(name, en, de):
    with translation.override("en"):
        assert formats.date_format(MOMENT, name) == en
    with translation.override("de"):
        assert formats.date_format(MOMENT, name) == de


def test_english_keeps_british_dates_and_input_formats():
    with translation.override("en"):
        assert formats.get_format("DATE_INPUT_FORMATS")[0] == "%d/%m/%Y"
        assert formats.get_format("FIRST_DAY_OF_WEEK") == 1


def test_no_template_writes_a_date_pattern_of_its_own():
    found = []
    for path in sorted((Path(settings.BASE_DIR) / "templates").rglob("*")):
        if path.suffix not in (".html", ".txt"):
            continue
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            for pattern in re.findall(r"\|(?:date|time):[\"']([^\"']*)[\"']", line):
                if not pattern.endswith("_FORMAT") and pattern not in MACHINE_PATTERNS:
                    found.append(f"{path.relative_to(settings.BASE_DIR)}:{number}: {pattern}")
    assert found == []
