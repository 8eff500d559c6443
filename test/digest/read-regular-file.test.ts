import { existsSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeRefusal, readRegularFile } from '../../src/digest/read-regular-file.js';

const MB = 1024 * 1024;
/** Kernel files report size 0 but hold more: a file whose stat understates what reading gives. */
const hasProc = existsSync('/proc/self/maps');

describe('readRegularFile', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'bounded-read-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('reads a file of at most the cap whole, and refuses a bigger one without reading a byte (sizes 0, cap-1, cap, cap+1 and beyond)', async () => {
    const file = path.join(dir, 'sized.bin');
    await fc.assert(
      fc.asyncProperty(
        fc
          .integer({ min: 1, max: 4096 })
          .chain((cap) =>
            fc.record({ cap: fc.constant(cap), size: fc.oneof(fc.constantFrom(0, cap - 1, cap, cap + 1), fc.integer({ min: 0, max: 2 * cap + 2 })) }),
          ),
        fc.integer({ min: 0, max: 255 }),
        async ({ cap, size }, fill) => {
          // Bytes that differ by position, so a slice read twice or out of order would show.
          const content = Uint8Array.from({ length: size }, (_, i) => (fill + i) % 256);
          await writeFile(file, content);
          const read = await readRegularFile(file, cap);
          if (size <= cap) {
            expect(read).toEqual({ bytes: content, bytesRead: size, stamp: expect.objectContaining({ size }) as unknown });
          } else {
            // The handle's stat already says it is too big: nothing is read.
            expect(read).toEqual({ refusal: { reason: 'too-big', size }, bytesRead: 0 });
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it("offers a regular file within the cap to `unchanged` by the open handle's stamp, and leaves it unread when told; never a file it refuses", async () => {
    const file = path.join(dir, 'stamped.txt');
    await writeFile(file, 'stamped text');
    const { size, mtimeMs } = statSync(file);
    const offered: unknown[] = [];
    const before = Date.now();
    expect(await readRegularFile(file, 100, (stamp) => (offered.push(stamp), true))).toEqual({
      unread: { size, mtimeMs, statAt: expect.any(Number) as unknown },
      bytesRead: 0,
    });
    expect((offered[0] as { statAt: number }).statAt).toBeGreaterThanOrEqual(before);
    const read = await readRegularFile(file, 100, () => false);
    expect(read).toEqual({ bytes: new TextEncoder().encode('stamped text'), bytesRead: 12, stamp: expect.objectContaining({ size, mtimeMs }) as unknown });
    // Over the cap, or not a regular file: refused as without `unchanged`, which is never asked.
    expect(await readRegularFile(file, 5, () => (offered.push('too big'), true))).toEqual({ refusal: { reason: 'too-big', size }, bytesRead: 0 });
    expect('refusal' in (await readRegularFile(dir, 100, () => (offered.push('a folder'), true)))).toBe(true);
    expect(offered).toHaveLength(1);
  });

  it('reads files of a few MiB byte for byte', async () => {
    for (const size of [MB - 1, MB, MB + 1, 2.5 * MB]) {
      const content = new Uint8Array(size);
      for (let i = 0; i < size; i++) content[i] = (i * 7 + (i >> 10)) % 256;
      await writeFile(path.join(dir, 'large.bin'), content);
      const read = await readRegularFile(path.join(dir, 'large.bin'), 3 * MB);
      expect('bytes' in read && Buffer.from(read.bytes).equals(Buffer.from(content))).toBe(true);
      expect(read.bytesRead).toBe(size);
    }
  });

  it('reads through a symbolic link to a regular file (users link real data in)', async () => {
    await writeFile(path.join(dir, 'real.txt'), 'linked text');
    await symlink(path.join(dir, 'real.txt'), path.join(dir, 'link.txt'));
    expect(await readRegularFile(path.join(dir, 'link.txt'), 100)).toEqual({
      bytes: new TextEncoder().encode('linked text'),
      bytesRead: 11,
      // The stamp is the target's: the handle's stat.
      stamp: expect.objectContaining({ size: 11 }) as unknown,
    });
  });

  it.skipIf(!hasProc)('stops at cap + 1 bytes when a file holds more than its stat says, and says it is over the cap', async () => {
    // /proc/self/maps reports size 0 and holds tens of KB: the stat cannot catch it, only the bounded read can.
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 2048 }), async (cap) => {
        const read = await readRegularFile('/proc/self/maps', cap);
        expect(read).toEqual({ refusal: { reason: 'too-big', size: null }, bytesRead: cap + 1 });
      }),
      { numRuns: 30 },
    );
    const refused = await readRegularFile('/proc/self/maps', 1024);
    expect('refusal' in refused && describeRefusal(refused.refusal, 1024)).toBe('file is over the 1 KB limit (MAX_DIGEST_FILE_BYTES)');
  });

  it.skipIf(!hasProc)('reads a file whose stat says 0 bytes whole when it holds less than the cap, its slices joined in order', async () => {
    // /proc/self/cmdline reports size 0 and holds this process's arguments: read as a 1-byte
    // slice (its stated size plus one), then the rest, joined.
    const read = await readRegularFile('/proc/self/cmdline', 64 * 1024);
    expect(read).toEqual({
      bytes: new Uint8Array(readFileSync('/proc/self/cmdline')),
      bytesRead: readFileSync('/proc/self/cmdline').length,
      stamp: expect.objectContaining({ size: 0 }) as unknown,
    });
  });

  it('refuses what is not a regular file without reading, and says what it is', async () => {
    await symlink('/dev/null', path.join(dir, 'null.json'));
    expect(await readRegularFile(path.join(dir, 'null.json'), 100)).toEqual({
      refusal: { reason: 'not-regular', kind: 'a character device', linkTarget: '/dev/null' },
      bytesRead: 0,
    });
    expect(await readRegularFile(dir, 100)).toEqual({ refusal: { reason: 'not-regular', kind: 'a directory', linkTarget: null }, bytesRead: 0 });
    expect(await readRegularFile(path.join(dir, 'absent.txt'), 100)).toEqual({ refusal: { reason: 'error', code: 'ENOENT' }, bytesRead: 0 });
  });

  it('describes each refusal as one problem line', () => {
    expect(describeRefusal({ reason: 'too-big', size: 21 * MB }, 20 * MB)).toBe('file is 21.0 MB, over the 20.0 MB limit (MAX_DIGEST_FILE_BYTES)');
    expect(describeRefusal({ reason: 'not-regular', kind: 'a FIFO (named pipe)', linkTarget: null }, 1)).toBe(
      'file is not a regular file: a FIFO (named pipe); only regular files are read',
    );
    expect(describeRefusal({ reason: 'error', code: 'EACCES' }, 1)).toBe('cannot read file: EACCES');
  });
});
