/** What a gateway enqueues for a `/balance`, in shape and size: the payload is not what is measured. */
export const SAMPLE_INTERACTION_JOB = {
  kind: 'interaction',
  v: 2,
  id: '1300000000000000000',
  applicationId: '1200000000000000000',
  token: 'aW50ZXJhY3Rpb246MTMwMDAwMDAwMDAwMDAwMDAwMDpzaW11bGF0ZWQtdG9rZW4tZm9yLXRoZS1mbG9vcg',
  type: 2,
  guildId: '1100000000000000000',
  channelId: '1100000000000000001',
  user: { id: '1000000000000000000', username: 'member-0001' },
  memberPermissions: '2248473465835073',
  locale: 'en-US',
  command: { name: 'balance', options: [], resolvedUsers: [] },
  guild: { id: '1100000000000000000', locale: 'en-US' },
  shardId: 0,
  receivedAtMs: 0,
};
