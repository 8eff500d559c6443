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
  // before the records are made. This heap and the library worker's are then both at their
  // largest, and together they set the process's peak memory.
  await collectGarbage();
  // Serialized here, so the worker reads each record only when its join reaches it
  // (index-on-thread.ts). v8.serialize gives each record a buffer of its own, moved without
  // a copy; one that shares its memory would be copied instead.
  for (const record of index.records()) {
    const bytes = serialize(record);
    send({ type: 'record', bytes }, bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? [bytes.buffer] : []);
  }
  send({ type: 'done' });
  // Nothing more comes: the thread ends once the messages are out.
  port.unref();
}

port.on('message', (message: ToIndexThread) => {
  if (message.type === 'papers') index.addAll(message.papers);
  else
    finish().catch((error: unknown) => {
      // Thrown outside the promise, so the thread ends with an error (the worker's 'error'),
      // whatever the process does with unhandled rejections.
      setImmediate(() => {
        throw error;
      });
    });
});
