// Rewrites the endpoint table in README.md from the app's routes.
import { readFileSync, writeFileSync } from 'node:fs';
import { endpointTable, withTable } from '../src/docs/endpoints.ts';

const readme = readFileSync('README.md', 'utf8');
writeFileSync('README.md', withTable(readme, await endpointTable()));
console.log('README.md endpoint table written');
