import type { InteractionTimeline } from '../world/interactionLedger.js';
import type { StoredMessage } from '../world/messageStore.js';
import { callbackResponse, withResponse } from './interactionCallback.js';

describe('withResponse', () => {
  it.each([
    ['true', true],
    ['True', true],
    ['1', true],
    ['false', false],
    ['False', false],
    ['0', false],
    [undefined, false],
  ])('reads with_response=%s as %s', (value, expected) => {
    const query = value === undefined ? undefined : new URLSearchParams({ with_response: value });
    expect(withResponse(query)).toBe(expected);
  });
});

describe('callbackResponse', () => {
  const t = { id: '1234567890123456789' } as InteractionTimeline;
  const message = { id: '9876543210987654321', flags: 64 + 128 } as StoredMessage;

  it('includes the message as resource.message for a type 4 response', () => {
    expect(callbackResponse(t, 4, { ...message, flags: 0 })).toEqual({
      interaction: {
        id: t.id,
        type: 2,
        response_message_id: message.id,
        response_message_loading: false,
        response_message_ephemeral: false,
      },
      resource: { type: 4, message: { ...message, flags: 0 } },
    });
  });

  it('has no resource.message for a deferral, only the loading message id', () => {
    expect(callbackResponse(t, 5, message)).toEqual({
      interaction: {
        id: t.id,
        type: 2,
        response_message_id: message.id,
        response_message_loading: true,
        response_message_ephemeral: true,
      },
      resource: { type: 5 },
    });
  });
});
