import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_SUFFIXES, PRESENT, termsOf, TOKEN_MAX, wordsOf } from '../../../src/search/terms.ts';
import { at, type SearchTable } from '../../../src/search/fields.ts';

const table: SearchTable = {
  resource: 'things',
  type: 'thing',
  fields: { name: at('string', 'name'), status: at('token', 'status'), total: at('number', 'total'), nested: at('token', 'a.b') },
  metadata: true,
  searchable: (o) => o.deleted !== true,
};
const row = (field: string, value: string | null, text: string | null, num: number | null) => ({ field, value, text, num });

describe('search index terms', () => {
  test('one row for presence, then by field kind; absent values have none', () => {
    const terms = termsOf(table, { id: 'x', name: 'Amy  RIDER', status: 'Open', total: 1200, a: { b: 'Deep' }, metadata: { Plan: 'Pro' } }, { status: null });
    assert.deepEqual(terms, [
      row(PRESENT, null, null, null),
      row('name', null, ' amy rider ', null),
      row('name', 'amy rider', null, null),
      row('name', 'rider', null, null),
      row('status', 'open', null, null),
      row('total', null, null, 1200),
      row('nested', 'deep', null, null),
      row('metadata[Plan]', 'pro', null, null),
    ]);
    assert.deepEqual(termsOf(table, { id: 'y', name: null, status: '', metadata: {} }, { status: null }), [row(PRESENT, null, null, null)]);
  });

  test('objects that are not searchable have no rows at all', () => {
    assert.deepEqual(termsOf(table, { id: 'z', deleted: true }, { status: null }), []);
  });

  test('booleans are tokens; long values are capped', () => {
    assert.equal(termsOf(table, { id: 'b', status: true } as any, { status: null })[1].value, 'true');
    const long = termsOf(table, { id: 'l', status: 'x'.repeat(TOKEN_MAX + 10) }, { status: null })[1].value!;
    assert.equal(long.length, TOKEN_MAX);
    const words = Array.from({ length: MAX_SUFFIXES + 5 }, (_, i) => `w${i}`).join(' ');
    assert.equal(termsOf(table, { id: 'w', name: words }, { status: null }).filter((t) => t.value !== null).length, MAX_SUFFIXES);
  });

  test('words are lowercased and whitespace-collapsed, padded for whole-word matching', () => {
    assert.equal(wordsOf('  One\tTwo\n three '), ' one two three ');
    assert.equal(wordsOf(''), ' ');
  });
});
