#!/usr/bin/env python3
"""Learn the ranking formula's weights from labelled questions by coordinate ascent.

  train_weights.py fetch --api http://127.0.0.1:8080 --queries eval/heldout2-tune.tsv \\
                         --host www=http://127.0.0.1:8101 --host legacy=http://127.0.0.1:8102 \\
                         --out tune-factors.json
  train_weights.py train --factors tune-factors.json [--passes 3] [--min-gain 0.01] [--folds 2]
  train_weights.py score --factors tune-factors.json [--set coverage=1.5 ...]
  train_weights.py --self-test

The score of a ranked result is a product of factors, each raised to its weight (the
`[ranking]` table of firststop.toml, `config::RankWeights`):

  score = (bm25 + proximity_w x proximity) x (1 + title coverage)^title x coverage^coverage
          x category^category x language^language x bureau named^bureau_named
          x bureau home^bureau_home x routed^routed x recency^recency x keyword^keyword
          x lift x listing weight

`fetch` asks the server once per question (`debug=1`, the first 50 results) and keeps each result's
factors (the ranking report's `factors`), whether it was pinned, and whether it is a right answer
(its URL or an action's, as `../shared/eval/run_eval.py` counts a hit). `train` then re-ranks those
results offline for any weights: pinned results stay first in their order, the rest are sorted
by the weighted score, and the answer card's article stays last. It maximises MRR@10 by coordinate ascent (Metzler and Croft, "Linear
feature-based models for information retrieval", 2007): one weight at a time over a coarse grid,
keeping a new value only when it gains at least `--min-gain` MRR, preferring the value nearest the
current one among equals, for a few passes. Few weights, a coarse grid and a minimum gain keep it
from fitting a hundred questions' noise. The offline re-ranking is an approximation (the answer
card, which can move an article within the list, is taken as it was; `bridge` changes which
terms match, so it is not learned here): confirm what it finds with the real engine by putting
the weights in `[ranking]` and scoring both held-out halves.

Standard library only.
"""
import argparse
import csv
import json
import sys
import urllib.parse
import urllib.request

DEFAULTS = {
    "coverage": 2.0,
    "title": 1.0,
    "proximity": 0.5,
    "category": 1.0,
    "language": 1.0,
    "bureau_named": 1.0,
    "bureau_home": 1.0,
    "routed": 1.0,
    "recency": 1.0,
    "keyword": 1.0,
}

# The coarse grid each weight is searched over. Exponents from "off" to "twice as strong";
# coverage around its square; proximity from none to as much as the words themselves.
GRID = {
    "coverage": [1.0, 1.5, 2.0, 2.5, 3.0, 4.0],
    "title": [0.0, 0.5, 1.0, 1.5, 2.0, 3.0],
    "proximity": [0.0, 0.25, 0.5, 1.0, 2.0],
    "category": [0.0, 0.5, 1.0, 1.5, 2.0, 3.0],
    "language": [0.0, 0.5, 1.0, 1.5, 2.0, 3.0],
    "bureau_named": [0.0, 0.5, 1.0, 1.5, 2.0],
    "bureau_home": [0.0, 0.5, 1.0, 1.5, 2.0],
    "routed": [0.0, 0.5, 1.0, 1.5, 2.0],
    "recency": [0.0, 0.5, 1.0, 1.5, 2.0],
    "keyword": [0.0, 0.5, 1.0, 1.5, 2.0, 3.0],
}


def norm(u):
    p = urllib.parse.urlsplit(u)
    path = p.path.rstrip("/") or "/"
    return f"{p.scheme}://{p.netloc}{path}".lower()


def weighted(factor, weight):
    if weight == 1.0:
        return factor
    if weight == 0.0:
        return 1.0
    return factor ** weight


def score(r, w):
    """The weighted score of one result (`r`: its factors, lift and listing weight)."""
    f = r["factors"]
    relevance = (f["bm25"] + w["proximity"] * f["proximity"]) * weighted(1.0 + f["title_coverage"], w["title"])
    if f.get("home_floor"):
        relevance = max(relevance, 20.0)
    prior = 1.0
    for key in ("category", "language", "bureau_named", "bureau_home", "routed", "recency", "keyword"):
        prior *= weighted(f.get(key, 1.0), w[key])
    return relevance * f["coverage"] ** w["coverage"] * prior * r["lift"] * r["listing_weight"]


