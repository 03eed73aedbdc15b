// "What this can and can't do": limits, how current the knowledge is and how to reach EXIM and BIS,
// from /api/about (wording in config/about.yaml, dates from the serving index). Short enough to sit
// on a phone's first screen.
"use strict";

async function loadAbout() {
  const box = $("about-body");
  const reply = await fetch("/api/about").catch(() => null);
  if (!reply || !reply.ok) return;  // the static text in index.html stays
  const about = await reply.json();
  const cannot = el("ul", { class: "limits" });
  for (const line of about.cannot) cannot.append(el("li", { text: line }));
  const contacts = el("p", { class: "contacts" }, "To talk to a person: ");
  about.contacts.forEach((c, i) => {
    if (i) contacts.append(i === about.contacts.length - 1 ? " or " : ", ");
    contacts.append(el("a", { href: c.url, target: "_blank", rel: "noopener noreferrer", text: c.name }),
      ` (${c.purpose}`, c.phone ? el("span", { class: "phone" }, ", ", el("a", { href: `tel:${c.phone}`, text: c.phone })) : "", ")");
  });
  contacts.append(".");
  const when = about.knowledge_checked
    ? `Its ${about.documents} source documents were last checked on ${humanDate(about.knowledge_checked)}; rules change, so check the linked pages. `
    : "Its sources carry their own dates; rules change, so check the linked pages. ";
  box.replaceChildren(el("p", { text: about.can }), el("p", { class: "cannot-title", text: "It cannot:" }), cannot,
    el("p", { class: "knowledge-date" }, when, about.kept), contacts);
}
