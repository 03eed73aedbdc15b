// The "Check a deal" form: country names (with an autocomplete from knowledge/iso3166.csv via
// /api/countries), money as people type it, plain error messages tied to their fields (GOV.UK error
// summary pattern) and what is still needed asked as questions (config/intake.yaml via /api/fact-questions).
"use strict";

const reference = { countries: new Map(), questions: {} };
const NUMBER_FIELDS = ["contract_value_usd", "us_content_pct", "cash_payment_pct", "repayment_months"];
const COUNTRY_FIELDS = ["exporter_country", "buyer_country", "buyer_hq_country"];
const SCALES = { k: 1e3, thousand: 1e3, m: 1e6, mm: 1e6, mn: 1e6, million: 1e6, b: 1e9, bn: 1e9, billion: 1e9 };

// "$4M", "4 million", "USD 4,000,000", "4.5m", "2 bn", "4 000 000" → dollars; null when it is not an amount.
function parseMoney(text) {
  const cleaned = String(text).trim().toLowerCase()
    .replace(/^(usd|us\$|u\.s\.\s*dollars?)\s*/, "").replace(/\s*(usd|dollars?|us dollars?)$/, "")
    .replace(/^\$\s*/, "");
  const match = /^(\d{1,3}(?:[,\s]\d{3})+|\d+)(\.\d+)?\s*([a-z]+)?$/.exec(cleaned);
  if (!match) return null;
  const scale = match[3] ? SCALES[match[3]] : 1;
  if (!scale) return null;
  const value = Number(match[1].replace(/[,\s]/g, "") + (match[2] || "")) * scale;
  return Number.isFinite(value) ? Math.round(value * 100) / 100 : null;
}

// "15", "15%", "15 percent" → 15; null otherwise.
function parseNumber(text) {
  const match = /^(\d+(?:\.\d+)?)\s*(%|percent|per cent|months?)?$/i.exec(String(text).trim());
  return match ? Number(match[1]) : null;
}

function countryKey(text) {
  return String(text).trim().toLowerCase().replace(/[.’']/g, "").replace(/\s+/g, " ");
}

function countryCode(text) {
  const key = countryKey(text);
  // A two-letter code is taken as typed when the list has not loaded (the server checks it then).
  if (/^[a-z]{2}$/.test(key) && (!reference.codes || reference.codes.has(key.toUpperCase()))) return key.toUpperCase();
  return reference.countries.get(key) || null;
}

async function loadReference() {
  const [countries, questions] = await Promise.all([
    fetch("/api/countries").then((r) => (r.ok ? r.json() : null)).catch(() => null),
    fetch("/api/fact-questions").then((r) => (r.ok ? r.json() : null)).catch(() => null),
  ]);
  if (countries) {
    const list = $("country-names");
    reference.codes = new Set(countries.countries.map((c) => c.code));
    for (const country of countries.countries) {
      // The official name and the usual one ("Viet Nam", "Vietnam"): the first alias in iso3166.csv.
      for (const name of new Set([country.name, ...country.aliases.slice(0, 1)])) list.append(el("option", { value: name }));
      for (const name of [country.name, ...country.aliases]) {
        if (!reference.countries.has(countryKey(name))) reference.countries.set(countryKey(name), country.code);
      }
    }
  }
  if (questions) reference.questions = questions.questions;
}

function questionFor(fact) {
  return reference.questions[fact] || `${(FACT_LABELS[fact] || fact.replace(/_/g, " "))}?`;
}

// Reads the form. Returns {facts, problems}: problems name the field and say what to enter, in words.
function readFacts(form) {
  const facts = {};
  const problems = [];
  for (const [key, raw] of new FormData(form).entries()) {
    const value = String(raw).trim();
    if (!value) continue;
    if (key === "contract_value_usd") {
      const amount = parseMoney(value);
      if (amount === null || amount <= 0) problems.push({ field: key, message: "Enter the contract value in U.S. dollars, for example 4,000,000 or $4M" });
      else facts[key] = amount;
    } else if (NUMBER_FIELDS.includes(key)) {
      const number = parseNumber(value);
      const label = FACT_LABELS[key];
      if (number === null) problems.push({ field: key, message: key === "repayment_months" ? "Enter the repayment term as a number of months, for example 60" : `Enter ${label.toLowerCase()} as a percentage, for example 85` });
      else if (key.endsWith("_pct") && number > 100) problems.push({ field: key, message: `${label} must be between 0 and 100%` });
      else facts[key] = number;
    } else if (key === "restricted_party") {
      facts[key] = value === "true";
    } else if (COUNTRY_FIELDS.includes(key)) {
      const code = countryCode(value);
      if (!code) problems.push({ field: key, message: `Enter a country name, for example Vietnam, or its two-letter code (VN) — “${value}” is not one we know` });
      else facts[key] = code;
    } else {
      facts[key] = value;
    }
  }
  return { facts, problems };
}

// The server's validation errors, in the same words as the form's own (field label, then what to do).
function serverProblems(data) {
  const details = (data.error && data.error.details) || [];
  if (!details.length) return [{ field: null, message: (data.error && data.error.message) || "The check could not be made. Try again." }];
  return details.map((d) => {
    const label = FACT_LABELS[d.field] || d.field.replace(/_/g, " ");
    const message = String(d.message).replace(/^Input should be /, "must be ").replace(/^Value error, /, "");
    return { field: d.field, message: `${label}: ${message}` };
  });
}

function showFormProblems(form, problems) {
  const summary = $("facts-error");
  for (const old of form.querySelectorAll(".field-error")) old.remove();
  for (const input of form.querySelectorAll("[aria-invalid]")) {
    input.removeAttribute("aria-invalid");
    input.setAttribute("aria-describedby", (input.getAttribute("aria-describedby") || "").replace(/\s*err-\S+/g, "").trim());
  }
  summary.replaceChildren();
  summary.hidden = !problems.length;
  if (!problems.length) return;
  const list = el("ul", { class: "error-summary-list" });
  for (const problem of problems) {
    const input = problem.field && form.elements.namedItem(problem.field);
    if (input) {
      const id = `err-${problem.field}`;
      input.setAttribute("aria-invalid", "true");
      input.setAttribute("aria-describedby", `${input.getAttribute("aria-describedby") || ""} ${id}`.trim());
      input.before(el("p", { class: "field-error", id, text: problem.message }));
      list.append(el("li", {}, el("a", { href: `#${input.id}`, text: problem.message,
        onclick: (event) => { event.preventDefault(); input.focus(); } })));
    } else {
      list.append(el("li", { text: problem.message }));
    }
  }
  summary.append(el("h3", { class: "error-summary-title", text: "There is a problem" }), list);
  summary.focus();
}

// As the contract value is typed, say what it was read as ("$4M" → "$4,000,000").
function echoMoney(input) {
  const echo = $("contract-value-echo");
  const amount = input.value.trim() ? parseMoney(input.value) : null;
  echo.textContent = amount ? `Read as ${money(amount)}` : "";
}
