// Guards against storing what must never be stored: full card numbers and passwords or PINs.
//
// A card number is found however it is written: grouped any way, with spaces, dots, slashes or
// hyphens (ASCII or full-width), with the letter O typed for a zero. It must look like a real
// card: a brand's prefix and length, and the Luhn check. An Amazon order number (3-7-7 digits with
// hyphens) is never a card, even when it passes the Luhn check.

function luhn(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/** Card brands by prefix and length (Visa, Mastercard, American Express, JCB, Diners, Discover, UnionPay). */
function brandFits(d: string): boolean {
  const n = d.length;
  const p2 = Number(d.slice(0, 2));
  const p3 = Number(d.slice(0, 3));
  const p4 = Number(d.slice(0, 4));
  const p6 = Number(d.slice(0, 6));
  if (d[0] === '4') return n === 13 || n === 16 || n === 19;
  if ((p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720)) return n === 16;
  if (p2 === 34 || p2 === 37) return n === 15;
  if (p4 >= 3528 && p4 <= 3589) return n >= 16 && n <= 19;
  if (p2 === 36 || p2 === 38 || p2 === 39 || (p3 >= 300 && p3 <= 305) || p3 === 309) return n >= 14 && n <= 19;
  if (p4 === 6011 || p2 === 65 || (p3 >= 644 && p3 <= 649) || (p6 >= 622126 && p6 <= 622925)) return n >= 16 && n <= 19;
  if (p2 === 62) return n >= 16 && n <= 19;
  return false;
}

interface Found {
  start: number;
  end: number;
  digits: string;
}

const SEP = '[\\s.\\-/_・\u2010-\u2015\u2212]';
/** Runs of digit groups with up to six separator characters between them (O standing in for 0). */
const RUN = new RegExp(`[0-9Oo](?:[0-9Oo]|${SEP}{1,6}(?=[0-9Oo]))*`, 'g');
/** Amazon order numbers, blanked out (same length) before looking for cards. */
const ORDER_NUMBERS = /(?<![\d-])\d{3}-\d{7}-\d{7}(?![\d-])/g;

/** Full-width digits and separators to ASCII (same length, so offsets stay right). */
function asciiForm(text: string): string {
  return text
    .replace(ORDER_NUMBERS, (m) => '#'.repeat(m.length))
    .replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0))
    .replace(/[－／．＿]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\u3000/g, ' ');
}

function cardCandidates(text: string): Found[] {
  const found: Found[] = [];
  for (const run of text.matchAll(RUN)) {
    const s = run[0];
    // The letter O counts as a zero only inside a run that is mostly digits.
    const digitsOnly = s.replace(/[^0-9]/g, '');
    if (digitsOnly.length < 8) continue;
    const groups = [...s.matchAll(/[0-9Oo]+/g)].map((g) => ({ text: g[0].replace(/[Oo]/g, '0'), start: run.index! + g.index!, end: run.index! + g.index! + g[0].length }));
    // Every window of consecutive groups, so a card written after a date or an amount is found too.
    for (let i = 0; i < groups.length; i++) {
      for (let j = i; j < groups.length; j++) {
        const window = groups.slice(i, j + 1);
        const digits = window.map((g) => g.text).join('');
        if (digits.length > 19) break;
        if (digits.length < 13) continue;
        if (brandFits(digits) && luhn(digits)) {
          found.push({ start: window[0]!.start, end: window[window.length - 1]!.end, digits });
          i = j; // continue after this card
          break;
        }
      }
    }
  }
  return found;
}

/** Full card numbers found in a text, as written (full-width characters read as ASCII). */
export function findCardNumbers(text: string): string[] {
  const t = asciiForm(text);
  return cardCandidates(t).map((f) => t.slice(f.start, f.end));
}

/** Replaces every full card number with its last four digits: "**** 1234". Other text is untouched. */
/** Thirteen digits (any width, or O for 0) with at most six other characters between each: only then is it worth looking closer (a card has 13 to 19 digits, at most six separators between groups). */
const MAYBE_CARD = /(?:[0-9０-９Oo][^0-9０-９Oo]{0,6}){13}/;

export function maskCardNumbers(text: string): string {
  // A card number has at least 12 digits (or letters O standing for 0, or full-width digits).
  if (!MAYBE_CARD.test(text)) return text;
  const found = cardCandidates(asciiForm(text));
  if (!found.length) return text;
  let out = '';
  let last = 0;
  for (const f of found) {
    out += text.slice(last, f.start) + `**** ${f.digits.slice(-4)}`;
    last = f.end;
  }
  return out + text.slice(last);
}

// -- passwords and PINs

/** A word matched in any case, without the regular expression's i flag (which would spoil the case checks of SECRET). */
const ci = (w: string) => w.replace(/[a-z]/g, (c) => `[${c}${c.toUpperCase()}]`);
const WORD = `(?:${ci('pass')}\\s?${ci('word')}s?|${ci('passwd')}|${ci('pwd')}|${ci('pw')}|${ci('pass')}\\s?${ci('code')}s?|${ci('passphrase')}|パスワード|パスコード|ログインパスワード|暗証番号|暗証)`;
const PIN_WORD = `(?:${ci('pin')}(?:\\s?${ci('code')})?|暗証番号|暗証|パスコード)`;
/** A value that looks like a secret: no spaces, ASCII, and a digit, a symbol or mixed case; or long. */
const SECRET = '(?=[\\x21-\\x7e]*?(?:\\d|[^\\w\\s]|[a-z][A-Z]|[A-Z][a-z]*[a-z][A-Z]))[\\x21-\\x7e]{3,}|[\\x21-\\x7e]{10,}';

const PATTERNS: RegExp[] = [
  // password: x · pw=x · パスワード：x
  new RegExp(`(?<![A-Za-z])${WORD}\\s*[:：=＝]\\s*["'「]?[\\x21-\\x7e]{2,}`),
  // password is x · my password was x · password -> x · パスワードは x
  new RegExp(`(?<![A-Za-z])${WORD}(?:\\s+(?:${ci('is')}|${ci('was')}|${ci('to')})\\s+|\\s*(?:=>|->|→|は|が|を)\\s*)["'「]?(?:${SECRET})`),
  // PASSWORD x (a secret-looking value right after the word)
  new RegExp(`(?<![A-Za-z])${WORD}\\s+["'「]?(?:${SECRET})`),
  // PIN 1234 · 暗証番号 1234 · 暗証番号は1234
  new RegExp(`(?<![A-Za-z])${PIN_WORD}\\s*(?:[:：=＝]|${ci('is')}|${ci('was')}|は|が)?\\s*\\d(?:[\\s-]?\\d){3,7}(?!\\d)`),
  // login: name / secret · ID：x／y
  new RegExp(
    `(?<![A-Za-z])(?:${ci('log')}\\s?${ci('in')}(?:\\s?${ci('id')})?|${ci('user')}\\s?(?:${ci('name')}|${ci('id')})?|${ci('id')}|ログイン(?:ID)?|ユーザー名?)\\s*[:：=＝]\\s*\\S+\\s*[/／|]\\s*\\S{3,}`,
  ),
];

/** True when a text looks like it contains a password or a PIN. */
export function looksLikePassword(text: string): boolean {
  const t = text.normalize('NFKC');
  return PATTERNS.some((p) => p.test(t));
}

export type SensitiveKind = 'card' | 'password';

/** What in this text must not be stored, if anything. */
export function sensitiveContent(text: string): SensitiveKind | undefined {
  if (findCardNumbers(text).length) return 'card';
  if (looksLikePassword(text)) return 'password';
  return undefined;
}
