"""The Python API gives exactly the CLI's records on the same input."""

from __future__ import annotations

import json
import sys
import threading
import time

import pytest

import stance
from conftest import (ROOT, WIRE, canonical, documents, http_response, run_cli, warc_record,
                      write_jsonl, write_warc_gz)


def test_one_post_from_the_readme(model):
    records = model.tag(["A post."])
    assert len(records) == 1
    assert records[0]["doc"] == "0" and records[0]["text"] == "A post."
    assert set(records[0]["scores"]) == {"fact", "quotation", "opinion"}
    assert abs(sum(records[0]["scores"].values()) - 1) < 1e-9


def test_same_records_as_the_cli_in_order_with_shared_passages(model, tmp_path):
    docs = documents()
    cli = run_cli(str(write_jsonl(tmp_path / "docs.jsonl", docs)))
    ours = model.tag(docs)
    assert ours == cli
    assert [list(r) for r in ours] == [list(r) for r in cli], "field order"
    shared = {r["doc"]: r["shared_with"] for r in ours if r["shared_with"]}
    assert shared == {"post-a": ["post-b", "post-c"], "post-b": ["post-a", "post-c"],
                      "post-c": ["post-a", "post-b"]}, "WIRE is shared; FOOTER is above the cap"
    assert {r["doc"] for r in ours if r["reproduced_by"] == "shared"} == {"post-a", "post-c"}, \
        "post-b introduces the passage with a lead-in, which comes first"


def test_without_shared_passages_nothing_is_shared(model):
    records = model.tag(documents()[:3], shared=False)
    assert all(r["shared_with"] == [] and r["reproduced_by"] != "shared" for r in records)
    assert len(records) == len(model.tag(documents()[:3]))


def test_html_and_paragraph_documents_match_the_cli(model, tmp_path):
    page = ("<html><body><h1>Flood warning</h1><p>The river rose by a metre overnight.</p>"
            "<blockquote><p>Stay away from the banks.</p></blockquote>"
            "<p>We should have built the wall in 2019.</p></body></html>")
    (tmp_path / "page.html").write_text(page, encoding="utf-8")
    cli = run_cli(str(tmp_path / "page.html"))
    ours = model.tag([{"id": str(tmp_path / "page.html"), "html": page}])
    assert ours == cli
    assert any(r["reproduced_by"] == "blockquote" for r in ours)
    paras = model.tag([{"id": "p", "paragraphs": ["One.", "Two, I believe."]}])
    assert [r["text"] for r in paras] == ["One.", "Two, I believe."]


def test_model_from_a_file_and_bad_files(tmp_path):
    m = stance.Model(ROOT / "models" / "default.model")
    assert m.tag(["A post."]) == stance.Model().tag(["A post."])
    with pytest.raises(OSError, match="no-such.model"):
        stance.Model(tmp_path / "no-such.model")
    (tmp_path / "bad.model").write_text("not a model\n")
    with pytest.raises(ValueError, match="bad.model"):
        stance.Model(tmp_path / "bad.model")


def test_bad_documents_say_which(model):
    with pytest.raises(ValueError, match="document 1"):
        model.tag(["fine", {"id": "x"}])
    with pytest.raises(TypeError):
        model.tag("a bare string")
    with pytest.raises(ValueError, match="document 0"):
        model.tag([{"id": "x", "paragraphs": "not a list"}])


def test_tag_frame_one_row_per_paragraph(model):
    pd = pytest.importorskip("pandas")
    docs = documents()[:4]
    df = pd.DataFrame({"key": [d["id"] for d in docs], "body": [d["text"] for d in docs]})
    out = model.tag_frame(df, id="key", text="body")
    records = model.tag([{"id": d["id"], "text": d["text"]} for d in docs])
    assert list(out.columns) == list(records[0])
    assert len(out) == len(records)
    assert out["doc"].tolist() == [r["doc"] for r in records]
    assert out["label"].tolist() == [r["label"] for r in records]
    with pytest.raises(KeyError, match="nope"):
        model.tag_frame(df, id="nope", text="body")


def test_tag_frame_without_pandas_says_which_extra_to_install(model, monkeypatch):
    # As if pandas were not installed: `import pandas` then raises ModuleNotFoundError.
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ModuleNotFoundError, match=r"pip install 'stance\[pandas\]'") as raised:
        model.tag_frame(object())
    assert raised.value.name == "pandas"


