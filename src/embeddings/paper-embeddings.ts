import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Paper } from '../digest/paper.js';
import type { Logger } from '../log.js';
import { CacheWhileItWorks } from './cache-while-it-works.js';
import type { CachedVector, EmbeddingCache } from './embedding-cache.js';
import { EmbeddingsClient } from './embeddings-client.js';
import { EmbeddingsError } from './embeddings-error.js';
import type { EmbeddingsSettings, EmbeddingsStatus } from './embeddings-settings.js';
import { FailureNotice } from './failure-notice.js';
import { paperText, textHash } from './paper-text.js';
import { VectorMatrix } from './vector-matrix.js';

const DEFAULTS = { batchSize: 32, batchTimeoutMs: 60_000, retryDelayMs: 5000, questionPauseMs: 30_000, progressEveryBatches: 10 };
const MAX_RETRY_DELAY_MS = 5 * 60_000;
/** Papers hashed and looked up in the cache per turn of the event loop, so queries interleave. */
const TRIAGE_CHUNK = 500;
/** Papers a semantic ranking lists, by default. */
const DEFAULT_TOP_K = 50;

interface PendingText {
  key: string;
  text: string;
  hash: string;
}

/**
 * The papers' embeddings, kept in the library worker. Papers given to `sync` (the digest once
 * loaded, then every ingested file) are looked up in the cache and the missing ones embedded
 * in the background, in batches, with progress in the log; the worker keeps answering
 * meanwhile. `rank` embeds a question and lists the nearest papers embedded so far. The
 * endpoint failing, slow or lying never throws here: `rank` returns undefined and the
 * failure is logged once per outage (see FailureNotice); failed batches are retried with
 * backoff.
 */
export class PaperEmbeddings {
  readonly #options: Required<Omit<EmbeddingsSettings, 'apiKey' | 'cacheFile'>>;
  readonly #notice: FailureNotice;
  /** Dropped if it fails (see CacheWhileItWorks). */
  readonly #cache: CacheWhileItWorks;
  #matrix: VectorMatrix | null = null;
  /** The hash of the text each paper's vector was made from. */
  readonly #embeddedHash = new Map<string, string>();
  /** Every paper key given: a vector is wanted for each. */
  readonly #known = new Set<string>();
  /** Papers to look at (new, or maybe with a changed text), latest record each. */
  readonly #incoming = new Map<string, Paper>();
  /** Texts the cache does not have, for the endpoint. */
  readonly #toEmbed = new Map<string, PendingText>();
  #draining: Promise<void> | null = null;
  #firstRun = true;
  #stopped = false;
  readonly #abort = new AbortController();
  #wake: (() => void) | null = null;
  #questionsPausedUntil = 0;
  #ranked = 0;

