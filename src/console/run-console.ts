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
  interactive: boolean;
  registry: CommandRegistry;
  context: CommandContext;
  /** Its status marks answers given while the digest loads. */
  library: LibraryClient;
  log: Logger;
  /** Where the files of replies (charts, exports) are saved. Default: a folder in the system's temporary directory. */
  attachmentsDir?: string;
}

const GREETING = [
  'Paper digest bot — local console (no DISCORD_TOKEN set).',
  'To connect to Discord, put DISCORD_TOKEN in .env (see README.md) and run npm start again.',
  'Try: /search kv cache · /search query:"sparse attention" limit:3 sort:newest · /latest · /topic video · /random · /help',
  'Press a button of the last reply by typing its label (next, previous). Ctrl+D quits.',
];

/**
 * The bot without Discord: reads command lines, runs the same handlers (through the same
 * library worker), prints the replies. At a terminal it answers at once, saying so while the
 * digest still loads; with piped input it first waits for the whole digest, answers every
 * line and returns at the end of input.
 */
export async function runConsole({
  input,
  output,
  interactive,
  registry,
  context,
  library,
  log,
  attachmentsDir = path.join(tmpdir(), 'paper-digest-bot'),
}: ConsoleOptions): Promise<void> {
  const write = (text: string) => output.write(`${text}\n`);
  write(GREETING.join('\n'));
  if (!interactive) await library.whenReady();
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
    write(renderPayload(payload, await saveAttachments(payload.files, attachmentsDir)));
    // Notices (errors, help) keep the previous reply's buttons pressable.
    if (!payload.ephemeral) last = payload;
    prompt();
  }
  lines.close();
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
