/**
 * JSON values produced while they are written, so that writing a large snapshot never builds
 * a second copy of it: worker/write-json-stream.ts turns them into text a piece at a time.
 * Each holds a function, not an iterator, so the value can be written more than once.
 */
export class LazyJsonArray {
  constructor(readonly items: () => Iterable<unknown>) {}
}

/** A JSON object whose entries, `[key, value]`, are produced as it is written. */
export class LazyJsonObject {
  constructor(readonly entries: () => Iterable<readonly [string, unknown]>) {}
}
