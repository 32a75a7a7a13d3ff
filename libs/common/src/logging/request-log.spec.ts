import { redactReferrer, redactUrl } from './request-log';

describe('request log redaction', () => {
  it('redacts query values that could hold personal data', () => {
    expect(redactUrl('/api/clients?email=jan%40example.com&limit=5')).toBe(
      '/api/clients?email=REDACTED&limit=5',
    );
    expect(redactUrl('/api/clients?pesel=44051401359')).toBe('/api/clients?pesel=REDACTED');
    expect(redactUrl('/api/unsubscribe?token=abc.def')).toBe('/api/unsubscribe?token=REDACTED');
    expect(redactUrl('/api/clients?q=Kowalski&sort=lastName')).toBe('/api/clients?q=REDACTED&sort=lastName');
    expect(redactUrl('/api/access-logs/client-lookup?q=Wi%C5%9Bniewska')).toBe(
      '/api/access-logs/client-lookup?q=REDACTED',
    );
    expect(redactUrl('/api/access-logs/client-lookup?q=44051401359&limit=5')).toBe(
      '/api/access-logs/client-lookup?q=REDACTED&limit=5',
    );
  });

  it('keeps safe keys only when their values look harmless', () => {
    expect(redactUrl('/api/x?status=jan@example.com')).toBe('/api/x?status=REDACTED');
    expect(redactUrl('/api/x?jan%40example.com=1')).toBe('/api/x?REDACTED=REDACTED');
    expect(redactUrl('/health')).toBe('/health');
  });

  it('redacts the referrer query the same way', () => {
    expect(redactReferrer('https://crm.local/rejestr-operacji?clientId=abc&email=a@b.pl')).toBe(
      'https://crm.local/rejestr-operacji?clientId=REDACTED&email=REDACTED',
    );
    expect(redactReferrer(undefined)).toBeNull();
  });
});

describe('request log path redaction', () => {
  const words = new Set(['api', 'clients', 'consents']);
  it('keeps route words and ids, and redacts anything else put in the path', () => {
    const isRouteWord = (s: string) => words.has(s);
    expect(redactUrl('/api/clients/3f0b6d2e-8c1a-4f5e-9b7d-1a2b3c4d5e6f/consents', isRouteWord)).toBe(
      '/api/clients/3f0b6d2e-8c1a-4f5e-9b7d-1a2b3c4d5e6f/consents',
    );
    expect(redactUrl('/api/clients/jan%40example.com?limit=5', isRouteWord)).toBe(
      '/api/clients/REDACTED?limit=5',
    );
    expect(redactUrl('/api/clients/44051401359', isRouteWord)).toBe('/api/clients/REDACTED');
  });
});