def rerank(question, w):
    """The results of one question in the order the weights `w` give them: pinned results first,
    then the ranked ones by score, the answer card's own article last (where the list puts it)."""
    pinned = [r for r in question["results"] if r["pinned"]]
    ranked = [r for r in question["results"] if not r["pinned"] and not r.get("card")]
    card = [r for r in question["results"] if not r["pinned"] and r.get("card")]
    ranked.sort(key=lambda r: (-score(r, w), r["key"]))
    return pinned + ranked + card


def metrics(questions, w):
    """S@1, S@3 and MRR@10 over the questions with an expected answer."""
    s1 = s3 = mrr = 0.0
    n = 0
    for q in questions:
        if not q["has_expected"]:
            continue
        n += 1
        for i, r in enumerate(rerank(q, w)[:10]):
            if r["hit"]:
                s1 += i == 0
                s3 += i < 3
                mrr += 1.0 / (i + 1)
                break
    n = max(1, n)
    return {"S@1": s1 / n, "S@3": s3 / n, "MRR@10": mrr / n}


def coordinate_ascent(questions, start, keys, passes, min_gain, log=print):
    """Weights maximising MRR@10, one at a time over GRID, from `start`."""
    w = dict(start)
    best = metrics(questions, w)["MRR@10"]
    for p in range(passes):
        moved = False
        for key in keys:
            current = w[key]
            options = []
            for value in GRID[key]:
                trial = dict(w, **{key: value})
                options.append((metrics(questions, trial)["MRR@10"], -abs(value - current), value))
            mrr, _, value = max(options)
            if value != current and mrr >= best + min_gain:
                log(f"pass {p + 1}: {key} {current} -> {value}: MRR@10 {best:.3f} -> {mrr:.3f}")
                w[key], best, moved = value, mrr, True
        if not moved:
            break
    return w, best


def fetch(a):
    hosts = dict(h.split("=", 1) for h in a.host)
    real = {"www": "https://www.portland.gov", "legacy": "https://www.portlandoregon.gov"}
    to_fixture = {norm(origin + "/").rstrip("/"): norm(hosts[name] + "/").rstrip("/")
                  for name, origin in real.items() if name in hosts}

    def fixture_url(u):
        n = norm(u)
        for origin, fixture in to_fixture.items():
            if n == origin or n.startswith(origin + "/"):
                return fixture + n[len(origin):]
        return n

    out = []
    for row in csv.DictReader(open(a.queries, encoding="utf-8"), delimiter="\t"):
        expected = set()
        for e in filter(None, (row.get("expected") or "").split("|")):
            host, path = e.split(":", 1)
            expected.add(norm(hosts[host] + path))
        url = f"{a.api.rstrip('/')}/api/search?" + urllib.parse.urlencode({"q": row["query"], "limit": 50, "debug": 1})
        with urllib.request.urlopen(url, timeout=60) as resp:
            body = json.loads(resp.read().decode("utf-8"))
        card = (body.get("answer") or {}).get("slug")
        results = []
        for res in body.get("results") or []:
            why = res.get("explain") or {}
            ranked = why.get("ranked")
            urls = {norm(res.get("url", ""))} | {fixture_url(x.get("url", "")) for x in res.get("actions") or []}
            results.append({
                "key": ranked["group"] if ranked else res.get("url", ""),
                "pinned": ranked is None,
                "card": card is not None and ranked is not None and ranked["group"] == f"article:{card}",
                "hit": bool(expected & urls),
                "factors": ranked["factors"] if ranked else None,
                "lift": ranked["lift"] if ranked else 1.0,
                "listing_weight": ranked["listing_weight"] if ranked else 1.0,
            })
        out.append({"id": row["id"], "has_expected": bool(expected), "results": results})
    json.dump(out, open(a.out, "w", encoding="utf-8"))
    print(f"{len(out)} questions written to {a.out}")


def parse_sets(sets):
    w = dict(DEFAULTS)
    for s in sets or []:
        key, value = s.split("=", 1)
        if key not in w:
            sys.exit(f"unknown weight {key!r}: one of {', '.join(w)}")
        w[key] = float(value)
    return w


def fmt(m):
    return " ".join(f"{k} {v:.3f}" for k, v in m.items())


