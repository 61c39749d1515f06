// Benchmark of the simulator alone (not a test): starts `dist/src/main.js` as its own process with 10,000
// guilds and a million users, connects 4 bare gateway shards, then measures
//   1. dispatched events/s: a generator asks for more than the target; we count frames the shards receive;
//   2. REST requests/s: 64 keep-alive connections posting channel messages across 30,000 channels;
// and prints the simulator's RSS. Run with `npm run bench -w @droas/discord-sim`.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import path from 'node:path';
import WebSocket from 'ws';
import { SimClient } from '../src/control/simClient.js';

const GUILDS = 10_000;
const SHARDS = 4;
const EVENT_RATE = Number(process.env.BENCH_EVENT_RATE ?? 8000);
const REST_CONCURRENCY = 64;
const PHASE_MS = 5000;

async function main(): Promise<void> {
  const child = spawn(
    process.execPath,
    [path.join(__dirname, '../src/main.js'), '--port', '0', '--log-level', 'warn'],
    {
      env: {
        ...process.env,
        SIM_GUILDS: String(GUILDS),
        SIM_MEMBERS_PER_GUILD: '100',
        SIM_USERS: '1000000',
        SIM_MAX_CONCURRENCY: String(SHARDS),
        SIM_GLOBAL_RATE_LIMIT_PER_SEC: '1000000000',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  try {
    const urls = await new Promise<{ rest: string; gateway: string; control: string }>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const rest = /REST\s+(\S+)/.exec(out)?.[1];
        const gateway = /gateway\s+(ws:\/\/\S+)/.exec(out)?.[1];
        const control = /control\s+(\S+)/.exec(out)?.[1];
        if (rest && gateway && control) resolve({ rest, gateway, control });
      });
      child.once('exit', (code) => reject(new Error(`simulator exited with ${code}`)));
    });
    const api = new SimClient(urls.control);
    const rss = (): string =>
      `${Math.round(Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0) / 1024)} MiB`;
    console.log(`simulator up: ${GUILDS} guilds, 1,000,000 users; RSS ${rss()}`);

    // Gateway: 4 shards, GUILDS | GUILD_MEMBERS; count frames without parsing them (the client is not measured).
    let frames = 0;
    const sockets = await Promise.all(
      Array.from({ length: SHARDS }, (_, shard) => {
        const ws = new WebSocket(`${urls.gateway}?v=10&encoding=json`);
        return new Promise<WebSocket>((resolve) => {
          let guildCreates = 0;
          ws.on('message', (data: Buffer) => {
            frames += 1;
            if (guildCreates < GUILDS / SHARDS && data.includes('"GUILD_CREATE"')) {
              guildCreates += 1;
              if (guildCreates === GUILDS / SHARDS) resolve(ws);
            }
          });
          ws.on('open', () =>
            ws.send(
              JSON.stringify({
                op: 2,
                d: { token: 'sim-token', intents: 3, shard: [shard, SHARDS], properties: {} },
              }),
            ),
          );
        });
      }),
    );
    console.log(`4 shards ready (${frames} frames: READY + GUILD_CREATE); RSS ${rss()}`);

    // 1. Events.
    const before = await api.stats();
    const framesBefore = frames;
    const started = Date.now();
    await api.startGenerator({ kind: 'interactions', ratePerSec: EVENT_RATE, durationMs: PHASE_MS, seed: 1 });
    await sleep(PHASE_MS + 500);
    const after = await api.stats();
    const elapsed = (Date.now() - started) / 1000;
    const eventsPerSec = (frames - framesBefore) / (PHASE_MS / 1000);
    console.log(
      `events: asked ${EVENT_RATE}/s for ${PHASE_MS} ms → dispatched ${after.dispatched - before.dispatched} ` +
        `(${Math.round((after.dispatched - before.dispatched) / (PHASE_MS / 1000))}/s), received ${frames - framesBefore} ` +
        `(${Math.round(eventsPerSec)}/s over the phase, ${Math.round((frames - framesBefore) / elapsed)}/s wall); RSS ${rss()}`,
    );

    // 2. REST.
    const { guilds } = (await (await fetch(`${urls.control}/guilds?limit=10000`)).json()) as {
      guilds: { channelIds: string[] }[];
    };
    const channels = guilds.flatMap((g) => g.channelIds);
    const agent = new Agent({ keepAlive: true, maxSockets: REST_CONCURRENCY });
    const statuses = new Map<number, number>();
    const body = JSON.stringify({ content: 'bench <@123456789012345678>', allowed_mentions: { parse: [] } });
    let next = 0;
    const deadline = Date.now() + PHASE_MS;
    const restStarted = Date.now();
    const loop = async (): Promise<void> => {
      while (Date.now() < deadline) {
        const channel = channels[next++ % channels.length]!;
        const status = await post(agent, `${urls.rest}/v10/channels/${channel}/messages`, body);
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
      }
    };
    await Promise.all(Array.from({ length: REST_CONCURRENCY }, loop));
    const restElapsed = (Date.now() - restStarted) / 1000;
    const total = [...statuses.values()].reduce((a, b) => a + b, 0);
    console.log(
      `REST: ${total} requests in ${restElapsed.toFixed(1)} s → ${Math.round(total / restElapsed)}/s ` +
        `(statuses ${JSON.stringify(Object.fromEntries(statuses))}); RSS ${rss()}`,
    );
    agent.destroy();
    for (const ws of sockets) ws.terminate();
  } finally {
    child.kill('SIGTERM');
  }
}

function post(agent: Agent, url: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, {
      method: 'POST',
      agent,
      headers: {
        authorization: 'Bot sim-token',
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
      },
    });
    req.on('response', (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
