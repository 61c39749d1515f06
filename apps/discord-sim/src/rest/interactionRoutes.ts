import { interactionCallback } from './interactionCallback.js';
import { p, type RouteDef } from './restRoute.js';
import { followUp, webhookMessage } from './webhookMessages.js';

/**
 * The interaction's own routes: the initial response (callback), then the token's webhook for edits and
 * follow-ups. They carry no Authorization header and are exempt from the global limit, as on Discord.
 */
export const interactionRoutes: readonly RouteDef[] = [
  {
    method: 'POST',
    template: '/interactions/:interactionId/:token/callback',
    auth: 'none',
    global: false,
    bucket: 'other',
    major: (params) => `interaction:${p(params, 'interactionId')}`,
    handle: interactionCallback,
  },
  ...(['GET', 'PATCH', 'DELETE'] as const).map((method): RouteDef => ({
    method,
    template: '/webhooks/:applicationId/:token/messages/:messageId',
    auth: 'none',
    global: false,
    bucket: 'webhook',
    major: (params) => `${p(params, 'applicationId')}/${p(params, 'token')}`,
    handle: webhookMessage,
  })),
  {
    method: 'POST',
    template: '/webhooks/:applicationId/:token',
    auth: 'none',
    global: false,
    bucket: 'webhook',
    major: (params) => `${p(params, 'applicationId')}/${p(params, 'token')}`,
    handle: followUp,
  },
];
