/**
 * Injected failures. Transport faults (error500, throttle, hang, reset) fire before
 * authentication, like AWS's front end; `deny` fires after it, since AccessDenied needs a caller.
 */
export type FaultKind = 'error500' | 'throttle' | 'hang' | 'reset' | 'deny';

export interface FaultInit {
  kind: FaultKind;
  /** Only requests signed with this access key id; default: every request. */
  accessKeyId?: string;
  /** Only this Action (e.g. 'GetCallerIdentity'); default: every operation. */
  operation?: string;
  /** Fire this many times, then let requests through; default: forever. */
  times?: number;
}

export interface Fault extends FaultInit {
  /** How often it has fired so far. */
  fired: number;
}

export function isTransportFault(kind: FaultKind): boolean {
  return kind !== 'deny';
}

/** The first live fault matching the request in this phase; counts it as fired. */
export function takeFault(
  faults: readonly Fault[],
  phase: 'transport' | 'authorized',
  accessKeyId: string | undefined,
  operation: string,
): Fault | undefined {
  const fault = faults.find(
    (f) =>
      isTransportFault(f.kind) === (phase === 'transport') &&
      (f.times === undefined || f.fired < f.times) &&
      (f.accessKeyId === undefined || f.accessKeyId === accessKeyId) &&
      (f.operation === undefined || f.operation === operation),
  );
  if (fault) fault.fired++;
  return fault;
}
