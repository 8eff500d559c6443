import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { abbreviationDefinitions } from '../../src/library/abbreviation-mining.js';
import { AbbreviationTable, MIN_DEFINITIONS } from '../../src/library/abbreviation-table.js';
import { hasRealDigest, REAL_DIGEST_DIR, REAL_PARTS, skipReasonUnlessRealDigest } from '../support/real-digest.js';

/** A table that has read each text `times` times (as that many papers). */
function tableOf(texts: readonly string[], times = MIN_DEFINITIONS): AbbreviationTable {
  const table = new AbbreviationTable();
  for (let i = 0; i < times; i++) for (const text of texts) table.add(text);
  return table;
}

describe('abbreviationDefinitions (Schwartz & Hearst)', () => {
  it.each([
    ['We scale Mixture-of-Experts (MoE) layers to 1T parameters.', 'moe', ['mixtur', 'expert'], 'Mixture-of-Experts'],
    ['Decoding is bound by the key-value (KV) cache.', 'kv', ['kei', 'valu'], 'key-value'],
    ['We train with Group Relative Policy Optimization (GRPO) on math.', 'grpo', ['group', 'rel', 'polici', 'optim'], 'Group Relative Policy Optimization'],
    ['Recent vision-language models (VLMs) see images.', 'vlm', ['vision', 'languag', 'model'], 'vision-language models'],
    ['Retrieval-Augmented Generation (RAG) grounds answers.', 'rag', ['retriev', 'augment', 'gener'], 'Retrieval-Augmented Generation'],
    ['Agents improve with reinforcement learning (RL) from feedback.', 'rl', ['reinforc', 'learn'], 'reinforcement learning'],
  ])('%s', (text, abbreviation, stems, longForm) => {
    expect(abbreviationDefinitions(text)).toEqual([{ abbreviation, longForm, stems }]);
  });

  it('fixes the greedy scan: the long form that puts most letters on initials wins', () => {
    expect(abbreviationDefinitions('We use Proximal Policy Optimization (PPO).')[0]?.stems).toEqual(['proxim', 'polici', 'optim']);
    expect(abbreviationDefinitions('Unlike self-supervised learning (SSL), we')[0]?.longForm).toBe('self-supervised learning');
    expect(abbreviationDefinitions('Strong text-to-image (T2I) models')[0]).toMatchObject({ abbreviation: 't2i', stems: ['text', 'imag'] });
    expect(abbreviationDefinitions('Multi-modal Large Language Models (MLLMs) reason')[0]?.longForm).toBe('Multi-modal Large Language Models');
    expect(abbreviationDefinitions('We render with 3D Gaussian Splatting (3DGS).')[0]).toMatchObject({
      abbreviation: '3dgs',
      stems: ['3d', 'gaussian', 'splat'],
    });
    expect(abbreviationDefinitions('Models learn in-context learning (ICL) early')[0]).toMatchObject({ abbreviation: 'icl', stems: ['context', 'learn'] });
  });

  it('tolerates real abstracts: arXiv line breaks, LaTeX, unicode dashes, citations after the short form', () => {
    const text =
      'Attention costs $\\mathcal{O}(n^2)$ while Group Relative\n  Policy Optimization (GRPO) and Kolmogorov–Arnold Networks (KANs)\n' +
      'build on Mixture of Experts (MoE; Shazeer et al., 2017) and Low-Rank Adaptation ( LoRA ).';
    expect(abbreviationDefinitions(text).map(({ abbreviation, stems }) => [abbreviation, stems])).toEqual([
      ['grpo', ['group', 'rel', 'polici', 'optim']],
      ['kan', ['kolmogorov', 'arnold', 'network']],
      ['moe', ['mixtur', 'expert']],
      ['lora', ['low', 'rank', 'adapt']],
    ]);
  });

  it('accepts a lowercase or capitalized short form only when its letters are the initials of the last words', () => {
    expect(abbreviationDefinitions('a sparse mixture of experts (moe) layer')[0]?.stems).toEqual(['mixtur', 'expert']);
    expect(abbreviationDefinitions('a mixture of many experts (moe) layer')).toEqual([]);
    expect(abbreviationDefinitions('Our new model (Ours) wins.')).toEqual([]);
  });

  it.each([
    ['a citation year', 'Transformers were introduced by Vaswani et al. (2024) for translation.'],
    ['a figure reference', 'Accuracy keeps rising (see Fig. 3) for every task.'],
    ['an enumeration', 'We (i) propose a model and (ii) evaluate it (iv).'],
    ['an example list', 'Bidirectional Encoder Representations (e.g., BERT) help.'],
    ['a formula', 'Naive attention is $O(N^2)$ and linear attention $O(N)$.'],
    ['a stopword', 'Instruction tuning (IT) matters.'],
    ['a long form equal to the abbreviation', 'We fine-tune with LoRA (LoRA) adapters.'],
    ['a restatement', 'Sparse MoE models (MoEs) scale.'],
    ['a single letter', 'Model A (A) beats model B (B).'],
    ['a letter nowhere in the window', 'We study scaling laws (XQ).'],
  ])('finds nothing in %s', (_, text) => {
    expect(abbreviationDefinitions(text)).toEqual([]);
    expect(tableOf([text], 3).size).toBe(0);
  });
});

