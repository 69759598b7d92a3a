#!/usr/bin/env python3
"""Answer-card precision on a relevance query file (the format of `../shared/eval/run_eval.py`:
id, lang, query, expected, ...), against a running firststop server.

  eval/card_precision.py --api http://127.0.0.1:8080 --queries eval/heldout2-test.tsv [--verbose]

`expected` lists the right answers as `host:path` joined by `|` (`www:/civic/report-graffiti`).
A card counts as right when the card's own URL or one of its web actions' URLs has the path of an
expected answer: the article is the answer, or it sends the resident straight to it. Paths are
compared without host, trailing slash or a leading language segment (`/es/bps/x` is `/bps/x`:
the same page in another language), lowercased.

Prints one line:
  n          questions
  shown      questions that got a card (share in brackets)
  precision  right cards / cards shown
  right      cards that lead to an expected answer
  wrong      cards that do not
Standard library only; the `lang` column is never sent.
"""
import argparse, csv, json, re, sys, urllib.parse, urllib.request

LANG_SEGMENT = re.compile(r"^/(en|es|vi|zh-hans|zh-hant|ru|uk|so|ar|ja|ko|ro|ne|km|lo|fil|chk)(/|$)")


def path_of(url):
    """The comparable path of a URL or of an expected `host:path`."""
    if re.match(r"^[a-z]+:/", url) and not url.startswith(("http:", "https:")):
        path = url.split(":", 1)[1]
    else:
        path = urllib.parse.urlsplit(url).path
    path = LANG_SEGMENT.sub("/", path.lower()).rstrip("/")
    return path or "/"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--api", required=True)
    ap.add_argument("--queries", required=True)
    ap.add_argument("--verbose", action="store_true")
    a = ap.parse_args()
    rows = list(csv.DictReader(open(a.queries, encoding="utf-8"), delimiter="\t"))
    shown = right = 0
    for r in rows:
        url = f"{a.api.rstrip('/')}/api/search?" + urllib.parse.urlencode({"q": r["query"], "limit": 10})
        with urllib.request.urlopen(url, timeout=30) as resp:
            body = json.loads(resp.read().decode("utf-8"))
        card = body.get("answer")
        if not card:
            continue
        shown += 1
        expected = {path_of(e) for e in r["expected"].split("|") if e.strip()}
        links = [card.get("url", "")] + [x.get("url", "") for x in card.get("actions") or []]
        ok = any(path_of(u) in expected for u in links if u.startswith(("http", "/")))
        right += ok
        if a.verbose and not ok:
            print(f"WRONG {r['id']}: {r['query']!r} -> {card.get('url')}", file=sys.stderr)
    n = len(rows)
    precision = right / shown if shown else 1.0
    print(f"n={n} shown={shown} ({shown / max(n, 1):.2f}) precision={precision:.3f} right={right} wrong={shown - right}")


if __name__ == "__main__":
    main()
