// Writes docs/api-versions.md from the change modules.
import { mkdirSync, writeFileSync } from 'node:fs';
import { versionsDoc } from '../src/versions/doc.ts';

mkdirSync('docs', { recursive: true });
writeFileSync('docs/api-versions.md', versionsDoc());
console.log('docs/api-versions.md written');
