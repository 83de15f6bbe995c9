#!/usr/bin/env python3
"""Builds the translation-memory benchmark's memories and queries from the
real pairs of benches/fetch-gettext.sh. Deterministic (fixed seeds).

Usage: make-tm-data.py DIR        (reads DIR/en-fr.tsv, writes into DIR)

Writes, one unit per line, `source TAB target`, every source distinct (so the
line number, from 0, is crosscut's unit id):

- mem-real.tsv: the real en→fr pairs, first translation of each source kept.
- mem-1m.tsv: mem-real.tsv followed by SYNTHETIC units up to 1,000,000: real
  sources with deterministic perturbations (adjacent words swapped, a number
  changed or added, a word dropped, a word added from the corpus vocabulary;
  one or two of them), each with the target of the real source unchanged.

and the queries, `query TAB true_line TAB true_source`:

- queries-real.tsv, queries-1m.tsv: 1,000 units of that memory with at least
  3 words, each with one word replaced by another corpus word or dropped
  (half each); a query identical to some source of the memory is redrawn.
"""

import os
import random
import re
import sys

TARGET_UNITS = 1_000_000
QUERIES = 1000
MIN_QUERY_WORDS = 3
WORD = re.compile(r"^[^\W\d_][\w'’-]*$")
NUMBER = re.compile(r"\d+")


def is_word(tok):
    return WORD.match(tok) is not None


def perturb_memory(words, vocab, rng):
    """One synthetic edit of a real source (a list of tokens)."""
    w = list(words)
    kind = rng.randrange(4)
    idx = [i for i, t in enumerate(w) if is_word(t)]
    if kind == 0 and len(idx) >= 2:  # swap two adjacent words
        k = rng.randrange(len(idx) - 1)
        a, b = idx[k], idx[k + 1]
        w[a], w[b] = w[b], w[a]
    elif kind == 1:  # change a number, or add one
        nums = [i for i, t in enumerate(w) if NUMBER.search(t)]
        if nums:
            i = rng.choice(nums)
            w[i] = NUMBER.sub(lambda m: str(int(m.group()) + rng.randrange(1, 99)), w[i], count=1)
        else:
            w.insert(rng.randrange(len(w) + 1), str(rng.randrange(2, 1000)))
    elif kind == 2 and len(idx) >= 2:  # drop a word
        del w[rng.choice(idx)]
    else:  # add a word
        w.insert(rng.randrange(len(w) + 1), rng.choice(vocab))
    return w


def perturb_query(words, vocab, rng):
    w = list(words)
    idx = [i for i, t in enumerate(w) if is_word(t)]
    i = rng.choice(idx)
    if rng.randrange(2) == 0:
        new = rng.choice(vocab)
        while new.lower() == w[i].lower():
            new = rng.choice(vocab)
        w[i] = new
    else:
        del w[i]
    return w


def write_queries(path, units, sources, vocab, seed):
    rng = random.Random(seed)
    eligible = [i for i, (s, _) in enumerate(units) if sum(is_word(t) for t in s.split()) >= MIN_QUERY_WORDS]
    out = []
    used = set()
    while len(out) < QUERIES:
        i = rng.choice(eligible)
        if i in used:
            continue
        q = " ".join(perturb_query(units[i][0].split(), vocab, rng))
        if q in sources:
            continue
        used.add(i)
        out.append((q, i, units[i][0]))
    with open(path, "w", encoding="utf-8") as f:
        for q, i, s in out:
            f.write(f"{q}\t{i}\t{s}\n")
    return len(eligible)


def main():
    d = sys.argv[1]
    units = []
    sources = set()
    with open(os.path.join(d, "en-fr.tsv"), encoding="utf-8") as f:
        for line in f:
            src, tgt = line.rstrip("\n").split("\t")
            if src in sources:
                continue
            sources.add(src)
            units.append((src, tgt))
    real = list(units)
    vocab = sorted({t for s, _ in real for t in s.split() if is_word(t) and t.isascii()})

    with open(os.path.join(d, "mem-real.tsv"), "w", encoding="utf-8") as f:
        for s, t in real:
            f.write(f"{s}\t{t}\n")
    n = write_queries(os.path.join(d, "queries-real.tsv"), real, set(sources), vocab, 1)
    print(f"mem-real.tsv: {len(real)} units ({n} with >= {MIN_QUERY_WORDS} words)")

    rng = random.Random(7)
    rounds = 0
    while len(units) < TARGET_UNITS:
        rounds += 1
        for s, t in real:
            w = s.split()
            for _ in range(1 + rng.randrange(2)):
                w = perturb_memory(w, vocab, rng)
            p = " ".join(w)
            if p in sources:
                continue
            sources.add(p)
            units.append((p, t))
            if len(units) == TARGET_UNITS:
                break
    with open(os.path.join(d, "mem-1m.tsv"), "w", encoding="utf-8") as f:
        for s, t in units:
            f.write(f"{s}\t{t}\n")
    n = write_queries(os.path.join(d, "queries-1m.tsv"), units, sources, vocab, 2)
    print(f"mem-1m.tsv: {len(units)} units ({len(real)} real, {len(units) - len(real)} synthetic, {rounds} rounds; {n} with >= {MIN_QUERY_WORDS} words)")
    print(f"vocabulary: {len(vocab)} words")


if __name__ == "__main__":
    main()
