"""POST data of admin change forms, as a browser would send them filled in."""

from modeltranslation.translator import translator


def in_english(data: dict, model) -> dict:
    """The admin shows each translated field as its text (``title_en``) and its German
    version (``title_de``): name the texts as the form does, German left empty."""
    translated = translator.get_options_for_model(model).all_fields
    return {f"{key}_en" if key in translated else key: value for key, value in data.items()}


def member_form(**overrides):
    from people.models import Member

    return in_english({
        "name": "Grace Hopper", "slug": "grace-hopper", "role": "postdoc", "title": "",
        "bio": "Compilers.", "photo_focus_x": "50", "photo_focus_y": "35", "published": "on",
        "email": "", "homepage": "", "orcid": "", "google_scholar": "", "github": "",
        "display_order": "0", "alumni_label": "former", **overrides,
    }, Member)  # fmt: skip
