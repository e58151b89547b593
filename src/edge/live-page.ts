import { livePageScript, staffPanelScript } from './live-page-script.ts';

/** The tab's icon, served by the edge at /favicon.svg (a gate: no CDN, works offline). */
export const favicon = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">
<rect width="32" height="32" rx="6" fill="#0e1116"/>
<path d="M7 26V9a9 9 0 0 1 18 0v17" fill="none" stroke="#3ddc84" stroke-width="3.5" stroke-linecap="round"/>
<path d="M12 18l3 3 6-7" fill="none" stroke="#f2f4f8" stroke-width="3" stroke-linecap="round" stroke-linejoin="round"/>
</svg>
`;

const staffPanel = /* html */ `<div class="card" id="staff"><h2>Staff</h2>
      <div class="row"><input id="staff-secret" type="password" placeholder="PIN or staff token" autocomplete="off"></div>
      <div class="row"><select id="staff-lane"></select>
        <button data-act="direction-entry">Set entry</button><button data-act="direction-exit">Set exit</button></div>
      <div class="row"><input id="staff-ticket" placeholder="ticket code or id" size="24">
        <button data-act="lookup">Look up</button></div>
      <div class="row"><input id="staff-note" placeholder="reason (required)" size="24">
        <button data-act="admit">Admit by hand</button><button data-act="annul">Annul last on lane</button></div>
      <div id="staff-msg"></div><pre id="staff-out"></pre>
    </div>
    `;

/**
 * The page at `/` for wall screens and staff tablets: inside/capacity per event, entries
 * and exits per lane, the last scans in words, device and sync health. No external
 * assets (the Socket.IO client is served by the edge itself), so it works with no
 * internet; it reconnects on its own. `/?staff` is the staff page: the same with the
 * staff panel (token or PIN). A wall screen's page does not contain the panel at all.
 */
const page = (staff: boolean) => /* html */ `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>TixMo gate — live occupancy</title>
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
<style>
  :root { color-scheme: dark; --ok: #3ddc84; --bad: #ff5c5c; --warn: #ffb020; --dim: #9aa4b2; --card: #161b22; --line: #222a35; }
  * { box-sizing: border-box; }
  body { margin: 0; font-family: system-ui, sans-serif; background: #0e1116; color: #f2f4f8; font-size: clamp(16px, 1.4vw, 28px); }
  header { display: flex; justify-content: space-between; align-items: center; padding: .8em 1.4em; border-bottom: 1px solid var(--line); gap: 1em; }
  h1 { font-size: 1.6em; margin: 0; }
  h2 { font-size: 1em; margin: 0 0 .5em; color: var(--dim); font-weight: 600; text-transform: uppercase; letter-spacing: .06em; }
  #conn { font-size: 1em; color: var(--warn); white-space: nowrap; }
  #conn.live { color: var(--ok); }
  #clock { color: var(--dim); font-variant-numeric: tabular-nums; }
  main { display: grid; grid-template-columns: 3fr 2fr; gap: 1.2em; padding: 1.2em 1.4em; }
  .card { background: var(--card); border-radius: .8em; padding: 1em 1.3em; margin-bottom: 1.2em; }
  .event h3 { margin: 0 0 .3em; font-size: 1.2em; color: var(--dim); font-weight: 500; }
  .inside { font-size: 5.5em; font-weight: 800; line-height: 1; font-variant-numeric: tabular-nums; }
  .inside small { font-size: .35em; color: var(--dim); font-weight: 400; }
  .bar { height: .5em; background: var(--line); border-radius: .25em; margin: .6em 0; overflow: hidden; }
  .bar span { display: block; height: 100%; background: var(--ok); }
  .bar.full span { background: var(--bad); }
  .flows { font-size: 1.3em; color: var(--dim); font-variant-numeric: tabular-nums; }
  .flows b { color: #f2f4f8; }
  table { width: 100%; border-collapse: collapse; font-variant-numeric: tabular-nums; }
  td, th { text-align: left; padding: .35em .3em; border-bottom: 1px solid var(--line); }
  th { color: var(--dim); font-weight: 500; }
  td.n { text-align: right; font-size: 1.3em; font-weight: 700; }
  .dev { display: inline-block; margin-right: .6em; white-space: nowrap; }
  .dot { display: inline-block; width: .7em; height: .7em; border-radius: 50%; margin-right: .25em; background: var(--dim); }
  .state-open .dot { background: var(--ok); }
  .state-disconnected .dot, .state-error .dot { background: var(--bad); }
  .state-disconnected, .state-error { color: var(--bad); font-weight: 700; }
  .state-connecting .dot { background: var(--warn); } .state-connecting { color: var(--warn); font-weight: 700; }
  ol { list-style: none; padding: 0; margin: 0; }
  li { padding: .45em .2em; border-bottom: 1px solid var(--line); display: flex; justify-content: space-between; gap: 1em; }
  li .why { font-weight: 700; font-size: 1.15em; }
  li .meta { color: var(--dim); white-space: nowrap; }
  li.admit .why { color: var(--ok); } li.reject .why { color: var(--bad); } li.staff .why { color: var(--warn); }
  .health div { margin: .25em 0; }
  .health .ok { color: #f2f4f8; }
  .health .bad { color: var(--bad); font-weight: 700; }
  .health .warn { color: var(--warn); font-weight: 700; }
  .health .bad::before, .health .warn::before { display: inline-block; margin-right: .5em; padding: 0 .4em; border-radius: .25em; color: #0e1116; font-size: .8em; }
  .health .bad::before { content: 'FAULT'; background: var(--bad); }
  .health .warn::before { content: 'WARNING'; background: var(--warn); }
  li .ticket { font-family: ui-monospace, monospace; font-size: .85em; }
  #staff input, #staff select, #staff button { font: inherit; padding: .35em .5em; margin: .2em 0; border-radius: .35em; border: 1px solid var(--line); background: #0e1116; color: #f2f4f8; }
  #staff button { background: #23406b; cursor: pointer; }
  #staff .row { display: flex; gap: .5em; flex-wrap: wrap; align-items: center; }
  #staff pre { white-space: pre-wrap; font-size: .8em; color: var(--dim); max-height: 14em; overflow: auto; }
  #staff-msg.bad { color: var(--bad); } #staff-msg { color: var(--ok); min-height: 1.3em; }
</style>
</head>
<body>
<header><h1 id="venue">TixMo gate</h1><span id="clock"></span><span id="conn">connecting…</span></header>
<main>
  <section>
    <div id="events"><p class="flows">Waiting for the manifest…</p></div>
    <div class="card"><h2>Lanes</h2>
      <table><thead><tr><th>Lane</th><th>Way</th><th>In</th><th>Out</th><th>Devices</th></tr></thead><tbody id="lanes"></tbody></table>
    </div>
  </section>
  <aside>
    ${staff ? staffPanel : ''}<div class="card"><h2>Last scans</h2><ol id="scans"></ol></div>
    <div class="card health" id="health"><h2>Health</h2></div>
  </aside>
</main>
<script src="/socket.io/socket.io.min.js"></script>
<script>${livePageScript}${staff ? staffPanelScript : ''}</script>
</body>
</html>
`;

/** The wall screen's page (no staff panel, no staff script). */
export const livePage = page(false);
/** The staff page at `/?staff`. */
export const staffPage = page(true);
