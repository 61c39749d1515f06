/**
 * A request the simulated Discord cannot carry out: it names something that does not exist (`unknown`), or
 * asks for what cannot be (`invalid`: a user who is not a member, JSON text that is not JSON). The message
 * says which; the control API answers 404 or 400 with it.
 */
export class SimRequestError extends Error {
  override readonly name: string;

  constructor(
    readonly reason: 'unknown' | 'invalid',
    message: string,
  ) {
    super(message);
    this.name = `SimRequestError[${reason}]`;
  }
}
