import { ENTITY_TOO_LARGE, invalidFormBody, issue, type RouteResult } from './discord-errors.js';
import type { UploadedFile } from './request-body.js';

/**
 * Discord's upload limits: 10 files per message, and 10 MiB per file in a guild without
 * boosts (https://discord.com/developers/docs/reference#uploading-files). A larger file is
 * refused before the payload is looked at, with 413 Request entity too large.
 */
export const UPLOAD_LIMITS = { files: 10, bytesPerFile: 10 * 1024 * 1024 } as const;

/** The error Discord answers for these uploads, or undefined when they are fine. */
export function checkUploads(files: UploadedFile[]): RouteResult | undefined {
  if (files.some((file) => file.bytes.length > UPLOAD_LIMITS.bytesPerFile)) return ENTITY_TOO_LARGE();
  if (files.length > UPLOAD_LIMITS.files) return invalidFormBody([issue.tooLong(['files'], UPLOAD_LIMITS.files)]);
  return undefined;
}

/** The `n` of each `files[n]` part: the id an `attachments[]` entry names it by. */
export function uploadIds(files: UploadedFile[]): Set<string> {
  return new Set(files.flatMap((file) => /^files\[(\d+)\]$/.exec(file.field)?.[1] ?? []));
}
