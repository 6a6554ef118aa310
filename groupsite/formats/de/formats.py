"""German formats (FORMAT_MODULE_PATH): Django's German ones underneath, and the site's
named formats (see groupsite/formats/en/formats.py) as a German institute writes dates:
"Di., 8. Dez. 2026, 15:00 Uhr". Month and weekday names come from Django's German
catalogue ("Dez.", "Di")."""

from django.conf.locale.de.formats import *  # noqa: F403 (Django's German underneath)

TIME_FORMAT = "H:i"  # 15:00
DATE_FORMAT = "j. N Y"  # 8. Dez. 2026
DATETIME_FORMAT = r"j. N Y, H:i \U\h\r"  # 8. Dez. 2026, 15:00 Uhr
SHORT_DATETIME_FORMAT = "d.m.Y H:i"  # 08.12.2026 15:00

LONG_DATE_FORMAT = "j. F Y"  # 8. Dezember 2026
SESSION_DATETIME_FORMAT = r"D., j. N Y, H:i \U\h\r T"  # Di., 8. Dez. 2026, 15:00 Uhr CET
SESSION_TIME_FORMAT = r"H:i \U\h\r T"  # 16:30 Uhr CET
FULL_DATETIME_FORMAT = r"l, j. F Y, H:i"  # Dienstag, 8. Dezember 2026, 15:00
