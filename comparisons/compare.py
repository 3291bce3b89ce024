"""Python helpers of comparisons/compare (one subcommand per step; the bash script
times each one as its own process under /usr/bin/time -v).

  gen-corpus   deterministic JSONL posts {"id","text"} of N MB from data/
  gen-norepeat deterministic JSONL posts of N MB without repeated paragraphs: word-shuffled
               copies of the paragraphs and sentences of ../shared/corpora (read there)
  gen-train    labelled rows {"text","label"} (train 90% / held-out 10%) + fastText files
  sk-train     scikit-learn reference pipeline: stem + vectorize + fit, saved with joblib
  sk-eval      macro-F1 of a saved scikit-learn model on labelled JSONL
  sk-tag       tag a JSONL corpus with the scikit-learn model
  ft-train     fastText supervised (wordNgrams=2, default epochs)
  ft-eval      macro-F1 of a fastText model on a __label__ file
  ft-tag       tag a JSONL corpus with fastText (k=3 per paragraph)
  ft-lines     a JSONL corpus's paragraphs as fastText input lines (for the `fasttext` CLI)
  report       read the timings under comparisons/.work and print the table
"""

import argparse
import glob
import json
import os
import random
import re
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BLANK = re.compile(r"\n[ \t]*\n")
BATCH = 20000  # paragraphs per scikit-learn / fastText batch while tagging


def data_files(*dirs):
    return sorted(f for d in dirs for f in glob.glob(os.path.join(ROOT, "data", d, "*.jsonl")))


def read_texts(files):
    out = []
    for f in files:
        with open(f, encoding="utf-8") as fh:
            out.extend(json.loads(l) for l in fh if l.strip())
    return out


# ------------------------------------------------------------------ corpus

def write_posts(a, paragraphs, kind=None):
    """Writes JSONL posts of 4-12 paragraphs to a.out (atomically) until
    a.mb MB; `paragraphs(rng)` gives one paragraph's text. Also writes the
    corpus's .meta.json."""
    rng = random.Random(a.seed)
    limit = int(a.mb * 1_000_000)
    size = docs = paras = 0
    tmp = a.out + ".tmp"
    with open(tmp, "w", encoding="utf-8") as fh:
        while size < limit:
            k = rng.randint(4, 12)
            text = "\n\n".join(paragraphs(rng) for _ in range(k))
            line = json.dumps({"id": f"post-{docs:07d}", "text": text}, ensure_ascii=False) + "\n"
            fh.write(line)
            size += len(line.encode("utf-8"))
            docs += 1
            paras += k
    os.replace(tmp, a.out)
    meta = {"bytes": size, "docs": docs, "paragraphs": paras, "mb": a.mb, "seed": a.seed}
    if kind:
        meta["kind"] = kind
    with open(a.out + ".meta.json", "w") as fh:
        json.dump(meta, fh)
    note = " (no repeats)" if kind == "norepeat" else ""
    print(f"{a.out}: {size / 1e6:.1f} MB, {docs} posts, {paras} paragraphs{note}", file=sys.stderr)


def gen_corpus(a):
    pool = [r["text"].strip() for r in read_texts(data_files("stance", "sentiment"))]
    write_posts(a, lambda rng: rng.choice(pool))


def shared_pool():
    """Paragraphs (Webis) and sentences (NewsSD-ENG, CheckThat!, NewsMTSC) of
    ../shared/corpora, read where they are, in a fixed order."""
    base = os.path.join(ROOT, "..", "shared", "corpora")
    texts = [t for t, _, _ in common.read_webis(os.path.join(base, "webis-editorials"))]
    for name in ("train.csv", "val.csv"):
        texts += [t for t, _, _ in common.read_newssd(os.path.join(base, "newssd-eng", name))]
    for name in ("train_en.tsv", "dev_en.tsv"):
        texts += [t for t, _, _ in common.read_checkthat(os.path.join(base, "clef2023-subjectivity-en", name))]
    for name in ("train.jsonl", "dev.jsonl"):
        texts += [t for t, _, _ in common.read_newsmtsc(os.path.join(base, "newsmtsc", name))]
    return [" ".join(t.split()) for t in texts if len(t.split()) >= 3]


def gen_norepeat(a):
    """Posts of 4-12 paragraphs; each paragraph is a source text with its
    words shuffled (seeded), so no paragraph (and almost no 5-word run)
    repeats, as in an archive of distinct posts. The 4x corpus is the same
    generator run longer."""
    pool = shared_pool()

    def shuffled(rng):
        words = rng.choice(pool).split()
        rng.shuffle(words)
        return " ".join(words)

    write_posts(a, shuffled, kind="norepeat")


# -------------------------------------------------------- training rows

SENT = re.compile(r"(?<=[.!?])([\"\u201d\u2019']?)\s+(?=[\"\u201c\u2018A-Z0-9])")
NUM = re.compile(r"\d+")


