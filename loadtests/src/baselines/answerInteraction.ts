import type { CommandHandler, CommandReply, InteractionJob } from '@droas/contracts';
import { MessageFlags, type APIEmbed, type MessageMentionOptions } from 'discord.js';

/** A reply as discord.js takes it: what `interaction.reply` and `editReply` share. */
export interface DiscordJsMessage {
  content: string;
  embeds: APIEmbed[];
  allowedMentions: MessageMentionOptions;
}

/** The part of a discord.js `ChatInputCommandInteraction` answering uses (a fake in unit tests). */
export interface Respondable {
  reply(options: DiscordJsMessage & { flags?: MessageFlags.Ephemeral }): Promise<unknown>;
  deferReply(options: { flags?: MessageFlags.Ephemeral }): Promise<unknown>;
  editReply(options: DiscordJsMessage): Promise<unknown>;
}

/** How an interaction was answered, for the log and the tests. */
export type AnswerPath = 'reply' | 'deferred-edit';

/**
 * Runs `handler` on `job` in this process and answers through discord.js: a reply when the handler is done
 * before `deferAtMs` (Unix ms), otherwise a deferral at that moment (private when the command answers
 * privately) and an edit once it is done. This is the acknowledgement DROAS's gateway guard gives when no
 * worker has answered by then, so both sides of the comparison defer the same slow commands. A handler that
 * throws is answered with an apology, as the worker's last attempt does. The promise rejects only when
 * Discord refuses the answer.
 */
export async function answerInteraction(
  interaction: Respondable,
  job: InteractionJob,
  handler: CommandHandler | undefined,
  deferAtMs: number,
  now: () => number = Date.now,
): Promise<AnswerPath> {
  const replying = replyFor(job, handler);
  let timer: NodeJS.Timeout | undefined;
  const deferDue = new Promise<'defer'>((resolve) => {
    timer = setTimeout(() => resolve('defer'), Math.max(0, deferAtMs - now()));
  });
  try {
    const first = await Promise.race([replying, deferDue]);
    if (first !== 'defer') {
      await interaction.reply({
        ...toDiscordJsMessage(first),
        ...(first.ephemeral && { flags: MessageFlags.Ephemeral }),
      });
      return 'reply';
    }
  } finally {
    clearTimeout(timer);
  }
  await interaction.deferReply(handler?.defersEphemeral === false ? {} : { flags: MessageFlags.Ephemeral });
  await interaction.editReply(toDiscordJsMessage(await replying));
  return 'deferred-edit';
}

/** The handler's reply, or what the worker says for an unknown command or a failure. Never rejects. */
async function replyFor(job: InteractionJob, handler: CommandHandler | undefined): Promise<CommandReply> {
  if (handler === undefined) return unknownCommandReply(job.command.name);
  try {
    return await handler.handle(job);
  } catch {
    return FAILED_REPLY;
  }
}

/**
 * A reply in discord.js's terms. Pings only whom the reply allows: discord.js, like Discord, would otherwise
 * let an interaction response ping every user it mentions (the worker's REST client sends `parse: []` too).
 */
export function toDiscordJsMessage(reply: CommandReply): DiscordJsMessage {
  return {
    content: reply.content,
    embeds: (reply.embeds ?? []).map(({ fields, ...rest }) =>
      fields === undefined ? rest : { ...rest, fields: fields.map((f) => ({ ...f })) },
    ),
    allowedMentions: { parse: [], ...reply.allowedMentions },
  };
}

// The worker's own answers (apps/worker/src/replies.ts, which apps may not share): private, pinging nobody.

/** A command nobody here handles. */
export function unknownCommandReply(name: string): CommandReply {
  return privateText(`I don't know /${name} any more. It may have been removed.`);
}

// The outcome of a failed handler is unknown (a connection lost at commit), so the member is told how to check.
const FAILED_REPLY = privateText(
  "Sorry, I couldn't finish that. Check `/balance` or `/history` to see whether it went through before trying again.",
);

export function privateText(content: string): CommandReply {
  return { content, ephemeral: true, allowedMentions: { parse: [] } };
}
