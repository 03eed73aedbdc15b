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
  if (response.status === "partial") {
    container.append(el("p", { class: "partial-tag" }, el("strong", { class: "tag", text: "Partial answer" }),
      " The sources cover only part of this question. Check the linked pages, or ask EXIM or BIS."));
  }
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
  add("Rules as of", humanDate(result.rules_as_of));
  card.append(facts);
  if (result.missing_facts.length) {
    const questions = el("ul", { class: "still-needed" });
    for (const fact of result.missing_facts) {
      const field = opts.form && opts.form.elements.namedItem(fact);
      questions.append(el("li", {}, field
        ? el("a", { href: `#${field.id}`, text: questionFor(fact), onclick: (event) => { event.preventDefault(); field.focus(); } })
        : questionFor(fact)));
    }
    card.append(el("h4", { text: "Still needed" }), questions);
  }
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

// "Was this answer helpful?" Yes / No: the pressed button looks pressed (aria-pressed), the accessible
// names are the visible words, and the comment box opens only after "No".
function feedbackControls(response) {
  const id = `fb-${response.turn_id}`;
  const question = el("p", { class: "feedback-question", id: `${id}-q`, text: "Was this answer helpful?" });
  const box = el("div", { class: "feedback", role: "group", "aria-labelledby": `${id}-q` });
  const status = el("p", { class: "feedback-status", role: "status" });
  const comment = el("textarea", { id: `${id}-comment`, rows: "2", maxlength: "2000" });
  const commentBox = el("div", { class: "feedback-comment", hidden: "" },
    el("label", { for: `${id}-comment`, text: "What was wrong or missing? (optional)" }), comment);
  const up = el("button", { type: "button", class: "thumb", "data-rating": "up", "aria-pressed": "false", text: "Yes" });
  const down = el("button", { type: "button", class: "thumb", "data-rating": "down", "aria-pressed": "false", text: "No" });
  const send = async (rating) => {
    for (const b of [up, down]) b.setAttribute("aria-pressed", String(b.dataset.rating === rating));
    const body = { conversation_id: response.conversation_id, turn_id: response.turn_id, rating, comment: comment.value.trim() || null };
    const reply = await fetch("/api/feedback", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) })
      .catch(() => null);
    status.textContent = reply && reply.ok ? "Thank you for your feedback." : "Sorry, your feedback could not be saved. Try again.";
  };
  up.addEventListener("click", () => { commentBox.hidden = true; send("up"); });
  down.addEventListener("click", () => { commentBox.hidden = false; send("down"); comment.focus(); });
  commentBox.append(el("button", { type: "button", class: "secondary", text: "Send comment", onclick: () => send("down") }));
  box.append(question, el("div", { class: "thumbs" }, up, down), commentBox, status);
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
  const item = el("li", { class: "turn user" }, el("p", { class: "who", text: "You" }), el("p", { text }));
  $("log").append(item);
  return item;
}

// GOV.UK error summary above the question box: what went wrong in words, the question kept, and Retry.
function showError(message, retryWith) {
  const box = $("question-error");
  box.replaceChildren();
  box.hidden = !message;
  if (!message) return;
  box.append(el("h2", { class: "error-summary-title", text: "There is a problem" }),
    el("p", {}, el("a", { href: "#question", text: message, onclick: (event) => { event.preventDefault(); $("question").focus(); } })));
  if (retryWith) box.append(el("button", { type: "button", class: "retry", text: "Retry", onclick: () => ask(retryWith) }));
  box.focus();
}

// Why a request failed, in words a person can act on ("Failed to fetch" is not one of them).
function failureMessage(status, problem, headers) {
  const wait = headers && headers.get("Retry-After");
  if (status === 429) return `You have sent a lot of questions in a short time. Wait ${wait || "a minute"} seconds, then press Retry.`;
  if (status === 409) return "Your previous question is still being answered. Wait a moment, then press Retry.";
  if (status >= 500) return "The assistant is not available just now. Your question is kept below: press Retry in a minute.";
  return (problem.error && problem.error.message) || `The question could not be sent (error ${status}).`;
}

