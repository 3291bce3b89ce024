"""comparisons/reference: the scikit-learn reference pipeline beside stance, on the
same training data (models/default.toml) and the same dev sets, in one run.
With --task sentiment (or both, the default) also the sentiment reference on
NewsMTSC dev: stance's sentiment head, the scikit-learn pipeline trained on
models/sentiment.toml's data, and VADER.

Run it through the bash wrapper comparisons/reference (it sets up comparisons/.venv).
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import tomllib

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPORA = os.path.normpath(os.path.join(ROOT, "..", "shared", "corpora"))

# (key, title, stance --data spec, reader, scheme)
DEV_SETS = [
    ("webis-dev", "Webis-Editorials-16 dev split (3 labels)",
     "webis-dev:" + os.path.join(CORPORA, "webis-editorials"),
     lambda: common.read_webis(os.path.join(CORPORA, "webis-editorials"), "dev"), "full"),
    ("newssd-val", "NewsSD-ENG val (opinion vs not)",
     "newssd:" + os.path.join(CORPORA, "newssd-eng", "val.csv"),
     lambda: common.read_newssd(os.path.join(CORPORA, "newssd-eng", "val.csv")), "binary"),
    ("checkthat-dev", "CheckThat! 2023 dev_en (opinion vs not)",
     "checkthat:" + os.path.join(CORPORA, "clef2023-subjectivity-en", "dev_en.tsv"),
     lambda: common.read_checkthat(os.path.join(CORPORA, "clef2023-subjectivity-en", "dev_en.tsv")), "binary"),
]


def log(msg):
    print(f"[reference {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def macro_f1(gold, pred, labels):
    from sklearn.metrics import f1_score

    # Only classes present in the gold labels count (as stance's metrics do).
    present = [l for l in labels if l in set(gold)]
    return float(f1_score(gold, pred, labels=present, average="macro", zero_division=0))


def score(probs, gold, scheme):
    """macro-F1 of probabilities (columns fact, quotation, opinion) against gold labels."""
    gold = np.asarray(gold)
    if scheme == "full":
        return macro_f1(gold, probs.argmax(1), [0, 1, 2])
    # opinion vs not: predicted opinion iff P(opinion) > 0.5
    return macro_f1((gold == 2).astype(int), (probs[:, 2] > 0.5).astype(int), [0, 1])


# ---------------------------------------------------------------- stance side

def run_stance(stance, args, what):
    """Runs stance, returns (stdout, seconds); raises RuntimeError with stderr's tail."""
    t = time.perf_counter()
    p = subprocess.run([stance] + args, cwd=ROOT, capture_output=True, text=True)
    secs = time.perf_counter() - t
    if p.returncode not in (0, 1):
        tail = "\n".join(p.stderr.strip().splitlines()[-3:])
        raise RuntimeError(f"{what}: exit {p.returncode}: {tail}")
    return p.stdout, secs


def stance_side(stance, recipe, with_cv, workdir):
    res = {"dev": {}, "cv": None, "train_seconds": None, "notes": [], "train_rows": None}
    model = None
    if with_cv:
        model = os.path.join(workdir, "recipe.model")
        log("stance train --recipe (retrains with cross-validation: a few minutes)")
        try:
            out, secs = run_stance(stance, ["train", "--recipe", recipe, "--out", model, "--json"], "stance train")
            info = json.loads(out)
            res["train_seconds"] = secs
            res["train_rows"] = sum(info.get("counts", []))
            res["train_sources"] = {s["path"]: sum(s.get("counts", [])) for s in info.get("sources", [])}
            res["cv_sources"] = {s["path"]: s["report"]["macro_f1"] for s in info["cv"]["sources"]}
            res["alpha"] = info.get("alpha")
        except (RuntimeError, json.JSONDecodeError, KeyError) as e:
            res["notes"].append(f"stance train --recipe failed: {e}")
            model = None
    fallback = False
    for key, _, spec, _, _ in DEV_SETS:
        log(f"stance eval --data {key}")
        try:
            out, _ = run_stance(stance, ["eval", "--data", spec, "--json"], f"stance eval {key}")
            res["dev"][key] = json.loads(out)["macro_f1"]
        except RuntimeError as e:
            if model is None:
                res["notes"].append(str(e))
                res["dev"][key] = None
                continue
            # The built-in model does not load (e.g. its format changed in
            # the working tree): use the model just retrained from the same recipe.
            if not fallback:
                res["notes"].append(f"built-in model unusable ({e}); stance dev figures are from the "
                                    f"model retrained from the recipe in this run (marked *)")
                fallback = True
            out, _ = run_stance(stance, ["eval", "--data", spec, "--model", model, "--json"], f"stance eval {key}")
            res["dev"][key] = json.loads(out)["macro_f1"]
    res["retrained_fallback"] = fallback
    if model is not None and not fallback:
        # the same dev sets with the model just retrained from the recipe
        res["dev_retrained"] = {}
        for key, _, spec, _, _ in DEV_SETS:
            try:
                out, _ = run_stance(stance, ["eval", "--data", spec, "--model", model, "--json"], f"stance eval {key}")
                res["dev_retrained"][key] = json.loads(out)["macro_f1"]
            except (RuntimeError, json.JSONDecodeError, KeyError):
                res["dev_retrained"][key] = None
    return res


