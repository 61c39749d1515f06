import { classifyError, PermanentError } from '@droas/resilience';
import {
  DiscordApiError,
  DiscordErrorCode,
  DiscordUnavailableError,
  isDiscordApiError,
  toNetworkError,
} from './discordErrors.js';
import { Routes } from './routes.js';

const TOKEN = 'aW50ZXJhY3Rpb246c2VjcmV0LXRva2Vu';
const callback = Routes.interactionCallback('111111111111111111', TOKEN);

describe('DiscordApiError', () => {
  it("names itself by Discord's code and carries status, method and template, never the token", () => {
    const error = new DiscordApiError(
      400,
      { message: 'Interaction has already been acknowledged.', code: 40060 },
      callback,
    );
    expect(error.name).toBe('DiscordApiError[40060]');
    expect(error).toMatchObject({
      status: 400,
      discordCode: 40060,
      code: '40060',
      method: 'POST',
      template: '/interactions/:id/:token/callback',
      route: 'POST /interactions/:id/:token/callback',
    });
    expect(JSON.stringify({ ...error, message: error.message, stack: error.stack })).not.toContain(TOKEN);
    expect(isDiscordApiError(error, DiscordErrorCode.InteractionAlreadyAcknowledged)).toBe(true);
    expect(isDiscordApiError(error, DiscordErrorCode.UnknownInteraction)).toBe(false);
  });

  it('is permanent: a worker never retries it', () => {
    const error = new DiscordApiError(404, { message: 'Unknown interaction', code: 10062 }, callback);
    expect(error).toBeInstanceOf(PermanentError);
    expect(classifyError(error)).toEqual({
      action: 'never',
      reason: expect.stringContaining('10062') as string,
    });
  });

  it('falls back to the status when Discord gave code 0 or no JSON', () => {
    expect(new DiscordApiError(401, { message: '401: Unauthorized', code: 0 }, callback).name).toBe(
      'DiscordApiError[401]',
    );
    expect(new DiscordApiError(403, 'Forbidden', callback).name).toBe('DiscordApiError[403]');
  });
});

describe('DiscordUnavailableError', () => {
  it('is retried with backoff, named by status or network code', () => {
    const server = new DiscordUnavailableError(callback, { status: 502 });
    expect(server.name).toBe('DiscordUnavailableError[502]');
    expect(classifyError(server)).toEqual({ action: 'retry' });

    const cause = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
    const network = toNetworkError(callback, new TypeError('fetch failed', { cause }));
    expect(network.name).toBe('DiscordUnavailableError[ECONNREFUSED]');
    expect(network.message).toContain('POST /interactions/:id/:token/callback');
    expect(network.cause).toBeUndefined();
  });

  it("takes the code from the error itself when it has no cause (undici's request, Node's sockets)", () => {
    const reset = Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' });
    expect(toNetworkError(callback, reset).name).toBe('DiscordUnavailableError[UND_ERR_SOCKET]');
    expect(toNetworkError(callback, new Error('no code')).name).toBe('DiscordUnavailableError[NETWORK]');
  });
});
