// The chat page: streamed answers with numbered citations, suggestions, feedback, and the
// eligibility card. Everything from the server is inserted with textContent (never innerHTML).
"use strict";

const state = { conversationId: null, secret: null, busy: false, lastCheck: null };

const OUTCOMES = {
  eligible: "Likely eligible — EXIM makes the final decision",
  not_eligible: "Not eligible on these facts",
  refer_to_human: "Needs review by a person",
  need_more_info: "More information needed",
};
const TERMS = { short_term: "Short term", medium_term: "Medium term", long_term: "Long term" };
const RESULTS = { pass: "Pass", fail: "Fails", refer: "Needs review", missing: "Missing facts", not_applicable: "Not applicable" };

// "… 15% [1]." → text with the marker turned into a link to citation 1 of this answer.
function withMarkers(text, answerId, citations) {
  const fragment = document.createDocumentFragment();
  const known = new Set(citations.map((c) => c.ref));
  let last = 0;
  for (const match of text.matchAll(/\[(\d+)\]/g)) {
    fragment.append(text.slice(last, match.index));
    const ref = Number(match[1]);
    if (known.has(ref)) {
      fragment.append(el("a", { href: `#${answerId}-c${ref}`, class: "marker", "aria-label": `source ${ref}`, text: `[${ref}]` }));
    } else {
      fragment.append(match[0]);
    }
    last = match.index + match[0].length;
  }
  fragment.append(text.slice(last));
  return fragment;
}

// **bold** spans, then [n] markers, inside one line of text.
function inline(text, answerId, citations) {
  const fragment = document.createDocumentFragment();
  text.split(/(\*\*[^*]+\*\*)/).forEach((part) => {
    if (/^\*\*[^*]+\*\*$/.test(part)) fragment.append(el("strong", { text: part.slice(2, -2) }));
    else fragment.append(withMarkers(part, answerId, citations));
  });
  return fragment;
}

function renderAnswerBody(container, response, answerId) {
  container.replaceChildren();
  for (const block of response.answer.split(/\n{2,}/)) {
    const lines = block.split("\n");
    const bullets = lines.filter((line) => /^\s*- /.test(line));
    const intro = lines.filter((line) => !/^\s*- /.test(line));
    if (intro.length) container.append(el("p", {}, inline(intro.join(" "), answerId, response.citations)));
    if (bullets.length) {
      const list = el("ul");
      for (const line of bullets) list.append(el("li", {}, inline(line.replace(/^\s*- /, ""), answerId, response.citations)));
      container.append(list);
    }
  }
}

function renderCitations(response, answerId) {
  if (!response.citations.length) return null;
  const list = el("ol", { class: "citations", "aria-label": "Sources" });
  for (const c of response.citations) {
    const link = el("a", { href: c.url, target: "_blank", rel: "noopener noreferrer", text: c.title });
    // "EXIM page of March 2023, checked 30 Nov 2026": the source's own date and when it was last confirmed.
    const dated = c.dated || `as of ${c.as_of}`;
    const meta = el("span", { class: "meta", text: ` — section “${c.section.replace(/-/g, " ")}”, ${dated}` });
    const official = c.official_url && c.official_url !== c.url
      ? el("span", { class: "meta" }, " · ", el("a", { href: c.official_url, target: "_blank", rel: "noopener noreferrer", text: c.official_label || "Official page" }))
      : null;
    const note = c.note ? el("p", { class: "note", text: c.note }) : null;
    const quote = el("details", {}, el("summary", { text: "Quoted passage" }), el("blockquote", { text: c.quote }));
    list.append(el("li", { id: `${answerId}-c${c.ref}`, value: String(c.ref) }, link, meta, official, note, quote));
  }
  return el("div", { class: "sources" }, el("h3", { text: "Sources" }), list);
}

function money(value) {
  return value == null ? null : new Intl.NumberFormat("en-US", { style: "currency", currency: "USD", maximumFractionDigits: 0 }).format(value);
}

