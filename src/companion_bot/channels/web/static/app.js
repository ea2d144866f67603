// companion-bot chat page. Plain JS, no build step. User text only ever goes through
// textContent (never parsed as markup), so a "<script>" in a meeting name shows as text.
"use strict";

const $ = (selector) => document.querySelector(selector);
const state = {
  user: null, shown: new Set(), lastId: 0, oldest: null, stream: null,
  outgoing: null, // the message being sent: { text, key, item, status, timer }; one at a time
  failed: null, // { text, key } of a message refused with an error: sent again, same key
};

// The server refuses longer messages (settings.max_message_chars, 4,000 by default).
const MAX_MESSAGE_CHARS = 4000;
const COUNTER_FROM = 3500;
const OFFLINE_QUEUED = "You're offline — the message will be sent when you're back.";
const OFFLINE_IDLE = "You're offline. What you send now goes out when you're back.";
const UNREACHABLE = "Can't reach the server — trying again…";
// A 409 to a message: received, its reply still being written. The page sends the same
// request again after Retry-After, for up to this long.
const REPLY_WAIT_MS = 30000;
const REPLY_COMING = "Received — the reply is on its way…";
const REPLY_SLOW = "The reply is taking too long. Your message is back in the box: press Send "
  + "to try again (it won't be stored twice).";

// ---- API -------------------------------------------------------------------------------

async function api(method, path, body, headers) {
  const init = {
    method, credentials: "same-origin", headers: { Accept: "application/json", ...headers },
  };
  if (method !== "GET") {
    init.headers["Content-Type"] = "application/json"; // required: the API's CSRF defence
    init.body = JSON.stringify(body ?? {});
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch (cause) { // no answer at all: offline, or the server is unreachable
    const error = new Error(navigator.onLine
      ? "Can't reach the server. Check your connection and try again."
      : "You're offline. Try again when you're back online.");
    error.network = true;
    error.cause = cause;
    throw error;
  }
  const data = response.status === 204 ? null : await response.json().catch(() => null);
  if (!response.ok) {
    const error = new Error(describe(data, response.status));
    error.status = response.status;
    const retry = response.headers.get("Retry-After"); // seconds, on a 409, 429 or 503
    error.retryAfter = retry && /^\d+$/.test(retry) ? Number(retry) : null;
    throw error;
  }
  return data;
}

function describe(data, status) {
  const detail = data && data.detail;
  if (typeof detail === "string") return detail;
  if (Array.isArray(detail) && detail.length) {
    return [...new Set(detail.map(friendly))].join(" ");
  }
  if (status >= 500) return "Something went wrong on our side. Please try again in a moment.";
  return `That didn't work (error ${status}). Please try again.`;
}

// ---- errors in words -------------------------------------------------------------------

const LABELS = {
  username: "Username", password: "Password", timezone: "Time zone", text: "Message",
  reminder_lead_minutes: "The reminder time", max_proactive_per_day: "Reminders a day",
  start_hour: "The start of quiet hours", end_hour: "The end of quiet hours",
  quiet_hours: "Quiet hours", code: "The code", event_name: "The meeting name",
  start_time: "The start", end_time: "The end",
  current_password: "Current password", new_password: "New password",
};

function sentence(text) {
  const trimmed = text.trim();
  const capital = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?…]$/.test(capital) ? capital : `${capital}.`;
}

// One invalid field of a 422 (FastAPI's {type, loc, msg, ctx}) as a sentence a person
// understands; the validator's own wording ("String should match pattern …") never shows.
function friendly(error) {
  const loc = Array.isArray(error.loc) ? error.loc : [];
  const field = [...loc].reverse().find((part) => typeof part === "string" && part !== "body");
  const label = LABELS[field] || "A field";
  const ctx = error.ctx || {};
  switch (error.type) {
    case "missing":
      return `${label} is required.`;
    case "string_too_short": case "too_short": // too_short: a str with its own validator
      return ctx.min_length > 1
        ? `${label} needs at least ${ctx.min_length} characters.` : `${label} can't be empty.`;
    case "string_too_long": case "too_long":
      return `${label} can be at most ${ctx.max_length} characters.`;
    case "string_pattern_mismatch":
      return field === "username"
        ? "Usernames can only use letters, digits and _ . - (no spaces or other symbols)."
        : `${label} contains characters that aren't allowed.`;
    case "greater_than_equal":
      return `${label} must be at least ${ctx.ge}.`;
    case "less_than_equal":
      return `${label} must be at most ${ctx.le}.`;
    case "int_parsing": case "int_type": case "int_from_float":
      return `${label} must be a whole number.`;
    case "value_error": {
      if (field === "timezone") return "Pick your time zone from the list.";
      // The API's own checks are written for people (e.g. "must not contain NUL …").
      const text = String(error.msg || "").replace(/^Value error, /, "");
      if (!text) break;
      return sentence(/^must\b/.test(text) ? `${label} ${text}` : text);
    }
    default:
      break;
  }
  return `${label} isn't valid.`;
}

