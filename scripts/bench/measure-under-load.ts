import { setTimeout as sleep } from 'node:timers/promises';
import { createLogger } from '../../src/log.js';
import { compiledLibraryClient } from './compiled-client.js';
import { handlers, summarize, type Latency } from './measure.js';
import { AUTOCOMPLETE_PREFIXES, KEYWORD_QUERIES, QUESTIONS } from './queries.js';

/** A steady load, as a busy server sends: one query every 200 ms. */
const QUERIES_PER_SECOND = 5;

export interface UnderLoadMeasurement {
  papers: number;
  /** Until a query is answered from the whole digest, while the queries keep coming. */
  coldStartMs: number;
  /** Queries sent during the cold start, from when the worker first answers, and their replies through the handlers (each sent without waiting for the one before). */
  queries: number;
  /** Null when none was sent (the digest loaded before the first). */
  replies: Latency | null;
  /** Queries whose handler threw (the library busy, say): not in `replies`. */
  failed: number;
}

/**
 * A cold start (no index cache) while queries arrive at a steady QUERIES_PER_SECOND, each
 * through the real command handlers (searches, questions and autocomplete in turn; replies
 * while loading come from the papers indexed so far). Compared with an idle cold start's
 * time, it gives the indexing speed under load.
 */
export async function measureUnderLoad(dir: string, cacheDir: string, maxFileBytes: number): Promise<UnderLoadMeasurement> {
  const Client = await compiledLibraryClient();
  const started = performance.now();
  const client = new Client({
    init: { digestDir: dir, cacheDir, maxFileBytes, watch: false, logLevel: 'silent' },
    log: createLogger('silent'),
    callTimeoutMs: 600_000,
  }).start();
  const { context, command } = handlers(client);
  const kinds: (() => Promise<unknown>)[] = [];
  for (let i = 0; i < Math.max(KEYWORD_QUERIES.length, QUESTIONS.length, AUTOCOMPLETE_PREFIXES.length); i++) {
    const query = KEYWORD_QUERIES[i % KEYWORD_QUERIES.length] as string;
    const question = QUESTIONS[i % QUESTIONS.length] as string;
    const prefix = AUTOCOMPLETE_PREFIXES[i % AUTOCOMPLETE_PREFIXES.length] as string;
    kinds.push(
      async () => command('search').run(context, { query }),
      async () => command('ask').run(context, { question }),
      async () => command('paper').autocomplete?.(context, { name: 'title', value: prefix }),
    );
  }
  let ready = false;
  const readyAt = client.whenReady().then(() => {
    ready = true;
    return performance.now() - started;
  });
  // The load starts once the worker answers (its thread and modules take a few hundred ms to
  // start, well before a Discord gateway would deliver the first interaction).
  await client.api.status();
  const loadFrom = performance.now();
  const times: number[] = [];
  let failed = 0;
  const pending: Promise<unknown>[] = [];
  for (let sent = 0; !ready; sent++) {
    const send = performance.now();
    const run = kinds[sent % kinds.length] as () => Promise<unknown>;
    pending.push(
      run().then(
        () => times.push(performance.now() - send),
        () => (failed += 1),
      ),
    );
    // On a fixed schedule from the start, however long each reply takes.
    const next = loadFrom + ((sent + 1) * 1000) / QUERIES_PER_SECOND;
    await Promise.race([sleep(Math.max(0, next - performance.now())), readyAt]);
  }
  const coldStartMs = await readyAt;
  await Promise.all(pending);
  const papers = client.status.indexed;
  await client.stop();
  return { papers, coldStartMs, queries: times.length + failed, replies: times.length > 0 ? summarize(times) : null, failed };
}
