import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { copyFile, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { APPLICATION_ID, FakeDiscord } from '../support/fake-discord.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const TOKEN = 'first-day-token.0123456789abcdefghijkl';

/**
 * A checkout as a new user has it after `cp .env.example .env`: the project's files (linked,
 * not copied) and a `.env` that is the example with only the token filled in, plus the REST
 * URL of the fake Discord (a user talks to Discord itself).
 */
async function newUserCheckout(apiUrl: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'first-day-'));
  for (const entry of ['src', 'commands', 'seeds', 'node_modules', 'package.json', 'tsconfig.json'])
    await symlink(path.join(ROOT, entry), path.join(dir, entry));
  await copyFile(path.join(ROOT, '.env.example'), path.join(dir, '.env'));
  const example = await readFile(path.join(dir, '.env'), 'utf8');
  const filled = example.replace(/^DISCORD_TOKEN=$/m, `DISCORD_TOKEN=${TOKEN}`).replace(/^DISCORD_API_URL=$/m, `DISCORD_API_URL=${apiUrl}`);
  expect(filled).not.toBe(example);
  await writeFile(path.join(dir, '.env'), filled);
  return dir;
}

describe('the first day: .env.example with a token', { timeout: 90_000 }, () => {
  let child: ChildProcess | undefined;
  let discord: FakeDiscord | undefined;
  let checkout: string | undefined;
  afterEach(async () => {
    if (child && child.exitCode === null) {
      child.kill('SIGKILL');
      await once(child, 'exit');
    }
    await discord?.stop();
    if (checkout) await rm(checkout, { recursive: true, force: true });
  });

  it('starts, logs the invite URL while the bot is in no server, registers the commands and answers /search', async () => {
    // No guild yet: what a bot sees right after its token was made.
    discord = await new FakeDiscord({ guilds: [] }).start();
    checkout = await newUserCheckout(discord.apiUrl);
    // `npm start`'s entry point, from its source (test/build/ runs it compiled), in the new checkout, with nothing but its .env (no ENV_FILE).
    child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: checkout,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let log = '';
    child.stderr?.on('data', (chunk) => (log += String(chunk)));
    const fake = discord;
    await fake.waitFor(() => (log.includes('"msg":"bot ready"') || child?.exitCode != null ? true : undefined), 60_000);
    expect(log).not.toContain('Fatal');
    expect(log).toContain('"msg":"bot ready"');
    // .env.example registers globally (no DISCORD_GUILD_ID): every command is there.
    expect(fake.commands.global.map((command) => command.name)).toContain('search');
    expect(fake.commands.global).toHaveLength(16);
    const invite = /"url":"(https:\/\/discord\.com\/oauth2\/authorize\?[^"]+)"[^\n]*the bot is in no server yet/.exec(log)?.[1];
    expect(invite).toBe(`https://discord.com/oauth2/authorize?client_id=${APPLICATION_ID}&scope=bot+applications.commands&permissions=309237763072`);

    const message = await fake.finalMessage(fake.slashCommand('search', { query: 'kv cache' }).id);
    expect((message.embeds as { url: string }[]).map((embed) => embed.url)[0]).toMatch(/^https:\/\/huggingface\.co\/papers\/\d{4}\.\d{5}$/);
    expect(log).not.toContain(TOKEN);
  });

  it('refuses the old SHARD_COUNT name with a message that says what to rename', async () => {
    discord = await new FakeDiscord().start();
    checkout = await newUserCheckout(discord.apiUrl);
    await writeFile(path.join(checkout, '.env'), `${await readFile(path.join(checkout, '.env'), 'utf8')}\nSHARD_COUNT=auto\n`);
    child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: checkout,
      env: { PATH: process.env.PATH ?? '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (chunk) => (stderr += String(chunk)));
    const [code] = await once(child, 'exit');
    expect(code).toBe(1);
    expect(stderr).toContain('SHARD_COUNT: renamed DISCORD_SHARD_COUNT');
  });
});
