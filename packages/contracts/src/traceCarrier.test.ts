import { interactionJob, issuesOf, memberJoinJob, withValue } from '../test/support/fixtures.js';
import { parseJob } from './parseJob.js';
import { MAX_TRACESTATE_LENGTH, traceCarrierOf } from './traceCarrier.js';

const TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
const EXPECTED_TRACEPARENT = 'expected a W3C traceparent (00-<32 hex>-<16 hex>-<2 hex>)';

describe('the trace field of a job', () => {
  const jobs = { interaction: interactionJob(), 'member-join': memberJoinJob() };

  describe.each(Object.entries(jobs))('on a %s job', (_kind, job) => {
    it('is optional: a job from a gateway that does not trace parses as before', () => {
      expect(parseJob(job)).toEqual({ ok: true, value: job });
    });

    it('carries a traceparent and, when there is one, a tracestate', () => {
      const traced = withValue(job, ['trace'], { traceparent: TRACEPARENT, tracestate: 'vendor=opaque' });
      expect(parseJob(traced)).toEqual({ ok: true, value: traced });
    });

    it.each([
      ['not an object', 'abc', 'trace', 'expected a trace context (object with traceparent)'],
      ['no traceparent', {}, 'trace.traceparent', `missing, ${EXPECTED_TRACEPARENT}`],
      [
        'upper-case hex',
        { traceparent: TRACEPARENT.toUpperCase() },
        'trace.traceparent',
        EXPECTED_TRACEPARENT,
      ],
      [
        'an unknown version',
        { traceparent: `01${TRACEPARENT.slice(2)}` },
        'trace.traceparent',
        EXPECTED_TRACEPARENT,
      ],
      [
        'an all-zero trace id',
        { traceparent: `00-${'0'.repeat(32)}-00f067aa0ba902b7-01` },
        'trace.traceparent',
        EXPECTED_TRACEPARENT,
      ],
      [
        'an all-zero span id',
        { traceparent: `00-4bf92f3577b34da6a3ce929d0e0e4736-${'0'.repeat(16)}-01` },
        'trace.traceparent',
        EXPECTED_TRACEPARENT,
      ],
      [
        'a tracestate too long',
        { traceparent: TRACEPARENT, tracestate: 'a'.repeat(MAX_TRACESTATE_LENGTH + 1) },
        'trace.tracestate',
        `expected a W3C tracestate (printable ASCII, at most ${MAX_TRACESTATE_LENGTH} characters)`,
      ],
      [
        'a tracestate with a line break',
        { traceparent: TRACEPARENT, tracestate: 'a=b\nc=d' },
        'trace.tracestate',
        `expected a W3C tracestate (printable ASCII, at most ${MAX_TRACESTATE_LENGTH} characters)`,
      ],
    ])('rejects %s, naming the field', (_what, trace, path, message) => {
      expect(issuesOf(parseJob(withValue(job, ['trace'], trace)))).toContainEqual({ path, message });
    });

    it('rejects a field it does not know inside the carrier', () => {
      const issues = issuesOf(
        parseJob(withValue(job, ['trace'], { traceparent: TRACEPARENT, baggage: 'x' })),
      );
      expect(issues).toEqual([{ path: 'trace.baggage', message: 'unexpected field' }]);
    });
  });
});

describe('traceCarrierOf', () => {
  it('reads a sound carrier off raw job data', () => {
    expect(traceCarrierOf({ kind: 'interaction', trace: { traceparent: TRACEPARENT } })).toEqual({
      traceparent: TRACEPARENT,
    });
  });

  it.each([
    ['no data', undefined],
    ['data without a carrier', { kind: 'interaction' }],
    ['a garbled carrier', { trace: { traceparent: 'nope' } }],
    ['an inherited carrier', Object.create({ trace: { traceparent: TRACEPARENT } }) as object],
  ])('gives nothing for %s', (_what, data) => {
    expect(traceCarrierOf(data)).toBeUndefined();
  });
});
