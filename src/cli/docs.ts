// npm run docs: writes docs/CONFIG.md from the schema (src/config/reference.ts). With --check it
// only says whether the file is current, and exits 1 when it is not.
import { readFileSync, writeFileSync } from 'node:fs';
import { configReference } from '../config/reference';

const FILE = 'docs/CONFIG.md';
const text = configReference();
let current = '';
try {
  current = readFileSync(FILE, 'utf8');
} catch {
  // not written yet
}
if (process.argv.includes('--check')) {
  console.log(current === text ? `${FILE} is current` : `${FILE} is out of date: run npm run docs`);
  process.exitCode = current === text ? 0 : 1;
} else if (current === text) {
  console.log(`${FILE} was already current`);
} else {
  writeFileSync(FILE, text);
  console.log(`wrote ${FILE}`);
}
