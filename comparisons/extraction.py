"""Main-content extraction on the Article Extraction Benchmark's dev pages.

Scores our reader (through the real `stance` binary: the content paragraphs
it writes, neither skipped nor reader comments) and the candidate Rust
crates (run by `comparisons/extractors`) on the pages in
../shared/corpora/article-extraction/, with the benchmark's metric as
../shared/corpora/README.md describes it, and prints one table: F1,
precision, recall, pages with no content, pages/s. Also times `stance tag`
on a generated page of deeply nested <div>s. Run through `comparisons/extraction`.
"""

import argparse
import collections
import gzip
import json
import os
import re
import subprocess
import sys
import tempfile
import time

WORD = re.compile(r"\w+")

# Published figures on all 181 pages, from ../shared/corpora/README.md:
# (name, F1, precision, recall); None where the README gives F1 alone.
PUBLISHED = [
    ("rs_trafilatura (Rust)", 0.970, 0.951, 0.990),
    ("trafilatura 2.0 (Python)", 0.958, 0.938, 0.978),
    ("go-trafilatura", 0.960, None, None),
    ("newspaper4k", 0.949, None, None),
    ("Readability.js", 0.947, None, None),
    ("dom_smoothie (Rust)", 0.865, None, None),
    ("jusText", 0.804, None, None),
    ("whole-page text (html-text)", 0.665, 0.500, 0.994),
]


def shingles(text, n=4):
    """The multiset of n-grams of consecutive \\w+ tokens (a shorter text
    is one shingle of all its tokens)."""
    tokens = WORD.findall(text)
    if 0 < len(tokens) < n:
        return collections.Counter([tuple(tokens)])
    return collections.Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


def page_pr(gold, pred):
    """Precision and recall of one page (the benchmark's rules)."""
    g, p = shingles(gold), shingles(pred)
    tp = sum(min(c, p[s]) for s, c in g.items())
    fp = sum(p.values()) - tp
    fn = sum(g.values()) - tp
    if fp == 0 and fn == 0:
        return 1.0, 1.0
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return precision, recall


def score(gold, predicted):
    """Mean precision and recall over pages, F1 of those means, and how many
    pages got no token at all."""
    ps, rs, empty = [], [], 0
    for key, truth in gold.items():
        text = predicted.get(key, "")
        if not WORD.search(text):
            empty += 1
        p, r = page_pr(truth, text)
        ps.append(p)
        rs.append(r)
    p, r = sum(ps) / len(ps), sum(rs) / len(rs)
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return f1, p, r, empty


def run_extractor(binary, candidate, files):
    out = subprocess.run([binary, candidate, *files], check=True, capture_output=True, text=True)
    texts, secs = {}, 0.0
    for line in out.stdout.splitlines():
        rec = json.loads(line)
        texts[key_of(rec["file"])] = rec["text"]
        secs += rec["secs"]
    return texts, secs


def key_of(path):
    name = os.path.basename(path)
    return name.split(".", 1)[0]


def run_stance(binary, page_dir):
    """Per page, the content paragraphs `stance tag` labels and all the
    article's paragraphs it writes (skipped ones too: headings, bylines,
    credits), and the wall time of the whole run (reading, extraction,
    segmentation, both model heads)."""
    start = time.perf_counter()
    out = subprocess.run(
        [binary, "tag", "--threads", "1", "--no-shared", page_dir],
        capture_output=True,
        text=True,
    )
    secs = time.perf_counter() - start
    if out.returncode not in (0, 1):
        sys.exit(f"stance failed ({out.returncode}): {out.stderr[-2000:]}")
    paras, written = collections.defaultdict(list), collections.defaultdict(list)
    for line in out.stdout.splitlines():
        rec = json.loads(line)
        if rec.get("comment", False):
            continue
        written[key_of(rec["doc"])].append(rec["text"])
        if rec.get("skipped") is None:
            paras[key_of(rec["doc"])].append(rec["text"])
    join = lambda d: {k: "\n".join(v) for k, v in d.items()}
    return join(paras), join(written), secs


