import type { FakeAwsState, FakeKey } from './state.js';
import type { XmlObject } from './xml.js';

/** An AWS error answer: thrown by operations, rendered as ErrorResponse XML by the server. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** What an operation sees: the authenticated caller and the form parameters. */
export interface OperationContext {
  state: FakeAwsState;
  caller: FakeKey;
  params: URLSearchParams;
  now: Date;
}

/** Returns the `<OpResult>` content, or undefined for operations that answer only metadata. */
export type Operation = (ctx: OperationContext) => XmlObject | undefined;

export function requireParam(params: URLSearchParams, name: string): string {
  const v = params.get(name);
  if (v === null || v === '') {
    throw new ApiError(
      400,
      'ValidationError',
      `1 validation error detected: Value null at '${lowerFirst(name)}' failed to satisfy constraint: Member must not be null`,
    );
  }
  return v;
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}

export function accessDenied(caller: FakeKey, action: string, resource: string): ApiError {
  return new ApiError(
    403,
    'AccessDenied',
    `User: ${caller.arn} is not authorized to perform: ${action} on resource: ${resource}`,
  );
}
