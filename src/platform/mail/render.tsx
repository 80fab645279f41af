import { render } from 'preact-render-to-string';
import type { Lang, T } from '../i18n/index.ts';

export type MailContent = {
  subject: string;
  heading: string;
  paragraphs: string[];
  action?: { href: string; label: string } | undefined;
};

export type RenderedMail = { subject: string; html: string; text: string };

// Inline styles only: many mail clients drop style sheets. No images: often blocked, and the
// text must carry everything. Colours keep a contrast of at least 7:1.
const styles = {
  body: 'margin:0;padding:24px 12px;background:#f3f5f7;font-family:Arial,Helvetica,sans-serif;color:#1b1f24;',
  card: 'max-width:560px;margin:0 auto;background:#ffffff;border-radius:6px;padding:24px;',
  heading: 'margin:0 0 16px;font-size:22px;line-height:1.3;',
  paragraph: 'margin:0 0 14px;font-size:16px;line-height:1.5;',
  button:
    'display:inline-block;padding:10px 18px;background:#00437a;color:#ffffff;text-decoration:none;border-radius:6px;font-weight:bold;',
  link: 'color:#00437a;overflow-wrap:anywhere;word-break:break-all;',
  footer: 'max-width:560px;margin:16px auto 0;font-size:14px;line-height:1.5;color:#3d4752;',
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
        <main style={styles.card}>
          <h1 style={styles.heading}>{content.heading}</h1>
          {content.paragraphs.map((text, index) => (
            <p key={index} style={styles.paragraph}>
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
                {t('mail.linkHint')}{' '}
                <a href={content.action.href} style={styles.link}>
                  {content.action.href}
                </a>
              </p>
            </>
          ) : null}
        </main>
        <footer style={styles.footer}>
          <p style="margin:0;">
            <strong>{t('site.name')}</strong> – {t('mail.footer')}
          </p>
        </footer>
      </body>
    </html>
  );
}

/**
 * One mail in the recipient's language: the HTML, where everything given is escaped as on every
 * page, and its plain-text twin with the same content.
 */
export function renderMail(t: T, lang: Lang, content: MailContent): RenderedMail {
  const html = `<!doctype html>${render(<MailBody t={t} lang={lang} content={content} />)}`;
  const text = [
    content.heading,
    '',
    ...content.paragraphs.flatMap((p) => [p, '']),
    ...(content.action ? [`${content.action.label}: ${content.action.href}`, ''] : []),
    '-- ',
    `${t('site.name')} – ${t('mail.footer')}`,
    '',
  ].join('\n');
  return { subject: content.subject, html, text };
}