# ------------------------------------------------------------ sklearn side

def load_training(recipe_path, task="stance"):
    with open(recipe_path, "rb") as fh:
        recipe = tomllib.load(fh)
    if recipe.get("task", "stance") != task:
        sys.exit(f"comparisons: {recipe_path}: a {recipe.get('task', 'stance')} recipe, not a {task} one")
    base = os.path.dirname(os.path.abspath(recipe_path))
    sources = []
    for s in recipe["sources"]:
        kind, rows = common.read_spec(s["data"], base, task)
        sources.append({"spec": s["data"], "kind": kind, "weight": int(s.get("weight", 1)), "rows": rows})
    # held-out sets the recipe names (`exclude`): dropped from training by content
    excluded = [common.read_spec(spec, base, task)[1] for spec in recipe.get("exclude", [])]
    return sources, excluded


def dedupe(sources, dev_rows):
    """Drops rows whose normalised text is in a dev set, and repeats of a text
    already seen (in source order, first kept). Returns rows removed per source."""
    excluded = {common.norm_key(t) for rows in dev_rows.values() for t, _, _ in rows}
    seen = set()
    for s in sources:
        kept = []
        for r in s["rows"]:
            k = common.norm_key(r[0])
            if k in excluded or k in seen:
                continue
            seen.add(k)
            kept.append(r)
        s["removed"] = len(s["rows"]) - len(kept)
        s["rows"] = kept


def fit(texts, labels):
    vec = common.make_vectorizer()
    x = vec.fit_transform(texts)
    clf = common.make_classifier().fit(x, labels)
    return vec, clf


def load_data(recipe):
    """Reads the dev sets and the recipe's training data (before stance trains,
    so both sides see the same files even if data/ changes during the run)."""
    t0 = time.perf_counter()
    dev_rows = {key: reader() for key, _, _, reader, _ in DEV_SETS}
    sources, excluded = load_training(recipe)
    held_out = dict(dev_rows)
    held_out.update({f"recipe-exclude-{i}": rows for i, rows in enumerate(excluded)})
    dedupe(sources, held_out)
    return dev_rows, sources, time.perf_counter() - t0


def sklearn_side(data, with_cv):
    res = {"dev": {}, "cv": None, "notes": []}
    dev_rows, sources, res["read_seconds"] = data
    texts, labels, groups, src_of = [], [], [], []
    for si, s in enumerate(sources):
        for rep in range(s["weight"]):
            for i, (t, l, g) in enumerate(s["rows"]):
                texts.append(t)
                labels.append(l)
                # webis / articles: one document per group; others: one row (all its copies)
                groups.append(g if s["kind"].startswith("webis") or s["kind"] == "articles"
                              else f"{si}:{i}")
                src_of.append(si)
    res["train_rows"] = len(texts)
    res["train_sources"] = {s["spec"]: len(s["rows"]) * s["weight"] for s in sources}
    res["removed"] = {s["spec"]: s["removed"] for s in sources}
    res["kinds"] = {s["spec"]: s["kind"] for s in sources}
    log(f"scikit-learn: {len(texts)} training rows from {len(sources)} sources; fitting")

    t0 = time.perf_counter()
    stemmed = [common.stem_text(t) for t in texts]
    vec, clf = fit(stemmed, labels)
    res["train_seconds"] = time.perf_counter() - t0
    res["features"] = len(vec.vocabulary_)
    for key, _, _, _, scheme in DEV_SETS:
        rows = dev_rows[key]
        probs = clf.predict_proba(vec.transform([common.stem_text(t) for t, _, _ in rows]))
        res["dev"][key] = score(probs, [l for _, l, _ in rows], scheme)
        res.setdefault("dev_rows", {})[key] = len(rows)

    if with_cv:
        from sklearn.model_selection import StratifiedGroupKFold

        log("scikit-learn: 5-fold stratified (grouped) CV over the whole training set")
        t0 = time.perf_counter()
        y = np.asarray(labels)
        oof = np.zeros((len(texts), 3))
        cv = StratifiedGroupKFold(n_splits=5, shuffle=True, random_state=42)
        for tr, te in cv.split(np.zeros(len(y)), y, groups):
            v, c = fit([stemmed[i] for i in tr], y[tr])
            oof[te] = c.predict_proba(v.transform([stemmed[i] for i in te]))
        res["cv_seconds"] = time.perf_counter() - t0
        src_of = np.asarray(src_of)
        res["cv_sources"] = {}
        for si, s in enumerate(sources):
            m = src_of == si
            scheme = ("full" if s["kind"] in ("labelled", "articles") or s["kind"].startswith("webis")
                      else "binary")
            res["cv_sources"][s["spec"]] = score(oof[m], y[m], scheme)
    return res