def test_threads_give_the_same_records_and_release_the_gil(model):
    docs = documents() * 3
    docs = [{"id": f"{d['id']}-{i}", **{k: v for k, v in d.items() if k != "id"}} for i, d in enumerate(docs)]
    one = model.tag(docs, threads=1)
    assert model.tag(docs, threads=2) == one
    # While one thread is inside the Rust call, another runs Python code: the GIL is released.
    # (Were it held, no tick could fall strictly between entering and leaving the call.)
    ticks, window, result = [], [], []

    def work():
        window.append(time.perf_counter())
        result.append(model.tag(docs * 4, threads=1))
        window.append(time.perf_counter())

    worker = threading.Thread(target=work)
    worker.start()
    while worker.is_alive():
        ticks.append(time.perf_counter())
    worker.join()
    assert len(result[0]) == 4 * len(one)
    inside = [t for t in ticks if window[0] < t < window[1]]
    assert len(inside) > 100, f"{len(inside)} ticks while tagging: the GIL was held"


def test_warc_pages_are_tagged_like_the_cli(model, tmp_path):
    page = b"<html><body><p>The ferry timetable changes on Monday.</p><p>About time, too.</p></body></html>"
    path = write_warc_gz(tmp_path / "crawl.warc.gz", [
        warc_record("warcinfo", "", b"software: invented\r\n"),
        warc_record("request", "http://a.example/ferry", b"GET /ferry HTTP/1.1\r\n\r\n"),
        warc_record("response", "http://a.example/ferry", http_response("text/html; charset=utf-8", page)),
        warc_record("response", "http://a.example/logo.png", http_response("image/png", b"\x89PNG")),
        warc_record("response", "http://b.example/repost", http_response("text/html", f"<p>{WIRE}</p>".encode())),
        warc_record("response", "http://c.example/repost", http_response("text/html", f"<p>Seen this?</p><p>{WIRE}</p>".encode())),
    ])
    with pytest.warns(UserWarning, match="1 non-HTML response, 1 request, 1 warcinfo"):
        pages = stance.read_warc(path)
    assert [p["id"] for p in pages] == ["http://a.example/ferry", "http://b.example/repost", "http://c.example/repost"]
    ours = model.tag(pages)
    assert ours == run_cli(str(path))
    assert [r["text"] for r in ours[:2]] == ["The ferry timetable changes on Monday.", "About time, too."]
    assert sum(r["reproduced_by"] == "shared" for r in ours) == 2


def test_tag_files_is_stance_tag_on_the_sample_posts(model):
    posts = ROOT / "data" / "posts"
    assert model.tag_files([posts]) == run_cli(str(posts))


def test_files_not_read_and_documents_in_another_language_are_warned_about(model, tmp_path):
    (tmp_path / "a.txt").write_text("The ferry will run twice a day from May, the council said.\n")
    (tmp_path / "b.pdf").write_bytes(b"%PDF-1.4 invented")
    with pytest.warns(UserWarning, match=r"1 file\(s\) in the directories given were not read, by extension: 1 \.pdf"):
        records = model.tag_files(tmp_path)
    assert {r["doc"] for r in records} == {str(tmp_path / "a.txt")}
    page = {"id": "de", "html": '<html lang="de"><body><p>Die Fähre fährt ab Mai zweimal am Tag, '
                                 'sagte der Rat.</p></body></html>'}
    with pytest.warns(UserWarning, match=r"1 document\(s\) in a language the model was not trained on \(de: 1"):
        skipped = model.tag([page])
    assert skipped and all(r["skipped"] == "language" and r["label"] is None for r in skipped)
    labelled = model.tag([page], any_language=True)
    assert all(r["label"] is not None for r in labelled)


TARGET_POST = ("The harbour board met on Tuesday to discuss the ferry timetable.\n\n"
               "Councillor Ortiz's reckless plan is a disgrace: it wasted millions and failed the "
               "town, and her excuses are dishonest. Dan Lee, by contrast, did excellent, honest "
               "work and deserves real praise for saving the ferry.")


def test_targets_give_the_tone_toward_each_as_the_cli_does(model, tmp_path):
    targets = ["Maria Ortiz=Ortiz", "Dan Lee=Lee"]
    ours = model.tag([{"id": "p", "text": TARGET_POST}], targets=targets)
    assert ours[0]["targets"] == []
    tones = {t["target"]: t["sentiment"] for t in ours[1]["targets"]}
    assert tones == {"Maria Ortiz": "negative", "Dan Lee": "positive"}
    path = write_jsonl(tmp_path / "p.jsonl", [{"id": "p", "text": TARGET_POST}])
    args = [str(path)] + [a for t in targets for a in ("--target", t)]
    assert run_cli(*args) == ours
    # A document's own targets, and none without them.
    own = model.tag([{"id": "p", "text": TARGET_POST, "targets": ["Dan Lee=Lee"]}])
    assert [t["target"] for t in own[1]["targets"]] == ["Dan Lee"]
    assert "targets" not in model.tag([TARGET_POST])[0]
    with pytest.raises(TypeError):
        model.tag([TARGET_POST], targets="Ortiz")
    with pytest.raises(ValueError, match="bad target"):
        model.tag([TARGET_POST], targets=["=x"])
