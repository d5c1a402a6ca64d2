// A large running order as a producer's spreadsheet would hold it: `looks` looks
// walked by `models` models in turn (model k walks looks k, k + models, ...), in
// sections of 20, with long names and every column filled. Used by the big-show
// journey and bench, and by `tsx tests/support/big-show-csv.ts` to write the fixture.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const FIRST = [
  'Amara',
  'Lena',
  'Sofia',
  'Yuki',
  'Noah',
  'Ines',
  'Kofi',
  'Mariam',
  'Oskar',
  'Priya',
];
const LAST = [
  'Okafor',
  'Fischer',
  'Marquez',
  'Tanaka',
  'Haddad',
  'Duarte',
  'Van der Berg-Lindqvist',
  'Nakamura',
  'Ó Briain',
  'Castellanos',
];
const OUTFITS = [
  'Ivory wool coat with oversized lapels',
  'Charcoal suit',
  'Pleated skirt; cropped knit',
  'Silver slip dress',
  'Trench dress',
];

/** The model walking look `n` (1-based). */
export const bigShowModelName = (n: number, models: number): string => {
  const k = (n - 1) % models;
  return `${FIRST[k % FIRST.length]} ${LAST[Math.floor(k / FIRST.length) % LAST.length]} ${k + 1}`;
};

const quote = (text: string) => (/[",\n;]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);

export function bigShowCsv(looks: number, models: number): string {
  const lines = ['Look,Model,Section,Outfit,Accessories,Shoes,Hair,Makeup,Dresser,Notes'];
  for (let n = 1; n <= looks; n++) {
    lines.push(
      [
        String(n),
        bigShowModelName(n, models),
        `Section ${Math.ceil(n / 20)} — ${n <= 20 ? 'Opening' : n > looks - 20 ? 'Finale' : 'Daywear and eveningwear'}`,
        `${OUTFITS[n % OUTFITS.length]} ${n}`,
        n % 3 === 0 ? 'Gold cuff, tote bag' : '',
        'Black Chelsea boots',
        'Sleek low bun',
        'Bare skin, red lip',
        `Dresser ${(n % 12) + 1}`,
        n % 7 === 0 ? 'Walk slow, pause at the end' : '',
      ]
        .map(quote)
        .join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const out = path.join(
    path.dirname(fileURLToPath(import.meta.url)),
    '..',
    'fixtures',
    'running-order-300.csv',
  );
  writeFileSync(out, bigShowCsv(300, 150));
  console.log(`wrote ${out}`);
}
