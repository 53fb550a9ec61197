import { type BudgetJudge, FASTER, SLOWER } from '../probe/latency-budget';
import type { ImpactProfile } from './impact-profile';

/**
 * The pace of one server's scan, moved by its latency budget: over the budget, steps shrink first (a
 * shorter step is a shorter wait for whoever arrives during it), then the scan leaves the server idle
 * for longer; with room, it recovers in the opposite order. Without a budget (`fast`) the pace stays at
 * its profile's full speed.
 */
export class StepPacing {
  #stepUs: number;
  #dutyCycle: number;

  constructor(
    private readonly profile: ImpactProfile,
    private readonly budget: BudgetJudge | undefined,
  ) {
    this.#stepUs = profile.maxStepUs;
    this.#dutyCycle = profile.maxDutyCycle;
  }

  /** Server time the next step aims at. */
  get stepUs(): number {
    return this.#stepUs;
  }

  /** Share of the time the scan keeps the server busy; the rest it leaves idle. */
  get dutyCycle(): number {
    return this.#dutyCycle;
  }

  /** Moves on the budget's verdict about the replies since the previous call: back as far as it says, or up a notch. */
  adjust(): void {
    const verdict = this.budget?.verdict();
    if (verdict?.kind === 'over') for (let i = 0; i < verdict.halvings; i++) this.#slower();
    else if (verdict?.kind === 'room') this.#faster();
  }

  #slower(): void {
    const { minStepUs, minDutyCycle } = this.profile;
    if (this.#stepUs > minStepUs) this.#stepUs = Math.max(minStepUs, this.#stepUs * SLOWER);
    else this.#dutyCycle = Math.max(minDutyCycle, this.#dutyCycle * SLOWER);
  }

  #faster(): void {
    const { maxStepUs, maxDutyCycle } = this.profile;
    if (this.#dutyCycle < maxDutyCycle) this.#dutyCycle = Math.min(maxDutyCycle, this.#dutyCycle * FASTER);
    else this.#stepUs = Math.min(maxStepUs, this.#stepUs * FASTER);
  }
}
