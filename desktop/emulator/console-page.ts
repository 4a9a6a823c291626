/*
 * The emulator's console page: where a person types the 6-digit code the device shows,
 * like the xiaozhi.me / manager-web "Add Device" dialog. Self-contained (inline CSS and
 * script, no external resources) so it works offline and under a strict browser.
 */
import type { EmulatorProfile } from "./profiles.ts";

export function consolePageHtml(profile: EmulatorProfile): string {
	return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Xiaozhi emulator console</title>
<style>
  :root { color-scheme: light; --accent: #4f6ef7; --ok: #1d8a4e; --bad: #c0392b; }
  * { box-sizing: border-box; }
  body { margin: 0; font: 15px/1.45 system-ui, sans-serif; background: #f3f5fb; color: #1f2430; }
  header { background: #1f2a4d; color: #fff; padding: 14px 24px; display: flex; gap: 12px; align-items: baseline; }
  header h1 { font-size: 18px; margin: 0; }
  header .profile { font-size: 13px; opacity: .8; }
  main { max-width: 820px; margin: 24px auto; padding: 0 16px; display: grid; gap: 20px; }
  section { background: #fff; border-radius: 10px; box-shadow: 0 1px 4px rgba(20,30,60,.12); padding: 20px 24px; }
  h2 { font-size: 16px; margin: 0 0 14px; }
  label { display: block; font-weight: 600; margin-bottom: 6px; }
  .row { display: flex; gap: 10px; }
  input { flex: 1; font-size: 20px; letter-spacing: 4px; padding: 8px 12px; border: 1px solid #c5cbe0; border-radius: 6px; font-variant-numeric: tabular-nums; }
  input::placeholder { letter-spacing: normal; font-size: 14px; color: #8a90a3; }
  input:focus { outline: 2px solid var(--accent); border-color: transparent; }
  button { font-size: 15px; padding: 8px 18px; border: 0; border-radius: 6px; background: var(--accent); color: #fff; cursor: pointer; }
  button.secondary { background: #e7eaf5; color: #1f2430; padding: 4px 10px; font-size: 13px; }
  #message { min-height: 1.5em; margin: 12px 0 0; font-weight: 600; }
  #message.success { color: var(--ok); }
  #message.error { color: var(--bad); }
  table { width: 100%; border-collapse: collapse; font-size: 14px; }
  th, td { text-align: left; padding: 7px 8px; border-bottom: 1px solid #e6e9f2; }
  th { color: #5b6275; font-weight: 600; }
  td.id { font-family: ui-monospace, monospace; }
  .state { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 12px; font-weight: 600; }
  .state.pending { background: #fff3d6; color: #8a5a00; }
  .state.bound { background: #dcf5e6; color: var(--ok); }
  .state.bound-elsewhere { background: #f1e1f7; color: #7a2f96; }
  .state.unknown { background: #eceef3; color: #5b6275; }
  .empty { color: #7b8194; font-style: italic; }
  .hint { color: #5b6275; font-size: 13px; margin: 8px 0 0; }
</style>
</head>
<body>
<header><h1>Xiaozhi emulator console</h1><span class="profile">profile: ${profile}</span></header>
<main>
  <section aria-labelledby="add-title">
    <h2 id="add-title">Add Device</h2>
    <form id="bind-form" novalidate>
      <label for="code">Verification Code</label>
      <div class="row">
        <input id="code" name="code" inputmode="numeric" autocomplete="off" maxlength="6"
          placeholder="Please enter the 6-digit verification code broadcasted by the device">
        <button id="bind" type="submit">Bind</button>
      </div>
      <p id="message" role="status" aria-live="polite"></p>
    </form>
    <p class="hint">The device shows and speaks the code after its OTA check.</p>
  </section>
  <section aria-labelledby="devices-title">
    <h2 id="devices-title">Devices</h2>
    <table>
      <thead><tr><th>Device-Id</th><th>State</th><th>Board</th><th>Version</th><th></th></tr></thead>
      <tbody id="devices"><tr><td colspan="5" class="empty">No device has checked in yet.</td></tr></tbody>
    </table>
  </section>
</main>
<script>
"use strict";
const form = document.getElementById("bind-form");
const input = document.getElementById("code");
const message = document.getElementById("message");
const tbody = document.getElementById("devices");

function show(text, ok) {
  message.textContent = text;
  message.className = ok ? "success" : "error";
}

async function post(path, body) {
  const response = await fetch(path, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
  return response.json();
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  const code = input.value.trim();
  if (!/^\\d{6}$/.test(code)) { show("Please enter a 6-digit verification code", false); return; }
  try {
    const result = await post("api/bind", { code });
    if (result.code === 0) { show("Device binding successful", true); input.value = ""; }
    else show(result.msg || "Binding failed", false);
  } catch (error) {
    show("Binding failed: " + error.message, false);
  }
  refresh();
});

function cell(row, text, className) {
  const td = document.createElement("td");
  td.textContent = text;
  if (className) td.className = className;
  row.appendChild(td);
  return td;
}

async function refresh() {
  let devices;
  try {
    devices = (await (await fetch("api/devices")).json()).data.devices;
  } catch { return; }
  tbody.replaceChildren();
  if (devices.length === 0) {
    const row = tbody.insertRow();
    const td = cell(row, "No device has checked in yet.", "empty");
    td.colSpan = 5;
    return;
  }
  for (const device of devices) {
    const row = tbody.insertRow();
    row.dataset.deviceId = device.deviceId;
    cell(row, device.deviceId, "id");
    const stateCell = cell(row, "");
    const badge = document.createElement("span");
    badge.className = "state " + device.state;
    badge.textContent = device.state;
    stateCell.appendChild(badge);
    cell(row, device.boardType || "");
    cell(row, device.appVersion || "");
    const actions = cell(row, "");
    if (device.state === "bound") {
      const unbind = document.createElement("button");
      unbind.type = "button";
      unbind.className = "secondary";
      unbind.textContent = "Unbind";
      unbind.addEventListener("click", async () => { await post("api/unbind", { deviceId: device.deviceId }); refresh(); });
      actions.appendChild(unbind);
    }
  }
}

refresh();
setInterval(refresh, 2000);
</script>
</body>
</html>
`;
}
