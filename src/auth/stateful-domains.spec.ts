import {
  defaultStatefulDomains,
  parseBooleanInput,
  parseStatefulDomains,
  sourceHost,
  StatefulMatcher,
} from './stateful-domains';

const BASE = ['localhost', 'localhost:3000', '127.0.0.1', '127.0.0.1:8000', '::1'];

describe('defaultStatefulDomains', () => {
  it('appends the APP_URL host without a port when none is given', () => {
    expect(defaultStatefulDomains('https://app.example.com')).toEqual([...BASE, 'app.example.com']);
  });

  it('keeps an explicit non-default port', () => {
    expect(defaultStatefulDomains('http://app.test:8080/path')).toEqual([...BASE, 'app.test:8080']);
  });

  it('drops a default port, since browsers never send one in Origin', () => {
    expect(defaultStatefulDomains('https://app.example.com:443')).toEqual([...BASE, 'app.example.com']);
  });

  it('does not duplicate a host already in the defaults', () => {
    expect(defaultStatefulDomains('http://localhost:3000')).toEqual(BASE);
    expect(defaultStatefulDomains('http://localhost')).toEqual(BASE);
  });

  it('returns only the base list for an empty or unparsable APP_URL', () => {
    expect(defaultStatefulDomains('')).toEqual(BASE);
    expect(defaultStatefulDomains('not a url')).toEqual(BASE);
  });

  it('returns a fresh array each time', () => {
    const first = defaultStatefulDomains('');
    first.push('mutated');
    expect(defaultStatefulDomains('')).toEqual(BASE);
  });
});

describe('parseStatefulDomains', () => {
  it('uses the defaults when unset', () => {
    expect(parseStatefulDomains(undefined, 'https://app.example.com')).toEqual([...BASE, 'app.example.com']);
  });

  it('replaces the defaults with the trimmed comma list', () => {
    expect(parseStatefulDomains(' spa.example.com , *.example.org:8443 ', 'https://app.example.com')).toEqual([
      'spa.example.com',
      '*.example.org:8443',
    ]);
  });

  it('drops empty entries', () => {
    expect(parseStatefulDomains('a.test,, ,b.test,', '')).toEqual(['a.test', 'b.test']);
  });

  it('yields an empty list for an empty string rather than the defaults', () => {
    expect(parseStatefulDomains('', 'https://app.example.com')).toEqual([]);
  });
});

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
