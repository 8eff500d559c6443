/**
 * A library snapshot is a sequence of records, `[kind, payload]`, each small enough to write
 * as one line and parse on its own (worker/record-file.ts): the index cache is written and
 * read a record at a time, never whole (Library.records, Library.fromRecords).
 */
export type SnapshotRecord = readonly [kind: string, payload: unknown];

/** `items` as records of `kind`, at most `perRecord` items each; none for no items. */
export function* inRecords<T>(kind: string, items: Iterable<T>, perRecord: number): Generator<SnapshotRecord> {
  let batch: T[] = [];
  for (const item of items) {
    batch.push(item);
    if (batch.length >= perRecord) {
      yield [kind, batch];
      batch = [];
    }
  }
  if (batch.length > 0) yield [kind, batch];
}

/** A record read back, checked for its outer shape; throws a TypeError otherwise (a corrupt or foreign cache: rebuild). */
export function asRecord(value: unknown): SnapshotRecord {
  if (!Array.isArray(value) || value.length !== 2 || typeof value[0] !== 'string') throw new TypeError('snapshot: malformed record');
  return value as unknown as SnapshotRecord;
}

/** A record's payload as an array, or a TypeError naming the record. */
export function arrayPayload(kind: string, payload: unknown): unknown[] {
  if (!Array.isArray(payload)) throw new TypeError(`snapshot: malformed ${kind} record`);
  return payload;
}
