"""`python -m assistant knowledge check`: stale, lapsed, unlinked or conflicting knowledge (ADR 0042).

Errors are what makes a citation untrustworthy today (a link outside the allowed classes, a malformed
host, a rule citing text that is gone, two current values for one figure); warnings are what needs a
person's attention soon (a document not checked lately, a fact that has lapsed or is about to, a figure
repeated in several documents that must be kept in step).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Literal

import yaml

from assistant.corpus.links import host_problems
from assistant.corpus.loader import SIDECAR_SUFFIX, document_paths, load_corpus
from assistant.corpus.markdown import split_front_matter
from assistant.corpus.models import Document
from assistant.eligibility.ruleset import rule_citations
from assistant.errors import CorpusError
from assistant.knowledge.config import KnowledgeConfig
from assistant.knowledge.figures import compare
from assistant.knowledge.notes import time_state
from assistant.knowledge.sources import SourceClasses
from assistant.yaml_data import load_yaml

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Finding:
    severity: Severity
    kind: str
    where: str
    message: str


@dataclass
class CheckReport:
    today: date
    findings: list[Finding] = field(default_factory=list)
    summary: dict[str, Any] = field(default_factory=dict)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "warning"]

    def add(self, severity: Severity, kind: str, where: str, message: str) -> None:
        self.findings.append(Finding(severity, kind, where, message))

    def to_text(self) -> str:
        lines = [f"{f.severity.upper():8}{f.kind:24}{f.where}: {f.message}" for f in self.findings]
        s = self.summary
        lines.append(
            f"{s.get('documents', 0)} documents ({s.get('documents_checked', 0)} checked), "
            f"{s.get('sections', 0)} sections linked {s.get('linked_by_class', {})}, "
            f"{s.get('time_bound_facts', 0)} time-bound facts ({s.get('lapsed_facts', 0)} lapsed) on {self.today}: "
            f"{len(self.errors)} errors, {len(self.warnings)} warnings"
        )
        return "\n".join(lines)

    def to_json(self) -> dict[str, Any]:
        return {
            "today": self.today.isoformat(),
            "errors": len(self.errors),
            "warnings": len(self.warnings),
            "summary": self.summary,
            "findings": [asdict(f) for f in self.findings],
        }


def check_knowledge(knowledge_dir: Path, config_dir: Path, today: date) -> CheckReport:
    report = CheckReport(today)
    config = KnowledgeConfig.load(config_dir)
    classes = SourceClasses.load(config_dir)
    folder = knowledge_dir / "documents"
    _malformed_hosts(folder, report)
    try:
        documents = load_corpus(folder)
    except CorpusError as exc:
        report.add("error", "corpus_error", str(exc.path), exc.problem)
        return report
    _dates(documents, config, today, report)
    _links(documents, classes, report)
    if (knowledge_dir / "rules").is_dir():
        _rules(knowledge_dir / "rules", documents, today, report)
    _figures(documents, config, report)
    return report


def _raw_urls(path: Path) -> list[tuple[str, str]]:
    """(field, url) of every URL a document's front matter (or sidecar) spells, before normalising."""
    if path.suffix.lower() == ".md":
        meta, _ = split_front_matter(path, path.read_text(encoding="utf-8"))
    else:
        sidecar = path.with_name(path.name + SIDECAR_SUFFIX)
        meta = load_yaml(sidecar.read_text(encoding="utf-8")) if sidecar.exists() else {}
    urls = [("official_url", meta["official_url"])] if isinstance(meta.get("official_url"), str) else []
    for source in meta.get("sources") or []:
        if isinstance(source, dict) and isinstance(source.get("url"), str):
            urls.append((f"source {source.get('id') or source.get('title')}", source["url"]))
    return urls


def _malformed_hosts(folder: Path, report: CheckReport) -> None:
    count = 0
    for path in document_paths(folder):
        try:
            urls = _raw_urls(path)
        except (CorpusError, yaml.YAMLError):
            continue  # load_corpus reports the file
        for where, url in urls:
            problems = host_problems(url)
            if problems:
                count += 1
                report.add("error", "malformed_host", f"{path.name} ({where})", f"{url}: {'; '.join(problems)}")
    report.summary["malformed_hosts"] = count


