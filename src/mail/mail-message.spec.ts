import { escapeHtml, MailLayout, renderMail } from './mail-message';

const layout: MailLayout = {
  appName: 'Gate<house>',
  subject: 'Reset Password Notification',
  intro: ['Line with <b>markup</b> & "quotes".'],
  action: { label: 'Reset Password', url: 'https://app.test/reset?token=abc&email=a%40b.test' },
  outro: ['Bye.'],
};

describe('renderMail', () => {
  const mail = renderMail('a@b.test', layout);

  it('keeps recipient, subject and the action link', () => {
    expect(mail).toMatchObject({ to: 'a@b.test', subject: 'Reset Password Notification', link: layout.action.url });
  });

  it('puts the link unbroken on its own line of the text part', () => {
    expect(mail.text.split('\n')).toContain(`Reset Password: ${layout.action.url}`);
    expect(mail.text).toContain('Line with <b>markup</b> & "quotes".');
  });

  it('escapes everything in the HTML part, the link included', () => {
    expect(mail.html).toContain('href="https://app.test/reset?token=abc&amp;email=a%40b.test"');
    expect(mail.html).toContain('Line with &lt;b&gt;markup&lt;/b&gt; &amp; &quot;quotes&quot;.');
    expect(mail.html).toContain('Gate&lt;house&gt;');
    expect(mail.html).not.toContain('<b>markup');
  });
});

describe('escapeHtml', () => {
  it('escapes the five HTML-significant characters', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
});
