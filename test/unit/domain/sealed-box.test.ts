import { describe, expect, it } from 'vitest';
import { open, seal } from '#shared/domain/sealed-box';

const key = { id: 'k1', secret: Buffer.alloc(32, 1) };

describe('sealed box', () => {
  it('opens what it sealed, and nothing sealed for another item, purpose or key, or altered', () => {
    const sealed = seal(key, 'p', 'token-abc', 'IDEM#1');
    expect(sealed).not.toContain('token-abc');
    expect(open(key, 'p', sealed, 'IDEM#1')).toBe('token-abc');
    expect(open(key, 'p', sealed, 'IDEM#2')).toBeUndefined();
    expect(open(key, 'q', sealed, 'IDEM#1')).toBeUndefined();
    expect(open({ id: 'k1', secret: Buffer.alloc(32, 2) }, 'p', sealed, 'IDEM#1')).toBeUndefined();
    const body = Buffer.from(sealed.slice(3), 'base64url');
    body[14] = (body[14] ?? 0) ^ 1;
    expect(open(key, 'p', `k1.${body.toString('base64url')}`, 'IDEM#1')).toBeUndefined();
    expect(seal(key, 'p', 'token-abc', 'IDEM#1')).not.toBe(sealed);
  });
});
