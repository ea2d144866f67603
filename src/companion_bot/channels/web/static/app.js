// companion-bot chat page. Plain JS, no build step. User text only ever goes through
// textContent (never parsed as markup), so a "<script>" in a meeting name shows as text.
"use strict";

const $ = (selector) => document.querySelector(selector);
const state = { user: null, shown: new Set(), lastId: 0, oldest: null, stream: null };

// ---- API -------------------------------------------------------------------------------

async function api(method, path, body) {
  const init = { method, credentials: "same-origin", headers: { Accept: "application/json" } };
  if (method !== "GET") {
    init.headers["Content-Type"] = "application/json"; // required: the API's CSRF defence
    init.body = JSON.stringify(body ?? {});
  }
  const response = await fetch(path, init);
  const data = response.status === 204 ? null : await response.json().catch(() => null);
  if (!response.ok) {
    const error = new Error(describe(data, response.status));
    error.status = response.status;
    throw error;
  }
  return data;
}

function describe(data, status) {
  const detail = data && data.detail;
  if (typeof detail === "string") return detail;
  if (Array.isArray(detail) && detail.length) {
    return detail.map((d) => String(d.msg || "").replace(/^Value error, /, "")).join("; ");
  }
  return `Request failed (${status})`;
}

// ---- time zones ------------------------------------------------------------------------