describe('AbbreviationTable', () => {
  const MOE = 'We scale Mixture-of-Experts (MoE) layers.';

  it('expands only what the digest defines at least MIN_DEFINITIONS (2) times', () => {
    const table = new AbbreviationTable();
    table.add(MOE);
    expect(table.expand('moe')).toBeUndefined();
    expect(table.size).toBe(0);
    table.add('Sparse mixture of experts (MoE) models route tokens.');
    expect(table.expand('moe')).toEqual(['mixtur', 'expert']);
    expect(table.expand('MoE')).toEqual(['mixtur', 'expert']);
    expect(table.size).toBe(1);
  });

  it('counts a text once however often it defines an abbreviation', () => {
    const table = tableOf([`${MOE} Then Mixture-of-Experts (MoE) again.`], 1);
    expect(table.expand('moe')).toBeUndefined();
    expect(table.toJSON()).toEqual([['moe', [['mixtur expert', 1]]]]);
  });

  it('takes the most frequent long form, the first seen on ties', () => {
    const table = new AbbreviationTable();
    for (let i = 0; i < 2; i++) table.add('We study test-time scaling (TTS) for reasoning.');
    for (let i = 0; i < 3; i++) table.add('Expressive text-to-speech (TTS) systems.');
    expect(table.expand('tts')).toEqual(['text', 'speech']);

    const tie = new AbbreviationTable();
    tie.add('A reward model (RM) scores.');
    tie.add('A reasoning model (RM) thinks.');
    expect(tie.expand('rm')).toBeUndefined(); // one definition each: not enough
    tie.add('A reasoning model (RM) thinks.');
    tie.add('A reward model (RM) scores.');
    expect(tie.expand('rm')).toEqual(['reward', 'model']);
  });

  it('tolerates a plural "s" in the text and in the word looked up', () => {
    const table = tableOf(['Recent vision-language models (VLMs) see.', 'Generative adversarial networks (GANs) draw.']);
    for (const word of ['vlms', 'VLMs', 'vlm', 'VLM', 'v-l-m']) expect(table.expand(word)).toEqual(['vision', 'languag', 'model']);
    expect(table.expand('gans')).toEqual(['gener', 'adversari', 'network']);
    expect(table.expand('gan')).toEqual(['gener', 'adversari', 'network']);
    expect(table.expand('vlmss')).toBeUndefined();
    expect(table.expand('')).toBeUndefined();
  });

  it('remove() undoes add(), and counts never go negative', () => {
    const other = 'Retrieval-Augmented Generation (RAG) grounds answers.';
    const table = tableOf([MOE, other]);
    const before = table.toJSON();
    table.add(MOE);
    table.remove(MOE);
    expect(table.toJSON()).toEqual(before);

    table.remove(MOE);
    expect(table.expand('moe')).toBeUndefined();
    expect(table.expand('rag')).toEqual(['retriev', 'augment', 'gener']);
    for (let i = 0; i < 3; i++) table.remove(MOE); // more removals than additions
    table.remove('A text never added: key-value (KV) cache.');
    expect(table.toJSON()).toEqual([['rag', [['retriev augment gener', 2]]]]);
    table.add(MOE);
    expect(table.expand('moe')).toBeUndefined(); // one definition again, not a negative count made up
    table.add(MOE);
    expect(table.expand('moe')).toEqual(['mixtur', 'expert']);

    table.remove(other);
    table.remove(other);
    table.remove(MOE);
    table.remove(MOE);
    expect(table.toJSON()).toEqual([]);
    expect(table.size).toBe(0);
  });

  it('round-trips through toJSON/fromJSON with the same expansions', () => {
    const texts = [
      MOE,
      'We use Proximal Policy Optimization (PPO).',
      'We study test-time scaling (TTS) for reasoning.',
      'Expressive text-to-speech (TTS) systems.',
      'Expressive text-to-speech (TTS) systems, again.',
      'Recent vision-language models (VLMs) see.',
      'Decoding is bound by the key-value (KV) cache.',
    ];
    const table = new AbbreviationTable();
    for (const text of [...texts, ...texts.slice(0, 4)]) table.add(text);
    const copy = AbbreviationTable.fromJSON(JSON.parse(JSON.stringify(table)) as ReturnType<AbbreviationTable['toJSON']>);
    expect(copy.toJSON()).toEqual(table.toJSON());
    expect(copy.size).toBe(table.size);
    for (const word of ['moe', 'ppo', 'tts', 'vlms', 'kv', 'grpo']) expect(copy.expand(word)).toEqual(table.expand(word));
    expect(copy.expand('tts')).toEqual(['text', 'speech']);
    expect(copy.expand('kv')).toBeUndefined();

    // The copy keeps counting: one more KV paper crosses the threshold, as it would in the original.
    copy.add('Decoding is bound by the key-value (KV) cache.');
    table.add('Decoding is bound by the key-value (KV) cache.');
    expect(copy.expand('kv')).toEqual(['kei', 'valu']);
    expect(copy.toJSON()).toEqual(table.toJSON());
  });

  it('refuses a cache of another shape', () => {
    const fromJSON = (data: unknown) => AbbreviationTable.fromJSON(data as ReturnType<AbbreviationTable['toJSON']>);
    expect(() => fromJSON({})).toThrow(TypeError);
    expect(() => fromJSON([['moe', [['mixtur expert', -1]]]])).toThrow(TypeError);
    expect(() => fromJSON([['moe', [['', 2]]]])).toThrow(TypeError);
    expect(() => fromJSON([['moe']])).toThrow(TypeError);
    expect(fromJSON([]).size).toBe(0);
  });

  it('never throws on any text and only expands to non-empty strings', () => {
    const piece = fc.constantFrom(
      '(',
      ')',
      '( ',
      ' )',
      'MoE',
      'moe',
      'VLMs',
      'KV',
      'GRPO',
      'mixture',
      'Mixture',
      '-',
      '–',
      '/',
      'of',
      'experts',
      'Experts',
      'key',
      'value',
      'vision',
      'language',
      'models',
      ' ',
      '\n  ',
      '$\\mathcal{O}$',
      '$O(n^2)$',
      ',',
      ';',
      '. ',
      'e.g.',
      '(i)',
      '2024',
      's',
      '3D',
      'İ',
      'ß',
      '𝒜',
      'Σ',
      '\u0301',
      'the',
      'a',
      '\\',
      '{',
      '}',
      '[',
      ']',
    );
    const word = fc.oneof(
      { arbitrary: fc.stringMatching(/^[a-zA-Zßéİ]{1,9}$/), weight: 6 },
      piece,
      fc.string({ unit: 'grapheme', minLength: 1, maxLength: 8 }),
      fc.string({ unit: 'binary-ascii', minLength: 1, maxLength: 8 }),
    );
    const separator = fc.constantFrom(' ', ' ', '-', '\n  ', '–', '/', ' of ');
    // Words, then their initials in parentheses, mangled a little: definitions for the table to count.
    const definition = fc
      .tuple(fc.array(fc.tuple(word, separator), { minLength: 2, maxLength: 6 }), fc.constantFrom('', 's', '2', '-X', ' ', ', 2024', '; see'), fc.boolean())
      .map(([words, suffix, upper]) => {
        const initials = words.map(([w]) => [...w][0] ?? '').join('');
        return `${words.map(([w, s]) => w + s).join('')} (${upper ? initials.toUpperCase() : initials}${suffix})`;
      });
    const text = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 200 }),
      fc.string({ unit: 'grapheme', maxLength: 200 }),
      fc.array(piece, { maxLength: 60 }).map((parts) => parts.join('')),
      { arbitrary: fc.array(fc.oneof({ arbitrary: definition, weight: 3 }, word, piece), { maxLength: 12 }).map((parts) => parts.join(' ')), weight: 4 },
    );
    let defining = 0;
    fc.assert(
      fc.property(text, fc.string({ maxLength: 12 }), (input, lookup) => {
        const table = new AbbreviationTable();
        table.add(input);
        table.add(input);
        const keys = table.toJSON().map(([abbreviation]) => abbreviation);
        if (keys.length > 0) defining++;
        expect(table.size).toBe(keys.length); // two copies of one text define each of its abbreviations twice
        for (const key of [...keys, lookup, ...input.split(/\s+/)]) {
          const stems = table.expand(key);
          if (stems === undefined) continue;
          expect(stems.length).toBeGreaterThan(0);
          for (const stem of stems) expect(typeof stem === 'string' && stem.length > 0).toBe(true);
        }
        table.remove(input);
        table.remove(input);
        expect(table.toJSON()).toEqual([]);
      }),
      { numRuns: 300 },
    );
    console.log('DEFINING', defining);
    expect(defining).toBeGreaterThan(30); // the property saw definitions, not just noise
  });
});

