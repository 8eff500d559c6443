import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CommandRegistrationStore } from '../../src/store/command-registration-store.js';
import { commandRegistrationFiles } from '../../src/store/files/command-registration-files.js';
import { memoryLogger } from '../support/memory-log.js';
import { postgresUrl, usePostgresStores } from '../support/postgres-database.js';

/** Where registration records are kept, with the logger its records write to, and a way to damage a scope's record. */
interface RecordKeeper {
  records(): CommandRegistrationStore;
  readonly logs: ReturnType<typeof memoryLogger>;
  /** Stores `text` as the scope's record, as a damaged file or row would hold it. */
  writeRaw(scope: string, text: string): Promise<void>;
}

function filesKeeper(): RecordKeeper & { dir(): string } {
  const logs = memoryLogger();
  let dir = '';
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'registration-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  return {
    logs,
    dir: () => dir,
    records: () => commandRegistrationFiles(dir, logs.log),
    writeRaw: (scope, text) => writeFile(path.join(dir, `registered-commands-${scope}.json`), text),
  };
}

function postgresKeeper(): RecordKeeper {
  const logs = memoryLogger();
  const temp = usePostgresStores('each', { log: logs.log });
  return {
    logs,
    records: () => temp.stores.commandRegistration,
    writeRaw: async (scope, text) => {
      await temp.sql("INSERT INTO command_registrations (scope, record, written_at) VALUES (?, ?, 'x')", [scope, text]);
    },
  };
}

const keepers = [{ name: 'files in DATA_DIR', keeper: filesKeeper }, ...(postgresUrl === null ? [] : [{ name: 'PostgreSQL', keeper: postgresKeeper }])];

describe.each(keepers)('CommandRegistrationStore ($name)', ({ keeper }) => {
  const place = keeper();

  it('keeps one record per scope, and reads none before the first', async () => {
    const records = place.records();
    expect(await records.read('global')).toBeNull();
    await records.write('global', { hash: 'h1', versions: { ask: '1' } });
    await records.write('200000000000000001', { hash: 'h2', versions: {} });
    expect(await records.read('global')).toEqual({ hash: 'h1', versions: { ask: '1' } });
    expect(await records.read('200000000000000001')).toEqual({ hash: 'h2', versions: {} });
    // A second registration replaces the first.
    await records.write('global', { hash: 'h3', versions: { ask: '2' } });
    expect(await records.read('global')).toEqual({ hash: 'h3', versions: { ask: '2' } });
  });

  it('reads an unreadable record as none, and says so', async () => {
    await place.writeRaw('global', '{"hash": 1}');
    const before = place.logs.lines().length;
    expect(await place.records().read('global')).toBeNull();
    expect(
      place.logs
        .lines()
        .slice(before)
        .map((line) => line.msg),
    ).toEqual(['command registration record unreadable']);
  });
});

describe('CommandRegistrationStore (files in DATA_DIR): one file per scope', () => {
  const place = filesKeeper();

  it('writes registered-commands-<scope>.json', async () => {
    const records = place.records();
    await records.write('global', { hash: 'h1', versions: { ask: '1' } });
    await records.write('200000000000000001', { hash: 'h2', versions: {} });
    expect((await readdir(place.dir())).sort()).toEqual(['registered-commands-200000000000000001.json', 'registered-commands-global.json']);
  });
});
