import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { commandRegistrationFiles } from '../../src/store/files/command-registration-files.js';
import { memoryLogger } from '../support/memory-log.js';

describe('CommandRegistrationStore (files in DATA_DIR)', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'registration-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps one record per scope, and reads none before the first', async () => {
    const records = commandRegistrationFiles(dir, memoryLogger().log);
    expect(await records.read('global')).toBeNull();
    await records.write('global', { hash: 'h1', versions: { ask: '1' } });
    await records.write('200000000000000001', { hash: 'h2', versions: {} });
    expect(await records.read('global')).toEqual({ hash: 'h1', versions: { ask: '1' } });
    expect(await records.read('200000000000000001')).toEqual({ hash: 'h2', versions: {} });
    expect((await readdir(dir)).sort()).toEqual(['registered-commands-200000000000000001.json', 'registered-commands-global.json']);
  });

  it('reads an unreadable record as none, and says so', async () => {
    const logs = memoryLogger();
    await writeFile(path.join(dir, 'registered-commands-global.json'), '{"hash": 1}');
    expect(await commandRegistrationFiles(dir, logs.log).read('global')).toBeNull();
    expect(logs.lines().map((line) => line.msg)).toEqual(['command registration record unreadable']);
  });
});
