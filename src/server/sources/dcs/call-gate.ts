import { ApiError } from '../../http/api-error';

/**
 * Holds back every call to one source for a while: after a throttling answer (hammering a throttled
 * gateway prolongs it) and after rejected credentials (repeated failures lock the key).
 */
export class CallGate {
  private closedUntil = 0;
  private reason: ApiError | undefined;

  constructor(private readonly now: () => number) {}

  closeFor(ms: number, reason: ApiError): void {
    this.closedUntil = Math.max(this.closedUntil, this.now() + ms);
    this.reason = reason;
  }

  /** Throws the reason, with the seconds left as Retry-After, while the gate is closed. */
  check(): void {
    const left = this.closedUntil - this.now();
    if (left <= 0 || !this.reason) return;
    const { status, code, message, hint } = this.reason;
    throw new ApiError(status, code, message, hint, { 'Retry-After': String(Math.ceil(left / 1000)) });
  }
}
