// The sandboxes' error base: a control-API request or option the sandbox cannot apply, answered with `status`.

/** A control-API request or sandbox option the sandbox cannot apply; the message names the field or the object. */
export class SandboxInputError extends Error {
  /** The HTTP status the control routes answer: 400 by default, 404 for an unknown object, 409 for a state conflict. */
  readonly status: number;

  constructor(message: string, status = 400) {
    super(message);
    this.name = 'SandboxInputError';
    this.status = status;
  }
}