// The sign-up rules, checked before asking the server (which checks them again).
function signupProblems(username, password) {
  const problems = [];
  if (!username) problems.push("Choose a username.");
  else if (!/^[A-Za-z0-9_.-]+$/.test(username)) {
    problems.push(friendly({ type: "string_pattern_mismatch", loc: ["body", "username"] }));
  } else if (username.length < 3) problems.push("Username needs at least 3 characters.");
  else if (username.length > 64) problems.push("Username can be at most 64 characters.");
  if (password.length < 8) problems.push("Password needs at least 8 characters.");
  else if (password.length > 256) problems.push("Password can be at most 256 characters.");
  return problems;
}

// A new password's rules, and the confirmation typed twice, checked before asking the server
// (which checks the length again and the current password).
function passwordProblems(current, password, again) {
  const problems = [];
  if (!current) problems.push("Enter your current password.");
  if (charCount(password) < 8) problems.push("New password needs at least 8 characters.");
  else if (charCount(password) > 256) {
    problems.push("New password can be at most 256 characters.");
  } else if (password !== again) {
    problems.push("The two new passwords don't match; type the same one twice.");
  }
  return problems;
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

// ---- times: one format, in the account's zone ------------------------------------------

// Every time on the page (messages and panel) is shown in the account's zone, whatever the
// browser's: "Fri 27 Nov, 15:00" (the words and the 12/24-hour clock follow the language).
function accountZone() {
  return (state.user && state.user.timezone) || browserZone();
}

function formatter(options, zone) {
  try {
    return new Intl.DateTimeFormat([], { ...options, timeZone: zone });
  } catch { // a zone this browser does not know: its own zone, still one format
    return new Intl.DateTimeFormat([], options);
  }
}

const DAY = { weekday: "short", day: "numeric", month: "short" };
const CLOCK = { hour: "numeric", minute: "2-digit" };
const dayKey = (date, zone) => formatter({ year: "numeric", month: "numeric", day: "numeric" },
  zone).format(date);
const formatDay = (date, zone) => formatter(DAY, zone).format(date);
const formatClock = (date, zone) => formatter(CLOCK, zone).format(date);

// A message's time: the clock today, the day and the clock before.
function formatStamp(iso, zone) {
  const date = new Date(iso);
  const clock = formatClock(date, zone);
  return dayKey(date, zone) === dayKey(new Date(), zone)
    ? clock : `${formatDay(date, zone)}, ${clock}`;
}

function stampTime(time) {
  const zone = accountZone();
  time.textContent = formatStamp(time.dateTime, zone);
  time.title = `${formatter({ dateStyle: "full", timeStyle: "short" }, zone)
    .format(new Date(time.dateTime))} (${zone.replaceAll("_", " ")})`;
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
  stampTime(time);
  item.append(text, time);
  if (message.message_type === "proactive" && message.proactive_session_id) {
    item.append(quickActions(message));
  }
  const list = $("#messages");
  // In id order; a message still being sent stays last.
  const after = [...list.children]
    .find((li) => !li.dataset.id || Number(li.dataset.id) > message.id);
  const newest = ![...list.children].some((li) => Number(li.dataset.id) > message.id);
  if (newest) { // answer and Undo buttons belong to the newest stored message alone
    for (const box of list.querySelectorAll(".answers, .undo")) box.remove();
    if (message.answers && message.answers.length) item.append(answerButtons(message.answers));
  }
  list.insertBefore(item, after || null);
  if (!after || !after.dataset.id) scrollToEnd();
  return true;
}

function scrollToEnd() {
  const list = $("#messages");
  list.scrollTop = list.scrollHeight;
}

// Buttons under the bot's latest message when it offers a choice ("Yes" / "No"): a press
// sends the answer as if typed.
function answerButtons(answers) {
  const box = document.createElement("div");
  box.className = "actions answers";
  for (const answer of answers) {
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = answer;
    button.addEventListener("click", () => {
      if (state.outgoing) return;
      $("#text").value = answer;
      $("#composer").requestSubmit();
    });
    box.append(button);
  }
  return box;
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
  const start = new Date(schedule.start_time);
  const day = formatDay(start, zone);
  if (schedule.time_is_approximate && schedule.kind !== "task") return day;
  let when = `${day}, ${formatClock(start, zone)}`;
  if (schedule.end_time) when += `–${formatClock(new Date(schedule.end_time), zone)}`;
  return when;
}

function renderSchedules(data) {
  const list = $("#schedule-list");
  const focused = document.activeElement; // in a meeting being edited: kept, as typed
  list.replaceChildren(...data.items.map((schedule) => {
    const kept = keptEditor(schedule.id);
    if (kept) return kept;
    const item = document.createElement("li");
    item.dataset.id = String(schedule.id);
    const info = document.createElement("div");
    const name = document.createElement("div");
    name.className = "name";
    // A task reminder ("remind me to call mom at 6"): "⏰ call mom", reminded at that time.
    const task = schedule.kind === "task";
    name.textContent = task ? `⏰ ${schedule.event_name}` : schedule.event_name;
    const when = document.createElement("div");
    when.className = "when";
    when.textContent = formatWhen(schedule, data.timezone);
    if (task) when.textContent += " · reminder";
    if (schedule.channel !== "web") when.textContent += ` · ${schedule.channel}`;
    info.append(name, when);
    // One occurrence of a repeating meeting: "↻ every weekday at 9:30 AM"; Cancel and Edit
    // change this occurrence alone.
    let which = "";
    if (schedule.recurrence) {
      const repeat = document.createElement("div");
      repeat.className = "repeat";
      repeat.textContent = `↻ ${schedule.recurrence}`;
      info.append(repeat);
      which = ` on ${formatWhen(schedule, data.timezone)}`;
    }
    const cancel = document.createElement("button");
    cancel.type = "button";
    cancel.textContent = "Cancel";
    cancel.setAttribute("aria-label",
      (task ? `Cancel the reminder ${schedule.event_name}` : `Cancel ${schedule.event_name}`)
      + which);
    cancel.addEventListener("click", () => cancelSchedule(schedule.id));
    item.append(info, editButton(schedule, data.timezone), cancel);
    return item;
  }));
  if (focused !== document.activeElement && list.contains(focused)) focused.focus();
  $("#schedule-empty").hidden = data.items.length > 0;
  $("#upcoming-count").textContent = data.items.length ? String(data.items.length) : "";
}

// ---- phone: chat or panel ----------------------------------------------------------------

function showView(view) {
  $("#app").dataset.view = view;
  $("#tab-chat").setAttribute("aria-selected", String(view === "chat"));
  $("#tab-panel").setAttribute("aria-selected", String(view === "panel"));
  if (view === "chat") scrollToEnd();
}

// ---- actions ---------------------------------------------------------------------------

let scheduleTimer = null;
function refreshSchedules() {
  clearTimeout(scheduleTimer);
  scheduleTimer = setTimeout(async () => {
    try {
      renderSchedules(await api("GET", "/api/schedules"));
    } catch (error) { // offline: the note says so, and the panel is read again once back
      if (!error.network) report(error);
    }
  }, 50);
}

async function cancelSchedule(id) {
  // Where the keyboard was when Cancel was pressed: the panel may be redrawn before the answer.
  const fromPanel = $("#schedule-list").contains(document.activeElement);
  try {
    const cancelled = await api("PATCH", `/api/schedules/${id}`, { status: "cancelled" });
    withdrawReplyUndo(); // the toast's Undo is the one for this change
    showUndoToast(cancelled, fromPanel); // "Cancelled “dentist” · Undo" (undo_toast.js)
    refreshSchedules();
  } catch (error) { report(error); }
}

function report(error) {
  if (error.status === 401) { showOnboarding(); return; }
  $("#chat-error").textContent = error.message;
}

// ---- sending: one message at a time, kept while offline, sent once ----------------------

function newKey() {
  if (crypto.randomUUID) return crypto.randomUUID(); // secure contexts only
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
  const part = (from, to) => hex.slice(from, to);
  return `${part(0, 8)}-${part(8, 12)}-${part(12, 16)}-${part(16, 20)}-${part(20)}`;
}

const charCount = (text) => [...text].length; // code points, as the server counts

function updateComposer() {
  const count = charCount($("#text").value);
  const counter = $("#counter");
  const over = count > MAX_MESSAGE_CHARS;
  counter.hidden = count < COUNTER_FROM;
  counter.classList.toggle("over", over);
  const limit = MAX_MESSAGE_CHARS.toLocaleString("en-US");
  counter.textContent = over
    ? `${count.toLocaleString("en-US")} / ${limit} characters: ${(count - MAX_MESSAGE_CHARS)
      .toLocaleString("en-US")} too many to send. Shorten it or split it in two.`
    : `${count.toLocaleString("en-US")} / ${limit} characters`;
  const send = $("#send");
  send.disabled = Boolean(state.outgoing);
  send.textContent = state.outgoing ? "Sending…" : "Send";
}

function updateOffline() {
  const note = $("#offline-note");
  note.hidden = navigator.onLine && !(state.outgoing && state.outgoing.unreachable);
  if (!navigator.onLine) note.textContent = state.outgoing ? OFFLINE_QUEUED : OFFLINE_IDLE;
  else if (state.outgoing && state.outgoing.unreachable) note.textContent = UNREACHABLE;
  if (state.outgoing) {
    state.outgoing.status.textContent = navigator.onLine
      ? "Sending…" : "Waiting for a connection…";
  }
}

async function sendMessage(event) {
  event.preventDefault();
  if (state.outgoing) return; // one at a time: a second Enter does nothing
  const input = $("#text");
  const text = input.value;
  if (!text.trim()) return;
  if (charCount(text) > MAX_MESSAGE_CHARS) {
    $("#chat-error").textContent = `That message is ${charCount(text).toLocaleString("en-US")} `
      + `characters; the limit is ${MAX_MESSAGE_CHARS.toLocaleString("en-US")}. Shorten it or `
      + "split it in two.";
    return;
  }
  $("#chat-error").textContent = "";
  // Shown at once as pending; the key makes a retry of the same message count once.
  const item = document.createElement("li");
  item.className = "user reactive pending";
  const body = document.createElement("span");
  body.textContent = text;
  const status = document.createElement("span");
  status.className = "status";
  item.append(body, status);
  $("#messages").append(item);
  const key = state.failed && state.failed.text === text ? state.failed.key : newKey();
  state.failed = null;
  state.outgoing = { text, key, item, status, timer: null, tries: 0 };
  input.value = "";
  updateComposer();
  updateOffline();
  scrollToEnd();
  await deliver();
}

async function deliver() {
  const outgoing = state.outgoing;
  if (!outgoing || outgoing.busy) return;
  clearTimeout(outgoing.timer);
  if (!navigator.onLine) { updateOffline(); return; } // the "online" event sends it
  outgoing.busy = true;
  try {
    const result = await api("POST", "/api/messages", { text: outgoing.text },
      { "Idempotency-Key": outgoing.key });
    finishOutgoing();
    addMessage(result.message);
    addMessage(result.reply);
    offerReplyUndo(result); // "Undo" under a reply that changed a meeting (reply_undo.js)
    refreshSchedules(); // a reply may have created, moved, cancelled or completed a meeting
  } catch (error) {
    outgoing.busy = false;
    if (error.network && state.outgoing === outgoing) {
      // Kept, with the same key: sent when back online, or retried with a growing pause.
      outgoing.tries += 1;
      outgoing.unreachable = navigator.onLine;
      updateOffline();
      if (navigator.onLine) {
        const pause = Math.min(30000, 500 * 2 ** outgoing.tries); // 1 s, 2 s, 4 s … 30 s
        outgoing.timer = setTimeout(deliver, pause);
      }
      return;
    }
    if (error.status === 409 && state.outgoing === outgoing) {
      // Received, its reply still being written: the same request again (same key) later.
      outgoing.waitingSince = outgoing.waitingSince || Date.now();
      const pause = 1000 * Math.max(1, error.retryAfter ?? 1);
      if (Date.now() + pause - outgoing.waitingSince <= REPLY_WAIT_MS) {
        outgoing.status.textContent = REPLY_COMING;
        outgoing.timer = setTimeout(deliver, pause);
        return;
      }
      error.message = REPLY_SLOW;
    }
    const input = $("#text");
    if (!input.value) input.value = outgoing.text; // nothing is lost: fix it and send again
    state.failed = { text: outgoing.text, key: outgoing.key };
    finishOutgoing();
    report(error);
  }
}

function finishOutgoing() {
  if (!state.outgoing) return;
  clearTimeout(state.outgoing.timer);
  state.outgoing.item.remove();
  state.outgoing = null;
  updateComposer();
  updateOffline();
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
    const outgoing = state.outgoing;
    if (outgoing && message.role === "user" && message.content === outgoing.text) {
      outgoing.item.hidden = true; // it arrived live before the answer to the POST
    }
    if (addMessage(message) && message.role === "bot") refreshSchedules();
  });
  stream.addEventListener("open", () => { document.body.dataset.live = "on"; });
  stream.addEventListener("error", () => { document.body.dataset.live = "off"; });
  state.stream = stream;
}


