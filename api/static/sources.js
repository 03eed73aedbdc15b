// An answer's sources as people read them: one entry per document (however many of its sections are
// cited), each section by its heading, the publisher and the dates in words, and a note when the source
// itself is older than 18 months. Text goes in through textContent only (el() in dom.js).
"use strict";

const MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
  "October", "November", "December"];
const OLD_AFTER_MONTHS = 18;

// "2026-11-30" → "30 November 2026" (read as a calendar date: no time zone can move it a day).
function humanDate(iso) {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso || "");
  if (!match) return iso || "";
  return `${Number(match[3])} ${MONTH_NAMES[Number(match[2]) - 1]} ${match[1]}`;
}

function monthsBetween(iso, today) {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso || "");
  if (!match) return 0;
  const months = (today.getFullYear() - Number(match[1])) * 12 + (today.getMonth() + 1 - Number(match[2]));
  return today.getDate() < Number(match[3]) ? months - 1 : months;
}

function isOld(citation, today = new Date()) {
  return monthsBetween(citation.source_date || citation.as_of, today) >= OLD_AFTER_MONTHS;
}

function sectionName(citation) {
  return citation.heading || citation.section.replace(/-/g, " ").replace(/^./, (c) => c.toUpperCase());
}

function groupByDocument(citations) {
  const groups = new Map();
  for (const c of citations) {
    if (!groups.has(c.doc_id)) groups.set(c.doc_id, []);
    groups.get(c.doc_id).push(c);
  }
  return [...groups.values()];
}

function renderCitations(response, answerId) {
  if (!response.citations.length) return null;
  const list = el("ul", { class: "citations" });
  for (const group of groupByDocument(response.citations)) {
    const first = group[0];
    const link = el("a", { href: first.url, target: "_blank", rel: "noopener noreferrer", class: "source-title", text: first.title });
    // "EXIM page of March 2023, checked 30 Nov 2026": who published it, its own date, when we last confirmed it.
    const dated = first.dated || `${first.source_label || "Source"} as of ${humanDate(first.as_of)}`;
    const item = el("li", { class: "source" }, link, el("p", { class: "meta", text: dated }));
    if (group.some((c) => isOld(c))) {
      const official = first.official_url || first.url;
      item.append(el("p", { class: "old" }, el("strong", { text: "Older than 18 months. " }),
        "Rules change: check ", el("a", { href: official, target: "_blank", rel: "noopener noreferrer",
          text: first.official_label || "the current page" }), " before you rely on it."));
    } else if (first.official_url && first.official_url !== first.url) {
      item.append(el("p", { class: "meta" }, el("a", { href: first.official_url, target: "_blank",
        rel: "noopener noreferrer", text: first.official_label || "Official page" })));
    }
    const sections = el("ul", { class: "sections" });
    for (const c of group) {
      const row = el("li", { id: `${answerId}-c${c.ref}`, class: "section" },
        el("span", { class: "ref", text: `[${c.ref}]` }), " ", el("span", { class: "heading", text: sectionName(c) }));
      if (c.note) row.append(el("p", { class: "note", text: c.note }));
      if (c.quote) {
        row.append(el("details", {}, el("summary", {}, "Quoted passage",
          el("span", { class: "visually-hidden", text: ` from ${sectionName(c)}` })), el("blockquote", { text: c.quote })));
      }
      sections.append(row);
    }
    item.append(sections);
    list.append(item);
  }
  const count = list.children.length;
  return el("div", { class: "sources" }, el("h3", { text: count === 1 ? "Source" : `Sources (${count})` }), list);
}
