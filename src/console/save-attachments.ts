import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Attachment } from '../present/reply-payload.js';

/** Tries of a name before giving up (each adds a counter): only a folder full of one name gets there. */
const MAX_TRIES = 1000;

/** `20261128T120000123`: the UTC time to the millisecond. */
function timeStamp(now: Date): string {
  return now.toISOString().replace(/[-:.]/g, '').replace(/Z$/, '');
}

/** A file name that cannot leave the folder or hide: no directories, no leading dots, only word characters, `.` and `-`. */
function safeName(name: string): string {
  return (
    path
      .basename(name)
      .replace(/[^\w.-]+/g, '_')
      .replace(/^\.+/, '') || 'file'
  );
}

/** `name` with `-<counter>` before its extension, from the second try on: `stats.png`, `stats-2.png`, … */
function numbered(name: string, counter: number): string {
  if (counter === 1) return name;
  const extension = path.extname(name);
  return `${name.slice(0, name.length - extension.length)}-${counter}${extension}`;
}

/**
 * Writes a reply's files (a chart, an export) into `dir`, as the console cannot show them,
 * and returns their paths, in order. Each is named `<UTC time to the ms>-<position>-<safe name>`
 * and created exclusively (`wx`): a name already taken (two charts in the same millisecond,
 * or two consoles) gets a counter (`…-stats-2.png`), so no file ever overwrites another.
 */
export async function saveAttachments(files: readonly Attachment[], dir: string, now = new Date()): Promise<string[]> {
  if (files.length === 0) return [];
  await mkdir(dir, { recursive: true });
  const stamp = timeStamp(now);
  return Promise.all(
    files.map(async (file, index) => {
      const base = `${stamp}-${index + 1}-${safeName(file.name)}`;
      for (let counter = 1; ; counter++) {
        const target = path.join(dir, numbered(base, counter));
        try {
          await writeFile(target, file.data, { flag: 'wx' });
          return target;
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || counter >= MAX_TRIES) throw error;
        }
      }
    }),
  );
}
