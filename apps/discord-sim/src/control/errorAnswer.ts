import { z } from 'zod';
import { SimRequestError } from '../world/simRequestError.js';
import { ControlError } from './controlError.js';

export interface ErrorAnswer {
  status: number;
  body: { message: string; issues?: z.core.$ZodIssue[] };
}

/** How the control API answers a request that failed: 4xx for the caller's mistakes, 500 for the simulator's. */
export function errorAnswer(error: unknown): ErrorAnswer {
  if (error instanceof ControlError) return { status: error.status, body: { message: error.message } };
  if (error instanceof SimRequestError)
    return { status: error.reason === 'unknown' ? 404 : 400, body: { message: error.message } };
  if (error instanceof z.ZodError)
    return { status: 400, body: { message: 'invalid request', issues: error.issues } };
  if (error instanceof SyntaxError)
    return { status: 400, body: { message: `invalid JSON: ${error.message}` } };
  return { status: 500, body: { message: error instanceof Error ? error.message : String(error) } };
}
