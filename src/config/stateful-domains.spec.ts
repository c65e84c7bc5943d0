import { defaultStatefulDomains, parseStatefulDomains } from './stateful-domains';

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
