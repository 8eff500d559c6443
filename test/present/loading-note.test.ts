import { describe, expect, it } from 'vitest';
import { loadingNote, withLoadingNote } from '../../src/present/loading-note.js';
import { nothingFound, notice, reply } from '../../src/present/reply-payload.js';

describe('the loading note', () => {
  it('says how far the digest has loaded, and nothing once it has', () => {
    expect(loadingNote({ state: 'starting', indexed: 0, total: null, version: '', newest: null })).toBe('⏳ still loading: reading the digest files');
    expect(loadingNote({ state: 'loading', indexed: 4887, total: 12715, version: '', newest: null })).toBe('⏳ still loading: 4,887 of 12,715 papers so far');
    expect(loadingNote({ state: 'restarting', indexed: 58, total: 58, version: '', newest: null })).toBe(
      '⏳ the paper library is restarting: answers may miss papers for a moment',
    );
    expect(loadingNote({ state: 'ready', indexed: 58, total: 58, version: '', newest: null })).toBeNull();
  });

  it('goes first in a reply, within the 2000 characters, and not twice', () => {
    const loading = { state: 'loading' as const, indexed: 10, total: 20, version: '', newest: null };
    expect(withLoadingNote(reply({ content: '🆕 The newest paper of 10' }), loading).content).toBe(
      '⏳ still loading: 10 of 20 papers so far\n🆕 The newest paper of 10',
    );
    expect(withLoadingNote(reply({ content: 'x'.repeat(2000) }), loading).content?.length).toBeLessThanOrEqual(2000);
    const unavailable = notice('⏳ The paper library is still loading or restarting. Please try again in a few seconds.');
    expect(withLoadingNote(unavailable, loading)).toBe(unavailable);
  });

  it('turns "nothing found" into "nothing yet" while the digest loads, keeping the embeds and buttons, and leaves it alone once loaded', () => {
    const empty = nothingFound({ content: 'The digest is empty: add papers to the digest folder.', embeds: [{ title: 'closest' }] });
    const starting = { state: 'starting' as const, indexed: 0, total: null, version: '', newest: null };
    expect(withLoadingNote(empty, starting)).toMatchObject({
      content: '⏳ still loading: reading the digest files\nNothing so far, but the digest is not fully loaded: try again in a moment.',
      embeds: [{ title: 'closest' }],
    });
    // An answer keeps its first line, the question.
    const answer = nothingFound({ content: '❓ `what is new?`\nNothing in the digest covers this. Try `/search` with a few key words.' });
    expect(withLoadingNote(answer, starting).content).toBe(
      '⏳ still loading: reading the digest files\n❓ `what is new?`\nNothing so far, but the digest is not fully loaded: try again in a moment.',
    );
    const ready = { state: 'ready' as const, indexed: 58, total: 58, version: '', newest: null };
    expect(withLoadingNote(empty, ready)).toBe(empty);
  });
});
