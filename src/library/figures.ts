import { stemWord } from './text-analysis.js';

/**
 * What an asked figure measures, read from the question:
 * - `speedup`: "how much faster", "by what factor", "how many times fewer" → 3x, 2.8×, 4 times;
 * - `percent`: accuracy, rates, shares, gains and reductions → 88.1%, 12 points;
 * - `parameters`: "how many parameters", "how big is the model" → 1.3B, 172M;
 * - `duration`: "how long does it take", "how fast does it generate" → 0.3 seconds, 400ms;
 * - `tokens`: context length and windows → 128K tokens;
 * - `count`: "how many <things>", "how much data" → 11,255, 1.4M, 22 million;
 * - `any`: another figure question ("what score …").
 */
export type FigureKind = 'speedup' | 'percent' | 'parameters' | 'duration' | 'tokens' | 'count' | 'any';

const KIND_CUES: [FigureKind, RegExp][] = [
  [
    'speedup',
    /\bhow (?:much|many times) (?:faster|slower|quicker|fewer|less|smaller|cheaper)\b|\bspeed-?ups?\b|\bby what factor\b|\bhow many times\b|\btimes (?:faster|fewer|less|smaller)\b/i,
  ],
  [
    'percent',
    /\bhow many (?:percentage )?points\b|\baccuracy\b|\brates?\b|\bpercent(?:age)?\b|\bshare\b|\bproportion\b|\bfraction\b|\b(?:gain|improvement|reduction|drop|boost|increase|decrease)s?\b|\b(?:reduce|improve|boost|increase|decrease|lower|cut)(?:s|d|ed)?\b|\bf1\b|\bhow much (?:better|worse|higher|lower)\b/i,
  ],
  ['tokens', /\bcontext (?:length|window|size)\b|\bhow (?:long|large) (?:a |of a )?context\b|\bhow many tokens\b/i],
  ['count', /\bhow (?:big|large) (?:is |was |are |were )?(?:the |its |their )?(?:\S+ ){0,2}(?:dataset|corpus|benchmark|collection|suite)\b/i],
  ['parameters', /\bparameters?\b|\bparams\b|\bmodel size\b|\bhow (?:big|large) (?:is|was|are|were)\b/i],
  [
    'duration',
    /\bhow long (?:does|did|do|will|would)\b|\bhow fast (?:does|did|do|can|could)\b|\blatency\b|\bhow much time\b|\bhow many (?:seconds|minutes|hours|days)\b/i,
  ],
  ['count', /\bhow many\b|\bhow much (?:data|text|compute)\b|\bnumber of\b/i],
];
/** Any question that asks for a number. */
const FIGURE_QUESTION =
  /\bhow (?:much|many|fast|large|big|long|far|high|low|well|often)\b|\bby how\b|\bby what factor\b|\bwhat (?:is |was |are |were )?(?:the |its |their )?(?:\S+ ){0,3}(?:score|accuracy|speed-?up|percentage|percent|improvement|gain|reduction|mfu|throughput|size|number|recall|memory|rate|share|length|window|latency)\b/i;

/** The kind of figure a question asks for, or null when it asks for none. */
export function figureKindOf(question: string): FigureKind | null {
  if (!FIGURE_QUESTION.test(question)) return null;
  return KIND_CUES.find(([, cue]) => cue.test(question))?.[0] ?? 'any';
}

/** A number stated in a sentence, with what it measures. */
export interface Figure {
  /** As written, with its unit: "52.30%", "3x", "1.4M", "22 million", "0.3 seconds", "11,255". */
  text: string;
  index: number;
  unit: 'percent' | 'times' | 'magnitude' | 'duration' | 'tokens' | 'plain';
  /** The (stemmed) words right after it: "11,255 expert trajectories" → expert, trajectori. */
  following: string[];
}

const NUMBER = String.raw`\d+(?:[.,]\d+)*`;
const UNIT =
  String.raw`\s?(?:\\?%|percentage[- ]points?|pp\b|points?\b|×|x\b|times\b|-?fold\b|` +
  String.raw`[KMBT]\b|k\b|thousand\b|million\b|billion\b|trillion\b|` +
  String.raw`ms\b|milliseconds?\b|s\b|sec(?:onds?)?\b|minutes?\b|mins?\b|hours?\b|h\b|days?\b|` +
  String.raw`tokens?\b)`;
/** A number, not one inside a name ("Llama-2", "Qwen2.5", "3D", "GPT-4o"), with its unit if any. */
const FIGURE = new RegExp(String.raw`(?<![\p{L}\p{N}.-])(?:~|≈)?${NUMBER}(?:${UNIT})?(?![\p{L}\p{N}])(?!-\p{L})`, 'gu');
/** Years and ordinals are dates and positions, not figures. */
const NOT_A_FIGURE = /^(?:19|20)\d\d$/;

