import type { PullProgress } from '../sync/edge/manifest-puller.ts';

/**
 * Shows a long first manifest sync to the technician: a redrawn bar with count, rate
 * and time left on a terminal; on a pipe or a log file, a line at most every 2 s and
 * one when done (no control characters in logs).
 */
export function pullProgressDisplay(out: { isTTY?: boolean; write(s: string): unknown }, now = Date.now) {
  let started = 0;
  let lastLine = Number.NEGATIVE_INFINITY;
  let drawing = false;
  return (p: PullProgress) => {
    const t = now();
    if (p.pages === 1) started = t;
    const total = p.tickets + p.remaining;
    if (total === 0 || (p.pages === 1 && p.remaining === 0 && p.tickets < 1000)) {
      if (drawing) out.write('\n');
      drawing = false;
      return; // a routine poll: nothing to show
    }
    const done = p.remaining === 0;
    const seconds = Math.max(0.001, (t - started) / 1000);
    const rate = p.tickets / seconds;
    const eta = rate > 0 ? Math.ceil(p.remaining / rate) : 0;
    const pct = Math.floor((p.tickets / total) * 100);
    const text = `manifest ${p.tickets.toLocaleString('en')}/${total.toLocaleString('en')} tickets (${pct}%), ${Math.round(rate).toLocaleString('en')}/s${done ? `, done in ${seconds.toFixed(1)} s` : `, ~${eta} s left`}`;
    if (out.isTTY) {
      const width = 24;
      const filled = Math.round((pct / 100) * width);
      out.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${text}\u001b[K${done ? '\n' : ''}`);
      drawing = !done;
    } else if (done || t - lastLine >= 2000) {
      lastLine = t;
      out.write(`${text}\n`);
    }
  };
}
