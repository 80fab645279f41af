import { ruleCodes } from '../errors.ts';

/** Why an e-mail is not sent (messages: errors.rule.<Code> in the platform's locales). */
export const mailRuleCodes = ruleCodes(['MailLimitReached']);

declare module '../errors.ts' {
  interface RuleCodes extends Record<(typeof mailRuleCodes)[number], true> {}
}
