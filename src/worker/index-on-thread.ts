import { Worker } from 'node:worker_threads';
import type { Paper } from '../digest/paper.js';
import type { IndexElsewhere } from '../library/library.js';
import type { SnapshotRecord } from '../library/snapshot-records.js';
import type { Logger } from '../log.js';
import { workerStart } from './worker-start.js';

export type FromIndexThread = { type: 'record'; record: SnapshotRecord } | { type: 'done' };

/**
 * indexOnThread as the library worker gives it to Library.build (INDEX_THREADS=2), logged:
 * its start, its end and the join at info; a failure of either at warn (the build then
 * indexes those papers, or all of them, itself).
 */
export function indexOnSecondThread(log: Logger, signal: AbortSignal): IndexElsewhere {
  const index = async (papers: readonly Paper[]): Promise<SnapshotRecord[]> => {
    const started = performance.now();
    log.info({ papers: papers.length }, 'indexing part of the digest on a second thread');
    try {
      const records = await indexOnThread(papers, signal);
      log.info({ papers: papers.length, records: records.length, ms: Math.round(performance.now() - started) }, 'second indexing thread done');
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
 * Indexes `papers` on a thread of its own (index-thread.ts) and resolves with the records of
 * that index, for Library.build to join to the index it builds meanwhile from the other
 * papers. The papers are copied to the thread once (structured clone); the records come back
 * one message each and wait here until the index is whole. Rejects if the thread fails, ends
 * without finishing, or sends a message that cannot be read; `signal` ends the thread early
 * (the worker stops mid-build).
 */
export function indexOnThread(papers: readonly Paper[], signal?: AbortSignal): Promise<SnapshotRecord[]> {
  const start = workerStart('index-thread');
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new Error('indexing on a thread was cancelled'));
      return;
    }
    const records: SnapshotRecord[] = [];
    let done = false;
    const thread = new Worker(start.file, { workerData: { papers, entry: start.entry } });
    const cancel = () => void thread.terminate();
    signal?.addEventListener('abort', cancel, { once: true });
    thread.on('message', (message: FromIndexThread) => {
      if (message.type === 'record') {
        records.push(message.record);
      } else {
        done = true;
        resolve(records);
      }
    });
    thread.on('error', (error) => reject(error));
    thread.on('messageerror', (error) => {
      reject(error);
      void thread.terminate();
    });
    thread.on('exit', (code) => {
      signal?.removeEventListener('abort', cancel);
      if (!done) reject(new Error(`the index thread ended (code ${code}) before its index was whole`));
    });
  });
}
