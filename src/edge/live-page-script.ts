/**
 * The browser side of the live page (plain ES2020, no build step, no external assets).
 * Screens learn counts and the last decisions from the Socket.IO `/live` feed and re-read
 * /api/v1/status for lanes, devices and sync health after each change. The staff page
 * adds `staffPanelScript` after this one (the wall screen's page does not carry it).
 */
export const livePageScript = /* js */ `
  const words = {
    ok: 'Welcome', malformed: 'Unreadable code', bad_signature: 'Forged or damaged code',
    wrong_event: 'Ticket for another event', not_yet_valid: 'Not valid yet (doors closed or too early)',
    expired: 'Ticket expired', revoked: 'Ticket replaced or refunded', cancelled: 'Ticket cancelled',
    tier_not_allowed: 'Wrong entrance for this ticket', already_inside: 'Already inside / already used',
    not_inside: 'Not checked in', unknown_ticket: 'Unknown ticket',
    storage: 'Not recorded: the gate cannot write its journal — gate stays shut',
    no_manifest: 'Gate not synced yet: no ticket list from the cloud',
    unconfirmed: 'Cannot confirm with the other gates', rebuilding: 'Gate starting: learning who is inside, try again shortly'
  };
  const state = { capacity: null, events: new Map(), status: null };
  const el = (id) => document.getElementById(id);
  const esc = (s) => String(s).replace(/[&<>"']/g, (c) => '&#' + c.charCodeAt(0) + ';');

  function renderEvents() {
    if (state.events.size === 0) return;
    el('events').innerHTML = [...state.events.values()].map((e) => {
      const cap = state.capacity;
      const pct = cap ? Math.min(100, Math.round((e.inside / cap) * 100)) : 0;
      return '<div class="card event" data-event="' + esc(e.id) + '"><h3>' + esc(e.name || e.id) + '</h3>' +
        '<div class="inside"><span class="inside-count">' + e.inside + '</span>' +
        (cap ? ' <small>/ ' + cap + ' inside</small>' : ' <small>inside</small>') + '</div>' +
        (cap ? '<div class="bar' + (pct >= 95 ? ' full' : '') + '"><span style="width:' + pct + '%"></span></div>' : '') +
        '<div class="flows">in <b class="entries">' + e.entries + '</b> · out <b class="exits">' + e.exits + '</b></div></div>';
    }).join('');
  }

  function renderLanes(s) {
    el('lanes').innerHTML = s.lanes.map((l) => {
      const way = l.direction === 'both' ? 'both → ' + (l.activeDirection || 'entry') : l.direction;
      const devices = l.devices.length ? l.devices.map((d) => '<span class="dev state-' + esc(d.state) + '"><span class="dot"></span>' +
        esc(d.role === 'actuator' ? 'gate' : d.role === 'passage' ? 'turnstile' : d.type) + ' ' + esc(d.state) + '</span>').join('') : '<span class="dev">handhelds only</span>';
      return '<tr data-lane="' + esc(l.id) + '"><td>' + esc(l.id) + '</td><td>' + esc(way) + '</td><td class="n lane-entries">' +
        (l.entries ?? 0) + '</td><td class="n lane-exits">' + (l.exits ?? 0) + '</td><td>' + devices + '</td></tr>';
    }).join('');
    const select = el('staff-lane'); // the staff page only
    if (select && select.options.length !== s.lanes.length) select.innerHTML = s.lanes.map((l) => '<option>' + esc(l.id) + '</option>').join('');
  }

  // Each line is ok (normal text), warn (amber: degraded, the gate still decides) or bad
  // (red: scans refused, wrong or unconfirmed); the page labels warn and bad lines.
  const line = (id, level, html) => '<div class="' + level + '" id="' + id + '">' + html + '</div>';
  function renderHealth(s) {
    // The edge's figure is on the venue's corrected clock; this screen's own clock may be off.
    const age = s.manifest.ageSeconds ?? (s.manifest.syncedAt ? Math.round((Date.now() - Date.parse(s.manifest.syncedAt)) / 1000) : null);
    const away = s.lanes.flatMap((l) => l.devices.filter((d) => d.state !== 'open').map((d) => l.id + ' ' + d.path + ' ' + d.state));
    const split = s.upload.lastError && /acknowledged/.test(s.upload.lastError);
    el('health').innerHTML = '<h2>Health</h2>' +
      (s.cloudRefused ? line('cloud-refused', 'bad', 'Cloud refused this gate since ' +
        new Date(s.cloudRefused.since).toLocaleTimeString() + ': ' + esc(s.cloudRefused.reason) +
        ' — the gate keeps deciding from its manifest and keeps every scan') : '') +
      line('manifest-age', age === null ? 'bad' : age > 120 || s.manifest.lastError ? 'warn' : 'ok',
        'Manifest: ' + s.manifest.tickets + ' tickets, synced ' + (age === null ? 'never' : age + ' s ago') +
        (s.manifest.lastError ? ' — ' + esc(s.manifest.lastError) : '')) +
      line('backlog', split ? 'bad' : s.upload.lastError || s.upload.pending > 50 ? 'warn' : 'ok',
        'Upload backlog: ' + s.upload.pending + ' scans' + (s.upload.lastError ? (split ? ' — cloud holds more of this journal than this box: ' +
        esc(s.upload.lastError) : ' — cloud unreachable, scans kept') : '')) +
      rebuildLine(s) + peersLine(s) +
      line('devices', away.length ? 'bad' : 'ok', away.length ? 'Device away: ' + away.map(esc).join(', ') : 'All devices connected') +
      (s.storage && !s.storage.healthy ? line('storage', 'bad', 'Journal failing since ' +
        new Date(s.storage.since).toLocaleTimeString() + ': ' + esc(s.storage.error) +
        ' — every scan is refused and gates stay shut until it can write again') : '') +
      // A skewed clock the gate corrects for is a warning; one beyond the correction's bound skews decisions.
      (s.clock && s.clock.skewed ? line('clock-skew', s.clock.clamped ? 'bad' : 'warn', 'Clock: ' + esc(s.clock.explanation)) : '');
  }

  // A fresh data dir learning who is inside, or one that gave up waiting: the technician must see it.
  function rebuildLine(s) {
    const r = s.rebuild;
    if (!r || r.state === 'done') return '';
    return line('rebuild', r.holdingReads ? 'bad' : 'warn', esc(r.message || r.state));
  }
  function peersLine(s) {
    if (!s.antiPassback || !s.antiPassback.unconfirmed) return '';
    const why = (s.peers || []).filter((p) => !p.confirmed).map((p) => (p.nodeId || p.url) +
      (!p.reachable ? ' unreachable' : ' ' + p.behind + ' rows behind')).join(', ');
    return line('anti-passback', 'bad', 'Entries refused (hard anti-passback): ' + esc(why));
  }

  async function refreshStatus() {
    try {
      const s = await (await fetch('/api/v1/status')).json();
      state.status = s;
      if (s.venue) { el('venue').textContent = s.venue.name; state.capacity = s.venue.capacity; }
      for (const e of s.events) state.events.set(e.id, { ...(state.events.get(e.id) || {}), ...e });
      renderEvents(); renderLanes(s); renderHealth(s);
    } catch { /* the next refresh will tell */ }
  }
  let pending = null;
  const refreshSoon = () => { if (!pending) pending = setTimeout(() => { pending = null; refreshStatus(); }, 250); };

  // Newest first; a staff screen also sees the ticket (the public feed never carries it).
  function scanItem(s) {
    const li = document.createElement('li');
    let why = words[s.reason] || s.reason;
    if (s.kind === 'manual_admit') why = 'Admitted by staff: ' + (s.note || '');
    if (s.kind === 'annul') why = 'Admission annulled: ' + (s.note || '');
    li.className = s.kind ? 'staff' : s.decision;
    li.innerHTML = '<span class="why">' + esc(why) + '</span><span class="meta">' +
      (s.ticketId ? '<span class="ticket">' + esc(s.ticketId) + '</span> · ' : '') +
      esc(s.laneId) + ' · ' + new Date(s.at).toLocaleTimeString() + '</span>';
    return li;
  }
  const MAX_SCANS = 20;
  function addScan(s) {
    const list = el('scans');
    list.prepend(scanItem(s));
    while (list.children.length > MAX_SCANS) list.lastChild.remove();
  }
  // On every (re)connect the edge sends its journal's last decisions: they replace the list.
  function showRecent(r) {
    el('scans').replaceChildren(...r.scans.slice(0, MAX_SCANS).map(scanItem));
  }

  // The staff panel sets this: how its screen proves itself on each (re)connect.
  let staffAuth = null;
  const socket = io('/live', { reconnection: true, reconnectionDelayMax: 5000,
    auth: (cb) => (staffAuth ? staffAuth(cb) : cb({})) });
  socket.on('connect', () => { el('conn').textContent = '● live'; el('conn').className = 'live'; refreshStatus(); });
  socket.on('disconnect', () => { el('conn').textContent = 'reconnecting…'; el('conn').className = ''; });
  socket.on('occupancy', (o) => {
    const known = state.events.get(o.eventId) || { id: o.eventId };
    state.events.set(o.eventId, { ...known, id: o.eventId, inside: o.inside, entries: o.entries, exits: o.exits });
    renderEvents();
  });
  socket.on('recent', showRecent);
  socket.on('scan', (s) => { addScan(s); refreshSoon(); });
  socket.on('status-changed', refreshSoon);
  setInterval(refreshStatus, 5000);
  setInterval(() => { el('clock').textContent = new Date().toLocaleTimeString(); }, 1000);
  refreshStatus();
`;

