"""Where answers point: run test sets, collect every link the answers cite, classify it (issue 13).

    python -m evals.links --set evals/sets/chat.jsonl [--set …] [--out reports/links.json]

Each cited URL is classified by config/sources.yaml (agency, regulation, intergovernmental, news, law
firm, or outside every class) and checked for a malformed host (trailing dot, default port …).
Counts are over citations (a link cited twice in one answer counts once). It also counts quoted
sentences marked as time-bound whose end date has passed, and how many of them reached the reader
without a note in the answer (the goal is none).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

from assistant.corpus.links import host_of, host_problems
from assistant.knowledge.notes import time_state
from assistant.knowledge.sources import SourceClasses
from assistant.settings import Settings
from assistant.wiring import Services
from evals.cases import load_cases
from evals.runner import InProcessTarget, observe


def classify_links(urls: list[str], classes: SourceClasses) -> dict[str, Any]:
    by_class: Counter[str] = Counter()
    outside: Counter[str] = Counter()
    malformed: Counter[str] = Counter()
    for url in urls:
        found = classes.classify(url)
        by_class[found.class_id if found else "outside"] += 1
        if found is None:
            outside[host_of(url)] += 1
        if host_problems(url):
            malformed[url] += 1
    total = len(urls)
    allowed = total - by_class["outside"]
    return {
        "links": total,
        "allowed": allowed,
        "allowed_share": round(allowed / total, 3) if total else None,
        "malformed": sum(malformed.values()),
        "by_class": dict(by_class.most_common()),
        "outside_hosts": dict(outside.most_common()),
        "malformed_urls": dict(malformed.most_common()),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evals.links", description=__doc__.splitlines()[0])
    parser.add_argument("--set", type=Path, action="append", required=True)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)
    settings = Settings()
    services = Services(settings)
    classes = SourceClasses.load(settings.paths.config_dir)
    target = InProcessTarget(services)
    urls: list[str] = []
    answered = lapsed = unnoted = 0
    snapshot = services.index.snapshot()
    today = date.today()
    for path in args.set:
        for case in load_cases(path):
            if not case.turns:
                continue  # facts sent straight to the engine: no answer text, no links
            seen = observe(target, case)
            cited = list(dict.fromkeys(c["url"] for c in seen.citations))
            answered += bool(cited)
            urls += cited
            for citation in seen.citations:
                for chunk_id in snapshot.section_chunks.get((citation["doc_id"], citation["section"]), []):
                    for fact in snapshot.get(chunk_id).chunk.time_bound:
                        if fact.sentence in citation["quote"] and time_state(fact, today, 0) == "lapsed":
                            lapsed += 1
                            note = citation.get("note")
                            unnoted += not (note and note in seen.answer)
    summary = {
        "answers_with_links": answered,
        **classify_links(urls, classes),
        "lapsed_facts_served": lapsed,
        "lapsed_facts_served_without_note": unnoted,
    }
    text = json.dumps(summary, indent=2)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text + "\n")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
