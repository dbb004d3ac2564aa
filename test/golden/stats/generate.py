"""Reference values for rtbench's paired tests and percentiles, from scipy and numpy.

    python3 test/golden/stats/generate.py   # writes expected.json beside this file

Cases are seeded so the file is reproducible; the tests (src/metrics/significance.test.ts)
read only expected.json.
"""
import json
import os

import numpy as np
import scipy
from scipy import stats

rng = np.random.default_rng(20261121)


def case(name, a, b):
    a = [float(x) for x in a]
    b = [float(x) for x in b]
    d = np.array(b) - np.array(a)
    nz = d[d != 0]
    ties = len(np.unique(np.abs(nz))) < len(nz)
    method = "exact" if len(nz) <= 50 and not ties else "approx"
    out = {"name": name, "baseline": a, "candidate": b, "method": method}
    if len(nz) > 0:
        w = stats.wilcoxon(b, a, zero_method="wilcox", correction=False, method=method)
        out["wilcoxon_p"] = float(w.pvalue)
    pos, neg = int((d > 0).sum()), int((d < 0).sum())
    out["sign_p"] = float(stats.binomtest(pos, pos + neg, 0.5).pvalue) if pos + neg > 0 else 1.0
    return out


cases = [
    case("small exact, no ties", [412, 388, 501, 460, 399, 420, 455, 470], [430, 401, 498, 489, 415, 441, 470, 468]),
    case("exact, candidate faster", rng.normal(600, 80, 30).round(3), rng.normal(560, 80, 30).round(3)),
    case("ties and zeros, normal approximation", [500, 520, 540, 560, 580, 600, 620, 640, 660, 680, 700, 720],
         [510, 520, 550, 570, 570, 600, 610, 650, 670, 690, 690, 720]),
    case("large, normal approximation", rng.normal(800, 150, 200).round(1), rng.normal(790, 150, 200).round(1)),
    case("integer error counts (sign test)", rng.integers(0, 4, 60), rng.integers(0, 5, 60)),
    case("one pair", [100], [150]),
]

percentiles = []
for n in (1, 2, 5, 10, 101):
    v = rng.normal(700, 200, n).round(2).tolist()
    percentiles.append({"values": v, "p": {str(p): float(np.percentile(v, p)) for p in (50, 90, 95, 99)}})

here = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(here, "expected.json"), "w") as f:
    json.dump({"scipy": scipy.__version__, "numpy": np.__version__, "paired": cases, "percentiles": percentiles}, f, indent=1)
    f.write("\n")
