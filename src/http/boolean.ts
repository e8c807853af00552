// Form booleans. Stripe's v1 API takes `true`/`false` in any case: older
// official clients (stripe-python before v12, .NET) send Python's and C#'s
// `True`/`False` (stripe/stripe-dotnet#3104: "v1 apis would accept these or the
// lowercase versions"). Anything else (`1`, `yes`, `tru`) is not a boolean.

/** The boolean a form value spells, or undefined when it spells none. */
export function parseFormBoolean(raw: string): boolean | undefined {
  if (raw.length === 4 && raw.toLowerCase() === 'true') return true;
  if (raw.length === 5 && raw.toLowerCase() === 'false') return false;
  return undefined;
}
