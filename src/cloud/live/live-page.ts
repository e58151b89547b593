import { createHash } from 'node:crypto';
import { promoterPageScript } from './live-page-script.ts';

const style = `
  :root { color-scheme: dark; --ok: #3ddc84; --bad: #ff5c5c; --warn: #ffb020; --dim: #9aa4b2; --card: #161b22; --line: #222a35; }
  * { box-sizing: border-box; }
  body { margin: 0; font-family: system-ui, sans-serif; background: #0e1116; color: #f2f4f8; font-size: clamp(15px, 1.1vw, 22px); }
  header { display: flex; justify-content: space-between; align-items: center; padding: .8em 1.4em; border-bottom: 1px solid var(--line); gap: 1em; }
  h1 { font-size: 1.5em; margin: 0; }
  h2 { font-size: 1.3em; margin: 0 0 .4em; }
  h3 { font-size: .9em; margin: 1em 0 .4em; color: var(--dim); text-transform: uppercase; letter-spacing: .06em; }
  #conn { color: var(--warn); white-space: nowrap; } #conn.live { color: var(--ok); }
  #clock, #who { color: var(--dim); font-variant-numeric: tabular-nums; }
  button, input { font: inherit; padding: .4em .6em; border-radius: .35em; border: 1px solid var(--line); background: #0e1116; color: #f2f4f8; }
  button { background: #23406b; cursor: pointer; }
  #events { display: grid; grid-template-columns: repeat(auto-fill, minmax(32em, 1fr)); gap: 1.2em; padding: 1.2em 1.4em; }
  .card { background: var(--card); border-radius: .8em; padding: 1em 1.3em; }
  .inside { font-size: 4em; font-weight: 800; line-height: 1; font-variant-numeric: tabular-nums; }
  .inside small { font-size: .35em; color: var(--dim); font-weight: 400; }
  .bar { height: .5em; background: var(--line); border-radius: .25em; margin: .6em 0; overflow: hidden; }
  .bar span { display: block; height: 100%; background: var(--ok); } .bar.full span { background: var(--bad); }
  .flows, .sales { color: var(--dim); font-variant-numeric: tabular-nums; margin: .3em 0; }
  .flows b, .sales b { color: #f2f4f8; } .sales .net { color: var(--ok); }
  .curve { width: 100%; height: 6em; background: #0e1116; border-radius: .4em; }
  .curve polyline { fill: none; stroke: var(--ok); stroke-width: 2; vector-effect: non-scaling-stroke; }
  .axis { display: flex; justify-content: space-between; color: var(--dim); font-size: .8em; }
  table { width: 100%; border-collapse: collapse; font-variant-numeric: tabular-nums; }
  td, th { text-align: left; padding: .3em; border-bottom: 1px solid var(--line); } th { color: var(--dim); font-weight: 500; }
  td.n { text-align: right; font-weight: 700; } td.rejects { color: var(--bad); } td.reasons { color: var(--dim); }
  .empty { color: var(--dim); }
  #signin { display: none; max-width: 26em; margin: 4em auto; }
  #signin input { width: 100%; margin: .3em 0; } #login-msg { color: var(--bad); min-height: 1.3em; }
  body.signed-out #signin { display: block; } body.signed-out #events, body.signed-out #signout, body.signed-out #conn { display: none; }
`;

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

/**
 * The promoters' live page at `/live`: each live event of the member's organizations with
 * inside / capacity, the entry curve, the gates with their rates and reject reasons, and
 * (OWNER/ADMIN) sales, pushed over Socket.IO. Nothing comes from outside the cloud (the
 * Socket.IO client is served by the cloud itself), and the CSP allows exactly the inline
 * script and style below by their hashes.
 */
export const promoterPage = /* html */ `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>TixMo — live events</title>
<style>${style}</style>
</head>
<body class="signed-out">
<header><h1>TixMo live</h1><span id="clock"></span><span id="who"></span><span id="conn">connecting…</span><button id="signout" type="button">Sign out</button></header>
<div id="signin" class="card"><h2>Sign in</h2>
  <form id="login"><input id="email" type="email" placeholder="email" autocomplete="username" required>
    <input id="password" type="password" placeholder="password" autocomplete="current-password" required>
    <button type="submit">Sign in</button><div id="login-msg"></div></form>
</div>
<main id="events"><p class="empty">Waiting for the cloud…</p></main>
<script src="/socket.io/socket.io.min.js"></script>
<script>${promoterPageScript}</script>
</body>
</html>
`;

export const promoterPageCsp = [
  "default-src 'none'",
  `script-src 'self' ${sha256(promoterPageScript)}`,
  `style-src ${sha256(style)}`,
  // Socket.IO: the websocket and the polling fallback, both on this origin.
  "connect-src 'self'",
  "img-src 'self' data:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