# ------------------------------------------------- built-in model provenance

def embedded_model(stance):
    """The model file embedded in the binary (build.rs copies models/default.model
    in as is): its JSON body, found by its header line."""
    with open(stance, "rb") as fh:
        raw = fh.read()
    m = re.search(rb"stance-model \d+ sha256:[0-9a-f]{64} bytes:(\d+)\n", raw)
    if not m:
        raise ValueError("no embedded model found in the binary")
    return json.loads(raw[m.end():m.end() + int(m.group(1))])


def model_provenance(stance, recipe_path):
    """What the built-in model (models/default.model as it was when the binary
    was built) was trained on, and warnings when that is not the recipe or
    covers a dev set."""
    notes, leaks = [], set()
    try:
        model = embedded_model(stance)
        head = next(h for h in model["heads"] if h.get("task") == "stance")
        used = [s["path"] for s in head["training"]["sources"]]
    except (OSError, ValueError, KeyError, StopIteration) as e:
        return [f"cannot read the sources of the built-in model: {e}"], leaks
    with open(recipe_path, "rb") as fh:
        wanted = [s["data"] for s in tomllib.load(fh)["sources"]]
    if sorted(used) != sorted(wanted):
        notes.append(f"the built-in model was trained on {used}, not on the recipe's {wanted} "
                     f"(rebuild it from the recipe)")
    for spec in used:
        kind, _, p = spec.rpartition(":") if ":" in spec else ("", "", spec)
        p = os.path.normpath(p)
        if "webis-editorials" in p and kind != "webis-train":
            leaks.add("webis-dev")
        if p.endswith(os.path.join("newssd-eng", "val.csv")):
            leaks.add("newssd-val")
        if p.endswith("dev_en.tsv"):
            leaks.add("checkthat-dev")
    if leaks:
        notes.append(f"the built-in model was trained on data that contains {sorted(leaks)}: "
                     f"stance's figures there (marked !) are not held-out scores")
    return notes, leaks


# -------------------------------------------------------------- sentiment

NEWSMTSC_DEV = os.path.join(CORPORA, "newsmtsc", "dev.jsonl")
# VADER's usual cut-offs on the compound score (its README): positive at
# >= 0.05, negative at <= -0.05, neutral in between.
VADER_POS, VADER_NEG = 0.05, -0.05


def vader_label(compound):
    if compound >= VADER_POS:
        return 2
    if compound <= VADER_NEG:
        return 0
    return 1


def class_scores(gold, pred):
    """macro-F1, per-class F1 (negative, neutral, positive) and accuracy."""
    from sklearn.metrics import f1_score

    per = f1_score(gold, pred, labels=[0, 1, 2], average=None, zero_division=0)
    return {"macro_f1": macro_f1(gold, pred, [0, 1, 2]), "f1": [float(x) for x in per],
            "accuracy": float(np.mean(np.asarray(gold) == np.asarray(pred)))}


