import { ContractError } from '@droas/contracts';
import { CallTimeoutError, classifyError, type ErrorClassification } from '@droas/resilience';

// postgres.js and Node network codes, and SQLSTATE classes, that mean "the database is unreachable or
// overloaded" rather than "this query is wrong": 08 connection, 53 resources, 57 operator intervention
// (e.g. shutdown), 58 system.
const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'CONNECT_TIMEOUT',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
]);

function codeOf(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string')
    return error.code;
  return undefined;
}

/** Whether an error means the database is unavailable: the only errors the database breaker counts. */
export function isDatabaseOutage(error: unknown): boolean {
  if (error instanceof CallTimeoutError) return true;
  const code = codeOf(error);
  return code !== undefined && (CONNECTION_CODES.has(code) || /^(08|53|57|58)/.test(code));
}

/**
 * What to do with a job whose processing threw: never retry (bad input, a permanent Discord answer, a
 * query that can never succeed), come back at a time (rate limits, an open breaker), or retry with backoff.
 */
export function classifyJobError(error: unknown): ErrorClassification {
  return classifyError(error, (e) => {
    if (e instanceof ContractError) return { action: 'never', reason: e.message };
    const code = codeOf(e);
    // Data exceptions (class 22: text Postgres cannot store, a number out of range), integrity violations
    // (23) and syntax or undefined-object errors (42) are about the query as written, not an outage:
    // retrying would fail the same way, so the member is answered once instead.
    if (code !== undefined && /^(22|23|42)/.test(code))
      return { action: 'never', reason: `SQLSTATE ${code}` };
    return undefined;
  });
}
