// Text for a screen reader or a braille display (the accessible mode): the marks that only help
// the eye are said in words or left out. "✔" is what was saved, "⚠" a caution, "→" the next place
// in a menu path; the list marks (■ ☐ ☎ ↻ ⚑ ▷ • ›) are dropped. Pure.

export interface SpeechWords {
  /** for ✔: "Saved:" / "保存しました：" */
  saved: string;
  /** for ⚠: "Caution:" / "注意：" */
  caution: string;
  /** for → between the places of a menu path: ", then " / "、次に" */
  then: string;
}

// eslint-disable-next-line no-control-regex -- a colour code may stand before a mark
const DROPPED = /(^|\s|\u001b\[[0-9;]*m)[■☐☎↻⚑▷•›✎▶▸◆◇○●](?:\s|$)/gmu;

/** A label and the space after it that its script wants ("Saved: " / "保存しました："). */
const label = (word: string) => (/[\x21-\x7e]$/.test(word) ? `${word} ` : word);

export function forSpeech(text: string, words: SpeechWords): string {
  return (
    text
      // "✔ Saved: …" already says it: the mark alone goes
      // (a colour code right after the mark stays, and the space after it goes with the mark)
      // eslint-disable-next-line no-control-regex
      .replace(/✔(\u001b\[[0-9;]*m)?\s*/gu, (m: string, colour: string | undefined, at: number, whole: string) =>
        whole.startsWith(words.saved, at + m.length) ? (colour ?? '') : `${label(words.saved)}${colour ?? ''}`,
      )
      // eslint-disable-next-line no-control-regex
      .replace(/⚠(\u001b\[[0-9;]*m)?\s*/gu, (_m: string, colour: string | undefined) => `${label(words.caution)}${colour ?? ''}`)
      // an arrow that starts a line points at what follows; between places, it is "then"
      .replace(/^(\s*)→\s*/gmu, '$1')
      .replace(/\s*→\s*/gu, words.then)
      .replace(DROPPED, '$1')
  );
}
