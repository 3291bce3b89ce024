#!/usr/bin/env python3
"""Sanity checks for the team's hand-written labelled data in data/.

Usage: python3 scripts/data/check_labelled.py FILE.jsonl [FILE.jsonl ...]

Checks, per file and over all files given:
  * every line is a JSON object with a non-empty "text" and a known "label";
  * no exact or near-exact duplicate texts (same lowercase word sequence);
  * label counts (printed, so balance can be seen);
  * for stance data, the share of words inside quotation marks agrees with
    the label rule in ../shared/LABELS.md: a `quotation` should have more
    than half its words quoted, a `fact` or `opinion` at most half
    (borderline items are only warned about, since "statement presented as
    a speaker's own words" can also make a quotation).

Exit status 1 when a hard error (bad JSON, unknown label, duplicate) is found.
Standard library only, so it runs anywhere python3 does.
"""
import json
import re
import sys
from collections import Counter

STANCE = {"fact", "quotation", "opinion"}
SENTIMENT = {"negative", "neutral", "positive"}
WORD = re.compile(r"\w+(?:[’']\w+)*", re.UNICODE)


def quoted_share(text: str) -> float:
    """Share of words that sit between an opening and a closing quote mark."""
    inside = False
    single = False
    quoted = 0
    total = 0
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        prev = text[i - 1] if i > 0 else " "
        if ch in "“«„":
            inside = True
        elif ch in "”»":
            inside = False
        elif ch == '"':
            inside = not inside
        elif ch == "‘" and (prev.isspace() or prev in "(["):
            single = True
        elif ch == "’" and single and (i + 1 == n or not text[i + 1].isalnum()):
            # a closing single quote, not an apostrophe inside a word
            single = False
        m = WORD.match(text, i)
        if m:
            total += 1
            if inside or single:
                quoted += 1
            i = m.end()
            continue
        i += 1
    return quoted / total if total else 0.0


def main(paths):
    errors = 0
    seen = {}
    overall = Counter()
    for path in paths:
        counts = Counter()
        with open(path, encoding="utf-8") as fh:
            for lineno, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    rec = json.loads(line)
                except json.JSONDecodeError as e:
                    print(f"{path}:{lineno}: bad JSON: {e}")
                    errors += 1
                    continue
                text = rec.get("text", "")
                label = rec.get("label")
                if not isinstance(text, str) or not text.strip():
                    print(f"{path}:{lineno}: empty text")
                    errors += 1
                    continue
                if label not in STANCE | SENTIMENT:
                    print(f"{path}:{lineno}: unknown label {label!r}")
                    errors += 1
                    continue
                key = " ".join(WORD.findall(text.lower()))
                if key in seen:
                    print(f"{path}:{lineno}: duplicate of {seen[key]}")
                    errors += 1
                seen[key] = f"{path}:{lineno}"
                counts[label] += 1
                if label in STANCE:
                    share = quoted_share(text)
                    if label == "quotation" and share <= 0.5:
                        print(f"{path}:{lineno}: warning: quotation with only {share:.0%} of words quoted")
                    if label != "quotation" and share > 0.5:
                        print(f"{path}:{lineno}: warning: {label} with {share:.0%} of words quoted (rule says quotation)")
        print(f"{path}: {sum(counts.values())} records {dict(sorted(counts.items()))}")
        overall.update(counts)
    print(f"all: {sum(overall.values())} records {dict(sorted(overall.items()))}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