// ---- accounts and settings -------------------------------------------------------------

function showOnboarding() {
  if (state.stream) state.stream.close();
  finishOutgoing();
  state.failed = null;
  state.user = null;
  document.body.dataset.screen = "onboarding";
  $("#app").hidden = true;
  $("#account").hidden = true;
  $("#onboarding").hidden = false;
  fillZones($("#signup-form select"), browserZone());
}

async function showApp(user) {
  state.user = user;
  document.body.dataset.screen = "app";
  $("#who").textContent = user.username;
  $("#who").title = `Signed in as ${user.username}`;
  // No bot on this server: nothing to link to, so no Telegram part at all.
  $("#telegram").hidden = !user.telegram_available;
  showLinked(Boolean(user.telegram_linked));
  $("#onboarding").hidden = true;
  $("#account").hidden = false;
  $("#app").hidden = false;
  $("#messages").replaceChildren();
  state.shown.clear();
  state.lastId = 0;
  showView("chat");
  updateComposer();
  updateOffline();
  await loadHistory();
  openStream();
  refreshSchedules();
  $("#text").focus();
}

function authHandler(path, withZone) {
  return async (event) => {
    event.preventDefault();
    const form = new FormData(event.target);
    const body = { username: form.get("username").trim(), password: form.get("password") };
    if (withZone) body.timezone = form.get("timezone");
    const shown = withZone ? $("#signup-error") : $("#auth-error"); // under its own button
    $("#signup-error").textContent = "";
    $("#auth-error").textContent = "";
    const problems = withZone ? signupProblems(body.username, body.password) : [];
    markInvalid(event.target, problems);
    if (problems.length) { shown.textContent = problems.join(" "); return; }
    try {
      const result = await api("POST", path, body);
      event.target.reset();
      await showApp(result.user);
    } catch (error) {
      if (withZone) markInvalid(event.target, [error.message]);
      shown.textContent = error.message;
    }
  };
}

