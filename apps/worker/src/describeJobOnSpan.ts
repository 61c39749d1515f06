import type { Job } from '@droas/contracts';
import { trace } from '@opentelemetry/api';

/**
 * Names a parsed job on the active span (the job's, when tracing is on; nothing otherwise): its kind, guild,
 * shard and, for a command, its name and interaction id. Ids and names only: the interaction token, the
 * member's text and everything else in the job stay out of spans.
 */
export function describeJobOnSpan(job: Job): void {
  const span = trace.getActiveSpan();
  if (span === undefined) return;
  span.setAttributes({
    'droas.job.kind': job.kind,
    'discord.guild.id': job.guildId,
    'discord.shard.id': job.shardId,
    ...(job.kind === 'interaction'
      ? { 'discord.interaction.id': job.id, 'droas.command': job.command.name }
      : { 'discord.user.id': job.user.id }),
  });
}
