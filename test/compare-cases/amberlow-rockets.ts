/**
 * An invented event covered by four invented outlets, written for presslens tests. Varossia, Teldra, Amberlow,
 * Osk, the Kessel Hills Front and every person named here are fictional.
 *
 * What the case exercises:
 * - entities and speakers: the resident Pavel Dorn appears only in the local paper; the Front's spokesman
 *   Rami Telek is quoted by the Teldran outlet and the agency, not by the local paper.
 * - quotes: Marken's "deliberate assault" quote is shared (trimmed differently) by the local paper and the
 *   agency; Dorn's and the village elder's quotes are exclusive.
 * - numbers: "100 rockets" vs "dozens of rockets" (conflicting); 23 vs 21 injured (conflicting); deaths in Osk
 *   "nine" vs "seven" (conflicting) kept apart from the four deaths in Amberlow (consistent); "at least"
 *   hedges.
 * - framing: "Teldran regime" vs "Teldran government"; "terrorists" vs "militants" vs "resistance fighters";
 *   "martyred" vs "killed"; one loaded term only inside a quote.
 * - wire copies: the Meridian Daily runs the agency text with a credit line.
 */
import type { CaseArticle } from './build.js';

const people = {
  marken: { name: 'Ilse Marken', type: 'PERSON' as const },
  dorn: { name: 'Pavel Dorn', type: 'PERSON' as const },
  telek: { name: 'Rami Telek', type: 'PERSON' as const },
  vasko: { name: 'Oren Vasko', type: 'PERSON' as const },
  selby: { name: 'Hana Selby', type: 'PERSON' as const },
  amberlow: { name: 'Amberlow', type: 'GPE' as const },
  osk: { name: 'Osk', type: 'GPE' as const },
  varossia: { name: 'Varossia', type: 'GPE' as const },
  teldra: { name: 'Teldra', type: 'GPE' as const },
  front: { name: 'Kessel Hills Front', type: 'ORG' as const },
};

export const localPaper: CaseArticle = {
  id: 'amberlow-post',
  siteName: 'Amberlow Evening Post',
  url: 'https://amberlow-post.example/news/rocket-night',
  title: 'Night of terror as 100 rockets rain on Amberlow',
  publishedAt: '2031-05-06T07:30:00Z',
  entities: people,
  quotes: {
    q1: { kind: 'direct', speaker: 'marken' },
    q2: { kind: 'direct', speaker: 'dorn' },
    q3: { kind: 'direct', speaker: 'selby' },
  },
  body: [
    '[[Teldran|teldra]]-backed <<terrorists|Name_Calling,Labeling|militants>> fired 100 rockets at [[Amberlow|amberlow]] overnight, killing four civilians and wounding 23, the [[Varossian|varossia]] army said on Tuesday.',
    'Defence Minister [[Ilse Marken|marken|q1]] said the attack was "{{q1:a deliberate assault on families asleep in their homes, and it will be answered}}".',
    'Resident [[Pavel Dorn|dorn|q2]], whose roof was struck, said: "{{q2:We heard the sirens too late. The whole street shook}}."',
    'The Teldran <<regime|Loaded_Language|government>> denied ordering the attack.',
    'Hospital director [[Hana Selby|selby|q3]] said "{{q3:every bed in the emergency ward is taken}}" and appealed for blood donors.',
  ].join('\n\n'),
};

export const teldranOutlet: CaseArticle = {
  id: 'voice-of-teldra',
  siteName: 'Voice of Teldra',
  url: 'https://voice-of-teldra.example/en/osk',
  title: 'Nine villagers martyred in Osk after resistance strikes military posts',
  publishedAt: '2031-05-06T09:10:00Z',
  entities: people,
  quotes: {
    q1: { kind: 'direct', speaker: 'telek' },
    q2: { kind: 'direct', speaker: 'vasko' },
  },
  body: [
    'Resistance fighters launched dozens of rockets at military positions near [[Amberlow|amberlow]] on Monday night, a spokesman for the [[Kessel Hills Front|front]] said.',
    'Hours later nine villagers were <<martyred|Loaded_Language|killed>> when warplanes of the [[Varossian|varossia]] <<regime|Loaded_Language|government>> struck the village of [[Osk|osk]].',
    'Spokesman [[Rami Telek|telek|q1]] said: "{{q1:Our fighters struck only military targets. The occupation answers with bombs on children}}."',
    'Village elder [[Oren Vasko|vasko|q2]] said "{{q2:we buried whole families today}}".',
  ].join('\n\n'),
};

export const agency: CaseArticle = {
  id: 'northgate-wire',
  siteName: 'Northgate Wire',
  url: 'https://northgate-wire.example/world/varossia-teldra-rockets',
  title: 'Rockets hit Varossian town; air strike kills seven in Osk',
  publishedAt: '2031-05-06T08:00:00Z',
  entities: people,
  quotes: {
    q1: { kind: 'direct', speaker: 'marken' },
    q2: { kind: 'direct', speaker: 'telek' },
  },
  body: [
    'Militants fired dozens of rockets from the Kessel Hills at the [[Varossian|varossia]] town of [[Amberlow|amberlow]] overnight, killing four people and injuring 21, officials in [[Varossia|varossia]] said on Tuesday.',
    'A Varossian air strike on the village of [[Osk|osk]] hours later killed seven people, according to local health workers.',
    'Defence Minister [[Ilse Marken|marken|q1]] called the barrage "{{q1:a deliberate assault on families asleep in their homes}}".',
    '[[Rami Telek|telek|q2]], a spokesman for the [[Kessel Hills Front|front]], said the group had targeted "{{q2:only military targets}}" and accused [[Varossia|varossia]] of "bombing children".',
    'The Teldran government denied any role in the attack. At least 40 people have been arrested in Amberlow since the start of the month.',
  ].join('\n\n'),
};

/** The agency text run by another outlet, with a credit line and its own headline. */
export const wireCopy: CaseArticle = {
  ...agency,
  id: 'meridian-daily',
  siteName: 'Meridian Daily',
  url: 'https://meridian-daily.example/world/2031/05/06/rockets',
  title: 'Rocket barrage on Amberlow, deadly strike on Osk',
  publishedAt: '2031-05-06T10:45:00Z',
  body: `${agency.body}\n\nReporting by Northgate Wire.`,
};

export const AMBERLOW_CASE: CaseArticle[] = [localPaper, teldranOutlet, agency, wireCopy];
