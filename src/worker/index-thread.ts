import { parentPort, workerData } from 'node:worker_threads';
import type { Paper } from '../digest/paper.js';
import { PaperIndex } from '../library/paper-index.js';
import type { FromIndexThread } from './index-on-thread.js';

/**
 * A thread that indexes the papers it is given (workerData.papers) and posts the index's
 * records (PaperIndex.records) one message each, then `done`, and ends: the library worker
 * joins them to its own index (see indexOnThread). It answers nothing and reads no files.
 */
if (!parentPort) throw new Error('index-thread.ts runs as a worker thread (see index-on-thread.ts)');
const port = parentPort;
const send = (message: FromIndexThread) => port.postMessage(message);

const index = new PaperIndex((workerData as { papers: Paper[] }).papers);
await index.settled();
for (const record of index.records()) send({ type: 'record', record });
send({ type: 'done' });
