// Guards against storing what must never be stored: full card numbers and passwords.

const CARD_CANDIDATE = /(?<!\d)(?:\d[ -]?){12,18}\d(?!\d)/g;

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

/** Full card numbers (13–19 digits, spaces or hyphens allowed, Luhn-valid) found in a text. */
export function findCardNumbers(text: string): string[] {
  const found: string[] = [];
  for (const m of text.normalize('NFKC').matchAll(CARD_CANDIDATE)) {
    const digits = m[0].replace(/\D/g, '');
    if (digits.length >= 13 && digits.length <= 19 && luhn(digits)) found.push(m[0]);
  }
  return found;
}

/** Replaces every full card number with its last four digits: "**** 1234". */
export function maskCardNumbers(text: string): string {
  const normalized = text.normalize('NFKC');
  return normalized.replace(CARD_CANDIDATE, (m) => {
    const digits = m.replace(/\D/g, '');
    return digits.length >= 13 && digits.length <= 19 && luhn(digits) ? `**** ${digits.slice(-4)}` : m;
  });
}

const PASSWORD_LIKE = /(?:password|passwd|pass ?code|pin|パスワード|暗証番号|パスコード)\s*(?:は|[:：=])\s*\S+/i;

/** True when a text looks like it contains a password ("password: hunter2", "パスワードは abc123"). */
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
