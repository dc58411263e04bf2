/**
 * A hand-written labelled set for story clustering: seven invented stories, each covered by two or three
 * invented outlets in their own words (no shared template sentences: other verbs, other order, names given in
 * full by one outlet and by surname or title by another, figures rounded differently), plus distractors a
 * clusterer must keep apart: another story in the same town with the same mayor (S2 vs S1), another story in
 * the same port town (S7 vs S3) and the same kind of event in another place days later (S6 vs S5).
 * Brenmouth, Port Calder, Kessford, Dunhollow, Carrow Fell and every person, firm and outlet are fictional.
 *
 * `entities` lists the names an entity stage would give (canonical, as written in the article).
 */
export interface RewriteArticle {
  id: string;
  story: string;
  outlet: string;
  publishedAt: string;
  title: string;
  text: string;
  entities: string[];
}

export const REWRITE_SET: RewriteArticle[] = [
  // S1: warehouse fire in Brenmouth.
  {
    id: 's1-chronicle', story: 'S1', outlet: 'Brenmouth Chronicle', publishedAt: '2031-09-02T06:40:00Z',
    title: 'Blaze guts Harlow Vale textile warehouse',
    text: 'Fire tore through the Harlow Vale textile warehouse on Quarry Road late on Monday, sending a column of black smoke over Brenmouth. Six crews fought the flames until dawn. Chief Fire Officer Ada Renwick said nobody was inside when the roof collapsed, but two firefighters were treated for smoke inhalation. Residents of nearby Tanner Street were told to keep their windows shut. The owner, Callum Frey, said forty jobs were at risk.',
    entities: ['Harlow Vale', 'Quarry Road', 'Brenmouth', 'Ada Renwick', 'Tanner Street', 'Callum Frey'],
  },
  {
    id: 's1-wire', story: 'S1', outlet: 'Coastline Wire', publishedAt: '2031-09-02T08:15:00Z',
    title: 'Fire destroys warehouse in Brenmouth, two firefighters hurt',
    text: 'BRENMOUTH - A fire destroyed a textile warehouse in the northern town of Brenmouth overnight, injuring two firefighters, the fire service said on Tuesday. The building, owned by the Harlow Vale company, was empty at the time. Renwick, the town\'s fire chief, said the cause was not yet known. The company employs about 40 people.',
    entities: ['Brenmouth', 'Harlow Vale', 'Renwick'],
  },
  {
    id: 's1-ledger', story: 'S1', outlet: 'Northern Ledger', publishedAt: '2031-09-02T13:05:00Z',
    title: 'Jobs fear after Brenmouth mill fire',
    text: 'Forty workers at Harlow Vale do not know whether they still have jobs after flames reduced the firm\'s Brenmouth warehouse to a shell. "We will rebuild if the insurers let us," managing director Callum Frey told the Ledger. Investigators from the fire service will return to the Quarry Road site on Wednesday once the walls are safe.',
    entities: ['Harlow Vale', 'Brenmouth', 'Callum Frey', 'Ledger', 'Quarry Road'],
  },
  // S2 (distractor of S1: same town, same mayor, two days later): library closures.
  {
    id: 's2-chronicle', story: 'S2', outlet: 'Brenmouth Chronicle', publishedAt: '2031-09-04T07:00:00Z',
    title: 'Council votes to shut two Brenmouth libraries',
    text: 'Brenmouth council voted by nine to five on Wednesday to close the libraries in Tanner Street and Ashgrove to save money. Mayor Della Hurst said the savings would keep the leisure centre open. Campaigners who collected 3,000 signatures called the vote a betrayal and promised to fight on.',
    entities: ['Brenmouth', 'Tanner Street', 'Ashgrove', 'Della Hurst'],
  },
  {
    id: 's2-ledger', story: 'S2', outlet: 'Northern Ledger', publishedAt: '2031-09-04T12:30:00Z',
    title: 'Book lovers vow to fight library cuts',
    text: 'Readers in Brenmouth have promised to challenge the closure of two branch libraries after councillors backed the cuts. Hurst, the mayor, defended the decision as the least painful option. A petition against the plan gathered about three thousand names in a fortnight.',
    entities: ['Brenmouth', 'Hurst'],
  },
  // S3: ferry strike in Port Calder.
  {
    id: 's3-harbour', story: 'S3', outlet: 'Port Calder Harbour News', publishedAt: '2031-10-11T05:50:00Z',
    title: 'Ferries halted as crews walk out',
    text: 'No ferries left Port Calder on Friday morning after crews of the Skerry Line began a 48-hour strike over pay. The Maritime Workers Union says its members have had no rise for three years. Islanders bound for Inchmarra were turned away at the terminal. Union organiser Petra Lowe said the company had "walked away from the table".',
    entities: ['Port Calder', 'Skerry Line', 'Maritime Workers Union', 'Inchmarra', 'Petra Lowe'],
  },
  {
    id: 's3-wire', story: 'S3', outlet: 'Coastline Wire', publishedAt: '2031-10-11T07:20:00Z',
    title: 'Island ferry services cancelled in pay dispute',
    text: 'PORT CALDER - All sailings between Port Calder and the island of Inchmarra were cancelled on Friday as ferry staff started a two-day stoppage, the operator Skerry Line said. The union representing the crews wants a 9 percent increase. Skerry Line chief executive Ross Abbot said the offer of 4 percent was fair.',
    entities: ['Port Calder', 'Inchmarra', 'Skerry Line', 'Ross Abbot'],
  },
  {
    id: 's3-ledger', story: 'S3', outlet: 'Northern Ledger', publishedAt: '2031-10-11T16:45:00Z',
    title: 'Stranded: Inchmarra cut off by ferry stoppage',
    text: 'For the 600 people of Inchmarra, the walkout by Skerry Line crews means no post, no fresh food and no way to reach hospital appointments on the mainland. Lowe, who speaks for the strikers, said emergency crossings would still run. Abbot accused the union of holding islanders to ransom.',
    entities: ['Inchmarra', 'Skerry Line', 'Lowe', 'Abbot'],
  },
  // S7 (distractor of S3: same town, same days): maternity unit closure.
  {
    id: 's7-harbour', story: 'S7', outlet: 'Port Calder Harbour News', publishedAt: '2031-10-12T08:00:00Z',
    title: 'Maternity unit to close at St Brannoc\'s',
    text: 'Expectant mothers in Port Calder will have to travel 50 miles to give birth after health chiefs confirmed the maternity unit at St Brannoc\'s hospital will close in spring. Midwife Orla Baines said staff were "heartbroken". The health board blamed a shortage of doctors.',
    entities: ['Port Calder', "St Brannoc's", 'Orla Baines'],
  },
  {
    id: 's7-ledger', story: 'S7', outlet: 'Northern Ledger', publishedAt: '2031-10-12T14:10:00Z',
    title: 'Health board confirms birth unit closure',
    text: 'Births at St Brannoc\'s in Port Calder will end next spring, the regional health board has decided, citing a lack of consultants. Women will be sent to the city hospital instead. Baines, a midwife for twenty years, said the journey would put lives at risk.',
    entities: ["St Brannoc's", 'Port Calder', 'Baines'],
  },
  // S4: embezzlement verdict in Kessford.
  {
    id: 's4-courier', story: 'S4', outlet: 'Kessford Courier', publishedAt: '2031-11-20T15:30:00Z',
    title: 'Former Kessford Rovers treasurer guilty of theft',
    text: 'A jury at Kessford Crown Court found Martin Quayle, 58, guilty of stealing 212,000 from Kessford Rovers over six years while he was the football club\'s treasurer. The court heard he spent the money on holidays and a boat. Judge Helen Sarre said he would be sentenced next month. Club chairman Idris Pell said supporters felt betrayed.',
    entities: ['Kessford Crown Court', 'Martin Quayle', 'Kessford Rovers', 'Helen Sarre', 'Idris Pell'],
  },
  {
    id: 's4-wire', story: 'S4', outlet: 'Coastline Wire', publishedAt: '2031-11-20T16:05:00Z',
    title: 'Ex-football club official convicted of embezzlement',
    text: 'KESSFORD - A former treasurer of lower-league side Kessford Rovers was convicted on Thursday of embezzling more than 200,000 from the club. Quayle had denied the charges. Sentencing was set for December.',
    entities: ['Kessford', 'Kessford Rovers', 'Quayle'],
  },
  {
    id: 's4-ledger', story: 'S4', outlet: 'Northern Ledger', publishedAt: '2031-11-21T07:15:00Z',
    title: 'How a trusted volunteer drained his club\'s accounts',
    text: 'For six years Martin Quayle signed the cheques at Kessford Rovers, and for six years he quietly moved the club\'s money into his own account. On Thursday a jury convicted him. Pell, the chairman, said the club had nearly folded because of the missing funds.',
    entities: ['Martin Quayle', 'Kessford Rovers', 'Pell'],
  },
  // S5: landslide at Dunhollow.
  {
    id: 's5-dales', story: 'S5', outlet: 'Dales Gazette', publishedAt: '2031-12-03T09:00:00Z',
    title: 'Landslide cuts off Dunhollow',
    text: 'Thousands of tonnes of rock and mud slid onto the Dunhollow pass road after three days of rain, leaving the village of Dunhollow reachable only on foot. Highways engineer Tomas Greer said clearing the road could take a week. A school bus was stopped just short of the slip.',
    entities: ['Dunhollow', 'Tomas Greer'],
  },
  {
    id: 's5-wire', story: 'S5', outlet: 'Coastline Wire', publishedAt: '2031-12-03T10:40:00Z',
    title: 'Heavy rain triggers landslip, village isolated',
    text: 'DUNHOLLOW - A landslip blocked the only road into the hill village of Dunhollow on Wednesday after days of heavy rain, officials said. No one was hurt. Engineer Greer said geologists would check the slope before crews could start work.',
    entities: ['Dunhollow', 'Greer'],
  },
  {
    id: 's5-ledger', story: 'S5', outlet: 'Northern Ledger', publishedAt: '2031-12-03T18:20:00Z',
    title: 'Villagers walk out over the mud as pass stays shut',
    text: 'People in Dunhollow are picking their way over a field of mud to reach their cars after the hillside above the pass gave way. Tomas Greer of the highways department warned that more of the slope could move if the rain returns.',
    entities: ['Dunhollow', 'Tomas Greer'],
  },
  // S6 (distractor of S5: the same kind of event elsewhere, days later).
  {
    id: 's6-dales', story: 'S6', outlet: 'Dales Gazette', publishedAt: '2031-12-06T08:30:00Z',
    title: 'Second landslide closes Carrow Fell road',
    text: 'A landslide has closed the road over Carrow Fell, three days after the slip at Dunhollow. Farmer Nell Ashby watched the bank collapse onto the road in front of her tractor. Highways engineers said the road would stay closed over the weekend.',
    entities: ['Carrow Fell', 'Dunhollow', 'Nell Ashby'],
  },
  {
    id: 's6-wire', story: 'S6', outlet: 'Coastline Wire', publishedAt: '2031-12-06T11:00:00Z',
    title: 'Fell road shut by fresh landslip',
    text: 'CARROW FELL - Mud and boulders blocked the road across Carrow Fell on Saturday in the region\'s second landslip this week. A farmer, Nell Ashby, said she had seen cracks in the bank for days. There were no injuries.',
    entities: ['Carrow Fell', 'Nell Ashby'],
  },
];
