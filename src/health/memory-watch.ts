import type { Logger } from '../log.js';

/** Bytes in MB (MiB), rounded: how RSS and heaps are reported, in the log and in /health. */
export const bytesToMb = (bytes: number): number => Math.round(bytes / (1024 * 1024));
/** While RSS stays over the limit, the warning is repeated at most this often. */
const REMIND_EVERY_MS = 60 * 60_000;
/** A spell over the limit ends when RSS falls below this share of it, so RSS hovering at the limit does not warn at every check. */
const REARM_BELOW = 0.9;
/** How often the bot reads its RSS (MEMORY_LIMIT_MB). */
export const MEMORY_CHECK_EVERY_MS = 30_000;

/** How big the digest is, as the library last reported it. */
export interface DigestSize {
  indexed: number;
  /** Papers in the digest once its files are read; null before. */
  total: number | null;
  /** Still loading (or restarting): `indexed` is how far it got. */
  loading: boolean;
}

export interface MemoryWatchOptions {
  /** MEMORY_LIMIT_MB. */
  limitMb: number;
  /** The process's resident set size in bytes (`process.memoryUsage.rss` in the bot). */
  readRssBytes: () => number;
  /** The digest's size when a warning is written. */
  papers: () => DigestSize;
  log: Pick<Logger, 'warn' | 'info'>;
  /** Epoch ms. Default: Date.now. */
  now?: () => number;
}

export interface MemoryCheck {
  rssMb: number;
  over: boolean;
  /** Whether this check logged the warning. */
  warned: boolean;
}

export interface MemoryWatch {
  /** Reads RSS once and warns when it is over the limit and has not been warned about in this spell (or for an hour). */
  check(): MemoryCheck;
}

/**
 * Watches the process's RSS against MEMORY_LIMIT_MB. Over the limit, it logs one warning
 * naming the RSS, the limit, the digest's size and what to do; it warns again when RSS has
 * gone back below 90% of the limit and crosses it again, or after an hour still over it. It
 * knows nothing of timers or Discord: `startMemoryWatch` runs it, tests call `check`.
 */
export function createMemoryWatch({ limitMb, readRssBytes, papers, log, now = Date.now }: MemoryWatchOptions): MemoryWatch {
  /** When the current spell over the limit was last warned about; null when under it. */
  let warnedAt: number | null = null;
  return {
    check() {
      const rssMb = bytesToMb(readRssBytes());
      const over = rssMb > limitMb;
      const time = now();
      if (!over) {
        if (warnedAt !== null && rssMb < limitMb * REARM_BELOW) {
          warnedAt = null;
          log.info({ rssMb, limitMb }, 'memory back under MEMORY_LIMIT_MB');
        }
        return { rssMb, over, warned: false };
      }
      if (warnedAt !== null && time - warnedAt < REMIND_EVERY_MS) return { rssMb, over, warned: false };
      warnedAt = time;
      const digest = papers();
      log.warn({ rssMb, limitMb, papers: digest.indexed, papersTotal: digest.total, loading: digest.loading }, overLimitMessage(rssMb, limitMb, digest));
      return { rssMb, over, warned: true };
    },
  };
}

function overLimitMessage(rssMb: number, limitMb: number, digest: DigestSize): string {
  const count = (n: number) => n.toLocaleString('en-US');
  const size =
    digest.loading && digest.total !== null
      ? `${count(digest.indexed)} of ${count(digest.total)} papers indexed so far`
      : `${count(digest.indexed)} papers indexed${digest.loading ? ' so far' : ''}`;
  return (
    `memory over MEMORY_LIMIT_MB: RSS ${count(rssMb)} MB, limit ${count(limitMb)} MB, ${size}. ` +
    'If that is what this digest needs, raise MEMORY_LIMIT_MB or give the machine more memory; ' +
    'otherwise keep fewer papers: move old files (such as feed/ days) out of DIGEST_DIR and reload it (kill -HUP <pid>, or restart)'
  );
}

/** Checks every `intervalMs` (default 30 s) on an unref'd timer until `stop()`. A failed read is logged, never thrown. */
export function startMemoryWatch(watch: MemoryWatch, log: Pick<Logger, 'error'>, intervalMs = MEMORY_CHECK_EVERY_MS): { stop(): void } {
  const timer = setInterval(() => {
    try {
      watch.check();
    } catch (error) {
      log.error({ err: error }, 'could not read the memory in use');
    }
  }, intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
