#!/usr/bin/env node
// `npm run infra:smoke`: proves the stack `npm run infra:up` started works through its containers. With two
// members who joined just now (so nothing else has moved their money) it claims a daily reward and checks the
// answer; kills a worker container's processes with SIGKILL, as a crash or the OOM killer would (a `podman
// kill` is an operator's stop, which the restart policy leaves stopped); pays three amounts while that worker
// is down and sees each answered; waits for the container to be restarted by its restart policy and ready;
// checks both balances to the coin; runs `economy:verify` against the stack's Postgres; and checks that
// Prometheus scrapes every process. Exits 1 at the first thing that is wrong, saying what.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ensureDependencies, repoRoot, turbo } from './lib/deps.mjs';
import { containerState, podman, readComposeVars, sleep, waitHealthy } from './lib/podman.mjs';
import { seconds } from './lib/baseImages.mjs';
import { fail, log } from './lib/log.mjs';

const started = Date.now();
const vars = readComposeVars();
if (!vars) fail('no stack to check: `npm run infra:up` first.');
if (vars.DISCORD_TOKEN) fail('the stack talks to the real Discord; the smoke test needs the simulator.');

ensureDependencies();
turbo(['build', '--filter=@droas/discord-sim', '--filter=@droas/economy']);
const { SimClient } = await import('@droas/discord-sim');
const sim = new SimClient(`http://127.0.0.1:${vars.SIM_HOST_PORT}/_sim`);
const victim = 'droas_worker_1';

// 1. The gateway holds every shard.
const shards = Number(vars.TOTAL_SHARDS);
await until(
  'the gateway holds every shard',
  async () => {
    const { sessions } = await sim.sessions();
    return new Set(sessions.filter((s) => s.connected).map((s) => s.shardId)).size === shards;
  },
  60_000,
);

// 2. One interaction through the containers: a daily reward, for a member who joined just now. Seeded ids
// repeat when the simulator restarts while Postgres keeps its volume; a new account's id holds the time.
const {
  guilds: [guild],
} = await sim.seedGuilds({ count: 1, membersPerGuild: 5, memberIdsPerGuild: 0 });
const payer = (await sim.memberJoin(guild.id)).userId;
const payee = (await sim.memberJoin(guild.id)).userId;
const daily = await answer({ guildId: guild.id, userId: payer, command: 'daily' });
const claimed = matchAmounts(daily, /You claimed your daily \*\*(.+?)\*\*[\s\S]*Balance: \*\*(.+?)\*\*/);
const [reward, afterDaily] = claimed;
if (reward <= 0 || afterDaily !== reward)
  fail(`/daily: expected a reward and a balance equal to it: ${daily.content}`);
log(`/daily answered in ${daily.latencyMs} ms (${daily.via}): ${firstLine(daily.content)}`);

// 3. A worker container dies; the payments sent meanwhile are answered all the same.
const before = containerState(victim);
if (!before || before.status !== 'running') fail(`${victim} is not running (${before?.status ?? 'missing'})`);
const acknowledgedBefore = (await sim.stats()).acknowledged;
process.kill(before.pid, 'SIGKILL');
const killedAt = Date.now();
log(`killed ${victim}: SIGKILL to its init (host pid ${before.pid}), restarts so far ${before.restarts}`);
const amounts = [1, 2, 3];
const payments = await Promise.all(
  amounts.map((amount) =>
    answer({ guildId: guild.id, userId: payer, command: 'pay', options: { user: payee, amount } }),
  ),
);
payments.forEach((p, i) => {
  if (!/ paid <@\d+> \*\*/.test(p.content)) fail(`/pay ${amounts[i]}: expected a payment, got: ${p.content}`);
  log(`/pay ${amounts[i]} answered in ${p.latencyMs} ms (${p.via}): ${firstLine(p.content)}`);
});

// 4. The container comes back by its restart policy, and is ready.
await until(
  `${victim} is restarted`,
  () => {
    const now = containerState(victim);
    return now?.status === 'running' && now.restarts > before.restarts;
  },
  60_000,
);
await waitHealthy(victim, 60_000);
const after = containerState(victim);
log(
  `${victim} restarted and ready ${seconds(killedAt)} s after the kill ` +
    `(restarts ${before.restarts} → ${after?.restarts}, new host pid ${after?.pid})`,
);

