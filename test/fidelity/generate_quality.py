"""Reference values for the generate task's quality measures: test/fixtures/generate/quality.json.

    /usr/bin/python3 test/fidelity/generate_quality.py

scipy.stats.ks_2samp (its statistic), sklearn.metrics.roc_auc_score, numpy's Pearson correlation, and
sklearn's LogisticRegression (default C = 1, lbfgs to a tight tolerance) scored by roc_auc_score on a given
split: what src/core/generate/quality.ts and logistic.ts must reproduce.
"""
import json
import os

import numpy as np
from scipy.stats import ks_2samp
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures", "generate", "quality.json")


def main():
    rng = np.random.default_rng(15)
    ks = []
    for n, m, ties in [(20, 30, False), (50, 17, True), (8, 8, True), (100, 90, False)]:
        a, b = rng.normal(size=n), rng.normal(0.3, 1.2, size=m)
        if ties:
            a, b = np.round(a, 1), np.round(b, 1)
        ks.append({"a": a.tolist(), "b": b.tolist(), "statistic": float(ks_2samp(a, b).statistic)})
    auc = []
    for n, ties in [(30, False), (40, True), (12, True)]:
        s = rng.normal(size=n)
        if ties:
            s = np.round(s, 0)
        y = rng.integers(0, 2, size=n)
        y[0], y[1] = 0, 1
        auc.append({"scores": s.tolist(), "labels": y.tolist(), "auc": float(roc_auc_score(y, s))})
    corr = []
    for p in [2, 4]:
        x = rng.normal(size=(25, p)) @ rng.normal(size=(p, p))
        y = rng.normal(size=(25, p))
        r1, r2 = np.corrcoef(x.T), np.corrcoef(y.T)
        iu = np.triu_indices(p, 1)
        corr.append({"real": x.T.tolist(), "synth": y.T.tolist(), "corr_diff": float(np.abs(r1 - r2)[iu].mean())})
    c2st = []
    for n, d in [(60, 3), (80, 5)]:
        x = rng.normal(size=(n, d))
        y = (rng.normal(size=n) + x[:, 0] > 0).astype(float)
        order = rng.permutation(n)
        fit, test = order[: n // 2], order[n // 2:]
        clf = LogisticRegression(C=1.0, tol=1e-12, max_iter=10000).fit(x[fit], y[fit])
        c2st.append({"x": x.tolist(), "y": y.tolist(), "fit": fit.tolist(), "test": test.tolist(),
                     "coef": clf.coef_[0].tolist(), "intercept": float(clf.intercept_[0]),
                     "auc": float(roc_auc_score(y[test], clf.decision_function(x[test])))})
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w", encoding="utf-8") as fh:
        json.dump({"generator": "scipy ks_2samp, sklearn roc_auc_score and LogisticRegression, numpy corrcoef",
                   "ks": ks, "auc": auc, "corr": corr, "c2st": c2st}, fh, indent=1)
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
