/* global jest */
// Integration tests start real processes and wait on real timers; 5 s (jest's default) is a unit-test budget.
jest.setTimeout(60_000);
