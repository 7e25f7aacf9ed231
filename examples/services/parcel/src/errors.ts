/** Errors the HTTP layer maps to status codes (see app.ts). */
export class DomainError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

export class NotFoundError extends DomainError {
  constructor(what: string) {
    super(`${what} not found`, 404);
  }
}

export class ParcelRuleError extends DomainError {
  constructor(message: string) {
    super(message, 422);
  }
}

export class IllegalTransitionError extends DomainError {
  constructor(from: string, to: string) {
    super(`Parcel cannot move from ${from} to ${to}`, 409);
  }
}
