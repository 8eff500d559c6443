import { setImmediate as nextLoopTurn } from 'node:timers/promises';
import { deserialize } from 'node:v8';
import { Worker } from 'node:worker_threads';
import type { Paper } from '../digest/paper.js';
import type { IndexElsewhere } from '../library/library.js';
import type { SnapshotRecord } from '../library/snapshot-records.js';
import type { Logger } from '../log.js';
import { workerStart } from './worker-start.js';

/** To the thread: its papers, a few at a time, then `end`. */
export type ToIndexThread = { type: 'papers'; papers: readonly Paper[] } | { type: 'end' };
/** From the thread: a record as it serialized it (v8.serialize), its buffer transferred; then `done`. */
export type FromIndexThread = { type: 'record'; bytes: Uint8Array } | { type: 'done' };

/**
 * indexOnThread as the library worker gives it to Library.build (INDEX_THREADS=2), logged:
 * its start, its end and the join at info; a failure of either at warn (the build then
 * indexes those papers, or all of them, itself).
 */
export function indexOnSecondThread(log: Logger, signal: AbortSignal): IndexElsewhere {
  const index = async (papers: readonly Paper[]): Promise<Iterable<SnapshotRecord>> => {
    const started = performance.now();
    log.info({ papers: papers.length }, 'indexing part of the digest on a second thread');
    try {
      const records = await indexOnThread(papers, signal);
      log.info({ papers: papers.length, records: records.count, ms: Math.round(performance.now() - started) }, 'second indexing thread done');
      return records;
    } catch (error) {
      if (!signal.aborted) log.warn({ err: error, papers: papers.length }, 'the second indexing thread failed; its papers are indexed on the first');
      throw error;
    }
  };
  const joined = (error: Error | null) => {
    if (error === null) log.info('second indexing thread joined');
    else log.warn({ err: error }, "the second indexing thread's index could not be joined; indexing every paper on the first");
  };
  return { index, joined };
}

/**
 * Papers per message to the thread: a structured clone of about 2 ms each at 100,000 papers,
 * where one clone of all 50,000 stopped this thread for about 110 ms. One goes each time the
 * build here pauses (at most every 40 ms), far faster than the thread indexes 1,000 papers
 * (about 0.2 s), so it never waits for papers.
 */
export const PAPERS_PER_MESSAGE = 1_000;

/**
 * Indexes `papers` on a thread of its own (index-thread.ts) and resolves with the records of
 * that index, for Library.build to join to the index it builds meanwhile from the other
 * papers. The papers are copied to the thread PAPERS_PER_MESSAGE at a time (structured clone),
 * one message each turn of the event loop, so the calls this thread answers and its own
 * building go on between them; the thread indexes each as it arrives. The records come back
 * serialized, one message each with its buffer transferred, and wait here as bytes: each is
 * read (v8.deserialize) only when the join takes it, a step at a time, and its bytes are then
 * let go. Read as they arrived, at 100,000 papers they stopped this thread for the whole
 * index at once and waited as objects several times their size. Rejects if the thread fails
 * or ends without finishing; `signal` ends the thread early (the worker stops mid-build). A
 * record that cannot be read throws while it is joined (the join then fails as a whole).
 */
export function indexOnThread(papers: readonly Paper[], signal?: AbortSignal): Promise<SerializedRecords> {
  const start = workerStart('index-thread');
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new Error('indexing on a thread was cancelled'));
      return;
    }
    const records: Uint8Array[] = [];
    let done = false;
    const thread = new Worker(start.file, { workerData: { entry: start.entry } });
    const cancel = () => void thread.terminate();
    signal?.addEventListener('abort', cancel, { once: true });
    thread.on('message', (message: FromIndexThread) => {
      if (message.type === 'record') {
        records.push(message.bytes);
      } else {
        done = true;
        resolve(new SerializedRecords(records));
      }
    });
    thread.on('error', (error) => reject(error));
    thread.on('messageerror', (error) => {
      reject(error);
      void thread.terminate();
    });
    let ended = false;
    thread.on('exit', (code) => {
      ended = true;
      signal?.removeEventListener('abort', cancel);
      if (!done) reject(new Error(`the index thread ended (code ${code}) before its index was whole`));
    });
    const sendPapers = async () => {
      for (let from = 0; from < papers.length && !ended; from += PAPERS_PER_MESSAGE) {
        thread.postMessage({ type: 'papers', papers: papers.slice(from, from + PAPERS_PER_MESSAGE) } satisfies ToIndexThread);
        await nextLoopTurn();
      }
      if (!ended) thread.postMessage({ type: 'end' } satisfies ToIndexThread);
    };
    // A paper that cannot be copied fails the whole: the build then indexes them all itself.
    sendPapers().catch((error: unknown) => {
      reject(error instanceof Error ? error : new Error(String(error)));
      void thread.terminate();
    });
  });
}

/** An index's records as the thread serialized them, read once, in order, each when it is reached. */
export class SerializedRecords implements Iterable<SnapshotRecord> {
  #buffers: (Uint8Array | undefined)[];
  /** How many records the thread sent. */
  readonly count: number;

  constructor(buffers: Uint8Array[]) {
    this.#buffers = buffers;
    this.count = buffers.length;
  }

  /**
   * The records, each deserialized as it is reached and its bytes then let go. The first
   * iterator takes them all as it is made: any other, made before or after, finds none.
   */
  [Symbol.iterator](): Generator<SnapshotRecord> {
    const buffers = this.#buffers;
    this.#buffers = [];
    return readEach(buffers);
  }
}

function* readEach(buffers: (Uint8Array | undefined)[]): Generator<SnapshotRecord> {
  for (let i = 0; i < buffers.length; i++) {
    const bytes = buffers[i] as Uint8Array;
    buffers[i] = undefined;
    yield deserialize(bytes) as SnapshotRecord;
  }
}