def nested_divs(binary, depth, limit_secs):
    """Seconds `stance tag` takes on a page of `depth` nested divs (None
    when it did not finish within `limit_secs`), and its exit status."""
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "deep.html")
        with open(path, "w") as f:
            f.write("<html><body>" + "<div>" * depth + "<p>A paragraph at the bottom of the page.</p>")
            f.write("</div>" * depth + "</body></html>")
        start = time.perf_counter()
        try:
            out = subprocess.run(
                [binary, "tag", "--threads", "1", path],
                capture_output=True,
                timeout=limit_secs,
            )
        except subprocess.TimeoutExpired:
            return None, None
        return time.perf_counter() - start, out.returncode


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--extractors", required=True, help="the comparisons/extractors binary")
    ap.add_argument("--before", help="a stance binary built from main before the change")
    ap.add_argument("--after", required=True, help="the stance binary under test")
    ap.add_argument("--work", required=True)
    ap.add_argument("--candidates", default="rs-trafilatura,trafilatura,dom_smoothie,readabilityrs")
    ap.add_argument("--depth", type=int, default=200_000)
    ap.add_argument("--depth-limit", type=float, default=120.0)
    ap.add_argument("--json", help="also write the figures here")
    args = ap.parse_args()

    with open(os.path.join(args.corpus, "ground-truth.json")) as f:
        gold = {k: v["articleBody"] for k, v in json.load(f).items()}
    html_dir = os.path.join(args.corpus, "html")
    files = sorted(os.path.join(html_dir, n) for n in os.listdir(html_dir) if n.endswith(".html.gz"))
    gold = {k: v for k, v in gold.items() if any(key_of(p) == k for p in files)}

    # The binary before this change reads no .gz: every stance run reads the
    # same decompressed copies.
    page_dir = os.path.join(args.work, "pages")
    os.makedirs(page_dir, exist_ok=True)
    for p in files:
        with gzip.open(p, "rb") as src, open(os.path.join(page_dir, key_of(p) + ".html"), "wb") as dst:
            dst.write(src.read())

    rows = []
    if args.before:
        texts, _, secs = run_stance(args.before, page_dir)
        rows.append(("stance before (main)", texts, secs))
    for c in args.candidates.split(","):
        if c:
            texts, secs = run_extractor(args.extractors, c, files)
            rows.append((c, texts, secs))
    texts, written, secs = run_stance(args.after, page_dir)
    rows.append(("stance after", texts, secs))
    # Extraction alone: every article paragraph written, skipped or not.
    rows.append(("stance after, skipped too", written, secs))

    n = len(gold)
    print(f"Main-content extraction, {n} dev pages of the Article Extraction Benchmark")
    print("(stance rows: `stance tag --threads 1 --no-shared`, whole tagging run timed, the")
    print(" paragraphs it labels; \"skipped too\" adds those it writes as skipped: headings,")
    print(" bylines, credits; crates: extraction call alone, one thread)\n")
    print(f"| {'extractor':<28} | F1    | prec. | recall | no content | pages/s |")
    print(f"|{'-' * 30}|-------|-------|--------|------------|---------|")
    figures = []
    for name, texts, secs in rows:
        f1, p, r, empty = score(gold, texts)
        rate = n / secs if secs > 0 else float("inf")
        figures.append({"name": name, "f1": f1, "precision": p, "recall": r, "empty": empty, "pages_per_s": rate})
        print(f"| {name:<28} | {f1:.3f} | {p:.3f} | {r:.3f}  | {empty:>10} | {rate:>7.1f} |")
    print("\nPublished, all 181 pages (../shared/corpora/README.md):\n")
    print(f"| {'extractor':<28} | F1    | prec. | recall |")
    print(f"|{'-' * 30}|-------|-------|--------|")
    fmt = lambda x: "  -  " if x is None else f"{x:.3f}"
    for name, f1, p, r in PUBLISHED:
        print(f"| {name:<28} | {fmt(f1)} | {fmt(p)} | {fmt(r)}  |")

    print(f"\n`stance tag` on one page of {args.depth:,} nested <div>s:")
    deep = {}
    for label, binary in (("before", args.before), ("after", args.after)):
        if not binary:
            continue
        secs, code = nested_divs(binary, args.depth, args.depth_limit)
        deep[label] = secs
        shown = f"> {args.depth_limit:.0f} s (stopped)" if secs is None else f"{secs:.2f} s, exit {code}"
        print(f"  {label:<6} {shown}")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"pages": n, "rows": figures, "nested_divs_secs": deep}, f, indent=1)


if __name__ == "__main__":
    main()
