import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('../', import.meta.url).pathname;

/** A process whose cleanup takes 3 s, stopped by signals as the bot is. */
function startProcess() {
  const script = `
    import { stopOnSignals } from './src/lifecycle.ts';
    import { createLogger } from './src/log.ts';
    stopOnSignals(createLogger('info'), () => new Promise((resolve) => setTimeout(resolve, 3000)));
    process.stdout.write('ready\\n');
    setInterval(() => {}, 1000);
  `;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '--eval', script], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += String(chunk)));
  const ready = new Promise<void>((resolve) => child.stdout.on('data', (chunk) => String(chunk).includes('ready') && resolve()));
  return { child, ready, stderr: () => stderr };
}

describe('stopOnSignals', { timeout: 20_000 }, () => {
  it('runs the cleanup once on SIGTERM and exits 0 when it is done', async () => {
    const { child, ready, stderr } = startProcess();
    await ready;
    const started = performance.now();
    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
    expect(performance.now() - started).toBeGreaterThanOrEqual(2900);
    expect(stderr()).toContain('"msg":"shutting down"');
  });

  it('exits at once with 130 on a second signal during the cleanup (an impatient Ctrl+C)', async () => {
    const { child, ready, stderr } = startProcess();
    await ready;
    const started = performance.now();
    child.kill('SIGINT');
    await new Promise((resolve) => setTimeout(resolve, 300));
    child.kill('SIGINT');
    const [code] = await once(child, 'exit');
    expect(code).toBe(130);
    expect(performance.now() - started).toBeLessThan(2500);
    expect(stderr()).toContain('"msg":"second signal while stopping: exiting now"');
  });
});
