/**
 * One catalogue of errors with stable codes. Services throw these; the HTTP error handler turns
 * them into an HTML page in the visitor's language or an RFC 9457 problem for the API.
 */
export const errorCatalogue = {
  NotFound: { status: 404, titleKey: 'error.notFoundTitle', textKey: 'error.notFoundText' },
  FormExpired: { status: 403, titleKey: 'error.forbiddenTitle', textKey: 'error.forbiddenText' },
  Forbidden: { status: 403, titleKey: 'error.notAllowedTitle', textKey: 'error.notAllowedText' },
  TooManyRequests: { status: 429, titleKey: 'error.tooManyTitle', textKey: 'error.tooManyText' },
  /** A creating form's one-time token is still being handled by an earlier post of it. */
  StillSending: { status: 409, titleKey: 'error.stillSendingTitle', textKey: 'error.stillSendingText' },
  BadRequest: { status: 400, titleKey: 'error.badRequestTitle', textKey: 'error.badRequestText' },
  PayloadTooLarge: { status: 413, titleKey: 'error.tooLargeTitle', textKey: 'error.tooLargeText' },
  UnsupportedMediaType: { status: 415, titleKey: 'error.mediaTypeTitle', textKey: 'error.mediaTypeText' },
  /** The framework refused an address (a static file outside public/, a name with a NUL). */
  Refused: { status: 403, titleKey: 'error.refusedTitle', textKey: 'error.refusedText' },
  Internal: { status: 500, titleKey: 'error.serverTitle', textKey: 'error.serverText' },
} as const;

export type ErrorCode = keyof typeof errorCatalogue;

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message?: string,
  ) {
    super(message ?? code);
    this.name = 'AppError';
    this.status = errorCatalogue[code].status;
  }
}

/**
 * The stable codes of business-rule refusals (`LastAdministrator`, `AccessCodeInvalid`, …). Each
 * feature declares its own in its `rule-codes.ts`, with `ruleCodes`, and adds them to this
 * interface there (declaration merging), so the platform lists none of them.
 */
// biome-ignore lint/suspicious/noEmptyInterface: features add their codes to it
export interface RuleCodes {}
export type RuleCode = keyof RuleCodes & string;

/** Declares a feature's rule codes: its `rule-codes.ts` exports the result (a test checks their messages). */
export const ruleCodes = <const Codes extends readonly string[]>(codes: Codes): Codes => codes;

/**
 * A business rule refused the request (a limit reached, the last Administrator…) and nothing was
 * changed. It carries a stable code and the values its message needs; the page shows the message.
 */
export class RuleError extends Error {
  constructor(
    readonly code: RuleCode,
    readonly params: Record<string, string | number> = {},
  ) {
    super(code);
    this.name = 'RuleError';
  }
}

/** Where a rule code's message is: `errors.rule.<Code>`, in the locales of the feature that declares it. */
export const ruleMessageKey = (code: RuleCode): string => `errors.rule.${code}`;

/** The refusal in the person's language, for the page to show. */
export const ruleMessage = (
  t: (key: string, params?: Record<string, string | number>) => string,
  error: RuleError,
): string => t(ruleMessageKey(error.code), error.params);

/** The framework's own refusals (body parser, static files, rate limit), by status. */
const frameworkStatuses: Partial<Record<number, ErrorCode>> = {
  403: 'Refused',
  404: 'NotFound',
  413: 'PayloadTooLarge',
  415: 'UnsupportedMediaType',
  429: 'TooManyRequests',
};

/**
 * Maps anything thrown in a request to a catalogue entry and the status to answer. A malformed
 * id in the path (a route's params schema refused it) is simply "not found"; any other 4xx of
 * the framework keeps its status; everything else is a 500.
 */
export function classify(error: unknown): { code: ErrorCode; status: number } {
  if (error instanceof AppError) return { code: error.code, status: error.status };
  const e = error as { statusCode?: number; code?: string; validationContext?: string };
  const known = (code: ErrorCode) => ({ code, status: errorCatalogue[code].status });
  if (typeof e?.code === 'string' && e.code.startsWith('FST_CSRF')) return known('FormExpired');
  if (e?.code === 'FST_ERR_VALIDATION' && e.validationContext === 'params') return known('NotFound');
  const status = e?.statusCode;
  if (typeof status !== 'number' || status < 400 || status > 499) return known('Internal');
  return { code: frameworkStatuses[status] ?? 'BadRequest', status };
}
