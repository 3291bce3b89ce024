"""Shared by comparisons/reference.py and comparisons/compare.py: the scikit-learn
reference pipeline and readers for the labelled corpora.

The reference pipeline (../shared/corpora/README.md): lowercase, tokenise
with \\w+, Snowball-stem every word (NLTK, English), TF-IDF over unigrams and
bigrams (sublinear tf, min_df 2), class-balanced multinomial logistic
regression (C=1, lbfgs, max_iter 2000).
"""

import csv
import glob
import json
import os
import re
import sys
from functools import lru_cache

LABELS = ["fact", "quotation", "opinion"]
SENTIMENT_LABELS = ["negative", "neutral", "positive"]
CLASSES = {"stance": LABELS, "sentiment": SENTIMENT_LABELS}
WORD = re.compile(r"\w+")

_stemmer = None


def _stem_fn():
    global _stemmer
    if _stemmer is None:
        from nltk.stem.snowball import SnowballStemmer

        _stemmer = lru_cache(maxsize=1 << 20)(SnowballStemmer("english").stem)
    return _stemmer


def stem_text(text):
    """Lowercased, \\w+-tokenised, stemmed words joined by spaces.

    Stems are memoised per word (a dict lookup after the first time), which
    is what anyone timing NLTK's pure-Python stemmer would do."""
    stem = _stem_fn()
    return " ".join(stem(w) for w in WORD.findall(text.lower()))


def make_vectorizer():
    from sklearn.feature_extraction.text import TfidfVectorizer

    # The text is already stemmed words separated by single spaces: split
    # on spaces only (the default token_pattern would drop 1-letter stems).
    return TfidfVectorizer(
        ngram_range=(1, 2),
        sublinear_tf=True,
        min_df=2,
        lowercase=False,
        token_pattern=None,
        tokenizer=str.split,
    )


def make_classifier():
    from sklearn.linear_model import LogisticRegression

    # lbfgs on more than two classes is multinomial (scikit-learn >= 1.5
    # has no multi_class switch any more).
    return LogisticRegression(class_weight="balanced", max_iter=2000, C=1.0, solver="lbfgs")


# --------------------------------------------------------------------------
# Readers. Each returns a list of (text, label_index, group) tuples; group
# keeps the paragraphs of one editorial in one cross-validation fold.

def fold_ws(text):
    return " ".join(text.split())


def norm_key(text):
    """Key under which two sentences count as the same: lowercase, white space folded."""
    return fold_ws(text.lower())


def parse_label(label, task="stance"):
    """Class index of a label written in data, as src/task.rs parse_label:
    trimmed, lowercased, `quote` for quotation, -1/0/1 for sentiment."""
    l = label.strip().lower()
    l = {("stance", "quote"): "quotation", ("sentiment", "-1"): "negative",
         ("sentiment", "0"): "neutral", ("sentiment", "1"): "positive"}.get((task, l), l)
    return CLASSES[task].index(l)


def read_labelled(path, task="stance"):
    """Our JSONL {"text","label"} (or CSV text,label), a file or a directory."""
    files = [path] if os.path.isfile(path) else sorted(
        f for f in glob.glob(os.path.join(path, "**", "*"), recursive=True)
        if f.lower().endswith((".jsonl", ".csv")) and os.path.isfile(f))
    out = []
    for f in files:
        with open(f, encoding="utf-8") as fh:
            if f.lower().endswith(".csv"):
                for i, row in enumerate(csv.DictReader(fh)):
                    out.append((row["text"], parse_label(row["label"], task), f"{f}:{i + 2}"))
            else:
                for i, line in enumerate(fh):
                    if line.strip():
                        r = json.loads(line)
                        out.append((r["text"], parse_label(r["label"], task), f"{f}:{i + 1}"))
    return out


_WEBIS_MAP = {"anecdote": 0, "statistics": 0, "testimony": 1, "assumption": 2, "common-ground": 2}
_ATTACH = (".", ",", ";", ":", "!", "?", ")", "]", "%", "\u201d", "\u2019")
_OPEN = ("(", "[", "\u201c", "\u2018")


def join_segments(segments):
    out = ""
    for seg in segments:
        seg = seg.strip()
        if not seg:
            continue
        attaches = seg.startswith(_ATTACH) or seg.startswith("'s")
        if out and not attaches and not out.endswith(_OPEN):
            out += " "
        out += seg
    return out


def webis_files(root, split=None):
    """The editorial JSON files in sorted order of their relative path;
    split 'dev' keeps indices 4, 9, 14, ... and 'train' the others."""
    files = sorted(
        os.path.relpath(f, root)
        for f in glob.glob(os.path.join(root, "**", "*.json"), recursive=True))
    if split == "dev":
        files = [f for i, f in enumerate(files) if i % 5 == 4]
    elif split == "train":
        files = [f for i, f in enumerate(files) if i % 5 != 4]
    return [os.path.join(root, f) for f in files]


