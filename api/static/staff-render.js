// Rendering for the staff page: formatted answers (paragraphs, lists, bold, [n] markers), sources,
// eligibility cards and a case's transcript with the help-desk messages. Text goes in via textContent.
"use strict";

const STAFF_OUTCOMES = {
  eligible: "Likely eligible (EXIM decides)",
  not_eligible: "Not eligible on these facts",
  refer_to_human: "Needs review by a person",
  need_more_info: "More information needed",
};
const STAFF_RESULTS = { pass: "Pass", fail: "Fails", refer: "Needs review", missing: "Missing", not_applicable: "N/A" };

function staffInline(text) {
  const fragment = document.createDocumentFragment();
  for (const part of text.split(/(\*\*[^*]+\*\*|\[\d+\])/)) {
    if (/^\*\*[^*]+\*\*$/.test(part)) fragment.append(el("strong", { text: part.slice(2, -2) }));
    else if (/^\[\d+\]$/.test(part)) fragment.append(el("sup", { class: "marker", text: part }));
    else if (part) fragment.append(part);
  }
  return fragment;
}

// Markdown as the assistant writes it: blank-line paragraphs, "- " bullets, **bold**, [n] markers.
function formatted(text) {
  const box = el("div", { class: "answer-body" });
  for (const block of (text || "").split(/\n{2,}/)) {
    const lines = block.split("\n");
    const bullets = lines.filter((line) => /^\s*[-*] /.test(line));
    const intro = lines.filter((line) => !/^\s*[-*] /.test(line) && line.trim());
    if (intro.length) box.append(el("p", {}, staffInline(intro.join(" "))));
    if (bullets.length) {
      const list = el("ul");
      for (const line of bullets) list.append(el("li", {}, staffInline(line.replace(/^\s*[-*] /, ""))));
      box.append(list);
    }
  }
  return box;
}

function sourcesList(citations) {
  if (!citations || !citations.length) return null;
  const list = el("ol", { class: "citations" });
  for (const c of citations) {
    list.append(el("li", { value: String(c.ref || 1) },
      el("a", { href: c.url, target: "_blank", rel: "noopener noreferrer", text: c.title }),
      el("span", { class: "meta", text: ` — ${c.section}, ${c.dated || "as of " + c.as_of}` })));
  }
  return el("details", {}, el("summary", { text: `Sources (${citations.length})` }), list);
}

function eligibilityCard(result, facts) {
  const card = el("section", { class: `eligibility outcome-${result.outcome}`, "aria-label": "Eligibility result" });
  card.append(el("h4", { text: STAFF_OUTCOMES[result.outcome] || result.outcome }));
  const dl = el("dl", { class: "summary" });
  for (const [key, value] of Object.entries(facts || {})) {
    if (value !== null && value !== undefined && value !== "") {
      dl.append(el("dt", { text: key.replace(/_/g, " ") }), el("dd", { text: String(value) }));
    }
  }
  card.append(dl);
  const checks = el("ul", { class: "checks" });
  for (const check of result.checks || []) {
    if (check.result === "pass" || check.result === "not_applicable") continue;
    checks.append(el("li", { class: `check result-${check.result}` },
      el("span", { class: "badge", text: STAFF_RESULTS[check.result] || check.result }), " ", check.message));
  }
  if (checks.children.length) card.append(checks);
  return card;
}

function when(iso) {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short" });
}

function age(iso) {
  const hours = (Date.now() - new Date(iso).getTime()) / 3.6e6;
  if (hours < 1) return "under an hour ago";
  if (hours < 48) return `${Math.floor(hours)} h ago`;
  return `${Math.floor(hours / 24)} days ago`;
}

// Turns and messages in the order they happened.
function transcriptItems(conversation) {
  const entries = [];
  for (const turn of conversation.turns) entries.push({ at: turn.created_at, kind: "turn", turn });
  for (const message of conversation.messages || []) entries.push({ at: message.created_at, kind: "message", message });
  entries.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  const items = [];
  for (const entry of entries) {
    if (entry.kind === "turn") {
      const t = entry.turn;
      items.push(el("li", { class: "turn user" }, el("p", { class: "who", text: `Customer · ${when(t.created_at)}` }), el("p", { text: t.question })));
      const answer = el("li", { class: "turn assistant", "data-status": t.status },
        el("p", { class: "who", text: `Assistant · ${t.status.replace(/_/g, " ")}` }), formatted(t.answer), sourcesList(t.citations));
      if (t.eligibility) answer.append(eligibilityCard(t.eligibility, (t.intake && t.intake.facts) || t.facts));
      items.push(answer);
    } else {
      const m = entry.message;
      const who = m.sender === "staff" ? `Help desk (${m.author || "staff"})` : "Customer (to the help desk)";
      items.push(el("li", { class: `turn message from-${m.sender}` },
        el("p", { class: "who", text: `${who} · ${when(m.created_at)}` }), formatted(m.body)));
    }
  }
  return items;
}
