/**
 * One catalogue of errors with stable codes. Services throw these; the HTTP error handler turns
 * them into an HTML page in the visitor's language or an RFC 9457 problem for the API.
 */
export const errorCatalogue = {
  NotFound: { status: 404, titleKey: 'error.notFoundTitle', textKey: 'error.notFoundText' },
  FormExpired: { status: 403, titleKey: 'error.forbiddenTitle', textKey: 'error.forbiddenText' },
  Forbidden: { status: 403, titleKey: 'error.notAllowedTitle', textKey: 'error.notAllowedText' },
  TooManyRequests: { status: 429, titleKey: 'error.tooManyTitle', textKey: 'error.tooManyText' },
  BadRequest: { status: 400, titleKey: 'error.badRequestTitle', textKey: 'error.badRequestText' },
  PayloadTooLarge: { status: 413, titleKey: 'error.tooLargeTitle', textKey: 'error.tooLargeText' },
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
 * A business rule refused the request (a limit reached, the last Administrator…): the page
 * shows `messageKey` in the user's language and nothing was changed.
 */
export class RuleError extends Error {
  constructor(
    readonly messageKey: string,
    readonly params: Record<string, string | number> = {},
  ) {
    super(messageKey);
    this.name = 'RuleError';
  }
}

/** Maps anything thrown in a request to a catalogue entry. */
export function classify(error: unknown): ErrorCode {
  if (error instanceof AppError) return error.code;
  const e = error as { statusCode?: number; code?: string };
  if (typeof e?.code === 'string' && e.code.startsWith('FST_CSRF')) return 'FormExpired';
  switch (e?.statusCode) {
    case 404:
      return 'NotFound';
    case 429:
      return 'TooManyRequests';
    case 413:
      return 'PayloadTooLarge';
    case 400:
    case 415:
      return 'BadRequest';
    default:
      return 'Internal';
  }
}
