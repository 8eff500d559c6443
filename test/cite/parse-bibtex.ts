import { parse, type Creator, type Entry } from '@retorquere/bibtex-parser';

/**
 * Parses BibTeX with Better BibTeX's parser, LaTeX decoded to Unicode, titles as written
 * (no sentence-casing, no case-protection markup), so a field compares with the original text.
 */
export function parseBibtex(bib: string): { entries: Entry[]; errors: unknown[] } {
  const library = parse(bib, { english: false, sentenceCase: false, caseProtection: false });
  return { entries: library.entries, errors: library.errors };
}

/** A parsed name back as one "First von Last Jr." string, or the literal name. */
export function creatorName(creator: Creator): string {
  if (creator.name !== undefined) return creator.name;
  return [creator.firstName, creator.prefix, creator.lastName, creator.suffix].filter(Boolean).join(' ');
}
