// The PDF's fonts, from npm packages (SIL Open Font License): Noto Sans for Latin, Greek and
// Cyrillic, Noto Sans SC for Chinese and Japanese (its Han and kana, with Latin too), Noto Sans
// KR for Korean. PDF viewers do no font fallback, so each string is set in the first of them
// that has a glyph for every character it holds (the one that has the most, failing that).
// The files are read and parsed once per process, and only when a string needs them: every
// PDF shares the parsed fonts (pdfkit takes a fontkit font as well as bytes), so the tables
// of a 10 MB CJK font are not decoded again for each document.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as fontkit from 'fontkit';

const require = createRequire(import.meta.url);

export type FontName = 'latin' | 'latin-bold' | 'sc' | 'sc-bold' | 'kr' | 'kr-bold';

const FILES: Record<FontName, string> = {
  latin: '@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf',
  'latin-bold': '@expo-google-fonts/noto-sans/700Bold/NotoSans_700Bold.ttf',
  sc: '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf',
  'sc-bold': '@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf',
  kr: '@expo-google-fonts/noto-sans-kr/400Regular/NotoSansKR_400Regular.ttf',
  'kr-bold': '@expo-google-fonts/noto-sans-kr/700Bold/NotoSansKR_700Bold.ttf',
};

const FAMILIES = ['latin', 'sc', 'kr'] as const;

type Font = fontkit.Font;
const parsed = new Map<FontName, Font>();

/** The parsed font, to hand to pdfkit's registerFont. */
export function loadFont(name: FontName): Font {
  let font = parsed.get(name);
  if (!font) {
    font = fontkit.create(readFileSync(require.resolve(FILES[name]))) as Font;
    parsed.set(name, font);
  }
  return font;
}

function covers(name: FontName, cp: number): boolean {
  return loadFont(name).hasGlyphForCodePoint(cp);
}

/** Characters every font draws (or that draw nothing): they never decide the font. */
function neutral(cp: number): boolean {
  return cp < 0x7f || cp === 0xa0 || (cp >= 0x2000 && cp <= 0x206f);
}

const picked = new Map<string, FontName>();

export function fontFor(text: string, bold = false): FontName {
  const key = `${bold ? 'b' : 'r'}${text}`;
  const hit = picked.get(key);
  if (hit) return hit;
  let best: (typeof FAMILIES)[number] = 'latin';
  let bestMissing = Infinity;
  const cps = [...text].map((c) => c.codePointAt(0)!).filter((cp) => !neutral(cp));
  for (const family of FAMILIES) {
    let missing = 0;
    for (const cp of cps) if (!covers(family, cp)) missing++;
    if (missing < bestMissing) {
      best = family;
      bestMissing = missing;
    }
    if (missing === 0) break;
  }
  const name = (bold ? `${best}-bold` : best) as FontName;
  if (picked.size > 20_000) picked.clear();
  picked.set(key, name);
  return name;
}

export const FONT_NAMES = Object.keys(FILES) as FontName[];

/**
 * Loads every font and lays out a line in each, so that the first PDF a customer asks for does
 * not wait for a 10 MB font to be parsed (main.ts calls it once the server listens).
 */
export function warmFonts(): void {
  for (const name of FONT_NAMES) loadFont(name).layout('Invoice 請求書 청구서 $1,234.56');
}