// One announcement per answer for screen readers (the streamed words are not announced one by one).
function announce(text) {
  const region = $("announcer");
  region.textContent = "";
  window.setTimeout(() => { region.textContent = text; }, 50);
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
  if (!message) { showError("Enter a question"); return; }
  showError("");
  state.busy = true;
  $("ask").disabled = true;
  const asked = addUserMessage(message);
  $("question").value = "";
  const answerId = `a${Date.now()}`;
  const body = el("div", { class: "answer-body" });
  const item = el("li", { class: "turn assistant", id: answerId, "aria-busy": "true" },
    el("p", { class: "who", text: "Assistant" }), body);
  $("log").append(item);
  const pending = el("p", { class: "pending" }, el("span", { class: "spinner", "aria-hidden": "true" }), "Finding sources…");
  const streamed = el("p", { class: "streaming" });
  body.append(pending, streamed);
  let final = null;
  try {
    const headers = { "Content-Type": "application/json" };
    if (state.conversationId && state.secret) headers["X-Conversation-Secret"] = state.secret;
    const reply = await fetch("/api/chat/stream", {
      method: "POST", headers,
      body: JSON.stringify({ message, conversation_id: state.conversationId }),
    });
    if (!reply.ok) {
      const problem = await reply.json().catch(() => ({}));
      throw new Error(failureMessage(reply.status, problem, reply.headers));
    }
    await readEvents(reply, (name, data) => {
      if (name === "meta") {
        state.conversationId = data.conversation_id;
        if (data.conversation_secret) state.secret = data.conversation_secret;
      }
      else if (name === "delta") { pending.remove(); streamed.textContent += data.text; }
      else if (name === "final") final = data;
    });
    if (!final) throw new Error("The answer was cut off. Your question is kept below: press Retry.");
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
    announce(`The assistant answered: ${body.innerText}`);
    if (typeof onTurnAnswered === "function") onTurnAnswered(final); // handoff.js: keep it, show the help desk
  } catch (err) {
    // Nothing half-done stays on the page: the unanswered question goes back into the box, with Retry.
    item.remove();
    asked.remove();
    $("question").value = message;
    const offline = err instanceof TypeError;
    showError(offline ? "The assistant could not be reached. Check your connection, then press Retry." : err.message, message);
  } finally {
    item.setAttribute("aria-busy", "false");
    state.busy = false;
    $("ask").disabled = false;
  }
  if (final) {
    // The start of the new answer, not the bottom of the page (on a phone the answer is taller than the screen).
    item.scrollIntoView({ block: "start" });
    if (!window.matchMedia("(pointer: coarse)").matches) $("question").focus({ preventScroll: true });
  }
}

async function checkFacts(event) {
  event.preventDefault();
  const form = event.target;
  const { facts, problems } = readFacts(form);
  if (problems.length) { showFormProblems(form, problems); return; }
  const reply = await fetch("/api/eligibility/check", {
    method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(facts),
  }).catch(() => null);
  if (!reply) { showFormProblems(form, [{ field: null, message: "The check could not be reached. Check your connection and try again." }]); return; }
  const data = await reply.json().catch(() => ({}));
  if (!reply.ok) { showFormProblems(form, serverProblems(data)); return; }
  showFormProblems(form, []);
  // Side by side: once a result is shown, a changed fact shows both results with what changed marked.
  const previous = state.lastCheck;
  const changed = previous ? changedFactsOf(previous.facts, facts) : [];
  state.lastCheck = { facts, result: data };
  $("facts-result").replaceChildren(changed.length
    ? renderComparison(previous.result, data, changed, differencesOf(previous.result, data), tryChange)
    : renderEligibility(data, { onTry: tryChange, form }));
}

// "Try this": put a suggested change into the form and check again.
function tryChange(change) {
  const form = $("facts-form");
  for (const [name, value] of Object.entries(change.set)) {
    const field = form.elements.namedItem(name);
    if (field) field.value = name === "contract_value_usd" ? money(value) : String(value);
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
  $("f-contract_value_usd").addEventListener("input", (event) => echoMoney(event.target));
  loadAbout();
  loadReference();
  const reply = await fetch("/api/suggestions").catch(() => null);
  if (reply && reply.ok) renderSuggestions((await reply.json()).suggestions);
});
