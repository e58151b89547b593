import type { SalvageReport } from './salvage.ts';

/** What `tixmo edge --salvage` prints: what was kept, what was lost, what happens next. */
export function describeSalvage(r: SalvageReport, configFile: string): string {
  const lost =
    r.lost.length === 0
      ? 'none unreadable'
      : `${r.lost.length} unreadable (seq ${r.lost.slice(0, 10).join(', ')}${r.lost.length > 10 ? ', …' : ''}), kept as "storage" placeholder rows`;
  return [
    `salvaged: ${r.journalRows} journal rows (${lost}); the cloud had acknowledged up to seq ${r.ackedSeq}, the rest will be uploaded`,
    `  peers' rows kept: ${r.peerRows} (the rest is pulled from the peers again)`,
    `  manifest: ${r.manifest === 'kept' ? 'kept' : 'unreadable, it will be pulled from the cloud again at start'}`,
    `  damaged database kept as ${r.keptAs}`,
    `start the edge again: tixmo edge --config ${configFile}`,
    '',
  ].join('\n');
}