  constructor(
    settings: EmbeddingsSettings,
    private readonly client: EmbeddingsClient,
    cache: EmbeddingCache | undefined,
    private readonly log: Logger,
  ) {
    this.#options = {
      baseUrl: settings.baseUrl,
      model: settings.model,
      timeoutMs: settings.timeoutMs,
      batchSize: settings.batchSize ?? DEFAULTS.batchSize,
      batchTimeoutMs: settings.batchTimeoutMs ?? DEFAULTS.batchTimeoutMs,
      retryDelayMs: settings.retryDelayMs ?? DEFAULTS.retryDelayMs,
      questionPauseMs: settings.questionPauseMs ?? DEFAULTS.questionPauseMs,
      progressEveryBatches: settings.progressEveryBatches ?? DEFAULTS.progressEveryBatches,
    };
    this.#cache = new CacheWhileItWorks(cache, log);
    this.#notice = new FailureNotice(log, { model: settings.model, url: withoutCredentials(client.url) });
  }

  /** Embeddings for these settings: with the cache when it opens (a warning and none when it does not). */
  static create(settings: EmbeddingsSettings, log: Logger): PaperEmbeddings {
    const cache = settings.cacheFile === undefined ? undefined : CacheWhileItWorks.open(settings.cacheFile, log);
    return new PaperEmbeddings(settings, new EmbeddingsClient(settings, settings.batchSize ?? DEFAULTS.batchSize), cache, log);
  }

  /** Wants a vector for each of these papers: new ones, and known ones whose title or abstract changed. Returns at once. */
  sync(papers: Iterable<Paper>): void {
    if (this.#stopped) return;
    for (const paper of papers) {
      this.#known.add(paper.key);
      this.#incoming.set(paper.key, paper);
    }
    this.#kick();
  }

  /**
   * The keys of the `k` papers embedded so far that are nearest the question (cosine), best
   * first; undefined when there are none yet or the endpoint failed (then logged, once per
   * outage). The question's request gives up after the configured timeout.
   */
  async rank(question: string, k = DEFAULT_TOP_K): Promise<string[] | undefined> {
    if (this.#stopped || !this.#matrix || this.#matrix.size === 0 || question.trim() === '') return undefined;
    if (performance.now() < this.#questionsPausedUntil) return undefined;
    try {
      const [vector] = await this.client.embed([question], { timeoutMs: this.#options.timeoutMs, signal: this.#abort.signal });
      this.#succeeded();
      this.#ranked++;
      // The question's length does not change the order of cosines: no need to normalise it.
      return vector ? this.#matrix.nearest(vector, k) : undefined;
    } catch (error) {
      if (this.#stopped) return undefined;
      this.#questionsPausedUntil = performance.now() + this.#options.questionPauseMs;
      this.#notice.failed(reasonOf(error), 'question');
      return undefined;
    }
  }

  status(): EmbeddingsStatus {
    return {
      model: this.#options.model,
      embedded: this.#matrix?.size ?? 0,
      total: this.#known.size,
      dimension: this.#matrix?.dimension ?? null,
      failing: this.#notice.failing,
      rankedQuestions: this.#ranked,
    };
  }

  /** Resolves once every paper given is embedded (for tests and benchmarks; never while the endpoint keeps failing). */
  async whenIdle(): Promise<void> {
    while (this.#draining) await this.#draining;
  }

  /** Cancels the request in flight and the background work, and closes the cache. */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#abort.abort();
    this.#wake?.();
    await this.#draining;
    this.#cache.close();
  }

  #kick(): void {
    if (this.#draining || this.#stopped) return;
    this.#draining = this.#drain().finally(() => {
      this.#draining = null;
      if (this.#incoming.size + this.#toEmbed.size > 0) this.#kick();
    });
  }

  /** Looks new papers up in the cache, then embeds what it lacks, batch by batch, until nothing is left or it is stopped. */
  async #drain(): Promise<void> {
    const started = performance.now();
    const embeddedBefore = this.#matrix?.size ?? 0;
    let requested = 0;
    let batches = 0;
    let announced = false;
    let retryDelayMs = this.#options.retryDelayMs;
    while (!this.#stopped) {
      if (this.#incoming.size > 0) {
        this.#triage();
        await nextTurn();
        continue;
      }
      if (this.#toEmbed.size === 0) break;
      if (!announced && this.#toEmbed.size > this.#options.batchSize) {
        announced = true;
        this.log.info(
          { model: this.#options.model, cached: this.#matrix?.size ?? 0, toEmbed: this.#toEmbed.size, total: this.#known.size },
          'embedding papers in the background',
        );
      }
      const batch = this.#nextBatch();
      try {
        const vectors = await this.client.embed(
          batch.map((item) => item.text),
          { timeoutMs: this.#options.batchTimeoutMs, signal: this.#abort.signal },
        );
        this.#succeeded();
        retryDelayMs = this.#options.retryDelayMs;
        this.#accept(batch, vectors);
        requested += batch.length;
        batches++;
        if (batches % this.#options.progressEveryBatches === 0)
          this.log.info({ embedded: this.#matrix?.size ?? 0, total: this.#known.size }, 'embedding papers');
      } catch (error) {
        if (this.#stopped) break;
        this.#notice.failed(reasonOf(error), 'papers');
        await this.#sleep(retryDelayMs);
        retryDelayMs = Math.min(MAX_RETRY_DELAY_MS, retryDelayMs * 2);
      }
    }
    const embedded = this.#matrix?.size ?? 0;
    if (this.#stopped || (!this.#firstRun && requested === 0 && embedded === embeddedBefore)) return;
    this.#firstRun = false;
    this.log.info({ model: this.#options.model, embedded, total: this.#known.size, requested, ms: Math.round(performance.now() - started) }, 'papers embedded');
  }

  /** The first texts waiting, without copying the whole queue. */
  #nextBatch(): PendingText[] {
    const batch: PendingText[] = [];
    for (const item of this.#toEmbed.values()) {
      batch.push(item);
      if (batch.length === this.#options.batchSize) break;
    }
    return batch;
  }

  /** Hashes a chunk of incoming papers; takes the vectors the cache has, queues the others for the endpoint. */
  #triage(): void {
    const fresh: PendingText[] = [];
    let looked = 0;
    for (const [key, paper] of this.#incoming) {
      if (looked++ === TRIAGE_CHUNK) break;
      this.#incoming.delete(key);
      const text = paperText(paper);
      const hash = textHash(text);
      if (this.#embeddedHash.get(key) === hash) this.#toEmbed.delete(key);
      else fresh.push({ key, text, hash });
    }
    const hashes = fresh.map((item) => item.hash);
    const cached = new Map(this.#cache.lookup(this.#options.model, hashes).map((row) => [row.hash, row.vector]));
    for (const item of fresh) {
      const vector = cached.get(item.hash);
      if (vector && this.#put(item.key, item.hash, vector)) this.#toEmbed.delete(item.key);
      else this.#toEmbed.set(item.key, item);
    }
  }

  /** Keeps a batch's vectors, in memory and in the cache. */
  #accept(batch: readonly PendingText[], vectors: readonly Float32Array[]): void {
    const rows: CachedVector[] = [];
    for (const [i, item] of batch.entries()) {
      const vector = vectors[i];
      if (!vector || !this.#put(item.key, item.hash, vector)) continue;
      // A paper whose text changed while its batch was out stays queued with the new text.
      if (this.#toEmbed.get(item.key)?.hash === item.hash) this.#toEmbed.delete(item.key);
      rows.push({ hash: item.hash, vector: this.#matrix?.get(item.key) as Float32Array });
    }
    this.#cache.store(this.#options.model, rows);
  }

  /** Sets a paper's vector; the first vector fixes the dimension (and the client's). False for one that does not fit. */
  #put(key: string, hash: string, vector: Float32Array): boolean {
    if (!this.#matrix) {
      // Room for every paper known, and some for those the feed brings, in one allocation.
      this.#matrix = new VectorMatrix(vector.length, Math.ceil(this.#known.size * 1.02) + 256);
      this.client.expectDimension(vector.length);
    }
    if (!this.#matrix.set(key, vector)) return false;
    this.#embeddedHash.set(key, hash);
    return true;
  }

  #succeeded(): void {
    this.#questionsPausedUntil = 0;
    const wasFailing = this.#notice.failing;
    this.#notice.succeeded();
    // The endpoint is back: a batch waiting out its backoff may go now.
    if (wasFailing) this.#wake?.();
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.#wake = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      timer.unref();
      this.#wake = done;
    });
  }
}

function reasonOf(error: unknown): string {
  if (error instanceof EmbeddingsError) return error.message;
  return error instanceof Error ? error.message : String(error);
}

/** A URL as it may be logged: no user, password or query (a key can hide in any of them). */
function withoutCredentials(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return '[unparsable URL]';
  }
}
