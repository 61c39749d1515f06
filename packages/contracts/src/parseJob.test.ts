import { parseJob } from './parseJob.js';
import { ABSENT, interactionJob, issuesOf, memberJoinJob, withValue } from '../test/support/fixtures.js';

const KIND = 'expected "interaction", "member-join", "member-leave" or "member-screened"';

describe('parseJob', () => {
  it('accepts an interaction job and narrows on kind', () => {
    const result = parseJob(interactionJob());
    expect(result).toEqual({ ok: true, value: interactionJob() });
    if (result.ok && result.value.kind === 'interaction') expect(result.value.command.name).toBe('give');
    else throw new Error('expected an interaction job');
  });

  it('accepts a member-join job', () => {
    expect(parseJob(memberJoinJob())).toEqual({ ok: true, value: memberJoinJob() });
  });

  it('checks each kind against its own schema', () => {
    // A member-join job relabelled as an interaction must fail the interaction schema.
    const issues = issuesOf(parseJob(withValue(memberJoinJob(), ['kind'], 'interaction')));
    expect(issues).toContainEqual({
      path: 'id',
      message: 'missing, expected a snowflake (decimal string of 17 to 20 digits)',
    });
    expect(issues).toContainEqual({ path: 'joinedAtMs', message: 'unexpected field' });
  });

  it.each([
    ['an unknown kind', withValue(interactionJob(), ['kind'], 'message'), `${KIND}`],
    ['a kind of another case', withValue(interactionJob(), ['kind'], 'Interaction'), `${KIND}`],
    ['a missing kind', withValue(interactionJob(), ['kind'], ABSENT), `missing, ${KIND}`],
  ])('rejects %s', (_label, input, message) => {
    expect(issuesOf(parseJob(input))).toEqual([{ path: 'kind', message }]);
  });

  it('ignores a kind inherited from a prototype', () => {
    const input: unknown = Object.create({ kind: 'interaction' });
    expect(issuesOf(parseJob(input))).toEqual([{ path: 'kind', message: `missing, ${KIND}` }]);
  });

  it.each([
    ['interaction', interactionJob(), 3, 'expected 1 or 2'],
    ['member-join', memberJoinJob(), 3, 'expected 1 or 2'],
  ])('rejects another version of a %s job', (_kind, job, v, message) => {
    expect(issuesOf(parseJob(withValue(job, ['v'], v)))).toEqual([{ path: 'v', message }]);
  });

  it.each([null, undefined, 'job', 7, [interactionJob()]])('rejects the non-object %p', (input) => {
    expect(issuesOf(parseJob(input))).toEqual([{ path: '(root)', message: 'expected a job (object)' }]);
  });

  it('rejects a prototype-pollution key before choosing a schema', () => {
    const json = JSON.stringify(memberJoinJob()).replace('{"kind"', '{"__proto__":{"isAdmin":true},"kind"');
    const result = parseJob(JSON.parse(json));
    expect(issuesOf(result)).toEqual([{ path: '__proto__', message: 'forbidden key (prototype pollution)' }]);
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  });

  it('returns an error whose message names the field and the expectation', () => {
    const result = parseJob(withValue(interactionJob(), ['command', 'options', 1, 'value'], 2 ** 53));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toBe('command.options[1].value: expected a safe integer');
  });
});
