// Entry of the mail thread: TypeScript runs through tsx here as in the CLI (bin/tixmo.js),
// because a worker thread does not inherit the loader of the thread that started it.
import { register } from 'tsx/esm/api';

register();
await import('./mail-thread.ts');