function markInvalid(form, problems) {
  const text = problems.join(" ");
  const username = form.elements.username;
  const password = form.elements.password;
  username.setAttribute("aria-invalid", String(/username/i.test(text)));
  password.setAttribute("aria-invalid", String(/password/i.test(text)));
}

async function openSettings() {
  const form = $("#settings-form");
  $("#settings-error").textContent = "";
  $("#delete-form").reset();
  $("#delete-error").textContent = "";
  resetPasswordForm();
  $("#logout-all-error").textContent = "";
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
    form.elements.agenda_on.checked = Boolean(prefs.morning_agenda);
    form.elements.agenda_time.value = prefs.morning_agenda || "08:00";
    form.elements.agenda_when_empty.checked = prefs.morning_agenda_when_empty;
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
    morning_agenda: f.agenda_on.checked ? f.agenda_time.value : null,
    morning_agenda_when_empty: f.agenda_when_empty.checked,
  };
  try {
    await api("PUT", "/api/preferences", body);
    $("#settings").close();
    if (state.user) state.user.timezone = body.timezone;
    for (const time of document.querySelectorAll("#messages time")) stampTime(time);
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

function resetPasswordForm() {
  const form = $("#password-form");
  form.reset();
  form.elements.username.value = (state.user && state.user.username) || "";
  markPasswordInvalid(form, []);
  $("#password-error").textContent = "";
  $("#password-done").hidden = true;
}

// Which field each sentence is about: "…current password…", "New password …", "…match…".
function markPasswordInvalid(form, problems) {
  const about = (pattern) => String(problems.some((problem) => pattern.test(problem)));
  form.elements.current_password.setAttribute("aria-invalid", about(/current password/i));
  form.elements.new_password.setAttribute("aria-invalid", about(/^New password/));
  form.elements.confirm_password.setAttribute("aria-invalid", about(/match/));
}

async function changePassword(event) {
  event.preventDefault();
  const f = event.target.elements;
  const body = { current_password: f.current_password.value, new_password: f.new_password.value };
  $("#password-error").textContent = "";
  $("#password-done").hidden = true;
  const problems = passwordProblems(body.current_password, body.new_password,
    f.confirm_password.value);
  markPasswordInvalid(event.target, problems);
  if (problems.length) { $("#password-error").textContent = problems.join(" "); return; }
  const button = $("#change-password");
  button.disabled = true; // one change at a time: a second click does nothing
  try {
    await api("POST", "/api/auth/password", body);
    resetPasswordForm();
    const done = $("#password-done");
    done.textContent = "Password changed. You're still signed in here; other devices were "
      + "signed out.";
    done.hidden = false;
  } catch (error) {
    if (error.status === 401) { $("#settings").close(); showOnboarding(); return; }
    // The server's 403 ("Wrong current password; nothing changed.") is a sentence already,
    // and api() turns a 422 into sentences; a 429 says how long to wait.
    let text = error.message;
    if (error.status === 429) {
      const seconds = error.retryAfter;
      let wait = "a minute";
      if (seconds !== null && seconds <= 1) wait = "a second";
      else if (seconds !== null && seconds < 60) wait = `${seconds} seconds`;
      text = `Too many tries. Wait ${wait}, then try again; your password is unchanged.`;
    }
    markPasswordInvalid(event.target, [text]);
    $("#password-error").textContent = text;
  } finally {
    button.disabled = false;
  }
}

async function logoutEverywhere() {
  $("#logout-all-error").textContent = "";
  const sure = "Log out everywhere? Every device and browser signed in to your account, "
    + "this one included, will need your password again.";
  if (!window.confirm(sure)) return;
  try {
    await api("POST", "/api/auth/logout-all", {});
  } catch (error) {
    if (error.status !== 401) { $("#logout-all-error").textContent = error.message; return; }
  }
  $("#settings").close();
  showOnboarding();
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
  $("#text").addEventListener("input", updateComposer);
  $("#tab-chat").addEventListener("click", () => showView("chat"));
  $("#tab-panel").addEventListener("click", () => showView("panel"));
  window.addEventListener("offline", updateOffline);
  window.addEventListener("online", () => {
    updateOffline();
    if (state.outgoing) { state.outgoing.tries = 0; deliver(); }
    if (state.user) refreshSchedules();
  });
  $("#older").addEventListener("click", () => loadHistory(state.oldest).catch(report));
  $("#logout").addEventListener("click", async () => {
    await api("POST", "/api/auth/logout", {}).catch(() => null);
    showOnboarding();
  });
  $("#open-settings").addEventListener("click", openSettings);
  $("#settings-form").addEventListener("submit", saveSettings);
  $("#settings-cancel").addEventListener("click", () => $("#settings").close());
  $("#password-form").addEventListener("submit", changePassword);
  $("#logout-all").addEventListener("click", logoutEverywhere);
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
