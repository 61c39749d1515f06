import type { InteractionJob, MemberEventJob } from '@droas/contracts';
import { traceCarrierFrom } from '@droas/runtime';
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Tracer } from '@opentelemetry/api';

/** The span of one dispatch on its way to a queue. */
export interface ForwardSpan {
  /** Names the job on the span and returns the job carrying the span's trace context to its worker. */
  carry<J extends InteractionJob | MemberEventJob>(queue: string, jobId: string, job: J): J;
  /** The dispatch broke the contract and was dropped. Ends the span. */
  malformed(): void;
  end(): void;
}

/**
 * Starts the span of forwarding one dispatch (a PRODUCER span, the root of the event's trace), or nothing
 * when tracing is off. It covers validation and the hand-off to the ordered producer, not the round trip to
 * Redis, which is batched across events (`droas_gateway_enqueue_seconds` measures that).
 *
 * Its attributes name the event, never its content: ids, the shard, the command's name. The interaction token
 * stays in the job, where the worker needs it, and out of every span.
 */
export function forwardSpan(
  tracer: Tracer | undefined,
  event: string,
  shardId: number,
): ForwardSpan | undefined {
  if (tracer === undefined) return undefined;
  const span = tracer.startSpan(
    `forward ${event}`,
    {
      kind: SpanKind.PRODUCER,
      attributes: {
        'messaging.system': 'bullmq',
        'messaging.operation.type': 'send',
        'discord.event': event,
        'discord.shard.id': shardId,
      },
    },
    // Each dispatch starts a trace of its own, whatever discord.js was doing when it arrived.
    ROOT_CONTEXT,
  );
  return {
    carry: (queue, jobId, job) => {
      span.setAttributes({
        'messaging.destination.name': queue,
        'messaging.message.id': jobId,
        'droas.job.kind': job.kind,
        'discord.guild.id': job.guildId,
        ...(job.kind === 'interaction'
          ? { 'discord.interaction.id': job.id, 'droas.command': job.command.name }
          : { 'discord.user.id': job.user.id }),
      });
      const carrier = traceCarrierFrom(trace.setSpan(ROOT_CONTEXT, span));
      return carrier === undefined ? job : { ...job, trace: carrier };
    },
    malformed: () => {
      span.setStatus({ code: SpanStatusCode.ERROR, message: 'malformed dispatch: dropped' });
      span.end();
    },
    end: () => span.end(),
  };
}
