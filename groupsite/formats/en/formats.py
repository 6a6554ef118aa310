"""English formats (FORMAT_MODULE_PATH): British English underneath, with 24-hour times,
so the admin shows 15:00 as the public site does, never "3 p.m.".

Below them, the site's own named formats: templates write ``|date:"LONG_DATE_FORMAT"``
(Django finds any name in these modules), never a pattern, so German pages get German
dates from groupsite/formats/de/formats.py, which defines the same names. A name added
here is added there too (tests/groupsite/test_formats.py)."""

from django.conf.locale.en_GB.formats import *  # noqa: F403 (British English underneath)

TIME_FORMAT = "H:i"  # 15:00
DATETIME_FORMAT = "j M Y, H:i"  # 8 Dec 2026, 15:00
SHORT_DATETIME_FORMAT = "d/m/Y H:i"  # 08/12/2026 15:00
# The first is how the admin's time boxes show a time: 15:00, not 15:00:00.
TIME_INPUT_FORMATS = ["%H:%M", "%H:%M:%S", "%H:%M:%S.%f"]

# The site's named formats (DATE_FORMAT, "j M Y", is British English's: 8 Dec 2026).
LONG_DATE_FORMAT = "j F Y"  # 8 December 2026
# A session where it is listed or shown, in its series' zone (seminar_tags.session_time).
SESSION_DATETIME_FORMAT = "D j F Y, H:i T"  # Tue 8 December 2026, 15:00 CET
SESSION_TIME_FORMAT = "H:i T"  # 16:30 CET (a session's end on the day it starts)
# Mails: the day written out.
FULL_DATETIME_FORMAT = "l j F Y, H:i"  # Tuesday 8 December 2026, 15:00
