#!/usr/bin/env python3
"""Writes a deterministic JSONL corpus for measuring cross-post detection.

Usage: python3 scripts/data/gen-repost-corpus.py PARAGRAPHS OUT.jsonl

Posts of 8 paragraphs each; every paragraph is new text (a paragraph of our
labelled data with a third of its words replaced at random), and one post in
ten reposts a paragraph seen in an earlier post. Then time it, e.g.:

  /usr/bin/time -v target/release/stance tag OUT.jsonl -o /dev/null
  /usr/bin/time -v target/release/stance tag OUT.jsonl -o /dev/null --no-shared
"""
import glob
import json
import random
import sys


def main(n_paragraphs: int, out_path: str) -> None:
    random.seed(7)
    files = sorted(glob.glob("data/stance/*.jsonl") + glob.glob("data/sentiment/*.jsonl"))
    paras = [json.loads(line)["text"] for f in files for line in open(f, encoding="utf-8")]
    vocab = sorted({w for p in paras for w in p.split()})

    def fresh() -> str:
        words = random.choice(paras).split()
        return " ".join(w if random.random() < 0.66 else random.choice(vocab) for w in words)

    pool = []
    written = 0
    with open(out_path, "w", encoding="utf-8") as out:
        i = 0
        while written < n_paragraphs:
            ps = [fresh() for _ in range(8)]
            if pool and random.random() < 0.1:
                ps[random.randrange(8)] = random.choice(pool)
            pool.append(random.choice(ps))
            out.write(json.dumps({"id": f"post{i}", "paragraphs": ps}) + "\n")
            written += 8
            i += 1
    print(f"{i} posts, {written} paragraphs -> {out_path}")


if __name__ == "__main__":
    main(int(sys.argv[1]), sys.argv[2])
