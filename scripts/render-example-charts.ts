/**
 * `npm run charts:examples`: renders the `/stats` picture of the seed digest to
 * docs/stats-seed.png and, where ../shared/real-digest exists, of the real Hugging Face
 * digest to docs/stats-real.png, with the shipped topics (src/library/default-topics.json) as the mix. `now` is the day of the
 * newest paper, so the pictures do not change with the day the script runs. Prints each
 * picture's size and the median time of 10 more stats-and-render runs (after warm-up).
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { renderStatsChart } from '../src/charts/render-stats-chart.js';
import type { Paper } from '../src/digest/paper.js';
import { loadDigest } from '../src/digest/load-digest.js';
import { digestStats } from '../src/library/digest-stats.js';
import { loadTopics } from '../src/library/load-topics.js';
import { compileTopics, topicsOfPaper } from '../src/library/topics.js';
import { hasRealDigest, REAL_DIGEST_DIR } from './real-digest-folder.js';

const ROOT = new URL('../', import.meta.url).pathname;

const { topics } = await loadTopics(path.join(ROOT, 'seeds'));
const compiled = compileTopics(topics);
const topicNames = new Map(topics.map((topic) => [topic.id, topic.name]));

async function renderExample(dir: string, output: string): Promise<void> {
  const { papers } = await loadDigest(dir);
  // Topic membership once per paper, as the Library holds it.
  const labels = new Map(papers.map((paper) => [paper.key, topicsOfPaper(paper, compiled).map((id) => topicNames.get(id) ?? id)]));
  const newest = papers.reduce<string>((max, paper) => (paper.publishedAt !== null && paper.publishedAt > max ? paper.publishedAt : max), '1970-01-01');
  const render = async () => {
    const stats = digestStats(papers, {
      now: new Date(`${newest}T12:00:00Z`),
      labelsOf: (paper: Paper) => labels.get(paper.key) ?? [],
      title: 'All papers',
      mixTitle: 'Topics',
    });
    return { stats, chart: await renderStatsChart(stats) };
  };
  const { stats, chart } = await render();
  await writeFile(path.join(ROOT, output), chart.png);
  const times: number[] = [];
  for (let i = 0; i < 10; i++) {
    const started = performance.now();
    await render();
    times.push(performance.now() - started);
  }
  const median = times.sort((a, b) => a - b)[5] as number;
  process.stdout.write(
    `${output}: ${stats.summary.total} papers, ${chart.width}×${chart.height} px, ${Math.round(chart.png.length / 1024)} KB; ` +
      `stats + render median of 10: ${median.toFixed(0)} ms\n`,
  );
}

await renderExample(path.join(ROOT, 'seeds'), 'docs/stats-seed.png');
if (hasRealDigest) await renderExample(REAL_DIGEST_DIR, 'docs/stats-real.png');
else process.stdout.write(`docs/stats-real.png: skipped, ${REAL_DIGEST_DIR} is absent\n`);
