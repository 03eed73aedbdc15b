"""Command line: `python -m assistant index | ask | check | serve`."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from assistant.errors import AssistantError, CorpusError, IndexNotReady, InvalidInput
from assistant.settings import Settings
from assistant.wiring import Services


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m assistant", description="The exporters' assistant.")
    commands = parser.add_subparsers(dest="command", required=True)

    index = commands.add_parser("index", help="build or refresh the search index from knowledge/documents")
    index.add_argument("--force", action="store_true", help="rebuild even if no document changed")
    index.add_argument("--if-missing", action="store_true", help="only build when no index exists yet")
    progress = index.add_mutually_exclusive_group()
    progress.add_argument("--progress", dest="progress", action="store_true", default=None)
    progress.add_argument("--no-progress", dest="progress", action="store_false")

    ask = commands.add_parser("ask", help="answer one question from the index, with citations")
    ask.add_argument("question")
    ask.add_argument("--json", action="store_true", help="print the HTTP API's response object")
    return parser


def _index(services: Services, args: argparse.Namespace) -> int:
    if args.if_missing and services.index.is_ready():
        print("index present; nothing to do")
        return 0
    report = services.builder(progress=args.progress).build(force=args.force)
    if report.up_to_date:
        print(
            f"index up to date: build {report.build_id}, {report.documents} documents, {report.chunks} chunks"
        )
        return 0
    print(
        f"built {report.build_id}: {report.documents} documents, {report.chunks} chunks, "
        f"{report.sentences} sentences; embedded {report.embedded} texts, reused {report.reused}; "
        f"{report.seconds:.1f} s ({report.texts_per_second:.1f} texts/s embedded)"
    )
    return 0


def _ask(services: Services, args: argparse.Namespace) -> int:
    services.index.snapshot()  # raises IndexNotReady with the command to run
    response, _ = services.turns.handle(args.question)
    if args.json:
        print(response.model_dump_json(indent=2))
        return 0
    print(response.answer)
    if response.citations:
        print("\nSources:")
        for c in response.citations:
            print(f"  [{c.ref}] {c.title}, section '{c.section}' (as of {c.as_of}) {c.url}")
    print(f"\nstatus: {response.status.value}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    services = Services(Settings())
    try:
        if args.command == "index":
            return _index(services, args)
        if args.command == "ask":
            return _ask(services, args)
    except CorpusError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except IndexNotReady as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except InvalidInput as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except AssistantError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 2


def dump(obj: object) -> str:
    return json.dumps(obj, indent=2, default=str)
