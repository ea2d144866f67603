// The Undo button under the bot's reply that created, moved or cancelled a meeting. The
// answer to POST /api/messages says which change that is (its `undo`: the meeting, until
// when); Undo asks the server to take back that change alone (POST /api/schedules/undo with
// its schedule_id, refused if another change came after it) and the answer takes the
// button's place ('Undone: I removed "team meeting".'). The button is offered under the newest
// message only (app.js removes it when a newer one shows), for the 10 minutes the server
// allows, and goes when a meeting is changed in the panel. Uses app.js ($, api,
// refreshSchedules, report); meeting names only ever go through textContent.
"use strict";

let replyUndoTimer = null;

// result: the answer to POST /api/messages, whose reply is on the page already.
function offerReplyUndo(result) {
  const offer = result.undo;
  if (!offer) return;
  const stored = [...$("#messages").children].filter((li) => li.dataset.id);
  const item = stored.at(-1);
  if (!item || item.dataset.id !== String(result.reply.id)) return; // a newer message came
  withdrawReplyUndo();
  const box = document.createElement("div");
  box.className = "actions undo";
  const button = document.createElement("button");
  button.type = "button";
  button.textContent = "Undo";
  button.setAttribute("aria-label", `Undo: ${offer.event_name}`);
  button.addEventListener("click", () => undoReply(offer.schedule_id, box));
  box.append(button);
  item.append(box);
  // The time left, by the server's clock (the browser's may differ): its end less the reply's.
  const left = new Date(offer.until) - new Date(result.reply.created_at);
  replyUndoTimer = setTimeout(withdrawReplyUndo, Math.max(0, left));
}

// Another change, or the time is up: no Undo under a reply any more.
function withdrawReplyUndo() {
  clearTimeout(replyUndoTimer);
  for (const box of document.querySelectorAll("#messages .undo")) box.remove();
}

async function undoReply(scheduleId, box) {
  const button = box.querySelector("button");
  const focused = document.activeElement === button; // before disabling drops the focus
  button.disabled = true;
  let answer;
  try {
    answer = (await api("POST", "/api/schedules/undo", { schedule_id: scheduleId })).text;
    refreshSchedules();
  } catch (error) {
    if (error.status === 401 || error.network) {
      button.disabled = false;
      report(error);
      return;
    }
    answer = error.message; // 409: why nothing was undone ("Your last change was to …")
  }
  clearTimeout(replyUndoTimer);
  const line = document.createElement("span");
  line.className = "feedback";
  line.textContent = answer;
  box.className = "actions"; // the answer stays under its reply, as a quick action's does
  box.replaceChildren(line);
  if (focused) { // the keyboard stays where it was, on the answer
    line.tabIndex = -1;
    line.focus();
  }
}
