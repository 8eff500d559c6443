// A worker thread starts without the main thread's TypeScript loader: register tsx here,
// then load the TypeScript entry named in workerData.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
