/**
 * `npm run test:mutation:areas`: the mutation score of each core area (scripts/mutation-areas.json)
 * from the last `npm run test:mutation` reports (the full run's, and each MUTATE_AREA run's
 * for its area), and the mutants that survived, by file and line.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import AREAS from './mutation-areas.json' with { type: 'json' };

interface Mutant {
  mutatorName: string;
  replacement?: string;
  status: string;
  location: { start: { line: number } };
}
interface Report {
  files: Record<string, { mutants: Mutant[] }>;
}

const ROOT = new URL('../', import.meta.url).pathname;

/** The area's report: its own MUTATE_AREA run's if there is one, else the full run's. */
async function reportOf(area: string): Promise<Report | null> {
  for (const folder of [`reports/mutation/${area.replaceAll(' ', '-')}`, 'reports/mutation']) {
    try {
      return JSON.parse(await readFile(path.join(ROOT, folder, 'mutation.json'), 'utf8')) as Report;
    } catch {
      // no report there
    }
  }
  return null;
}

const KILLED = new Set(['Killed', 'Timeout']);
const COUNTED = new Set(['Killed', 'Timeout', 'Survived', 'NoCoverage']);

for (const [area, { mutate: files }] of Object.entries(AREAS)) {
  const report = await reportOf(area);
  if (report === null) {
    process.stdout.write(`${area}: no report yet (npm run test:mutation)\n`);
    continue;
  }
  const mutants = files.flatMap((file) => (report.files[file]?.mutants ?? []).map((mutant) => ({ file, mutant })));
  const counted = mutants.filter(({ mutant }) => COUNTED.has(mutant.status));
  const killed = counted.filter(({ mutant }) => KILLED.has(mutant.status)).length;
  const score = counted.length === 0 ? 'not run' : `${((100 * killed) / counted.length).toFixed(1)}% (${killed}/${counted.length})`;
  process.stdout.write(`${area}: ${score}\n`);
  for (const { file, mutant } of counted.filter(({ mutant }) => !KILLED.has(mutant.status)))
    process.stdout.write(
      `  ${mutant.status.padEnd(10)} ${file}:${mutant.location.start.line} ${mutant.mutatorName} → ${(mutant.replacement ?? '').replace(/\s+/g, ' ').slice(0, 80)}\n`,
    );
}
