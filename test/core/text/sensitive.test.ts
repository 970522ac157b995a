// What must never be stored: full card numbers and passwords.
// Card numbers below are the well-known public test numbers (Luhn-valid, not real accounts).
import { describe, expect, it } from 'vitest';
import { rng } from '../../../scripts/fuzz.mjs';
import { findCardNumbers, looksLikePassword, maskCardNumbers, sensitiveContent } from '../../../src/core/text/sensitive.ts';

describe('findCardNumbers', () => {
  it.each([
    ['16 digits', '4111111111111111', '4111111111111111'],
    ['groups of four with spaces', '4111 1111 1111 1111', '4111 1111 1111 1111'],
    ['groups of four with hyphens', '4111-1111-1111-1111', '4111-1111-1111-1111'],
    ['Mastercard test number in a sentence', 'card 5555555555554444 was charged', '5555555555554444'],
    ['15-digit Amex in 4-6-5 groups', '3782 822463 10005', '3782 822463 10005'],
    ['JCB test number inside Japanese text', 'カード番号は3530111333300000です', '3530111333300000'],
    ['full-width digits', '４１１１１１１１１１１１１１１１', '4111111111111111'],
    ['full-width digits and ideographic spaces', '４１１１　１１１１　１１１１　１１１１', '4111 1111 1111 1111'],
    ['full-width digits and full-width hyphens', '４１１１－１１１１－１１１１－１１１１', '4111-1111-1111-1111'],
    ['followed by a year', '4111 1111 1111 1111 2026', '4111 1111 1111 1111'],
  ])('finds %s', (_name, text, found) => {
    expect(findCardNumbers(text)).toEqual([found]);
    expect(sensitiveContent(text)).toBe('card');
  });

  it('finds two numbers in one text', () => {
    expect(findCardNumbers('4111 1111 1111 1111 and 5555-5555-5555-4444')).toEqual(['4111 1111 1111 1111', '5555-5555-5555-4444']);
  });

  it.each([
    ['16 digits that fail the Luhn check', '4111 1111 1111 1112'],
    ['another non-Luhn 16 digits', '1234567812345678'],
    ['an Amazon order number (not Luhn-valid)', '503-1234567-1234567'],
    ['a Navi-dial number', '0570-66-6910'],
    ['an international phone number', '+81-92-474-9256'],
    ['a mobile number with spaces', '+81 90 1234 5678'],
    ['two phone numbers', '03-1234-5678 090-1234-5678'],
    ['a short code', '#9110'],
    ['12 digits (too short for a card)', '4111 1111 1111'],
    ['20 digits (too long for a card)', '41111111111111111110'],
    ['a date and time', '2026-11-21 02:10'],
    ['an amount', '12,800 JPY'],
    ['the last four digits only', 'card ending 1111'],
  ])('does not flag %s', (_name, text) => {
    expect(findCardNumbers(text)).toEqual([]);
    expect(sensitiveContent(text)).toBeUndefined();
  });

  // BUG (src/core/text/sensitive.ts, findCardNumbers and maskCardNumbers): an Amazon order number has
  // 17 digits in 3-7-7 groups and about one in ten of them passes the Luhn check, like this one
  // (the example format from the Amazon playbook's order-number input). It is refused as
  // "a full card number" (sensitiveContent → 'card'), so the person cannot record the order.
  it('does not flag a Luhn-valid Amazon order number (3-7-7 digits)', () => {
    expect(findCardNumbers('250-1234567-1234567')).toEqual([]);
  });

  // BUG (src/core/text/sensitive.ts, CARD_CANDIDATE): the regex takes the longest run of 13–19 digits
  // (single spaces/hyphens between) starting at the first digit; when that window fails the Luhn
  // check nothing else is tried, so a card number right after other digits is missed and would be
  // stored as typed.
  it.each([
    ['after a list number', '1 4111 1111 1111 1111'],
    ['after a CVV', 'CVV 123 4111 1111 1111 1111'],
    ['after a date', '2026-11-21 5555 5555 5555 4444'],
    ['after an amount', '12800 4111 1111 1111 1111'],
  ])('finds a card number %s', (_name, text) => {
    expect(sensitiveContent(text)).toBe('card');
  });
});