def sentences(text):
    parts = SENT.split(text)
    # re.split keeps the captured closing quote: glue it back to its sentence
    out, i = [], 0
    while i < len(parts):
        s = parts[i] + (parts[i + 1] if i + 1 < len(parts) else "")
        out.append(s)
        i += 2
    return [s for s in out if s.strip()]


def perturb(text, label, by_label, rng):
    """A small label-preserving change: sentence order shuffled, numbers
    redrawn, or another paragraph of the same label appended."""
    changed = False
    while not changed:
        if rng.random() < 0.2:
            text = text + " " + rng.choice(by_label[label])
            changed = True
        sents = sentences(text)
        if len(sents) > 1 and rng.random() < 0.7:
            rng.shuffle(sents)
            text = " ".join(sents)
            changed = True
        if NUM.search(text) and rng.random() < 0.5:
            text = NUM.sub(lambda m: str(rng.randrange(10 ** (len(m.group()) - 1) if len(m.group()) > 1 else 0,
                                                       10 ** len(m.group()))), text)
            changed = True
    return text


def rows_from(originals, n, rng):
    by_label = {}
    for t, l in originals:
        by_label.setdefault(l, []).append(t)
    order = originals[:]
    rng.shuffle(order)
    rows = order[:n]  # each original once, unchanged ...
    seen = {common.norm_key(t) for t, _ in rows}
    while len(rows) < n:  # ... then perturbed copies drawn with replacement
        t, l = rng.choice(originals)
        p = perturb(t, l, by_label, rng)
        if common.norm_key(p) in seen:  # every row distinct (stance drops repeats)
            continue
        seen.add(common.norm_key(p))
        rows.append((p, l))
    rng.shuffle(rows)
    return rows


def gen_train(a):
    originals = [(r["text"].strip(), r["label"]) for r in read_texts(data_files("stance"))]
    rng = random.Random(a.seed)
    # held-out rows come from 10% of the original paragraphs (stratified by
    # label) that no training row is derived from
    held, train = [], []
    for label in common.LABELS:
        group = [o for o in originals if o[1] == label]
        rng.shuffle(group)
        cut = round(len(group) * 0.1)
        held += group[:cut]
        train += group[cut:]
    n_held = round(a.rows * 0.1)
    os.makedirs(a.dir, exist_ok=True)
    sets = {"train": rows_from(train, a.rows - n_held, rng), "heldout": rows_from(held, n_held, rng)}
    for name, rows in sets.items():
        with open(os.path.join(a.dir, f"{name}.jsonl"), "w", encoding="utf-8") as fh:
            for t, l in rows:
                fh.write(json.dumps({"text": t, "label": l}, ensure_ascii=False) + "\n")
        with open(os.path.join(a.dir, f"{name}.ft.txt"), "w", encoding="utf-8") as fh:
            for t, l in rows:
                fh.write(f"__label__{l} {ft_text(t)}\n")
    print(f"{a.dir}: train {len(sets['train'])} rows, held-out {len(sets['heldout'])} rows "
          f"(from {len(train)} / {len(held)} original paragraphs)", file=sys.stderr)


# ------------------------------------------------------------ scikit-learn

def read_labelled(path):
    rows = read_texts([path])
    return [r["text"] for r in rows], [common.LABELS.index(r["label"]) for r in rows]


def sk_train(a):
    import joblib

    texts, labels = read_labelled(a.train)
    t0 = time.perf_counter()
    stemmed = [common.stem_text(t) for t in texts]
    t1 = time.perf_counter()
    vec = common.make_vectorizer()
    x = vec.fit_transform(stemmed)
    t2 = time.perf_counter()
    clf = common.make_classifier().fit(x, labels)
    t3 = time.perf_counter()
    joblib.dump((vec, clf), a.model)
    json.dump({"rows": len(texts), "features": x.shape[1], "stem_s": t1 - t0, "vectorize_s": t2 - t1,
               "fit_s": t3 - t2, "iterations": int(max(clf.n_iter_))}, sys.stdout)
    print()


def macro_f1(gold, pred):
    from sklearn.metrics import f1_score

    return float(f1_score(gold, pred, labels=sorted(set(gold)), average="macro", zero_division=0))


def sk_eval(a):
    import joblib

    vec, clf = joblib.load(a.model)
    texts, labels = read_labelled(a.data)
    pred = clf.predict(vec.transform([common.stem_text(t) for t in texts]))
    json.dump({"macro_f1": macro_f1(labels, list(pred))}, sys.stdout)
    print()


def paragraphs(path):
    """(doc id, paragraph index, text) of every blank-line-separated paragraph."""
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh):
            if not line.strip():
                continue
            r = json.loads(line)
            doc = r.get("id", f"{path}:{n + 1}")
            i = 0
            for p in BLANK.split(r["text"]):
                p = " ".join(p.split())
                if p:
                    yield doc, i, p
                    i += 1


