"""Simulation of shared-passage rules on winnowed fingerprints (issue 23).

Builds the detection benchmark's corpus (comparisons/detection.py, same
generator and seed), then scores, without building stance, rules that see
only winnowed fingerprints (Schleimer, Wilkerson and Aiken 2003: the
minimum hash of each window of w consecutive shingles, so any shared run of
w + K - 1 words shares a kept fingerprint), beside today's rule on every
shingle. Prints, per rule: index keys, precision, recall, near-misses
flagged.

    python3 comparisons/winnow_sim.py [--posts N] [--seed S]

Rules:

* ``all``: today's rule (src/provenance/shared/rule.rs): the words covered by
  the shingles a document shares with D, joined across gaps of at most 3
  words, runs of at least 25 words kept, a paragraph at least half covered.
* ``span``: kept fingerprints matched in D, chained when consecutive ones are
  at most ``gap`` shingles apart; a chain of at least ``min_kept`` of them
  covers from its first shingle's first word to its last one's last word,
  widened by ``widen`` words at each end; chains of at least 25 words
  counted, a paragraph at least half covered.
  With ``in paragraph``, the widening stops at the paragraph boundary (so a
  short paragraph after a shared passage is not covered by it); with
  ``covers in paragraph``, only the words it covers do, and its length is
  the chain's plus 2 * widen whatever surrounds it (what
  src/provenance/shared/rule.rs does, with w = 3, gap = 14, widen = 2 and
  at least one kept fingerprint per 5 words of a chain; the other variants
  clip the length at the document's ends).
* ``verify``: winnowed fingerprints only find candidate paragraphs (those
  with words in a matched kept shingle, and their neighbours); every
  shingle of the candidate paragraphs goes to a second index, and today's
  rule runs on it.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from detection import build, score  # noqa: E402

K, MIN_RUN, MAX_GAP = 5, 25, 3
MASK = (1 << 64) - 1


def hashes(records):
    """Per document: word -> paragraph, shingle hashes."""
    rng = random.Random(7)
    table: dict[str, int] = {}

    def h(w):
        if w not in table:
            table[w] = rng.getrandbits(64)
        return table[w]

    out = []
    for r in records:
        words, par = [], []
        for i, p in enumerate(r["paragraphs"]):
            ws = [w.lower() for w in "".join(c if c.isalnum() else " " for c in p).split()]
            words += [h(w) for w in ws]
            par += [i] * len(ws)
        sh = []
        for i in range(len(words) - K + 1):
            x = 0xCBF29CE484222325
            for y in words[i:i + K]:
                x = (((x << 23 | x >> 41) & MASK) ^ y) * 0x100000001B3 & MASK
            sh.append(x)
        out.append((par, sh, len(r["paragraphs"])))
    return out


def winnow(sh, w):
    """Positions of the kept fingerprints: the rightmost minimum of each
    window of w shingles (a document shorter than a window: its minimum)."""
    if not sh:
        return []
    if len(sh) <= w:
        m = min(sh)
        return [max(i for i, x in enumerate(sh) if x == m)]
    kept, last = [], -1
    for s in range(len(sh) - w + 1):
        win = sh[s:s + w]
        m = min(win)
        pos = s + max(i for i, x in enumerate(win) if x == m)
        if pos != last:
            kept.append(pos)
            last = pos
    return kept


def postings(keys_per_doc):
    """shingle -> documents, kept only when held by 2..32 documents."""
    by = defaultdict(set)
    for d, ks in enumerate(keys_per_doc):
        for s in ks:
            by[s].add(d)
    return {s: ds for s, ds in by.items() if 2 <= len(ds) <= 32}


def covered_words(positions, n):
    """Today's rule.rs covered_words."""
    cov = [False] * n
    for p in positions:
        for i in range(p, min(p + K, n)):
            cov[i] = True
    keep = [False] * n
    i = 0
    while i < n:
        if not cov[i]:
            i += 1
            continue
        start = end = j = i
        while j < n:
            if cov[j]:
                end = j + 1
                j += 1
            elif j - end < MAX_GAP and any(cov[k] for k in range(j + 1, min(end + MAX_GAP, n - 1) + 1)):
                j += 1
            else:
                break
        if end - start >= MIN_RUN:
            for k in range(start, end):
                keep[k] = True
        i = max(end, start + 1)
    return keep


def paragraphs_flagged(par, npar, covered_by_doc):
    per_words = [0] * npar
    for p in par:
        per_words[p] += 1
    out = set()
    for cov in covered_by_doc:
        per = [0] * npar
        for i, c in enumerate(cov):
            if c:
                per[par[i]] += 1
        out.update(p for p in range(npar) if per_words[p] and 2 * per[p] >= per_words[p])
    return out


def hits_by_doc(d, positions, sh, post):
    hits = defaultdict(list)
    for pos in positions:
        for o in post.get(sh[pos], ()):
            if o != d:
                hits[o].append(pos)
    return hits


def rule_all(fps):
    post = postings([set(sh) for _, sh, _ in fps])
    flagged = set()
    for d, (par, sh, npar) in enumerate(fps):
        hits = hits_by_doc(d, range(len(sh)), sh, post)
        covs = [covered_words(ps, len(par)) for ps in hits.values()]
        flagged |= {(d, p) for p in paragraphs_flagged(par, npar, covs)}
    return flagged, sum(len(sh) for _, sh, _ in fps)


_KEPT: dict[int, list] = {}