describe('maskCardNumbers', () => {
  it.each([
    ['4111 1111 1111 1111', '**** 1111'],
    ['4111-1111-1111-1111', '**** 1111'],
    ['card 5555555555554444 was charged', 'card **** 4444 was charged'],
    ['カード番号は3530111333300000です', 'カード番号は**** 0000です'],
    ['４１１１　１１１１　１１１１　１１１１', '**** 1111'],
    ['4111 1111 1111 1111 and 5555-5555-5555-4444', '**** 1111 and **** 4444'],
    ['3782 822463 10005 (Amex)', '**** 0005 (Amex)'],
  ])('%s → %s', (text, masked) => {
    expect(maskCardNumbers(text)).toBe(masked);
    expect(findCardNumbers(maskCardNumbers(text))).toEqual([]);
  });

  it.each(['4111 1111 1111 1112', '503-1234567-1234567', '0570-66-6910', 'order 12,800 JPY on 2026-11-21'])('leaves %s as it is', (text) => {
    expect(maskCardNumbers(text)).toBe(text);
  });

  // BUG (same cause as above): the window the regex picked ("2026-11-21 4111 1111") happens to pass
  // the Luhn check, so the date is masked and twelve digits of the card are left in the text.
  it('masks the card, not the date before it', () => {
    expect(maskCardNumbers('2026-11-21 4111 1111 1111 1111')).toBe('2026-11-21 **** 1111');
  });
});

describe('looksLikePassword', () => {
  it.each([
    'password: hunter2',
    'Password=abc123',
    'PASSWD : x9',
    'passcode: 1234',
    'pass code：9999',
    'PIN: 1234',
    'パスワードは abc123',
    'パスワード：abc123',
    'パスワード: abc123',
    'ﾊﾟｽﾜｰﾄﾞ：abc123',
    '暗証番号は1234',
    '暗証番号：１２３４',
    'パスコード=0000',
  ])('flags %j', (text) => {
    expect(looksLikePassword(text)).toBe(true);
    expect(sensitiveContent(text)).toBe('password');
  });

  it.each(['I changed my password today', 'Reset the password on the real site', 'パスワードを変更した', '暗証番号を聞かれた', 'Shipping: free', 'order 503-1234567-1234567'])(
    'does not flag %j',
    (text) => {
      expect(looksLikePassword(text)).toBe(false);
      expect(sensitiveContent(text)).toBeUndefined();
    },
  );

  // BUG (src/core/text/sensitive.ts, PASSWORD_LIKE): after "パスワードは" any word counts as the password,
  // so the everyday Japanese for "the password has been changed" is refused as a password, in a tool
  // whose first steps tell the person to change it.
  it.each(['パスワードは変更済み', 'パスワードは変更しました', '暗証番号は変えていない'])('does not flag the statement %j', (text) => {
    expect(looksLikePassword(text)).toBe(false);
  });

  it('reports a card before a password when a text has both', () => {
    expect(sensitiveContent('PIN: 1234 card 4111 1111 1111 1111')).toBe('card');
  });
});

