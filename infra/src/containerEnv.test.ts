import { containerEnv } from './containerEnv.js';
import type { KubeObject } from './kubeObject.js';

const configMap = (name: string, data: Record<string, string>): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name },
  data,
});

describe('containerEnv', () => {
  const objects = [
    configMap('shared-c84dm7hdt6', { LOG_LEVEL: 'info', OPS_PORT: '9000' }),
    configMap('worker-kk2b8btf6f', { OPS_PORT: '9200' }),
  ];

  it('resolves envFrom ConfigMaps in order, then env, later sources winning as in Kubernetes', () => {
    const env = containerEnv(
      {
        name: 'worker',
        envFrom: [
          { configMapRef: { name: 'shared-c84dm7hdt6' } },
          { configMapRef: { name: 'worker-kk2b8btf6f' } },
        ],
        env: [
          { name: 'LOG_LEVEL', value: 'debug' },
          { name: 'TOKEN', valueFrom: { secretKeyRef: { name: 's', key: 'DISCORD_TOKEN' } } },
          { name: 'INDEX', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
          { name: 'PORT', valueFrom: { configMapKeyRef: { name: 'shared-c84dm7hdt6', key: 'OPS_PORT' } } },
        ],
      },
      objects,
    );
    expect(Object.fromEntries(env)).toEqual({
      LOG_LEVEL: { kind: 'value', value: 'debug' },
      OPS_PORT: { kind: 'configMap', configMap: 'worker-kk2b8btf6f', key: 'OPS_PORT', value: '9200' },
      TOKEN: { kind: 'secret', secret: 's', key: 'DISCORD_TOKEN' },
      INDEX: { kind: 'field', fieldPath: 'metadata.name' },
      PORT: { kind: 'configMap', configMap: 'shared-c84dm7hdt6', key: 'OPS_PORT', value: '9000' },
    });
  });

  it('finds a generated ConfigMap by the name it was given, and names what is missing', () => {
    expect(
      containerEnv({ name: 'c', envFrom: [{ configMapRef: { name: 'worker' } }] }, objects).get('OPS_PORT'),
    ).toEqual(expect.objectContaining({ value: '9200' }));
    expect(() => containerEnv({ name: 'c', envFrom: [{ configMapRef: { name: 'nope' } }] }, objects)).toThrow(
      'expected one ConfigMap named nope, found 0',
    );
    expect(() =>
      containerEnv(
        { name: 'c', env: [{ name: 'X', valueFrom: { configMapKeyRef: { name: 'worker', key: 'NOPE' } } }] },
        objects,
      ),
    ).toThrow('X: ConfigMap worker has no key NOPE');
  });

  it('refuses a whole Secret as envFrom: the container would get keys it does not read', () => {
    expect(() => containerEnv({ name: 'c', envFrom: [{ secretRef: { name: 's' } }] }, objects)).toThrow(
      'c: envFrom a Secret hands over every key; name each one instead',
    );
  });
});
