import { EventEmitter } from 'node:events';
import type { WebSocket } from 'ws';
import { GatewayConnection, type GatewayProtocol } from './gatewayConnection.js';

/** A socket that records what is sent and closed, and lets the test play the client. */
class FakeSocket extends EventEmitter {
  readonly sent: string[] = [];
  closedWith: number | undefined;
  send(frame: string): void {
    this.sent.push(frame);
  }
  close(code: number): void {
    this.closedWith = code;
  }
  terminate(): void {}
  heartbeat(): void {
    this.emit('message', Buffer.from('{"op":1,"d":null}'), false);
  }
}

function connect(heartbeatGraceMs: number) {
  const socket = new FakeSocket();
  const protocol = { identify: jest.fn(), resume: jest.fn(), closed: jest.fn(), heartbeatMissed: jest.fn() };
  const conn = new GatewayConnection(socket as unknown as WebSocket, protocol satisfies GatewayProtocol, {
    heartbeatIntervalMs: 1000,
    heartbeatGraceMs,
    compress: false,
    clientPayloadLimit: 120,
    clientPayloadWindowMs: 60_000,
    now: () => Date.now(),
  });
  conn.start();
  return { socket, protocol, conn };
}

describe('GatewayConnection heartbeat timeout', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('announces the interval in HELLO and closes a silent client with 4009 after interval + grace', () => {
    const { socket, protocol } = connect(500);
    expect(JSON.parse(socket.sent[0]!)).toMatchObject({ op: 10, d: { heartbeat_interval: 1000 } });
    jest.advanceTimersByTime(1499);
    expect(socket.closedWith).toBeUndefined();
    jest.advanceTimersByTime(1);
    expect(socket.closedWith).toBe(4009);
    expect(protocol.heartbeatMissed).toHaveBeenCalledTimes(1);
    // The session's fate is decided by the code the simulator closed with, whatever the peer echoes.
    socket.emit('close', 1000);
    expect(protocol.closed).toHaveBeenCalledWith(expect.any(GatewayConnection), 4009);
  });

  it('counts from each heartbeat, so a client that keeps beating stays', () => {
    const { socket } = connect(500);
    for (let i = 0; i < 10; i += 1) {
      jest.advanceTimersByTime(1400);
      socket.heartbeat();
    }
    expect(socket.closedWith).toBeUndefined();
    expect(socket.sent.filter((f) => f.startsWith('{"op":11'))).toHaveLength(10);
    jest.advanceTimersByTime(1500);
    expect(socket.closedWith).toBe(4009);
  });

  it('never times out with an infinite grace, and stops the clock once closed', () => {
    const { socket } = connect(Number.POSITIVE_INFINITY);
    jest.advanceTimersByTime(10 * 60_000);
    expect(socket.closedWith).toBeUndefined();
    const other = connect(500);
    other.conn.close(4000);
    jest.advanceTimersByTime(5000);
    expect(other.socket.closedWith).toBe(4000);
    expect(other.protocol.heartbeatMissed).not.toHaveBeenCalled();
  });
});
