/**
 * The browser side of the promoters' live page (plain ES2020, no build step, nothing
 * fetched from outside the cloud). Signs in with the API, keeps the session in this tab
 * (sessionStorage), and follows the `/promoters` Socket.IO namespace; an expired access
 * token is refreshed once and the socket reconnects.
 */
export const promoterPageScript = /* js */ `
  const el = (id) => document.getElementById(id);
  const esc = (s) => String(s).replace(/[&<>"']/g, (c) => '&#' + c.charCodeAt(0) + ';');
  const events = new Map();
  let socket = null;
  const session = {
    get: () => JSON.parse(sessionStorage.getItem('tixmo.session') || 'null'),
    set: (s) => sessionStorage.setItem('tixmo.session', JSON.stringify(s)),
    clear: () => sessionStorage.removeItem('tixmo.session'),
  };
  const money = (cents, currency) => {
    try { return new Intl.NumberFormat(undefined, { style: 'currency', currency }).format(cents / 100); }
    catch { return (cents / 100).toFixed(2) + ' ' + currency; }
  };

  function curve(points) {
    if (points.length === 0) return '<div class="empty">No entries yet</div>';
    let total = 0;
    // From nothing at the first bucket's start, so a single bucket still draws a line.
    const cumulative = [0].concat(points.map((p) => (total += p.entries)));
    const max = Math.max(1, total);
    const w = 300, h = 80, step = w / points.length;
    const xy = cumulative.map((v, i) => (i * step).toFixed(1) + ',' + (h - (v / max) * h).toFixed(1)).join(' ');
    return '<svg class="curve" viewBox="0 0 ' + w + ' ' + h + '" preserveAspectRatio="none"><polyline points="' + xy + '"/></svg>' +
      '<div class="axis"><span>' + esc(points[0].start.slice(11, 16)) + ' UTC</span><span>' + total + ' entries</span></div>';
  }

  function gates(list) {
    const rows = [];
    for (const g of list) for (const l of g.lanes) {
      const reasons = Object.entries(l.rejectsByReason).map(([r, n]) => esc(r.replace(/_/g, ' ')) + ' ' + n).join(', ');
      rows.push('<tr data-lane="' + esc(g.nodeId + '/' + l.laneId) + '"><td>' + esc(g.name) + ' · ' + esc(l.laneId) + '</td>' +
        '<td class="n admits">' + l.admits + '</td><td class="n rate">' + l.perMinute + '/min</td>' +
        '<td class="n rejects">' + l.rejects + '</td><td class="reasons">' + (reasons || '—') + '</td></tr>');
    }
    if (rows.length === 0) return '<div class="empty">No gate has uploaded yet</div>';
    return '<table><thead><tr><th>Gate · lane</th><th>In</th><th>Rate</th><th>Rejected</th><th>Why</th></tr></thead><tbody>' + rows.join('') + '</tbody></table>';
  }

  function sales(list) {
    if (!list) return '';
    if (list.length === 0) return '<div class="sales">No sales yet</div>';
    return list.map((s) => '<div class="sales" data-currency="' + esc(s.currency) + '"><b class="orders">' + s.orders + '</b> orders · <b class="tickets">' +
      s.tickets + '</b> tickets · <b class="net">' + esc(money(s.netCents, s.currency)) + '</b> net</div>').join('');
  }

  function render() {
    if (events.size === 0) { el('events').innerHTML = '<p class="empty">No live event right now.</p>'; return; }
    el('events').innerHTML = [...events.values()].map((e) => {
      const pct = e.capacity ? Math.min(100, Math.round((e.inside / e.capacity) * 100)) : 0;
      return '<section class="card event" data-event="' + esc(e.eventId) + '"><h2>' + esc(e.name) + '</h2>' +
        '<div class="inside"><span class="inside-count">' + e.inside + '</span> <small>/ <span class="capacity">' + e.capacity + '</span> inside</small></div>' +
        '<div class="bar' + (pct >= 95 ? ' full' : '') + '"><span data-pct="' + pct + '"></span></div>' +
        '<div class="flows">in <b class="entries">' + e.entries + '</b> · out <b class="exits">' + e.exits + '</b> · checked in <b class="checked-in">' +
        e.checkedIn + '</b> of <b class="sold">' + e.sold + '</b>' + (e.peak ? ' · peak ' + e.peak.inside : '') + '</div>' +
        sales(e.sales) + '<h3>Entries</h3>' + curve(e.curve) + '<h3>Gates</h3>' + gates(e.gates) + '</section>';
    }).join('');
    // Through the CSSOM: the page's CSP allows no inline style attributes.
    for (const bar of document.querySelectorAll('.bar span')) bar.style.width = bar.dataset.pct + '%';
  }

  function setConn(text, live) { el('conn').textContent = text; el('conn').className = live ? 'live' : ''; }

  async function api(path, body) {
    const res = await fetch('/api/v1' + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const data = await res.json().catch(() => ({}));
    if (!res.ok) throw new Error((data.error && data.error.message) || 'HTTP ' + res.status);
    return data;
  }

  function connect() {
    const s = session.get();
    if (!s) { document.body.className = 'signed-out'; return; }
    document.body.className = 'signed-in';
    el('who').textContent = s.user.name;
    let refreshed = false;
    socket = io('/promoters', { auth: { token: s.accessToken }, transports: ['websocket', 'polling'] });
    socket.on('connect', () => { refreshed = false; setConn('● live', true); });
    socket.on('disconnect', () => setConn('reconnecting…', false));
    socket.on('connect_error', async (err) => {
      setConn('offline — retrying', false);
      if (err.message !== 'unauthorized') return;
      const current = session.get();
      if (refreshed || !current) return signOut('Session ended: sign in again.');
      refreshed = true;
      try {
        const next = await api('/auth/refresh', { refreshToken: current.refreshToken });
        session.set({ ...current, ...next });
        socket.auth.token = next.accessToken;
        socket.connect();
      } catch { signOut('Session ended: sign in again.'); }
    });
    socket.on('events', (list) => { events.clear(); for (const e of list) events.set(e.eventId, e); render(); });
    socket.on('event', (e) => { events.set(e.eventId, e); render(); });
  }

  function signOut(message) {
    if (socket) { socket.close(); socket = null; }
    session.clear();
    events.clear();
    el('login-msg').textContent = message || '';
    document.body.className = 'signed-out';
  }

  el('login').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    el('login-msg').textContent = '';
    try {
      const s = await api('/auth/login', { email: el('email').value, password: el('password').value });
      session.set(s);
      el('password').value = '';
      connect();
    } catch (err) { el('login-msg').textContent = err.message; }
  });
  el('signout').addEventListener('click', () => signOut(''));
  setInterval(() => { el('clock').textContent = new Date().toLocaleTimeString(); }, 1000);
  connect();
`;
