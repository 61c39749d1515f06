import { ConfigError, parseConfig } from './config';
import { tracingEnvShape, tracingOptionsFromConfig } from './tracingConfig';

function options(env: Record<string, string>) {
  return tracingOptionsFromConfig(parseConfig(tracingEnvShape, env), 'droas-worker');
}

function problemsOf(env: Record<string, string>): string[] {
  try {
    parseConfig(tracingEnvShape, env);
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('tracing configuration', () => {
  it('is off when no endpoint is set, whatever else is', () => {
    expect(options({})).toBeUndefined();
    expect(options({ OTEL_SERVICE_NAME: 'x', OTEL_TRACES_SAMPLER: 'always_on' })).toBeUndefined();
  });

  it('is off when the endpoint is set but empty, as compose and Kubernetes leave it', () => {
    expect(options({ OTEL_EXPORTER_OTLP_ENDPOINT: '' })).toBeUndefined();
    expect(
      options({ OTEL_EXPORTER_OTLP_ENDPOINT: '  ', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: '' }),
    ).toBeUndefined();
  });

  it('posts to <endpoint>/v1/traces, keeping parent-based sampling of every trace by default', () => {
    expect(options({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' })).toEqual({
      tracesUrl: 'http://collector:4318/v1/traces',
      serviceName: 'droas-worker',
      sampler: 'parentbased_always_on',
      ratio: 1,
    });
  });

  it('takes the traces endpoint as it is, over the general one', () => {
    const chosen = options({
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'https://tempo.example/otlp/traces',
    });
    expect(chosen?.tracesUrl).toBe('https://tempo.example/otlp/traces');
  });

  it('reads the service name, the sampler and its ratio', () => {
    const chosen = options({
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
      OTEL_SERVICE_NAME: 'droas-worker-eu',
      OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
      OTEL_TRACES_SAMPLER_ARG: '0.1',
    });
    expect(chosen).toMatchObject({
      serviceName: 'droas-worker-eu',
      sampler: 'parentbased_traceidratio',
      ratio: 0.1,
    });
  });

  it.each([
    [
      { OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' },
      'OTEL_EXPORTER_OTLP_ENDPOINT is "collector:4318": expected a URL starting with http:// or https://',
    ],
    [
      { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'grpc://collector:4317' },
      'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT is "grpc://collector:4317": expected a URL starting with http:// or https://',
    ],
    [{ OTEL_TRACES_SAMPLER_ARG: '1.5' }, 'OTEL_TRACES_SAMPLER_ARG is "1.5": expected a number from 0 to 1'],
    [{ OTEL_TRACES_SAMPLER_ARG: '-0.1' }, 'OTEL_TRACES_SAMPLER_ARG is "-0.1": expected a number from 0 to 1'],
    [{ OTEL_TRACES_SAMPLER_ARG: 'half' }, 'OTEL_TRACES_SAMPLER_ARG is "half": expected a number from 0 to 1'],
    [
      { OTEL_TRACES_SAMPLER: 'jaeger_remote' },
      'OTEL_TRACES_SAMPLER is "jaeger_remote": expected one of always_on, always_off, traceidratio, ' +
        'parentbased_always_on, parentbased_always_off, parentbased_traceidratio',
    ],
    [
      { OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' },
      'OTEL_EXPORTER_OTLP_PROTOCOL is "grpc": expected http/json (the only OTLP protocol DROAS sends)',
    ],
    [
      { OTEL_SERVICE_NAME: 'droas worker' },
      'OTEL_SERVICE_NAME is "droas worker": expected 1-128 printable characters without spaces',
    ],
  ])('rejects %j, naming the variable and what was expected', (env, problem) => {
    expect(problemsOf(env)).toEqual([problem]);
  });
});
