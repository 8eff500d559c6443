import { parentPort, workerData } from 'node:worker_threads';
import pino from 'pino';
import { REDACT_PATHS } from '../log.js';
import type { LibraryMethod } from './library-api.js';
import { LibraryService } from './library-service.js';
import type { FromWorker, ToWorker, WorkerInit } from './protocol.js';

/**
 * The library worker: owns the digest, its index and the folder watcher, and answers the
 * main thread's calls. Synchronous work (search, answers) runs one call at a time; calls that
 * wait on I/O (ingesting a file, rendering a chart, embedding a question for /ask) can
 * interleave with others, and so can embedding the papers in the background. Its heap and
 * garbage collections are its own, so a large index never pauses the Discord gateway.
 */
const port = parentPort;
if (!port) throw new Error('library-worker.ts runs as a worker thread (see library-client.ts)');
const init = workerData as WorkerInit;
const send = (message: FromWorker) => port.postMessage(message);

// Log lines go to the main thread's logger, so there is one log stream and tests can read it.
const log = pino(
  { level: init.logLevel, redact: { paths: REDACT_PATHS, censor: '[redacted]' }, base: { thread: 'library' } },
  { write: (line: string) => send({ type: 'log', line }) },
);

const service = new LibraryService({
  digestDir: init.digestDir,
  cacheDir: init.cacheDir,
  maxFileBytes: init.maxFileBytes,
  watch: init.watch,
  watchDebounceMs: init.watchDebounceMs,
  embeddings: init.embeddings,
  log,
  onStatus: (status) => send({ type: 'status', status }),
  onAdded: (papers, source) => send({ type: 'added', papers, source }),
});
const api = service.api();
const blocker = new Int32Array(new SharedArrayBuffer(4));

port.on('message', (message: ToWorker) => {
  if (message.type === 'stop') {
    void service.stop().finally(() => send({ type: 'stopped' }));
    return;
  }
  void answer(message.id, message.method, message.args);
});

async function answer(id: number, method: LibraryMethod, args: unknown[]): Promise<void> {
  const started = performance.now();
  try {
    if (!Object.hasOwn(api, method)) throw new Error(`unknown library method: ${method}`);
    if (init.blockEveryCallMs && method !== 'status') Atomics.wait(blocker, 0, 0, init.blockEveryCallMs);
    const value = await (api[method] as (...a: unknown[]) => unknown)(...args);
    send({ type: 'result', id, ok: true, value, status: service.status(), ms: performance.now() - started });
  } catch (error) {
    log.error({ err: error, method }, 'library call failed');
    const { name, message } = error instanceof Error ? error : new Error(String(error));
    send({ type: 'result', id, ok: false, error: { name, message }, status: service.status(), ms: performance.now() - started });
  }
}

service.start().catch((error: unknown) => {
  // Nothing can be answered without the digest: exit, and the main thread starts a new worker.
  log.fatal({ err: error }, 'the digest could not be loaded');
  process.exit(1);
});
