import type { DigestProblem } from './digest-problem.js';
import { isoDay } from './iso-day.js';
import { HfItemFieldsSchema, HfPaperSchema, mapHfPaper } from './map-hf-paper.js';
import { validPapers, type Paper } from './paper.js';

/** The source file named for papers read from the Hugging Face papers API. */
export const HF_API_SOURCE = 'hf-api';

type HfPaperResult = { paper: Paper; problem: null } | { paper: null; problem: DigestProblem };

/**
 * Converts one paper as `GET https://huggingface.co/api/papers/<arxiv id>` returns it (the
 * shape of the `paper` object of a `daily_papers` item) into a validated `Paper`, or a
 * problem naming `hf-api`. Pass `countsAsOf`, the day it was fetched: the upvotes and stars
 * are that day's. Without it, the day of `submittedOnDailyAt` is used, as for a listing.
 */
export function readHfPaper(value: unknown, options: { countsAsOf?: string | null } = {}): HfPaperResult {
  const parsed = HfPaperSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue ? issue.path.join('.') : '';
    const id = typeof (value as { id?: unknown } | null)?.id === 'string' ? ` ${(value as { id: string }).id.slice(0, 40)}` : '';
    return { paper: null, problem: { file: HF_API_SOURCE, line: null, message: `paper${id}: ${path ? `${path}: ` : ''}${issue?.message ?? 'invalid'}` } };
  }
  // The API may also send the counts and media a daily_papers item carries beside its paper.
  const around = HfItemFieldsSchema.safeParse(value);
  const paper = mapHfPaper(parsed.data, around.success ? around.data : {}, { file: HF_API_SOURCE, countsAsOf: isoDay(options.countsAsOf) });
  const { items, problems } = validPapers([paper], HF_API_SOURCE);
  const valid = items[0];
  return valid ? { paper: valid, problem: null } : { paper: null, problem: problems[0] as DigestProblem };
}
