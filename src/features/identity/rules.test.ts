import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  formatCertificateNumber,
  generateCertificateNumber,
  generateDisplayId,
  hashToken,
  parseCertificateNumber,
  sessionIsLive,
} from './rules.ts';

describe('certificate numbers', () => {
  it('are 20 digits with a check digit, shown in groups, and read back with spaces', () => {
    for (let i = 0; i < 200; i++) {
      const n = generateCertificateNumber();
      assert.match(n, /^2\d{19}$/);
      const shown = formatCertificateNumber(n);
      assert.match(shown, /^\d \d{7} \d{3} \d{2} \d{7}$/);
      assert.equal(parseCertificateNumber(shown), n);
    }
  });

  it('refuses a wrong length, letters and a mistyped digit', () => {
    const n = generateCertificateNumber();
    assert.equal(parseCertificateNumber(n.slice(1)), undefined);
    assert.equal(parseCertificateNumber(`${n.slice(0, 19)}x`), undefined);
    const typo = n.slice(0, 5) + ((Number(n[5]) + 1) % 10) + n.slice(6);
    assert.equal(parseCertificateNumber(typo), undefined);
  });
});

describe('sessions and tokens', () => {
  it('session identifiers look like BS5507', () => {
    assert.match(generateDisplayId(), /^[A-HJ-NP-Z]{2}\d{4}$/);
  });

  it('hashes tokens deterministically', () => {
    assert.equal(hashToken('a'), hashToken('a'));
    assert.notEqual(hashToken('a'), hashToken('b'));
  });

  it('ends a session on idle timeout, absolute expiry or log out', () => {
    const now = new Date('2026-11-23T12:00:00Z');
    const live = {
      lastSeenAt: new Date('2026-11-23T11:45:00Z'),
      expiresAt: new Date('2026-11-23T20:00:00Z'),
      endedAt: null,
    };
    assert.equal(sessionIsLive(live, now, 30), true);
    assert.equal(sessionIsLive({ ...live, lastSeenAt: new Date('2026-11-23T11:29:59Z') }, now, 30), false);
    assert.equal(sessionIsLive({ ...live, expiresAt: now }, now, 30), false);
    assert.equal(sessionIsLive({ ...live, endedAt: now }, now, 30), false);
  });
});
