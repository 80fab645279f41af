import type { ComponentChildren } from 'preact';
import type { Lang, T } from '../../../platform/i18n/index.ts';
import type { FieldErrors } from '../../../platform/views/forms.tsx';
import { inWords } from '../definition/display.ts';
import { addressParts, euros, type FormValues, GROUP_MAX, itemCount } from '../definition/form-values.ts';
import { typeName } from '../definition/messages.ts';
import type { Field, FileAnswer, GroupField, ItemField } from '../definition/types.ts';

/**
 * The inputs of a definition's fields, one widget per type, in the GOV.UK pattern the portal's
 * forms follow (label, hint, error beside the field, its id the error summary's link). They
 * are not the platform's TextField and Radios because a definition's field says more: where
 * its first value came from, a group's items and their buttons, a file already attached.
 */

/** Where a prefilled value came from: a mark beside the field until the person saves the step. */
export type Source = 'sheet' | 'person' | 'certified';

export type FieldsContext = {
  t: T;
  lang: Lang;
  /** The inputs' values (as typed, or as saved). */
  form: FormValues;
  errors: FieldErrors;
  /** Whether a field of a group's item is shown (its condition holds for that item). */
  itemShows: (group: GroupField, index: number, fieldId: string) => boolean;
};

const one = (form: FormValues, name: string): string => {
  const value = form[name];
  return Array.isArray(value) ? (value[0] ?? '') : (value ?? '');
};
const many = (form: FormValues, name: string): string[] => {
  const value = form[name];
  return Array.isArray(value) ? value : value === undefined ? [] : [value];
};

