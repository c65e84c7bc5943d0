import { securityHeaders } from './security-headers';

describe('securityHeaders', () => {
  it('captures helmet’s headers once, CSP included', () => {
    const headers = securityHeaders();
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(headers['strict-transport-security']).toMatch(/max-age=\d+/);
    expect(headers['content-security-policy']).toContain("default-src 'self'");
    expect(headers['content-security-policy']).toContain("script-src 'self' 'unsafe-inline'");
    // helmet removes this one rather than setting it
    expect(headers['x-powered-by']).toBeUndefined();
  });
});
