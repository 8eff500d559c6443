import { z } from 'zod';
import { EmbeddingsError } from './embeddings-error.js';

const EmbeddingsResponseSchema = z.object({
  data: z.array(
    z.object({
      embedding: z.array(z.number()).min(1, 'is empty'),
      index: z.number().int().nonnegative().optional(),
    }),
  ),
});

/**
 * Reads an OpenAI-compatible embeddings response for `count` inputs: one vector of finite
 * numbers per input, all of one dimension, in input order (by `index` when the server gives
 * it). Throws an EmbeddingsError saying what is wrong otherwise.
 */
export function parseEmbeddingsResponse(body: string, count: number): Float32Array[] {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new EmbeddingsError('not-json', `the response is not JSON (${JSON.stringify(body.slice(0, 40))})`);
  }
  const parsed = EmbeddingsResponseSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? issue.path.join('.') : 'the body';
    throw new EmbeddingsError('malformed', `the response is not an embeddings list (${where}: ${issue?.message ?? 'invalid'})`);
  }
  const { data } = parsed.data;
  if (data.length !== count) throw new EmbeddingsError('count', `${plural(data.length, 'vector')} for ${plural(count, 'text')}`);
  const ordered = inInputOrder(data);
  const dimension = ordered[0]?.length ?? 0;
  const vectors: Float32Array[] = [];
  for (const [position, embedding] of ordered.entries()) {
    if (embedding.length !== dimension) {
      throw new EmbeddingsError('dimension', `vectors of different dimensions in one response (${embedding.length} and ${dimension})`);
    }
    // Stored as float32: a value past its range (1e39) becomes Infinity there, and one below it
    // (1e-50) zero, which no cosine can use. Refused here, the batch backs off like any failure.
    const vector = Float32Array.from(embedding);
    if (!vector.every(Number.isFinite)) throw new EmbeddingsError('malformed', `vector ${position} has values out of float32's range`);
    if (vector.every((value) => value === 0)) throw new EmbeddingsError('malformed', `vector ${position} is all zeros`);
    vectors.push(vector);
  }
  return vectors;
}

/** The vectors in input order: by `index` when every item has one (a permutation of 0..n-1), else as listed. */
function inInputOrder(data: readonly { embedding: number[]; index?: number | undefined }[]): number[][] {
  const indexed = data.filter((item) => item.index !== undefined).length;
  if (indexed === 0) return data.map((item) => item.embedding);
  if (indexed !== data.length) throw new EmbeddingsError('malformed', 'some vectors have an index and some do not');
  const ordered: number[][] = new Array<number[]>(data.length);
  for (const { embedding, index } of data) {
    if ((index as number) >= data.length || ordered[index as number] !== undefined) {
      throw new EmbeddingsError('malformed', `the indexes are not 0 to ${data.length - 1}, each once (found ${index})`);
    }
    ordered[index as number] = embedding;
  }
  return ordered;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
