import type { T } from '../../../platform/i18n/index.ts';

export function HomePage({ t, loggedOn }: { t: T; loggedOn: boolean }) {
  return (
    <>
      <section class="hero">
        <h1>{t('home.title')}</h1>
        <p class="lead">{t('home.lead')}</p>
        {loggedOn ? null : (
          <p>
            <a class="button" href="/logon">
              {t('home.start')}
            </a>
          </p>
        )}
      </section>
      <div class="cards">
        <section class="card">
          <h2>{t('home.privateTitle')}</h2>
          <p>{t('home.privateText')}</p>
        </section>
        <section class="card">
          <h2>{t('home.businessTitle')}</h2>
          <p>{t('home.businessText')}</p>
        </section>
      </div>
      <section>
        <h2>{t('home.stepsTitle')}</h2>
        <ol class="steps">
          <li>{t('home.step1')}</li>
          <li>{t('home.step2')}</li>
          <li>{t('home.step3')}</li>
        </ol>
      </section>
    </>
  );
}
