import { buildRequest } from './buildRequest.js';
import { Routes } from './routes.js';

const target = { apiUrl: 'http://127.0.0.1:1/api', version: 10, token: 'bot-token' };

describe('buildRequest', () => {
  it('sends the bot token on bot routes, with a JSON body', () => {
    const request = buildRequest(Routes.channelMessages('1'), { body: { content: 'x' } }, target);
    expect(request.url).toBe('http://127.0.0.1:1/api/v10/channels/1/messages');
    expect(request.headers).toMatchObject({
      authorization: 'Bot bot-token',
      'content-type': 'application/json',
      'user-agent': expect.stringMatching(/^DiscordBot \(/) as string,
    });
    expect(request.body).toBe('{"content":"x"}');
  });

  it('sends no bot token on interaction routes, and keeps their query', () => {
    const request = buildRequest(Routes.interactionCallback('1', 'tok'), { body: { type: 5 } }, target);
    expect(request.url).toBe('http://127.0.0.1:1/api/v10/interactions/1/tok/callback?with_response=false');
    expect(request.headers).not.toHaveProperty('authorization');
    expect(buildRequest(Routes.followup('1', 'tok'), {}, target).headers).not.toHaveProperty('authorization');
  });

  it('passes extra headers through and sends no body when there is none', () => {
    const request = buildRequest(
      Routes.memberRole('1', '2', '3'),
      { headers: { 'x-audit-log-reason': 'why' } },
      target,
    );
    expect(request.headers).toMatchObject({ 'x-audit-log-reason': 'why' });
    expect(request.headers).not.toHaveProperty('content-type');
    expect(request.body).toBeUndefined();
  });
});
