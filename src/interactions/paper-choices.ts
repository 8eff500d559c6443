import type { PaperDetails } from '../worker/library-api.js';
import { LIMITS, truncate } from '../present/discord-limits.js';
import type { AutocompleteChoice, CommandContext } from './command.js';

/** Autocomplete for a paper option: titles that match what is typed (the newest papers for nothing), valued by paper key. */
export async function paperChoices(context: CommandContext, typed: string): Promise<AutocompleteChoice[]> {
  const papers = await context.library.suggestTitles(typed, LIMITS.autocompleteChoices);
  return papers
    .filter((paper) => paper.key.length <= LIMITS.choiceValue)
    .map((paper) => ({ name: truncate(paper.title, LIMITS.choiceName), value: paper.key }));
}

/** The paper a paper option names, with its topics: its key as autocomplete sends it, else the best title match of what was typed. */
export async function findPaper(context: CommandContext, typed: string): Promise<PaperDetails | null> {
  const { library } = context;
  return (await library.paper(typed)) ?? (await library.suggestTitles(typed, 1).then(([best]) => (best ? library.paper(best.key) : null)));
}
