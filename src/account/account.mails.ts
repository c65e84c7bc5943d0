import { MailMessage, renderMail } from '../mail/mail-message';
import { VERIFICATION_LINK_MINUTES } from './verification-link';

export const RESET_LINK_MINUTES = 60;

/** Laravel's ResetPassword notification. */
export function resetPasswordMail(appName: string, to: string, link: string): MailMessage {
  return renderMail(to, {
    appName,
    subject: 'Reset Password Notification',
    intro: ['You are receiving this email because we received a password reset request for your account.'],
    action: { label: 'Reset Password', url: link },
    outro: [
      `This password reset link will expire in ${RESET_LINK_MINUTES} minutes.`,
      'If you did not request a password reset, no further action is required.',
    ],
  });
}

/**
 * Sent instead of a reset link to a directory (LDAP) user, whose password is the directory's: the forgot-password
 * answer stays the same for every address, and only the mailbox's owner learns how the account signs in.
 */
export function directoryPasswordMail(appName: string, to: string, signInUrl: string): MailMessage {
  return renderMail(to, {
    appName,
    subject: 'Reset Password Notification',
    intro: [
      'You are receiving this email because we received a password reset request for your account.',
      "This account's password is managed by your organization's directory: change it there, then sign in with it.",
    ],
    action: { label: 'Sign In', url: signInUrl },
    outro: ['If you did not request a password reset, no further action is required.'],
  });
}

/** Laravel's VerifyEmail notification. */
export function verifyEmailMail(appName: string, to: string, link: string): MailMessage {
  return renderMail(to, {
    appName,
    subject: 'Verify Email Address',
    intro: ['Please click the button below to verify your email address.'],
    action: { label: 'Verify Email Address', url: link },
    outro: [
      `This link will expire in ${VERIFICATION_LINK_MINUTES} minutes.`,
      'If you did not create an account, no further action is required.',
    ],
  });
}

/**
 * Sent to the old address when the email changes, so a hijacked account is noticed by its owner.
 * The action links to the app itself: nothing in this mail is a credential.
 */
export function emailChangedMail(appName: string, to: string, newEmail: string, appUrl: string): MailMessage {
  return renderMail(to, {
    appName,
    subject: 'Email Address Changed',
    intro: [`The email address of your ${appName} account was changed to ${newEmail}.`],
    action: { label: `Open ${appName}`, url: appUrl },
    outro: ['If you did not make this change, reset your password right away and contact support.'],
  });
}
