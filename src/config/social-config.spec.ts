import { SOCIAL_PRESETS, socialProvider, socialProvidersFromEnv } from './social-config';

describe('socialProvider', () => {
  it('starts from the preset of the same name: URLs and scopes, then the host\'s values', () => {
    const github = socialProvider({ name: 'github', clientId: 'id', clientSecret: 'secret' });
    expect(github).toMatchObject({ kind: 'oauth2', label: 'GitHub', authorizationUrl: SOCIAL_PRESETS.github.authorizationUrl, scopes: ['read:user', 'user:email'] });
    expect(github).toMatchObject({ trusted: false, storeTokens: false, responseMode: 'query', audiences: [] });
    expect(Object.isFrozen(github)).toBe(true);
    const google = socialProvider({ name: 'google', clientId: 'id', scopes: ['openid', 'email'], trusted: true });
    expect(google).toMatchObject({ kind: 'oidc', issuer: 'https://accounts.google.com', scopes: ['openid', 'email'], trusted: true });
  });

  it('gives Apple its form_post response mode; any provider may ask for it', () => {
    expect(socialProvider({ name: 'apple', clientId: 'id' }).responseMode).toBe('form_post');
    expect(socialProvider({ name: 'corp', clientId: 'id', issuer: 'https://sso.corp.example', responseMode: 'form_post' }).responseMode).toBe('form_post');
    expect(() => socialProvider({ name: 'corp', clientId: 'id', issuer: 'https://sso.corp.example', responseMode: 'fragment' as 'query' })).toThrow('response mode');
  });

  it('allows plain http only on a loopback address, and names every problem', () => {
    expect(socialProvider({ name: 'dev', clientId: 'id', issuer: 'http://127.0.0.1:9000' }).issuer).toBe('http://127.0.0.1:9000');
    expect(() => socialProvider({ name: 'dev', clientId: 'id', issuer: 'http://sso.corp.example' })).toThrow('must be an https URL');
    expect(() => socialProvider({ name: 'Bad Name', clientId: '' })).toThrow(/lower-case.*client id is required.*issuer is required/);
    expect(() => socialProvider({ name: 'x', clientId: 'id', preset: 'myspace' })).toThrow('unknown preset "myspace"');
  });
});

describe('socialProvidersFromEnv', () => {
  it('reads OAUTH_<NAME>_* for each listed provider', () => {
    const env = {
      OAUTH_GITHUB_CLIENT_ID: 'gh', OAUTH_GITHUB_TRUSTED: 'true',
      OAUTH_MY_SSO_CLIENT_ID: 'corp', OAUTH_MY_SSO_ISSUER: 'https://sso.corp.example', OAUTH_MY_SSO_SCOPES: 'openid,email', OAUTH_MY_SSO_RESPONSE_MODE: 'form_post',
    };
    const [github, sso] = socialProvidersFromEnv(env, 'github, my-sso');
    expect(github).toMatchObject({ name: 'github', clientId: 'gh', trusted: true });
    expect(sso).toMatchObject({ name: 'my-sso', kind: 'oidc', issuer: 'https://sso.corp.example', scopes: ['openid', 'email'], responseMode: 'form_post' });
  });

  it('refuses a bad response mode, a missing client id and a provider named twice', () => {
    expect(() => socialProvidersFromEnv({ OAUTH_APPLE_CLIENT_ID: 'a', OAUTH_APPLE_RESPONSE_MODE: 'fragment' }, 'apple')).toThrow('OAUTH_APPLE_RESPONSE_MODE must be query or form_post');
    expect(() => socialProvidersFromEnv({}, 'google')).toThrow('client id is required');
    expect(() => socialProvidersFromEnv({ OAUTH_GITHUB_CLIENT_ID: 'a' }, 'github,github')).toThrow('names a provider twice');
  });
});
