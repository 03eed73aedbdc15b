// The engine's advice on the result card (what would change the outcome, which products fit, both
// sides of a boundary), and two results side by side with what changed highlighted. Plain JavaScript,
// no build step; text goes in through textContent only (el() in dom.js).
"use strict";

const FACT_LABELS = {
  exporter_country: "Exporter's country", buyer_country: "Buyer's country", buyer_hq_country: "Buyer's parent headquarters",
  buyer_sector: "Buyer's sector", item: "Item", eccn: "ECCN", end_use: "End use", restricted_party: "Restricted party",
  license_status: "Export licence", contract_value_usd: "Contract value", us_content_pct: "U.S. content",
  cash_payment_pct: "Cash payment", repayment_months: "Repayment term", small_business: "Small business",
};

function factValue(name, value) {
  if (value === null || value === undefined || value === "") return "not given";
  if (name === "contract_value_usd") return money(value);
  if (name.endsWith("_pct")) return `${value}%`;
  if (name === "repayment_months") return `${value} months`;
  if (typeof value === "boolean") return value ? "yes" : "no";
  return String(value).replace(/_/g, " ");
}

function citeLink(citation) {
  return el("a", { href: citation.url, target: "_blank", rel: "noopener noreferrer", class: "doc-link",
    text: `${citation.title}, “${citation.section.replace(/-/g, " ")}”` });
}

// onTry(change): when given (the facts form), each change the exporter can make gets a button that
// applies it to the form and checks again, side by side.
function renderAdvice(result, onTry) {
  const box = el("div", { class: "advice" });
  const fixes = (result.changes || []).filter((c) => c.kind !== "amount");
  const more = (result.changes || []).filter((c) => c.kind === "amount");
  const changeList = (changes) => {
    const list = el("ul", { class: "changes" });
    for (const change of changes) {
      const item = el("li", { class: `change kind-${change.kind}${change.decisive ? " decisive" : ""}` },
        el("span", { text: change.message }), " ", el("span", { class: "cite" }, "(", citeLink(change.citation), ")"));
      if (onTry && Object.keys(change.set).length) {
        item.append(" ", el("button", { type: "button", class: "secondary try", text: "Try this",
          "aria-label": `Try this change: ${Object.keys(change.set).map((k) => FACT_LABELS[k] || k).join(", ")}`,
          onclick: () => onTry(change) }));
      }
      list.append(item);
    }
    return list;
  };
  if (fixes.length) box.append(el("h4", { text: "What would change the outcome" }), changeList(fixes));
  if (more.length) box.append(el("h4", { text: "More support" }), changeList(more));
  if ((result.products || []).length) {
    const list = el("ul", { class: "products" });
    for (const product of result.products) {
      list.append(el("li", {}, el("strong", { text: product.name }), `: ${product.conditions.join("; ")} `,
        el("span", { class: "cite" }, "(", citeLink(product.citation), ")")));
    }
    box.append(el("h4", { text: result.outcome === "eligible" ? "Which products fit" : "Which products would fit" }), list);
  }
  if ((result.boundaries || []).length) {
    const list = el("ul", { class: "boundaries" });
    for (const boundary of result.boundaries) {
      const sides = el("div", { class: "sides" });
      for (const side of boundary.sides) {
        sides.append(el("div", { class: `side${side.current ? " current" : ""}` },
          el("p", { class: "side-label", text: `${side.label}${side.current ? " (as entered)" : ""}` }),
          el("p", { text: [TERMS[side.term] || "Term unknown", OUTCOMES[side.outcome] || side.outcome,
            side.supported_amount_usd != null ? `up to ${money(side.supported_amount_usd)}` : null,
            side.programs.map((p) => p.name).join(", ") || null].filter(Boolean).join(" · ") })));
      }
      list.append(el("li", {}, el("span", { text: boundary.message }), " ",
        el("span", { class: "cite" }, "(", citeLink(boundary.citation), ")"), sides));
    }
    box.append(el("h4", { text: "At a boundary: both sides" }), list);
  }
  return box;
}

// Which parts of two results differ: outcome, term, supported_amount_usd, programs, and rule ids.
function differencesOf(before, after) {
  const parts = ["outcome", "term", "supported_amount_usd"].filter((p) => before[p] !== after[p]);
  const ids = (r) => r.programs.map((p) => p.id).join(",");
  if (ids(before) !== ids(after)) parts.push("programs");
  const old = Object.fromEntries(before.checks.map((c) => [c.rule_id, c.result]));
  for (const check of after.checks) if (old[check.rule_id] !== check.result) parts.push(check.rule_id);
  return parts;
}

function changedFactsOf(beforeFacts, afterFacts) {
  const names = [...new Set([...Object.keys(beforeFacts), ...Object.keys(afterFacts)])];
  return names.filter((n) => beforeFacts[n] !== afterFacts[n])
    .map((n) => ({ fact: n, before: beforeFacts[n] ?? null, after: afterFacts[n] ?? null }));
}

// Both results together: the facts that changed, then the two cards with the parts that moved marked.
function renderComparison(before, after, changedFacts, differences, onTry) {
  const box = el("section", { class: "comparison", "aria-label": "Results side by side" });
  const facts = el("ul", { class: "changed-facts" });
  for (const c of changedFacts) {
    facts.append(el("li", {}, `${FACT_LABELS[c.fact] || c.fact}: `, el("del", { text: factValue(c.fact, c.before) }),
      " → ", el("mark", { text: factValue(c.fact, c.after) })));
  }
  box.append(el("h3", { text: "What changed" }), facts);
  const moved = new Set(differences);
  const row = el("div", { class: "side-by-side" });
  row.append(el("div", { class: "column before" }, el("h4", { text: "Before" }), renderEligibility(before, { moved })),
    el("div", { class: "column after" }, el("h4", { text: "After" }), renderEligibility(after, { moved, onTry })));
  box.append(row);
  return box;
}
