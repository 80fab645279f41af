import type { PageContext } from './page.tsx';

export function ErrorPage({
  ctx,
  title,
  text,
  reference,
}: {
  ctx: PageContext;
  title: string;
  text: string;
  reference?: string | undefined;
}) {
  return (
    <section class="narrow">
      <h1>{title}</h1>
      <p>{text}</p>
      {reference ? <p class="muted">{ctx.t('error.reference', { id: reference })}</p> : null}
      <p>
        <a href="/">{ctx.t('error.backHome')}</a>
      </p>
    </section>
  );
}