def sentiment_provenance(stance, recipe_path, sources):
    """What the built-in model's sentiment head was trained on: notes when it
    is not the recipe, when it covers NewsMTSC dev, or when its per-source
    class counts differ from the rows scikit-learn trains on."""
    notes, leak = [], False
    try:
        head = next(h for h in embedded_model(stance)["heads"] if h.get("task") == "sentiment")
        used = head["training"]["sources"]
    except (OSError, ValueError, KeyError, StopIteration) as e:
        return [f"cannot read the sources of the built-in sentiment head: {e}"], leak
    with open(recipe_path, "rb") as fh:
        wanted = [s["data"] for s in tomllib.load(fh)["sources"]]
    paths = [u["path"] for u in used]
    if sorted(paths) != sorted(wanted):
        notes.append(f"the built-in sentiment head was trained on {paths}, not on the recipe's {wanted}")
    for u in used:
        p = os.path.normpath(u["path"].split(":", 1)[-1])
        if p.endswith(os.path.join("newsmtsc", "dev.jsonl")) or os.path.basename(p) == "newsmtsc":
            leak = True
    if leak:
        notes.append("the built-in sentiment head was trained on data that contains NewsMTSC dev: "
                     "stance's figure there (marked !) is not a held-out score")
    ours = {s["spec"]: [sum(1 for r in s["rows"] if r[1] == c) for c in range(3)] for s in sources}
    for u in used:
        if u["path"] in ours and u.get("counts") is not None and list(u["counts"]) != ours[u["path"]]:
            notes.append(f"{u['path']}: the built-in sentiment head was trained on {u['counts']} rows "
                         f"(negative, neutral, positive), scikit-learn on {ours[u['path']]} "
                         f"(data changed since the model was built?)")
    return notes, leak


def sentiment_part(stance, recipe_path):
    """NewsMTSC dev: stance's built-in sentiment head, the scikit-learn
    pipeline trained on the sentiment recipe's data, and VADER."""
    res = {"dev": os.path.relpath(NEWSMTSC_DEV, ROOT), "notes": []}
    dev = common.read_newsmtsc(NEWSMTSC_DEV)
    gold = [l for _, l, _ in dev]
    res["dev_rows"] = len(dev)
    res["gold_counts"] = [gold.count(c) for c in range(3)]
    sources, excluded = load_training(recipe_path, "sentiment")
    held_out = {"newsmtsc-dev": dev}
    held_out.update({f"recipe-exclude-{i}": rows for i, rows in enumerate(excluded)})
    dedupe(sources, held_out)

    # stance: the built-in model's sentiment head
    log("stance eval --task sentiment --data newsmtsc-dev")
    try:
        out, secs = run_stance(stance, ["eval", "--task", "sentiment", "--data", "newsmtsc:" + NEWSMTSC_DEV,
                                        "--json"], "stance eval --task sentiment")
        rep = json.loads(out)
        if rep["labels"] != common.SENTIMENT_LABELS:
            raise RuntimeError(f"unexpected sentiment classes {rep['labels']}")
        res["stance"] = {"macro_f1": rep["macro_f1"], "f1": [c["f1"] for c in rep["classes"]],
                         "accuracy": rep["accuracy"], "eval_seconds": secs}
        support = [c["support"] for c in rep["classes"]]
        if support != res["gold_counts"]:
            res["notes"].append(f"stance eval read gold counts {support} (negative, neutral, positive) "
                                f"from NewsMTSC dev, this script {res['gold_counts']}: the mappings differ")
    except (RuntimeError, json.JSONDecodeError, KeyError) as e:
        res["stance"] = None
        res["notes"].append(f"stance eval --task sentiment failed: {e}")

    # scikit-learn: the reference pipeline on the recipe's rows (weights repeat rows)
    texts, labels = [], []
    for s in sources:
        for _ in range(s["weight"]):
            texts.extend(t for t, _, _ in s["rows"])
            labels.extend(l for _, l, _ in s["rows"])
    log(f"scikit-learn (sentiment): {len(texts)} training rows from {len(sources)} sources; fitting")
    t0 = time.perf_counter()
    vec, clf = fit([common.stem_text(t) for t in texts], labels)
    train_seconds = time.perf_counter() - t0
    probs = clf.predict_proba(vec.transform([common.stem_text(t) for t, _, _ in dev]))
    pred = [int(clf.classes_[j]) for j in probs.argmax(1)]
    res["sklearn"] = dict(class_scores(gold, pred), train_seconds=train_seconds, train_rows=len(texts),
                          features=len(vec.vocabulary_),
                          train_sources={s["spec"]: len(s["rows"]) * s["weight"] for s in sources},
                          removed={s["spec"]: s["removed"] for s in sources})

    # VADER on the raw sentence
    from importlib.metadata import version
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    log("VADER on NewsMTSC dev")
    t0 = time.perf_counter()
    analyzer = SentimentIntensityAnalyzer()
    compound = [analyzer.polarity_scores(t)["compound"] for t, _, _ in dev]
    vader_seconds = time.perf_counter() - t0
    pred = [vader_label(c) for c in compound]
    res["vader"] = dict(class_scores(gold, pred), seconds=vader_seconds, version=version("vaderSentiment"),
                        # per sentence (its first line in the dev file, not its text): for checking by hand
                        predictions=[{"line": int(o.rsplit(":", 1)[1]), "gold": g, "compound": c, "predicted": p}
                                     for (_, g, o), c, p in zip(dev, compound, pred)])
    notes, res["leak"] = sentiment_provenance(stance, recipe_path, sources)
    res["notes"] += notes
    return res


