import { describe, expect, it } from 'vitest';
import { errorReply } from '../../src/interactions/error-reply.js';
import { notice } from '../../src/present/reply-payload.js';
import { DatabaseUnavailableError } from '../../src/store/database-unavailable.js';
import { LibraryBusyError, LibraryUnavailableError } from '../../src/worker/library-client.js';
import { memoryLogger } from '../support/memory-log.js';

/** What a user sees when the library could not answer, and what the log keeps of it. */
describe('errorReply for library failures', () => {
  it('a call the library was too busy for says "busy", not "loading or restarting", and logs why at warn', () => {
    const logs = memoryLogger();
    const reply = errorReply(new LibraryBusyError('the library did not answer searchPage within 20 s'), logs.log, { command: 'search' });
    expect(reply).toEqual(notice('⏳ The paper library is busy right now. Please try again in a few seconds.'));
    expect(logs.lines()).toMatchObject([{ level: 40, msg: 'library busy', command: 'search', reason: 'the library did not answer searchPage within 20 s' }]);
  });

  it('a library that restarted keeps the "loading or restarting" notice', () => {
    const logs = memoryLogger();
    const reply = errorReply(new LibraryUnavailableError('the library restarted'), logs.log, { command: 'search' });
    expect(reply).toEqual(notice('⏳ The paper library is still loading or restarting. Please try again in a few seconds.'));
    expect(logs.lines()).toMatchObject([{ level: 40, msg: 'library unavailable', reason: 'the library restarted' }]);
  });

  it('a busy library is still an unavailable one, for code that gives a cooldown back on either', () => {
    expect(new LibraryBusyError('x')).toBeInstanceOf(LibraryUnavailableError);
    expect(new LibraryBusyError('x').name).toBe('LibraryBusyError');
  });
});

describe('errorReply for an unreachable database', () => {
  it('says privately to try again in a minute, that searches still work, and logs why at warn (no "handler failed" error)', () => {
    const logs = memoryLogger();
    const cause = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    const reply = errorReply(new DatabaseUnavailableError(cause), logs.log, { command: 'saved' });
    expect(reply).toEqual(notice("⏳ The bot's database can't be reached right now. Searches and answers still work; please try this again in a minute."));
    expect(logs.lines()).toMatchObject([
      { level: 40, msg: 'database unavailable', command: 'saved', reason: 'the database is unreachable: connect ECONNREFUSED 127.0.0.1:5432' },
    ]);
  });
});
