import { stepVerdict, type SaturationStep } from './saturate.js';

const step = (offered: number, sent: number, forwarded: number): SaturationStep => ({
  offeredPerSec: offered,
  sentPerSec: sent,
  receivedPerSec: forwarded,
  forwardedPerSec: forwarded,
  bufferedAtEnd: 0,
  cpuCores: {},
  machineBusyCores: 0,
  otherBusyCores: 0,
});

describe('stepVerdict', () => {
  it('goes on while the fleet forwards what the simulator sends', () => {
    expect(stepVerdict(step(500, 498, 497))).toBeUndefined();
    expect(stepVerdict(step(1000, 1000, 990))).toBeUndefined();
  });

  it('stops when the fleet falls behind what the simulator sent', () => {
    expect(stepVerdict(step(4000, 4000, 3000))).toMatch(/fell behind: forwarded 3000\/s of 4000\/s sent/);
  });

  it('stops when the simulator cannot send what is offered, naming it as the limit', () => {
    expect(stepVerdict(step(8000, 5000, 5000))).toMatch(/simulator sent 5000\/s of 8000\/s/);
  });
});
