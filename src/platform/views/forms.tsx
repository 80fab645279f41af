import { type ComponentChildren, Fragment } from 'preact';
import { fieldLimits } from '../fields.ts';
import { newOneTimeToken, ONE_TIME_FIELD } from '../http/idempotency.ts';
import type { T } from '../i18n/index.ts';

/** Field name → translated message, in the order the fields appear. */
export type FieldErrors = Record<string, string>;

/** The GOV.UK error summary: first on the page, each message a link to its field. */
export function ErrorSummary({
  t,
  errors,
  message,
}: {
  t: T;
  errors?: FieldErrors;
  message?: string | undefined;
}) {
  const entries = Object.entries(errors ?? {});
  if (entries.length === 0 && !message) return null;
  return (
    <div class="error-summary" role="alert" tabindex={-1}>
      <h2>{t('form.errorTitle')}</h2>
      {message ? <p>{message}</p> : null}
      {entries.length > 0 ? (
        <ul>
          {entries.map(([field, text]) => (
            <li key={field}>
              <a href={`#${field}`}>{text}</a>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/**
 * The hidden CSRF field of a form; with `once`, also a new one-time token, for a form that
 * creates something (its route is `idempotent`: posted twice, it creates one thing).
 */
export function CsrfField({ token, once }: { token: string; once?: boolean }) {
  return (
    <>
      <input type="hidden" name="_csrf" value={token} />
      {once ? <input type="hidden" name={ONE_TIME_FIELD} value={newOneTimeToken()} /> : null}
    </>
  );
}

export function TextField(props: {
  name: string;
  /** When several forms of a page have a field of the same name; the name otherwise. */
  id?: string | undefined;
  label: string;
  value?: string | undefined;
  error?: string | undefined;
  hint?: string | undefined;
  required?: boolean;
  type?: 'text' | 'email' | 'password' | 'tel';
  autocomplete?: string;
  inputmode?: 'numeric' | 'text' | 'email';
  width?: 'short' | 'medium' | 'full';
  readonly?: boolean;
  /** The longest value the server takes (the field's schema limit): every text field has one. */
  maxLength: number;
}) {
  const id = props.id ?? props.name;
  const described = [props.hint ? `${id}-hint` : '', props.error ? `${id}-error` : '']
    .filter(Boolean)
    .join(' ');
  return (
    <div class={`field${props.error ? ' field-error' : ''}`}>
      <label for={id}>
        {props.label}
        {props.required ? <span aria-hidden="true"> *</span> : null}
      </label>
      {props.hint ? (
        <p class="hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      ) : null}
      {props.error ? (
        <p class="error-message" id={`${id}-error`}>
          {props.error}
        </p>
      ) : null}
      <input
        id={id}
        name={props.name}
        type={props.type ?? 'text'}
        value={props.value ?? ''}
        required={props.required}
        aria-required={props.required ? 'true' : undefined}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={described || undefined}
        autocomplete={props.autocomplete}
        inputmode={props.inputmode}
        class={`input-${props.width ?? 'medium'}`}
        spellcheck={false}
        readonly={props.readonly}
        maxLength={props.maxLength}
      />
    </div>
  );
}

export function Radios(props: {
  name: string;
  legend: string;
  options: { value: string; label: string; hint?: string }[];
  value?: string | undefined;
  error?: string | undefined;
  hint?: string | undefined;
  required?: boolean;
}) {
  return (
    <fieldset
      class={`field${props.error ? ' field-error' : ''}`}
      id={props.name}
      aria-describedby={props.hint ? `${props.name}-hint` : undefined}
    >
      <legend>
        {props.legend}
        {props.required ? <span aria-hidden="true"> *</span> : null}
      </legend>
      {props.hint ? (
        <p class="hint" id={`${props.name}-hint`}>
          {props.hint}
        </p>
      ) : null}
      {props.error ? <p class="error-message">{props.error}</p> : null}
      {props.options.map((option) => (
        <div class="radio" key={option.value}>
          <input
            type="radio"
            id={`${props.name}-${option.value}`}
            name={props.name}
            value={option.value}
            checked={props.value === option.value}
            required={props.required}
          />
          <label for={`${props.name}-${option.value}`}>
            {option.label}
            {option.hint ? <span class="hint">{option.hint}</span> : null}
          </label>
        </div>
      ))}
    </fieldset>
  );
}

/** "<label>: at most N characters", the answer to text longer than its field takes. */
export const tooLongMessage = (t: T, label: string, max: number): string => t('form.tooLong', { label, max });

/** What fieldErrorsOf reads of a Zod issue. */
export type FormIssue = {
  path: readonly PropertyKey[];
  code?: string;
  origin?: string;
  maximum?: number | bigint;
};

/**
 * Field → message of the first problem Zod found with it, for an ErrorSummary. Text longer than
 * its field takes is answered "<label>: at most N characters" on every form, before any other
 * problem of that field (a 10,000-character name is not "missing"); any other problem gets
 * `message(field)`.
 */
export function fieldErrorsOf(
  t: T,
  issues: readonly FormIssue[],
  words: { label: (field: string) => string; message: (field: string) => string },
): FieldErrors {
  const errors: FieldErrors = {};
  const tooLong = (issue: FormIssue) => issue.code === 'too_big' && issue.origin === 'string';
  for (const issue of [...issues.filter(tooLong), ...issues.filter((i) => !tooLong(i))]) {
    const field = String(issue.path[0] ?? '');
    if (!field || errors[field]) continue;
    errors[field] = tooLong(issue)
      ? tooLongMessage(t, words.label(field), Number(issue.maximum))
      : words.message(field);
  }
  // In the order the fields came, as the summary lists them.
  const order = issues.map((issue) => String(issue.path[0] ?? ''));
  return Object.fromEntries(Object.entries(errors).sort(([a], [b]) => order.indexOf(a) - order.indexOf(b)));
}

/** Where a "Previous" or "Next" link starts its page, for a list paged by keyset (platform/keyset.ts). */
export type PageLink = { after: string } | { before: string } | undefined;

/**
 * "Previous · Page 2 of 7 · Next" for a paginated list; `href(page, at)` keeps the list's
 * filters. With `cursors` (a keyset-paged list: the first and last lines shown), "Next" starts
 * after the last line and "Previous" ends before the first, so that every page costs the same.
 */
export function Pagination(props: {
  t: T;
  page: number;
  pages: number;
  href: (page: number, at?: PageLink) => string;
  cursors?: { first: string; last: string } | undefined;
}) {
  const { t, page, pages, cursors } = props;
  if (pages <= 1) return null;
  return (
    <nav class="pagination" aria-label={t('pagination.label')}>
      {page > 1 ? (
        <a
          href={props.href(page - 1, page > 2 && cursors ? { before: cursors.first } : undefined)}
          rel="prev"
        >
          {t('pagination.previous')}
        </a>
      ) : null}
      <span aria-current="page">{t('pagination.status', { page, pages })}</span>
      {page < pages ? (
        <a href={props.href(page + 1, cursors ? { after: cursors.last } : undefined)} rel="next">
          {t('pagination.next')}
        </a>
      ) : null}
    </nav>
  );
}

/**
 * "Previous · Next" for a list paged by keyset alone, whose size is not counted (a search over
 * a large list): each link present only when that page exists.
 */
export function PreviousNext(props: { t: T; previous?: string | undefined; next?: string | undefined }) {
  const { t } = props;
  if (!props.previous && !props.next) return null;
  return (
    <nav class="pagination" aria-label={t('pagination.label')}>
      {props.previous ? (
        <a href={props.previous} rel="prev">
          {t('pagination.previous')}
        </a>
      ) : null}
      {props.next ? (
        <a href={props.next} rel="next">
          {t('pagination.next')}
        </a>
      ) : null}
    </nav>
  );
}

export function RequiredNote({ t }: { t: T }) {
  return <p class="muted">{t('form.requiredNote')}</p>;
}

export function Actions({ children }: { children: ComponentChildren }) {
  return <div class="actions">{children}</div>;
}

/**
 * A wide table that scrolls sideways on a narrow screen: a named region that keyboard users can
 * focus and scroll (WCAG 2.1.1).
 */
export function TableScroll({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    // A named <section> is a region landmark; tabindex lets the keyboard scroll it.
    <section class="table-scroll" aria-label={label} tabindex={0}>
      {children}
    </section>
  );
}

/**
 * A list as a table in its scrolling region: the column headers (a null one is left out, for a
 * column only some readers see), then the rows the caller renders.
 */
export function ListTable(props: {
  label: string;
  columns: ComponentChildren[];
  children: ComponentChildren;
}) {
  return (
    <TableScroll label={props.label}>
      <table>
        <thead>
          <tr>
            {props.columns
              .filter((column) => column !== null && column !== undefined && column !== false)
              .map((column, index) => (
                <th key={index} scope="col">
                  {column}
                </th>
              ))}
          </tr>
        </thead>
        <tbody>{props.children}</tbody>
      </table>
    </TableScroll>
  );
}

/**
 * The search bar of a long list, then how many lines it found. A GET form, so that a search is
 * a URL (shared, bookmarked, kept by the Back button); `filters` come before the search box,
 * `aside` beside the form (an "Add" button).
 */
export function SearchBar(props: {
  action: string;
  label: string;
  value: string;
  button: string;
  found: string;
  filters?: ComponentChildren;
  aside?: ComponentChildren;
}) {
  return (
    <>
      <div class="toolbar">
        <search>
          <form method="get" action={props.action}>
            {props.filters}
            <div class="field">
              <label for="q">{props.label}</label>
              <input
                id="q"
                name="q"
                type="search"
                value={props.value}
                class="input-medium"
                maxLength={fieldLimits.search}
              />
            </div>
            <button type="submit" class="button button-outline">
              {props.button}
            </button>
          </form>
        </search>
        {props.aside}
      </div>
      <p class="muted" role="status">
        {props.found}
      </p>
    </>
  );
}

/** Label and value pairs, read as a description list (two columns on a wide screen). */
export function SummaryList({ rows }: { rows: [string, ComponentChildren][] }) {
  return (
    <dl class="summary">
      {rows.map(([label, value]) => (
        <Fragment key={label}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </Fragment>
      ))}
    </dl>
  );
}