def read_webis(root, split=None):
    out = []
    for f in webis_files(root, split):
        with open(f, encoding="utf-8") as fh:
            ed = json.load(fh)
        for segs in ed["paragraphs"]:
            chars = [0, 0, 0]
            for s in segs:
                c = _WEBIS_MAP.get(s["label"])
                if c is not None:
                    chars[c] += len(s["text"])
            if not any(chars):
                continue
            # ties -> the later of fact < quotation < opinion
            label = max(range(3), key=lambda c: (chars[c], c))
            out.append((join_segments(s["text"] for s in segs), label, f))
    return out


def read_articles(root):
    """Labelled article paragraphs (src/corpus/articles.rs): the unambiguous
    fact / quotation / opinion paragraphs, grouped by article."""
    with open(os.path.join(root, "ground-truth.json"), encoding="utf-8") as fh:
        truth = json.load(fh)
    names = {"fact": 0, "quotation": 1, "opinion": 2}
    out = []
    with open(os.path.join(root, "labels.jsonl"), encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            r = json.loads(line)
            if r.get("ambiguous") or r.get("label") not in names:
                continue
            paragraphs = [l.strip() for l in truth[r["key"]]["articleBody"].split("\n") if l.strip()]
            out.append((paragraphs[r["i"]], names[r["label"]], r["key"]))
    return out


def _subj(label):
    label = label.strip()
    if label == "SUBJ":
        return 2
    if label == "OBJ":
        return 0
    raise ValueError(f"unknown label {label!r}")


def read_newssd(path):
    out = []
    with open(path, encoding="utf-8", newline="") as fh:
        for i, row in enumerate(csv.DictReader(fh)):
            s = row["Sentence"].strip()
            if s:
                out.append((s, _subj(row["Label"]), f"{path}:{i}"))
    return out


def read_checkthat(path):
    out = []
    with open(path, encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            if not line.strip():
                continue
            cols = line.rstrip("\n").split("\t")
            if i == 0 and cols[2].strip().lower() == "label":
                continue
            s = cols[1].strip()
            if s:
                out.append((s, _subj(cols[2]), f"{path}:{i + 1}"))
    return out


def read_newsmtsc(path):
    """NewsMTSC JSONL as src/corpus/newsmtsc.rs reads it for the sentiment
    task: one row per distinct sentence (exact string, first occurrence
    order), labelled by the sign of its targets' summed polarities:
    negative (0) below zero, positive (2) above, neutral (1) at zero, so a
    sentence whose targets disagree evenly is neutral."""
    sums, first = {}, {}
    with open(path, encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            if not line.strip():
                continue
            r = json.loads(line)
            s = r["sentence"]
            if s not in sums:
                sums[s], first[s] = 0.0, i + 1
            sums[s] += float(r["polarity"])
    out = []
    for s, total in sums.items():  # dicts keep insertion order: the Rust reader's `order`
        label = 0 if total < 0 else 2 if total > 0 else 1
        out.append((s, label, f"{path}:{first[s]}"))
    return out


def read_spec(spec, base=".", task="stance"):
    """A data spec KIND:PATH or PATH (PATH relative to base) for `task`
    (stance or sentiment). Returns (kind, rows)."""
    kind, path = None, spec
    if ":" in spec:
        k, p = spec.split(":", 1)
        if k in ("labelled", "webis", "webis-train", "webis-dev", "newssd", "checkthat", "newsmtsc",
                 "articles"):
            kind, path = k, p
    if not os.path.isabs(path):
        path = os.path.normpath(os.path.join(base, path))
    if kind is None:  # the same guesses as src/corpus/mod.rs detect()
        if os.path.isdir(path) and all(os.path.isfile(os.path.join(path, f))
                                       for f in ("ground-truth.json", "labels.jsonl")):
            kind = "articles"
        elif os.path.isdir(path):
            kind = "webis" if glob.glob(os.path.join(path, "**", "*.json"), recursive=True) else "labelled"
        elif path.endswith(".tsv"):
            kind = "checkthat"
        elif path.endswith(".json"):
            kind = "webis"
        elif path.endswith(".csv") and open(path, encoding="utf-8").readline().startswith("Sentence,Label"):
            kind = "newssd"
        elif path.endswith(".jsonl") and all(
                f'"{k}"' in open(path, encoding="utf-8").readline() for k in ("polarity", "sentence")):
            kind = "newsmtsc"
        else:
            kind = "labelled"
    if kind == "labelled":
        return kind, read_labelled(path, task)
    if task == "sentiment":
        if kind == "newsmtsc":
            return kind, read_newsmtsc(path)
        sys.exit(f"comparisons: {spec}: kind {kind} has no sentiment labels")
    if kind.startswith("webis"):
        split = kind.split("-", 1)[1] if "-" in kind else None
        return kind, read_webis(path, split)
    if kind == "articles":
        return kind, read_articles(path)
    if kind == "newssd":
        return kind, read_newssd(path)
    if kind == "checkthat":
        return kind, read_checkthat(path)
    sys.exit(f"comparisons: {spec}: kind {kind} has no stance labels")
