// Guards against storing what must never be stored: full card numbers and passwords.

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

/**
 * How card numbers are written: all digits together, or in groups of four (the last group
 * may be shorter: 19-digit cards), or 4-6-4/4-6-5 (Diners, American Express). An Amazon order
 * number (3-7-7 digits) is none of these, even when it happens to pass the Luhn check.
 */
function cardLikeGrouping(groups: string[]): boolean {
  if (groups.length === 1) return true;
  const lengths = groups.map((g) => g.length);
  if (lengths.slice(0, -1).every((n) => n === 4) && lengths[lengths.length - 1]! >= 1 && lengths[lengths.length - 1]! <= 4) return true;
  return lengths.length === 3 && lengths[0] === 4 && lengths[1] === 6 && (lengths[2] === 4 || lengths[2] === 5);
}

interface Found {
  start: number;
  end: number;
  digits: string;
}

/** Runs of digits separated by single spaces or hyphens (at most two spaces), as groups with offsets. */
function cardCandidates(text: string): Found[] {
  const found: Found[] = [];
  for (const run of text.matchAll(/\d+(?:(?:[ \u3000]{1,2}|[-－‐−])\d+)*/g)) {
    const groups = [...run[0].matchAll(/\d+/g)].map((g) => ({ text: g[0], start: run.index! + g.index!, end: run.index! + g.index! + g[0].length }));
    // Every window of consecutive groups, so that a card typed after a date or an amount is found too.
    for (let i = 0; i < groups.length; i++) {
      for (let j = i; j < groups.length; j++) {
        const window = groups.slice(i, j + 1);
        const digits = window.map((g) => g.text).join('');
        if (digits.length > 19) break;
        if (digits.length >= 13 && cardLikeGrouping(window.map((g) => g.text)) && luhn(digits)) {
          found.push({ start: window[0]!.start, end: window[window.length - 1]!.end, digits });
          i = j; // continue after this card
          break;
        }
      }
    }
  }
  return found;
}

/** Full-width digits (０-９) read as ASCII, leaving every other character as typed. */
function asciiDigits(text: string): string {
  return text.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));
}

/** Full card numbers (13–19 digits, Luhn-valid, written as cards are written) found in a text. */
export function findCardNumbers(text: string): string[] {
  const t = asciiDigits(text);
  return cardCandidates(t).map((f) => t.slice(f.start, f.end).normalize('NFKC'));
}

/** Replaces every full card number with its last four digits: "**** 1234". Other text is untouched. */
export function maskCardNumbers(text: string): string {
  const t = asciiDigits(text);
  const found = cardCandidates(t);
  if (!found.length) return text;
  let out = '';
  let last = 0;
  for (const f of found) {
    out += text.slice(last, f.start) + `**** ${f.digits.slice(-4)}`;
    last = f.end;
  }
  return out + text.slice(last);
}

// "password: hunter2", "my password is hunter2", "パスワードは abc12345", "PIN: 1234".
// The value must look like a secret (ASCII, 4+ characters), so "パスワードは変更済み" is fine.
const SECRET_WORD = '(?:\\bpassword\\b|\\bpasswd\\b|\\bpass ?code\\b|\\bpin\\b|パスワード|暗証番号|パスコード)';
const PASSWORD_LIKE = new RegExp(`${SECRET_WORD}\\s*(?:[:：=]\\s*["'「]?[\\x21-\\x7e]{2,}|(?:is|was|は)\\s*["'「]?[\\x21-\\x7e]{4,})`, 'i');

/** True when a text looks like it contains a password. */
export function looksLikePassword(text: string): boolean {
  return PASSWORD_LIKE.test(text.normalize('NFKC'));
}

export type SensitiveKind = 'card' | 'password';

/** What in this text must not be stored, if anything. */
export function sensitiveContent(text: string): SensitiveKind | undefined {
  if (findCardNumbers(text).length) return 'card';
  if (looksLikePassword(text)) return 'password';
  return undefined;
}
