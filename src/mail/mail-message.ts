/** One outgoing mail. `link` is the only secret-bearing part, and the only one ever logged. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  link: string;
}

/** Laravel's MailMessage layout: greeting, intro, one action button, outro, sign-off. */
export interface MailLayout {
  appName: string;
  subject: string;
  intro: string[];
  action: { label: string; url: string };
  outro: string[];
}

export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

export function renderText(layout: MailLayout): string {
  return [
    'Hello!',
    '',
    ...layout.intro,
    '',
    `${layout.action.label}: ${layout.action.url}`,
    '',
    ...layout.outro,
    '',
    'Regards,',
    layout.appName,
    '',
  ].join('\n');
}

export function renderHtml(layout: MailLayout): string {
  const paragraph = (line: string) => `<p>${escapeHtml(line)}</p>`;
  const url = escapeHtml(layout.action.url);
  return [
    '<!DOCTYPE html>',
    `<html><head><meta charset="utf-8"><title>${escapeHtml(layout.subject)}</title></head>`,
    '<body style="font-family: sans-serif; color: #2d3748;">',
    '<h1 style="font-size: 18px;">Hello!</h1>',
    ...layout.intro.map(paragraph),
    `<p><a href="${url}" style="display: inline-block; padding: 8px 18px; background: #2d3748; color: #fff; text-decoration: none; border-radius: 4px;">${escapeHtml(layout.action.label)}</a></p>`,
    ...layout.outro.map(paragraph),
    `<p>Regards,<br>${escapeHtml(layout.appName)}</p>`,
    `<hr><p style="font-size: 12px;">If you're having trouble clicking the "${escapeHtml(layout.action.label)}" button, copy and paste the URL below into your web browser: <a href="${url}">${url}</a></p>`,
    '</body></html>',
  ].join('\n');
}

export function renderMail(to: string, layout: MailLayout): MailMessage {
  return { to, subject: layout.subject, text: renderText(layout), html: renderHtml(layout), link: layout.action.url };
}