def train(a):
    questions = json.load(open(a.factors, encoding="utf-8"))
    start = parse_sets(a.set)
    keys = a.keys.split(",") if a.keys else list(GRID)
    print(f"start: {fmt(metrics(questions, start))}")
    if a.folds > 1:
        # How much of what the ascent finds carries over to questions it did not see: train on
        # all folds but one, score the one left out.
        for k in range(a.folds):
            seen = [q for i, q in enumerate(questions) if i % a.folds != k]
            unseen = [q for i, q in enumerate(questions) if i % a.folds == k]
            w, _ = coordinate_ascent(seen, start, keys, a.passes, a.min_gain, log=lambda _: None)
            moved = {key: v for key, v in w.items() if v != start[key]} or "nothing"
            print(f"fold {k + 1}/{a.folds}: learned {moved}; left-out questions "
                  f"{fmt(metrics(unseen, start))} -> {fmt(metrics(unseen, w))}")
    w, _ = coordinate_ascent(questions, start, keys, a.passes, a.min_gain)
    print(f"learned: {fmt(metrics(questions, w))}")
    print("[ranking]")
    for key, value in w.items():
        if value != DEFAULTS[key]:
            print(f"{key} = {value}")


def score_cmd(a):
    questions = json.load(open(a.factors, encoding="utf-8"))
    print(fmt(metrics(questions, parse_sets(a.set))))


def self_test():
    """A synthetic case: the right page has fewer words matched but a title that says it, so a
    stronger title weight brings it first; the ascent must find that, and leave the rest alone."""
    def result(key, hit, bm25, coverage, title):
        f = dict(bm25=bm25, proximity=0.0, title_coverage=title, coverage=coverage, home_floor=False,
                 category=1.0, language=1.0, bureau_named=1.0, bureau_home=1.0, routed=1.0,
                 recency=1.0, keyword=1.0)
        return {"key": key, "pinned": False, "hit": hit, "factors": f, "lift": 1.0, "listing_weight": 1.0}
    questions = [{"id": f"q{i}", "has_expected": True, "results": [
        result("wrong", False, 10.0, 1.0, 0.0),
        result("right", True, 9.0, 0.9, 1.0),
    ]} for i in range(3)]
    # Defaults: right = 9 x 2 x 0.81 = 14.6 beats 10: already first.
    assert metrics(questions, DEFAULTS)["S@1"] == 1.0
    # Title off: right = 9 x 0.81 = 7.3 loses to 10.
    assert metrics(questions, dict(DEFAULTS, title=0.0))["S@1"] == 0.0
    # From title off, the ascent turns the title back on and changes nothing else.
    w, best = coordinate_ascent(questions, dict(DEFAULTS, title=0.0), list(GRID), 3, 0.005, log=lambda _: None)
    assert best == 1.0 and w["title"] > 0.0, w
    assert all(w[k] == DEFAULTS[k] for k in DEFAULTS if k != "title"), w
    # A pinned result stays first whatever the weights.
    pinned = {"key": "pin", "pinned": True, "hit": False, "factors": None, "lift": 1.0, "listing_weight": 1.0}
    q = {"id": "p", "has_expected": True, "results": [pinned] + questions[0]["results"]}
    assert rerank(q, DEFAULTS)[0]["key"] == "pin"
    assert metrics([q], DEFAULTS)["MRR@10"] == 0.5
    print("self-test passed")


def main():
    if "--self-test" in sys.argv[1:]:
        self_test()
        return
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    f = sub.add_parser("fetch", help="ask the server once per question and keep each result's factors")
    f.add_argument("--api", required=True)
    f.add_argument("--queries", required=True)
    f.add_argument("--host", action="append", default=[], help="name=base URL of a fixture host")
    f.add_argument("--out", required=True)
    t = sub.add_parser("train", help="coordinate ascent on MRR@10 over fetched factors")
    t.add_argument("--factors", required=True)
    t.add_argument("--passes", type=int, default=3)
    t.add_argument("--min-gain", type=float, default=0.01,
                   help="least MRR@10 gain that moves a weight (0.01: about one question moved to rank 1)")
    t.add_argument("--folds", type=int, default=0, help="also report K-fold cross-validation")
    t.add_argument("--keys", help="comma-separated weights to learn (default: all but bridge)")
    t.add_argument("--set", action="append", help="start from KEY=VALUE instead of the default")
    s = sub.add_parser("score", help="S@1, S@3 and MRR@10 of fetched factors under some weights")
    s.add_argument("--factors", required=True)
    s.add_argument("--set", action="append", help="KEY=VALUE")
    a = ap.parse_args()
    {"fetch": fetch, "train": train, "score": score_cmd}[a.cmd](a)


if __name__ == "__main__":
    main()
