/** Milliseconds since the epoch; injected so unit tests can move time by hand. */
export type Clock = () => number;

export const systemClock: Clock = () => Date.now();
