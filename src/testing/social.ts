// `gatehouse/testing/social`: real providers for a host app's social-login tests, on loopback. Needs the
// `oidc-provider` package (an optional peer dependency: install it beside jest).
export { answerAtProvider, loginAtProvider, startOidcProvider } from './oidc-test-provider';
export type { OidcClientSpec, OidcTestUser, ProviderAnswer, TestOidcProvider } from './oidc-test-provider';
export { startGithubServer } from './github-test-server';
export type { GithubTestUser, TestGithubServer } from './github-test-server';
