// The conversation survives a reload, and the help desk's replies reach the customer.
// The conversation's id and secret are kept in localStorage (this browser only); with them the page
// reopens the transcript, polls for help-desk messages (a badge counts the new ones), lets the customer
// answer back, leave an e-mail address with explicit consent, or delete the conversation.
// Uses app.js's `state` and renderers; everything from the server goes in through textContent.
"use strict";

const SAVED_KEY = "exportersConversation";
const POLL_MS = 30000;
const helpdesk = { seen: 0, shown: new Set(), timer: null, handoff: null };

function savedConversation() {
  try { return JSON.parse(localStorage.getItem(SAVED_KEY) || "null"); } catch (err) { return null; }
}

function saveConversation() {
  if (!state.conversationId || !state.secret) return;
  localStorage.setItem(SAVED_KEY, JSON.stringify({ id: state.conversationId, secret: state.secret, seen: helpdesk.seen }));
}

function forgetConversation() {
  localStorage.removeItem(SAVED_KEY);
  window.location.reload();
}

async function ownerFetch(path, options = {}) {
  return fetch(path, { ...options, headers: { "Content-Type": "application/json", "X-Conversation-Secret": state.secret, ...(options.headers || {}) } });
}

async function loadOwnConversation() {
  const reply = await ownerFetch(`/api/conversations/${encodeURIComponent(state.conversationId)}`).catch(() => null);
  if (reply && reply.status === 404) { localStorage.removeItem(SAVED_KEY); return null; }
  return reply && reply.ok ? reply.json() : null;
}

function restoredTurn(turn, conversationId) {
  addUserMessage(turn.question);
  const answerId = `r${turn.id.replace(/[^A-Za-z0-9]/g, "")}`;
  const response = { ...turn, conversation_id: conversationId, turn_id: turn.id };
  const body = el("div", { class: "answer-body" });
  renderAnswerBody(body, response, answerId);
  const item = el("li", { class: "turn assistant", id: answerId, "data-status": turn.status }, el("p", { class: "who", text: "Assistant" }), body);
  if (typeof renderCitations === "function") { const sources = renderCitations(response, answerId); if (sources) item.append(sources); }
  if (turn.eligibility && !turn.eligibility.compared_with) item.append(renderEligibility(turn.eligibility));
  item.append(feedbackControls(response));
  $("log").append(item);
}

function messageItem(message) {
  const fromDesk = message.sender === "staff";
  const when = new Date(message.created_at).toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short" });
  const paragraphs = message.body.split(/\n{2,}/).map((text) => el("p", { text }));
  return el("li", { class: `turn ${fromDesk ? "helpdesk" : "user to-helpdesk"}`, id: `m${message.id}`, "data-sender": message.sender },
    el("p", { class: "who", text: fromDesk ? `Help desk · ${when}` : `You, to the help desk · ${when}` }), ...paragraphs);
}

function showMessages(messages) {
  for (const message of messages) {
    if (helpdesk.shown.has(message.id)) continue;
    helpdesk.shown.add(message.id);
    $("log").append(messageItem(message));
  }
  const fresh = messages.filter((m) => m.sender === "staff" && m.id > helpdesk.seen).length;
  const badge = $("helpdesk-badge");
  badge.hidden = fresh === 0;
  badge.textContent = fresh === 1 ? "1 new reply from the help desk" : `${fresh} new replies from the help desk`;
  document.title = (fresh ? `(${fresh}) ` : "") + document.title.replace(/^\(\d+\) /, "");
}

function markSeen() {
  const ids = [...helpdesk.shown];
  helpdesk.seen = Math.max(helpdesk.seen, ...ids, 0);
  saveConversation();
  $("helpdesk-badge").hidden = true;
  document.title = document.title.replace(/^\(\d+\) /, "");
}

function describeHandoff(handoff, expires) {
  const status = {
    open: "Waiting for the help desk to reply.",
    waiting: "The help desk has replied: see the conversation above. You can answer below.",
    resolved: "The help desk has closed this request. If you write again, it is reopened.",
  }[handoff.status] || "";
  $("helpdesk-reference").textContent = `Your reference: ${handoff.reference}. ${status}`;
  $("helpdesk-expires").textContent = expires
    ? `This browser keeps the conversation until ${new Date(expires).toLocaleDateString("en-GB", { dateStyle: "long" })} (longer if it continues); after that it is deleted.`
    : "";
}

async function refreshHelpdesk() {
  const data = await loadOwnConversation();
  if (!data) return;
  showMessages(data.messages || []);
  if (data.handoff) {
    helpdesk.handoff = data.handoff;
    describeHandoff(data.handoff, data.expires_at);
    $("helpdesk").hidden = false;
    $("contact-given").textContent = data.contact && data.contact.given ? "The help desk has an e-mail address for you; saving another replaces it." : "";
    startPolling();
  }
}

function startPolling() {
  if (helpdesk.timer) return;
  helpdesk.timer = window.setInterval(() => { if (!document.hidden) refreshHelpdesk(); }, POLL_MS);
}

async function sendToHelpdesk(event) {
  event.preventDefault();
  const box = $("helpdesk-message");
  const status = $("helpdesk-send-status");
  if (!box.value.trim()) { status.textContent = "Please write a message first."; box.focus(); return; }
  const button = event.submitter || $("helpdesk-form").querySelector("button");
  if (button.disabled) return;
  button.disabled = true; // a double click sends one message
  const reply = await ownerFetch(`/api/conversations/${encodeURIComponent(state.conversationId)}/messages`,
    { method: "POST", body: JSON.stringify({ body: box.value }) }).catch(() => null);
  button.disabled = false;
  if (!reply || !reply.ok) {
    const problem = reply ? await reply.json().catch(() => ({})) : {};
    status.textContent = (problem.error && problem.error.message) || "Your message could not be sent. Please try again.";
    return;
  }
  box.value = "";
  status.textContent = "Sent to the help desk. Their reply will appear in this conversation.";
  markSeen();
  await refreshHelpdesk();
}

