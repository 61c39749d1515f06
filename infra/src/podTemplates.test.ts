import { droasImage } from './podTemplates.js';

describe('droasImage', () => {
  it.each([
    ['droas/worker', 'droas/worker'],
    ['droas/worker:dev', 'droas/worker'],
    ['registry.example.com:5000/droas/discord-sim:1.4.0', 'droas/discord-sim'],
    ['droas/gateway@sha256:0123abcd', 'droas/gateway'],
    ['docker.io/library/redis:7.2', undefined],
    ['example.com/notdroas/worker:1', undefined],
    [undefined, undefined],
  ])('%p → %p', (image, app) => {
    expect(droasImage(image)).toBe(app);
  });
});
