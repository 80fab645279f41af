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
  language: 'margin:0 0 8px;font-size:14px;line-height:1.3;text-transform:uppercase;color:#3d4752;',
  separator: 'margin:24px 0;border:0;border-top:1px solid #c9d1d9;',
};

/** A mail's content in one language, with the translator of that language. */
export type MailSection = { t: T; lang: Lang; content: MailContent };

function Section(props: { section: MailSection; multilingual: boolean; first: boolean }) {
  const { t, lang, content } = props.section;
  const { multilingual } = props;
  // Alone, the content's heading is the mail's title; among languages, the language name is.
  const Heading = multilingual ? 'h2' : 'h1';
  return (
    <section lang={lang}>
      {props.first ? null : <hr style={styles.separator} />}
      {multilingual ? <h1 style={styles.language}>{t(`language.${lang}`)}</h1> : null}
      <Heading style={styles.heading}>{content.heading}</Heading>
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
    </section>
  );
}

function MailBody({ first, sections }: { first: MailSection; sections: MailSection[] }) {
  const multilingual = sections.length > 1;
  return (
    <html lang={first.lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{first.content.subject}</title>
      </head>
      <body style={styles.body}>
        <main style={styles.card}>
          {sections.map((section, index) => (
            <Section key={section.lang} section={section} multilingual={multilingual} first={index === 0} />
          ))}
        </main>
        <footer style={styles.footer}>
          {sections.map(({ t, lang }) => (
            <p key={lang} lang={lang} style="margin:0;">
              <strong>{t('site.name')}</strong> – {t('mail.footer')}
            </p>
          ))}
        </footer>
      </body>
    </html>
  );
}

/** The plain-text twin of a section: the same content, the language name underlined when there are several. */
function sectionText({ t, lang, content }: MailSection, multilingual: boolean): string[] {
  const language = t(`language.${lang}`);
  return [
    ...(multilingual ? [language, '='.repeat(language.length), ''] : []),
    content.heading,
    '',
    ...content.paragraphs.flatMap((p) => [p, '']),
    ...(content.action ? [`${content.action.label}: ${content.action.href}`, ''] : []),
  ];
}

/**
 * One mail in several languages, one section each, in the order given: the subject is the first
 * section's. The HTML escapes everything given, as every page does; the plain text has the same
 * content.
 */
export function renderMailIn(sections: MailSection[]): RenderedMail {
  const [first] = sections;
  if (!first) throw new Error('a mail needs at least one section');
  const multilingual = sections.length > 1;
  const html = `<!doctype html>${render(<MailBody first={first} sections={sections} />)}`;
  const text = [
    ...sections.flatMap((section) => sectionText(section, multilingual)),
    '-- ',
    ...sections.map(({ t }) => `${t('site.name')} – ${t('mail.footer')}`),
    '',
  ].join('\n');
  return { subject: first.content.subject, html, text };
}

/** One mail in the recipient's language. */
export function renderMail(t: T, lang: Lang, content: MailContent): RenderedMail {
  return renderMailIn([{ t, lang, content }]);
}
