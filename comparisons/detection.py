"""Shared-passage detection benchmark: planted reposts and near-misses.

Generates a JSONL archive of posts made of random words drawn from data/
(the team's own text, so no real passage repeats by accident), plants
reposts in it and scores what ``stance tag`` calls ``reproduced_by:
"shared"``, paragraph by paragraph:

* reposts: a donor post gets a paragraph of 25-120 words; another post gets
  the same passage as a paragraph of its own, with 0, 1 or 2 words in each
  30 replaced (an edited copy). Both paragraphs should be flagged.
* near-misses, which should not be flagged: a fragment of 10-20 words of a
  longer donor paragraph pasted as a short paragraph (shorter than the
  25-word rule), and a 40-word passage with every third word replaced.

Every other paragraph is the writer's own and should not be flagged. Prints
precision and recall (over paragraphs), recall by passage length and by
edits, and the near-misses flagged, for each binary given.

    python3 comparisons/detection.py --stance BIN [--stance OLD_BIN ...] [--posts N] [--seed S]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def vocabulary() -> list[str]:
    """Distinct lowercase words of the team's own text in data/."""
    words: set[str] = set()
    for path in sorted((ROOT / "data").rglob("*")):
        if path.is_file() and path.suffix in (".txt", ".md", ".jsonl"):
            words.update(re.findall(r"[a-z]{3,}", path.read_text(encoding="utf-8", errors="replace").lower()))
    return sorted(words)


class Gen:
    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.vocab = vocabulary()

    def words(self, n: int) -> list[str]:
        return [self.rng.choice(self.vocab) for _ in range(n)]

    def paragraph(self, words: list[str]) -> str:
        """Words as sentences of 8-16 words: capitalised, full stops."""
        out, i = [], 0
        while i < len(words):
            n = self.rng.randint(8, 16)
            s = words[i:i + n]
            out.append(" ".join([s[0].capitalize()] + s[1:]) + ".")
            i += n
        return " ".join(out)

    def edited(self, words: list[str], per_30: int) -> tuple[list[str], int]:
        """A copy with `per_30` words in each block of 30 replaced."""
        out = list(words)
        edits = 0
        for start in range(0, len(words), 30):
            block = range(start, min(start + 30, len(words)))
            for i in self.rng.sample(list(block), min(per_30, len(block))):
                out[i] = self.rng.choice(self.vocab)
                edits += 1
        return out, edits


