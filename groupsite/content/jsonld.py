"""Printing schema.org data safely; each app builds its own dictionaries."""

import json

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

# Keeps "</script>" and friends inside strings from closing the element.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def as_script(data: dict) -> SafeString:
    payload = json.dumps(data, ensure_ascii=False).translate(_SCRIPT_ESCAPES)
    # JSON with <, > and & escaped cannot end the element or start markup.
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))
