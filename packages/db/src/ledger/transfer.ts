import type { Database } from '../database.js';
import {
  applyTransfer,
  checkTransferRequest,
  type TransferOutcome,
  type TransferRequest,
} from './applyTransfer.js';
import { runOperation, type OperationResult } from './runOperation.js';

export type { TransferOutcome, TransferRequest } from './applyTransfer.js';

/**
 * Moves `amount` from one member to another, at most once per idempotency key: {@link applyTransfer} inside
 * {@link runOperation}. Refusals are recorded as the operation's outcome.
 */
export async function transfer(
  db: Database,
  req: TransferRequest,
): Promise<OperationResult<TransferOutcome>> {
  // Checked before the transaction too, so a caller's bug claims no key.
  checkTransferRequest(req);
  return runOperation(
    db,
    { idempotencyKey: req.idempotencyKey, guildId: req.guildId, kind: 'transfer', actorId: req.fromUserId },
    (tx) => applyTransfer(tx, req),
  );
}
