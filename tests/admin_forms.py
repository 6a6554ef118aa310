"""POST data of admin change forms, as a browser would send them filled in."""


def member_form(**overrides):
    return {
        "name": "Grace Hopper", "slug": "grace-hopper", "role": "postdoc", "title": "",
        "bio": "Compilers.", "photo_focus_x": "50", "photo_focus_y": "35", "published": "on",
        "email": "", "homepage": "", "orcid": "", "google_scholar": "", "github": "",
        "display_order": "0", "alumni_label": "former", **overrides,
    }  # fmt: skip