def kept_of(fps, w):
    if w not in _KEPT:
        _KEPT[w] = [winnow(sh, w) for _, sh, _ in fps]
    return _KEPT[w]


def rule_span(fps, w, gap, widen, min_kept, clamp="", per_kept=0):
    kept = kept_of(fps, w)
    post = postings([{sh[i] for i in k} for (_, sh, _), k in zip(fps, kept)])
    flagged = set()
    for d, (par, sh, npar) in enumerate(fps):
        n = len(par)
        covs = []
        for ps in hits_by_doc(d, kept[d], sh, post).values():
            ps = sorted(set(ps))
            cov = [False] * n
            chain = [ps[0]]
            for p in ps[1:] + [None]:
                if p is not None and p - chain[-1] <= gap:
                    chain.append(p)
                    continue
                # per_kept: at most that many words of the chain per kept fingerprint in it
                if len(chain) >= min_kept and (not per_kept or len(chain) * per_kept >= chain[-1] + K - chain[0]):
                    a, b = max(0, chain[0] - widen), min(n, chain[-1] + K + widen)
                    long_enough = chain[-1] + K - chain[0] + 2 * widen >= MIN_RUN  # whatever surrounds it
                    if clamp:  # widen only within the chain's end paragraphs
                        while par[a] != par[chain[0]]:
                            a += 1
                        while par[b - 1] != par[chain[-1] + K - 1]:
                            b -= 1
                    if clamp == "all":
                        long_enough = b - a >= MIN_RUN
                    if long_enough:
                        for i in range(a, b):
                            cov[i] = True
                chain = [p]
            covs.append(cov)
        flagged |= {(d, p) for p in paragraphs_flagged(par, npar, covs)}
    return flagged, sum(len(k) for k in kept)


def rule_verify(fps, w, reach):
    kept = kept_of(fps, w)
    post = postings([{sh[i] for i in k} for (_, sh, _), k in zip(fps, kept)])
    # Candidate paragraphs: those with a word within `reach` of a matched
    # kept shingle.
    cand_keys = []
    for d, (par, sh, npar) in enumerate(fps):
        cand = set()
        for p in kept[d]:
            if any(o != d for o in post.get(sh[p], ())):
                for i in range(max(0, p - reach), min(len(par), p + K + reach)):
                    cand.add(par[i])
        cand_keys.append({i for i in range(len(sh)) if par[i] in cand or par[i + K - 1] in cand})
    post2 = postings([{sh[i] for i in c} for (_, sh, _), c in zip(fps, cand_keys)])
    flagged = set()
    for d, (par, sh, npar) in enumerate(fps):
        hits = hits_by_doc(d, sorted(cand_keys[d]), sh, post2)
        covs = [covered_words(ps, len(par)) for ps in hits.values()]
        flagged |= {(d, p) for p in paragraphs_flagged(par, npar, covs)}
    return flagged, sum(len(k) for k in kept) + sum(len(c) for c in cand_keys)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--posts", type=int, default=3000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--only", default="", help="run only rules whose name starts with this")
    a = ap.parse_args()
    records, truth = build(a.posts, a.seed)
    fps = hashes(records)
    every = {(f"p{d}", p) for d, (_, _, npar) in enumerate(fps) for p in range(npar)}
    rules = [("all", lambda: rule_all(fps))]
    for w in (3, 4, 6, 8, 12):
        for widen in range(0, w):
            for gap in (w + K + MAX_GAP, 2 * w + K - 1, 2 * w + K + 1, 2 * w + K + MAX_GAP):
                rules.append((f"span w={w} gap={gap} widen={widen}",
                              lambda w=w, widen=widen, gap=gap: rule_span(fps, w, gap, widen, 1)))
                rules.append((f"span w={w} gap={gap} widen={widen} in paragraph",
                              lambda w=w, widen=widen, gap=gap: rule_span(fps, w, gap, widen, 1, "all")))
                rules.append((f"span w={w} gap={gap} widen={widen} covers in paragraph",
                              lambda w=w, widen=widen, gap=gap: rule_span(fps, w, gap, widen, 1, "cover")))
    # What src/provenance/shared/ does.
    rules.append(("span w=3 gap=14 widen=2 covers in paragraph, 5 words per kept",
                  lambda: rule_span(fps, 3, 14, 2, 1, "cover", 5)))
    for w in (4, 6, 8, 12, 16):
        for reach in (0, 16):
            rules.append((f"verify w={w} reach={reach}", lambda w=w, reach=reach: rule_verify(fps, w, reach)))
    base = None
    print(f"{'rule':48}{'keys':>10}{'x fewer':>8}{'prec':>7}{'recall':>7}{'short':>9}{'heavy':>8}{'own':>5}"
          "  recall by length 25-40, 41-80, 81-120; by edits per 30: 0, 1, 2")
    for name, f in rules:
        if not name.startswith(a.only) and name != "all":
            continue
        flagged, keys = f()
        base = base or keys
        s = score({(f"p{d}", p) for d, p in flagged}, truth, every)
        print(f"{name:48}{keys:>10}{base / keys:>8.2f}{s['precision']:>7.3f}{s['recall']:>7.3f}"
              f"{s['short_flagged']:>9}{s['heavy-edit_flagged']:>8}{s['own_flagged']:>5}"
              + "".join(f"{s[k]:>7.3f}" for k in s if k.startswith("recall_")), flush=True)


if __name__ == "__main__":
    sys.exit(main())