function browserZone() {
  try { return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC"; } catch { return "UTC"; }
}

function fillZones(select, chosen) {
  let zones = [];
  try { zones = Intl.supportedValuesOf("timeZone"); } catch { zones = []; }
  for (const extra of ["UTC", browserZone(), chosen]) {
    if (extra && !zones.includes(extra)) zones.push(extra);
  }
  select.replaceChildren(...zones.sort().map((zone) => {
    const option = document.createElement("option");
    option.value = zone;
    option.textContent = zone.replaceAll("_", " ");
    return option;
  }));
  select.value = chosen || browserZone();
}

// ---- rendering -------------------------------------------------------------------------

function addMessage(message) {
  if (state.shown.has(message.id)) return false;
  state.shown.add(message.id);
  state.lastId = Math.max(state.lastId, message.id);
  const item = document.createElement("li");
  item.className = `${message.role} ${message.message_type}`;
  item.dataset.id = String(message.id);
  const text = document.createElement("span");
  text.textContent = message.content;
  const time = document.createElement("time");
  time.dateTime = message.created_at;
  time.textContent = new Date(message.created_at).toLocaleTimeString([], {
    hour: "2-digit", minute: "2-digit",
  });
  item.append(text, time);
  if (message.message_type === "proactive" && message.proactive_session_id) {
    item.append(quickActions(message));
  }
  const list = $("#messages");
  const after = [...list.children].find((li) => Number(li.dataset.id) > message.id);
  list.insertBefore(item, after || null);
  if (!after) list.scrollTop = list.scrollHeight;
  return true;
}

// Buttons under a proactive message: thanks, snooze (reminders, not questions), not a meeting.
function quickActions(message) {
  const box = document.createElement("div");
  box.className = "actions";
  const choices = [["ack", "Thanks"], ["snooze", "Snooze 10 min"], ["notmeeting", "Not a meeting"]];
  for (const [action, label] of choices) {
    if (action === "snooze" && message.is_question) continue;
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = label;
    button.dataset.action = action;
    button.addEventListener("click", () => quickAction(message.proactive_session_id, action, box));
    box.append(button);
  }
  return box;
}

async function quickAction(sessionId, action, box) {
  for (const button of box.querySelectorAll("button")) button.disabled = true;
  try {
    const result = await api("POST", `/api/proactive/${sessionId}/actions`, { action });
    const answer = document.createElement("span");
    answer.className = "feedback";
    answer.textContent = result.text;
    box.replaceChildren(answer);
    if (action !== "ack") refreshSchedules();
  } catch (error) {
    for (const button of box.querySelectorAll("button")) button.disabled = false;
    report(error);
  }
}

function formatWhen(schedule, zone) {
  const options = { timeZone: zone, weekday: "short", day: "numeric", month: "short" };
  const start = new Date(schedule.start_time);
  const day = start.toLocaleDateString([], options);
  if (schedule.time_is_approximate) return day;
  const clock = { timeZone: zone, hour: "2-digit", minute: "2-digit" };
  let when = `${day}, ${start.toLocaleTimeString([], clock)}`;
  if (schedule.end_time) when += `–${new Date(schedule.end_time).toLocaleTimeString([], clock)}`;
  return when;
}

function renderSchedules(data) {
  const list = $("#schedule-list");
  list.replaceChildren(...data.items.map((schedule) => {
    const item = document.createElement("li");
    item.dataset.id = String(schedule.id);
    const info = document.createElement("div");
    const name = document.createElement("div");
    name.className = "name";
    name.textContent = schedule.event_name;
    const when = document.createElement("div");
    when.className = "when";
    when.textContent = formatWhen(schedule, data.timezone);
    if (schedule.channel !== "web") when.textContent += ` · ${schedule.channel}`;
    info.append(name, when);
    const cancel = document.createElement("button");
    cancel.type = "button";
    cancel.textContent = "Cancel";
    cancel.setAttribute("aria-label", `Cancel ${schedule.event_name}`);
    cancel.addEventListener("click", () => cancelSchedule(schedule.id));
    item.append(info, cancel);
    return item;
  }));
  $("#schedule-empty").hidden = data.items.length > 0;
}

// ---- actions ---------------------------------------------------------------------------

let scheduleTimer = null;
function refreshSchedules() {
  clearTimeout(scheduleTimer);
  scheduleTimer = setTimeout(async () => {
    try { renderSchedules(await api("GET", "/api/schedules")); } catch (error) { report(error); }
  }, 50);
}

async function cancelSchedule(id) {
  try {
    await api("PATCH", `/api/schedules/${id}`, { status: "cancelled" });
    refreshSchedules();
  } catch (error) { report(error); }
}

function report(error) {
  if (error.status === 401) { showOnboarding(); return; }
  $("#chat-error").textContent = error.message;
}

async function loadHistory(before) {
  const query = before ? `?before=${before}` : "";
  const page = await api("GET", `/api/messages${query}`);
  page.items.forEach(addMessage);
  state.oldest = page.next_before;
  $("#older").hidden = !page.next_before;
}

function openStream() {
  if (state.stream) state.stream.close();
  // On reconnect the browser sends Last-Event-ID itself; the server replays what was missed.
  const stream = new EventSource(`/api/stream?since=${state.lastId}`);
  stream.addEventListener("message", (event) => {
    const message = JSON.parse(event.data);
    if (addMessage(message) && message.role === "bot") refreshSchedules();
  });
  stream.addEventListener("open", () => { document.body.dataset.live = "on"; });
  stream.addEventListener("error", () => { document.body.dataset.live = "off"; });
  state.stream = stream;
}

async function sendMessage(event) {
  event.preventDefault();
  const input = $("#text");
  const text = input.value;
  if (!text.trim()) return;
  $("#chat-error").textContent = "";
  try {
    const result = await api("POST", "/api/messages", { text });
    input.value = "";
    addMessage(result.message);
    addMessage(result.reply);
    refreshSchedules(); // a reply may have created, moved, cancelled or completed a meeting
  } catch (error) { report(error); }
}

// ---- accounts and settings -------------------------------------------------------------

function showOnboarding() {
  if (state.stream) state.stream.close();
  state.user = null;
  $("#app").hidden = true;
  $("#account").hidden = true;
  $("#onboarding").hidden = false;
  fillZones($("#signup-form select"), browserZone());
}

async function showApp(user) {
  state.user = user;
  $("#who").textContent = user.username;
  showLinked(Boolean(user.telegram_linked));
  $("#onboarding").hidden = true;
  $("#account").hidden = false;
  $("#app").hidden = false;
  $("#messages").replaceChildren();
  state.shown.clear();
  state.lastId = 0;
  await loadHistory();
  openStream();
  refreshSchedules();
  $("#text").focus();
}

function authHandler(path, withZone) {
  return async (event) => {
    event.preventDefault();
    const form = new FormData(event.target);
    const body = { username: form.get("username"), password: form.get("password") };
    if (withZone) body.timezone = form.get("timezone");
    $("#auth-error").textContent = "";
    try {
      const result = await api("POST", path, body);
      event.target.reset();
      await showApp(result.user);
    } catch (error) { $("#auth-error").textContent = error.message; }
  };
}

async function openSettings() {
  const form = $("#settings-form");
  $("#settings-error").textContent = "";
  $("#delete-form").reset();
  $("#delete-error").textContent = "";
  try {
    const prefs = await api("GET", "/api/preferences");
    fillZones(form.elements.timezone, prefs.timezone);
    form.elements.reminder_lead_minutes.value = prefs.reminder_lead_minutes;
    form.elements.quiet_on.checked = Boolean(prefs.quiet_hours);
    if (prefs.quiet_hours) {
      form.elements.quiet_start.value = prefs.quiet_hours.start_hour;
      form.elements.quiet_end.value = prefs.quiet_hours.end_hour;
    }
    form.elements.max_proactive_per_day.value = prefs.max_proactive_per_day;
    form.elements.proactive_enabled.checked = prefs.proactive_enabled;
    $("#settings").showModal();
  } catch (error) { report(error); }
}

async function saveSettings(event) {
  event.preventDefault();
  const f = $("#settings-form").elements;
  const body = {
    timezone: f.timezone.value,
    reminder_lead_minutes: Number(f.reminder_lead_minutes.value),
    quiet_hours: f.quiet_on.checked
      ? { start_hour: Number(f.quiet_start.value), end_hour: Number(f.quiet_end.value) }
      : null,
    max_proactive_per_day: Number(f.max_proactive_per_day.value),
    proactive_enabled: f.proactive_enabled.checked,
  };
  try {
    await api("PUT", "/api/preferences", body);
    $("#settings").close();
    refreshSchedules();
  } catch (error) { $("#settings-error").textContent = error.message; }
}

async function deleteAccount(event) {
  event.preventDefault();
  const password = event.target.elements.password.value;
  $("#delete-error").textContent = "";
  const sure = "Delete your account and everything stored about you? There is no undo.";
  if (!window.confirm(sure)) return;
  try {
    await api("DELETE", "/api/me", { password });
    event.target.reset();
    $("#settings").close();
    showOnboarding();
  } catch (error) {
    if (error.status === 401) { $("#settings").close(); showOnboarding(); return; }
    $("#delete-error").textContent = error.message;
  }
}

function showLinked(linked) {
  $("#telegram-linked").hidden = !linked;
  $("#telegram-unlinked").hidden = linked;
}

async function linkTelegram() {
  $("#link-error").textContent = "";
  try {
    const link = await api("POST", "/api/link/telegram", {});
    const target = $("#link-code");
    target.textContent = `${link.code} — ${link.instructions}`;
    target.hidden = false;
    // Only a t.me link from the server is ever put in href.
    const deep = link.deep_link && link.deep_link.startsWith("https://t.me/");
    if (deep) $("#link-deep").href = link.deep_link;
    $("#link-open").hidden = !deep;
  } catch (error) {
    if (error.status === 401) { showOnboarding(); return; }
    if (error.status === 409) { showLinked(true); return; }
    $("#link-error").textContent = error.message;
  }
}

async function enterLinkCode(event) {
  event.preventDefault();
  const input = event.target.elements.code;
  $("#link-error").textContent = "";
  try {
    const result = await api("POST", "/api/link", { code: input.value.trim() });
    input.value = "";
    showLinked(true);
    $("#telegram-linked").textContent = result.message;
    await showApp(await api("GET", "/api/auth/me")); // the chat's meetings joined this account
  } catch (error) {
    if (error.status === 401) { showOnboarding(); return; }
    $("#link-error").textContent = error.message;
  }
}

async function start() {
  $("#signup-form").addEventListener("submit", authHandler("/api/auth/signup", true));
  $("#login-form").addEventListener("submit", authHandler("/api/auth/login", false));
  $("#composer").addEventListener("submit", sendMessage);
  $("#older").addEventListener("click", () => loadHistory(state.oldest).catch(report));
  $("#logout").addEventListener("click", async () => {
    await api("POST", "/api/auth/logout", {}).catch(() => null);
    showOnboarding();
  });
  $("#open-settings").addEventListener("click", openSettings);
  $("#settings-form").addEventListener("submit", saveSettings);
  $("#settings-cancel").addEventListener("click", () => $("#settings").close());
  $("#delete-form").addEventListener("submit", deleteAccount);
  $("#link-telegram").addEventListener("click", linkTelegram);
  $("#link-form").addEventListener("submit", enterLinkCode);
  try {
    await showApp(await api("GET", "/api/auth/me"));
  } catch {
    showOnboarding();
  }
}

start();