// opts.moved: parts that differ from the result it is shown beside (marked); opts.onTry: see advice.js.
function renderEligibility(result, opts = {}) {
  const moved = opts.moved || new Set();
  const mark = (part) => (moved.has(part) ? " moved" : "");
  const card = el("section", { class: `eligibility outcome-${result.outcome}`, "aria-label": "Eligibility result" });
  card.append(el("h3", { class: mark("outcome").trim(), text: OUTCOMES[result.outcome] || result.outcome }));
  const facts = el("dl", { class: "summary" });
  const add = (term, value, part) => {
    if (value) facts.append(el("dt", { class: mark(part).trim(), text: term }), el("dd", { class: mark(part).trim(), text: value }));
    else if (part && moved.has(part)) facts.append(el("dt", { class: "moved", text: term }), el("dd", { class: "moved", text: "none" }));
  };
  add("Term", TERMS[result.term], "term");
  add("Amount EXIM could support", money(result.supported_amount_usd), "supported_amount_usd");
  add("Programs", result.programs.map((p) => p.name).join(", "), "programs");
  add("Still needed", result.missing_facts.map((f) => f.replace(/_/g, " ")).join(", "));
  add("Rules as of", result.rules_as_of);
  card.append(facts);
  const checks = el("ul", { class: "checks", "aria-label": "Checks" });
  for (const check of result.checks) {
    const cite = el("a", { href: check.citation.url, target: "_blank", rel: "noopener noreferrer", text: check.citation.title });
    checks.append(el("li", { class: `check result-${check.result}${mark(check.rule_id)}` },
      el("span", { class: "badge", text: RESULTS[check.result] || check.result }), " ",
      el("span", { text: check.message }), " ",
      el("span", { class: "cite" }, "(", cite, `, as of ${check.citation.as_of})`)));
  }
  const details = el("details", {}, el("summary", { text: `All ${result.checks.length} checks` }), checks);
  if (result.checks.some((c) => moved.has(c.rule_id))) details.open = true;
  card.append(details);
  card.append(renderAdvice(result, opts.onTry));
  card.append(el("p", { class: "note", text: "EXIM decides on financing and BIS decides on export licences." }));
  return card;
}

