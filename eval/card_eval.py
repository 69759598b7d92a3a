#!/usr/bin/env python3
"""Answer-card check: run a TSV of questions against a running firststop server and score the
answer card alone (not the results list).

  eval/card_eval.py --api http://127.0.0.1:8080 [--queries eval/card-queries.tsv] [--verbose]

TSV columns: id, lang, query, card: the slugs of the articles that may be the card, joined by
`|`, where `-` stands for no card. `-` alone: the question should get no card (the City has no
article for it, or it is not a question at all); `-|when-to-call-911`: an emergency, where the
card is about the emergency or absent. The `lang` column is never sent.

Prints one line:
  n          questions
  shown      questions that got a card
  precision  cards that are allowed / cards shown
  right      questions that need a card (no `-`) and got an allowed one
  none_kept  questions that should get none (`-` alone) and got none
  wrong      cards shown that are not allowed
  notices    questions that got the 911 notice
  notice_recall  emergencies (rows allowing `when-to-call-911`) that got the 911 notice
  false_alarms   other questions that got it
  filler_none    questions without content (ids starting `f`: question words, filler, generic
                 verbs) that got no card
Standard library only.
"""
import argparse, csv, json, sys, urllib.parse, urllib.request


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--api", required=True)
    ap.add_argument("--queries", default="eval/card-queries.tsv")
    ap.add_argument("--verbose", action="store_true")
    a = ap.parse_args()
    rows = list(csv.DictReader(open(a.queries, encoding="utf-8"), delimiter="\t"))
    shown = allowed_shown = right = need = none_kept = none_total = wrong = notices = 0
    emergencies = caught = false_alarms = 0
    filler = filler_none = 0
    for r in rows:
        url = f"{a.api.rstrip('/')}/api/search?" + urllib.parse.urlencode({"q": r["query"], "limit": 10})
        with urllib.request.urlopen(url, timeout=30) as resp:
            body = json.loads(resp.read().decode("utf-8"))
        card = (body.get("answer") or {}).get("slug")
        allowed = set(r["card"].strip().split("|"))
        notice = bool(body.get("emergency"))
        notices += notice
        if "when-to-call-911" in allowed:
            emergencies += 1
            caught += notice
        else:
            false_alarms += notice
        if card:
            shown += 1
            if card in allowed:
                allowed_shown += 1
            else:
                wrong += 1
        if r["id"].startswith("f"):
            filler += 1
            filler_none += card is None
        if "-" not in allowed:
            need += 1
            right += card in allowed
        elif allowed == {"-"}:
            none_total += 1
            none_kept += card is None
        ok = (card in allowed) if card else ("-" in allowed)
        ok = ok and notice == ("when-to-call-911" in allowed)
        if a.verbose and not ok:
            print(f"  {r['id']} {r['lang']} q={r['query']!r} want={r['card']} got={card} notice={notice}", file=sys.stderr)
    precision = allowed_shown / shown if shown else 1.0
    print(f"label=cards n={len(rows)} shown={shown} precision={precision:.3f} right={right}/{need} "
          f"none_kept={none_kept}/{none_total} wrong={wrong} notices={notices} "
          f"notice_recall={caught}/{emergencies} false_alarms={false_alarms} "
          f"filler_none={filler_none}/{filler}")


if __name__ == "__main__":
    main()
