import { electronicFormatIBAN, isValidIBAN } from 'ibantools';
import { isValidPhoneNumber, parsePhoneNumberWithError } from 'libphonenumber-js';
import { type CompanyIdScheme, companyIdSchemes } from './types.ts';

/**
 * The formats of typed answers that JSON Schema has no word for. Answers hold the canonical form
 * (what `normalise…` returns); the form reads what people type and normalises it before
 * validation, so "lu28 0019 4006 4475 0000" is accepted and kept as LU280019400644750000.
 */

/** An IBAN in electronic format (no spaces, capitals) with a valid country length and checksum. */
export const isIban = (value: string): boolean => isValidIBAN(value);

export const normaliseIban = (typed: string): string => electronicFormatIBAN(typed) ?? typed.trim();

// Numbers without a country prefix are read as Luxembourg's, as people here type them.
const defaultCountry = 'LU';

/** A phone number that exists in its country's numbering plan (Luxembourg unless prefixed). */
export const isPhone = (value: string): boolean => isValidPhoneNumber(value, defaultCountry);

/** A phone number in international form (+352 247 76100), or as typed when it is not one. */
export function normalisePhone(typed: string): string {
  try {
    return parsePhoneNumberWithError(typed, defaultCountry).formatInternational();
  } catch {
    return typed.trim();
  }
}

/**
 * National identifiers of a company: the trade and companies register number (a section letter
 * and up to six digits, B123456), the 11-digit national number of a legal person (it starts with
 * the year of registration), and the education ministry's structure ID (S and five digits).
 */
const companyIdPatterns: Record<CompanyIdScheme, RegExp> = {
  rcs: /^[A-Z]\d{1,6}$/,
  national: /^(?:19|20)\d{9}$/,
  structure: /^S\d{5}$/,
};

/** One example per scheme, for error messages and hints. */
export const companyIdExamples: Record<CompanyIdScheme, string> = {
  rcs: 'B123456',
  national: '20062200001',
  structure: 'S10001',
};

export const isCompanyId = (value: string, schemes: readonly CompanyIdScheme[] = companyIdSchemes): boolean =>
  schemes.some((scheme) => companyIdPatterns[scheme].test(value));

/** "rcs b 123.456" → "B123456": capitals, without the register's name, spaces or dots. */
export const normaliseCompanyId = (typed: string): string =>
  typed
    .toUpperCase()
    .replace(/^\s*RCS\s*/, '')
    .replace(/[\s.]/g, '');