describe('secrets as people really type them', () => {
  it.each([
    ['dots', '4111.1111.1111.1111'],
    ['slashes', '4111/1111/1111/1111'],
    ['5-5-6 groups', '41111 11111 111111'],
    ['three or more spaces', '4111   1111    1111   1111'],
    ['the letter O for zero', '3530 1113 3330 OOOO'],
    ['a lower-case o for zero', '3530-1113-3330-0o0o'],
    ['full-width dots', '４１１１．１１１１．１１１１．１１１１'],
    ['pairs of digits', '41 11 11 11 11 11 11 11'],
    ['an Amex in 5-5-5', '37828 22463 10005'],
    ['a 19-digit card', '4111 1111 1111 1111 003'],
  ])('a card number with %s is refused', (_name, text) => {
    expect(sensitiveContent(text)).toBe('card');
  });

  it.each([
    'pw: hunter2',
    'PASSWORD hunter22',
    'password -> Tr0ub4dor',
    'password => Tr0ub4dor&3',
    'my password is Secret123!',
    'new password to K9x!mmq2',
    'pwd=abc',
    'login: taro / hunter22',
    'ID：taro.yamada@example.com／Abc12345',
    '暗証番号 1234',
    '暗証番号は 1 2 3 4',
    'PIN 4321',
    'パスワード Abc123',
    'パスワードが abc12345',
  ])('%j is refused as a password or PIN', (text) => {
    expect(sensitiveContent(text)).toBe('password');
  });

  it.each([
    ['an Amazon order number that passes the Luhn check', '250-1234567-1234567'],
    ['an order and a date', 'order 249-1234567-7654321 on 2026-11-24'],
    ['a police reference number', 'KEI-2026-0042'],
    ['a Rakuten order number', '123456-20261124-0012345678'],
    ['a case id', '2026-11-24-3f9c'],
    ['a reference and a date with a slash', 'ref R-12345 / 2026-11-24'],
    ['a password reset, no value', 'password reset done at 02:10'],
    ['the word login alone', 'login: taro'],
    ['a statement about a PIN', '暗証番号は4桁'],
    ['Japanese: changed', 'パスワードは変更済み'],
    ['two Japanese phone numbers', '0120-86-6910 / 092-474-9256'],
    ['a phone number and a date', '03-1234-5678 2026/11/24'],
  ])('%s passes: %j', (_name, text) => {
    expect(sensitiveContent(text)).toBeUndefined();
  });
});

describe('property: any grouping of a valid card number is refused', () => {
  function withLuhn(body: string): string {
    for (let d = 0; d <= 9; d++) {
      const n = body + d;
      let sum = 0;
      for (let i = n.length - 1, dbl = false; i >= 0; i--, dbl = !dbl) {
        let x = Number(n[i]);
        if (dbl) x = x * 2 > 9 ? x * 2 - 9 : x * 2;
        sum += x;
      }
      if (sum % 10 === 0) return n;
    }
    throw new Error('unreachable');
  }
  const BRANDS: [string, number][] = [
    ['4', 16],
    ['4', 13],
    ['4', 19],
    ['53', 16],
    ['2221', 16],
    ['37', 15],
    ['34', 15],
    ['3530', 16],
    ['3589', 19],
    ['36', 14],
    ['6011', 16],
    ['62', 17],
  ];
  const SEPARATORS = [' ', '  ', '   ', '-', '.', '/', '_', '－', '　', ' - ', '・'];

  it('5,000 random numbers, groupings and separators (seed 20261124)', () => {
    const r = rng(20261124);
    const missed: string[] = [];
    for (let n = 0; n < 5000; n++) {
      const [prefix, length] = BRANDS[Math.floor(r() * BRANDS.length)]!;
      let body = prefix;
      while (body.length < length - 1) body += Math.floor(r() * 10);
      const card = withLuhn(body);
      const groups: string[] = [];
      for (let i = 0; i < card.length;) {
        const size = 1 + Math.floor(r() * 6);
        groups.push(card.slice(i, i + size));
        i += size;
      }
      let text = groups[0]!;
      for (const g of groups.slice(1)) text += SEPARATORS[Math.floor(r() * SEPARATORS.length)]! + g;
      if (r() < 0.3) text = text.replace(/0/g, () => (r() < 0.5 ? 'O' : '0'));
      if (r() < 0.3) text = text.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));
      const framed = r() < 0.5 ? `card ${text} please` : text;
      if (sensitiveContent(framed) !== 'card') missed.push(framed);
    }
    expect(missed).toEqual([]);
  });

  it('Amazon order numbers (3-7-7 with hyphens) always pass, Luhn-valid or not', () => {
    const r = rng(42);
    for (let n = 0; n < 2000; n++) {
      let d = '';
      for (let i = 0; i < 17; i++) d += Math.floor(r() * 10);
      const order = `${d.slice(0, 3)}-${d.slice(3, 10)}-${d.slice(10)}`;
      expect(sensitiveContent(order), order).toBeUndefined();
    }
  });
});