/** The figures a sentence states, in order. */
export function figuresIn(sentence: string): Figure[] {
  const figures: Figure[] = [];
  for (const match of sentence.matchAll(FIGURE)) {
    const text = match[0].replace(/^[~≈]/, '');
    if (NOT_A_FIGURE.test(text)) continue;
    const index = match.index + match[0].length - text.length;
    const following = sentence
      .slice(match.index + match[0].length)
      .split(/[^\p{L}\p{N}-]+/u)
      .filter(Boolean)
      .slice(0, 4)
      .map((word) => stemWord(word));
    figures.push({ text, index, unit: unitOf(text), following });
  }
  return figures;
}

function unitOf(text: string): Figure['unit'] {
  const suffix = text.replace(new RegExp(`^${NUMBER}\\s?`, 'u'), '').toLowerCase();
  if (/%|percent|pp|point/.test(suffix)) return 'percent';
  if (/^(×|x|times|-?fold)$/.test(suffix)) return 'times';
  if (/^(k|m|b|t|thousand|million|billion|trillion)$/.test(suffix)) return 'magnitude';
  if (/^(ms|milliseconds?|s|sec(onds?)?|minutes?|mins?|hours?|h|days?)$/.test(suffix)) return 'duration';
  if (/^tokens?$/.test(suffix)) return 'tokens';
  return 'plain';
}

/** Stems of words a model size stands before: "7B model", "1.3B counterpart", "172M parameters". */
const MODEL_WORDS = new Set([
  'model',
  'paramet',
  'param',
  'backbon',
  'llm',
  'lm',
  'transform',
  'variant',
  'version',
  'counterpart',
  'network',
  'dit',
  'vit',
  'moe',
]);

/** Which figure units answer each kind of question, best first. */
const UNITS_FOR: Record<FigureKind, Figure['unit'][]> = {
  speedup: ['times', 'percent'],
  percent: ['percent', 'times'],
  parameters: ['magnitude'],
  duration: ['duration', 'percent', 'times'],
  tokens: ['tokens', 'magnitude'],
  count: ['magnitude', 'plain'],
  any: ['percent', 'plain', 'times', 'magnitude', 'duration', 'tokens'],
};

/**
 * How well a figure answers the question, from 0 (not at all) to 1: its unit must fit the
 * asked kind (a speedup is "3x", a size "1.3B", an accuracy "88.1%"), a count should count
 * the asked thing ("11,255 expert trajectories" for "how many trajectories"), a figure
 * followed by a question word is about it ("0.3 seconds per image"), and a number the
 * question itself states ("its 14B model", "Claude 3.5") is what it knows, not what it asks.
 */
function figureFit(figure: Figure, kind: FigureKind, countedUnit: string | null, questionText: string, questionStems: ReadonlySet<string> = new Set()): number {
  if (new RegExp(`(?<![\\p{N}.,])${escape(figure.text)}(?![\\p{N}])`, 'u').test(questionText)) return 0;
  const units = UNITS_FOR[kind];
  const rank = units.indexOf(figure.unit);
  let fit = rank < 0 ? (kind === 'count' || kind === 'any' ? 0.1 : 0.05) : 0.6 - 0.1 * rank;
  if (kind === 'parameters' && figure.unit === 'magnitude' && /^\d+(?:\.\d+)?\s?[MB]$/i.test(figure.text)) fit += 0.1;
  // "the 7B model", "172M parameters": a size names the model it measures, "1.4M samples" counts something else.
  if (kind === 'parameters' && MODEL_WORDS.has(figure.following[0] ?? '')) fit += 0.2;
  if (kind === 'tokens' && figure.following[0] === 'token') fit += 0.2;
  if (kind === 'count' && figure.unit === 'plain' && /^\d$/.test(figure.text)) fit -= 0.2;
  const suffix = stemWord(figure.text.replace(/^[\d.,\s]+/, ''));
  // "0.3 seconds per image" for "how long per image", not "3 days" of training.
  if (figure.following.slice(0, 3).some((word) => word !== countedUnit && questionStems.has(word))) fit += 0.1;
  if (countedUnit !== null && (figure.following.includes(countedUnit) || suffix === countedUnit)) fit += 0.4;
  else if (countedUnit !== null && figure.following.some((word) => word.startsWith(countedUnit) || countedUnit.startsWith(word))) fit += 0.2;
  return Math.max(0, Math.min(1, fit));
}

/** What a figure question asks, as figureFit reads it. */
interface FigureAsk {
  kind: FigureKind;
  /** The stem of what "how many" counts, or null. */
  countedUnit: string | null;
  questionText: string;
  /** The stems of the question's words. */
  questionStems: ReadonlySet<string>;
}

/** The figure of a sentence that best answers the question, with its fit; null when none fits. */
export function bestFigure(sentence: string, ask: FigureAsk): { figure: Figure; fit: number } | null {
  let best: { figure: Figure; fit: number } | null = null;
  for (const figure of figuresIn(sentence)) {
    const fit = figureFit(figure, ask.kind, ask.countedUnit, ask.questionText, ask.questionStems);
    if (fit > (best?.fit ?? 0)) best = { figure, fit };
  }
  return best;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
