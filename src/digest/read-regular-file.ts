import { constants, type Stats } from 'node:fs';
import { lstat, open, readlink, stat } from 'node:fs/promises';

/** A file is read in one slice sized to what its stat reports; whatever it holds beyond that, in slices of this size. */
const SLICE_BYTES = 1024 * 1024;
/** Open for reading without waiting (a FIFO with no writer opens at once) and never as a controlling terminal. */
const OPEN_FLAGS = constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY;

/** Why a file was not read. */
export type Refusal =
  /** Not a regular file once opened: `kind` says what it is; `linkTarget` when the name is a symbolic link. */
  | { reason: 'not-regular'; kind: string; linkTarget: string | null }
  /** Over the cap: `size` as the file reported it, or null when reading found more than it reported (a growing or endless file). */
  | { reason: 'too-big'; size: number | null }
  /** The file could not be opened or read: the error code (ENOENT, EACCES, ...). */
  | { reason: 'error'; code: string };

/** A regular file's size and last modification, from the open handle's stat, and when that stat was taken (epoch ms). */
export interface FileStamp {
  size: number;
  mtimeMs: number;
  statAt?: number;
}

export type RegularFileRead = { bytes: Uint8Array; bytesRead: number; stamp: FileStamp } | { refusal: Refusal; bytesRead: number };
/** A regular file within the cap that `unchanged` kept from being read. */
export interface UnreadFile {
  unread: FileStamp;
  bytesRead: 0;
}

/**
 * Reads a regular file whole, if it holds at most `maxBytes`. What counts is the file that
 * was opened: it is opened first (non-blocking, so a FIFO cannot hang the open), then the
 * open handle's own stat decides, so a name swapped between a check and the read cannot
 * fool it. A symbolic link to a regular file is read; anything else (a device, a FIFO, a
 * socket, a directory) is refused without reading a byte. A file whose stat is over the cap
 * is refused unread; otherwise it is read through the handle, never more than `maxBytes + 1`
 * bytes: a file holding more than its stat said (growing, or a kernel file reporting size 0)
 * is read on in slices and refused as soon as that extra byte arrives. `bytesRead` says how
 * many bytes were read from the file, refused or not. A file read comes with its stamp (the
 * handle's stat, taken before the read). Given `unchanged`, a regular file within the cap is
 * first offered to it by that stamp, and left unread when it says so (the index cache knows
 * a file of that size and time). Never throws.
 */
export async function readRegularFile(filePath: string, maxBytes: number): Promise<RegularFileRead>;
export async function readRegularFile(filePath: string, maxBytes: number, unchanged: (stamp: FileStamp) => boolean): Promise<RegularFileRead | UnreadFile>;
export async function readRegularFile(filePath: string, maxBytes: number, unchanged?: (stamp: FileStamp) => boolean): Promise<RegularFileRead | UnreadFile> {
  let handle;
  try {
    handle = await open(filePath, OPEN_FLAGS);
  } catch (error) {
    // A socket cannot be opened at all (ENXIO): say what it is rather than the code.
    const info = await stat(filePath).catch(() => null);
    if (info && !info.isFile()) return { refusal: await notRegular(filePath, info), bytesRead: 0 };
    return { refusal: { reason: 'error', code: codeOf(error) }, bytesRead: 0 };
  }
  let bytesRead = 0;
  try {
    const info = await handle.stat();
    if (!info.isFile()) return { refusal: await notRegular(filePath, info), bytesRead };
    if (info.size > maxBytes) return { refusal: { reason: 'too-big', size: info.size }, bytesRead };
    const stamp = { size: info.size, mtimeMs: info.mtimeMs, statAt: Date.now() };
    if (unchanged?.(stamp)) return { unread: stamp, bytesRead: 0 };
    const limit = maxBytes + 1;
    const slices: Uint8Array[] = [];
    // The first slice fits the size the file reports (at most the cap) plus the byte that would show it holds more.
    let sliceBytes = info.size + 1;
    while (bytesRead < limit) {
      const slice = new Uint8Array(Math.min(sliceBytes, limit - bytesRead));
      const { bytesRead: got } = await handle.read(slice, 0, slice.length, null);
      if (got === 0) break;
      slices.push(got === slice.length ? slice : slice.subarray(0, got));
      bytesRead += got;
      sliceBytes = SLICE_BYTES;
    }
    if (bytesRead > maxBytes) return { refusal: { reason: 'too-big', size: null }, bytesRead };
    return { bytes: join(slices, bytesRead), bytesRead, stamp };
  } catch (error) {
    return { refusal: { reason: 'error', code: codeOf(error) }, bytesRead };
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/**
 * The refusal as a digest problem's message: "file is 21.0 MB, over the 20.0 MB limit
 * (MAX_DIGEST_FILE_BYTES)", "file is not a regular file: a FIFO; only regular files are
 * read", "cannot read file: EACCES". `UNREADABLE_MESSAGE` (load-digest.ts) matches each.
 */
export function describeRefusal(refusal: Refusal, maxBytes: number): string {
  switch (refusal.reason) {
    case 'not-regular': {
      const what = refusal.linkTarget === null ? refusal.kind : `a symbolic link to ${refusal.kind} (${refusal.linkTarget})`;
      return `file is not a regular file: ${what}; only regular files are read`;
    }
    case 'too-big':
      return `file is ${refusal.size === null ? '' : `${formatBytes(refusal.size)}, `}over the ${formatBytes(maxBytes)} limit (MAX_DIGEST_FILE_BYTES)`;
    case 'error':
      return `cannot read file: ${refusal.code}`;
  }
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

/** The slices as one array (the slice itself when there is one: most files are read in one). */
function join(slices: readonly Uint8Array[], total: number): Uint8Array {
  if (slices.length === 1) return slices[0] as Uint8Array;
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const slice of slices) {
    bytes.set(slice, at);
    at += slice.length;
  }
  return bytes;
}

/** What a file that is not regular is, and where its name links to when it is a symbolic link. */
async function notRegular(filePath: string, info: Stats): Promise<Refusal> {
  // The name itself, not what it points to: only to tell the user it is a link, never to decide.
  const link = await lstat(filePath).catch(() => null);
  const linkTarget = link?.isSymbolicLink() ? await readlink(filePath).catch(() => null) : null;
  return { reason: 'not-regular', kind: kindOf(info), linkTarget };
}

function kindOf(info: Stats): string {
  if (info.isDirectory()) return 'a directory';
  if (info.isFIFO()) return 'a FIFO (named pipe)';
  if (info.isSocket()) return 'a socket';
  if (info.isCharacterDevice()) return 'a character device';
  if (info.isBlockDevice()) return 'a block device';
  return 'an unknown kind of file';
}

function codeOf(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? (error as Error).message;
}
