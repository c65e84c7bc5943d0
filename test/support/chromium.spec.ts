import { browserRequired, chromiumPlan } from './chromium';

const only = (...present: string[]) => (path: string) => present.includes(path);

describe('chromiumPlan', () => {
  it('takes CHROMIUM_PATH when it exists, else the first installed candidate', () => {
    expect(chromiumPlan({ CHROMIUM_PATH: '/opt/chrome/chrome' }, only('/opt/chrome/chrome', '/usr/bin/chromium'))).toEqual({ executablePath: '/opt/chrome/chrome' });
    expect(chromiumPlan({}, only('/usr/bin/chromium-browser', '/usr/bin/google-chrome'))).toEqual({ executablePath: '/usr/bin/chromium-browser' });
  });

  it('skips with a one-line reason when none is found and nothing requires a browser', () => {
    const plan = chromiumPlan({ CI: '0', REQUIRE_BROWSER: '' }, only());
    expect(plan.executablePath).toBeUndefined();
    expect(plan.skipReason).toMatch(/^browser specs skipped: no Chromium executable at \/usr\/bin\/chromium, .*CHROMIUM_PATH\)$/);
    expect(plan.skipReason).not.toContain('\n');
  });

  it('does not fall back to the candidates when CHROMIUM_PATH names a missing file', () => {
    expect(chromiumPlan({ CHROMIUM_PATH: '/nowhere/chromium' }, only('/usr/bin/chromium')).skipReason).toContain('at CHROMIUM_PATH=/nowhere/chromium');
  });

  it('fails instead of skipping under CI or REQUIRE_BROWSER', () => {
    expect(() => chromiumPlan({ CI: 'true' }, only())).toThrow(/Browser specs are required here/);
    expect(() => chromiumPlan({ REQUIRE_BROWSER: '1' }, only())).toThrow(/no Chromium executable/);
    expect(chromiumPlan({ CI: 'true' }, only('/usr/bin/chromium'))).toEqual({ executablePath: '/usr/bin/chromium' });
  });
});

describe('browserRequired', () => {
  it('reads CI and REQUIRE_BROWSER as flags', () => {
    expect(browserRequired({})).toBe(false);
    expect(browserRequired({ CI: 'false', REQUIRE_BROWSER: '0' })).toBe(false);
    expect(browserRequired({ CI: '1' })).toBe(true);
    expect(browserRequired({ CI: 'true' })).toBe(true);
    expect(browserRequired({ REQUIRE_BROWSER: 'yes' })).toBe(true);
  });
});
