// The hint Stripe appends to an unknown parameter: `Received unknown parameter:
// customers. Did you mean customer?`. Stripe's public error bodies fit Ruby's
// did_you_mean spell checker (Jaro-Winkler to shortlist, Levenshtein to accept):
// customers→customer, postalCode→postal_code, price→pricing (not price_data),
// invoice→invoiceitem (the update route's path parameter), and no hint for
// names nothing resembles (name, status, object). Pure.

/** Jaro similarity, 0..1. */
function jaro(a: string, b: string): number {
  const [s1, s2] = a.length > b.length ? [b, a] : [a, b];
  const range = Math.max(0, Math.floor(s2.length / 2) - 1);
  const used1 = new Array<boolean>(s1.length).fill(false);
  const used2 = new Array<boolean>(s2.length).fill(false);
  let m = 0;
  for (let i = 0; i < s1.length; i++) {
    for (let j = Math.max(0, i - range); j <= i + range && j < s2.length; j++) {
      if (!used2[j] && s1[i] === s2[j]) {
        used1[i] = used2[j] = true;
        m++;
        break;
      }
    }
  }
  if (m === 0) return 0;
  let t = 0;
  let k = 0;
  for (let i = 0; i < s1.length; i++) {
    if (!used1[i]) continue;
    while (k < s2.length && !used2[k]) k++;
    if (s1[i] !== s2[k]) t++;
    k++;
  }
  t = Math.floor(t / 2);
  return (m / s1.length + m / s2.length + (m - t) / m) / 3;
}

/** Jaro-Winkler: Jaro plus a bonus for a common prefix of up to 4 characters, above 0.7. */
export function jaroWinkler(a: string, b: string): number {
  const d = jaro(a, b);
  if (d <= 0.7) return d;
  let prefix = 0;
  while (prefix < 4 && prefix < a.length && a[prefix] === b[prefix]) prefix++;
  return d + prefix * 0.1 * (1 - d);
}

export function levenshtein(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++)
      row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length];
}

const normalize = (s: string) => s.toLowerCase();

/** The known name an unknown one most likely meant, or undefined when none is close. */
export function didYouMean(input: string, known: Iterable<string>): string | undefined {
  const typed = normalize(input);
  const cutoff = typed.length > 3 ? 0.834 : 0.77;
  const close = [...known]
    .filter((w) => w !== input && jaroWinkler(normalize(w), typed) >= cutoff)
    .map((w) => ({ w, score: jaroWinkler(w, typed) }))
    .sort((x, y) => y.score - x.score)
    .map((c) => c.w);
  // A mistype: a few edits away, a quarter of the input's length at most.
  const mistype = close.find((w) => levenshtein(normalize(w), typed) <= Math.ceil(typed.length * 0.25));
  if (mistype !== undefined) return mistype;
  // A misspelling: fewer edits than the shorter name is long.
  return close.find((w) => levenshtein(normalize(w), typed) < Math.min(typed.length, w.length));
}
