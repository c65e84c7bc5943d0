import { isBrowserNavigation, withQueryParameter } from './browser-navigation';

const CHROME_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8';

describe('isBrowserNavigation', () => {
  it('is true for a browser opening a link', () => {
    expect(isBrowserNavigation({ accept: CHROME_ACCEPT })).toBe(true);
    expect(isBrowserNavigation({ accept: 'TEXT/HTML' })).toBe(true);
  });

  it('is false for JSON clients: no Accept, */*, JSON first, or an XHR', () => {
    expect(isBrowserNavigation({})).toBe(false);
    expect(isBrowserNavigation({ accept: '*/*' })).toBe(false);
    expect(isBrowserNavigation({ accept: 'application/json, text/plain, */*' })).toBe(false);
    expect(isBrowserNavigation({ accept: 'application/json, text/html' })).toBe(false);
    expect(isBrowserNavigation({ accept: 'application/vnd.api+json;q=1, text/html' })).toBe(false);
    expect(isBrowserNavigation({ accept: CHROME_ACCEPT, 'x-requested-with': 'XMLHttpRequest' })).toBe(false);
  });
});

describe('withQueryParameter', () => {
  it('starts a query, or appends to the one there, keeping the fragment last', () => {
    expect(withQueryParameter('https://app.example.com', 'verified', '1')).toBe('https://app.example.com/?verified=1');
    expect(withQueryParameter('https://app.example.com/home', 'verified', '1')).toBe('https://app.example.com/home?verified=1');
    expect(withQueryParameter('https://app.example.com/home?tab=a&b=2', 'verified', '1')).toBe('https://app.example.com/home?tab=a&b=2&verified=1');
    expect(withQueryParameter('https://app.example.com/#/dashboard', 'verified', '1')).toBe('https://app.example.com/?verified=1#/dashboard');
  });

  it('replaces a value already there instead of repeating the name', () => {
    expect(withQueryParameter('https://app.example.com/?verified=0', 'verified', '1')).toBe('https://app.example.com/?verified=1');
  });
});
