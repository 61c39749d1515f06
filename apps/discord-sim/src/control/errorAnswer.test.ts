import { z } from 'zod';
import { SimRequestError } from '../world/simRequestError.js';
import { ControlError } from './controlError.js';
import { errorAnswer } from './errorAnswer.js';

describe('errorAnswer', () => {
  it("answers the caller's mistakes with 4xx and a message", () => {
    expect(errorAnswer(new ControlError(404, 'unknown generator 9'))).toEqual({
      status: 404,
      body: { message: 'unknown generator 9' },
    });
    expect(errorAnswer(new SimRequestError('unknown', 'unknown guild 1')).status).toBe(404);
    expect(errorAnswer(new SimRequestError('invalid', 'not a member')).status).toBe(400);
    expect(errorAnswer(new SyntaxError('Unexpected end')).body).toEqual({
      message: 'invalid JSON: Unexpected end',
    });
  });

  it('lists zod issues for an invalid body', () => {
    const parsed = z.object({ count: z.number() }).safeParse({});
    const answer = errorAnswer(parsed.error);
    expect(answer).toMatchObject({ status: 400, body: { message: 'invalid request' } });
    expect(answer.body.issues?.[0]?.path).toEqual(['count']);
  });

  it("answers the simulator's own failures with 500", () => {
    expect(errorAnswer(new TypeError('x is undefined'))).toEqual({
      status: 500,
      body: { message: 'x is undefined' },
    });
  });
});
