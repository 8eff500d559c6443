import { open } from 'node:fs/promises';
import { LazyJsonArray, LazyJsonObject } from '../library/lazy-json.js';
import { type Pacer, timeSlices } from '../time/pacer.js';

interface WriteJsonOptions {
  /** Text gathered before each write to the file. */
  chunkChars?: number;
  /**
   * When the writer lets the event loop run (queries, messages), asked after every piece.
   * Default: one turn of the loop every 8 ms; the worker's pauses as soon as a call waits.
   */
  pacer?: Pacer;
}

/**
 * Writes `value` to `file` as the JSON `JSON.stringify(value)` gives, a piece at a time: the
 * text is never whole in memory, and the event loop runs between pieces, so a worker writing
 * a large index cache keeps answering. Lazy values (library/lazy-json.ts) are produced as
 * they are written; they may sit in plain objects and in other lazy values, not in plain
 * arrays, whose elements are written with `JSON.stringify`. Returns the characters written.
 */
export async function writeJsonStream(file: string, value: unknown, { chunkChars = 1 << 20, pacer = timeSlices(8) }: WriteJsonOptions = {}): Promise<number> {
  const handle = await open(file, 'w');
  try {
    let pending: string[] = [];
    let pendingChars = 0;
    let written = 0;
    let resumed = performance.now();
    const flush = async () => {
      const text = pending.join('');
      pending = [];
      pendingChars = 0;
      written += text.length;
      await handle.write(text);
    };
    for (const piece of jsonPieces(value)) {
      pending.push(piece);
      pendingChars += piece.length;
      if (pendingChars >= chunkChars) {
        // The event loop ran while the file was written.
        await flush();
        resumed = performance.now();
      }
      if (pacer.shouldPause(performance.now() - resumed)) {
        await pacer.pause();
        resumed = performance.now();
      }
    }
    await flush();
    return written;
  } finally {
    await handle.close();
  }
}

/** The JSON text of `value` in pieces (see writeJsonStream). */
export function* jsonPieces(value: unknown): Generator<string> {
  if (value instanceof LazyJsonArray) {
    yield '[';
    let first = true;
    for (const item of value.items()) {
      if (!first) yield ',';
      first = false;
      yield* arrayItem(item);
    }
    yield ']';
  } else if (value instanceof LazyJsonObject) {
    yield* objectPieces(value.entries());
  } else if (Array.isArray(value)) {
    yield '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) yield ',';
      yield JSON.stringify(value[i]) ?? 'null';
    }
    yield ']';
  } else if (isPlainObject(value)) {
    yield* objectPieces(Object.entries(value));
  } else {
    const text = JSON.stringify(value);
    if (text === undefined) throw new TypeError(`writeJsonStream: ${typeof value} is not JSON`);
    yield text;
  }
}

function* arrayItem(item: unknown): Generator<string> {
  // As JSON.stringify writes them in arrays: what JSON has no form for is null.
  if (item === undefined || typeof item === 'function' || typeof item === 'symbol') yield 'null';
  // A plain array holds no lazy values: one piece.
  else if (Array.isArray(item)) yield JSON.stringify(item);
  else yield* jsonPieces(item);
}

function* objectPieces(entries: Iterable<readonly [string, unknown]>): Generator<string> {
  yield '{';
  let first = true;
  for (const [key, item] of entries) {
    // As JSON.stringify does: an entry whose value JSON has no form for is left out.
    if (item === undefined || typeof item === 'function' || typeof item === 'symbol') continue;
    yield `${first ? '' : ','}${JSON.stringify(key)}:`;
    first = false;
    yield* jsonPieces(item);
  }
  yield '}';
}

/** An object JSON.stringify writes key by key: no prototype of its own and no toJSON. */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return (prototype === Object.prototype || prototype === null) && typeof (value as { toJSON?: unknown }).toJSON !== 'function';
}
