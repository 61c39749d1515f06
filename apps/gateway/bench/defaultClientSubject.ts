import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { childCloser } from './closeChild.js';
import type { DefaultClientMessage, DefaultClientOptions } from './defaultClientProcess.js';
import type { Instrumentation, Subject, SubjectCounts } from './subject.js';

export interface DefaultClientSubjectOptions extends DefaultClientOptions {
  instrumentation: Instrumentation;
  readyTimeoutMs: number;
}

/** Forks the out-of-the-box discord.js client and resolves once it has every guild. */
export async function startDefaultClientSubject(options: DefaultClientSubjectOptions): Promise<Subject> {
  const { instrumentation, readyTimeoutMs, ...clientOptions } = options;
  const child = fork(join(__dirname, 'defaultClientProcess.js'), [JSON.stringify(clientOptions)], {
    execArgv: instrumentation.nodeOptions,
    env: { ...process.env, ...instrumentation.env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    await nextMessage(child, 'ready', readyTimeoutMs);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return {
    name: 'default discord.js Client',
    pid: child.pid!,
    async counts(): Promise<SubjectCounts> {
      const reply = nextMessage(child, 'counts', 10_000);
      child.send('counts');
      const { interactions, memberJoins } = await reply;
      return { interactions, memberJoins };
    },
    close: childCloser(child, exited),
  };
}

function nextMessage<T extends DefaultClientMessage['type']>(
  child: ChildProcess,
  type: T,
  timeoutMs: number,
): Promise<Extract<DefaultClientMessage, { type: T }>> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: DefaultClientMessage): void => {
      if (message.type !== type) return;
      cleanup();
      resolve(message as Extract<DefaultClientMessage, { type: T }>);
    };
    const onExit = (code: number | null): void => {
      cleanup();
      reject(new Error(`default client exited (${code}) before '${type}'`));
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`default client sent no '${type}' within ${timeoutMs} ms`));
    }, timeoutMs);
    const cleanup = (): void => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}
