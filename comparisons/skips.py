#!/usr/bin/env python3
"""Skip precision and recall on the labelled real-news articles.

Feeds each labelled article of ../shared/corpora/article-extraction (its
paragraphs: `articleBody` split on newlines, stripped, empty lines dropped,
as the labels' README says) to `stance tag --no-shared` as a JSONL
`{"id", "paragraphs"}` record, and compares each paragraph's `skipped`
against `label == "skip"` on the unambiguous rows. A skip is a positive:
precision is the share of skipped paragraphs that are not content, recall
the share of non-content lines that are skipped. Also prints stance
macro-F1 on the unambiguous content paragraphs (a skipped content
paragraph counts as wrong), so a rule change shows its cost there, and
`reproduced` precision and recall on the content paragraphs whose
provenance both annotators agreed on (embedded tweets, pasted statements,
credited wire copy).

Every binary given is measured in the same run (the first is "before").
Standard library only. See comparisons/README.md, "Skips on real news".
"""

import argparse
import collections
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(ROOT, "..", "shared", "corpora", "article-extraction")
LABELS = ("fact", "quotation", "opinion")


def articles(data):
    """(key, paragraphs, label rows) per labelled article, in file order."""
    with open(os.path.join(data, "ground-truth.json"), encoding="utf-8") as f:
        truth = json.load(f)
    rows = collections.defaultdict(list)
    with open(os.path.join(data, "labels.jsonl"), encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            rows[r["key"]].append(r)
    out = []
    for key, rs in rows.items():
        paras = [p.strip() for p in truth[key]["articleBody"].split("\n")]
        paras = [p for p in paras if p]
        for r in rs:
            sha = hashlib.sha1(paras[r["i"]].encode("utf-8")).hexdigest()[:12]
            if sha != r["sha1"]:
                sys.exit(f"skips: {key} paragraph {r['i']}: text does not match its sha1")
        out.append((key, paras, sorted(rs, key=lambda r: r["i"])))
    return out


def tag(binary, docs):
    """Runs `binary tag --no-shared` over the documents: {(doc, i): record}."""
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "articles.jsonl")
        with open(path, "w", encoding="utf-8") as f:
            for key, paras, _ in docs:
                f.write(json.dumps({"id": key, "paragraphs": paras}) + "\n")
        run = subprocess.run(
            [binary, "tag", "--no-shared", "--no-sentiment", path],
            capture_output=True,
            text=True,
        )
    if run.returncode not in (0, 1):
        sys.exit(f"skips: {binary} failed ({run.returncode}): {run.stderr.strip()}")
    out = {}
    for line in run.stdout.splitlines():
        r = json.loads(line)
        out[(r["doc"], r["paragraph"])] = r
    return out


def measure(records, docs):
    """Skip confusion, per-reason counts, stance confusion and the mistakes."""
    tp = fp = fn = tn = 0
    rep = collections.Counter()
    reasons = collections.Counter()
    wrong_reasons = collections.Counter()
    stance = collections.Counter()
    mistakes = []
    for key, paras, rows in docs:
        for r in rows:
            if r["ambiguous"] or r["label"] is None:
                continue
            rec = records.get((key, r["i"]))
            if rec is None:
                sys.exit(f"skips: no record for {key} paragraph {r['i']}")
            gold_skip = r["label"] == "skip"
            skipped = rec["skipped"]
            if skipped:
                reasons[skipped] += 1
            if gold_skip and skipped:
                tp += 1
            elif skipped:
                fp += 1
                wrong_reasons[skipped] += 1
                mistakes.append(("false skip", skipped, r["label"], paras[r["i"]]))
            elif gold_skip:
                fn += 1
                mistakes.append(("missed skip", rec["label"], "skip", paras[r["i"]]))
            else:
                tn += 1
            if not gold_skip:
                stance[(r["label"], rec["label"] or "skipped")] += 1
                if r["reproduced_agreed"]:
                    rep[(bool(r["reproduced"]), bool(rec["reproduced"]))] += 1
    return dict(tp=tp, fp=fp, fn=fn, tn=tn, reasons=reasons, wrong=wrong_reasons,
                stance=stance, rep=rep, mistakes=mistakes)


