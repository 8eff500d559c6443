import { serialize } from 'node:v8';
import { parentPort } from 'node:worker_threads';
import { PaperIndex } from '../library/paper-index.js';
import { collectGarbage } from './collect-garbage.js';
import type { FromIndexThread, ToIndexThread } from './index-on-thread.js';

/**
 * A thread that indexes the papers it is sent (`papers` messages, each indexed as it arrives)
 * and, at `end`, posts the index's records (PaperIndex.records) one message each, serialized,
 * then `done`, and ends: the library worker joins them to its own index (see indexOnThread).
 * It answers nothing and reads no files.
 */
if (!parentPort) throw new Error('index-thread.ts runs as a worker thread (see index-on-thread.ts)');
const port = parentPort;
const send = (message: FromIndexThread, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);

const index = new PaperIndex();

async function finish(): Promise<void> {
  await index.settled();
  // The index keeps no paper (it stores no fields): the papers and the build's garbage go
  // before the records are made, while the library worker's heap is at its largest (collect-garbage.ts).
  await collectGarbage();
  // Serialized here, so the worker reads each record only when its join reaches it
  // (index-on-thread.ts). Each buffer is its own (v8.serialize), so it moves without a copy.
  for (const record of index.records()) {
    const bytes = serialize(record);
    send({ type: 'record', bytes }, [bytes.buffer]);
  }
  send({ type: 'done' });
  // Nothing more comes: the thread ends once the messages are out.
  port.unref();
}

port.on('message', (message: ToIndexThread) => {
  if (message.type === 'papers') index.addAll(message.papers);
  else void finish();
});
