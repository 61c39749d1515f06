import type { SimStats } from '../world/simStats.js';
import type { GatewayConnection } from './gatewayConnection.js';
import type { GatewaySession } from './gatewaySession.js';

export type GatewayFault =
  | { action: 'drop'; closeCode?: number; resumeDelayMs?: number }
  | { action: 'reconnect' }
  | { action: 'invalidate'; resumable?: boolean }
  | { action: 'stopHeartbeatAcks' }
  | { action: 'resumeHeartbeatAcks' };

/**
 * Does to one session what Discord does in trouble: drops its socket (it stays resumable; `resumeDelayMs`
 * holds its RESUME so events pile up), asks it to reconnect (op 7), invalidates it (op 9), or stops
 * acknowledging its heartbeats. Returns true when the session is over and must be forgotten.
 */
export function applyGatewayFault(
  fault: GatewayFault,
  session: GatewaySession,
  conn: GatewayConnection | undefined,
  nowMs: number,
  stats: SimStats,
): boolean {
  switch (fault.action) {
    case 'drop':
      session.resumeHeldUntilMs = nowMs + (fault.resumeDelayMs ?? 0);
      session.detach(nowMs);
      conn?.close(fault.closeCode ?? 4000, 'Unknown error.');
      return false;
    case 'reconnect':
      conn?.sendOp(7, null);
      return false;
    case 'invalidate':
      stats.invalidSessions += 1;
      conn?.sendOp(9, fault.resumable ?? false);
      if (conn) conn.session = null;
      session.detach(nowMs);
      return !(fault.resumable ?? false);
    case 'stopHeartbeatAcks':
      session.heartbeatAcks = false;
      return false;
    case 'resumeHeartbeatAcks':
      session.heartbeatAcks = true;
      return false;
  }
}
