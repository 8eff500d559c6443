// Used only when the main thread runs the TypeScript sources (tests, `npm run dev`, scripts under
// tsx); compiled code starts library-worker.js and index-thread.js directly (worker-start.ts).
// A worker thread starts without the main thread's TypeScript loader: register tsx here,
// then load the TypeScript entry named in workerData.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
