"""The table of comparisons/compare, from the files its run left in comparisons/.work/run/."""

import json
import os
import re
import time


def _read(work, name, default=None):
    p = os.path.join(work, name)
    if not os.path.exists(p):
        return default
    with open(p, encoding="utf-8") as fh:
        return fh.read().strip()


def _json(work, name):
    s = _read(work, name)
    try:
        return json.loads(s) if s else None
    except json.JSONDecodeError:
        return None


def step(work, name):
    """wall seconds, peak RSS MB, CPU %, load before, exit code, paragraphs out."""
    t = _read(work, name + ".time")
    if t is None:
        return None
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", t)
    cpu = re.search(r"Percent of CPU this job got: (\d+)%", t)
    user = re.search(r"User time \(seconds\): ([0-9.]+)", t)
    sys_ = re.search(r"System time \(seconds\): ([0-9.]+)", t)
    lines = _read(work, name + ".lines")
    return {
        "wall": float(_read(work, name + ".wall", "nan")),
        "rss_mb": int(rss.group(1)) / 1024 if rss else None,
        "cpu": int(cpu.group(1)) if cpu else None,
        "cpu_s": float(user.group(1)) + float(sys_.group(1)) if user and sys_ else None,
        "load": float(_read(work, name + ".load", "nan")),
        "rc": int(_read(work, name + ".rc", "0")),
        "paragraphs": int(lines) if lines else None,
        "outbytes": int(_read(work, name + ".outbytes") or 0),
    }


def f(x, spec):
    return "n/a" if x is None else format(x, spec)


def table(header, rows):
    cols = list(zip(*([header] + rows)))
    widths = [max(len(str(c)) for c in col) for col in cols]
    def line(r):
        return " | ".join(str(c).ljust(w) if i == 0 else str(c).rjust(w) for i, (c, w) in enumerate(zip(r, widths)))
    return "\n".join([line(header), "-+-".join("-" * w for w in widths)] + [line(r) for r in rows])


