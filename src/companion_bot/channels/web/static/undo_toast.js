// The Undo toast of the chat page. After a cancel in the upcoming panel it says "Cancelled
// “dentist” · Undo" for 8 seconds; Undo asks the server to take that cancel back
// (POST /api/schedules/undo) and says what it restored. The toast is a live region (its
// words are announced), keyboard focus moves to Undo when it was on the Cancel button, and
// the toast stays while the pointer or the focus is on it. Uses app.js ($, api,
// refreshSchedules, report); meeting names only ever go through textContent.
"use strict";

const TOAST_MS = 8000;
const TOAST_ANSWER_MS = 5000;
let toastTimer = null;

// fromPanel: the keyboard was in the upcoming panel when Cancel was pressed.
function showUndoToast(schedule, fromPanel) {
  const box = $("#toast");
  const text = document.createElement("span");
  text.textContent = `Cancelled “${schedule.event_name}”`;
  const dot = document.createElement("span");
  dot.textContent = " · ";
  dot.setAttribute("aria-hidden", "true");
  const undo = document.createElement("button");
  undo.type = "button";
  undo.textContent = "Undo";
  undo.addEventListener("click", () => undoCancel(schedule.id));
  box.replaceChildren(text, dot, undo);
  hideToastIn(TOAST_MS);
  if (fromPanel) undo.focus(); // the Cancel button goes with its meeting
}

async function undoCancel(scheduleId) {
  const box = $("#toast");
  const focused = box.contains(document.activeElement); // before disabling drops the focus
  for (const button of box.querySelectorAll("button")) button.disabled = true;
  let answer;
  try {
    // Only this cancel: if something else changed since, the server refuses (409) and says so.
    answer = (await api("POST", "/api/schedules/undo", { schedule_id: scheduleId })).text;
    refreshSchedules();
  } catch (error) {
    if (error.status === 401) { report(error); return; }
    answer = error.message;
  }
  const line = document.createElement("span");
  line.textContent = answer;
  box.replaceChildren(line);
  if (focused) focusPanel();
  hideToastIn(TOAST_ANSWER_MS);
}

function hideToastIn(ms) {
  clearTimeout(toastTimer);
  toastTimer = setTimeout(hideToast, ms);
}

function hideToast() {
  const box = $("#toast");
  const focused = box.contains(document.activeElement);
  box.replaceChildren();
  if (focused) focusPanel();
}

// Where the keyboard goes when the toast's button goes: the panel's heading.
function focusPanel() {
  const heading = $("#panel h2");
  heading.tabIndex = -1;
  heading.focus();
}

// Kept while someone is reading or about to press it; the full time again after.
for (const [enter, leave] of [["pointerenter", "pointerleave"], ["focusin", "focusout"]]) {
  $("#toast").addEventListener(enter, () => clearTimeout(toastTimer));
  $("#toast").addEventListener(leave, (event) => {
    const box = $("#toast");
    if (box.childElementCount && !box.contains(event.relatedTarget)) hideToastIn(TOAST_MS);
  });
}
