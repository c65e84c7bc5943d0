import { parseBooleanInput, sourceHost, StatefulMatcher } from './stateful-domains';


describe('StatefulMatcher', () => {
  const matcher = new StatefulMatcher(['localhost', 'localhost:3000', 'app.example.com', '*.example.org']);

  describe('isStateful', () => {
    it('matches an Origin host against an entry', () => {
      expect(matcher.isStateful('https://app.example.com')).toBe(true);
      expect(matcher.isStateful('http://localhost:3000')).toBe(true);
    });

    it('treats ports as significant', () => {
      expect(matcher.isStateful('http://localhost:5173')).toBe(false);
      expect(matcher.isStateful('http://app.example.com:8080')).toBe(false);
    });

    it('matches a Referer with a path when there is no Origin', () => {
      expect(matcher.isStateful(undefined, 'https://app.example.com/dashboard?tab=1')).toBe(true);
    });

    it('falls back to the Referer when Origin is empty', () => {
      expect(matcher.isStateful('', 'http://localhost/')).toBe(true);
    });

    it('prefers a present Origin over the Referer', () => {
      expect(matcher.isStateful('https://evil.test', 'https://app.example.com/')).toBe(false);
      expect(matcher.isStateful('https://app.example.com', 'https://evil.test/')).toBe(true);
    });

    it('returns false when neither header is present or non-empty', () => {
      expect(matcher.isStateful()).toBe(false);
      expect(matcher.isStateful('', '')).toBe(false);
    });

    it('is anchored at both ends', () => {
      expect(matcher.isStateful('https://notapp.example.com')).toBe(false);
      expect(matcher.isStateful('https://app.example.com.evil.test')).toBe(false);
    });

    it('is case-sensitive', () => {
      expect(matcher.isStateful('https://APP.example.com')).toBe(false);
    });

    it('expands "*" in entries as a wildcard', () => {
      expect(matcher.isStateful('https://spa.example.org')).toBe(true);
      expect(matcher.isStateful('https://a.b.example.org')).toBe(true);
      expect(matcher.isStateful('https://example.org')).toBe(false);
    });

    it('matches only the host of a Referer, so a path cannot satisfy a wildcard entry', () => {
      expect(matcher.isStateful(undefined, 'https://evil.test/x.example.org/')).toBe(false);
      expect(matcher.isStateful(undefined, 'https://evil.test/?x.example.org')).toBe(false);
      expect(matcher.isStateful(undefined, 'https://evil.test#x.example.org')).toBe(false);
      expect(matcher.isStateful(undefined, 'https://spa.example.org/x/y?z#w')).toBe(true);
    });

    it('does not let a path or query make a plain entry match', () => {
      expect(matcher.isStateful(undefined, 'https://evil.test/localhost')).toBe(false);
      expect(matcher.isStateful('https://evil.test/app.example.com')).toBe(false);
    });

    it('ignores a userinfo part and judges the real host', () => {
      expect(matcher.isStateful(undefined, 'https://app.example.com@evil.test/')).toBe(false);
      expect(matcher.isStateful(undefined, 'https://evil.test@app.example.com/')).toBe(true);
    });

    it('still lets a plain "*" entry match any host', () => {
      expect(new StatefulMatcher(['*']).isStateful('https://anything.test:8443')).toBe(true);
    });

    it('treats regex metacharacters in entries literally', () => {
      const dots = new StatefulMatcher(['app.example.com']);
      expect(dots.isStateful('https://appXexample.com')).toBe(false);
    });

    it('accepts sources without a scheme', () => {
      expect(matcher.isStateful('localhost')).toBe(true);
    });

    it('strips only the first scheme occurrence, like Sanctum', () => {
      // After removing "http://" once, the leftover "http://" keeps this from matching.
      expect(matcher.isStateful('http://http://localhost')).toBe(false);
    });

    it('gives the same answers from its memory of sources, also after it filled and emptied it', () => {
      const remembering = new StatefulMatcher(['app.example.com']);
      for (let round = 0; round < 2; round += 1) {
        expect(remembering.isStateful('https://app.example.com')).toBe(true);
        expect(remembering.isStateful('https://evil.test')).toBe(false);
      }
      for (let i = 0; i < 1500; i += 1) expect(remembering.isStateful(undefined, `https://evil.test/page/${i}`)).toBe(false);
      expect(remembering.isStateful(undefined, 'https://app.example.com/page/1')).toBe(true);
      expect(remembering.originAllowed('https://evil.test')).toBe(false);
    });

    it('matches nothing when constructed with no entries', () => {
      expect(new StatefulMatcher([]).isStateful('http://localhost')).toBe(false);
    });

    it('ignores blank entries rather than matching every origin', () => {
      const blank = new StatefulMatcher(['', '  ']);
      expect(blank.isStateful('http://anything.test')).toBe(false);
      expect(blank.isStateful(undefined, 'http:///')).toBe(false);
    });

    it('trims entries like Sanctum', () => {
      expect(new StatefulMatcher([' localhost ']).isStateful('http://localhost')).toBe(true);
    });
  });

  describe('originAllowed', () => {
    it('uses the same matching as isStateful', () => {
      expect(matcher.originAllowed('http://localhost:3000')).toBe(true);
      expect(matcher.originAllowed('https://spa.example.org')).toBe(true);
      expect(matcher.originAllowed('http://localhost:5173')).toBe(false);
    });

    it('rejects an empty origin', () => {
      expect(new StatefulMatcher(['*']).originAllowed('')).toBe(false);
    });

    it('rejects the opaque "null" origin unless an entry matches it', () => {
      expect(matcher.originAllowed('null')).toBe(false);
    });
  });
});

describe('sourceHost', () => {
  it.each([
    ['https://app.example.com', 'app.example.com'],
    ['http://localhost:5173/', 'localhost:5173'],
    ['https://app.test:3000/a/b?x=1#f', 'app.test:3000'],
    ['http://[::1]:8000/path', '[::1]:8000'],
    ['localhost:3000', 'localhost:3000'],
    ['https://user:pw@app.test/', 'app.test'],
    ['null', 'null'],
    ['', ''],
  ])('reduces %p to %p', (source, host) => {
    expect(sourceHost(source)).toBe(host);
  });
});

describe('parseBooleanInput', () => {
  it.each([true, 1, '1', 'true', 'TRUE', 'On', 'yes', 'YES', ' yes '])('treats %p as true', (value) => {
    expect(parseBooleanInput(value)).toBe(true);
  });

  it.each([false, 0, 2, '0', 'false', 'off', 'no', '', 'y', 'enabled', null, undefined, {}, ['1']])(
    'treats %p as false',
    (value) => {
      expect(parseBooleanInput(value)).toBe(false);
    },
  );
});
