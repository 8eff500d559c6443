import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { apaReference } from '../../src/cite/apa.js';
import { bibliography } from '../../src/cite/bibtex.js';
import { citationKey, citationKeys } from '../../src/cite/citation-key.js';
import { cleanText, splitName } from '../../src/cite/person-name.js';
import type { Paper } from '../../src/digest/paper.js';
import { makePaper } from '../support/make-paper.js';
import { hasRealDigest, REAL_DIGEST_DIR, REAL_PARTS, skipReasonUnlessRealDigest } from '../support/real-digest.js';
import { creatorName, parseBibtex } from './parse-bibtex.js';

skipReasonUnlessRealDigest();

interface RawItem {
  paper: { id: string; title: string; publishedAt?: string; authors?: { name?: string }[] };
}

/**
 * The real papers with their real author names, read straight from the archived API
 * responses (the digest's own reader does not fill names yet). `paper.title` keeps
 * arXiv's hard line wraps on purpose.
 */
function realPapers(): Paper[] {
  return REAL_PARTS.flatMap((part) => JSON.parse(readFileSync(path.join(REAL_DIGEST_DIR, part), 'utf8')) as RawItem[]).map(({ paper }) => ({
    ...makePaper(paper.id, paper.publishedAt?.slice(0, 10) ?? null, paper.title),
    arxivId: paper.id,
    authors: paper.authors?.map((author) => author.name ?? '') ?? null,
    authorCount: paper.authors?.length ?? null,
  }));
}

describe.skipIf(!hasRealDigest)('citations of the 12,675 real papers', () => {
  const papers = hasRealDigest ? realPapers() : [];

  it('gives every paper a unique key, nearly all from a family name', () => {
    const keys = citationKeys(papers);
    expect(new Set(keys).size).toBe(papers.length);
    // A key that equals the no-author key fell back to title words: the first author has no
    // Latin letter (or no name). That should be rare.
    const fellBack = papers.filter((paper) => citationKey(paper) === citationKey({ ...paper, authors: null }));
    expect(fellBack.length).toBeLessThan(papers.length / 100);
  });

  it('writes BibTeX that a BibTeX parser reads back exactly for every paper with special characters', () => {
    // The papers whose title or names hold a LaTeX special or non-ASCII text (about 3,500);
    // parsing all 12,675 would take a minute, so these 400 are the ones that can go wrong.
    const hard = papers.filter((paper) => /[^\x20-\x7e]|[\\{}%&$#_^~<>|`]/.test(paper.title + (paper.authors ?? []).join(' '))).slice(0, 400);
    expect(hard.length).toBe(400);
    const { entries, errors } = parseBibtex(bibliography(hard));
    expect(errors).toEqual([]);
    expect(entries).toHaveLength(hard.length);
    entries.forEach((entry, i) => {
      const paper = hard[i] as Paper;
      expect(entry.fields.title).toBe(cleanText(paper.title));
      expect((entry.fields.author ?? []).map(creatorName)).toEqual((paper.authors ?? []).flatMap((name) => splitName(name)?.full ?? []));
      expect(entry.fields.eprint).toBe(paper.arxivId);
    });
  });

  it('writes an APA reference for every paper, with an ellipsis exactly for 21 authors or more', () => {
    const wrong = papers.filter((paper) => {
      const reference = apaReference(paper);
      const tail = `(arXiv:${paper.arxivId}). arXiv. https://doi.org/10.48550/arXiv.${paper.arxivId}`;
      return !reference.endsWith(tail) || reference.includes(', … ') !== (paper.authors?.length ?? 0) > 20;
    });
    expect(wrong.map((paper) => paper.arxivId)).toEqual([]);
  });
});
