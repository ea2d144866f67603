// companion-bot chat page: the calendar feed link and the .ics import in Settings. Loaded
// after app.js, whose $, api, describe, refreshSchedules and showOnboarding it calls (and
// reply_undo.js's withdrawReplyUndo). The feed's link is in the server's answer only when it
// is made: it is stored as a hash.
"use strict";

const IMPORT_LIMIT_BYTES = 1024 * 1024; // the server refuses larger files (413)
const FEED_NEW = "Here is your link. Subscribe to it in your calendar app; it is shown only "
  + "this once.";
const FEED_OFF = "Off: no link yet.";
const REGENERATE_SURE = "Make a new link? The old one stops working at once, and calendars "
  + "subscribed to it stop updating.";
const TURN_OFF_SURE = "Turn the calendar feed off? Its link stops working at once.";

function feedSince(createdAt) {
  const day = formatter({ day: "numeric", month: "long", year: "numeric" }, accountZone());
  return `On since ${day.format(new Date(createdAt))}. The link was shown when it was made; `
    + "to see one again, make a new link.";
}

// The feed part of Settings as the server says it is; `url` only right after making it.
function showFeed(feed) {
  const enabled = Boolean(feed && feed.enabled);
  const url = feed && feed.url;
  $("#feed-state").textContent = url ? FEED_NEW
    : enabled ? feedSince(feed.created_at) : FEED_OFF;
  $("#feed-link").hidden = !url;
  $("#feed-url").value = url || "";
  $("#feed-copied").textContent = "";
  $("#feed-create").hidden = enabled;
  $("#feed-regenerate").hidden = !enabled;
  $("#feed-off").hidden = !enabled;
}

function feedFailed(error, shown) {
  if (error.status === 401) { $("#settings").close(); showOnboarding(); return; }
  shown.textContent = error.message;
}

async function loadFeed() {
  $("#feed-error").textContent = "";
  $("#import-form").reset();
  $("#import-done").hidden = true;
  $("#import-error").textContent = "";
  try { showFeed(await api("GET", "/api/calendar")); } catch (error) {
    feedFailed(error, $("#feed-error"));
  }
}

async function makeFeed(regenerate) {
  $("#feed-error").textContent = "";
  if (regenerate && !window.confirm(REGENERATE_SURE)) return;
  try {
    showFeed(await api("POST", "/api/calendar", {}));
    $("#feed-url").select();
  } catch (error) { feedFailed(error, $("#feed-error")); }
}

async function turnFeedOff() {
  $("#feed-error").textContent = "";
  if (!window.confirm(TURN_OFF_SURE)) return;
  try {
    await api("DELETE", "/api/calendar", {});
    showFeed({ enabled: false });
  } catch (error) { feedFailed(error, $("#feed-error")); }
}

async function copyFeed() {
  const input = $("#feed-url");
  let copied = false;
  try {
    await navigator.clipboard.writeText(input.value); // secure pages only (https, localhost)
    copied = true;
  } catch {
    input.select();
    copied = document.execCommand("copy");
  }
  $("#feed-copied").textContent = copied ? "Copied." : "Select the link and copy it.";
}

// The file is sent as it is, as text/calendar (not JSON): the server reads it.
async function importFile(event) {
  event.preventDefault();
  const file = event.target.elements.file.files[0];
  const done = $("#import-done");
  const shown = $("#import-error");
  done.hidden = true;
  shown.textContent = "";
  if (!file) { shown.textContent = "Choose a calendar file (.ics) first."; return; }
  if (file.size > IMPORT_LIMIT_BYTES) {
    shown.textContent = "That file is larger than 1 MiB: export a shorter time span from your "
      + "calendar app and try again.";
    return;
  }
  const button = $("#import-button");
  button.disabled = true;
  try {
    const response = await fetch("/api/calendar/import", {
      method: "POST",
      credentials: "same-origin",
      headers: { Accept: "application/json", "Content-Type": "text/calendar" },
      body: file,
    });
    const data = await response.json().catch(() => null);
    if (!response.ok) {
      const error = new Error(describe(data, response.status));
      error.status = response.status;
      throw error;
    }
    done.textContent = data.text;
    done.hidden = false;
    event.target.reset();
    withdrawReplyUndo(); // an undo would take back the import's last meeting (reply_undo.js)
    refreshSchedules();
  } catch (error) {
    if (error instanceof TypeError) error.message = "Can't reach the server. Try again.";
    feedFailed(error, shown);
  } finally {
    button.disabled = false;
  }
}

$("#open-settings").addEventListener("click", loadFeed);
$("#feed-create").addEventListener("click", () => makeFeed(false));
$("#feed-regenerate").addEventListener("click", () => makeFeed(true));
$("#feed-off").addEventListener("click", turnFeedOff);
$("#feed-copy").addEventListener("click", copyFeed);
$("#import-form").addEventListener("submit", importFile);
