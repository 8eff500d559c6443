import type { z } from 'zod';
import { dayInFileName, isoDay } from './iso-day.js';
import { HfItemFieldsSchema, HfPaperSchema, mapHfPaper } from './map-hf-paper.js';
import { validPapers, type Paper } from './paper.js';
import type { DigestProblem, ReadResult } from './digest-problem.js';
import { runToEnd } from '../time/pacer.js';

/** One item of the Hugging Face `daily_papers` API: a `paper` and the fields around it. */
const DailyPaperSchema = HfItemFieldsSchema.extend({ paper: HfPaperSchema });

const NOT_A_LIST = 'not a list of daily_papers entries';
const SHAPE = '({ paper: { id, title, summary, ... } })';
const REPR_HINT = "({'paper': ...} saved with Python's str(), not json.dump)";

interface ReadDailyPapersOptions {
  /** The day the upvotes, stars and comments were read, when the caller knows it (a live fetch). */
  countsAsOf?: string | null;
}

/**
 * Reads a `daily_papers` JSON file: the API's array of items, or a `{status, date, count,
 * data: [...]}` wrapper around one. Each bad entry is reported by its index and skipped.
 * A file that holds no entries at all (a bare number, Python repr strings) is one problem
 * saying what it is.
 *
 * `countsAsOf`, the day the counts were read: the option when given; else a `YYYY-MM-DD` in
 * the file's name, since the archives (and our `feed/` folder) save each day's listing
 * under the day it was fetched; else the day of `paper.submittedOnDailyAt`, close to when a
 * listing is read; else unknown. A day's listing imported later than that day still carries
 * the day of its name: its counts are then older than they were.
 *
 * `listedOn`, the day each paper was listed: its `submittedOnDailyAt` day; else, in a
 * `feed/YYYY-MM-DD.json` file (one listing day's answer), that day; else unknown.
 */
export function readDailyPapersJson(text: string, file: string, options: ReadDailyPapersOptions = {}): ReadResult<Paper> {
  return runToEnd(dailyPapersJsonSteps(text, file, options));
}

/** readDailyPapersJson a step at a time: it yields after each entry (see time/pacer.ts). */
export function* dailyPapersJsonSteps(text: string, file: string, options: ReadDailyPapersOptions = {}): Generator<void, ReadResult<Paper>> {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return { items: [], problems: [{ file, line: jsonErrorLine(text, error), message: `invalid JSON: ${(error as Error).message}` }] };
  }
  const entries = entriesOf(data);
  if (typeof entries === 'string') return { items: [], problems: [{ file, line: null, message: entries }] };
  const countsAsOf = isoDay(options.countsAsOf) ?? dayInFileName(file);
  // `feed/<day>.json` holds `daily_papers?date=<day>`: every paper in it was listed that day.
  const listedOn = file.startsWith('feed/') ? dayInFileName(file) : null;
  const items: Paper[] = [];
  const problems: DigestProblem[] = [];
  for (const [index, entry] of entries.entries()) {
    const parsed = DailyPaperSchema.safeParse(entry);
    if (parsed.success) items.push(mapHfPaper(parsed.data.paper, parsed.data, { file, countsAsOf, listedOn }));
    else problems.push({ file, line: null, message: `entry ${index}: ${describeIssue(entry, parsed.error)}` });
    yield;
  }
  const valid = validPapers(items, file);
  return { items: valid.items, problems: [...problems, ...valid.problems] };
}

/** The entries of a file, or what the file is instead (the problem message). */
function entriesOf(data: unknown): unknown[] | string {
  if (Array.isArray(data)) return allStrings(data) ? `items are ${stringsOf(data)}` : data;
  if (isRecord(data) && Array.isArray(data.data)) {
    const inner: unknown[] = data.data;
    return allStrings(inner) ? `a {${Object.keys(data).join(', ')}} wrapper whose items are ${stringsOf(inner)}` : inner;
  }
  if (typeof data === 'number') return `the file is the number ${data}, ${NOT_A_LIST}${Number.isInteger(data) ? ' (an empty day saved as a count?)' : ''}`;
  if (isRecord(data)) return `the file is an object with keys ${Object.keys(data).slice(0, 5).join(', ') || '(none)'}, ${NOT_A_LIST} ${SHAPE}`;
  return `the file is ${data === null ? 'null' : `a JSON ${typeof data}`}, ${NOT_A_LIST} ${SHAPE}`;
}

function allStrings(values: unknown[]): boolean {
  return values.length > 0 && values.every((value) => typeof value === 'string');
}

/** Python's `repr` of a dict: `{'paper': {...}, 'hidden': False}`. Not parsed: it is not JSON. */
function isPythonRepr(value: string): boolean {
  return /^\s*\{\s*'/.test(value);
}

/** What a list of strings is, and that none of its entries was read. */
function stringsOf(values: unknown[]): string {
  const repr = isPythonRepr(values[0] as string);
  return `${repr ? 'Python repr strings' : 'strings'}, not JSON objects: ${values.length} ${values.length === 1 ? 'entry' : 'entries'} not read${repr ? ` ${REPR_HINT}` : ''}`;
}

function describeIssue(entry: unknown, error: z.ZodError): string {
  if (typeof entry === 'string') return `${isPythonRepr(entry) ? 'a Python repr string' : 'a string'}, not a JSON object`;
  const issue = error.issues[0];
  const path = issue ? issue.path.join('.') : '';
  return `${path ? `${path}: ` : ''}${issue?.message ?? 'invalid'}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** V8 reports "at position N"; turn it into a 1-based line. */
function jsonErrorLine(text: string, error: unknown): number | null {
  const position = /position (\d+)/.exec(String((error as Error).message));
  if (!position) return null;
  return text.slice(0, Number(position[1])).split('\n').length;
}
