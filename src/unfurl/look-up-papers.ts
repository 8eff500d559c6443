import type { Paper } from '../digest/paper.js';
import { readHfPaper } from '../digest/read-hf-paper.js';
import type { Logger } from '../log.js';
import type { HfLookup, HfPaperCache } from '../store/hf-paper-cache.js';
import type { RemoteLibrary } from '../worker/library-api.js';
import { fetchHfPaper, type FetchHfPaperOptions } from './fetch-hf-paper.js';

/** A paper to show for a link, and whether the digest has it. */
export interface FoundPaper {
  paper: Paper;
  inDigest: boolean;
}

interface PaperLookupOptions {
  library: RemoteLibrary;
  /** Hugging Face answers, misses included; without it (no database) only digest papers are found. */
  cache: HfPaperCache | undefined;
  log: Logger;
  /** Where and how to ask Hugging Face (base URL, timeout, size cap). */
  hf?: Omit<FetchHfPaperOptions, 'fetchImpl'>;
  now?: () => number;
}

/**
 * Finds the papers of arXiv ids: from the digest first, else from Hugging Face's papers API
 * through the cache (see HfPaperCache for how long each answer is believed). Ids asked for at
 * the same time share one request. A paper neither has, or whose lookup failed, is left out;
 * the rest keep the order asked.
 */
export function createPaperLookup({ library, cache, log, hf = {}, now = Date.now }: PaperLookupOptions): (ids: readonly string[]) => Promise<FoundPaper[]> {
  const inFlight = new Map<string, Promise<HfLookup>>();

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
  const lookUp = (id: string): Promise<HfLookup> => {
    let pending = inFlight.get(id);
    if (!pending) {
      pending = (async () => {
        const cached = await cache?.fresh(id, now());
        if (cached) return cached;
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
    const found = await Promise.all(
      ids.map(async (id): Promise<FoundPaper | null> => {
        const paper = digest.get(id);
        if (paper) return { paper, inDigest: true };
        if (!cache) return null;
        const result = await lookUp(id);
        return result.status === 'found' ? { paper: result.paper, inDigest: false } : null;
      }),
    );
    return found.filter((item) => item !== null);
  };
}
