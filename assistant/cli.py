"""Command line: `python -m assistant index | ask | check | serve`."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from assistant.eligibility.engine import InvalidFacts
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
    serve = commands.add_parser("serve", help="serve the API and the web pages")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=None, help="server processes (default: WORKERS, or one per core)")

    staff = commands.add_parser("staff", help="manage help-desk staff tokens")
    staff_commands = staff.add_subparsers(dest="staff_command", required=True)
    create = staff_commands.add_parser("create-token", help="create a token for NAME and print it once")
    create.add_argument("name")
    revoke = staff_commands.add_parser("revoke", help="revoke NAME's token")
    revoke.add_argument("name")

    conversations = commands.add_parser("conversations", help="look after stored conversations")
    conversation_commands = conversations.add_subparsers(dest="conversations_command", required=True)
    conversation_commands.add_parser(
        "purge", help="delete conversations past CONVERSATION_RETENTION_DAYS (the server also does this hourly)"
    )

    check = commands.add_parser("check", help="check a deal's eligibility from a JSON file of DealFacts")
    check.add_argument("facts_file", help="path to a JSON object of DealFacts ('-' for stdin)")

    knowledge = commands.add_parser("knowledge", help="look after the knowledge folder")
    knowledge_commands = knowledge.add_subparsers(dest="knowledge_command", required=True)
    kcheck = knowledge_commands.add_parser(
        "check", help="stale, lapsed, unlinked or conflicting knowledge; errors exit 1, warnings 0"
    )
    kcheck.add_argument("--today", type=date.fromisoformat, help="the day to judge on (YYYY-MM-DD; default today)")
    kcheck.add_argument("--json", action="store_true", help="print the findings as JSON")
    return parser


def _serve(services: Services, args: argparse.Namespace) -> int:
    import uvicorn

    from api.app import create_app
    from api.main import one_model_thread
    from assistant.serving import reuseport_available, serve_workers

    services.index.snapshot()  # refuse to start without an index: `make run` builds one first
    workers = args.workers or services.settings.serving.workers
    # proxy_headers=False: X-Forwarded-For is read by the app, and only from TRUSTED_PROXIES (api/client.py).
    options = {"host": args.host, "port": args.port, "log_level": "info", "proxy_headers": False}
    if workers == 1:
        one_model_thread()
        uvicorn.run(create_app(services), **options)
    else:
        # Each worker builds its own app from the environment; they share the index build, the database
        # and (when set) Redis, and each picks up a new index build on its next request.
        os.environ["WORKERS"] = str(workers)
        if reuseport_available() and args.port:
            # One socket per worker spreads keep-alive clients over the workers (ADR 0059).
            host, port = options.pop("host"), options.pop("port")
            serve_workers(host, port, workers, options)
        else:
            uvicorn.run("api.main:app", factory=True, workers=workers, **options)
    return 0


def _staff(services: Services, args: argparse.Namespace) -> int:
    if args.staff_command == "create-token":
        token = services.staff.create_token(args.name)
        print(token)
        print(f"token for {args.name!r} created; it is shown only once and stored hashed", file=sys.stderr)
        return 0
    if services.staff.revoke(args.name):
        print(f"revoked the token of {args.name!r}")
        return 0
    print(f"error: {args.name!r} has no active token", file=sys.stderr)
    return 1


def _check(services: Services, args: argparse.Namespace) -> int:
    raw = sys.stdin.read() if args.facts_file == "-" else Path(args.facts_file).read_text(encoding="utf-8")
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        print(f"error: {args.facts_file} is not valid JSON: {exc}", file=sys.stderr)
        return 2
    engine = services.eligibility
    result = engine.check(engine.parse_facts(data))
    print(result.model_dump_json(indent=2))
    return 0


def _index(services: Services, args: argparse.Namespace) -> int:
    if args.if_missing and services.index.is_ready():
        print("index present; nothing to do")
        return 0
    report = services.builder(progress=args.progress).build(force=args.force)
    if report.up_to_date:
        print(f"index up to date: build {report.build_id}, {report.documents} documents, {report.chunks} chunks")
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
            print(f"  [{c.ref}] {c.title}, section '{c.section}' ({c.dated or f'as of {c.as_of}'}) {c.url}")
    print(f"\nstatus: {response.status.value}")
    return 0


def _knowledge(services: Services, args: argparse.Namespace) -> int:
    from assistant.knowledge.check import check_knowledge

    paths = services.settings.paths
    report = check_knowledge(paths.knowledge_dir, paths.config_dir, args.today or date.today())
    print(json.dumps(report.to_json(), indent=2) if args.json else report.to_text())
    return 1 if report.errors else 0


def _conversations(services: Services, args: argparse.Namespace) -> int:
    deleted = services.owners.purge()
    days = services.settings.conversation_retention_days
    print(f"deleted {deleted} conversations with no activity in the last {days} days")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    services = Services(Settings())
    commands = {
        "index": _index,
        "ask": _ask,
        "serve": _serve,
        "check": _check,
        "staff": _staff,
        "knowledge": _knowledge,
        "conversations": _conversations,
    }
    try:
        return commands[args.command](services, args)
    except InvalidFacts as exc:
        for problem in exc.errors:
            print(f"error: {problem['field']}: {problem['message']}", file=sys.stderr)
        return 2
    except (CorpusError, IndexNotReady, InvalidInput, OSError) as exc:  # the caller can fix these
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except AssistantError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