def main(work, out_path):
    meta = _json(work, "meta.json") or {}
    cmeta = _json(work, "corpus.meta.json") or {}
    c4meta = _json(work, "corpus4.meta.json")
    mb = cmeta.get("bytes", 0) / 1e6
    out = []
    out.append(f"comparisons/compare, {time.strftime('%Y-%m-%d %H:%M')}: {meta.get('stance', 'stance')} (binary built {meta.get('built', '?')}); "
               f"{meta.get('nproc')} cores ({meta.get('cpu')}), {meta.get('mem_gb')} GB RAM")
    out.append(f"corpus {mb:.1f} MB: {cmeta.get('docs')} posts, {cmeta.get('paragraphs')} paragraphs; "
               f"training rows {meta.get('train_rows')} (held-out 10%)")
    notes = []
    if _read(work, "note-model"):
        notes.append(_read(work, "note-model"))

    # ---------------------------------------------------------- tagging
    tools = [("stance tag --no-shared", "tag-stance-noshared"),
             ("stance tag --no-shared --no-sentiment", "tag-stance-stanceonly"),
             ("stance tag (shared passages)", "tag-stance-shared"),
             ("stance tag (shared passages) --no-sentiment", "tag-stance-shared-stanceonly"),
             ("scikit-learn", "tag-sklearn"),
             ("fastText (k=3)", "tag-fasttext"),
             ("fastText CLI predict-prob (k=3, text lines in)", "tag-fasttext-cli")]
    res = {name: step(work, key) for name, key in tools}
    base_ns = res["stance tag --no-shared"]
    base_sh = res["stance tag (shared passages)"]

    def speed(s):
        return None if not s or s["rc"] not in (0, 1) or not s["wall"] else mb / s["wall"]

    rows = []
    for name, key in tools:
        s = res[name]
        if s is None:
            rows.append([name] + ["n/a"] * 9)
            continue
        ok = s["rc"] in (0, 1)
        sp = speed(s)
        pps = s["paragraphs"] / s["wall"] if ok and s["paragraphs"] else None
        r_ns = speed(base_ns) / sp if sp and speed(base_ns) else None
        r_sh = speed(base_sh) / sp if sp and speed(base_sh) else None
        per_cpu = mb / s["cpu_s"] if ok and s.get("cpu_s") else None
        rows.append([name if ok else f"{name} (FAILED, exit {s['rc']})", f(s["wall"], ".1f"), f(sp, ".2f"),
                     f(pps, ",.0f"), f(s["rss_mb"], ",.0f"), f(s["cpu"], "d"), f(s.get("cpu_s"), ".1f"),
                     f(per_cpu, ".2f"), f(r_ns, ".2f"), f(r_sh, ".2f")])
        if ok and s["paragraphs"] and cmeta.get("paragraphs") and s["paragraphs"] != cmeta["paragraphs"]:
            notes.append(f"{name} wrote {s['paragraphs']} paragraphs, the corpus has {cmeta['paragraphs']}")
    out.append("")
    out.append(f"Tagging the {mb:.0f} MB corpus (wall clock; peak RSS from /usr/bin/time -v):")
    out.append(table(["tool", "wall s", "MB/s", "paragraphs/s", "peak RSS MB", "CPU %", "CPU s",
                      "MB per CPU s", "speed: stance --no-shared / this", "stance shared / this"], rows))
    sh, sk = res["stance tag (shared passages)"], res["scikit-learn"]
    # The faster of fastText's two forms (Python binding, command-line binary).
    fts = [(n, res[n]) for n in ("fastText (k=3)", "fastText CLI predict-prob (k=3, text lines in)") if speed(res[n])]
    ft_name, ft = max(fts, key=lambda t: speed(t[1])) if fts else (None, None)
    if speed(sh) and speed(ft) and speed(sk):
        out.append(f"default mode (shared passages, both heads) vs fastText (the faster form: {ft_name}): "
                   f"{speed(sh) / speed(ft):.2f}x, vs scikit-learn: {speed(sh) / speed(sk):.2f}x in wall-clock MB/s "
                   f"(targets 2x, 25x)")
        ns = res["stance tag --no-shared"]
        if speed(ns):
            out.append(f"shared-passage pass: {100 * (sh['wall'] / ns['wall'] - 1):.0f}% over --no-shared "
                       f"in wall clock (target at most 25%)")
        if sh.get("cpu_s") and ft.get("cpu_s") and sk.get("cpu_s"):
            out.append(f"  per CPU second (user + sys; stance runs on every core, the peers on one): "
                       f"{ft['cpu_s'] / sh['cpu_s']:.2f}x fastText, {sk['cpu_s'] / sh['cpu_s']:.2f}x scikit-learn")
    for mode, k_both, k_one in [("--no-shared", "stance tag --no-shared", "stance tag --no-shared --no-sentiment"),
                                ("shared passages (default)", "stance tag (shared passages)",
                                 "stance tag (shared passages) --no-sentiment")]:
        one, both = speed(res[k_one]), speed(res[k_both])
        if one and both:
            out.append(f"both heads (stance + sentiment) vs stance head only, {mode}: {both:.2f} vs {one:.2f} MB/s, "
                       f"speed drop {100 * (1 - both / one):.1f}%")
    ob = {n: res[n]["outbytes"] for n in res if res[n] and res[n]["outbytes"]}
    if ob:
        out.append("output size: " + ", ".join(f"{n} {b / 1e6:,.0f} MB" for n, b in ob.items()))

    # ------------------------------------------------------ memory check
    if c4meta:
        mb4 = c4meta.get("bytes", 0) / 1e6
        out.append("")
        out.append(f"Memory check: stance peak RSS on the 4x corpus ({mb4:.0f} MB, {c4meta.get('paragraphs')} paragraphs) vs 1x:")
        rows = []
        for mode, k1, k4 in [("--no-shared", "tag-stance-noshared", "tag4x-stance-noshared"),
                             ("shared passages", "tag-stance-shared", "tag4x-stance-shared")]:
            a, b = step(work, k1), step(work, k4)
            if not a or not b:
                continue
            fail = "" if b["rc"] in (0, 1) else f" (FAILED, exit {b['rc']})"
            ratio = b["rss_mb"] / a["rss_mb"] if a["rss_mb"] and b["rss_mb"] else None
            rows.append([f"stance tag {mode}{fail}", f(a["rss_mb"], ",.0f"), f(b["rss_mb"], ",.0f"), f(ratio, ".2f"),
                         f(a["wall"], ".1f"), f(b["wall"], ".1f"), f(mb4 / b["wall"] if b["wall"] else None, ".2f")])
        out.append(table(["mode", "RSS MB 1x", "RSS MB 4x", "ratio 4x/1x", "wall s 1x", "wall s 4x", "MB/s 4x"], rows))

    # ---------------------------------------------------------- training
    out.append("")
    tr = [("stance train (5-fold CV over its alpha grid)", "train-stance", "f1-stance.json"),
          ("stance train --cv 0 (one fit)", "train-stance-cv0", "f1-stance-cv0.json"),
          ("scikit-learn (stem + vectorize + fit)", "train-sklearn", "f1-sklearn.json"),
          ("fastText supervised (wordNgrams=2)", "train-fasttext", "f1-fasttext.json")]
    rows = []
    walls = {}
    for name, key, fj in tr:
        s = step(work, key)
        f1 = (_json(work, fj) or {}).get("macro_f1")
        if s is None:
            continue
        ok = s["rc"] in (0, 1)
        walls[key] = s["wall"] if ok else None
        rows.append([name if ok else f"{name} (FAILED, exit {s['rc']})", f(s["wall"], ".1f"),
                     f(s["rss_mb"], ",.0f"), f(s["cpu"], "d"), f(f1, ".3f")])
    out.append(f"Training on {round(meta.get('train_rows', 0) * 0.9)} labelled rows; macro-F1 on the "
               f"{round(meta.get('train_rows', 0) * 0.1)} held-out rows:")
    out.append(table(["tool", "wall s", "peak RSS MB", "CPU %", "held-out macro-F1"], rows))
    sk = walls.get("train-sklearn")
    if sk:
        parts = []
        if walls.get("train-stance"):
            parts.append(f"{walls['train-stance'] / sk:.2f} (with CV)")
        if walls.get("train-stance-cv0"):
            parts.append(f"{walls['train-stance-cv0'] / sk:.2f} (--cv 0)")
        if walls.get("train-fasttext"):
            parts.append(f"fastText-train / sklearn-train {walls['train-fasttext'] / sk:.2f}")
        out.append("stance-train / sklearn-train: " + "; ".join(parts))

    sc = step(work, "train-stance-scale")
    if sc:
        rows_n = _read(work, "train-stance-scale.rows", "?")
        fail = "" if sc["rc"] in (0, 1) else f" (FAILED, exit {sc['rc']})"
        out.append(f"stance train (5-fold CV) at scale{fail}: {rows_n} rows in {sc['wall']:.1f} s, "
                   f"peak RSS {f(sc['rss_mb'], ',.0f')} MB (target: 10 min, 4 GB)")

    # ------------------------------------------------------------- notes
    busy = []
    for key in sorted(os.listdir(work)):
        if key.endswith(".load"):
            load = float(_read(work, key) or 0)
            # stance keeps both cores busy, so the step after it starts at
            # a load near 2 by itself; above 2.5 something else was running.
            if load > 2.5:
                busy.append(f"{key[:-5]} {load:.1f}")
    if busy:
        notes.append("other jobs were probably running (1-min load average before the step, 2 cores): "
                     + ", ".join(busy))
    out.append("")
    out.append("scikit-learn and fastText tag in one Python process (one core); stance uses one thread per core.")
    for n in notes:
        out.append("note: " + n)
    out.append(f"total run time {meta.get('seconds', '?')} s")
    text = "\n".join(out) + "\n"
    print(text, end="")
    with open(out_path, "w", encoding="utf-8") as fh:
        fh.write(text)