def sentiment_report(res, recipe_path):
    st, sk, va = res["stance"], res["sklearn"], res["vader"]
    mark = "!" if res["leak"] else ""
    names = common.SENTIMENT_LABELS
    rows = [("macro-F1", *(None if x is None else x["macro_f1"] for x in (st, sk, va)))]
    for c, name in enumerate(names):
        rows.append((f"F1 {name} ({res['gold_counts'][c]})",
                     *(None if x is None else x["f1"][c] for x in (st, sk, va))))
    rows.append(("accuracy", *(None if x is None else x["accuracy"] for x in (st, sk, va))))
    title = f"NewsMTSC dev, {res['dev_rows']} sentences"
    w = max(len(r[0]) for r in rows + [(title,)])
    heads = ["stance", "scikit-learn", "VADER", "stance - sklearn", "stance - VADER"]
    lines = [f"{title:<{w}} | " + " | ".join(f"{h:>{max(len(h), 7)}}" for h in heads),
             f"{'-' * w}-+-" + "-+-".join("-" * max(len(h), 7) for h in heads)]
    for name, a, b, v in rows:
        cells = [fmt(a) + (mark if a is not None else ""), fmt(b), fmt(v),
                 "n/a" if a is None or b is None else f"{a - b:+.3f}",
                 "n/a" if a is None or v is None else f"{a - v:+.3f}"]
        lines.append(f"{name:<{w}} | " + " | ".join(f"{c:>{max(len(h), 7)}}" for c, h in zip(cells, heads)))
    out = ["", "\n".join(lines), ""]
    out.append("gold: one label per distinct sentence, the sign of its targets' summed polarities "
               "(as src/corpus/newsmtsc.rs); gold counts negative/neutral/positive "
               + "/".join(str(n) for n in res["gold_counts"]))
    out.append("stance = `stance eval --task sentiment --data newsmtsc:" + res["dev"]
               + " --json` (the built-in model's sentiment head)")
    out.append(f"scikit-learn = the reference pipeline trained on {os.path.relpath(recipe_path, ROOT)}'s data "
               f"(weights repeat rows, NewsMTSC dev held out): {sk['train_rows']} rows "
               f"({', '.join(f'{k} {n}' for k, n in sk['train_sources'].items())}), {sk['features']} tf-idf "
               f"features, stem + vectorize + fit {sk['train_seconds']:.1f} s; argmax")
    out.append(f"VADER = vaderSentiment {va['version']} compound score of the sentence: >= {VADER_POS} positive, "
               f"<= {VADER_NEG} negative, else neutral ({va['seconds']:.2f} s for {res['dev_rows']} sentences)")
    for n in res["notes"]:
        out.append("note: " + n)
    return out


# ----------------------------------------------------------------- report

def fmt(x, nd=3):
    return "n/a" if x is None else f"{x:.{nd}f}"