skipReasonUnlessRealDigest();

describe.skipIf(!hasRealDigest)('mining the real digest (12,675 papers)', () => {
  it('finds the field’s abbreviations in under 3 s', () => {
    const texts: string[] = [];
    for (const part of REAL_PARTS) {
      const items = JSON.parse(readFileSync(path.join(REAL_DIGEST_DIR, part), 'utf8')) as { paper: { title: string; summary: string } }[];
      for (const { paper } of items) texts.push(`${paper.title}. ${paper.summary}`);
    }
    expect(texts).toHaveLength(12_675);

    const started = performance.now();
    const table = new AbbreviationTable();
    for (const text of texts) table.add(text);
    const elapsed = performance.now() - started;
    expect(elapsed).toBeLessThan(3000);

    expect(table.size).toBeGreaterThan(300);
    expect(table.expand('moe')).toEqual(expect.arrayContaining(['mixtur', 'expert']));
    expect(table.expand('rag')).toEqual(expect.arrayContaining(['retriev', 'augment', 'gener']));
    expect(table.expand('grpo')).toEqual(expect.arrayContaining(['group', 'rel', 'polici', 'optim']));
    expect(table.expand('vlms')).toEqual(['vision', 'languag', 'model']);
    expect(table.expand('kv')).toEqual(['kei', 'valu']);
    expect(table.expand('rl')).toEqual(['reinforc', 'learn']);
    expect(table.expand('ppo')).toEqual(['proxim', 'polici', 'optim']);
  });
});
