import { getHeapStatistics } from 'node:v8';
import { type MessagePort, parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import { createLogger } from '../log.js';
import { CallQueue, type Lane } from './call-queue.js';
import type { LibraryMethod, LoadStatus } from './library-api.js';
import { LibraryService } from './library-service.js';
import { indexOnSecondThread } from './index-on-thread.js';
import { indexThreadsFor } from './index-threads.js';
import { queuePacer } from './queue-pacer.js';
import { CALL_DROPPED, type CallMessage, type FromWorker, type ToWorker, type WorkerInit, type WorkerStatus } from './protocol.js';

/**
 * The library worker: owns the digest, its index and the folder watcher, and answers the
 * main thread's calls. Calls wait in a two-lane queue (call-queue.ts; the lanes are decided in
 * LIBRARY_CALLS, library-api.ts) and start one at a time, interactive ones first, callers taking turns; a call whose
 * caller has given up is dropped instead of started. Only synchronous work is serialized:
 * calls that wait on I/O (ingesting a file, rendering a chart, embedding a question for /ask)
 * continue when their I/O is done, in between other calls, and so does embedding the papers
 * in the background. Its heap and garbage collections are its own, so a large index never
 * pauses the Discord gateway.
 */
if (!parentPort) throw new Error('library-worker.ts runs as a worker thread (see library-client.ts)');
const port: MessagePort = parentPort;
const init = workerData as WorkerInit;
const send = (message: FromWorker) => port.postMessage(message);

/** A status with this thread's heap (a few microseconds to read), for the health report. */
function withHeap(status: LoadStatus): WorkerStatus {
  const heap = getHeapStatistics();
  return { ...status, heap: { usedBytes: heap.used_heap_size, totalBytes: heap.total_heap_size, at: Date.now() } };
}

// Log lines go to the main thread's logger, so there is one log stream and tests can read it.
// They are redacted here already, so no secret crosses the thread boundary.
const log = createLogger(init.logLevel, { write: (line: string) => send({ type: 'log', line }) }, { thread: 'library' });

const queue = new CallQueue();
/** Ends a second indexing thread when the worker is asked to stop mid-build. */
const stopping = new AbortController();
const indexThreads = indexThreadsFor(init.indexThreads);
const service = new LibraryService({
  digestDir: init.digestDir,
  cacheDir: init.cacheDir,
  maxFileBytes: init.maxFileBytes,
  watch: init.watch,
  watchDebounceMs: init.watchDebounceMs,
  embeddings: init.embeddings,
  log,
  onStatus: (status) => send({ type: 'status', status: withHeap(status) }),
  onAdded: (papers, source) => send({ type: 'added', papers, source }),
  // Reading the digest, a cold build and writing the index cache pause for calls as they
  // arrive (the port is read between their steps, without waiting for the event loop). A
  // cold build shares the thread with a steady flow of calls, so it finishes; the cache only
  // serves the next start, so it runs 1 ms between turns of calls while they keep coming.
  pacer: queuePacer(queue, { takeArrivals, share: 'half' }),
  writePacer: queuePacer(queue, { takeArrivals, share: 'calls first' }),
  // A second core indexes part of a cold build's papers (Library.build joins them).
  ...(indexThreads === 2 ? { indexElsewhere: indexOnSecondThread(log, stopping.signal) } : {}),
});
const api = service.api();
/** The status each call result carries. */
const statusNow = (): WorkerStatus => withHeap(service.status());
const blocker = new Int32Array(new SharedArrayBuffer(4));

port.on('message', receive);

/** Queues what arrived on the port while the thread computed: read synchronously, in order. */
function takeArrivals(): void {
  for (let arrived = receiveMessageOnPort(port); arrived; arrived = receiveMessageOnPort(port)) receive(arrived.message as ToWorker);
}

function receive(message: ToWorker): void {
  if (message.type === 'stop') {
    stopping.abort();
    void service.stop().finally(() => send({ type: 'stopped' }));
    return;
  }
  enqueue(message);
}

function enqueue({ id, method, args, deadline, caller }: CallMessage): void {
  if (!Object.hasOwn(api, method)) {
    fail(id, method, new Error(`unknown library method: ${method}`), performance.now());
    return;
  }
  queue.push({
    lane: laneOf(method, args),
    caller,
    deadline,
    start: () => void answer(id, method, args, deadline),
    drop: (lateMs) => {
      log.debug({ method, id, lateMs: Math.round(lateMs) }, 'library call dropped: its caller gave up before it started');
      const error = { name: CALL_DROPPED, message: `the library was too busy to start ${method} before its deadline` };
      send({ type: 'result', id, ok: false, error, status: statusNow(), ms: 0 });
    },
  });
}

/** The call's lane; a lane that cannot be read from odd arguments is heavy (the call will answer its own error). */
function laneOf(method: LibraryMethod, args: unknown[]): Lane {
  try {
    return service.laneOf(method, args);
  } catch {
    return 'heavy';
  }
}

async function answer(id: number, method: LibraryMethod, args: unknown[], deadline: number): Promise<void> {
  const started = performance.now();
  try {
    if (init.blockEveryCallMs && method !== 'status') Atomics.wait(blocker, 0, 0, init.blockEveryCallMs);
    const value = await (api[method] as (...a: unknown[]) => unknown)(...args);
    send({ type: 'result', id, ok: true, value, status: statusNow(), ms: performance.now() - started });
  } catch (error) {
    fail(id, method, error, started);
  }
  const lateMs = Date.now() - deadline;
  // Work nobody waited for: a call started in time that ran past its caller's deadline.
  if (lateMs > 0)
    log.debug({ method, id, lateMs: Math.round(lateMs), ms: Math.round(performance.now() - started) }, 'library call finished after its caller gave up');
}

function fail(id: number, method: string, error: unknown, started: number): void {
  log.error({ err: error, method }, 'library call failed');
  const { name, message } = error instanceof Error ? error : new Error(String(error));
  send({ type: 'result', id, ok: false, error: { name, message }, status: statusNow(), ms: performance.now() - started });
}

service.start().catch((error: unknown) => {
  // Nothing can be answered without the digest: exit, and the main thread starts a new worker.
  log.fatal({ err: error }, 'the digest could not be loaded');
  process.exit(1);
});
