import type { UploadedScan } from '../protocol.ts';

/**
 * Exactly-once, in-order scan ingest (docs/architecture.md §6). Given the highest seq the cloud
 * already holds for a node, pick the rows of a batch to store: the contiguous run that
 * starts right after it. Rows at or below it are re-sends (harmless); a row after a
 * gap waits until the missing seq arrives, so the acknowledged seq is always gap-free.
 */
export function planIngest(
  ackedSeq: number,
  scans: UploadedScan[],
): { apply: UploadedScan[]; newAckedSeq: number } {
  const sorted = [...scans].sort((a, b) => a.seq - b.seq);
  const apply: UploadedScan[] = [];
  let next = ackedSeq + 1;
  for (const scan of sorted) {
    if (scan.seq < next) continue;
    if (scan.seq > next) break;
    apply.push(scan);
    next++;
  }
  return { apply, newAckedSeq: next - 1 };
}
