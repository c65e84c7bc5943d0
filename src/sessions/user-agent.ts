/**
 * Jetstream's "browser sessions" agent summary (jenssegers/agent semantics),
 * reimplemented with a handful of regexes to avoid a UA-parsing dependency.
 */

export interface ParsedUserAgent {
  browser: string | null;
  platform: string | null;
  is_desktop: boolean;
}

type Rule = readonly [name: string, pattern: RegExp];

/**
 * Order matters: most UAs carry tokens of the engines they imitate (Edge and
 * Opera say "Chrome", Chrome says "Safari", everything says "Mozilla"), so the
 * more specific brands must be tested first. WeChat comes after Mozilla, as in
 * jenssegers/agent, so it only wins for UAs without the Mozilla token.
 */
const BROWSERS: readonly Rule[] = [
  ['Opera Mini', /Opera Mini/i],
  ['Opera', /\bOpera\b|\bOPR\/|\bOPiOS\//i],
  ['Edge', /\bEdge?\/|\bEdg(A|iOS)\//i],
  ['Coc Coc', /coc_coc_browser/i],
  ['UCBrowser', /UCBrowser/i],
  ['Vivaldi', /Vivaldi/i],
  ['Chrome', /Chrome\/|\bCriOS\/|\bCrMo\//i],
  ['Firefox', /\bFirefox\/|\bFxiOS\//i],
  ['Safari', /\bSafari\//i],
  ['IE', /\bMSIE\b|\bTrident\//i],
  ['Netscape', /Netscape/i],
  ['Mozilla', /\bMozilla\//i],
  ['WeChat', /MicroMessenger/i],
];

/** iOS and Android precede desktop systems because their UAs mention "Mac OS X" and "Linux". */
const PLATFORMS: readonly Rule[] = [
  ['iOS', /\b(iPhone|iPad|iPod)\b/i],
  ['Android', /\bAndroid\b/i],
  ['Windows', /\bWindows\b/i],
  ['OS X', /\bMacintosh\b|\bMac OS X\b/i],
  ['ChromeOS', /\bCrOS\b/i],
  ['Ubuntu', /\bUbuntu\b/i],
  ['Debian', /\bDebian\b/i],
  ['OpenBSD', /\bOpenBSD\b/i],
  ['Linux', /\bLinux\b/i],
];

const MOBILE_OR_TABLET =
  /Mobi|Android|iPhone|iPad|iPod|Tablet|Silk|Kindle|BlackBerry|\bBB10\b|Opera Mini|IEMobile|Windows Phone|webOS/i;

/**
 * Scripted clients and crawlers are not desktops either. Headless browsers are
 * deliberately absent: automated tests drive real desktop engines.
 */
const BOT =
  /bot\b|crawl|spider|slurp|curl\/|wget\/|python-requests|python-urllib|go-http-client|libwww|httpie|java\/|okhttp|facebookexternalhit|\bHTTrack\b/i;

function firstMatch(ua: string, rules: readonly Rule[]): string | null {
  const rule = rules.find(([, pattern]) => pattern.test(ua));
  return rule ? rule[0] : null;
}

export function parseUserAgent(ua: string | null | undefined): ParsedUserAgent {
  const agent = (ua ?? '').trim();
  if (agent === '') return { browser: null, platform: null, is_desktop: false };
  return {
    browser: firstMatch(agent, BROWSERS),
    platform: firstMatch(agent, PLATFORMS),
    is_desktop: !MOBILE_OR_TABLET.test(agent) && !BOT.test(agent),
  };
}