// 5. The money is exact: what was paid left the payer and reached the payee, once each.
const paid = amounts.reduce((a, b) => a + b, 0);
const payerBalance = await answer({ guildId: guild.id, userId: payer, command: 'balance' });
const payeeBalance = await answer({ guildId: guild.id, userId: payee, command: 'balance' });
const [payerHas] = matchAmounts(payerBalance, /You have \*\*(.+?)\*\*/);
const [payeeHas] = matchAmounts(payeeBalance, /You have \*\*(.+?)\*\*/);
if (payerHas !== reward - paid || payeeHas !== paid) {
  fail(`balances: payer ${payerHas} (expected ${reward - paid}), payee ${payeeHas} (expected ${paid})`);
}
log(`balances exact: payer ${reward} − ${paid} = ${payerHas}, payee ${payeeHas}`);
const stats = await sim.stats();
log(
  `the simulator acknowledged ${stats.acknowledged - acknowledgedBefore} interactions since the kill; ` +
    `late ${stats.lateAcknowledgements}, double ${stats.doubleAcknowledgements} in all`,
);
if (stats.doubleAcknowledgements > 0) fail('an interaction was acknowledged twice');

// 6. The ledger holds in the stack's Postgres.
const databaseUrl = `postgres://droas:${vars.POSTGRES_PASSWORD}@127.0.0.1:${vars.POSTGRES_HOST_PORT}/droas`;
const verify = spawnSync(
  process.execPath,
  [join(repoRoot, 'scripts/runWithDatabase.mjs'), '@droas/economy', 'packages/economy/dist/bin/verify.js'],
  { cwd: repoRoot, env: { ...process.env, DATABASE_URL: databaseUrl }, encoding: 'utf8' },
);
// Its report, without the build lines before it.
const report = verify.stdout.slice(Math.max(0, verify.stdout.indexOf('Ledger check')));
process.stdout.write(`${report.trimEnd().replace(/^/gm, '  economy:verify | ')}\n`);
if (verify.status !== 0) fail(`economy:verify failed (exit ${verify.status}):\n${verify.stderr}`);

// 7. Prometheus scrapes every process, the restarted worker included.
const prometheus = `http://127.0.0.1:${vars.PROMETHEUS_HOST_PORT}`;
let targets = [];
await until(
  'Prometheus scrapes every process',
  async () => {
    const res = await fetch(`${prometheus}/api/v1/targets?state=active`);
    targets = (await res.json()).data.activeTargets;
    const workers = targets.filter((t) => t.labels.job === 'droas-worker').length;
    return workers === Number(vars.WORKER_REPLICAS) && targets.every((t) => t.health === 'up');
  },
  90_000,
  () => targets.map((t) => `${t.labels.job} ${t.labels.instance} ${t.health} ${t.lastError}`).join('; '),
);
const perJob = new Map();
for (const t of targets) perJob.set(t.labels.job, (perJob.get(t.labels.job) ?? 0) + 1);
const jobs = [...perJob].map(([job, n]) => `${job} ${n}`).join(', ');
log(`prometheus: ${targets.length} targets up (${jobs})`);

log(`smoke test passed in ${seconds(started)} s`);
podman(['ps', '--filter', 'label=io.podman.compose.project=droas', '--format', '{{.Names}}\t{{.Status}}']);

/**
 * Dispatches an interaction and waits for the member to be able to read its answer.
 * @returns {Promise<{ content: string, latencyMs: number, via: string }>}
 */
async function answer(request) {
  const { id, delivered } = await sim.dispatchInteraction(request);
  if (!delivered) fail(`/${request.command} was not delivered: no gateway session holds its shard`);
  const t = await sim.waitForInteraction(id, (x) => x.answeredAt !== undefined && x.content !== null, 30_000);
  if (t.answeredAt === undefined || t.content === null) {
    fail(`/${request.command} (${id}) was not answered within 30 s: ${JSON.stringify(t)}`);
  }
  if (t.violations.length > 0)
    fail(`/${request.command} (${id}) broke Discord's rules: ${JSON.stringify(t.violations)}`);
  const via = t.acknowledgement?.type === 5 ? 'deferred, then edited' : 'callback';
  return { content: t.content, latencyMs: t.answeredAt - t.dispatchedAt, via };
}

/** The amounts in the answer's bold groups, as numbers (`**🪙 1,234 coins**` → 1234). */
function matchAmounts(a, pattern) {
  const m = pattern.exec(a.content);
  if (!m) fail(`unexpected answer (expected ${pattern}): ${a.content}`);
  return m.slice(1).map((text) => Number(text.replace(/[^\d]/g, '')));
}

function firstLine(text) {
  return text.split('\n')[0];
}

async function until(what, check, timeoutMs, explain = () => '') {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline)
      fail(`timed out after ${timeoutMs / 1000} s waiting until ${what}. ${explain()}`);
    await sleep(500);
  }
}
