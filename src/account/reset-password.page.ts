import { escapeHtml } from '../mail/mail-message';

/** What the reset form shows: the values it is prefilled with and, after a failed submit, the messages by field. */
export interface ResetFormView {
  action: string;
  token: string;
  email: string;
  csrfToken: string;
  errors?: Record<string, string[]>;
}

/** Everything is escaped here, once: the email and the token come from the link, i.e. from anyone. */
export function resetFormPage(view: ResetFormView): string {
  const errors = view.errors ?? {};
  const messages = (field: string) => (errors[field] ?? []).map((message) => `<p class="error">${escapeHtml(message)}</p>`).join('');
  const hidden = (name: string, value: string) => `<input type="hidden" name="${name}" value="${escapeHtml(value)}">`;
  return page('Reset Password', [
    '<h1>Reset Password</h1>',
    `<form method="POST" action="${escapeHtml(view.action)}">`,
    hidden('_token', view.csrfToken),
    hidden('token', view.token),
    '<label for="email">Email</label>',
    `<input id="email" type="email" name="email" value="${escapeHtml(view.email)}" required autocomplete="username">`,
    messages('email'),
    '<label for="password">Password</label>',
    '<input id="password" type="password" name="password" required autocomplete="new-password">',
    messages('password'),
    '<label for="password_confirmation">Confirm Password</label>',
    '<input id="password_confirmation" type="password" name="password_confirmation" required autocomplete="new-password">',
    messages('password_confirmation'),
    messages('token'),
    '<button type="submit">Reset Password</button>',
    '</form>',
  ]);
}

export function resetDonePage(message: string): string {
  return page('Password Reset', ['<h1>Password Reset</h1>', `<p>${escapeHtml(message)}</p>`]);
}

/** An error a browser meets on this form (an expired CSRF token: 419, too many attempts: 429), as a page. */
export function resetErrorPage(status: number, message: string): string {
  return page(`${status}`, [`<h1>${status}</h1>`, `<p>${escapeHtml(message)}</p>`]);
}

function page(title: string, body: string[]): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    '<style>body{font-family:sans-serif;max-width:24rem;margin:3rem auto;padding:0 1rem}label,input,button{display:block;width:100%;margin:.25rem 0}input{margin-bottom:.75rem}.error{color:#b00020;margin:0 0 .75rem}</style>',
    '</head><body>',
    ...body,
    '</body></html>',
  ].join('\n');
}
