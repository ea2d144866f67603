// companion-bot chat page: a meeting edited in the upcoming panel (name, day, start, end) and
// sent as PATCH /api/schedules/{id}. Loaded before app.js, which calls editButton() and
// keptEditor() when it draws the panel; this file calls app.js's $, api, formatter, report
// and renderSchedules (and reply_undo.js's withdrawReplyUndo) when a button is pressed. User
// text only goes through value and textContent.
"use strict";

// The meeting being edited: { id, item, shown }. Its list item stays as it is when the panel
// is drawn again (a reply arrived, another device changed something), so nothing typed is
// lost; `shown` is what the item showed before, put back by Cancel.
let editorOpen = null;

// An end earlier than the start is on the next day when the meeting then lasts less than
// this (a late meeting past midnight); a longer one is an end before the start, a typo.
const OVERNIGHT_MINUTES = 12 * 60;
const FIELD_PARTS = {
  year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit",
  hourCycle: "h23",
};

// An ISO time as the values of a date and a time input, in `zone`: "2026-11-27", "15:00".
function zonedFields(iso, zone) {
  const parts = {};
  for (const part of formatter(FIELD_PARTS, zone).formatToParts(new Date(iso))) {
    parts[part.type] = part.value;
  }
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}`,
  };
}

const minutesOf = (clock) => Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));

function clockOf(minutes) {
  const day = ((minutes % 1440) + 1440) % 1440;
  const two = (n) => String(n).padStart(2, "0");
  return `${two(Math.floor(day / 60))}:${two(day % 60)}`;
}

function nextDay(date) {
  const [year, month, day] = date.split("-").map(Number);
  return new Date(Date.UTC(year, month - 1, day + 1)).toISOString().slice(0, 10);
}

// The day and times the form holds in the page's one format (the browser draws the fields
// in its own) and the zone they are in: "Mon 30 Nov, 9:30–11:15 (Europe/Berlin time)".
function editorPreview(f, zone) {
  if (!f.date.value) return "";
  const [year, month, day] = f.date.value.split("-").map(Number);
  let text = formatter(DAY, "UTC").format(new Date(Date.UTC(year, month - 1, day)));
  const clock = (value) => formatter(CLOCK, "UTC")
    .format(new Date(Date.UTC(2000, 0, 1, 0, minutesOf(value))));
  if (f.start.value) text += `, ${clock(f.start.value)}`;
  if (f.start.value && f.end && f.end.value) text += `–${clock(f.end.value)}`;
  return `${text} (${zone.replaceAll("_", " ")} time)`;
}

function endDay(date, startClock, endClock) {
  const length = minutesOf(endClock) - minutesOf(startClock);
  return length < 0 && length + 1440 < OVERNIGHT_MINUTES ? nextDay(date) : date;
}

// ---- the panel's side ------------------------------------------------------------------

function editButton(schedule, zone) {
  const button = document.createElement("button");
  button.type = "button";
  button.className = "edit";
  button.textContent = "Edit";
  button.setAttribute("aria-label", `Edit ${schedule.event_name}`);
  button.addEventListener("click", () => openEditor(schedule, zone, button.closest("li")));
  return button;
}

// The list item of the meeting being edited, to keep as it is; null for any other.
function keptEditor(id) {
  return editorOpen && editorOpen.id === id ? editorOpen.item : null;
}

function openEditor(schedule, zone, item) {
  closeEditor(false);
  const form = editorForm(schedule, zone);
  editorOpen = { id: schedule.id, item, shown: [...item.childNodes] };
  item.classList.add("editing");
  item.replaceChildren(form);
  form.elements.event_name.focus();
}

// The meeting shown again instead of its form; with `focus`, its Edit button has the focus.
function closeEditor(focus) {
  if (!editorOpen) return;
  const { item, shown } = editorOpen;
  editorOpen = null;
  item.classList.remove("editing");
  item.replaceChildren(...shown);
  if (focus) item.querySelector("button.edit").focus();
}

// ---- the form --------------------------------------------------------------------------

function editorInput(name, type, value, describedBy) {
  const input = document.createElement("input");
  input.name = name;
  input.type = type;
  input.value = value;
  input.setAttribute("aria-describedby", describedBy);
  return input;
}

function editorField(text, input) {
  const label = document.createElement("label");
  label.append(`${text} `, input);
  return label;
}

function editorButton(text, type) {
  const button = document.createElement("button");
  button.type = type;
  button.name = text.toLowerCase();
  button.textContent = text;
  return button;
}

function editorForm(schedule, zone) {
  const task = schedule.kind === "task"; // a reminder at one time: no end
  // Shown as a day only (no set time, or "around …"): its time fields start empty.
  const dayOnly = schedule.time_is_approximate && !task;
  const before = {
    dayOnly,
    start: zonedFields(schedule.start_time, zone),
    end: schedule.end_time && !dayOnly && !task ? zonedFields(schedule.end_time, zone) : null,
  };
  const form = document.createElement("form");
  form.className = "edit";
  form.noValidate = true;
  form.setAttribute("aria-label", `Edit ${schedule.event_name}`);
  const errorId = `edit-error-${schedule.id}`;
  const hintId = `edit-hint-${schedule.id}`;
  const previewId = `edit-preview-${schedule.id}`;
  const timeHelp = `${previewId} ${hintId} ${errorId}`;
  const name = editorInput("event_name", "text", schedule.event_name, errorId);
  name.autocomplete = "off";
  const date = editorInput("date", "date", before.start.date, errorId);
  const start = editorInput("start", "time", dayOnly ? "" : before.start.time, timeHelp);
  const times = document.createElement("div");
  times.className = "times";
  times.append(editorField("Start", start));
  const end = task ? null : editorInput("end", "time", before.end ? before.end.time : "", timeHelp);
  if (end) times.append(editorField("End", end));
  const preview = document.createElement("p");
  preview.className = "preview";
  preview.id = previewId;
  const hint = document.createElement("p");
  hint.className = "hint";
  hint.id = hintId;
  hint.textContent = dayOnly ? "No set time: add a start, or leave it empty for the whole day."
    : task ? "The time you're reminded at." : "The end is optional: clear it for no end.";
  const error = document.createElement("p");
  error.className = "error";
  error.id = errorId;
  error.setAttribute("role", "alert");
  const buttons = document.createElement("div");
  buttons.className = "row";
  const cancel = editorButton("Cancel", "button");
  cancel.addEventListener("click", () => closeEditor(true));
  buttons.append(cancel, editorButton("Save", "submit"));
  form.append(editorField("Name", name), editorField("Date", date), times, preview, hint, error,
    buttons);
  keepLength(start, end);
  const showPreview = () => { preview.textContent = editorPreview(form.elements, zone); };
  form.addEventListener("input", showPreview);
  form.addEventListener("change", showPreview);
  showPreview();
  form.addEventListener("keydown", (event) => {
    if (event.key === "Escape") { event.preventDefault(); closeEditor(true); }
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    saveEdit(schedule, before, form);
  });
  return form;
}

// A new start moves the end with it, as calendars do: the meeting keeps its length.
function keepLength(start, end) {
  let last = start.value;
  start.addEventListener("change", () => {
    if (end && end.value && last && start.value) {
      end.value = clockOf(minutesOf(end.value) + minutesOf(start.value) - minutesOf(last));
    }
    last = start.value;
  });
}

// What the form changes, as a PATCH body (times without an offset: the account's zone), or
// why it cannot be sent and which field that is about.
function editorChanges(schedule, before, f) {
  const body = {};
  if (f.event_name.value !== schedule.event_name) body.event_name = f.event_name.value;
  const date = f.date.value;
  const startClock = f.start.value;
  const endClock = f.end ? f.end.value : "";
  if (!date) return { problem: "Pick the meeting's date.", field: "date" };
  if (!startClock && !before.dayOnly) {
    return { problem: "Give the meeting a start time.", field: "start" };
  }
  if (!startClock && endClock) {
    return { problem: "Add a start time to go with the end.", field: "start" };
  }
  const moved = date !== before.start.date
    || startClock !== (before.dayOnly ? "" : before.start.time);
  if (moved) {
    body.start_time = `${date}T${startClock || before.start.time}`;
    if (!startClock) body.keep_approximate = true; // a day-only meeting moved to another day
  }
  if (endClock) {
    const value = `${endDay(date, startClock, endClock)}T${endClock}`;
    if (moved || !before.end || value !== `${before.end.date}T${before.end.time}`) {
      body.end_time = value;
    }
  } else if (before.end) {
    body.end_time = null; // cleared: no end
  }
  return { body };
}

// The API's refusal as a sentence next to the form, and the field it is about.
function editProblem(failure, name) {
  if (failure.status === 409) {
    return [`You already have “${name.trim()}” at that time. Choose another time or name.`,
      "start"];
  }
  if (failure.status === 404) {
    return ["This meeting is no longer in your list: it was cancelled or has passed.", null];
  }
  if (failure.status === 422 && /end_time is before/.test(failure.message)) {
    return ["The meeting can't end before it starts. Pick a later end, or clear it for no end.",
      "end"];
  }
  if (failure.status === 422 && /name/i.test(failure.message)) {
    return [failure.message, "event_name"];
  }
  return [failure.message, null];
}

function showEditProblem(form, text, field) {
  for (const input of form.querySelectorAll("input")) {
    input.setAttribute("aria-invalid", String(input.name === field));
  }
  form.querySelector(".error").textContent = text;
}

async function saveEdit(schedule, before, form) {
  const f = form.elements;
  const { body, problem, field } = editorChanges(schedule, before, f);
  showEditProblem(form, problem || "", field);
  if (problem) { f[field].focus(); return; }
  if (!Object.keys(body).length) { closeEditor(true); return; } // nothing changed
  f.save.disabled = true; // one save at a time
  try {
    await api("PATCH", `/api/schedules/${schedule.id}`, body);
  } catch (failure) {
    f.save.disabled = false;
    if (failure.status === 401) { report(failure); return; }
    const [text, about] = editProblem(failure, f.event_name.value);
    showEditProblem(form, text, about); // the form stays open, as typed
    (about ? f[about] : f.save).focus(); // Save was disabled, which took the focus away
    return;
  }
  withdrawReplyUndo(); // a reply's Undo would now take back this edit (reply_undo.js)
  let fresh = null;
  try { fresh = await api("GET", "/api/schedules"); } catch (failure) { report(failure); }
  closeEditor(false);
  if (!fresh) return;
  renderSchedules(fresh);
  const edit = $(`#schedule-list li[data-id="${schedule.id}"] button.edit`);
  if (edit) edit.focus();
}
