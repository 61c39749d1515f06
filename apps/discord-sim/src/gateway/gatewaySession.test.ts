import { GatewaySession } from './gatewaySession.js';

describe('GatewaySession', () => {
  it('numbers frames, sends them when attached and keeps them for replay', () => {
    const session = new GatewaySession('s', 0, 1, 1, 3);
    const sent: string[] = [];
    session.attach({ send: (f) => sent.push(f) });
    session.dispatch('A', '{}');
    session.detach(0);
    session.dispatch('B', '{"x":1}');
    expect(sent).toEqual(['{"op":0,"s":1,"t":"A","d":{}}']);
    expect(session.framesAfter(1)).toEqual(['{"op":0,"s":2,"t":"B","d":{"x":1}}']);
    expect(session.framesAfter(2)).toEqual([]);
    expect(session.framesAfter(3)).toBeUndefined();
  });

  it('cannot replay past what it kept', () => {
    const session = new GatewaySession('s', 0, 1, 1, 2);
    for (let i = 0; i < 10; i += 1) session.dispatch('E', String(i));
    expect(session.framesAfter(0)).toBeUndefined();
    expect(session.framesAfter(8)?.length).toBe(2);
  });

  it('notes how long the shard had no socket before each resume', () => {
    const session = new GatewaySession('s', 0, 1, 1, 2);
    const sink = { send: () => undefined };
    session.attach(sink);
    session.detach(1_000);
    session.resumed(sink, 1_250);
    // Taking over a socket that is still attached costs no gap.
    session.resumed({ send: () => undefined }, 2_000);
    expect(session.resumeGapsMs).toEqual([250, 0]);
  });
});
