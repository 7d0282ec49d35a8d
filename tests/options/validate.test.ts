import { afterEach, describe, expect, test } from 'vitest';
import {
  endpointErrors,
  errorsFromIssues,
  hostPattern,
  tokenProblem,
  urlProblem,
} from '@/components/options/validate';
import { setLocale } from '@/lib/i18n';

afterEach(() => setLocale('id'));

describe('urlProblem', () => {
  test.each([
    ['https://lapor.example.go.id/netra', undefined],
    ['http://127.0.0.1:8787/reports', undefined],
    ['http://localhost/x', undefined],
    ['http://[::1]:8080/x', undefined],
    ['http://lapor.example.go.id/netra', /https:\/\//],
    ['ftp://lapor.example.go.id/', /https:\/\//],
    ['lapor.example.go.id', /URL yang sah/],
    ['https://user:pw@lapor.example.go.id/', /kata sandi/],
  ])('%s', (url, problem) => {
    const result = urlProblem(url);
    if (problem) expect(result).toMatch(problem);
    else expect(result).toBeUndefined();
  });

  test('speaks English when the UI does', () => {
    setLocale('en');
    expect(urlProblem('nope')).toBe('Not a valid URL.');
  });
});

describe('tokenProblem', () => {
  test.each([
    ['', undefined],
    ['  abc.DEF-123_~  ', undefined],
    ['two words', /karakter/],
    ['line\nbreak', /karakter/],
    ['rahasia-ñ', /karakter/],
    ['x'.repeat(4097), /4096/],
  ])('%j', (token, problem) => {
    const result = tokenProblem(token);
    if (problem) expect(result).toMatch(problem);
    else expect(result).toBeUndefined();
  });
});

describe('endpointErrors', () => {
  test.each([
    ['', '', {}],
    ['', 'RAHASIA', { 'endpoint.url': expect.stringMatching(/alamat endpoint kosong/) }],
    [
      'http://example.org',
      'a b',
      {
        'endpoint.url': expect.stringMatching(/https/),
        'endpoint.token': expect.stringMatching(/karakter/),
      },
    ],
    ['https://example.org/r', 'RAHASIA', {}],
  ])('%j %j', (url, token, expected) => {
    expect(endpointErrors(url, token)).toEqual(expected);
  });
});

describe('hostPattern', () => {
  test.each([
    ['https://lapor.example.go.id:8443/netra?x=1', 'https://lapor.example.go.id/*'],
    ['http://127.0.0.1:8787/reports', 'http://127.0.0.1/*'],
    ['http://[::1]:80/x', 'http://[::1]/*'],
    ['ftp://example.org/', undefined],
    ['not a url', undefined],
  ])('%s → %s', (url, pattern) => {
    expect(hostPattern(url)).toBe(pattern);
  });
});

test('errorsFromIssues keeps the first message per field and shows `endpoint` at its URL', () => {
  expect(
    errorsFromIssues([
      { path: 'endpoint', message: 'expected object' },
      { path: 'endpoint.url', message: 'second' },
      { path: 'reporter.name', message: 'too long' },
    ]),
  ).toEqual({ 'endpoint.url': 'expected object', 'reporter.name': 'too long' });
});
