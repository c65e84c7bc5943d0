import { parseUserAgent } from './user-agent';

const UA = {
  chromeWindows:
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
  safariMac:
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15',
  firefoxLinux: 'Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0',
  firefoxUbuntu: 'Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0',
  edgeWindows:
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.2478.51',
  edgeLegacy:
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/70.0.3538.102 Safari/537.36 Edge/18.19045',
  operaMac:
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 OPR/110.0.0.0',
  operaMini: 'Opera/9.80 (Android; Opera Mini/36.2.2254/119.132; U; id) Presto/2.12.423 Version/12.16',
  vivaldiLinux:
    'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Vivaldi/6.7.3329.21',
  safariIphone:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1',
  chromeIphone:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/124.0.6367.88 Mobile/15E148 Safari/604.1',
  firefoxIpad:
    'Mozilla/5.0 (iPad; CPU OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) FxiOS/125.0 Mobile/15E148 Safari/605.1.15',
  chromeAndroid:
    'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.6367.82 Mobile Safari/537.36',
  androidTablet:
    'Mozilla/5.0 (Linux; Android 13; SM-X700) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
  chromeOs:
    'Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
  ie11: 'Mozilla/5.0 (Windows NT 10.0; WOW64; Trident/7.0; rv:11.0) like Gecko',
  ie9: 'Mozilla/5.0 (compatible; MSIE 9.0; Windows NT 6.1; Trident/5.0)',
  headlessChrome:
    'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/124.0.0.0 Safari/537.36',
  googlebot: 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
  curl: 'curl/8.5.0',
  wechat: 'MicroMessenger/8.0.47',
};

describe('parseUserAgent', () => {
  it.each([
    ['chromeWindows', 'Chrome', 'Windows', true],
    ['safariMac', 'Safari', 'OS X', true],
    ['firefoxLinux', 'Firefox', 'Linux', true],
    ['firefoxUbuntu', 'Firefox', 'Ubuntu', true],
    ['edgeWindows', 'Edge', 'Windows', true],
    ['edgeLegacy', 'Edge', 'Windows', true],
    ['operaMac', 'Opera', 'OS X', true],
    ['operaMini', 'Opera Mini', 'Android', false],
    ['vivaldiLinux', 'Vivaldi', 'Linux', true],
    ['safariIphone', 'Safari', 'iOS', false],
    ['chromeIphone', 'Chrome', 'iOS', false],
    ['firefoxIpad', 'Firefox', 'iOS', false],
    ['chromeAndroid', 'Chrome', 'Android', false],
    ['androidTablet', 'Chrome', 'Android', false],
    ['chromeOs', 'Chrome', 'ChromeOS', true],
    ['ie11', 'IE', 'Windows', true],
    ['ie9', 'IE', 'Windows', true],
    ['headlessChrome', 'Chrome', 'Linux', true],
  ] as const)('%s → %s on %s (desktop: %s)', (key, browser, platform, isDesktop) => {
    expect(parseUserAgent(UA[key])).toEqual({ browser, platform, is_desktop: isDesktop });
  });

  it('reports curl as no browser, no platform and not a desktop', () => {
    expect(parseUserAgent(UA.curl)).toEqual({ browser: null, platform: null, is_desktop: false });
  });

  it('does not treat crawlers as desktops even when they look like browsers', () => {
    expect(parseUserAgent(UA.googlebot)).toEqual({ browser: 'Mozilla', platform: null, is_desktop: false });
  });

  it.each([null, undefined, '', '   '])('returns an empty summary for %p', (ua) => {
    expect(parseUserAgent(ua)).toEqual({ browser: null, platform: null, is_desktop: false });
  });

  it('recognises WeChat only when no earlier rule (such as Mozilla) matches', () => {
    expect(parseUserAgent(UA.wechat).browser).toBe('WeChat');
    expect(parseUserAgent(`Mozilla/5.0 ${UA.wechat}`).browser).toBe('Mozilla');
  });

  it.each([
    ['Coc Coc', 'Mozilla/5.0 (Windows NT 10.0) Chrome/120.0 coc_coc_browser/120.0 Safari/537.36'],
    ['UCBrowser', 'Mozilla/5.0 (Linux; U; Android 10) Chrome/57.0 UCBrowser/13.4.0.1306 Mobile Safari/537.36'],
    ['Netscape', 'Mozilla/5.0 (Windows; U; Windows NT 5.1) Gecko/20070321 Netscape/8.1.3'],
  ])('detects %s ahead of the engines it embeds', (browser, ua) => {
    expect(parseUserAgent(ua).browser).toBe(browser);
  });

  it.each([
    ['Debian', 'Mozilla/5.0 (X11; Debian; Linux x86_64; rv:115.0) Gecko/20100101 Firefox/115.0'],
    ['OpenBSD', 'Mozilla/5.0 (X11; OpenBSD amd64; rv:115.0) Gecko/20100101 Firefox/115.0'],
  ])('detects the %s platform', (platform, ua) => {
    expect(parseUserAgent(ua).platform).toBe(platform);
  });

  it('returns a null platform for an unknown system', () => {
    expect(parseUserAgent('Mozilla/5.0 (PlayStation; PlayStation 5/2.26) AppleWebKit/605.1.15').platform).toBeNull();
  });
});
