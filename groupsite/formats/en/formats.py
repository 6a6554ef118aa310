"""English formats with 24-hour times (FORMAT_MODULE_PATH): the admin shows 15:00 as the
public site does, never "3 p.m.". Everything not named here is Django's en_GB."""

TIME_FORMAT = "H:i"  # 15:00
DATETIME_FORMAT = "j M Y, H:i"  # 25 Oct 2006, 15:00
SHORT_DATETIME_FORMAT = "d/m/Y H:i"  # 25/10/2006 15:00
# The first is how the admin's time boxes show a time: 15:00, not 15:00:00.
TIME_INPUT_FORMATS = ["%H:%M", "%H:%M:%S", "%H:%M:%S.%f"]
