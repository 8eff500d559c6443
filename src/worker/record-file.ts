import { closeSync, openSync, readSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { type Pacer, timeSlices } from '../time/pacer.js';

interface WriteRecordsOptions {
  /** Bytes gathered before each write to the file. */
  chunkBytes?: number;
  /**
   * When the writer lets the event loop run (queries, messages), asked after every record.
   * Default: one turn of the loop every 8 ms; the worker's pauses as soon as a call waits.
   */
  pacer?: Pacer;
}

/**
 * Writes `records` to `file`, one JSON value per line, as they are produced: the text is
 * never whole in memory, and the event loop runs between records, so a worker writing a
 * large index cache keeps answering. Keep each record small (a few hundred kilobytes of
 * text): one is written with one `JSON.stringify`. Lines are gathered in one buffer, reused
 * for each write, rather than joined into a text per write: texts of a megabyte go straight
 * to V8's old generation and stay there until a full collection (some 40 MB of garbage while
 * the real digest's cache was written). Returns the bytes written.
 */
export async function writeRecordFile(
  file: string,
  records: Iterable<unknown>,
  { chunkBytes = 1 << 20, pacer = timeSlices(8) }: WriteRecordsOptions = {},
): Promise<number> {
  const handle = await open(file, 'w');
  try {
    const chunk = Buffer.allocUnsafe(chunkBytes);
    let used = 0;
    let written = 0;
    let resumed = performance.now();
    const flush = async () => {
      for (let offset = 0; offset < used;) offset += (await handle.write(chunk, offset, used - offset)).bytesWritten;
      written += used;
      used = 0;
    };
    for (const record of records) {
      const line = `${JSON.stringify(record)}\n`;
      // UTF-8 takes at most 3 bytes for each UTF-16 unit; counted exactly only when that bound does not fit.
      const bound = line.length * 3;
      const bytes = used + bound > chunkBytes ? Buffer.byteLength(line) : bound;
      if (used + bytes > chunkBytes && used > 0) {
        await flush();
        resumed = performance.now();
      }
      if (bytes > chunkBytes) {
        // Longer than a chunk: written on its own.
        const { bytesWritten } = await handle.write(line);
        written += bytesWritten;
        resumed = performance.now();
      } else {
        used += chunk.write(line, used);
      }
      if (pacer.shouldPause(performance.now() - resumed)) {
        await pacer.pause();
        resumed = performance.now();
      }
    }
    if (used > 0) await flush();
    return written;
  } finally {
    await handle.close();
  }
}

/** Bytes read from the file at a time; a longer line grows the buffer. */
const READ_BYTES = 1 << 22;
const NEWLINE = 0x0a;

/**
 * The records of a file writeRecordFile wrote, parsed one line at a time as the caller
 * asks for them: no more than a read's bytes and one line's text are held at once. The
 * file is read synchronously, in 4 MiB reads: it is read at a start, before the library
 * serves. Lines are found in the bytes and each decoded on its own (decoding whole reads
 * and cutting the text took twice as long at 100,000 papers). Throws when the file cannot
 * be read, a line is not JSON, or the file ends without a newline (cut short). Stopping
 * early (`return()`, a `break`) closes the file.
 */
export function* readRecordFile(file: string): Generator<unknown, void, undefined> {
  const fd = openSync(file, 'r');
  try {
    let buffer = Buffer.allocUnsafe(READ_BYTES);
    // Bytes at the start of the buffer: the part of a line the last read ended in.
    let kept = 0;
    for (;;) {
      if (kept === buffer.length) {
        const larger = Buffer.allocUnsafe(buffer.length * 2);
        buffer.copy(larger, 0, 0, kept);
        buffer = larger;
      }
      const bytes = readSync(fd, buffer, kept, buffer.length - kept, null);
      if (bytes === 0) break;
      const end = kept + bytes;
      let start = 0;
      // The kept bytes hold no newline: look from the new ones on.
      for (let newline = buffer.indexOf(NEWLINE, kept); newline >= 0 && newline < end; newline = buffer.indexOf(NEWLINE, start)) {
        yield JSON.parse(buffer.toString('utf8', start, newline)) as unknown;
        start = newline + 1;
      }
      buffer.copy(buffer, 0, start, end);
      kept = end - start;
    }
    if (kept > 0) throw new SyntaxError(`${file} ends in the middle of a record`);
  } finally {
    closeSync(fd);
  }
}
