import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { excerpt } from '../../src/library/excerpt.js';
import { bestFigure, figureKindOf, figuresIn } from '../../src/library/figures.js';
import { parseQuestion } from '../../src/library/question.js';
import { stemsOf } from '../../src/library/question-terms.js';

const NOW = new Date('2026-08-24T12:00:00Z');

describe('figureKindOf', () => {
  it('reads the asked quantity from the question', () => {
    const cases: [string, string | null][] = [
      ['How much faster is LaTtE-Flow than unified models?', 'speedup'],
      ['by what factor did realism improve?', 'speedup'],
      ['up to how many times fewer FLOPs than target-only decoding?', 'speedup'],
      ['what GSM8K accuracy does it reach?', 'percent'],
      ['What SWE-bench Verified resolve rate did the model reach?', 'percent'],
      ['how much cache reduction did it get on passkey retrieval?', 'percent'],
      ['How many points does it surpass its baseline by?', 'percent'],
      ['how many parameters does the base model xAR-B have?', 'parameters'],
      ['How big is the core diffusion model in LongCat-Image?', 'parameters'],
      // "How big" of a dataset is a count, not a model size.
      ['How large is the RealQA dataset?', 'count'],
      ['How long does Depth Pro need to produce a depth map?', 'duration'],
      ['how fast does LATTE3D generate a 3D object?', 'duration'],
      ['what context length does it support?', 'tokens'],
      ['How many expert trajectories does LiteCoder-Terminal-SFT have?', 'count'],
      ['was it SFT’d on how much data?', 'count'],
      ['What score did Claude 3.5 Sonnet get on MM-Vet v2?', 'any'],
      ['What is WildVis?', null],
      ['which paper uses RingAttention?', null],
    ];
    for (const [question, kind] of cases) expect(figureKindOf(question), question).toBe(kind);
  });
});

describe('figuresIn', () => {
  it('finds numbers with their units, but not digits inside names or years', () => {
    const sentence =
      'Llama-2 and Qwen2.5 on 3D scenes in 2024: GPT-4o reaches 52.30% MFU, 3x to 7x faster, with 22 million samples and 11,255 trajectories in 0.3 seconds.';
    expect(figuresIn(sentence).map(({ text, unit }) => `${text}:${unit}`)).toEqual([
      '52.30%:percent',
      '3x:times',
      '7x:times',
      '22 million:magnitude',
      '11,255:plain',
      '0.3 seconds:duration',
    ]);
  });

  it('records where each figure stands, whatever the text (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        for (const figure of figuresIn(text)) expect(text.slice(figure.index, figure.index + figure.text.length)).toBe(figure.text);
      }),
    );
  });
});

describe('the unit-aware figure choice', () => {
  // One sentence, seven numbers: each question must get the one of its unit.
  const sentence =
    'Trained on 1.4M samples for 3 days, the 7B model reaches 88.1% accuracy, runs 2.5x faster with 128K tokens of context, and takes 0.3 seconds per image on 8 GPUs.';
  const choose = (question: string, text = sentence) => {
    const parsed = parseQuestion(question, NOW, []);
    const ask = { kind: parsed.figureKind ?? 'any', countedUnit: parsed.countedUnit, questionText: parsed.text, questionStems: stemsOf(parsed.text) } as const;
    return bestFigure(text, ask)?.figure.text;
  };

  it('gives each asked quantity the number of its unit', () => {
    expect(choose('how many parameters does the model have?')).toBe('7B');
    expect(choose('what accuracy does it reach?')).toBe('88.1%');
    expect(choose('how much faster does it run?')).toBe('2.5x');
    expect(choose('how many samples was it trained on?')).toBe('1.4M');
    expect(choose('how long does it take per image?')).toBe('0.3 seconds');
    expect(choose('what context length does it support?')).toBe('128K');
    // A plain count is chosen by the noun it counts.
    expect(choose('how many GPUs does it use?')).toBe('8');
  });

  it('never answers with a number the question states itself', () => {
    const pair = 'We pair our primary 14B model with a lightweight 1.3B counterpart for a single GPU.';
    expect(choose('LingBot-World pairs its 14B model with a lightweight version — how big is that one?', pair)).toBe('1.3B');
  });

  it('quotes a long sentence around the chosen figure, so the quote holds it', () => {
    const long = `${'Context words without any number at all, repeated. '.repeat(8)}The model reaches 88.1% accuracy. ${'More words after the figure. '.repeat(8)}`;
    const figure = figuresIn(long)[0];
    const quote = excerpt(long, [], figure?.index ?? null, 120);
    expect(quote).toContain('88.1%');
    expect(quote.length).toBeLessThanOrEqual(124);
  });
});
