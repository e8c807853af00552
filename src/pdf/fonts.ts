// The PDF's fonts, from npm packages (SIL Open Font License): Noto Sans for Latin, Greek and
// Cyrillic, Noto Sans SC for Chinese and Japanese (its Han and kana, with Latin too), Noto Sans
// KR for Korean, Noto Emoji (monochrome: pdfkit draws outlines, not colour bitmaps) for emoji.
// PDF viewers do no font fallback, so each string is set in the first of them that has a glyph
// for every character it holds (the one that has the most, failing that), and any character
// that font lacks falls back, glyph by glyph, to the first font that has it (fontRuns).
// The files are read and parsed once per process, and only when a string needs them: every
// PDF shares the parsed fonts (pdfkit takes a fontkit font as well as bytes), so the tables
// of a 10 MB CJK font are not decoded again for each document.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as fontkit from 'fontkit';

const require = createRequire(import.meta.url);

export type FontName = 'latin' | 'latin-bold' | 'sc' | 'sc-bold' | 'kr' | 'kr-bold' | 'emoji' | 'emoji-bold';

const FILES: Record<FontName, string> = {
  latin: '@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf',
  'latin-bold': '@expo-google-fonts/noto-sans/700Bold/NotoSans_700Bold.ttf',
  sc: '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf',
  'sc-bold': '@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf',
  kr: '@expo-google-fonts/noto-sans-kr/400Regular/NotoSansKR_400Regular.ttf',
  'kr-bold': '@expo-google-fonts/noto-sans-kr/700Bold/NotoSansKR_700Bold.ttf',
  emoji: '@expo-google-fonts/noto-emoji/400Regular/NotoEmoji_400Regular.ttf',
  'emoji-bold': '@expo-google-fonts/noto-emoji/700Bold/NotoEmoji_700Bold.ttf',
};

/** Fonts a character missing from a string's font falls back to, in order. */
// Emoji first: it is small, and a Latin string with an emoji then never loads the CJK fonts to look.
const FALLBACKS = ['emoji', 'latin', 'sc', 'kr'] as const;

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

/**
 * Marks that belong to the character before them whatever font it is in: the zero-width
 * joiner and variation selectors of emoji sequences, skin-tone modifiers, keycap and tag
 * characters (flags of subdivisions).
 */
function clings(cp: number): boolean {
  return cp === 0x200d || (cp >= 0xfe00 && cp <= 0xfe0f) || (cp >= 0x1f3fb && cp <= 0x1f3ff) || cp === 0x20e3 || (cp >= 0xe0020 && cp <= 0xe007f);
}

export interface FontRun {
  text: string;
  font: FontName;
}

/** The string cut into runs, each in one font: the string's own font, and per glyph a fallback for what it lacks. */
export function fontRuns(text: string, bold = false): FontRun[] {
  const main = fontFor(text, bold);
  const mainFamily = main.replace('-bold', '') as FontName;
  const runs: FontRun[] = [];
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    let font: FontName = main;
    if (clings(cp) && runs.length > 0) font = runs[runs.length - 1].font;
    else if (!neutral(cp) && !covers(mainFamily, cp)) {
      const family = FALLBACKS.find((f) => covers(f, cp));
      if (family) font = (bold ? `${family}-bold` : family) as FontName;
    }
    const last = runs[runs.length - 1];
    if (last && last.font === font) last.text += ch;
    else runs.push({ text: ch, font });
  }
  return runs.length > 0 ? runs : [{ text, font: main }];
}

export const FONT_NAMES = Object.keys(FILES) as FontName[];

/**
 * Loads every font and lays out a line in each, so that the first PDF a customer asks for does
 * not wait for a 10 MB font to be parsed (main.ts calls it once the server listens).
 */
export function warmFonts(): void {
  for (const name of FONT_NAMES) loadFont(name).layout(name.startsWith('emoji') ? '🎉👍' : 'Invoice 請求書 청구서 $1,234.56');
}
