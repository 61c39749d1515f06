import type { Snowflake } from '@droas/contracts';

/** The member a greeting is about. */
export interface GreetedMember {
  readonly id: Snowflake;
  /** The unique username (`alice_42`). */
  readonly username: string;
  /** The display name the member chose, when they set one. */
  readonly globalName?: string;
  /** The avatar's URL, for an embed's thumbnail; without it the embed has none. */
  readonly avatarUrl?: string;
}

/** The guild a greeting is posted in. */
export interface GreetedGuild {
  readonly id: Snowflake;
  readonly name: string;
  /** Members now (after the join, or after the leave). */
  readonly memberCount: number;
}

/** Everything a template can show. The effects layer gathers it; rendering reads nothing else. */
export interface TemplateContext {
  readonly member: GreetedMember;
  readonly guild: GreetedGuild;
  /** The member's place in joining order, from 1. @defaultValue `guild.memberCount` */
  readonly joinPosition?: number;
  /** Now, Unix ms: account ages are measured to it. */
  readonly nowMs: number;
}
