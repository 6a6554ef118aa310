"""What a test of a page's text needs first: the page itself, not an error page."""


def page_text(response, status: int = 200) -> str:
    """The text of a response that answered ``status``: a test that asserts some text is
    absent would otherwise pass on a 404 or a 500 page too."""
    assert response.status_code == status, (response.status_code, response.get("Location"))
    return response.content.decode()
