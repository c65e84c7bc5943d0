/** Who the provider says signed in, after the library checked the answer (state, PKCE, id_token). */
export interface SocialIdentity {
  provider: string;
  /** The provider's stable user id (`sub`, GitHub's numeric id). */
  subject: string;
  /** Only an address the provider says is verified; null otherwise. */
  email: string | null;
  name: string | null;
  tokens: { accessToken: string; refreshToken: string | null } | null;
}

export type IdentityTokens = SocialIdentity['tokens'];

const text = (value: unknown, max = 255): string | null => (typeof value === 'string' && value.trim() !== '' ? value.trim().slice(0, max) : null);

/** OIDC claims (id_token, else user-info): the email counts only with `email_verified: true`. */
export function identityFromClaims(provider: string, claims: Record<string, unknown>, tokens: IdentityTokens): SocialIdentity {
  const subject = text(claims.sub);
  if (!subject) throw new Error('the provider answered without a subject');
  const verified = claims.email_verified === true || claims.email_verified === 'true';
  return {
    provider,
    subject,
    email: verified ? text(claims.email) : null,
    name: text(claims.name) ?? text(claims.preferred_username) ?? text(claims.nickname),
    tokens,
  };
}

interface GithubEmail {
  email?: unknown;
  primary?: unknown;
  verified?: unknown;
}

/** GitHub's `/user` and `/user/emails`: the primary verified address, else any verified one. */
export function identityFromGithubProfile(provider: string, profile: Record<string, unknown>, emails: unknown, tokens: IdentityTokens): SocialIdentity {
  const id = typeof profile.id === 'number' || typeof profile.id === 'string' ? String(profile.id) : null;
  if (!id) throw new Error('the provider answered without a user id');
  const list = (Array.isArray(emails) ? emails : []) as GithubEmail[];
  const verified = list.filter((entry) => entry.verified === true && typeof entry.email === 'string');
  const chosen = verified.find((entry) => entry.primary === true) ?? verified[0];
  return {
    provider,
    subject: id,
    email: chosen ? text(chosen.email) : null,
    name: text(profile.name) ?? text(profile.login),
    tokens,
  };
}
