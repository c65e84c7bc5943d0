import { existsSync } from 'node:fs';

/** Where Debian, Ubuntu and Chrome's own packages put the executable; CHROMIUM_PATH comes first. */
const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome-stable', '/usr/bin/google-chrome'];

export type ChromiumPlan = { executablePath: string; skipReason?: undefined } | { executablePath?: undefined; skipReason: string };

type Env = Record<string, string | undefined>;

/** CI=1/true or REQUIRE_BROWSER=1/true: a missing browser fails the browser specs instead of skipping them. */
export function browserRequired(env: Env): boolean {
  return [env.CI, env.REQUIRE_BROWSER].some((value) => value !== undefined && !['', '0', 'false', 'no'].includes(value.trim().toLowerCase()));
}

/**
 * Runs the browser specs with the first Chromium found; without one they skip with a one-line reason, so
 * `npm test` passes on a machine without a browser. Throws when a browser is required (CI) but missing.
 */
export function chromiumPlan(env: Env, exists: (path: string) => boolean = existsSync): ChromiumPlan {
  const candidates = env.CHROMIUM_PATH ? [env.CHROMIUM_PATH] : CANDIDATES;
  const executablePath = candidates.find((path) => exists(path));
  if (executablePath) return { executablePath };
  const where = env.CHROMIUM_PATH ? `at CHROMIUM_PATH=${env.CHROMIUM_PATH}` : `at ${CANDIDATES.join(', ')}`;
  const reason = `no Chromium executable ${where} (install the Debian package "chromium" or set CHROMIUM_PATH)`;
  if (browserRequired(env)) throw new Error(`Browser specs are required here (CI or REQUIRE_BROWSER is set), but there is ${reason}.`);
  return { skipReason: `browser specs skipped: ${reason}` };
}
