import { DatabaseUnavailableError, isConnectionFailure } from '../database-unavailable.js';

const translate = (error: unknown): never => {
  throw isConnectionFailure(error) ? new DatabaseUnavailableError(error) : error;
};

/**
 * The store, with each method's rejection for an unreachable server (down, restarting, no
 * connection within the pool's timeout) turned into a DatabaseUnavailableError, which users
 * see as "try again in a minute". Any other error (a bad query, a broken constraint) passes
 * unchanged: those are bugs, not outages.
 */
export function reportingUnreachable<T extends object>(store: T): T {
  return new Proxy(store, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]): unknown => {
        let result: unknown;
        try {
          result = value.apply(target, args);
        } catch (error) {
          return translate(error);
        }
        return result instanceof Promise ? result.catch(translate) : result;
      };
    },
  });
}