def stance_report(args, recipe):
    """The stance part: returns (lines to print, JSON document)."""
    data = load_data(recipe)
    with tempfile.TemporaryDirectory(prefix="stance-bench-") as tmp:
        st = stance_side(args.stance, recipe, args.with_cv, tmp)
    sk = sklearn_side(data, args.with_cv)
    prov_notes, leaks = model_provenance(args.stance, recipe)
    if st.get("retrained_fallback"):
        leaks, prov_notes = set(), []  # figures come from the model retrained from the recipe

    rows = []
    for key, title, _, _, _ in DEV_SETS:
        mark = "*" if st.get("retrained_fallback") else ("!" if key in leaks else "")
        rows.append((title, st["dev"].get(key), sk["dev"].get(key), mark))
    if args.with_cv:
        # our own data: the recipe's labelled sources
        for spec, f1 in sk.get("cv_sources", {}).items():
            if sk["kinds"][spec] != "labelled":
                continue
            rows.append((f"our data {spec.split(':', 1)[-1]} (5-fold CV, 3 labels)",
                         st.get("cv_sources", {}).get(spec), f1, ""))

    w = max(len(r[0]) for r in rows + [("corpus (macro-F1)",)])
    lines = [f"{'corpus (macro-F1)':<{w}} | {'stance':>7} | {'scikit-learn':>12} | {'difference':>10}",
             f"{'-' * w}-+-{'-' * 7}-+-{'-' * 12}-+-{'-' * 10}"]
    for title, a, b, m in rows:
        d = None if a is None or b is None else a - b
        lines.append(f"{title:<{w}} | {fmt(a) + m:>7} | {fmt(b):>12} | {('n/a' if d is None else f'{d:+.3f}'):>10}")
    st_t = st.get("train_seconds")
    lines.append(f"{'training wall clock':<{w}} | {('n/a' if st_t is None else f'{st_t:.1f} s'):>7} | "
                 f"{sk['train_seconds']:>10.1f} s | {'':>10}")
    out = ["", "\n".join(lines), ""]
    if st.get("dev_retrained"):
        out.append("stance retrained from the recipe in this run (not the built-in model): " + ", ".join(
            f"{key} {fmt(v)}" for key, v in st["dev_retrained"].items()))
    out.append(f"recipe: {os.path.relpath(recipe, ROOT)}; training rows after dedupe: stance "
               f"{st.get('train_rows') or 'n/a'}, scikit-learn {sk['train_rows']} "
               f"({sk['features']} tf-idf features)")
    out.append("stance training = `stance train --recipe` with its CV over the alpha grid + final fit"
               + (f" (chosen alpha {st['alpha']})" if st.get("alpha") is not None else "")
               + f"; scikit-learn = stem + vectorize + one fit"
               + (f" (its 5-fold CV took another {sk['cv_seconds']:.1f} s)" if "cv_seconds" in sk else ""))
    out.append("opinion-vs-not sets: both predict opinion iff P(opinion) > 0.5 "
               "(as `stance eval` does)")
    if st.get("train_sources"):
        for spec, n in sk["train_sources"].items():
            if st["train_sources"].get(spec) not in (None, n):
                out.append(f"note: {spec}: stance trained on {st['train_sources'][spec]} rows, "
                           f"scikit-learn on {n} (did the data change during the run?)")
    for n in st["notes"] + sk["notes"] + prov_notes:
        out.append("note: " + n)
    doc = {
        "recipe": os.path.relpath(recipe, ROOT),
        "rows": [{"corpus": t, "stance": a, "sklearn": b,
                  "difference": None if a is None or b is None else a - b,
                  "stance_mark": m} for t, a, b, m in rows],
        "model_notes": prov_notes,
        "stance": st, "sklearn": sk,
    }
    return out, doc


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--stance", required=True, help="the stance binary")
    ap.add_argument("--task", choices=["stance", "sentiment", "both"], default="both",
                    help="which comparison to run (default both)")
    ap.add_argument("--recipe", default=os.path.join(ROOT, "models", "default.toml"),
                    help="the stance recipe (default models/default.toml)")
    ap.add_argument("--sentiment-recipe", default=os.path.join(ROOT, "models", "sentiment.toml"),
                    help="the sentiment recipe scikit-learn trains from (default models/sentiment.toml)")
    cvg = ap.add_mutually_exclusive_group()
    cvg.add_argument("--with-cv", dest="with_cv", action="store_true", default=True,
                     help="retrain stance from the recipe for its cross-validated figures on our data (default)")
    cvg.add_argument("--no-cv", dest="with_cv", action="store_false", help="skip the cross-validation rows")
    ap.add_argument("--json", metavar="FILE", help="also write the results as JSON to FILE")
    args = ap.parse_args()
    recipe = os.path.abspath(args.recipe)
    sentiment_recipe = os.path.abspath(args.sentiment_recipe)

    started = time.perf_counter()
    out, doc = [], {}
    if args.task in ("stance", "both"):
        lines, doc = stance_report(args, recipe)
        out += lines
    if args.task in ("sentiment", "both"):
        doc["sentiment"] = sentiment_part(args.stance, sentiment_recipe)
        out += sentiment_report(doc["sentiment"], sentiment_recipe)
    out.append(f"total run time {time.perf_counter() - started:.0f} s")
    print("\n".join(out))

    if args.json:
        os.makedirs(os.path.dirname(os.path.abspath(args.json)), exist_ok=True)
        with open(args.json, "w") as fh:
            json.dump(doc, fh, indent=2)
        log(f"wrote {args.json}")


if __name__ == "__main__":
    main()