const describedBy = (id: string, parts: { hint: boolean; error: boolean }) =>
  [parts.hint ? `${id}-hint` : '', parts.error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;

/** The label (or legend), hint, source mark and error of one field, around its input(s). */
function Shell(props: {
  id: string;
  label: string;
  required?: boolean | undefined;
  hint?: ComponentChildren;
  error?: string | undefined;
  /** A fieldset with a legend (radios, checkboxes, an address): its id is the fieldset's. */
  fieldset?: boolean;
  children: ComponentChildren;
}) {
  const { id, error } = props;
  const Tag = props.fieldset ? 'fieldset' : 'div';
  const title = (
    <>
      {props.label}
      {props.required ? <span aria-hidden="true"> *</span> : null}
    </>
  );
  return (
    <Tag
      class={`field${error ? ' field-error' : ''}`}
      id={props.fieldset ? id : undefined}
      aria-describedby={props.fieldset ? describedBy(id, { hint: !!props.hint, error: !!error }) : undefined}
    >
      {props.fieldset ? <legend>{title}</legend> : <label for={id}>{title}</label>}
      {props.hint ? (
        <div class="hint" id={`${id}-hint`}>
          {props.hint}
        </div>
      ) : null}
      {error ? (
        <p class="error-message" id={`${id}-error`}>
          <span class="visually-hidden">{'! '}</span>
          {error}
        </p>
      ) : null}
      {props.children}
    </Tag>
  );
}

/** The hint of a field: the definition's, what the input expects, where its value came from. */
function hintOf(t: T, lang: Lang, field: Field, source: Source | undefined): ComponentChildren {
  const parts: ComponentChildren[] = [];
  if (field.hint) parts.push(<span>{field.hint[lang]}</span>);
  if (field.type === 'amount')
    parts.push(<span>{t('procedures.form.amountHint', { example: euros(12550, lang) })}</span>);
  if (field.type === 'file')
    parts.push(
      <span>
        {t('procedures.form.fileHint', {
          types: field.accept.map(typeName).join(', '),
          size: new Intl.NumberFormat(lang, { maximumFractionDigits: 1 }).format(
            field.maxBytes / 1024 / 1024,
          ),
        })}
      </span>,
    );
  if (source) parts.push(<span class="source-mark">{t(`procedures.form.source.${source}`)}</span>);
  if (parts.length === 0) return undefined;
  return parts.map((part, index) => (
    <>
      {index > 0 ? ' ' : null}
      {part}
    </>
  ));
}

type TextLike = Extract<
  ItemField['type'],
  'text' | 'email' | 'phone' | 'iban' | 'company-id' | 'number' | 'amount' | 'date'
>;

/** How each one-line field's input looks and what it lets a person type (formatting included). */
const lineInputs: Record<
  TextLike,
  { type: string; width: string; maxLength: number; inputmode?: string; autocomplete?: string }
> = {
  text: { type: 'text', width: 'input-medium', maxLength: 300 },
  email: { type: 'email', width: 'input-medium', maxLength: 254, autocomplete: 'email' },
  phone: { type: 'tel', width: 'input-medium', maxLength: 40, autocomplete: 'tel' },
  iban: { type: 'text', width: 'input-medium', maxLength: 50 },
  'company-id': { type: 'text', width: 'input-short', maxLength: 30 },
  number: { type: 'text', width: 'input-short', maxLength: 30, inputmode: 'decimal' },
  amount: { type: 'text', width: 'input-short', maxLength: 30, inputmode: 'decimal' },
  date: { type: 'date', width: 'input-short', maxLength: 10 },
};

function Radio(props: {
  type: 'radio' | 'checkbox';
  name: string;
  value: string;
  label: string;
  checked: boolean;
}) {
  const id = `${props.name}-${props.value}`;
  return (
    <div class="radio">
      <input type={props.type} id={id} name={props.name} value={props.value} checked={props.checked} />
      <label for={id}>{props.label}</label>
    </div>
  );
}

// More options than this read better in a list than as radios.
const RADIOS_MAX = 8;

/** One field's widget under `name` (a path: `candidates.0.surname` in a group's item). */
export function FieldInput(props: {
  c: FieldsContext;
  field: ItemField;
  name: string;
  source?: Source | undefined;
}) {
  const { c, field, name } = props;
  const { t, lang, form } = c;
  const error = c.errors[name];
  const hint = hintOf(t, lang, field, props.source);
  const shell = { id: name, label: field.label[lang], required: field.required, hint, error };
  const aria = {
    'aria-invalid': error ? ('true' as const) : undefined,
    'aria-describedby': describedBy(name, { hint: !!hint, error: !!error }),
  };
  switch (field.type) {
    case 'textarea':
      return (
        <Shell {...shell}>
          <textarea
            id={name}
            name={name}
            rows={5}
            class="input-full"
            maxLength={field.maxLength ?? 5000}
            {...aria}
          >
            {one(form, name)}
          </textarea>
        </Shell>
      );
    case 'choice':
      if (field.options.length > RADIOS_MAX)
        return (
          <Shell {...shell}>
            <select id={name} name={name} {...aria}>
              <option value="">{t('procedures.form.choose')}</option>
              {field.options.map((o) => (
                <option key={o.value} value={o.value} selected={one(form, name) === o.value}>
                  {o.label[lang]}
                </option>
              ))}
            </select>
          </Shell>
        );
      return (
        <Shell {...shell} fieldset>
          {field.options.map((o) => (
            <Radio
              key={o.value}
              type="radio"
              name={name}
              value={o.value}
              label={o.label[lang]}
              checked={one(form, name) === o.value}
            />
          ))}
        </Shell>
      );
    case 'choices':
      return (
        <Shell {...shell} fieldset>
          {field.options.map((o) => (
            <Radio
              key={o.value}
              type="checkbox"
              name={name}
              value={o.value}
              label={o.label[lang]}
              checked={many(form, name).includes(o.value)}
            />
          ))}
        </Shell>
      );
    case 'yesno':
      return (
        <Shell {...shell} fieldset>
          <div class="inline-choices">
            {(['yes', 'no'] as const).map((value) => (
              <Radio
                key={value}
                type="radio"
                name={name}
                value={value}
                label={t(`procedures.answer.${value}`)}
                checked={one(form, name) === value}
              />
            ))}
          </div>
        </Shell>
      );
    case 'address':
      return (
        <Shell {...shell} fieldset>
          {addressParts.map((part) => {
            const id = `${name}.${part}`;
            const partError = c.errors[id];
            return (
              <div key={part} class={`field${partError ? ' field-error' : ''}`}>
                <label for={id}>{t(`procedures.form.address.${part}`)}</label>
                {partError ? (
                  <p class="error-message" id={`${id}-error`}>
                    {partError}
                  </p>
                ) : null}
                <input
                  id={id}
                  name={id}
                  type="text"
                  value={one(form, id)}
                  class={part === 'postcode' ? 'input-short' : 'input-medium'}
                  maxLength={part === 'street' ? 200 : part === 'postcode' ? 20 : 100}
                  aria-invalid={partError ? 'true' : undefined}
                  aria-describedby={partError ? `${id}-error` : undefined}
                  autocomplete={
                    {
                      street: 'street-address',
                      postcode: 'postal-code',
                      city: 'address-level2',
                      country: 'country-name',
                    }[part]
                  }
                />
              </div>
            );
          })}
        </Shell>
      );
    case 'file': {
      const attached = attachedFile(one(form, `${name}.file`));
      return (
        <Shell {...shell}>
          {attached ? (
            <div class="attached">
              <p>
                {t('procedures.form.attached', { name: attached.name, size: sizeOf(attached.size, lang) })}
              </p>
              <input type="hidden" name={`${name}.file`} value={one(form, `${name}.file`)} />
              <div class="radio">
                <input
                  type="checkbox"
                  id={`${name}.remove`}
                  name={`${name}.remove`}
                  value="yes"
                  checked={one(form, `${name}.remove`) === 'yes'}
                />
                <label for={`${name}.remove`}>{t('procedures.form.removeFile')}</label>
              </div>
              <p class="hint">{t('procedures.form.replaceFile')}</p>
            </div>
          ) : null}
          <input id={name} name={name} type="file" accept={field.accept.join(',')} {...aria} />
        </Shell>
      );
    }
    default: {
      const look = lineInputs[field.type];
      const maxLength = field.type === 'text' ? (field.maxLength ?? look.maxLength) : look.maxLength;
      return (
        <Shell {...shell}>
          <input
            id={name}
            name={name}
            type={look.type}
            value={one(form, name)}
            class={field.type === 'text' && maxLength > 100 ? 'input-full' : look.width}
            maxLength={maxLength}
            inputmode={look.inputmode}
            autocomplete={look.autocomplete}
            spellcheck={field.type === 'text' ? undefined : false}
            {...aria}
          />
        </Shell>
      );
    }
  }
}

/** The answer of a file posted back by the page, for its name and size (the server checks the rest). */
function attachedFile(text: string): FileAnswer | undefined {
  if (!text) return undefined;
  try {
    const value = JSON.parse(text) as Partial<FileAnswer>;
    return typeof value?.name === 'string' && typeof value.size === 'number'
      ? (value as FileAnswer)
      : undefined;
  } catch {
    return undefined;
  }
}

const sizeOf = (bytes: number, lang: Lang) =>
  bytes < 1024 * 1024
    ? `${new Intl.NumberFormat(lang).format(Math.max(1, Math.ceil(bytes / 1024)))} KB`
    : `${new Intl.NumberFormat(lang, { maximumFractionDigits: 1 }).format(bytes / 1024 / 1024)} MB`;

/**
 * A repeating group: each item its fields and a "Remove" button, then "Add" (both post the form,
 * so they work without JavaScript; the page comes back with what was typed, nothing saved).
 */
export function GroupInput(props: { c: FieldsContext; group: GroupField }) {
  const { c, group } = props;
  const { t, lang } = c;
  const count = itemCount(group, c.form);
  const item = group.itemLabel?.[lang] ?? group.label[lang];
  const error = c.errors[group.id];
  const hint = hintOf(t, lang, group, undefined);
  return (
    <Shell
      id={group.id}
      label={group.label[lang]}
      required={group.required}
      hint={hint}
      error={error}
      fieldset
    >
      <input type="hidden" name={`${group.id}.items`} value={String(count)} />
      {Array.from({ length: count }, (_, index) => (
        <fieldset class="group-item" key={index}>
          <legend>{t('procedures.form.item', { item, n: index + 1 })}</legend>
          {group.fields
            .filter((inner) => c.itemShows(group, index, inner.id))
            .map((inner) => (
              <FieldInput key={inner.id} c={c} field={inner} name={`${group.id}.${index}.${inner.id}`} />
            ))}
          <button type="submit" name="go" value={`remove:${group.id}:${index}`} class="button button-danger">
            {t('procedures.form.removeItem', { item, n: index + 1 })}
          </button>
        </fieldset>
      ))}
      {count < (group.maxItems ?? GROUP_MAX) ? (
        <button type="submit" name="go" value={`add:${group.id}`} class="button button-outline">
          {t('procedures.form.addItem', { item, n: count + 1 })}
        </button>
      ) : null}
    </Shell>
  );
}

/** A certified value: shown, not editable (no input, so nothing of it is posted). */
export function CertifiedValue(props: { c: FieldsContext; field: ItemField; value: unknown }) {
  const { c, field } = props;
  return (
    <div class="field certified" id={field.id}>
      <p class="label">{field.label[c.lang]}</p>
      <p class="certified-value">
        {props.value === undefined ? c.t('procedures.form.noValue') : inWords(field, props.value, c.lang)}
      </p>
      <p class="hint">
        <span class="source-mark">{c.t('procedures.form.source.certified')}</span>{' '}
        {c.t('procedures.form.certifiedNote')}
      </p>
    </div>
  );
}
