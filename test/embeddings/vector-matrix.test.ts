import { describe, expect, it } from 'vitest';
import { VectorMatrix } from '../../src/embeddings/vector-matrix.js';

describe('VectorMatrix: unit vectors in one Float32Array, nearest by cosine', () => {
  it('ranks by cosine whatever the vectors’ lengths, best first, at most k', () => {
    const matrix = new VectorMatrix(3, 1);
    matrix.set('x', Float32Array.from([10, 0, 0]));
    matrix.set('xy', Float32Array.from([1, 1, 0]));
    matrix.set('y', Float32Array.from([0, 0.5, 0]));
    matrix.set('-x', Float32Array.from([-3, 0, 0]));
    expect(matrix.nearest(Float32Array.from([1, 0.1, 0]), 10)).toEqual(['x', 'xy', 'y', '-x']);
    expect(matrix.nearest(Float32Array.from([0, 2, 0]), 2)).toEqual(['y', 'xy']);
    expect([...(matrix.get('x') ?? [])]).toEqual([1, 0, 0]);
  });

  it('grows past its capacity, replaces a key’s vector in place, and refuses zero or wrong-sized vectors', () => {
    const matrix = new VectorMatrix(2, 1);
    for (let i = 0; i < 1000; i++) matrix.set(`k${i}`, Float32Array.from([Math.cos(i), Math.sin(i)]));
    expect(matrix.size).toBe(1000);
    expect(matrix.nearest(Float32Array.from([Math.cos(500), Math.sin(500)]), 1)).toEqual(['k500']);
    matrix.set('k500', Float32Array.from([Math.cos(7), Math.sin(7)]));
    expect(matrix.size).toBe(1000);
    expect(matrix.nearest(Float32Array.from([Math.cos(500), Math.sin(500)]), 1)).not.toEqual(['k500']);
    expect(matrix.set('zero', Float32Array.from([0, 0]))).toBe(false);
    expect(matrix.set('three', Float32Array.from([1, 2, 3]))).toBe(false);
    expect(matrix.has('zero')).toBe(false);
  });
});
