"""Another site frames the seminar list: allowed for the configured origin, refused for
other origins, and no other page of the site can be framed at all."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import _free_port


def host_page(frame_url: str) -> bytes:
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Institute</title>'
        f'</head><body><h1>Our department</h1><iframe src="{frame_url}" title="Talks" '
        'width="600" height="400"></iframe></body></html>'
    ).encode()


@pytest.fixture(scope="module")
def serve_host_page():
    """Starts a tiny web server on a given port that answers every path with a page
    framing ?src; returns the server's base URL."""
    servers = {}

    def start(port: int) -> str:
        if port in servers:
            return f"http://127.0.0.1:{port}"

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                frame_url = self.path.split("?src=", 1)[1] if "?src=" in self.path else ""
                body = host_page(frame_url)
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers[port] = server
        return f"http://127.0.0.1:{port}"

    yield start
    for server in servers.values():
        server.shutdown()
        server.server_close()


def framed(page, host: str, url: str):
    refusals = []
    page.on("console", lambda m: refusals.append(m.text) if "frame-ancestors" in m.text else None)
    page.goto(f"{host}/?src={url}")
    page.wait_for_load_state("load")
    return page.frame_locator("iframe"), refusals


def test_the_allowed_origin_frames_the_seminar_list(page, site, serve_host_page, embedding_port):
    host = serve_host_page(embedding_port)
    frame, refusals = framed(page, host, f"{site}/embed/seminar/")
    expect(frame.get_by_role("heading", level=1)).to_have_text("Upcoming talks")
    link = frame.locator("a.embed-title").first
    expect(link).to_have_attribute("target", "_top")
    assert refusals == []
    link.click()
    # The talk opens in the top window, not inside the frame.
    page.wait_for_url(f"{site}/seminar/**")
    expect(page.get_by_role("heading", level=1)).to_be_visible()


def test_another_origin_may_not_frame_the_seminar_list(page, site, serve_host_page):
    host = serve_host_page(_free_port())
    frame, refusals = framed(page, host, f"{site}/embed/seminar/")
    page.wait_for_timeout(500)
    expect(frame.get_by_role("heading", name="Upcoming talks")).to_have_count(0)
    assert refusals and "frame-ancestors" in refusals[0]


def test_even_the_allowed_origin_may_not_frame_other_pages(
    page, site, serve_host_page, embedding_port
):
    host = serve_host_page(embedding_port)
    frame, refusals = framed(page, host, f"{site}/seminar/")
    page.wait_for_timeout(500)
    expect(frame.get_by_role("heading", name="Seminar")).to_have_count(0)
    assert refusals and "'none'" in refusals[0]
