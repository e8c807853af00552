// Answers that are still the JSON text the store holds. Parsing every object of an answer and
// stringifying it again was most of a read's CPU after node's HTTP: the route (route.ts) sends the
// text as it is when nothing in the answer changes it (the newest shapes, no `expand[]`, nothing
// hidden or filled in at render: versions/render.ts, storedTextsShown), and parses it otherwise,
// before expansion and rendering, exactly as an answer of parsed objects.
import type { StoredObject } from '../store/objects.ts';
import type { ListEnvelope } from './list.ts';

export abstract class StoredAnswer {
  /** The stored JSON texts the answer is made of. */
  abstract readonly texts: readonly string[];
  /** The answer as JSON: what JSON.stringify gives for parsed(), without parsing. */
  abstract text(): string;
  /** The answer as objects, for expansion, another version, and rendering. */
  abstract parsed(): object;
}

/** One object (a retrieve). */
export class StoredOne extends StoredAnswer {
  constructor(readonly stored: string) {
    super();
  }

  get texts(): readonly string[] {
    return [this.stored];
  }

  text(): string {
    return this.stored;
  }

  parsed(): StoredObject {
    return JSON.parse(this.stored) as StoredObject;
  }
}

/** A list page, in Stripe's list envelope. */
export class StoredList extends StoredAnswer {
  constructor(
    readonly texts: readonly string[],
    readonly hasMore: boolean,
    readonly url: string,
  ) {
    super();
  }

  text(): string {
    return `{"object":"list","data":[${this.texts.join(',')}],"has_more":${this.hasMore},"url":${JSON.stringify(this.url)}}`;
  }

  parsed(): ListEnvelope<StoredObject> {
    return { object: 'list', data: this.texts.map((text) => JSON.parse(text) as StoredObject), has_more: this.hasMore, url: this.url };
  }
}
