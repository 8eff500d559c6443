import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { timeSlices, type Pacer } from '../../src/time/pacer.js';
import { readRecordFile, writeRecordFile } from '../../src/worker/record-file.js';

describe('record files: one JSON value per line', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'record-file-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads back exactly the records written, and counts their bytes, for any JSON values (text with newlines and any Unicode among them) and any chunk size', async () => {
    const file = path.join(dir, 'any.jsonl');
    await fc.assert(
      // Any code point, lone surrogates among them (stringUnit 'binary'); chunks from none to a few lines.
      fc.asyncProperty(fc.array(fc.jsonValue({ stringUnit: 'binary' })), fc.integer({ min: 0, max: 400 }), async (records, chunkBytes) => {
        const written = await writeRecordFile(file, records, { chunkBytes });
        expect([...readRecordFile(file)]).toEqual(JSON.parse(JSON.stringify(records)));
        expect(written).toBe((await stat(file)).size);
      }),
      { numRuns: 150 },
    );
  });

  it('reads records that straddle its 4 MiB reads, multi-byte characters split between two reads among them, and records longer than a read', async () => {
    const file = path.join(dir, 'large.jsonl');
    // Lines of about 1 MB of 3-byte characters: reads of 4 MiB end inside lines and inside characters.
    const records: unknown[] = Array.from({ length: 12 }, (_, i) => ['text', `${i}:${'水'.repeat(333_333 + i)}`]);
    records.splice(5, 0, ['long', 'x'.repeat(9_000_000)], ['after', 1]);
    await writeRecordFile(file, records);
    expect([...readRecordFile(file)]).toEqual(records);
  });

  it('produces the records as they are written and parses them as they are asked for', async () => {
    const file = path.join(dir, 'lazy.jsonl');
    let produced = 0;
    function* records() {
      for (let i = 0; i < 5; i++) {
        produced += 1;
        yield { i };
      }
    }
    await writeRecordFile(file, records());
    expect(produced).toBe(5);
    const reading = readRecordFile(file);
    expect(reading.next().value).toEqual({ i: 0 });
    expect(reading.next().value).toEqual({ i: 1 });
    // Stopping early closes the file: nothing more is read.
    reading.return();
    expect(reading.next().done).toBe(true);
  });

  it('refuses a file cut short in the middle of a record, and a line that is not JSON', async () => {
    const cut = path.join(dir, 'cut.jsonl');
    await writeFile(cut, '["a",1]\n["b",');
    const reading = readRecordFile(cut);
    expect(reading.next().value).toEqual(['a', 1]);
    expect(() => reading.next()).toThrow(/ends in the middle of a record/);
    const broken = path.join(dir, 'broken.jsonl');
    await writeFile(broken, '["a",1]\n{"half": \n');
    expect(() => [...readRecordFile(broken)]).toThrow(SyntaxError);
  });

  it('lets the event loop run between slices while it writes many records, and writes them whole', async () => {
    const file = path.join(dir, 'big.jsonl');
    const items = Array.from({ length: 200_000 }, (_, i) => ({ id: i, text: `item ${i} of a large index` }));
    let turns = 0;
    const ticking = setInterval(() => (turns += 1), 0);
    // One write at the end (the chunk holds every line), so only the pauses between slices let timers run.
    const written = await writeRecordFile(file, items, { chunkBytes: 1 << 24, pacer: timeSlices(2) });
    clearInterval(ticking);
    const back = await readFile(file, 'utf8');
    expect(written).toBe(Buffer.byteLength(back));
    expect(back).toBe(items.map((item) => `${JSON.stringify(item)}\n`).join(''));
    // Timers ran between slices: without the pauses, only the file's open, its one write and its
    // close let them run, against dozens here.
    expect(turns).toBeGreaterThan(20);
  });

  it('asks the pacer it is given after every record and pauses when told', async () => {
    const file = path.join(dir, 'paced.jsonl');
    let asked = 0;
    let pauses = 0;
    // Pauses after every third record.
    const pacer: Pacer = { shouldPause: () => ++asked % 3 === 0, pause: async () => void (pauses += 1) };
    await writeRecordFile(file, [1, 2, 3, 4, 5, 6, 7], { pacer });
    expect([...readRecordFile(file)]).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(asked).toBe(7);
    expect(pauses).toBe(2);
  });

  it('counts its slice from after each file write, since the event loop ran while the file was written', async () => {
    const file = path.join(dir, 'flushed.jsonl');
    const items = Array.from({ length: 100_000 }, (_, i) => ({ id: i, text: `item ${i}` }));
    const seen: number[] = [];
    // Never pauses, so only the file writes (over a thousand of 2,000 bytes) restart the count.
    const pacer: Pacer = { shouldPause: (ranMs) => (seen.push(ranMs), false), pause: () => Promise.resolve() };
    const started = performance.now();
    await writeRecordFile(file, items, { chunkBytes: 2000, pacer });
    const elapsed = performance.now() - started;
    expect([...readRecordFile(file)]).toEqual(items);
    // Counted from the start instead, the last records would see nearly the whole run.
    expect(seen.reduce((most, ms) => Math.max(most, ms), 0)).toBeLessThan(elapsed / 3);
  });
});
