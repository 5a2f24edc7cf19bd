import type { StepType } from './step-type.ts';

/** The step types a deployment knows, by `type` name. */
export class StepRegistry {
  readonly #types = new Map<string, StepType<any>>();

  constructor(types: Iterable<StepType<any>> = []) {
    for (const t of types) this.register(t);
  }

  register(type: StepType<any>): void {
    if (this.#types.has(type.type)) throw new Error(`step type "${type.type}" is registered twice`);
    this.#types.set(type.type, type);
  }

  get(type: string): StepType<any> | undefined {
    return this.#types.get(type);
  }

  names(): string[] {
    return [...this.#types.keys()].sort();
  }
}
