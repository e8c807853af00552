// The HTML shell every server-rendered page shares (hosted invoice page, authentication page,
// dashboard): phone-sized viewport, not indexed, the base style plus a page family's own.
import { html, raw, type Html } from './html.ts';
import { BASE_CSS } from './style.ts';

export function document(title: string, body: Html, lang = 'en', css = ''): string {
  return html`<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${title}</title>
<style>${raw(BASE_CSS)}${raw(css)}</style>
</head>
<body>${body}</body>
</html>
`.value;
}
