import { abbreviationDefinitions, abbreviationKey } from './abbreviation-mining.js';

/** A long form must be written this many times (by this many texts) before expand() trusts it. */
export const MIN_DEFINITIONS = 2;

/** A text's definitions as abbreviation → distinct stem strings: a text counts once per (abbreviation, long form). */
function distinctDefinitions(text: string): Map<string, Set<string>> {
  const found = new Map<string, Set<string>>();
  for (const { abbreviation, stems } of abbreviationDefinitions(text)) {
    let longForms = found.get(abbreviation);
    if (!longForms) found.set(abbreviation, (longForms = new Set()));
    longForms.add(stems.join(' '));
  }
  return found;
}

/** abbreviation → [long form stems joined by one space, number of texts defining it so][], long forms in first-seen order. */
export type AbbreviationTableJSON = [string, [string, number][]][];

/**
 * How often the digest defines each abbreviation each way. Counts are texts (papers), not
 * occurrences: a paper writing "Mixture-of-Experts (MoE)" twice counts once. Pure and
 * synchronous: add() costs about 20 µs per paper (title + abstract) once warm; the real
 * digest's 12,675 papers take 0.2–0.7 s. expand() is a map lookup (under 1 µs).
 */
export class AbbreviationTable {
  /** abbreviation → long form stems (joined by spaces) → count; insertion order is first-seen order. */
  private readonly counts = new Map<string, Map<string, number>>();
  private cachedSize: number | undefined;

  /** Reads one text (a paper's title + abstract; join them with ". ") and counts every definition it holds. */
  add(text: string): void {
    for (const [abbreviation, longForms] of distinctDefinitions(text)) {
      let entry = this.counts.get(abbreviation);
      if (!entry) this.counts.set(abbreviation, (entry = new Map()));
      for (const longForm of longForms) entry.set(longForm, (entry.get(longForm) ?? 0) + 1);
    }
    this.cachedSize = undefined;
  }

  /** Removes what add(text) counted (papers can be replaced); counts never go negative, and a count reaching 0 is forgotten. */
  remove(text: string): void {
    for (const [abbreviation, longForms] of distinctDefinitions(text)) {
      const entry = this.counts.get(abbreviation);
      if (!entry) continue;
      for (const longForm of longForms) {
        const count = entry.get(longForm);
        if (count === undefined) continue;
        if (count > 1) entry.set(longForm, count - 1);
        else entry.delete(longForm);
      }
      if (entry.size === 0) this.counts.delete(abbreviation);
    }
    this.cachedSize = undefined;
  }

  /**
   * The long form's stems for an abbreviation typed in any case, with or without hyphens
   * ("GRPO", "grpo", "KV", "t2i"); a plural "s" is tolerated ("vlms" → the "vlm" entry).
   * Undefined unless some long form of it was defined by at least MIN_DEFINITIONS texts;
   * when several were, the most frequent (ties: the first seen). Returns a fresh array.
   */
  expand(word: string): string[] | undefined {
    const key = abbreviationKey(word);
    const best = this.best(key) ?? (key.length > 2 && key.endsWith('s') ? this.best(key.slice(0, -1)) : undefined);
    return best?.split(' ');
  }

  /** Abbreviations with an expansion. */
  get size(): number {
    if (this.cachedSize === undefined) {
      let size = 0;
      for (const key of this.counts.keys()) if (this.best(key) !== undefined) size++;
      this.cachedSize = size;
    }
    return this.cachedSize;
  }

  /** Plain data for the index cache: every count, including those below the threshold, so add/remove keep working after fromJSON. */
  toJSON(): AbbreviationTableJSON {
    return [...this.rows()];
  }

  /** toJSON()'s rows, one at a time as they are asked for. */
  *rows(): Generator<AbbreviationTableJSON[number]> {
    for (const [abbreviation, longForms] of this.counts) yield [abbreviation, [...longForms]];
  }

  /** The table toJSON() described. Throws a TypeError on data of another shape (a corrupt or foreign cache): rebuild then. */
  static fromJSON(data: AbbreviationTableJSON): AbbreviationTable {
    const table = new AbbreviationTable();
    table.addJSON(data);
    return table;
  }

  /**
   * Adds the counts of another table's toJSON() to this one's, as if its texts had been added
   * after this table's (long forms new to an abbreviation come after those it had). Throws a
   * TypeError on data of another shape; rows before the bad one are then already added.
   */
  addJSON(data: AbbreviationTableJSON): void {
    if (!Array.isArray(data)) throw new TypeError('abbreviation table: expected an array');
    for (const row of data as unknown[]) {
      if (!Array.isArray(row) || typeof row[0] !== 'string' || !Array.isArray(row[1])) throw new TypeError('abbreviation table: malformed row');
      const key = abbreviationKey(row[0]);
      const entry = this.counts.get(key) ?? new Map<string, number>();
      for (const pair of row[1] as unknown[]) {
        if (!Array.isArray(pair) || typeof pair[0] !== 'string' || pair[0].trim() === '' || !Number.isInteger(pair[1]) || (pair[1] as number) < 1)
          throw new TypeError('abbreviation table: malformed long form');
        const stems = pair[0].split(' ').filter((stem) => stem !== '');
        entry.set(stems.join(' '), (entry.get(stems.join(' ')) ?? 0) + (pair[1] as number));
      }
      if (entry.size > 0) this.counts.set(key, entry);
    }
    this.cachedSize = undefined;
  }

  /** The most frequent long form of a key (ties: first seen), if defined often enough. */
  private best(key: string): string | undefined {
    const entry = this.counts.get(key);
    if (!entry) return undefined;
    let best: string | undefined;
    let bestCount = MIN_DEFINITIONS - 1;
    for (const [longForm, count] of entry)
      if (count > bestCount) {
        best = longForm;
        bestCount = count;
      }
    return best;
  }
}
