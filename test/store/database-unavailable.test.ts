import { describe, expect, it } from 'vitest';
import { DatabaseUnavailableError, isConnectionFailure } from '../../src/store/database-unavailable.js';

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

describe('isConnectionFailure', () => {
  it('reads socket errors, connection SQLSTATEs and the driver’s own words as "unreachable"', () => {
    expect(isConnectionFailure(withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'))).toBe(true);
    expect(isConnectionFailure(withCode('read ECONNRESET', 'ECONNRESET'))).toBe(true);
    expect(isConnectionFailure(withCode('terminating connection due to administrator command', '57P01'))).toBe(true);
    expect(isConnectionFailure(withCode('the database system is starting up', '57P03'))).toBe(true);
    expect(isConnectionFailure(withCode('connection failure', '08006'))).toBe(true);
    expect(isConnectionFailure(withCode('sorry, too many clients already', '53300'))).toBe(true);
    expect(isConnectionFailure(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isConnectionFailure(new Error('timeout exceeded when trying to connect'))).toBe(true);
    expect(isConnectionFailure(new Error('Query read timeout'))).toBe(true);
    // Node 20 reports a refused localhost as one error per address tried.
    expect(isConnectionFailure(new AggregateError([withCode('connect ECONNREFUSED ::1:5432', 'ECONNREFUSED')]))).toBe(true);
  });

  it('leaves a wrong query, a broken constraint and non-errors alone: those are bugs, not outages', () => {
    expect(isConnectionFailure(withCode('syntax error at or near "SELEC"', '42601'))).toBe(false);
    expect(isConnectionFailure(withCode('duplicate key value violates unique constraint', '23505'))).toBe(false);
    expect(isConnectionFailure(withCode('null value in column violates not-null constraint', '23502'))).toBe(false);
    expect(isConnectionFailure(new Error('Connection string is invalid'))).toBe(false);
    expect(isConnectionFailure('ECONNREFUSED')).toBe(false);
    expect(isConnectionFailure(undefined)).toBe(false);
  });

  it('keeps the cause, and names it in the message', () => {
    const cause = withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED');
    const error = new DatabaseUnavailableError(cause);
    expect(error.cause).toBe(cause);
    expect(error.message).toBe('the database is unreachable: connect ECONNREFUSED 127.0.0.1:5432');
  });
});
