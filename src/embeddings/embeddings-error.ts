/** What went wrong with the embeddings endpoint, for the one warning the bot logs. */
export type EmbeddingsFailure = 'http' | 'timeout' | 'network' | 'aborted' | 'too-large' | 'not-json' | 'malformed' | 'count' | 'dimension';

/**
 * The endpoint could not be used: it answered an HTTP error, too late, too much, or a body
 * that is not the embeddings asked for. The message says what, e.g. "the server answered
 * HTTP 500" or "vectors of dimension 384, expected 768".
 */
export class EmbeddingsError extends Error {
  override readonly name = 'EmbeddingsError';
  constructor(
    readonly failure: EmbeddingsFailure,
    message: string,
  ) {
    super(message);
  }
}
