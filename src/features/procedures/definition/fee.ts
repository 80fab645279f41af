import jsonLogic from 'json-logic-js';
import { stripHidden } from './conditions.ts';
import type { Answers, Definition } from './types.ts';

/** A fee rule gave something that is not an amount: a defect of the definition, not of the answers. */
export class FeeRuleError extends Error {
  override name = 'FeeRuleError';
}

/**
 * The fee in integer cents for validated answers: the fixed amount, or the rule's result over
 * the answers without hidden fields (a hidden "urgent" box costs nothing). A rule may divide, so
 * its result is rounded to the nearest cent; money never leaves integer cents.
 */
export function feeOf(definition: Definition, answers: Answers): number {
  const { fee } = definition;
  if ('cents' in fee) return fee.cents;
  const result: unknown = jsonLogic.apply(fee.logic, stripHidden(definition, answers));
  const cents = typeof result === 'number' ? Math.round(result) : Number.NaN;
  if (!Number.isSafeInteger(cents) || cents < 0) {
    throw new FeeRuleError(
      `the fee rule of ${definition.code} v${definition.version} gave ${JSON.stringify(result)}, not an amount in cents`,
    );
  }
  return cents;
}
