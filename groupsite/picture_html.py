"""<picture> markup for renditions, shared by the template tag and the markdown renderer."""

from django.utils.html import format_html, format_html_join

from groupsite.renditions import Picture


def _srcset(variants, by_width: bool) -> str:
    seen, parts = set(), []
    for variant in variants:
        if (variant.width, variant.height) in seen:
            continue  # the source was too small for a sharper 2x copy
        seen.add((variant.width, variant.height))
        descriptor = f"{variant.width}w" if by_width else f"{variant.density}x"
        parts.append(f"{variant.url} {descriptor}")
    return ", ".join(parts)


def picture_html(data: Picture, alt: str, css_class: str = "", lazy: bool = True) -> str:
    by_width = bool(data.spec.sizes)
    sizes = format_html(' sizes="{}"', data.spec.sizes) if by_width else ""
    attributes = format_html_join(
        "",
        ' {}="{}"',
        [
            (name, value)
            for name, value in (
                ("class", css_class),
                ("loading", "lazy" if lazy else ""),
                ("decoding", "async" if lazy else ""),
            )
            if value
        ],
    )
    return format_html(
        '<picture><source type="image/webp" srcset="{}"{}>'
        '<img src="{}" srcset="{}"{} width="{}" height="{}" alt="{}"{}></picture>',
        _srcset(data.webp, by_width),
        sizes,
        data.fallback[0].url,
        _srcset(data.fallback, by_width),
        sizes,
        data.width,
        data.height,
        alt,
        attributes,
    )
