/**
 * The occupancy screen at `/`: large figures for a wall screen, no external assets
 * (the Socket.IO client is served by the edge itself), reconnects on its own.
 */
export const livePage = /* html */ `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>TixMo gate — live occupancy</title>
<style>
  :root { color-scheme: dark; --ok: #3ddc84; --bad: #ff5c5c; --dim: #9aa4b2; }
  body { margin: 0; font-family: system-ui, sans-serif; background: #0e1116; color: #f2f4f8; }
  header { display: flex; justify-content: space-between; align-items: baseline; padding: 1rem 2rem; border-bottom: 1px solid #222a35; }
  h1 { font-size: 1.6rem; margin: 0; }
  #conn { font-size: 1rem; color: var(--dim); }
  #conn.live { color: var(--ok); }
  main { display: grid; grid-template-columns: 2fr 1fr; gap: 2rem; padding: 2rem; }
  .event { background: #161b22; border-radius: 1rem; padding: 1.5rem 2rem; margin-bottom: 1.5rem; }
  .event h2 { margin: 0 0 .5rem; font-size: 1.4rem; color: var(--dim); }
  .inside { font-size: 6rem; font-weight: 700; line-height: 1; font-variant-numeric: tabular-nums; }
  .inside small { font-size: 2rem; color: var(--dim); font-weight: 400; }
  .flows { font-size: 1.5rem; color: var(--dim); margin-top: .5rem; font-variant-numeric: tabular-nums; }
  ol { list-style: none; padding: 0; margin: 0; font-size: 1.2rem; }
  li { padding: .4rem 0; border-bottom: 1px solid #222a35; display: flex; justify-content: space-between; gap: 1rem; }
  .admit { color: var(--ok); } .reject { color: var(--bad); }
  .health { font-size: 1rem; color: var(--dim); margin-top: 1.5rem; line-height: 1.6; }
  .state-open { color: var(--ok); } .state-disconnected, .state-error { color: var(--bad); }
</style>
</head>
<body>
<header><h1 id="venue">TixMo gate</h1><span id="conn">connecting…</span></header>
<main>
  <section id="events"><p class="flows">Waiting for the manifest…</p></section>
  <aside>
    <h2>Last scans</h2>
    <ol id="scans"></ol>
    <div class="health" id="health"></div>
  </aside>
</main>
<script src="/socket.io/socket.io.min.js"></script>
<script>
  const words = {
    ok: 'Welcome', malformed: 'Unreadable code', bad_signature: 'Forged or damaged code',
    wrong_event: 'Ticket for another event', not_yet_valid: 'Not valid yet', expired: 'Ticket expired',
    revoked: 'Ticket revoked', cancelled: 'Ticket cancelled', tier_not_allowed: 'Wrong entrance for this ticket',
    already_inside: 'Already inside', not_inside: 'Not checked in', unknown_ticket: 'Unknown ticket'
  };
  const state = { capacity: null, events: new Map() };
  const el = (id) => document.getElementById(id);
  const esc = (s) => String(s).replace(/[&<>"']/g, (c) => '&#' + c.charCodeAt(0) + ';');

  function renderEvents() {
    if (state.events.size === 0) return;
    el('events').innerHTML = [...state.events.values()].map((e) =>
      '<div class="event" data-event="' + esc(e.id) + '"><h2>' + esc(e.name || e.id) + '</h2>' +
      '<div class="inside"><span class="inside-count">' + e.inside + '</span>' +
      (state.capacity ? ' <small>/ ' + state.capacity + '</small>' : '') + '</div>' +
      '<div class="flows">in <span class="entries">' + e.entries + '</span> · out <span class="exits">' + e.exits + '</span></div></div>'
    ).join('');
  }

  async function refreshStatus() {
    try {
      const s = await (await fetch('/api/v1/status')).json();
      if (s.venue) { el('venue').textContent = s.venue.name; state.capacity = s.venue.capacity; }
      for (const e of s.events) {
        const known = state.events.get(e.id) || {};
        state.events.set(e.id, { ...known, ...e });
      }
      renderEvents();
      const devices = s.lanes.map((l) => esc(l.id) + ' (' + l.direction + '): ' +
        (l.devices.length ? l.devices.map((d) => '<span class="state-' + esc(d.state) + '">' + esc(d.path) + ' ' + esc(d.state) + '</span>').join(', ') : 'no scanner')).join('<br>');
      const age = s.manifest.syncedAt ? Math.round((Date.now() - Date.parse(s.manifest.syncedAt)) / 1000) + ' s ago' : 'never';
      el('health').innerHTML = devices + '<br>Manifest: ' + s.manifest.tickets + ' tickets, synced ' + age +
        '<br>Upload backlog: ' + s.upload.pending + (s.upload.lastError ? ' — ' + esc(s.upload.lastError) : '');
    } catch { /* the next refresh will tell */ }
  }

  const socket = io('/live');
  socket.on('connect', () => { el('conn').textContent = 'live'; el('conn').className = 'live'; refreshStatus(); });
  socket.on('disconnect', () => { el('conn').textContent = 'reconnecting…'; el('conn').className = ''; });
  socket.on('occupancy', (o) => {
    const known = state.events.get(o.eventId) || { id: o.eventId };
    state.events.set(o.eventId, { ...known, id: o.eventId, inside: o.inside, entries: o.entries, exits: o.exits });
    renderEvents();
  });
  socket.on('scan', (s) => {
    const li = document.createElement('li');
    li.className = s.decision;
    li.innerHTML = '<span>' + esc(words[s.reason] || s.reason) + '</span><span>' + esc(s.laneId) + ' · ' + new Date(s.at).toLocaleTimeString() + '</span>';
    const list = el('scans');
    list.prepend(li);
    while (list.children.length > 12) list.lastChild.remove();
  });
  socket.on('status-changed', refreshStatus);
  setInterval(refreshStatus, 5000);
  refreshStatus();
</script>
</body>
</html>
`;
