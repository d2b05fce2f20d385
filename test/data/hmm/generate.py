"""Sequences from a hidden Markov model over BIO tags, for the CRF's real-data check (README, "Sequence
labelling with a CRF"; test/core/trainer-sequence.test.ts).

Tags O, B-ENT, I-ENT follow a Markov chain in which I-ENT only ever follows B-ENT or I-ENT; each token
shows two features drawn from a Gaussian around its tag's mean, B-ENT's and I-ENT's close together, so
that a token on its own says "entity" but hardly which of B and I, while its neighbours say it.
Writes train.csv and val.csv (columns sentence, position, x1, x2, tag) and ideal.json: the accuracy on
val.csv of the ideal decoder, Viterbi with the true model (numpy, written out here).

    /usr/bin/python3 test/data/hmm/generate.py
"""
import json
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
TAGS = ["O", "B-ENT", "I-ENT"]
START = np.array([0.7, 0.3, 0.0])
# TRANS[i][j]: tag i followed by tag j.
TRANS = np.array([[0.8, 0.2, 0.0], [0.15, 0.05, 0.8], [0.3, 0.1, 0.6]])
MEANS = np.array([[0.0, 0.0], [2.0, 0.3], [2.0, -0.3]])
SD = 0.6


def sample(rng, count, first_id):
    rows, paths, feats = [], [], []
    for s in range(count):
        length = int(rng.integers(6, 15))
        tag = rng.choice(3, p=START)
        path = []
        for _ in range(length):
            path.append(int(tag))
            tag = rng.choice(3, p=TRANS[tag])
        x = MEANS[path] + SD * rng.standard_normal((length, 2))
        for t, (y, (a, b)) in enumerate(zip(path, x)):
            rows.append(f"s{first_id + s},{t},{a:.6f},{b:.6f},{TAGS[y]}")
        paths.append(path)
        feats.append(x)
    return rows, paths, feats


def log_emission(x):
    """log N(x; mean_j, SD^2 I) for every token and tag."""
    d = x[:, None, :] - MEANS[None, :, :]
    return -0.5 * (d**2).sum(axis=2) / SD**2 - np.log(2 * np.pi * SD**2)


def viterbi(x):
    with np.errstate(divide="ignore"):
        log_start, log_trans = np.log(START), np.log(TRANS)
    e = log_emission(x)
    best = log_start + e[0]
    back = []
    for t in range(1, len(x)):
        cand = best[:, None] + log_trans
        back.append(cand.argmax(axis=0))
        best = cand.max(axis=0) + e[t]
    path = [int(best.argmax())]
    for arg in reversed(back):
        path.append(int(arg[path[-1]]))
    return path[::-1]


def main():
    rng = np.random.default_rng(15)
    header = "sentence,position,x1,x2,tag"
    train, _, _ = sample(rng, 500, 0)
    val, paths, feats = sample(rng, 200, 500)
    for name, rows in (("train.csv", train), ("val.csv", val)):
        with open(os.path.join(HERE, name), "w", encoding="utf-8") as fh:
            fh.write("\n".join([header, *rows]) + "\n")
    decoded = [viterbi(x) for x in feats]
    tokens = sum(len(p) for p in paths)
    right = sum(a == b for p, d in zip(paths, decoded) for a, b in zip(p, d))
    whole = sum(p == d for p, d in zip(paths, decoded))
    ideal = {"token_accuracy": right / tokens, "sequence_accuracy": whole / len(paths), "sequences": len(paths), "tokens": tokens}
    with open(os.path.join(HERE, "ideal.json"), "w", encoding="utf-8") as fh:
        fh.write(json.dumps(ideal, indent=1) + "\n")
    print(ideal)


if __name__ == "__main__":
    main()
