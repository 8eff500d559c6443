import { describe, expect, it } from 'vitest';
import { apaReference } from '../../src/cite/apa.js';
import type { Paper } from '../../src/digest/paper.js';
import { makePaper } from '../support/make-paper.js';

const TITLE = 'World Model on Million-Length Video And Language With Blockwise RingAttention';
const TAIL = `${TITLE} (arXiv:2402.08268). arXiv. https://doi.org/10.48550/arXiv.2402.08268`;

function paper(authors: string[] | null, overrides: Partial<Paper> = {}): Paper {
  return { ...makePaper('2402.08268', '2024-02-13', TITLE), authors, authorCount: authors?.length ?? null, ...overrides };
}

/** 21 authors: given name, family name. */
const PEOPLE = [
  'Ann Ahn', 'Bo Baker', 'Cy Chen', 'Di Diaz', 'Ed Evans', 'Fay Fox', 'Gus Gray', 'Hal Hu', 'Ida Ito', 'Jo Jones', 'Kai Kim',
  'Lu Li', 'Mo Ma', 'Ned Ng', 'Oz Ortiz', 'Pia Park', 'Quin Qi', 'Rae Roy', 'Sam Sun', 'Tia Tan', 'Uma Ueda',
]; // prettier-ignore

describe('apaReference', () => {
  it('formats one, two and three authors, with "&" before the last', () => {
    expect(apaReference(paper(['Hao Liu']))).toBe(`Liu, H. (2024). ${TAIL}`);
    expect(apaReference(paper(['Hao Liu', 'Wilson Yan']))).toBe(`Liu, H., & Yan, W. (2024). ${TAIL}`);
    expect(apaReference(paper(['Hao Liu', 'Wilson Yan', 'Matei Zaharia']))).toBe(`Liu, H., Yan, W., & Zaharia, M. (2024). ${TAIL}`);
  });

  it('lists all of 20 authors', () => {
    expect(apaReference(paper(PEOPLE.slice(0, 20)))).toBe(
      'Ahn, A., Baker, B., Chen, C., Diaz, D., Evans, E., Fox, F., Gray, G., Hu, H., Ito, I., Jones, J., Kim, K., ' +
        `Li, L., Ma, M., Ng, N., Ortiz, O., Park, P., Qi, Q., Roy, R., Sun, S., & Tan, T. (2024). ${TAIL}`,
    );
  });

  it('gives the first 19 of 21 authors, an ellipsis and the last, with no "&" (APA 7, 9.8)', () => {
    expect(apaReference(paper(PEOPLE))).toBe(
      'Ahn, A., Baker, B., Chen, C., Diaz, D., Evans, E., Fox, F., Gray, G., Hu, H., Ito, I., Jones, J., Kim, K., ' +
        `Li, L., Ma, M., Ng, N., Ortiz, O., Park, P., Qi, Q., Roy, R., Sun, S., … Ueda, U. (2024). ${TAIL}`,
    );
  });

  it('starts with the title when no names are known (APA’s no-author rule)', () => {
    expect(apaReference(paper(null, { authorCount: 12 }))).toBe(`${TITLE} (arXiv:2402.08268). (2024). arXiv. https://doi.org/10.48550/arXiv.2402.08268`);
    expect(apaReference(paper([]))).toBe(`${TITLE} (arXiv:2402.08268). (2024). arXiv. https://doi.org/10.48550/arXiv.2402.08268`);
  });

  it('turns given names into initials, keeping hyphens, particles and suffixes where APA puts them', () => {
    const names = [
      'Chen-Yu Lee',
      'Alastair J. A. Price',
      'J.R.R. Tolkien',
      'Hendrik van der Berg',
      'Martin Luther King Jr.',
      'Google',
      'jean-paul sartre',
      'jing Gao',
    ];
    // Lowercase words that are not particles ("jean-paul", "jing") are given names.
    expect(apaReference(paper(names))).toBe(
      `Lee, C.-Y., Price, A. J. A., Tolkien, J. R. R., van der Berg, H., King, M. L., Jr., Google, sartre, J.-P., & Gao, J. (2024). ${TAIL}`,
    );
  });

  it('prints a group name as written, with a full stop after it', () => {
    expect(apaReference(paper(['Tom and Jerry Lab']))).toBe(`Tom and Jerry Lab. (2024). ${TAIL}`);
  });

  it('takes the year from the arXiv id without a date, and writes (n.d.) with neither', () => {
    expect(apaReference(paper(['Hao Liu'], { publishedAt: null }))).toBe(`Liu, H. (2024). ${TAIL}`);
    expect(apaReference(paper(['Hao Liu'], { publishedAt: null, arxivId: null, title: 'Ring Attention: A Study' }))).toBe(
      'Liu, H. (n.d.). Ring Attention: A Study. Hugging Face. https://huggingface.co/papers?q=Ring%20Attention%3A%20A%20Study',
    );
  });

  it('adds no full stop after a title ending in ? or !', () => {
    expect(apaReference(paper(['Hao Liu'], { arxivId: null, title: 'Is Attention All You Need?' }))).toBe(
      'Liu, H. (2024). Is Attention All You Need? Hugging Face. https://huggingface.co/papers?q=Is%20Attention%20All%20You%20Need%3F',
    );
  });

  it('ends an incomplete list with "et al." instead of passing it off as whole', () => {
    expect(apaReference(paper(['Hao Liu', 'Wilson Yan'], { authorCount: 4 }))).toBe(`Liu, H., Yan, W., et al. (2024). ${TAIL}`);
  });

  it('italicises only the title when asked, and puts the full stop outside', () => {
    const italic = (title: string) => `*${title}*`;
    expect(apaReference(paper(['Hao Liu']), { italic })).toBe(
      `Liu, H. (2024). *${TITLE}* (arXiv:2402.08268). arXiv. https://doi.org/10.48550/arXiv.2402.08268`,
    );
    expect(apaReference(paper(['Hao Liu'], { arxivId: null, title: 'Why?' }), { italic })).toBe(
      'Liu, H. (2024). *Why?* Hugging Face. https://huggingface.co/papers?q=Why%3F',
    );
  });

  it('keeps the title’s capitals as written and on one line', () => {
    expect(apaReference(paper(['Hao Liu'], { title: 'LLaMA:\n  Open Foundation\tModels' }))).toBe(
      'Liu, H. (2024). LLaMA: Open Foundation Models (arXiv:2402.08268). arXiv. https://doi.org/10.48550/arXiv.2402.08268',
    );
  });
});
