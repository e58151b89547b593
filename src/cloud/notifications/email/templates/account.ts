import { html } from '../format.ts';
import { TOKEN_LIFETIME_MS, type TokenPurpose, tokenFor } from '../token-mac.ts';
import {
  button,
  greeting,
  link,
  PLATFORM,
  page,
  paragraph,
  plain,
  type Rendered,
  type RenderInput,
  type Template,
} from './layout.ts';

/** The mailed link for the token the outbox row names; skipped once the token is used or has expired. */
function tokenLink(input: RenderInput, purpose: TokenPurpose, path: string): string | { skip: string } {
  const token = input.d.refId ? input.data.tokens.get(input.d.refId) : undefined;
  if (!token || token.purpose !== purpose || token.userId !== input.to.id) return { skip: 'no such token' };
  if (token.usedAt) return { skip: 'the link was already used' };
  if (token.expiresAt <= input.env.now) return { skip: 'the link expired before it could be sent' };
  const secret = tokenFor(input.env.jwtSecret, purpose, token.id);
  return link(input.env, `${path}?token=${encodeURIComponent(secret)}`);
}

function verification(input: RenderInput, welcome: boolean): Rendered | { skip: string } {
  const url = tokenLink(input, 'verify', '/verify-email');
  if (typeof url !== 'string') return url;
  const title = welcome ? `Welcome to ${PLATFORM}` : 'Confirm your email address';
  const intro = welcome
    ? `your ${PLATFORM} account is ready. Your tickets will be in it, and we will send them to this address.`
    : 'please confirm that this address is yours.';
  const days = Math.round(TOKEN_LIFETIME_MS.verify / 86_400_000);
  return {
    subject: welcome ? `Welcome to ${PLATFORM}: confirm your email address` : 'Confirm your email address',
    text: plain(input, [
      greeting(input.to),
      '',
      intro,
      '',
      'Confirm your address by opening this link:',
      url,
      '',
      `The link works once, for ${days} days.`,
    ]),
    html: page(
      input,
      title,
      html`${paragraph(`${greeting(input.to)} ${intro}`)}${button(url, 'Confirm my address')}${paragraph(
        `The link works once, for ${days} days. If the button does not work, copy this address into your browser: ${url}`,
      )}`,
    ),
  };
}

export const welcome: Template = (input) => verification(input, true);
export const verifyEmail: Template = (input) => verification(input, false);

export const passwordReset: Template = (input) => {
  const url = tokenLink(input, 'reset', '/reset-password');
  if (typeof url !== 'string') return url;
  const minutes = Math.round(TOKEN_LIFETIME_MS.reset / 60_000);
  const ignore = 'If you did not ask for this, ignore this mail: your password stays as it is.';
  return {
    subject: `Reset your ${PLATFORM} password`,
    text: plain(input, [
      greeting(input.to),
      '',
      'someone (hopefully you) asked to reset the password of your account. Choose a new one here:',
      url,
      '',
      `The link works once, for ${minutes} minutes. ${ignore}`,
    ]),
    html: page(
      input,
      'Reset your password',
      html`${paragraph(
        `${greeting(input.to)} someone (hopefully you) asked to reset the password of your account.`,
      )}${button(url, 'Choose a new password')}${paragraph(
        `The link works once, for ${minutes} minutes. ${ignore}`,
      )}`,
    ),
  };
};
