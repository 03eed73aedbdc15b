// The staff page: sign in and out with a token, draft replies to e-mails, review thumbs-down answers,
// run the knowledge check. The inbox is inbox.js. The token lives in sessionStorage for this tab only.
// Server text is inserted with textContent.
"use strict";

const staff = { token: sessionStorage.getItem("staffToken"), name: null, draftId: null };

async function api(path, options = {}) {
  const reply = await fetch(path, {
    ...options,
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${staff.token}`, ...(options.headers || {}) },
  });
  if (reply.status === 401) { signOut("Your token was not accepted."); throw new Error("unauthorized"); }
  if (!reply.ok) {
    const problem = await reply.json().catch(() => ({}));
    throw new Error((problem.error && problem.error.message) || `Request failed (${reply.status}).`);
  }
  return reply.status === 204 ? null : reply.json();
}

function signOut(message) {
  sessionStorage.removeItem("staffToken");
  staff.token = null;
  $("workspace").hidden = true;
  $("account").hidden = true;
  $("signin").hidden = false;
  $("token").value = "";
  const error = $("signin-error");
  error.textContent = message || "";
  error.hidden = !message;
}

async function signIn(token) {
  staff.token = token;
  try {
    const me = await api("/api/staff/me");
    sessionStorage.setItem("staffToken", token);
    staff.name = me.name;
    $("whoami").textContent = `Signed in as ${me.name}.`;
    $("signin").hidden = true;
    $("account").hidden = false;
    $("workspace").hidden = false;
    await Promise.all([loadInbox(), loadDowns()]);
  } catch (err) {
    if (err.message !== "unauthorized") signOut(err.message);
  }
}

function renderSources(citations) {
  const list = $("draft-sources");
  list.replaceChildren();
  for (const c of citations) {
    const mark = el("span", { class: c.verified ? "verified" : "unverified", text: c.verified ? " verified" : " unverified" });
    list.append(el("li", { value: String(c.ref) },
      el("a", { href: c.url, target: "_blank", rel: "noopener noreferrer", text: c.title }),
      el("span", { class: "meta", text: ` — ${c.section}, ${c.dated || "as of " + c.as_of}` }), mark,
      el("details", {}, el("summary", { text: "Passage" }), el("blockquote", { text: c.quote }))));
  }
}

function renderFacts(facts, eligibility) {
  const dl = $("draft-facts-found");
  dl.replaceChildren();
  for (const [key, value] of Object.entries(facts || {})) {
    dl.append(el("dt", { text: key.replace(/_/g, " ") }), el("dd", { text: String(value) }));
  }
  if (eligibility) dl.append(el("dt", { text: "eligibility" }), el("dd", { text: eligibility.outcome.replace(/_/g, " ") }));
}

async function draftReply(event) {
  event.preventDefault();
  const error = $("draft-error");
  error.hidden = true;
  $("draft-button").disabled = true;
  try {
    const draft = await api("/api/drafts", { method: "POST", body: JSON.stringify({ inquiry: $("inquiry").value }) });
    staff.draftId = draft.draft_id;
    [$("approve-draft"), $("reject-draft")].forEach((b) => { b.disabled = false; });
    $("draft-text").value = draft.draft;
    $("draft-status").textContent = `Draft ready (${draft.status}).`;
    renderSources(draft.citations);
    renderFacts(draft.facts, draft.eligibility);
    $("draft-area").hidden = false;
    $("draft-text").focus();
  } catch (err) {
    if (err.message !== "unauthorized") { error.textContent = err.message; error.hidden = false; }
  } finally {
    $("draft-button").disabled = false;
  }
}

function keyFacts(textarea) {
  return textarea.value.split("\n").map((line) => line.trim()).filter(Boolean);
}

async function reviewDraft(decision) {
  if (!staff.draftId) { $("draft-status").textContent = "Draft a reply first."; return; }
  const buttons = [$("approve-draft"), $("reject-draft")];
  buttons.forEach((b) => { b.disabled = true; });
  try {
    await api(`/api/drafts/${staff.draftId}/review`, {
      method: "POST",
      body: JSON.stringify({ decision, text: $("draft-text").value, key_facts: keyFacts($("draft-facts")) }),
    });
    $("draft-status").textContent = decision === "approved" ? "Approved and recorded." : "Rejected.";
  } catch (err) {
    if (err.message !== "unauthorized") $("draft-status").textContent = err.message;
  }
}

async function openConversation(conversationId) {
  const data = await api(`/api/conversations/${conversationId}`);
  const list = $("conversation-turns");
  list.replaceChildren();
  for (const turn of data.turns) {
    const timings = turn.timings.map((t) => `${t.stage} ${t.ms.toFixed(1)} ms`).join(" · ");
    const sources = el("ol", { class: "citations" });
    for (const c of turn.citations) sources.append(el("li", {}, el("a", { href: c.url, target: "_blank", rel: "noopener noreferrer", text: c.title }), el("span", { class: "meta", text: ` — ${c.section}, ${c.dated || "as of " + c.as_of}` })));
    const correction = el("textarea", { rows: "3", "aria-label": "Corrected answer" });
    correction.value = turn.answer;
    const facts = el("textarea", { rows: "2", "aria-label": "Key facts (one per line)", placeholder: "Key facts a correct answer must contain, one per line" });
    const status = el("span", { role: "status" });
    const approve = el("button", { type: "button", text: "Approve answer", onclick: async (event) => {
      const button = event.currentTarget;
      button.disabled = true; // one review per turn; a later correction replaces it
      try {
        await api(`/api/staff/turns/${turn.id}/review`, { method: "POST", body: JSON.stringify({ decision: "approved", text: correction.value, key_facts: keyFacts(facts) }) });
        status.textContent = correction.value === turn.answer ? " Approved." : " Correction recorded.";
      } finally {
        button.disabled = false;
      }
    } });
    list.append(el("li", { class: "turn", "data-turn": turn.id },
      el("p", { class: "who", text: `You asked · status ${turn.status}` }), el("p", { text: turn.question }),
      el("p", { class: "who", text: "Assistant" }), formatted(turn.answer), sources,
      el("p", { class: "timings", text: timings }),
      el("div", { class: "review" }, correction, facts, el("div", { class: "actions" }, approve, status))));
  }
  $("conversation").hidden = false;
  $("conversation-heading").focus();
}

async function loadDowns() {
  const queue = await api("/api/staff/queue");
  const downs = $("downs");
  downs.replaceChildren();
  for (const d of queue.thumbs_down) {
    downs.append(el("li", {}, el("p", { text: d.question }),
      el("p", { class: "meta", text: `${when(d.created_at)}${d.comment ? " · “" + d.comment + "”" : ""}` }),
      el("button", { type: "button", class: "secondary", text: "Open conversation", onclick: () => openConversation(d.conversation_id) })));
  }
  if (!queue.thumbs_down.length) downs.append(el("li", { text: "No thumbs-down answers waiting." }));
}

async function copyText(text, status) {
  try {
    await navigator.clipboard.writeText(text);
    status.textContent = "Copied to the clipboard.";
  } catch (err) {
    status.textContent = "Copying was blocked by the browser: select the text and copy it by hand.";
  }
}

async function loadKnowledge() {
  const report = await api("/api/staff/knowledge");
  const s = report.summary;
  $("knowledge-summary").textContent = `${report.errors} errors, ${report.warnings} warnings on ${report.today}: ` +
    `${s.documents_checked || 0} of ${s.documents || 0} documents checked, ${s.lapsed_facts || 0} lapsed facts.`;
  const list = $("knowledge-findings");
  list.replaceChildren();
  for (const f of report.findings) {
    list.append(el("li", { class: f.severity },
      el("p", { text: `${f.severity === "error" ? "Error" : "Warning"}: ${f.kind.replace(/_/g, " ")} — ${f.where}` }),
      el("p", { class: "meta", text: f.message })));
  }
  if (!report.findings.length) list.append(el("li", { text: "Nothing to report." }));
}

document.addEventListener("DOMContentLoaded", () => {
  $("signin-form").addEventListener("submit", (event) => { event.preventDefault(); signIn($("token").value.trim()); });
  $("sign-out").addEventListener("click", () => signOut("You have signed out."));
  $("draft-form").addEventListener("submit", draftReply);
  $("approve-draft").addEventListener("click", () => reviewDraft("approved"));
  $("reject-draft").addEventListener("click", () => reviewDraft("rejected"));
  $("copy-draft").addEventListener("click", () => copyText($("draft-text").value, $("draft-status")));
  $("run-knowledge").addEventListener("click", loadKnowledge);
  setUpInbox();
  if (staff.token) signIn(staff.token);
});
