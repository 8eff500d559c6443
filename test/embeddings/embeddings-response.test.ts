import { describe, expect, it } from 'vitest';
import { parseEmbeddingsResponse } from '../../src/embeddings/embeddings-response.js';

const body = (...vectors: number[][]) => JSON.stringify({ data: vectors.map((embedding, index) => ({ embedding, index })) });

describe('parseEmbeddingsResponse', () => {
  it('gives float32 vectors in input order', () => {
    expect(parseEmbeddingsResponse(body([0.5, 0.25], [1, 0]), 2).map((vector) => [...vector])).toEqual([
      [0.5, 0.25],
      [1, 0],
    ]);
  });

  it("refuses values beyond float32's range, and values that round to an all-zero vector there", () => {
    // 1e39 is a finite double but Infinity as float32; 1e-50 is zero as float32.
    expect(() => parseEmbeddingsResponse(body([1e39, 0.1]), 1)).toThrow("vector 0 has values out of float32's range");
    expect(() => parseEmbeddingsResponse(body([0.1, 0.2], [1e-50, 1e-50]), 2)).toThrow('vector 1 is all zeros');
  });
});
