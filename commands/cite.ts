import { defineCommand, UserError } from '../src/interactions/command.js';
import { choiceOption, textOption } from '../src/interactions/options.js';
import { findPaper, paperChoices } from '../src/interactions/paper-choices.js';
import { CITATION_STYLES, citationMessage } from '../src/present/citation-message.js';
import { toInlineCode } from '../src/present/markdown.js';

/**
 * /cite: a paper's citation, public, because a citation is meant to be shared in the
 * discussion it answers, and it says nothing about the user (unlike /saved, always private).
 */
export default defineCommand({
  name: 'cite',
  description: 'Cite a paper: a BibTeX entry or an APA reference, ready to copy',
  options: {
    paper: textOption('Start typing a title (typos are fine)', { required: true, maxLength: 300, autocomplete: true }),
    style: choiceOption('Citation style', CITATION_STYLES, { default: 'bibtex' }),
  },
  async execute(context, options) {
    const paper = options.paper.trim() === '' ? null : (await findPaper(context, options.paper))?.paper;
    if (!paper) throw new UserError(`No paper matches ${toInlineCode(options.paper.slice(0, 80))}. Pick one from the suggestions as you type.`);
    return citationMessage(paper, options.style);
  },
  autocomplete: (context, focused) => paperChoices(context, focused.value),
});