/** The staff panel's side (served only on `/?staff`): look-ups, manual admissions, annulments, lane directions. */
export const staffPanelScript = /* js */ `
  // A staff screen trades its verified secret for a one-time pass on every (re)connect, so
  // ticket ids and notes reach it; wall screens stay on the public feed.
  const secretHeaders = (secret) => /^[0-9]{4,12}$/.test(secret) ? { 'x-staff-pin': secret } : { authorization: 'Bearer ' + secret };
  async function livePass(secret) {
    const res = await fetch('/api/v1/staff/live-pass', { method: 'POST', headers: secretHeaders(secret) });
    const data = await res.json();
    if (!res.ok) throw new Error(data.error ? data.error.message : 'HTTP ' + res.status);
    return data.pass;
  }
  let socketSecret = null, nextPass = null;
  staffAuth = (cb) => {
    if (nextPass) { const pass = nextPass; nextPass = null; return cb({ staffPass: pass }); }
    if (!socketSecret) return cb({});
    livePass(socketSecret).then((pass) => cb({ staffPass: pass }), () => cb({}));
  };
  async function staffSocket(secret) {
    if (secret === socketSecret && socket.connected) return;
    nextPass = await livePass(secret);
    socketSecret = secret;
    await new Promise((resolve) => { socket.once('connect', resolve); socket.disconnect().connect(); });
  }

  async function staffCall(method, path, body) {
    const secret = el('staff-secret').value.trim();
    const headers = { 'content-type': 'application/json' };
    if (/^[0-9]{4,12}$/.test(secret)) headers['x-staff-pin'] = secret; else headers.authorization = 'Bearer ' + secret;
    const res = await fetch('/api/v1/staff' + path, { method, headers, body: body ? JSON.stringify(body) : undefined });
    const data = await res.json();
    if (!res.ok) throw new Error(data.error ? data.error.message : 'HTTP ' + res.status);
    return data;
  }
  const say = (text, bad) => { el('staff-msg').textContent = text; el('staff-msg').className = bad ? 'bad' : ''; };
  const ticketQuery = () => {
    const v = el('staff-ticket').value.trim();
    return v.split('.').length === 3 ? { code: v } : { ticketId: v };
  };
  document.querySelectorAll('#staff button').forEach((b) => b.addEventListener('click', async () => {
    const lane = el('staff-lane').value;
    const note = el('staff-note').value.trim();
    try {
      await staffSocket(el('staff-secret').value.trim());
      const act = b.dataset.act;
      if (act === 'lookup') {
        const q = new URLSearchParams(ticketQuery());
        const r = await staffCall('GET', '/tickets?' + q);
        say((r.ticket.tierName || r.ticket.tierId) + ' · ' + (r.ticket.status || 'not in manifest yet') + ' · ' + (r.inside ? 'inside' : 'outside'));
        el('staff-out').textContent = r.history.map((h) => h.at.slice(11, 19) + ' ' + h.laneId + ' ' + h.direction + ' ' +
          (h.kind !== 'scan' ? h.kind + ' (' + (h.note || '') + ')' : h.decision + ' ' + (words[h.reason] || h.reason))).join('\\n') || 'never scanned';
      } else if (act === 'admit') {
        const r = await staffCall('POST', '/lanes/' + encodeURIComponent(lane) + '/admit', { ...ticketQuery(), note });
        say('Admitted ' + r.ticketId + ' on ' + r.laneId);
      } else if (act === 'annul') {
        const r = await staffCall('POST', '/lanes/' + encodeURIComponent(lane) + '/annul-last', { note });
        say('Annulled the admission of ' + r.ticketId + ' on ' + r.laneId);
      } else {
        const r = await staffCall('POST', '/lanes/' + encodeURIComponent(lane) + '/direction', { direction: act.slice(10) });
        say(r.id + ' now ' + r.activeDirection); refreshStatus();
      }
    } catch (err) { say(err.message, true); }
  }));
`;
