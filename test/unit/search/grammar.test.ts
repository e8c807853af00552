import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseQuery, QueryError, MAX_CLAUSES } from '../../../src/search/grammar.ts';

const one = (q: string) => {
  const parsed = parseQuery(q);
  assert.equal(parsed.clauses.length, 1);
  return parsed.clauses[0];
};
const fails = (q: string) => assert.throws(() => parseQuery(q), QueryError, q);

describe('search grammar', () => {
  test('a clause is field, operator, value', () => {
    assert.deepEqual(one('email:"amy@rocketrides.io"'), {
      negated: false,
      field: 'email',
      op: ':',
      value: { kind: 'string', text: 'amy@rocketrides.io' },
    });
  });

  test('every operator', () => {
    for (const op of [':', '~', '>', '<', '>=', '<='] as const) assert.equal(one(`total${op}100`).op, op);
    assert.deepEqual(one('total>=100').value, { kind: 'number', value: 100, text: '100' });
    assert.deepEqual(one('amount<-5.25').value, { kind: 'number', value: -5.25, text: '-5.25' });
  });

  test('single and double quotes, with escapes', () => {
    assert.deepEqual(one(`name:'Jane Doe'`).value, { kind: 'string', text: 'Jane Doe' });
    assert.deepEqual(one(`name:"say \\"hi\\""`).value, { kind: 'string', text: 'say "hi"' });
    assert.deepEqual(one(`name:'it\\'s'`).value, { kind: 'string', text: "it's" });
    assert.deepEqual(one(`name:"back\\\\slash"`).value, { kind: 'string', text: 'back\\slash' });
    // The other quote needs no escape; an unknown escape keeps its backslash.
    assert.deepEqual(one(`name:"it's"`).value, { kind: 'string', text: "it's" });
    assert.deepEqual(one(`name:"a\\nb"`).value, { kind: 'string', text: 'a\\nb' });
    assert.deepEqual(one(`name:""`).value, { kind: 'string', text: '' });
  });

  test('metadata keys in either quote', () => {
    assert.deepEqual(one(`metadata['order id']:'42'`), {
      negated: false,
      field: 'metadata',
      metadataKey: 'order id',
      op: ':',
      value: { kind: 'string', text: '42' },
    });
    assert.equal(one(`metadata["donation-id"]:"x"`).metadataKey, 'donation-id');
  });

  test('negation and null', () => {
    const c = one(`-metadata["donation-id"]:null`);
    assert.equal(c.negated, true);
    assert.deepEqual(c.value, { kind: 'null' });
    assert.equal(one('-currency:"usd"').negated, true);
    // Quoted, null is a string like any other.
    assert.deepEqual(one('url:"null"').value, { kind: 'string', text: 'null' });
  });

  test('dotted fields', () => {
    assert.equal(one('payment_method_details.card.last4:4242').field, 'payment_method_details.card.last4');
  });

  test('AND, OR (any case) and plain spaces join clauses', () => {
    assert.equal(parseQuery('a:"1" b:"2"').join, 'and');
    assert.equal(parseQuery('a:"1" AND b:"2" and c:"3"').clauses.length, 3);
    const or = parseQuery('a:"1" OR b:"2" or c:"3"');
    assert.equal(or.join, 'or');
    assert.equal(or.clauses.length, 3);
    assert.equal(parseQuery('  a:"1"   ').clauses.length, 1);
    // A field may be called like a keyword.
    assert.equal(parseQuery('a:"1" OR or:"2"').clauses[1].field, 'or');
  });

  test('AND and OR are never mixed (a space is an AND)', () => {
    fails('a:"1" AND b:"2" OR c:"3"');
    fails('a:"1" OR b:"2" c:"3"');
  });

  test(`at most ${MAX_CLAUSES} clauses`, () => {
    const clauses = (n: number) => Array.from({ length: n }, (_, i) => `f${i}:"${i}"`).join(' AND ');
    assert.equal(parseQuery(clauses(MAX_CLAUSES)).clauses.length, MAX_CLAUSES);
    fails(clauses(MAX_CLAUSES + 1));
  });

  test('malformed queries', () => {
    for (const q of [
      '',
      '   ',
      'asdf',
      'email',
      'email:',
      'email:amy', // strings must be quoted
      'email:"unterminated',
      "email:'mixed\"",
      'email :"x"',
      'email: "x"',
      ':"x"',
      '-',
      'a:"1" AND',
      'AND a:"1"',
      'a:"1" AND AND b:"2"',
      'a:"1"b:"2"',
      'total>12abc',
      'total=>5',
      'total==5',
      'metadata[key]:"v"',
      'metadata["k":"v"',
      '(a:"1" OR b:"2")',
      'a.:"1"',
      'email:nullx',
    ])
      fails(q);
  });
});
