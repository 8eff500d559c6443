import type { Paper } from '../digest/paper.js';
import { readHfPaper } from '../digest/read-hf-paper.js';
import type { Logger } from '../log.js';
import type { HfLookup, HfPaperCache } from '../store/hf-paper-cache.js';
import type { RemoteLibrary } from '../worker/library-api.js';
import { fetchHfPaper, type FetchHfPaperOptions } from './fetch-hf-paper.js';
import { LOOKUP_CAP_WINDOW_MS, type HfLookupCap } from './hf-lookup-cap.js';

/** A paper to show for a link, and whether the digest has it. */
export interface FoundPaper {
  paper: Paper;
  inDigest: boolean;
}

/** The papers found, in the order asked, and the ids Hugging Face was not asked about because the cap was reached. */
export interface PaperLookupResult {
  found: FoundPaper[];
  notAsked: string[];
}

/** A lookup as the cache records it, or none at all: the cap was reached, so Hugging Face was not asked and nothing is cached. */
type Outcome = HfLookup | { status: 'not-asked' };

interface PaperLookupOptions {
  library: RemoteLibrary;
  /** Hugging Face answers, misses included; without it (no database) only digest papers are found. */
  cache: HfPaperCache | undefined;
  log: Logger;
  /** Where and how to ask Hugging Face (base URL, timeout, size cap). */
  hf?: Omit<FetchHfPaperOptions, 'fetchImpl'>;
  /** Hugging Face requests allowed per minute for the whole process; without it, no limit. */
  cap?: HfLookupCap;
  now?: () => number;
}

/**
 * Finds the papers of arXiv ids: from the digest first, else from Hugging Face's papers API
 * through the cache (see HfPaperCache for how long each answer is believed). Ids asked for at
 * the same time share one request. Only a request counts against `cap` (an answer the cache
 * holds, a miss included, does not); over it, Hugging Face is not asked, nothing is cached,
 * and the id is listed in `notAsked` (a warning at most once a minute says so). A paper
 * neither has, whose lookup failed or that was not asked about is left out of `found`; the
 * rest keep the order asked.
 */
export function createPaperLookup({
  library,
  cache,
  log,
  hf = {},
  cap,
  now = Date.now,
}: PaperLookupOptions): (ids: readonly string[]) => Promise<PaperLookupResult> {
  const inFlight = new Map<string, Promise<Outcome>>();
  let warnedAt: number | undefined;

  const overCap = (id: string): Outcome => {
    const at = now();
    if (warnedAt === undefined || at - warnedAt >= LOOKUP_CAP_WINDOW_MS || at < warnedAt) {
      warnedAt = at;
      log.warn({ paper: id, perMinute: cap?.perMinute }, 'Hugging Face lookups over their cap: links not in the digest or cache get no card for now');
    } else log.debug({ paper: id }, 'Hugging Face not asked: over the cap');
    return { status: 'not-asked' };
  };

  const askHuggingFace = async (id: string): Promise<HfLookup> => {
    try {
      const raw = await fetchHfPaper(id, hf);
      if (raw === null) return { status: 'missing' };
      const read = readHfPaper(raw, { countsAsOf: new Date(now()).toISOString().slice(0, 10) });
      if (read.paper) return { status: 'found', paper: read.paper };
      log.warn({ paper: id, problem: read.problem.message }, 'Hugging Face sent a paper record that cannot be read');
      return { status: 'failed' };
    } catch (error) {
      log.warn({ paper: id, reason: (error as Error).message }, 'paper lookup on Hugging Face failed');
      return { status: 'failed' };
    }
  };

  // Shared from the first ask on, cache read included: a second ask while the cache answers
  // (a round trip with another store engine) must not send a second request.
  const lookUp = (id: string): Promise<Outcome> => {
    let pending = inFlight.get(id);
    if (!pending) {
      pending = (async () => {
        const cached = await cache?.fresh(id, now());
        if (cached) return cached;
        if (cap && !cap.take()) return overCap(id);
        const result = await askHuggingFace(id);
        try {
          await cache?.put(id, result, now());
        } catch (error) {
          log.warn({ err: error, paper: id }, 'could not cache a Hugging Face lookup');
        }
        return result;
      })();
      pending.finally(() => inFlight.delete(id)).catch(() => undefined);
      inFlight.set(id, pending);
    }
    return pending;
  };

  return async (ids) => {
    const digest = new Map((await library.papers(ids)).map((paper) => [paper.key, paper]));
    const answers = await Promise.all(
      ids.map(async (id): Promise<FoundPaper | 'not-asked' | null> => {
        const paper = digest.get(id);
        if (paper) return { paper, inDigest: true };
        if (!cache) return null;
        const result = await lookUp(id);
        if (result.status === 'not-asked') return 'not-asked';
        return result.status === 'found' ? { paper: result.paper, inDigest: false } : null;
      }),
    );
    return {
      found: answers.filter((answer) => answer !== null && answer !== 'not-asked'),
      notAsked: ids.filter((_, i) => answers[i] === 'not-asked'),
    };
  };
}
