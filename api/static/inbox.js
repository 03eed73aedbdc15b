// The inbox: tabs with counts, search and filters, a page of cases on the left, the selected case on
// the right (transcript, eligibility card, reply, resolve, activity), and keyboard shortcuts.
"use strict";

const MOVES = {
  created: "opened the case", asked_again: "asked for a person again", assigned: "took the case",
  drafted: "drafted a reply", approved: "approved the draft", rejected: "rejected the draft",
  replied: "replied to the customer", customer_replied: "answered the help desk",
  reopened: "wrote again and reopened the case", resolved: "resolved the case",
};
const inbox = { tab: "open", page: 1, perPage: 25, total: 0, items: [], selected: null, draftId: null };

function inboxParams() {
  const params = new URLSearchParams({ tab: inbox.tab, page: String(inbox.page), per_page: String(inbox.perPage) });
  for (const [key, raw] of new FormData($("filters")).entries()) {
    const value = String(raw).trim();
    if (value) params.set(key, value);
  }
  return params;
}

async function loadInbox() {
  $("list-status").textContent = "Loading…";
  let data;
  try {
    data = await api(`/api/staff/inbox?${inboxParams()}`);
  } catch (err) {
    if (err.message !== "unauthorized") $("list-status").textContent = err.message;
    return;
  }
  inbox.items = data.items;
  inbox.total = data.total;
  for (const [tab, count] of Object.entries(data.counts)) $(`count-${tab}`).textContent = String(count);
  const list = $("case-list");
  list.replaceChildren();
  for (const item of data.items) {
    const button = el("button", { type: "button", class: "case", "data-case": String(item.id),
      "aria-current": String(item.id === inbox.selected), onclick: () => openCase(item.id) },
      el("span", { class: "headline", text: item.headline }),
      el("span", { class: "meta", text: `${item.reference} · ${age(item.updated_at)}` +
        (item.assigned_to ? ` · ${item.assigned_to}` : " · unassigned") }));
    list.append(el("li", {}, button));
  }
  const pages = Math.max(1, Math.ceil(data.total / inbox.perPage));
  $("list-status").textContent = data.total ? `${data.total} cases` : "No cases here.";
  $("page-label").textContent = `Page ${inbox.page} of ${pages}`;
  $("prev-page").disabled = inbox.page <= 1;
  $("next-page").disabled = inbox.page >= pages;
}

function selectTab(tab) {
  inbox.tab = tab;
  inbox.page = 1;
  for (const button of document.querySelectorAll("[role=tab]")) {
    const on = button.dataset.tab === tab;
    button.setAttribute("aria-selected", String(on));
    button.tabIndex = on ? 0 : -1;
    if (on) $("case-panel").setAttribute("aria-labelledby", button.id);
  }
  loadInbox();
}

async function openCase(id) {
  const data = await api(`/api/staff/handoffs/${id}`);
  inbox.selected = id;
  inbox.draftId = null;
  for (const button of document.querySelectorAll(".case")) button.setAttribute("aria-current", String(button.dataset.case === String(id)));
  $("case-heading").textContent = data.headline;
  $("case-meta").textContent = `${data.reference} · ${data.status === "waiting" ? "waiting for the customer" : data.status}` +
    ` · opened ${when(data.created_at)} · ${data.assigned_to ? "assigned to " + data.assigned_to : "unassigned"}` +
    (data.resolved_by ? ` · resolved by ${data.resolved_by}: “${data.resolution_note}”` : "");
  $("case-contact").textContent = data.contact_email
    ? `The customer agreed to be e-mailed at ${data.contact_email}.` : "No contact e-mail given: reply here.";
  $("case-transcript").replaceChildren(...transcriptItems(data.conversation));
  const packet = data.packet || {};
  $("case-card").replaceChildren();
  if (packet.eligibility) $("case-card").append(el("h3", { text: "Eligibility at hand-off" }), eligibilityCard(packet.eligibility, packet.facts));
  $("case-activity").replaceChildren(...data.activity.map((e) => el("li", {},
    el("span", { class: "meta", text: `${when(e.at)} · ` }), `${e.actor === "customer" ? "The customer" : e.actor} ${MOVES[e.kind] || e.kind.replace(/_/g, " ")}`,
    e.note ? ` — ${e.note.replace(/_/g, " ")}` : "")));
  const resolved = data.status === "resolved";
  $("assign").disabled = data.assigned_to === staff.name;
  $("send-reply").disabled = resolved;
  $("resolve").disabled = resolved;
  $("reply-status").textContent = resolved ? "Resolved: the customer's next message reopens this case." : "";
  $("resolve-status").textContent = "";
  $("case-body").hidden = false;
  $("case-heading").focus();
}