def batches(it, size):
    batch = []
    for x in it:
        batch.append(x)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def write_records(out, batch, labels, probs):
    for (doc, i, text), lab, pr in zip(batch, labels, probs):
        out.write(json.dumps({"doc": doc, "paragraph": i, "label": lab,
                              "scores": {c: float(p) for c, p in zip(common.LABELS, pr)},
                              "text": text}, ensure_ascii=False))
        out.write("\n")


def sk_tag(a):
    import joblib

    vec, clf = joblib.load(a.model)
    classes = [common.LABELS[c] for c in clf.classes_]
    order = [classes.index(c) for c in common.LABELS]
    n = 0
    with open(a.output, "w", encoding="utf-8") as out:
        for batch in batches(paragraphs(a.input), BATCH):
            probs = clf.predict_proba(vec.transform([common.stem_text(p) for _, _, p in batch]))[:, order]
            write_records(out, batch, [common.LABELS[j] for j in probs.argmax(1)], probs)
            n += len(batch)
    print(json.dumps({"paragraphs": n}))


# ---------------------------------------------------------------- fastText

def ft_text(text):
    return " ".join(text.lower().split())


def ft_train(a):
    import fasttext

    t0 = time.perf_counter()
    model = fasttext.train_supervised(input=a.train, wordNgrams=2, verbose=0, seed=0)
    t1 = time.perf_counter()
    model.save_model(a.model)
    json.dump({"fit_s": t1 - t0, "words": len(model.words)}, sys.stdout)
    print()


def ft_eval(a):
    import fasttext

    model = fasttext.load_model(a.model)
    gold, texts = [], []
    with open(a.data, encoding="utf-8") as fh:
        for line in fh:
            lab, text = line.rstrip("\n").split(" ", 1)
            gold.append(lab)
            texts.append(text)
    pred = [l[0] for l in model.predict(texts, k=1)[0]]
    json.dump({"macro_f1": macro_f1(gold, pred)}, sys.stdout)
    print()


def ft_tag(a):
    import fasttext

    model = fasttext.load_model(a.model)
    n = 0
    with open(a.output, "w", encoding="utf-8") as out:
        for batch in batches(paragraphs(a.input), BATCH):
            labs, probs = model.predict([ft_text(p) for _, _, p in batch], k=3)
            rows = []
            for ls, ps in zip(labs, probs):
                d = {l[len("__label__"):]: float(p) for l, p in zip(ls, ps)}
                rows.append([d.get(c, 0.0) for c in common.LABELS])
            write_records(out, batch, [ls[0][len("__label__"):] for ls in labs], rows)
            n += len(batch)
    print(json.dumps({"paragraphs": n}))


def ft_lines(a):
    """The corpus's paragraphs, one fastText input line each (what ft-tag
    predicts on), for `fasttext predict-prob`: the command-line binary is
    timed on text it can read directly, the JSONL parsing left out."""
    n = 0
    with open(a.output, "w", encoding="utf-8") as out:
        for _, _, p in paragraphs(a.input):
            out.write(ft_text(p) + "\n")
            n += 1
    print(json.dumps({"paragraphs": n}))


# ------------------------------------------------------------------ main

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("gen-corpus")
    p.add_argument("--mb", type=float, required=True)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--out", required=True)
    p = sub.add_parser("gen-norepeat")
    p.add_argument("--mb", type=float, required=True)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--out", required=True)
    p = sub.add_parser("gen-train")
    p.add_argument("--rows", type=int, required=True)
    p.add_argument("--seed", type=int, default=2)
    p.add_argument("--dir", required=True)
    for name in ("sk-train", "ft-train"):
        p = sub.add_parser(name)
        p.add_argument("--train", required=True)
        p.add_argument("--model", required=True)
    for name in ("sk-eval", "ft-eval"):
        p = sub.add_parser(name)
        p.add_argument("--model", required=True)
        p.add_argument("--data", required=True)
    for name in ("sk-tag", "ft-tag"):
        p = sub.add_parser(name)
        p.add_argument("--model", required=True)
        p.add_argument("--input", required=True)
        p.add_argument("--output", required=True)
    p = sub.add_parser("ft-lines")
    p.add_argument("--input", required=True)
    p.add_argument("--output", required=True)
    p = sub.add_parser("report")
    p.add_argument("--work", required=True)
    p.add_argument("--out", required=True)
    a = ap.parse_args()
    if a.cmd == "report":
        import compare_report

        compare_report.main(a.work, a.out)
        return
    {"gen-corpus": gen_corpus, "gen-norepeat": gen_norepeat, "gen-train": gen_train, "sk-train": sk_train, "sk-eval": sk_eval,
     "sk-tag": sk_tag, "ft-train": ft_train, "ft-eval": ft_eval, "ft-tag": ft_tag,
     "ft-lines": ft_lines}[a.cmd](a)


if __name__ == "__main__":
    main()
