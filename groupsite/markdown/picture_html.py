"""<picture> markup for renditions: the {% picture %} tag, and markdown shown on HTML pages."""

from django.conf import settings
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from groupsite.markdown.limits import markdown_problems
from groupsite.markdown.render import (
    IMG_TAG,
    image_attributes,
    preview_markdown,
    render_markdown,
    save_problems,
)
from groupsite.media import renditions
from groupsite.media.renditions import Picture


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


def _picture_for_image(match, make: bool = True) -> str:
    attributes = image_attributes(match[1])
    src = attributes.get("src", "")
    if src.startswith(settings.MEDIA_URL):
        name = src.removeprefix(settings.MEDIA_URL)
        data = renditions.picture(name, renditions.MARKDOWN_IMAGE_SPEC, make=make)
        if data:
            return picture_html(data, attributes.get("alt", ""))
    if not make:
        # Not shown from elsewhere either: a preview fetches nothing it did not make.
        return format_html('<span class="image-alt">{}</span>', attributes.get("alt", ""))
    return match[0]


def with_pictures(html: str, make: bool = True) -> SafeString:
    """Uploaded images in render_markdown()'s output become responsive <picture>s.

    Only for HTML pages (the markdown filter, the editor preview): this step reads image
    files and makes renditions, which plain-text and exports must never do. ``make=False``
    (the speaker's preview) shows only images whose renditions exist already, and the alt
    text of any other: it writes nothing.
    """
    # The input is render_markdown()'s sanitised output; picture_html escapes what it adds.
    return mark_safe(IMG_TAG.sub(lambda match: _picture_for_image(match, make), html))


def markdown_with_pictures(text: str | None, make: bool = True) -> SafeString:
    """What an HTML page shows of a markdown text (MARKDOWNX_MARKDOWNIFY_FUNCTION)."""
    return with_pictures(render_markdown(text), make)


def preview_with_pictures(text: str | None, make: bool = True) -> SafeString:
    """A preview of unsaved text (the editor, the speaker form): as markdown_with_pictures,
    but the rendered HTML is not kept in the shared cache (MARKDOWNX_MARKDOWNIFY_FUNCTION)."""
    return with_pictures(preview_markdown(text), make)


def checked_preview(text: str, make: bool = True, max_length: int | None = None) -> SafeString:
    """A preview that says first what saving would refuse (too long, nested too deeply to
    show, an image without alt text), then shows the text unless it is too long to
    render: the writer never learns of a problem only when saving."""
    problems = save_problems(text, max_length)
    refusal = (
        format_html(
            '<div class="preview-refused"><p>{}</p><ul>{}</ul></div>',
            _("This text cannot be saved as it is:"),
            format_html_join("", "<li>{}</li>", ((problem,) for problem in problems)),
        )
        if problems
        else ""
    )
    too_long = markdown_problems(text) or (max_length is not None and len(text) > max_length)
    return format_html("{}{}", refusal, "" if too_long else preview_with_pictures(text, make))
