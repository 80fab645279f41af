import type { T } from '../i18n/index.ts';
import { Actions, CsrfField } from './forms.tsx';

/**
 * What an "are you sure?" page says: its title, what will happen, the button that does it, where
 * cancel goes. With `refused`, the action cannot be done on this thing: the page says why (`text`)
 * and offers only the way back.
 */
export type Confirmation = { title: string; text: string; button: string; back: string; refused?: boolean };

/** Are you sure? Before an action nothing undoes (revoking an agent, giving up a mandate, revoking a code). */
export function ConfirmPage(props: Confirmation & { t: T; csrfToken: string; action: string }) {
  const { t } = props;
  return (
    <div class="narrow">
      <h1>{props.title}</h1>
      {props.refused ? (
        <>
          <p class="notice" role="alert">
            {props.text}
          </p>
          <p>
            <a href={props.back}>{t('form.back')}</a>
          </p>
        </>
      ) : (
        <ConfirmForm {...props} />
      )}
    </div>
  );
}

function ConfirmForm(props: Confirmation & { t: T; csrfToken: string; action: string }) {
  const { t } = props;
  return (
    <>
      <p>{props.text}</p>
      <form method="post" action={props.action}>
        <CsrfField token={props.csrfToken} />
        <Actions>
          <button type="submit" class="button button-warning">
            {props.button}
          </button>
          <a href={props.back}>{t('form.cancel')}</a>
        </Actions>
      </form>
    </>
  );
}
