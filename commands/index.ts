import type { Command } from '../src/interactions/command.js';
import ask from './ask.js';
import cite from './cite.js';
import findPapers from './find-papers.js';
import { createHelpCommand } from './help.js';
import latest from './latest.js';
import paper from './paper.js';
import random from './random.js';
import saved from './saved.js';
import search from './search.js';
import stats from './stats.js';
import subscribe from './subscribe.js';
import subscriptions from './subscriptions.js';
import topic from './topic.js';
import trending from './trending.js';
import unsubscribe from './unsubscribe.js';
import unfurl from './unfurl.js';

/** Every command of the bot: the one list the router, the console and `npm run deploy` use. */
export const commands: readonly Command[] = [
  search,
  ask,
  paper,
  cite,
  saved,
  latest,
  topic,
  random,
  trending,
  stats,
  findPapers,
  subscribe,
  unsubscribe,
  subscriptions,
  unfurl,
  createHelpCommand(() => commands),
];
