import { createLogger } from './logger';
import { Shutdown } from './shutdown';

const logger = createLogger({ name: 'test', level: 'silent' });

function make(deadlineMs = 1000): { shutdown: Shutdown; exits: number[] } {
  const exits: number[] = [];
  const shutdown = new Shutdown({
    logger,
    deadlineMs,
    exit: (code) => exits.push(code),
    signals: ['SIGUSR2'],
  });
  return { shutdown, exits };
}

describe('Shutdown', () => {
  it('stops in reverse order of registration and exits 0', async () => {
    const { shutdown, exits } = make();
    const order: string[] = [];
    shutdown.register('redis', () => void order.push('redis'));
    shutdown.register('database', async () => {
      await new Promise((r) => setTimeout(r, 5));
      order.push('database');
    });
    shutdown.register('intake', () => void order.push('intake'));
    await shutdown.run('test');
    expect(order).toEqual(['intake', 'database', 'redis']);
    expect(exits).toEqual([0]);
  });

  it('runs the steps once however often it is asked', async () => {
    const { shutdown, exits } = make();
    let calls = 0;
    shutdown.register('x', () => void calls++);
    await Promise.all([shutdown.run('a'), shutdown.run('b')]);
    await shutdown.run('c');
    expect(calls).toBe(1);
    expect(exits).toEqual([0]);
  });

  it('keeps going after a failed step and exits 1', async () => {
    const { shutdown, exits } = make();
    const order: string[] = [];
    shutdown.register('first', () => void order.push('first'));
    shutdown.register('broken', () => {
      throw new Error('boom');
    });
    await shutdown.run('test');
    expect(order).toEqual(['first']);
    expect(exits).toEqual([1]);
  });

  it('bounds a hanging step by the deadline', async () => {
    const { shutdown, exits } = make(50);
    shutdown.register('hangs', () => new Promise<void>(() => {}));
    await shutdown.run('test');
    expect(exits).toEqual([1]);
  });

  it('forces exit on a second signal', async () => {
    const { shutdown, exits } = make(5000);
    let release: () => void = () => {};
    let markStarted: () => void = () => {};
    const started = new Promise<void>((r) => (markStarted = r));
    shutdown.register('slow', () => {
      markStarted();
      return new Promise<void>((r) => (release = r));
    });
    shutdown.listen();
    process.emit('SIGUSR2', 'SIGUSR2');
    await started;
    process.emit('SIGUSR2', 'SIGUSR2');
    expect(exits).toEqual([1]);
    release();
    await shutdown.run('done');
    expect(exits).toEqual([1, 0]);
  });
});
