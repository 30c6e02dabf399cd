import type { Reason, VetoOutcome } from '../evaluate/decision.js';

/** Any fired rule vetoes the unit; every fired rule is a reason. */
export function vetoOutcome(fired: readonly Reason[]): VetoOutcome {
  return { vetoed: fired.length > 0, reasons: [...fired] };
}
