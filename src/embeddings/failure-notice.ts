import type { Logger } from '../log.js';

/**
 * One warning per outage of the embeddings endpoint, not one per query: the first failure
 * warns, later ones are debug lines, and the first success after them says it recovered.
 */
export class FailureNotice {
  #failingSince: number | null = null;
  #failures = 0;

  constructor(
    private readonly log: Logger,
    private readonly fields: Record<string, unknown>,
  ) {}

  get failing(): boolean {
    return this.#failingSince !== null;
  }

  failed(reason: string, during: 'question' | 'papers'): void {
    this.#failures++;
    if (this.#failingSince !== null) {
      this.log.debug({ ...this.fields, reason, during }, 'embeddings endpoint still failing');
      return;
    }
    this.#failingSince = Date.now();
    this.log.warn({ ...this.fields, reason, during }, `embeddings endpoint failed (${reason}): /ask uses the offline ranking until it answers again`);
  }

  succeeded(): void {
    if (this.#failingSince === null) return;
    this.log.info(
      { ...this.fields, failures: this.#failures, failingForMs: Date.now() - this.#failingSince },
      'embeddings endpoint answers again: /ask ranks with embeddings',
    );
    this.#failingSince = null;
    this.#failures = 0;
  }
}