function feedbackControls(response) {
  const box = el("div", { class: "feedback", role: "group", "aria-label": "Was this answer helpful?" });
  const status = el("span", { class: "feedback-status", role: "status" });
  const comment = el("textarea", { rows: "2", maxlength: "2000", "aria-label": "Optional comment", placeholder: "Optional comment" });
  const send = async (rating, buttons) => {
    buttons.forEach((b) => b.setAttribute("aria-pressed", String(b.dataset.rating === rating)));
    const body = { conversation_id: response.conversation_id, turn_id: response.turn_id, rating, comment: comment.value || null };
    const reply = await fetch("/api/feedback", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
    status.textContent = reply.ok ? "Thanks for your feedback." : "Sorry, your feedback could not be saved.";
  };
  const up = el("button", { type: "button", class: "thumb", "data-rating": "up", "aria-pressed": "false", "aria-label": "Helpful", text: "Yes" });
  const down = el("button", { type: "button", class: "thumb", "data-rating": "down", "aria-pressed": "false", "aria-label": "Not helpful", text: "No" });
  const buttons = [up, down];
  up.addEventListener("click", () => send("up", buttons));
  down.addEventListener("click", () => send("down", buttons));
  const submitComment = el("button", { type: "button", class: "secondary", text: "Send comment",
    onclick: () => send(down.getAttribute("aria-pressed") === "true" ? "down" : "up", buttons) });
  box.append(el("span", { text: "Helpful? " }), up, down, comment, submitComment, status);
  return box;
}

function renderSuggestions(list) {
  const box = $("suggestions");
  box.replaceChildren();
  if (!list || !list.length) return;
  box.append(el("h2", { class: "suggestions-title", text: "You could ask" }));
  for (const text of list) {
    box.append(el("button", { type: "button", class: "suggestion", text, onclick: () => ask(text) }));
  }
}

function addUserMessage(text) {
  $("log").append(el("li", { class: "turn user" }, el("p", { class: "who", text: "You" }), el("p", { text })));
}

function showError(message) {
  const box = $("question-error");
  box.textContent = message;
  box.hidden = !message;
}

async function readEvents(response, onEvent) {
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let cut;
    while ((cut = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      const name = (block.match(/^event: (.*)$/m) || [])[1];
      const data = (block.match(/^data: (.*)$/m) || [])[1];
      if (name && data) onEvent(name, JSON.parse(data));
    }
  }
}

async function ask(text) {
  const message = text.trim();
  if (state.busy) return;
  if (!message) { showError("Please type a question."); $("question").focus(); return; }
  showError("");
  state.busy = true;
  $("ask").disabled = true;
  addUserMessage(message);
  $("question").value = "";
  const answerId = `a${Date.now()}`;
  const body = el("div", { class: "answer-body", "aria-busy": "true" });
  const item = el("li", { class: "turn assistant", id: answerId }, el("p", { class: "who", text: "Assistant" }), body);
  $("log").append(item);
  const streamed = el("p", { class: "streaming" });
  body.append(streamed);
  try {
    const headers = { "Content-Type": "application/json" };
    if (state.conversationId && state.secret) headers["X-Conversation-Secret"] = state.secret;
    const reply = await fetch("/api/chat/stream", {
      method: "POST", headers,
      body: JSON.stringify({ message, conversation_id: state.conversationId }),
    });
    if (!reply.ok) {
      const problem = await reply.json().catch(() => ({}));
      throw new Error((problem.error && problem.error.message) || `The request failed (${reply.status}).`);
    }
    let final = null;
    await readEvents(reply, (name, data) => {
      if (name === "meta") {
        state.conversationId = data.conversation_id;
        if (data.conversation_secret) state.secret = data.conversation_secret;
      }
      else if (name === "delta") streamed.textContent += data.text;
      else if (name === "final") final = data;
    });
    if (!final) throw new Error("The answer was cut off. Please try again.");
    renderAnswerBody(body, final, answerId);
    item.dataset.status = final.status;
    const sources = renderCitations(final, answerId);
    if (sources) item.append(sources);
    const result = final.eligibility;
    if (result && result.compared_with) {
      const c = result.compared_with;
      item.append(renderComparison(c.before, result, c.changed_facts, c.differences));
    } else if (result) {
      item.append(renderEligibility(result));
    }
    item.append(feedbackControls(final));
    renderSuggestions(final.suggestions);
    if (typeof onTurnAnswered === "function") onTurnAnswered(final); // handoff.js: keep it, show the help desk
  } catch (err) {
    item.remove();
    showError(err.message);
  } finally {
    body.setAttribute("aria-busy", "false");
    state.busy = false;
    $("ask").disabled = false;
    $("question").focus();
  }
}

function factsFromForm(form) {
  const facts = {};
  for (const [key, raw] of new FormData(form).entries()) {
    const value = String(raw).trim();
    if (!value) continue;
    if (["contract_value_usd", "us_content_pct", "cash_payment_pct", "repayment_months"].includes(key)) {
      facts[key] = Number(value.replace(/[$,\s%]/g, ""));
    } else if (key === "restricted_party") {
      facts[key] = value === "true";
    } else if (key.endsWith("_country")) {
      facts[key] = value.toUpperCase();
    } else {
      facts[key] = value;
    }
  }
  return facts;
}

async function checkFacts(event) {
  event.preventDefault();
  const error = $("facts-error");
  error.hidden = true;
  const facts = factsFromForm(event.target);
  const reply = await fetch("/api/eligibility/check", {
    method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(facts),
  });
  const data = await reply.json();
  if (!reply.ok) {
    const details = (data.error.details || []).map((d) => `${d.field.replace(/_/g, " ")}: ${d.message}`);
    error.textContent = details.length ? `Please correct: ${details.join("; ")}` : data.error.message;
    error.hidden = false;
    return;
  }
  // Side by side: once a result is shown, a changed fact shows both results with what changed marked.
  const previous = state.lastCheck;
  const changed = previous ? changedFactsOf(previous.facts, facts) : [];
  state.lastCheck = { facts, result: data };
  $("facts-result").replaceChildren(changed.length
    ? renderComparison(previous.result, data, changed, differencesOf(previous.result, data), tryChange)
    : renderEligibility(data, { onTry: tryChange }));
}

// "Try this": put a suggested change into the form and check again.
function tryChange(change) {
  const form = $("facts-form");
  for (const [name, value] of Object.entries(change.set)) {
    const field = form.elements.namedItem(name);
    if (field) field.value = String(value);
  }
  form.requestSubmit();
}

document.addEventListener("DOMContentLoaded", async () => {
  $("ask-form").addEventListener("submit", (event) => { event.preventDefault(); ask($("question").value); });
  $("question").addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey) { event.preventDefault(); ask($("question").value); }
  });
  $("open-facts").addEventListener("click", (event) => {
    const panel = $("facts-panel");
    panel.hidden = !panel.hidden;
    event.currentTarget.setAttribute("aria-expanded", String(!panel.hidden));
    if (!panel.hidden) panel.querySelector("input[name=buyer_country]").focus();
  });
  $("facts-form").addEventListener("submit", checkFacts);
  const reply = await fetch("/api/suggestions").catch(() => null);
  if (reply && reply.ok) renderSuggestions((await reply.json()).suggestions);
});
