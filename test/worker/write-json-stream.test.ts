import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LazyJsonArray, LazyJsonObject } from '../../src/library/lazy-json.js';
import { timeSlices, type Pacer } from '../../src/time/pacer.js';
import { jsonPieces, writeJsonStream } from '../../src/worker/write-json-stream.js';

const text = (value: unknown) => [...jsonPieces(value)].join('');

describe('writing JSON a piece at a time', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'json-stream-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes exactly what JSON.stringify writes, for any JSON value and objects with entries JSON leaves out', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(text(value)).toBe(JSON.stringify(value));
      }),
    );
    const odd = { a: undefined, b: () => 1, c: [undefined, () => 1, 2], d: new Date(0), e: { toJSON: () => 'mine' }, f: null };
    expect(text(odd)).toBe(JSON.stringify(odd));
  });

  it('produces lazy arrays and objects as they are written, nested in plain objects and in each other', () => {
    const value = {
      plain: [1, 'two'],
      lazy: new LazyJsonArray(() => [1, [2, 3], { x: 4 }, undefined, new LazyJsonObject(() => [['k', 5]])]),
      object: new LazyJsonObject(function* () {
        yield ['kept', new LazyJsonArray(() => new Set(['a', 'b']))];
        yield ['dropped', undefined];
      }),
    };
    expect(JSON.parse(text(value))).toEqual({ plain: [1, 'two'], lazy: [1, [2, 3], { x: 4 }, null, { k: 5 }], object: { kept: ['a', 'b'] } });
    // A value written twice is produced twice: the lazy parts are functions, not spent iterators.
    expect(text(value)).toBe(text(value));
  });

  it('lets the event loop run between slices while it writes a large value, and writes it whole', async () => {
    const file = path.join(dir, 'big.json');
    const items = Array.from({ length: 200_000 }, (_, i) => ({ id: i, text: `item ${i} of a large index` }));
    let turns = 0;
    const ticking = setInterval(() => (turns += 1), 0);
    // One write at the end (no chunk fills up), so only the pauses between slices let timers run.
    const written = await writeJsonStream(file, { items: new LazyJsonArray(() => items) }, { chunkChars: Number.POSITIVE_INFINITY, pacer: timeSlices(2) });
    clearInterval(ticking);
    const back = await readFile(file, 'utf8');
    expect(written).toBe(back.length);
    expect(back).toBe(JSON.stringify({ items }));
    // Timers ran between slices: without the pauses, only the file's open, its one write and its
    // close let them run (4 turns when that was tried), against dozens here.
    expect(turns).toBeGreaterThan(20);
  });

  it('asks the pacer it is given after every piece and pauses when told, writing the same text', async () => {
    const file = path.join(dir, 'paced.json');
    const value = { items: new LazyJsonArray(() => [1, 2, 3]), more: new LazyJsonObject(() => [['a', new LazyJsonArray(() => ['x'])]]) };
    let asked = 0;
    let pauses = 0;
    // Pauses after every third piece.
    const pacer: Pacer = { shouldPause: () => ++asked % 3 === 0, pause: async () => void (pauses += 1) };
    const written = await writeJsonStream(file, value, { pacer });
    expect(await readFile(file, 'utf8')).toBe(text(value));
    expect(written).toBe(text(value).length);
    expect(asked).toBe([...jsonPieces(value)].length);
    expect(pauses).toBe(Math.floor(asked / 3));
  });

  it('counts its slice from after each file write, since the event loop ran while the file was written', async () => {
    const file = path.join(dir, 'flushed.json');
    const items = Array.from({ length: 100_000 }, (_, i) => ({ id: i, text: `item ${i}` }));
    const seen: number[] = [];
    // Never pauses, so only the file writes (over a thousand of 2,000 characters) restart the count.
    const pacer: Pacer = { shouldPause: (ranMs) => (seen.push(ranMs), false), pause: () => Promise.resolve() };
    const started = performance.now();
    await writeJsonStream(file, { items: new LazyJsonArray(() => items) }, { chunkChars: 2000, pacer });
    const elapsed = performance.now() - started;
    expect(await readFile(file, 'utf8')).toBe(JSON.stringify({ items }));
    // Counted from the start instead, the last pieces would see nearly the whole run.
    expect(seen.reduce((most, ms) => Math.max(most, ms), 0)).toBeLessThan(elapsed / 3);
  });

  it('refuses a value JSON has no form for, instead of writing a broken file', () => {
    expect(() => text(undefined)).toThrow(TypeError);
    expect(() => text(() => 1)).toThrow(TypeError);
  });
});
