// /admin/flags: each row's form saves through PUT /api/admin/flags/{name} (JSON, same origin).
"use strict";

function showStatus(text, isError) {
  const status = document.getElementById("status");
  status.textContent = text;
  status.style.color = isError ? "#b42318" : "";
}

function showFlag(flag) {
  const row = document.querySelector(`tr[data-flag="${CSS.escape(flag.name)}"]`);
  const state = row.querySelector('[data-field="state"]');
  state.textContent = flag.enabled ? "on" : "off";
  state.className = flag.enabled ? "on" : "off";
  row.querySelector('[data-field="percent"]').textContent = `${flag.rollout_percent} %`;
  row.querySelector('[data-field="changed"]').textContent = flag.updated_at || "default";
}

async function save(event) {
  event.preventDefault();
  const form = event.currentTarget;
  const name = form.dataset.flag;
  const body = {
    enabled: form.elements.enabled.checked,
    rollout_percent: Number(form.elements.rollout_percent.value),
  };
  const response = await fetch(`/api/admin/flags/${encodeURIComponent(name)}`, {
    method: "PUT",
    headers: { "Content-Type": "application/json" },
    credentials: "same-origin",
    body: JSON.stringify(body),
  });
  const answer = await response.json().catch(() => ({}));
  if (!response.ok) {
    const detail = typeof answer.detail === "string" ? answer.detail : JSON.stringify(answer.detail);
    showStatus(`${name}: not saved (${response.status}): ${detail}`, true);
    return;
  }
  showFlag(answer);
  showStatus(`${name}: ${answer.enabled ? "on" : "off"} at ${answer.rollout_percent} %, saved.`, false);
}

for (const form of document.querySelectorAll("form.flag-form")) {
  form.addEventListener("submit", save);
}
