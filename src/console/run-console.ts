import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { ComponentType } from 'discord.js';
import type { CommandContext } from '../interactions/command.js';
import type { CommandRegistry } from '../interactions/command-registry.js';
import { errorReply } from '../interactions/error-reply.js';
import type { Logger } from '../log.js';
import { withLoadingNote } from '../present/loading-note.js';
import { notice, type ReplyPayload } from '../present/reply-payload.js';
import type { LibraryClient } from '../worker/library-client.js';
import { parseCommandLine } from './parse-command-line.js';
import { renderPayload } from './render-payload.js';
import { saveAttachments } from './save-attachments.js';

interface ConsoleOptions {
  input: Readable;
  output: Writable;
  /** At a terminal: a prompt before each line. Piped: each line is echoed before its answer. */
  interactive: boolean;
  registry: CommandRegistry;
  context: CommandContext;
  /** Its status marks answers given while the digest loads (or the worker restarts). */
  library: LibraryClient;
  log: Logger;
  /** Where the files of replies (charts, exports) are saved. Default: a folder in the system's temporary directory. */
  attachmentsDir?: string;
  /** The digest folder, named while it loads. */
  digestDir?: string;
  /** Where the console's database (saved papers, search memos) is, for the greeting; undefined: it has none. */
  stateDir?: string | undefined;
}

/** The default folder of the console's files: exports and charts here, its state in `console-state/`. */
export const CONSOLE_FILES_DIR = path.join(tmpdir(), 'paper-digest-bot');

const INTRO = [
  'Paper digest bot — local console (no DISCORD_TOKEN set).',
  'To connect to Discord, put DISCORD_TOKEN in .env (see README.md) and run npm start again.',
];
const TRY =
  'Try: /search kv cache · /search kv cache limit:3 sort:newest · /ask question:which paper reduces KV cache memory? · /latest · /topic video · /saved · /help';
const KEYS = 'Press a button of the last reply by typing its label (next, previous, save 1). Ctrl+D quits.';

/**
 * The bot without Discord: reads command lines, runs the same handlers (through the same
 * library worker), prints the replies. It first waits for the digest to load ("Loading the
 * digest from …", then "Ready: N papers."); lines typed meanwhile wait in the input and are
 * answered after. At a terminal it prompts for each line; with piped input it echoes each
 * line before its answer and returns at the end of input. Answers given while the worker
 * restarts are marked with the loading note.
 */
export async function runConsole({
  input,
  output,
  interactive,
  registry,
  context,
  library,
  log,
  attachmentsDir = CONSOLE_FILES_DIR,
  digestDir,
  stateDir,
}: ConsoleOptions): Promise<void> {
  const write = (text: string) => output.write(`${text}\n`);
  write(INTRO.join('\n'));
  write(
    stateDir === undefined
      ? `Saved papers are off (no console database); files of replies (charts, exports) are saved in ${attachmentsDir}`
      : `Console state (saved papers, search memos) is kept in ${stateDir}; files of replies (charts, exports) are saved in ${attachmentsDir}`,
  );
  write(`Loading the digest${digestDir === undefined ? '' : ` from ${digestDir}`}…`);
  await library.whenReady();
  const papers = library.status.indexed;
  write(`Ready: ${papers.toLocaleString('en-US')} paper${papers === 1 ? '' : 's'}. ${TRY}`);
  write(KEYS);
  const lines = createInterface({ input, terminal: false });
  let last: ReplyPayload | null = null;
  const prompt = () => interactive && output.write('\n> ');
  prompt();
  for await (const line of lines) {
    const text = line.trim();
    if (text === '') {
      prompt();
      continue;
    }
    if (/^(quit|exit)$/i.test(text)) break;
    if (!interactive) write(`\n> ${text}`);
    const payload = withLoadingNote(await answerLine(text, last, registry, context, log), library.status);
    write(renderPayload(payload, await saveFiles(payload, attachmentsDir, log)));
    // Notices (errors, help) keep the previous reply's buttons pressable.
    if (!payload.ephemeral) last = payload;
    prompt();
  }
  lines.close();
}

/** The reply's files saved, or none when they cannot be (the reply is still shown, and the failure logged). */
async function saveFiles(payload: ReplyPayload, dir: string, log: Logger): Promise<string[]> {
  try {
    return await saveAttachments(payload.files, dir);
  } catch (error) {
    log.warn({ err: error, dir }, 'cannot save the files of a reply');
    return [];
  }
}

async function answerLine(text: string, last: ReplyPayload | null, registry: CommandRegistry, context: CommandContext, log: Logger): Promise<ReplyPayload> {
  try {
    const parsed = parseCommandLine(text, (name) => {
      const data = registry.get(name)?.data;
      return data && 'options' in data ? data.options : [];
    });
    if (parsed) {
      const command = registry.get(parsed.command);
      if (!command)
        return notice(
          `Unknown command /${parsed.command}. Commands: ${registry
            .all()
            .map((c) => `/${c.data.name}`)
            .join(' ')}`,
        );
      return await command.run(context, parsed.options);
    }
    const button = last ? findButton(last, text) : undefined;
    if (!last || !button) return notice('Type a command starting with /, e.g. /search kv cache, or /help.');
    if (button.disabled) return notice(`The ${button.label} button is disabled here.`);
    const found = registry.button(button.custom_id);
    if (!found) return notice('That button does nothing here.');
    return await found.spec.run(context, found.fields, { content: last.content ?? '' });
  } catch (error) {
    return errorReply(error, log, { line: text.slice(0, 200) });
  }
}

function findButton(payload: ReplyPayload, typed: string) {
  const wanted = typed.toLowerCase();
  for (const row of payload.components) {
    for (const component of row.components) {
      if (component.type !== ComponentType.Button || !('custom_id' in component)) continue;
      const label = (component.label ?? '')
        .toLowerCase()
        .replace(/[^\p{L}\p{N} ]/gu, '')
        .trim();
      if (label === wanted || label.startsWith(wanted)) return component;
    }
  }
  return undefined;
}