def build(n_posts: int, seed: int):
    """Posts (lists of paragraphs' words), the truth (doc, paragraph) → case."""
    g = Gen(seed)
    posts = [[g.words(g.rng.randint(20, 80)) for _ in range(g.rng.randint(4, 7))] for _ in range(n_posts)]
    planted = []  # (donor, receiver, kind, words, detail)
    ids = list(range(n_posts))
    for k in range(n_posts // 5):
        donor, receiver = g.rng.sample(ids, 2)
        length = g.rng.randint(25, 120)
        passage = g.words(length)
        per_30 = k % 3
        copy, _ = g.edited(passage, per_30)
        planted.append((donor, passage, receiver, copy, "repost", length, per_30))
    for k in range(n_posts // 10):
        donor, receiver = g.rng.sample(ids, 2)
        source = g.words(g.rng.randint(40, 80))
        n = g.rng.randint(10, 20)
        at = g.rng.randint(0, len(source) - n)
        planted.append((donor, source, receiver, source[at:at + n], "short", n, 0))
    for k in range(n_posts // 10):
        donor, receiver = g.rng.sample(ids, 2)
        passage = g.words(40)
        copy = [g.rng.choice(g.vocab) if i % 3 == 2 else w for i, w in enumerate(passage)]
        planted.append((donor, passage, receiver, copy, "heavy-edit", 40, 13))
    # Insert the planted paragraphs, then number them.
    marks: dict[int, list[tuple[int, str, int, int]]] = {}
    for donor, src, receiver, copy, kind, length, edits in planted:
        for doc, words in ((donor, src), (receiver, copy)):
            at = g.rng.randint(0, len(posts[doc]))
            posts[doc].insert(at, words)
            tag = id(words)
            marks.setdefault(doc, []).append((tag, kind, length, edits))
    truth = {}
    for doc, ms in marks.items():
        by_tag = {t: (k, l, e) for t, k, l, e in ms}
        for i, words in enumerate(posts[doc]):
            if id(words) in by_tag:
                truth[(f"p{doc}", i)] = by_tag[id(words)]
    records = [{"id": f"p{i}", "paragraphs": [g.paragraph(w) for w in ps]} for i, ps in enumerate(posts)]
    return records, truth


def score(flagged: set, truth: dict, all_paragraphs: set) -> dict:
    should = {k for k, v in truth.items() if v[0] == "repost"}
    tp = len(flagged & should)
    fp = len(flagged - should)
    fn = len(should - flagged)
    out = {
        "precision": tp / (tp + fp) if tp + fp else 1.0,
        "recall": tp / (tp + fn) if tp + fn else 1.0,
        "tp": tp, "fp": fp, "fn": fn,
        "own_flagged": len((flagged - set(truth)) & all_paragraphs),
    }
    for kind in ("short", "heavy-edit"):
        ks = {k for k, v in truth.items() if v[0] == kind}
        out[f"{kind}_flagged"] = f"{len(flagged & ks)}/{len(ks)}"
    for lo, hi in ((25, 40), (41, 80), (81, 120)):
        ks = {k for k, v in truth.items() if v[0] == "repost" and lo <= v[1] <= hi}
        out[f"recall_{lo}-{hi}w"] = len(flagged & ks) / len(ks) if ks else float("nan")
    for e in (0, 1, 2):
        ks = {k for k, v in truth.items() if v[0] == "repost" and v[2] == e}
        out[f"recall_{e}_edits_per_30"] = len(flagged & ks) / len(ks) if ks else float("nan")
    return out


def run(binary: str, corpus: Path, out: Path) -> tuple[set, set, float]:
    t0 = time.perf_counter()
    # --any-language: posts of random words may look like another language
    # to the detector, and a skipped post would end the run with status 1.
    subprocess.run([binary, "tag", str(corpus), "--no-sentiment", "--any-language",
                    "--fields", "doc,paragraph,reproduced_by", "-o", str(out)], check=True)
    wall = time.perf_counter() - t0
    flagged, every = set(), set()
    with open(out, encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            key = (r["doc"], r["paragraph"])
            every.add(key)
            if r["reproduced_by"] == "shared":
                flagged.add(key)
    return flagged, every, wall


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--stance", action="append", required=True, help="a stance binary (repeat to compare)")
    ap.add_argument("--posts", type=int, default=3000)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    records, truth = build(a.posts, a.seed)
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "planted.jsonl"
        with open(corpus, "w", encoding="utf-8") as fh:
            for r in records:
                fh.write(json.dumps(r) + "\n")
        size = os.path.getsize(corpus)
        reposts = sum(1 for v in truth.values() if v[0] == "repost") // 2
        print(f"corpus: {len(records)} posts, {size / 1e6:.1f} MB; {reposts} reposts planted "
              f"(25-120 words, 0/1/2 edited words per 30), {len(truth) // 2 - reposts} near-misses; seed {a.seed}")
        rows = []
        for b in a.stance:
            flagged, every, wall = run(b, corpus, Path(tmp) / "out.jsonl")
            rows.append((b, score(flagged, truth, every), wall))
    keys = list(rows[0][1])
    width = max(len(k) for k in keys) + 2
    print("".ljust(width) + "".join(Path(b).name.rjust(22) for b, _, _ in rows))
    for k in keys:
        cells = []
        for _, s, _ in rows:
            v = s[k]
            cells.append((f"{v:.4f}" if isinstance(v, float) else str(v)).rjust(22))
        print(k.ljust(width) + "".join(cells))
    print("wall_s".ljust(width) + "".join(f"{w:.2f}".rjust(22) for _, _, w in rows))


if __name__ == "__main__":
    sys.exit(main())
