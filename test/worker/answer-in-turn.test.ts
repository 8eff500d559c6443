import { describe, expect, it } from 'vitest';
import { libraryQueries, type QueryContext } from '../../src/worker/library-queries.js';
import { SEED_NOW, seedLibrary } from '../support/seed-library.js';

describe('/ask in the worker', () => {
  it('answers synchronously without an embeddings endpoint, so its ranking runs inside its turn of the call queue', async () => {
    const library = await seedLibrary();
    const context = { library: () => library, semantic: () => undefined } as unknown as QueryContext; // answer reads only these two
    const answer = libraryQueries.answer(context, 'which paper uses RingAttention', SEED_NOW.toISOString());
    // A promise here would let the ranking run after the queue moved on: outside lanes and deadlines.
    expect(answer).not.toBeInstanceOf(Promise);
    expect((answer as Awaited<typeof answer>).sources[0]?.key).toBe('2402.08268');
    // With an endpoint it waits for the question's embedding.
    const embedded = libraryQueries.answer(
      { ...context, semantic: () => Promise.resolve(['2510.18830']) },
      'which paper uses RingAttention',
      SEED_NOW.toISOString(),
    );
    expect(embedded).toBeInstanceOf(Promise);
  });
});
