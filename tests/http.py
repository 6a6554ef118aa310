"""What a test of a page's text needs first: the page itself, not an error page."""


def page_text(response, status: int = 200) -> str:
    """The text of a response that answered ``status``: a test that asserts some text is
    absent would otherwise pass on a 404 or a 500 page too."""
    assert response.status_code == status, (response.status_code, response.get("Location"))
    return response.content.decode()


def german_response(path: str):
    """The response of the view at the English ``path``, rendered with German active.

    The view is called directly (no middleware), so the test reads the catalogue's
    German whatever the URL scheme for German pages is."""
    from django.contrib.auth.models import AnonymousUser
    from django.test import RequestFactory
    from django.urls import resolve
    from django.utils import translation

    request = RequestFactory().get(path)
    request.user = AnonymousUser()
    match = resolve(request.path)  # before German is active: the English address resolves
    with translation.override("de"):
        response = match.func(request, *match.args, **match.kwargs)
        if hasattr(response, "render"):
            response.render()
    return response


def german_text(path: str, status: int = 200) -> str:
    """The text of the page at the English ``path`` in German (german_response)."""
    response = german_response(path)
    assert response.status_code == status, response.status_code
    return response.content.decode()