def _dates(documents: list[Document], config: KnowledgeConfig, today: date, report: CheckReport) -> None:
    checked = 0
    lapsed = lapsing = facts = 0
    for doc in documents:
        if doc.meta.checked is None:
            report.add("warning", "not_checked", doc.id, "never checked against its primary sources")
        else:
            checked += 1
            age = (today - doc.meta.checked).days
            if age > config.stale_after_days:
                report.add(
                    "warning",
                    "stale",
                    doc.id,
                    f"last checked {doc.meta.checked} ({age} days ago; limit {config.stale_after_days})",
                )
        for section in doc.sections:
            for fact in section.time_bound:
                facts += 1
                state = time_state(fact, today, config.lapse_window_days)
                where = f"{doc.id}#{section.anchor}"
                if state == "lapsed":
                    lapsed += 1
                    report.add(
                        "warning", "lapsed_fact", where, f"{fact.kind} ended {fact.until}: {fact.sentence[:120]}"
                    )
                elif state == "lapsing":
                    lapsing += 1
                    report.add(
                        "warning", "lapsing_fact", where, f"{fact.kind} ends {fact.until}: {fact.sentence[:120]}"
                    )
    report.summary.update(
        documents=len(documents),
        documents_checked=checked,
        time_bound_facts=facts,
        lapsed_facts=lapsed,
        lapsing_facts=lapsing,
    )


def _links(documents: list[Document], classes: SourceClasses, report: CheckReport) -> None:
    by_class: Counter[str] = Counter()
    used_exceptions: set[tuple[str, str]] = set()
    official = 0
    for doc in documents:
        if doc.meta.official_url:
            official += 1
            owner = classes.classify(doc.meta.official_url)
            if owner is None or owner.class_id not in {"agency", "regulation", "intergovernmental"}:
                report.add(
                    "error", "official_url_outside", doc.id, f"{doc.meta.official_url} is not an agency or law page"
                )
        for section in doc.sections:
            url = doc.section_url(section)
            found = classes.classify(url)
            ref = f"{doc.id}#{section.anchor}"
            if found is not None:
                by_class[found.class_id] += 1
            elif classes.exception(ref, url):
                by_class["listed_exception"] += 1
                used_exceptions.add((ref, url))
            else:
                by_class["outside"] += 1
                report.add("error", "link_outside_classes", ref, f"links {url}, outside the allowed source classes")
    for ref, url in sorted(set(classes.exceptions) - used_exceptions):
        report.add("warning", "unused_exception", ref, f"listed exception {url} is no longer linked")
    report.summary.update(sections=sum(by_class.values()), linked_by_class=dict(by_class), official_urls=official)


def _rules(rules_dir: Path, documents: list[Document], today: date, report: CheckReport) -> None:
    sections = {(d.id, s.anchor): s for d in documents for s in d.sections}
    for where, citation, problem in rule_citations(rules_dir, documents):
        if citation is None:
            report.add("error", "rule_citation_missing", where, problem or "cannot be resolved")
            continue
        section = sections[(citation.doc_id, citation.section)]
        for fact in section.time_bound:
            if fact.sentence == citation.quote and time_state(fact, today, 0) == "lapsed":
                report.add("warning", "rule_cites_lapsed", where, f"quotes a {fact.kind} that ended {fact.until}")


def _figures(documents: list[Document], config: KnowledgeConfig, report: CheckReport) -> None:
    for subject in config.figures:
        result = compare(subject, documents, config.conflict_flags)
        if result.conflicting:
            said = "; ".join(
                f"{value} in {', '.join(sorted({f'{s.doc_id}#{s.section}' for s in found}))}"
                for value, found in sorted(result.conflicting.items())
            )
            report.add("error", "conflicting_figures", subject.subject, f"different current values: {said}")
        elif result.repeated:
            docs = sorted({s.doc_id for s in result.repeated})
            report.add(
                "warning",
                "repeated_figure",
                subject.subject,
                f"{result.repeated[0].value} is stated in {len(docs)} documents ({', '.join(docs)}); keep them in step",
            )
    report.summary["figures_watched"] = len(config.figures)
