import type { EmbeddingsEndpoint } from './embeddings-client.js';

/** How the library worker embeds papers and questions (plain data: it crosses into the worker). */
export interface EmbeddingsSettings extends EmbeddingsEndpoint {
  /** Embedding a question gives up after this long, and /ask ranks offline (EMBEDDINGS_TIMEOUT_MS). */
  timeoutMs: number;
  /** The SQLite cache, DATA_DIR/embeddings.sqlite; absent: every start embeds every paper (the console). */
  cacheFile?: string | undefined;
  /** Texts per request. Default 32. */
  batchSize?: number | undefined;
  /** A batch of papers gives up after this long (servers on a CPU are slow). Default 60 s. */
  batchTimeoutMs?: number | undefined;
  /** After a failed batch, wait this long before trying it again, doubling up to 5 minutes. Default 5 s. */
  retryDelayMs?: number | undefined;
  /** After a question failed, the next questions skip the endpoint for this long, so a dead one costs no /ask its timeout. Default 30 s. */
  questionPauseMs?: number | undefined;
  /** Log progress every this many batches. Default 10. */
  progressEveryBatches?: number | undefined;
}

/** What the worker status says of the embeddings (read by tests; the health report does not show it yet). */
export interface EmbeddingsStatus {
  model: string;
  /** Papers with a vector. */
  embedded: number;
  /** Papers known (a vector is wanted for each). */
  total: number;
  /** Null until the first vector. */
  dimension: number | null;
  /** Whether the endpoint's last answer was a failure (/ask ranks offline meanwhile). */
  failing: boolean;
  /** Questions ranked with embeddings since the worker started. */
  rankedQuestions: number;
}
