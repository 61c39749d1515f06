import { readProcess } from './processSampler.js';

describe('readProcess', () => {
  it('reads this process’s CPU time and RSS from /proc, and nothing for a pid that does not exist', () => {
    const spin = Date.now() + 50;
    while (Date.now() < spin);
    const me = readProcess(process.pid)!;
    expect(me.cpuSeconds).toBeGreaterThan(0);
    expect(me.rssBytes).toBeGreaterThan(10 * 1024 * 1024);
    expect(Math.abs(me.rssBytes - process.memoryUsage().rss)).toBeLessThan(64 * 1024 * 1024);
    expect(readProcess(2 ** 22 + 12345)).toBeUndefined();
  });
});
