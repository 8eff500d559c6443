/**
 * Long and misspelt queries: what one of them costs the library worker, and what a burst of
 * them does to everyone else's calls. Deterministic text (seeded), so two runs compare.
 */

import { seededRandom } from './seeded-random.js';

/** Words of the digest's own field, which an attacker (or a careless paste) misspells. */
const WORDS = (
  'attention transformer retrieval language model reasoning benchmark context window memory efficient sparse ' +
  'quantization distillation multimodal generation diffusion reinforcement learning reward alignment instruction ' +
  'evaluation inference latency throughput compression embedding representation architecture pretraining finetuning ' +
  'agent planning tokenizer vocabulary decoding speculative parallel hierarchical recurrent convolution segmentation ' +
  'detection recognition synthesis translation summarization knowledge graph contrastive supervised unsupervised ' +
  'adversarial robustness calibration uncertainty interpretability explanation hallucination factuality preference ' +
  'optimization gradient scaling mixture experts routing activation normalization positional encoding extrapolation'
).split(' ');

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/**
 * A misspelt word: two neighbouring letters swapped and one letter replaced, so it is
 * neither a digest word nor a prefix of one and every such word is searched with typos.
 */
function misspell(word: string, next: () => number): string {
  const letters = [...word];
  const at = 1 + Math.floor(next() * (letters.length - 2));
  [letters[at], letters[at + 1]] = [letters[at + 1] as string, letters[at] as string];
  const replace = Math.floor(next() * letters.length);
  letters[replace] = LETTERS[Math.floor(next() * LETTERS.length)] as string;
  return letters.join('');
}

/** `length` characters of misspelt digest words separated by spaces (words repeat only by chance). */
export function misspeltText(length: number, seed = 1): string {
  const next = seededRandom(seed); // the same text on every run
  const words: string[] = [];
  let size = 0;
  while (size < length) {
    const word = misspell(WORDS[Math.floor(next() * WORDS.length)] as string, next);
    words.push(word);
    size += word.length + 1;
  }
  return words.join(' ').slice(0, length).trim();
}
