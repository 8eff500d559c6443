import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../../log.js';
import { RegistrationSchema, type CommandRegistrationStore } from '../command-registration-store.js';

/**
 * The registration record as a JSON file per scope in DATA_DIR
 * (`registered-commands-<global|guild id>.json`), written via a temporary file and a rename.
 * A file, not a table: `npm run deploy` keeps it without opening the database.
 */
export function commandRegistrationFiles(dataDir: string, log: Logger): CommandRegistrationStore {
  const fileOf = (scope: string) => path.join(dataDir, `registered-commands-${scope}.json`);
  return {
    async read(scope) {
      const file = fileOf(scope);
      try {
        return RegistrationSchema.parse(JSON.parse(await readFile(file, 'utf8')));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') log.warn({ file, reason: (error as Error).message }, 'command registration record unreadable');
        return null;
      }
    },
    async write(scope, record) {
      const file = fileOf(scope);
      try {
        await mkdir(path.dirname(file), { recursive: true });
        const temporary = `${file}.${process.pid}.tmp`;
        await writeFile(temporary, JSON.stringify(record));
        await rename(temporary, file);
      } catch (error) {
        // Without the record, the next start registers once more: harmless.
        log.warn({ file, reason: (error as Error).message }, 'could not record the command registration');
      }
    },
  };
}
