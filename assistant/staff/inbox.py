"""The inbox: a page of cases in one tab (open / waiting / resolved), with the count of every tab, search
over transcripts and messages, and filters. One indexed query for the page, one grouped count."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Literal

from sqlalchemy import Text, func, select, type_coerce
from sqlalchemy.engine import Engine
from sqlalchemy.orm import defer, sessionmaker

from assistant.staff.cases import OPEN, RESOLVED, WAITING, summary
from assistant.staff.headline import headline
from assistant.storage.schema import HandoffRow, now

Tab = Literal["open", "waiting", "resolved"]
Age = Literal["day", "week", "older"]
TABS: tuple[str, ...] = (OPEN, WAITING, RESOLVED)


@dataclass(frozen=True)
class InboxQuery:
    tab: Tab = "open"
    q: str | None = None
    reason: str | None = None
    outcome: str | None = None
    country: str | None = None
    item: str | None = None
    age: Age | None = None
    assigned_to: str | None = None  # a staff name, or "" for unassigned
    page: int = 1
    per_page: int = 25


class Inbox:
    def __init__(self, engine: Engine, country_name: Callable[[str], str]) -> None:
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self._country_name = country_name

    def list(self, query: InboxQuery) -> dict[str, Any]:
        with self._sessions() as session:
            rows = session.scalars(
                _filtered(select(HandoffRow), query)
                .where(HandoffRow.status == query.tab)
                .options(defer(HandoffRow.search_text))
                .order_by(HandoffRow.updated_at.desc(), HandoffRow.id.desc())
                .offset((query.page - 1) * query.per_page)
                .limit(query.per_page)
            ).all()
            grouped = session.execute(
                _filtered(select(HandoffRow.status, func.count()), query).group_by(HandoffRow.status)
            ).all()
        counts = {tab: 0 for tab in TABS}
        counts.update({status: int(n) for status, n in grouped if status in counts})
        return {
            "items": [self._item(row) for row in rows],
            "counts": counts,
            "total": counts[query.tab],
            "page": query.page,
            "per_page": query.per_page,
        }

    def _item(self, row: HandoffRow) -> dict[str, Any]:
        item = summary(row)
        item["headline"] = self.headline(item, row.packet or {})
        return item

    def headline(self, case: dict[str, Any], packet: dict[str, Any]) -> str:
        transcript = packet.get("transcript") or [{}]
        return headline(case, transcript[0].get("question", ""), self._country_name)


def _filtered(statement: Any, query: InboxQuery) -> Any:
    """`statement` (a Select of rows or of grouped counts) narrowed by the query's search and filters."""
    if query.q and query.q.strip():
        # The search text is stored lower-cased; the query is compared as plain text (not re-redacted).
        needle = " ".join(query.q.lower().split())
        statement = statement.where(type_coerce(HandoffRow.search_text, Text).contains(needle, autoescape=True))
    for column, value in (
        (HandoffRow.reason, query.reason),
        (HandoffRow.outcome, query.outcome),
        (HandoffRow.country, query.country.upper() if query.country else None),
        (HandoffRow.item, query.item),
    ):
        if value:
            statement = statement.where(column == value)
    if query.assigned_to is not None:
        statement = statement.where(
            HandoffRow.assigned_to == query.assigned_to if query.assigned_to else HandoffRow.assigned_to.is_(None)
        )
    if query.age:
        day, week = now() - timedelta(days=1), now() - timedelta(days=7)
        bounds = {"day": HandoffRow.created_at >= day, "week": HandoffRow.created_at >= week}
        statement = statement.where(bounds.get(query.age, HandoffRow.created_at < week))
    return statement
