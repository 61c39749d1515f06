import { DefaultSimulatorOptions } from '@droas/discord-sim';
import { percentiles } from '../stats.js';
import type { Sent } from './loadDriver.js';

// The harness's simulator runs with the default rules.
const ACK_DEADLINE_MS = DefaultSimulatorOptions.ackDeadlineMs;

/**
 * What the report says about acknowledgements: how close to Discord's 3 s they came (by type: 4, the answer
 * in the callback; 5, a deferral edited later), and, when any late one was accepted, which kind and how late.
 * A strict simulator (the default, and the harness's) refuses late ones with 10062: those interactions go
 * unanswered, and the unanswered notes show them with their `late-acknowledgement` violation.
 */
export function acknowledgementNotes(sent: readonly Sent[]): string[] {
  const acks = sent.flatMap((s) => (s.answer ? [s.answer] : []));
  if (acks.length === 0) return [];
  const line = (type: 4 | 5, what: string) => {
    const of = acks.filter((a) => a.ackType === type).map((a) => a.ackLatencyMs);
    if (of.length === 0) return `${what} 0`;
    const p = percentiles(of);
    return `${what} ${of.length} (p50 ${p.p50} ms, p99 ${p.p99} ms, max ${p.max} ms)`;
  };
  const notes = [
    `acknowledgements after dispatch, of Discord's ${ACK_DEADLINE_MS} ms: ${line(4, 'callbacks')}; ${line(5, 'deferrals')}`,
  ];
  const late = acks.filter((a) => a.ackLatencyMs > ACK_DEADLINE_MS);
  if (late.length > 0) {
    const callbacks = late.filter((a) => a.ackType === 4).length;
    const latest = Math.max(...late.map((a) => a.ackLatencyMs));
    notes.push(
      `late acknowledgements among the answered: ${late.length} (${callbacks} callbacks, ` +
        `${late.length - callbacks} deferrals), the latest ${latest} ms after dispatch; first: ` +
        late
          .slice(0, 3)
          .map((a) => `${a.id} /${a.command} type ${a.ackType} at ${a.ackLatencyMs} ms`)
          .join(', '),
    );
  }
  return notes;
}