def ratio(a, b):
    return a / b if b else 0.0


def macro_f1(conf):
    f1s = {}
    for c in LABELS:
        tp = conf[(c, c)]
        pred = sum(v for (g, p), v in conf.items() if p == c)
        gold = sum(v for (g, p), v in conf.items() if g == c)
        p, r = ratio(tp, pred), ratio(tp, gold)
        f1s[c] = ratio(2 * p * r, p + r)
    return sum(f1s.values()) / len(LABELS), f1s


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("binaries", nargs="+", metavar="NAME=STANCE",
                    help="binaries to measure, e.g. main=comparisons/.work/bin/stance-main "
                         "branch=target/release/stance")
    ap.add_argument("--data", default=DATA, help="the article-extraction folder")
    ap.add_argument("--show", action="store_true",
                    help="list the last binary's mistakes (paragraph text, first 100 chars)")
    args = ap.parse_args()
    docs = articles(args.data)
    # Other people rebuild target/release while this runs: measure copies.
    work = os.path.join(ROOT, "comparisons", ".work", "bin")
    os.makedirs(work, exist_ok=True)
    results = []
    for spec in args.binaries:
        name, _, path = spec.rpartition("=")
        name = name or path
        if not os.access(path, os.X_OK):
            sys.exit(f"skips: {path} is not an executable (build it with cargo build --release)")
        copy = os.path.join(work, f"stance-skips-{len(results)}")
        shutil.copy2(path, copy)
        results.append((name, measure(tag(copy, docs), docs)))
    n_rows = sum(1 for _, _, rows in docs for r in rows if not r["ambiguous"] and r["label"])
    print(f"{len(docs)} labelled articles, {n_rows} unambiguous paragraphs "
          f"({sum(1 for _, _, rows in docs for r in rows if not r['ambiguous'] and r['label'] == 'skip')} skip)")
    print()
    print(f"{'binary':<12} {'precision':>9} {'recall':>7} {'F1':>6} {'tp':>5} {'fp':>5} {'fn':>5}"
          f" {'stance macro-F1':>16} {'fact':>6} {'quot':>6} {'opin':>6}")
    for name, m in results:
        p = ratio(m["tp"], m["tp"] + m["fp"])
        r = ratio(m["tp"], m["tp"] + m["fn"])
        f = ratio(2 * p * r, p + r)
        macro, f1s = macro_f1(m["stance"])
        print(f"{name:<12} {p:>9.3f} {r:>7.3f} {f:>6.3f} {m['tp']:>5} {m['fp']:>5} {m['fn']:>5}"
              f" {macro:>16.3f} {f1s['fact']:>6.3f} {f1s['quotation']:>6.3f} {f1s['opinion']:>6.3f}")
    print()
    for name, m in results:
        reasons = ", ".join(f"{k} {v} ({m['wrong'][k]} content)" for k, v in m["reasons"].most_common())
        print(f"{name}: skipped by reason: {reasons}")
        content_skipped = sum(v for (g, p), v in m["stance"].items() if p == "skipped")
        print(f"{name}: content paragraphs skipped: {content_skipped}")
        rep = m["rep"]
        rp = ratio(rep[(True, True)], rep[(True, True)] + rep[(False, True)])
        rr = ratio(rep[(True, True)], rep[(True, True)] + rep[(True, False)])
        print(f"{name}: reproduced (content rows both annotators agree on): precision {rp:.3f}"
              f" recall {rr:.3f} (tp {rep[(True, True)]}, fp {rep[(False, True)]},"
              f" fn {rep[(True, False)]})")
    if args.show:
        name, m = results[-1]
        print(f"\n{name}: mistakes")
        for kind, got, gold, text in m["mistakes"]:
            print(f"  {kind:<11} {got or '-':<14} {gold:<9} {text[:100]!r}")


if __name__ == "__main__":
    main()
