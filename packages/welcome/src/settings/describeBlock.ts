import type { GreetingBlock, GreetingSettings } from './greetingSettings.js';

/** Why greetings stopped and how an admin makes them start again, in one sentence. */
export function describeBlock(block: GreetingBlock, settings: GreetingSettings): string {
  const channel = settings.channelId === null ? 'the channel' : `<#${settings.channelId}>`;
  const again = `then run \`/${settings.kind} channel\` again`;
  const since = `(since <t:${Math.floor(block.sinceMs / 1000)}:R>)`;
  switch (block.reason) {
    case 'channel-missing':
      return `The channel I posted in is gone ${since}: pick another with \`/${settings.kind} channel\`.`;
    case 'missing-access':
      return `I can't see ${channel} ${since}: give me View Channel there, ${again}.`;
    case 'missing-permissions': {
      const embed =
        settings.message.kind === 'embed' ? ', Send Messages and Embed Links' : ' and Send Messages';
      return `I can't send messages in ${channel} ${since}: give me View Channel${embed} there, ${again}.`;
    }
  }
}
