// What a typed answer is saved as: amounts in yen as digits, dates as the moment they name.
import { describe, expect, it } from 'vitest';
import { checkInput, normalizeInput } from '../../../src/core/text/input-check.ts';
import { translator } from '../../../src/core/text/messages/index.ts';

const env = { now: new Date('2026-11-24T02:10:00+09:00'), zone: 'Asia/Tokyo' };

describe('an amount as people write it', () => {
  it.each([
    ['12800', '12800'],
    ['12,800', '12800'],
    ['12,800円', '12800'],
    ['¥12,800', '12800'],
    ['￥１２，８００', '12800'],
    ['12800 JPY', '12800'],
    ['3,480 円', '3480'],
    // not yen, or not plain: kept as typed (shown as typed)
    ['$59.99', '$59.99'],
    ['59.99 USD', '59.99 USD'],
    ['12,80円', '12,80円'],
  ])('%s → %s', (typed, saved) => {
    expect(checkInput(typed, 'amount', { ...env, t: translator('en') })).toBe(true);
    expect(normalizeInput(typed, 'amount', env)).toBe(saved);
  });
});
