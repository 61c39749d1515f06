import { Routes, routeKey } from './routes.js';

const TOKEN = 'aW50ZXJhY3Rpb246MTIzNDU2Nzg5MDEyMzQ1Njc4OnNlY3JldA';

describe('Routes', () => {
  it('builds each endpoint with its template, major parameter and interaction flag', () => {
    expect(Routes.interactionCallback('111111111111111111', TOKEN)).toEqual({
      method: 'POST',
      path: `/interactions/111111111111111111/${TOKEN}/callback`,
      query: 'with_response=false',
      template: '/interactions/:id/:token/callback',
      majorParameter: '111111111111111111',
      interaction: true,
    });
    expect(Routes.originalResponse('222222222222222222', TOKEN)).toMatchObject({
      method: 'PATCH',
      path: `/webhooks/222222222222222222/${TOKEN}/messages/@original`,
      template: '/webhooks/:id/:token/messages/@original',
      majorParameter: `222222222222222222/${TOKEN}`,
      interaction: true,
    });
    expect(Routes.followup('222222222222222222', TOKEN)).toMatchObject({
      method: 'POST',
      path: `/webhooks/222222222222222222/${TOKEN}`,
      query: 'wait=true',
      template: '/webhooks/:id/:token',
      interaction: true,
    });
    expect(Routes.channelMessages('333333333333333333')).toMatchObject({
      method: 'POST',
      path: '/channels/333333333333333333/messages',
      template: '/channels/:id/messages',
      majorParameter: '333333333333333333',
      interaction: false,
    });
    expect(Routes.dmChannels()).toMatchObject({ path: '/users/@me/channels', interaction: false });
    expect(Routes.memberRole('444444444444444444', '555555555555555555', '666666666666666666')).toMatchObject(
      {
        method: 'PUT',
        path: '/guilds/444444444444444444/members/555555555555555555/roles/666666666666666666',
        template: '/guilds/:id/members/:id/roles/:id',
        majorParameter: '444444444444444444',
        interaction: false,
      },
    );
  });

  it('never puts a token in a template or a route key', () => {
    const routes = [
      Routes.interactionCallback('1', TOKEN),
      Routes.originalResponse('1', TOKEN),
      Routes.followup('1', TOKEN),
    ];
    for (const route of routes) {
      expect(route.template).not.toContain(TOKEN);
      expect(routeKey(route)).not.toContain(TOKEN);
    }
    expect(routeKey(Routes.followup('1', TOKEN))).toBe('POST /webhooks/:id/:token');
  });

  it('refuses ids that are not snowflakes and keeps odd tokens inside their segment', () => {
    expect(() => Routes.channelMessages('1/../../guilds/2')).toThrow(TypeError);
    expect(() => Routes.memberRole('1', 'me', '2')).toThrow(TypeError);
    expect(() => Routes.followup('1', '')).toThrow(TypeError);
    expect(Routes.followup('1', 'a/b?c').path).toBe('/webhooks/1/a%2Fb%3Fc');
  });
});