async function saveContact(event) {
  event.preventDefault();
  const status = $("contact-status");
  if (!$("contact-consent").checked) { status.textContent = "Tick the box to agree to be e-mailed, or leave the address out."; return; }
  const reply = await ownerFetch(`/api/conversations/${encodeURIComponent(state.conversationId)}/contact`,
    { method: "PUT", body: JSON.stringify({ email: $("contact-email").value.trim(), consent: true }) }).catch(() => null);
  status.textContent = reply && reply.status === 204
    ? "Saved. The help desk may e-mail you about this enquiry; the address is deleted with the conversation."
    : "Please enter a valid e-mail address.";
}

async function deleteConversation() {
  if (!window.confirm("Delete this conversation and everything kept with it? This cannot be undone.")) return;
  const reply = await ownerFetch(`/api/conversations/${encodeURIComponent(state.conversationId)}`, { method: "DELETE" }).catch(() => null);
  if (reply && (reply.status === 204 || reply.status === 404)) forgetConversation();
  else $("conversation-tools-status").textContent = "The conversation could not be deleted just now. Please try again.";
}

function buildHelpdeskPanel() {
  const notice = el("p", { class: "helpdesk-notice", role: "status" },
    el("a", { id: "helpdesk-badge", class: "helpdesk-badge", href: "#helpdesk", hidden: "", onclick: markSeen }));
  document.querySelector("main").prepend(notice);
  const tools = el("div", { id: "conversation-tools", class: "conversation-tools", hidden: "" },
    el("p", { class: "hint", text: "This conversation is kept in this browser, so you can come back to it." }),
    el("button", { type: "button", class: "secondary", text: "Start a new conversation", onclick: forgetConversation }),
    el("button", { type: "button", class: "secondary", text: "Delete this conversation", onclick: deleteConversation }),
    el("p", { id: "conversation-tools-status", role: "status" }));
  const panel = el("section", { id: "helpdesk", class: "helpdesk", "aria-labelledby": "helpdesk-heading", hidden: "" },
    el("h2", { id: "helpdesk-heading", text: "Help desk" }),
    el("p", { id: "helpdesk-reference" }),
    el("p", { class: "hint", text: "A member of our help-desk staff reads this conversation and replies here. Replies are written by people, so they can take a while, longer outside U.S. business hours. While this page is open it checks for a reply every 30 seconds; if you close it, come back in this browser to read the reply. Staff can help with EXIM programmes and the export rules, but EXIM and BIS make the decisions." }),
    el("p", { id: "helpdesk-expires", class: "hint" }),
    el("form", { id: "helpdesk-form", novalidate: "" },
      el("label", { for: "helpdesk-message", text: "Your message to the help desk" }),
      el("textarea", { id: "helpdesk-message", rows: "3", maxlength: "4000", onfocus: markSeen }),
      el("div", { class: "actions" }, el("button", { type: "submit", text: "Send to the help desk" })),
      el("p", { id: "helpdesk-send-status", role: "status" })),
    el("form", { id: "contact-form", novalidate: "" },
      el("h3", { text: "Get the reply by e-mail too (optional)" }),
      el("label", { for: "contact-email", text: "E-mail address" }),
      el("input", { id: "contact-email", type: "email", maxlength: "254", autocomplete: "email" }),
      el("div", { class: "consent" }, el("input", { id: "contact-consent", type: "checkbox" }),
        el("label", { for: "contact-consent", text: "I agree that the help desk may e-mail me about this enquiry. The address is kept only for that and is deleted with this conversation." })),
      el("div", { class: "actions" }, el("button", { type: "submit", class: "secondary", text: "Save e-mail address" })),
      el("p", { id: "contact-given", class: "hint" }),
      el("p", { id: "contact-status", role: "status" })));
  const form = $("ask-form");
  form.parentNode.insertBefore(panel, form);
  form.parentNode.insertBefore(tools, form);
  $("helpdesk-form").addEventListener("submit", sendToHelpdesk);
  $("contact-form").addEventListener("submit", saveContact);
}

// Called by app.js after each answered turn.
function onTurnAnswered(final) {
  saveConversation();
  $("conversation-tools").hidden = !state.conversationId;
  if (final.status === "handoff") refreshHelpdesk();
}

async function restoreConversation() {
  const saved = savedConversation();
  if (!saved || !saved.id || !saved.secret) return;
  state.conversationId = saved.id;
  state.secret = saved.secret;
  helpdesk.seen = saved.seen || 0;
  const data = await loadOwnConversation();
  if (!data) { state.conversationId = null; state.secret = null; return; }
  const entries = [...data.turns.map((t) => ({ at: t.created_at, turn: t })), ...(data.messages || []).map((m) => ({ at: m.created_at, message: m }))];
  entries.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  for (const entry of entries) {
    if (entry.turn) restoredTurn(entry.turn, data.id);
    else { helpdesk.shown.add(entry.message.id); $("log").append(messageItem(entry.message)); }
  }
  $("conversation-tools").hidden = false;
  showMessages(data.messages || []);
  if (data.handoff) await refreshHelpdesk();
}

document.addEventListener("DOMContentLoaded", () => {
  buildHelpdeskPanel();
  restoreConversation();
  document.addEventListener("visibilitychange", () => { if (!document.hidden && helpdesk.handoff) refreshHelpdesk(); });
});
