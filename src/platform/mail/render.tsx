import { render } from 'preact-render-to-string';
import type { Lang, T } from '../i18n/index.ts';

export type MailContent = {
  subject: string;
  heading: string;
  paragraphs: string[];
  action?: { href: string; label: string } | undefined;
};

export type RenderedMail = { subject: string; html: string; text: string };

// Inline styles only: mail clients ignore style sheets. Calm, legible, no images.
const styles = {
  body: 'margin:0;padding:24px;background:#f3f5f7;font-family:Arial,Helvetica,sans-serif;color:#1b1f24;',
  card: 'max-width:560px;margin:0 auto;background:#ffffff;border-radius:6px;padding:24px;',
  brand: 'margin:0 0 16px;font-size:14px;font-weight:bold;color:#00437a;',
  heading: 'margin:0 0 16px;font-size:20px;line-height:1.3;',
  paragraph: 'margin:0 0 14px;font-size:16px;line-height:1.5;',
  button:
    'display:inline-block;padding:10px 18px;background:#00437a;color:#ffffff;text-decoration:none;border-radius:6px;font-weight:bold;',
  footer: 'max-width:560px;margin:16px auto 0;font-size:13px;color:#4a5561;',
};

function MailBody({ t, lang, content }: { t: T; lang: Lang; content: MailContent }) {
  return (
    <html lang={lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{content.subject}</title>
      </head>
      <body style={styles.body}>
        <div style={styles.card}>
          <p style={styles.brand}>{t('site.name')}</p>
          <h1 style={styles.heading}>{content.heading}</h1>
          {content.paragraphs.map((text) => (
            <p key={text} style={styles.paragraph}>
              {text}
            </p>
          ))}
          {content.action ? (
            <>
              <p style={styles.paragraph}>
                <a href={content.action.href} style={styles.button}>
                  {content.action.label}
                </a>
              </p>
              <p style={styles.paragraph}>
                {t('mail.linkHint')} {content.action.href}
              </p>
            </>
          ) : null}
        </div>
        <p style={styles.footer}>{t('mail.footer')}</p>
      </body>
    </html>
  );
}

/** One mail in the recipient's language: the HTML (escaped like every page) and its text twin. */
export function renderMail(t: T, lang: Lang, content: MailContent): RenderedMail {
  const html = `<!doctype html>${render(<MailBody t={t} lang={lang} content={content} />)}`;
  const text = [
    content.heading,
    '',
    ...content.paragraphs.flatMap((p) => [p, '']),
    ...(content.action ? [`${content.action.label}: ${content.action.href}`, ''] : []),
    '--',
    t('site.name'),
    t('mail.footer'),
    '',
  ].join('\n');
  return { subject: content.subject, html, text };
}