async function caseAction(work, status) {
  if (!inbox.selected) return;
  try {
    await work();
    await Promise.all([openCase(inbox.selected), loadInbox()]);
  } catch (err) {
    if (err.message !== "unauthorized") status.textContent = err.message;
  }
}

function customerQuestions() {
  return [...$("case-transcript").querySelectorAll(".turn.user p:last-child, .from-customer .answer-body")]
    .map((node) => node.textContent.trim()).filter(Boolean).join("\n");
}

async function draftForCase() {
  if (!inbox.selected) return;
  $("reply-status").textContent = "Drafting from the customer's questions…";
  try {
    const draft = await api("/api/drafts", { method: "POST",
      body: JSON.stringify({ inquiry: customerQuestions().slice(0, 8000), handoff_id: inbox.selected }) });
    inbox.draftId = draft.draft_id;
    $("reply-text").value = draft.draft;
    $("reply-status").textContent = "Draft ready: edit it, then send.";
    $("reply-text").focus();
  } catch (err) {
    if (err.message !== "unauthorized") $("reply-status").textContent = err.message;
  }
}

function setUpInbox() {
  for (const button of document.querySelectorAll("[role=tab]")) button.addEventListener("click", () => selectTab(button.dataset.tab));
  $("filters").addEventListener("submit", (event) => { event.preventDefault(); inbox.page = 1; loadInbox(); });
  for (const select of $("filters").querySelectorAll("select")) select.addEventListener("change", () => { inbox.page = 1; loadInbox(); });
  $("refresh").addEventListener("click", loadInbox);
  $("prev-page").addEventListener("click", () => { inbox.page -= 1; loadInbox(); });
  $("next-page").addEventListener("click", () => { inbox.page += 1; loadInbox(); });
  $("assign").addEventListener("click", () => caseAction(() => api(`/api/staff/handoffs/${inbox.selected}/assign`, { method: "POST" }), $("reply-status")));
  $("draft-for-case").addEventListener("click", draftForCase);
  $("copy-reply").addEventListener("click", () => copyText($("reply-text").value, $("reply-status")));
  $("reply-form").addEventListener("submit", (event) => {
    event.preventDefault();
    if ($("send-reply").disabled) return;
    $("send-reply").disabled = true; // a double click sends one reply (openCase enables it again)
    const body = { body: $("reply-text").value, draft_id: inbox.draftId };
    caseAction(async () => {
      await api(`/api/staff/handoffs/${inbox.selected}/reply`, { method: "POST", body: JSON.stringify(body) });
      $("reply-text").value = "";
      inbox.draftId = null;
    }, $("reply-status")).then(() => {
      if (!$("reply-status").textContent) $("reply-status").textContent = "Sent: the customer sees it in their conversation.";
      $("send-reply").disabled = false;
    });
  });
  $("resolve-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const note = $("resolve-note").value;
    caseAction(async () => {
      await api(`/api/staff/handoffs/${inbox.selected}/resolve`, { method: "POST", body: JSON.stringify({ note }) });
      $("resolve-note").value = "";
    }, $("resolve-status"));
  });
  document.addEventListener("keydown", shortcut);
  // New cases and customer answers show up without a click: the list and counts refresh every minute.
  window.setInterval(() => { if (!$("workspace").hidden && !document.hidden) loadInbox(); }, 60000);
}

function shortcut(event) {
  if ($("workspace").hidden || event.ctrlKey || event.metaKey || event.altKey) return;
  if (event.target.closest("input, textarea, select")) return;
  const index = inbox.items.findIndex((item) => item.id === inbox.selected);
  const moves = {
    j: () => inbox.items.length && openCase(inbox.items[Math.min(index + 1, inbox.items.length - 1)].id),
    k: () => inbox.items.length && openCase(inbox.items[Math.max(index - 1, 0)].id),
    "/": () => $("f-q").focus(),
    a: () => $("assign").click(),
    r: () => $("reply-text").focus(),
    d: () => draftForCase(),
    e: () => $("resolve-note").focus(),
    1: () => selectTab("open"),
    2: () => selectTab("waiting"),
    3: () => selectTab("resolved"),
  };
  const move = moves[event.key];
  if (!move || ((["a", "r", "d", "e"].includes(event.key)) && !inbox.selected)) return;
  event.preventDefault();
  move();
}
