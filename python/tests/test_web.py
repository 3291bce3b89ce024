"""Model.tag_urls: pages fetched from a server the test starts on 127.0.0.1 (nothing leaves
the machine), tagged exactly as `stance tag URL` tags them; failures are FetchWarnings."""

from __future__ import annotations

import threading
import warnings
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

import stance
from conftest import run_cli

STORY = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title}</title></head>
<body><header><nav><a href="/">Home</a> <a href="/news">News</a></nav></header>
<main><article><h1>{title}</h1>
<p>The harbour board approved a new timetable for the island ferry on Tuesday, adding two
crossings on weekdays from the first of May.</p>
<p>The board said the extra crossings would be paid for by a small rise in car fares and by a
grant from the regional transport fund.</p>
<blockquote><p>We have waited years for an evening boat, and now the whole village can plan
around it.</p></blockquote>
<p>Surely this is the best news the island has had in a decade, and the board deserves credit
for listening at last.</p>
</article></main><footer><p>Copyright 2026 The Island Courier</p></footer></body></html>"""

GERMAN = """<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><title>Abendfähre</title></head>
<body><main><article><h1>Abendfähre genehmigt</h1>
<p>Der Hafenrat hat am Dienstag einen neuen Fahrplan für die Inselfähre beschlossen, mit zwei
zusätzlichen Fahrten an Werktagen ab dem ersten Mai.</p>
<p>Die zusätzlichen Fahrten sollen durch eine kleine Erhöhung der Autotarife und einen Zuschuss
aus dem regionalen Verkehrsfonds bezahlt werden.</p>
</article></main></body></html>"""


class Site:
    """An invented news site: a story, a German page, robots.txt forbidding /private/, a 404."""

    def __init__(self) -> None:
        self.requests: list[tuple[str, str]] = []
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                site.requests.append((self.path, self.headers.get("User-Agent", "")))
                routes = {
                    "/robots.txt": ("text/plain", "User-agent: *\nDisallow: /private/\n"),
                    "/news/ferry": ("text/html; charset=utf-8", STORY.format(title="Evening ferry approved")),
                    "/private/draft": ("text/html; charset=utf-8", STORY.format(title="A draft")),
                    "/de/faehre": ("text/html; charset=utf-8", GERMAN),
                }
                if self.path not in routes:
                    self.send_error(404)
                    return
                kind, body = routes[self.path]
                data = body.encode("utf-8")
                self.send_response(200)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}{path}"

    def paths(self) -> list[str]:
        return [p for p, _ in self.requests]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def site():
    s = Site()
    yield s
    s.close()


def test_a_page_is_fetched_and_tagged_as_the_cli_tags_it(model, site):
    url = site.url("/news/ferry")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        records = model.tag_urls([url], delay=0)
    assert records and all(r["doc"] == url for r in records)
    assert sum(r["label"] is not None for r in records) >= 3
    assert any(r["reproduced_by"] == "blockquote" for r in records)
    assert all(r["title"] == "Evening ferry approved" and r["language"] == "en" for r in records)
    assert site.paths() == ["/robots.txt", "/news/ferry"]
    assert site.requests[1][1].startswith("stance/")
    assert records == run_cli(url, "--delay", "0", "--format", "jsonl")
    # One URL as a string is one URL.
    assert model.tag_urls(url, delay=0, user_agent="courier-test/1") == records
    assert site.requests[-1][1] == "courier-test/1"


def test_a_404_and_a_robots_txt_refusal_are_warnings_and_the_rest_is_tagged(model, site):
    ok, missing, private = site.url("/news/ferry"), site.url("/missing"), site.url("/private/draft")
    with pytest.warns(stance.FetchWarning) as caught:
        records = model.tag_urls([missing, ok, private], delay=0)
    fetch = [w.message for w in caught if w.category is stance.FetchWarning]
    failures = {f.url: f.reason for f in fetch}
    assert set(failures) == {missing, private} and len(fetch) == 2
    assert "404" in failures[missing]
    assert "robots.txt" in failures[private]
    assert all(str(f) == f"{f.url}: {f.reason}" for f in fetch)
    assert {r["doc"] for r in records} == {ok}
    assert "/private/draft" not in site.paths(), "robots.txt forbids it: never asked for"
    # Made errors, they raise.
    with warnings.catch_warnings():
        warnings.simplefilter("error", stance.FetchWarning)
        with pytest.raises(stance.FetchWarning, match="404"):
            model.tag_urls([missing], delay=0)


def test_pages_saved_as_warc_read_back_the_same(model, site, tmp_path):
    archive = tmp_path / "pages.warc.gz"
    urls = [site.url("/news/ferry"), site.url("/de/faehre")]
    live = model.tag_urls(urls, delay=0, save_warc=archive, any_language=True)
    assert archive.exists()
    assert not list(tmp_path.glob(".stance-*")), "no temporary file left"
    # robots.txt is archived too, and read back as no page.
    with pytest.warns(UserWarning, match="skipped WARC records that are not HTML responses: 1 non-HTML response"):
        assert model.tag_files(archive, any_language=True) == live


def test_a_page_in_another_language_is_not_labelled_unless_asked(model, site):
    url = site.url("/de/faehre")
    with pytest.warns(UserWarning, match=r"1 document\(s\) in a language the model was not trained on \(de: 1"):
        records = model.tag_urls(url, delay=0)
    content = [r for r in records if r["skipped"] != "heading"]
    assert content and all(r["skipped"] == "language" and r["label"] is None for r in content)
    labelled = model.tag_urls(url, delay=0, any_language=True)
    assert all(r["label"] is not None for r in labelled if r["skipped"] is None)
    assert sum(r["label"] is not None for r in labelled) == len(content)


def test_bad_arguments_raise_before_anything_is_fetched(model, site):
    with pytest.raises(ValueError, match="nothing to fetch"):
        model.tag_urls([])
    with pytest.raises(ValueError, match="timeout"):
        model.tag_urls([site.url("/news/ferry")], timeout=0)
    with pytest.raises(ValueError, match="is a URL; fetch pages with tag_urls"):
        model.tag_files([site.url("/news/ferry")])
    assert site.requests == []
    with pytest.warns(stance.FetchWarning, match="not an http or https URL"):
        assert model.tag_urls(["ftp://example.org/file"]) == []
