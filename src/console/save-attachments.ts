import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Attachment } from '../present/reply-payload.js';

/**
 * Writes a reply's files (a chart, an export) into `dir`, as the console cannot show them,
 * and returns their paths. Names are made safe and unique with a time prefix.
 */
export async function saveAttachments(files: readonly Attachment[], dir: string, now = new Date()): Promise<string[]> {
  if (files.length === 0) return [];
  await mkdir(dir, { recursive: true });
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '');
  return Promise.all(
    files.map(async (file, index) => {
      const safe =
        path
          .basename(file.name)
          .replace(/[^\w.-]+/g, '_')
          .replace(/^\.+/, '') || 'file';
      const target = path.join(dir, `${stamp}-${index + 1}-${safe}`);
      await writeFile(target, file.data);
      return target;
    }),
  );
}
