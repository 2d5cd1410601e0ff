"use strict";
function esc(s) {
  return String(s).replace(/[&<>"']/g, c => ({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c]));
}
function val(id) { return document.getElementById(id).value.trim(); }
function encounter() {
  const enc = { note: document.getElementById("note").value };
  if (val("dos")) enc.date_of_service = val("dos");
  if (val("payer")) enc.payer = val("payer");
  if (val("setting")) enc.setting = val("setting");
  let provider = null;
  if (val("provider") || val("group") || val("specialty")) {
    provider = {};
    if (val("provider")) provider.id = val("provider");
    if (val("group")) provider.group = val("group");
    if (val("specialty")) provider.specialty = val("specialty");
    enc.provider = provider;
  }
  const codes = val("codes").split(/[,;\s]+/).filter(Boolean);
  if (codes.length) enc.procedures = codes.map(c => { const [code, lat] = c.split(":"); return lat ? { code, laterality: lat } : { code }; });
  const priors = val("priors").split(/\n+/).map(s => s.trim()).filter(Boolean);
  if (priors.length) enc.history = priors.map(p => {
    const parts = p.split(":").map(s => s.trim());
    const h = { code: parts[0], date: parts[1] };
    for (const x of parts.slice(2)) {
      if (/^\d+$/.test(x)) h.global_days = Number(x);
      else if (/^(XXX|ZZZ|YYY|MMM)$/i.test(x)) h.global_days = x.toUpperCase();
      else if (x) h.laterality = x;
    }
    if (provider) h.provider = provider;
    return h;
  });
  return enc;
}
function highlights(result) {
  const all = [];
  for (const line of result.procedures) {
    for (const s of line.suggestions) {
      if (!line.recommended.includes(s.modifier)) continue;
      for (const e of s.evidence) all.push({ s: e.char_start, e: e.char_end, cls: e.effect, title: `${e.effect} ${s.modifier}: ${e.rule} (${e.assertion}, ${e.section})` });
    }
    if (line.global_period && line.global_period.evidence) {
      for (const e of line.global_period.evidence) all.push({ s: e.char_start, e: e.char_end, cls: "context", title: `global period: ${e.rule} (${e.assertion})` });
    }
  }
  all.sort((a, b) => a.s - b.s || b.e - a.e);
  const out = [];
  for (const h of all) { if (!out.length || h.s >= out[out.length - 1].e) out.push(h); }
  return out;
}
function noteHtml(note, hs) {
  const chars = Array.from(note);
  let html = "", at = 0;
  for (const h of hs) {
    html += esc(chars.slice(at, h.s).join(""));
    html += `<mark class="${esc(h.cls)}" title="${esc(h.title)}" data-rule="${esc(h.title)}">${esc(chars.slice(h.s, h.e).join(""))}</mark>`;
    at = h.e;
  }
  return html + esc(chars.slice(at).join(""));
}
function render(note, r) {
  let html = "";
  for (const line of r.procedures) {
    const rec = line.recommended.length ? line.recommended.map(m => `<span class="mod">${esc(m)}</span>`).join("") : " no modifier";
    html += `<div class="line"><div class="rec">${esc(line.code || "(no code)")}:${rec}</div>`;
    const g = line.global_period;
    if (g) html += `<div>global period: ${esc(g.status)}${g.index_code ? ", index " + esc(g.index_code) : ""}${g.index_date ? " of " + esc(g.index_date) : ""}${g.ends ? ", ends " + esc(g.ends) : ""}</div>`;
    html += "<table><tr><th>modifier</th><th>score</th><th>rationale</th></tr>";
    for (const s of line.suggestions.filter(s => s.score > 0 || line.recommended.includes(s.modifier))) {
      html += `<tr class="${line.recommended.includes(s.modifier) ? "chosen" : ""}"><td>${esc(s.modifier)}</td><td>${s.score.toFixed(2)}</td><td>${esc(s.rationale)}</td></tr>`;
    }
    html += "</table></div>";
  }
  for (const f of r.findings) html += `<div class="${f.severity === "error" ? "err" : "warn"}">${esc(f.severity)} ${esc(f.kind)}: ${esc(f.message)}</div>`;
  for (const w of r.warnings) html += `<div class="warn">${esc(w)}</div>`;
  html += `<h2>Note</h2><pre id="note-view">${noteHtml(note, highlights(r))}</pre>`;
  return html;
}
// A pasted HL7 v2 message (leading MSH) or FHIR Bundle is sent as it is:
// the server reads its notes and context, and answers with each note's
// result and `note` text (an array when it holds several notes).
function foreign(text) {
  const t = text.replace(/^[\ufeff\u000b\s]+/, "");
  if (/^MSH[|^~\\&#!@%*]/.test(t)) return true;
  if (!t.startsWith("{")) return false;
  try { return JSON.parse(t).resourceType === "Bundle"; } catch (e) { return false; }
}
function renderAll(body, note) {
  if (!Array.isArray(body)) return render(body.note !== undefined ? body.note : note, body);
  return body.map(r => `<h2>${esc(r.id || "(no id)")}</h2>` + (r.error ? `<div class="err">${esc(r.error.message)}</div>` : render(r.note, r))).join("");
}
const TOKEN_KEY = "modcite-token";
function authHeaders() {
  const token = sessionStorage.getItem(TOKEN_KEY);
  return token ? { Authorization: `Bearer ${token}` } : {};
}
function askForToken(message) {
  const box = document.getElementById("auth");
  box.hidden = false;
  document.getElementById("result").innerHTML = `<div class="err">${esc(message)}</div>`;
  document.getElementById("token").focus();
}
async function suggest() {
  const out = document.getElementById("result");
  const enc = encounter();
  const raw = foreign(enc.note);
  out.textContent = "Analyzing...";
  try {
    const request = raw
      ? { method: "POST", headers: { "Content-Type": "text/plain; charset=utf-8", ...authHeaders() }, body: enc.note }
      : { method: "POST", headers: { "Content-Type": "application/json", ...authHeaders() }, body: JSON.stringify(enc) };
    const resp = await fetch("/api/suggest", request);
    const body = await resp.json();
    if (resp.status === 401) {
      sessionStorage.removeItem(TOKEN_KEY);
      askForToken("Enter the access token for this server.");
      return;
    }
    if (!resp.ok) { out.innerHTML = `<div class="err">${esc(body.error ? body.error.message : resp.statusText)}</div>`; return; }
    out.innerHTML = renderAll(body, enc.note);
  } catch (e) {
    out.innerHTML = `<div class="err">request failed: ${esc(e.message)}</div>`;
  }
}
document.getElementById("form").addEventListener("submit", ev => { ev.preventDefault(); suggest(); });
document.getElementById("auth").addEventListener("submit", ev => {
  ev.preventDefault();
  const field = document.getElementById("token");
  const token = field.value.trim();
  field.value = "";
  if (!token) return;
  sessionStorage.setItem(TOKEN_KEY, token);
  document.getElementById("auth").hidden = true;
  suggest();
});
