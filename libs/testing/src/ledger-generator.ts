import type { AppendItem, AppendUnit, NewEvent } from '@app/event-store';
import {
  cameoCodebook,
  CURRENT_SCHEMA_VERSION,
  decideStatement,
  evolveStatement,
  initialStatementState,
  parseRecordStatement,
  POSITIONS,
  type Attribution,
  type Modality,
  type Position,
  type StatementChanges,
  type StatementContent,
  type StatementState,
} from '@app/statements';
import { iso31661 } from 'iso-3166/1.js';
import { isDeepStrictEqual } from 'node:util';

/**
 * The benchmark's own data: 200 countries × 50 topics, statements that read like the demo
 * data (actor, source, summary, some quotes and CAMEO codes, joint utterances), positions
 * that drift per stance key, and corrections and retractions of earlier statements mixed
 * in. Every statement goes through the domain's own parser and `decide`, so the events are
 * exactly what the API would append. Seeded: the same seed gives the same content.
 */

export const COUNTRY_COUNT = 200;
export const TOPIC_COUNT = 50;

const TOPIC_NAMES: [string, string][] = [
  ['aukus-pillar-ii', 'AUKUS Pillar II partnership'],
  ['ukraine-monitoring-team', 'Monitoring team in Ukraine'],
  ['south-china-sea-fonops', 'Freedom-of-navigation operations in the South China Sea'],
  ['iran-nuclear-deal', 'Joint Comprehensive Plan of Action'],
  ['paris-agreement-targets', 'Paris Agreement emission targets'],
  ['nato-enlargement', 'NATO enlargement'],
  ['wto-appellate-body', 'Restoring the WTO Appellate Body'],
  ['unsc-reform', 'UN Security Council reform'],
  ['arctic-council', 'Arctic Council cooperation'],
  ['rcep-accession', 'Accession to RCEP'],
  ['cptpp-accession', 'Accession to the CPTPP'],
  ['russian-oil-price-cap', 'Price cap on Russian crude oil'],
  ['taiwan-strait-transits', 'Naval transits of the Taiwan Strait'],
  ['korean-denuclearisation', 'Denuclearisation of the Korean Peninsula'],
  ['semiconductor-export-controls', 'Semiconductor export controls'],
  ['huawei-5g-ban', 'Excluding Huawei from 5G networks'],
  ['belt-and-road', 'Belt and Road Initiative projects'],
  ['quad-security-dialogue', 'Quadrilateral Security Dialogue'],
  ['icc-jurisdiction', 'Jurisdiction of the International Criminal Court'],
  ['gaza-ceasefire', 'Ceasefire in Gaza'],
  ['two-state-solution', 'A two-state solution'],
  ['sahel-peacekeeping', 'Peacekeeping missions in the Sahel'],
  ['grain-corridor', 'Black Sea grain corridor'],
  ['global-minimum-tax', 'Global minimum corporate tax'],
  ['debt-relief-common-framework', 'G20 Common Framework for debt relief'],
  ['loss-and-damage-fund', 'Loss and damage fund'],
  ['coal-phase-out', 'Phasing out coal power'],
  ['deep-sea-mining', 'Deep-sea mining moratorium'],
  ['plastics-treaty', 'Global plastics treaty'],
  ['pandemic-accord', 'WHO pandemic accord'],
  ['ai-safety-institutes', 'Network of AI safety institutes'],
  ['lethal-autonomous-weapons', 'Ban on lethal autonomous weapons'],
  ['cluster-munitions', 'Transfers of cluster munitions'],
  ['nuclear-test-ban', 'Comprehensive Nuclear-Test-Ban Treaty'],
  ['new-start-extension', 'Extending New START'],
  ['outer-space-treaty', 'Norms for military activity in outer space'],
  ['cyber-norms', 'UN norms of responsible state behaviour in cyberspace'],
  ['data-localisation', 'Data localisation rules'],
  ['brics-expansion', 'BRICS expansion'],
  ['sco-membership', 'Shanghai Cooperation Organisation membership'],
  ['eu-candidate-status', 'EU candidate status'],
  ['schengen-accession', 'Joining the Schengen area'],
  ['migration-pact', 'Global Compact for Migration'],
  ['refugee-resettlement', 'Refugee resettlement quotas'],
  ['frozen-russian-assets', 'Using frozen Russian central bank assets'],
  ['venezuela-sanctions', 'Sanctions on Venezuela'],
  ['myanmar-junta-recognition', 'Recognition of the Myanmar junta'],
  ['afghanistan-engagement', 'Engagement with the Taliban government'],
  ['kosovo-recognition', 'Recognition of Kosovo'],
  ['western-sahara-autonomy', 'Autonomy plan for Western Sahara'],
];

const BODIES = [
  'Ministry of Foreign Affairs',
  'Ministry of Defence',
  'Office of the President',
  "Prime Minister's Office",
  'Permanent Mission to the UN',
  'National Security Council',
  'Parliament',
  'Embassy',
];
const ROLES = [
  'Foreign minister',
  'Spokesperson',
  'Defence minister',
  'Ambassador',
  'Deputy foreign minister',
  'President',
  'Prime minister',
  'National security adviser',
];
const GIVEN = ['Kim', 'Ana', 'Li', 'Omar', 'Sofia', 'Rahul', 'Yuki', 'Jean', 'Amara', 'Ivan', 'Lucía', 'Tomás', 'Fatima', 'Chen', 'Olga', 'Kwame'];
const FAMILY = [
  'Tae-hyo',
  'Silva',
  'Wei',
  'Haddad',
  'Rossi',
  'Sharma',
  'Tanaka',
  'Dupont',
  'Diallo',
  'Petrov',
  'García',
  'Novak',
  'Rahman',
  'Jun',
  'Kowalska',
  'Mensah',
];
const PUBLISHERS = [
  'Korea JoongAng Daily',
  'Reuters',
  'Associated Press',
  'Agence France-Presse',
  'Nikkei Asia',
  'The Guardian',
  'Al Jazeera',
  'Deutsche Welle',
  'Kyodo News',
  'Yonhap',
  'The Hindu',
  'ABC News (Australia)',
];
const LANGUAGES = ['en', 'en', 'en', 'fr', 'es', 'ar', 'zh', 'ru', 'ko', 'ja', 'de', 'pt-BR'];
const VERBS: Record<Position, string[]> = {
  opposes: ['rejects', 'firmly opposes', 'condemns', 'warns against'],
  concerned: ['expresses concern about', 'voices reservations about', 'urges caution on'],
  neutral: ['takes no position on', 'calls for dialogue on', 'is studying'],
  considering: ['is positively considering', 'is open to', 'is weighing'],
  supports: ['supports', 'welcomes', 'backs', 'endorses'],
};
const REASONS = [
  'Corrected after checking the original transcript.',
  'The source misattributed the remark; fixed against the ministry readout.',
  'Date corrected from the press release.',
  'Updated the source to the primary publication.',
  'Position reassessed after a full reading of the statement.',
];
const RETRACTION_REASONS = ['Duplicate of an earlier entry.', 'The source retracted its report.', 'Recorded against the wrong country.'];

export interface Country {
  code: string;
  name: string;
}

export interface Topic {
  slug: string;
  title: string;
  description: string;
}

/** mulberry32: small, fast, seedable. */
export function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function countries(): Country[] {
  return iso31661
    .map((entry) => ({ code: entry.alpha3, name: entry.name }))
    .sort((a, b) => a.code.localeCompare(b.code))
    .slice(0, COUNTRY_COUNT);
}

export function topics(): Topic[] {
  return TOPIC_NAMES.slice(0, TOPIC_COUNT).map(([slug, title]) => ({
    slug,
    title,
    description: `Statements by governments and officials on: ${title}.`,
  }));
}

/** The codebook's codes: the one the process loaded (@app/platform's loadCameoCodebook) for the domain. */
function cameoCodes(): string[] {
  return [...cameoCodebook().keys()];
}

interface Tracked {
  statementId: string;
  state: StatementState;
}

/** What the loader appends next, and what to do once it is committed. */
export interface GeneratedUnit {
  unit: AppendUnit;
  eventCount: number;
  committed(): void;
}

/*
 * Variety to search and filter by (GET /v1/statements, issue 15), derived from the statement's
 * sequence number rather than drawn: every other value, and so every other figure's workload,
 * stays what it was. Mostly on record and firm, as real reporting is; the rarer values are
 * the selective filters.
 */
function attributionOf(n: number): Attribution {
  if (n % 100 === 7) return 'anonymous_sources';
  if (n % 50 === 11) return 'unnamed_official';
  return n % 20 === 3 ? 'reported' : 'on_record';
}

function modalityOf(n: number): Modality {
  if (n % 40 === 9) return 'conditional';
  return n % 10 === 5 ? 'hedged' : 'firm';
}

/** The publisher one statement in 500 also cites, with the only titles (and the word "submarine") in the ledger: a rare publisher and a rare word. */
export const RARE_PUBLISHER = 'Korea Pro';

function rareSourceOf(n: number, countryName: string): StatementContent['sources'] {
  if (n % 500 !== 250) return [];
  return [{ url: null, publisher: RARE_PUBLISHER, title: `${countryName} and the submarine question`, publishedAt: null }];
}

export class LedgerGenerator {
  readonly countries = countries();
  readonly topics = topics();
  private readonly random: () => number;
  private readonly cameo = cameoCodes();
  private readonly keyPositions = new Map<string, number>();
  /** Committed, still active statements that a correction or retraction may pick. */
  private readonly pool: Tracked[] = [];
  private readonly poolLimit = 20_000;
  private sequence = 0;
  private readonly now = new Date();
  counts = { recorded: 0, corrected: 0, retracted: 0, topics: 0 };

  /** `expectedStatements` spreads statedAt over 1995…now in arrival order. */
  constructor(
    seed: number,
    private readonly expectedStatements: number,
    private readonly recordedBy = 'bench-loader',
  ) {
    this.random = prng(seed);
  }

  uuid(): string {
    const hex = (n: number) =>
      Math.floor(this.random() * 2 ** 32)
        .toString(16)
        .padStart(8, '0')
        .slice(0, n);
    const a = hex(8);
    const b = hex(8);
    const c = hex(8);
    const d = hex(8);
    const variant = '89ab'[Math.floor(this.random() * 4)];
    return `${a}-${b.slice(0, 4)}-4${b.slice(5, 8)}-${variant}${c.slice(1, 4)}-${c.slice(4, 8)}${d}`;
  }

  private pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)];
  }

  /** Each topic has four stance targets: none, and three countries it is about. */
  targetsOf(topicIndex: number): (string | null)[] {
    const c = this.countries;
    return [null, c[(topicIndex * 7) % c.length].code, c[(topicIndex * 13 + 5) % c.length].code, c[(topicIndex * 29 + 11) % c.length].code];
  }

  private statedAt(): string {
    const start = Date.UTC(1995, 0, 1);
    const end = this.now.getTime() - 86_400_000;
    const progress = Math.min(1, this.sequence / Math.max(1, this.expectedStatements));
    // Mostly in arrival order; one in ten is a backfill of something said earlier.
    const at = this.random() < 0.1 ? start + this.random() * progress * (end - start) : start + progress * (end - start) - this.random() * 30 * 86_400_000;
    const date = new Date(Math.max(start, Math.min(end, at)));
    const iso = date.toISOString();
    const r = this.random();
    if (r < 0.05) return iso.slice(0, 4);
    if (r < 0.25) return iso.slice(0, 7);
    if (r < 0.85) return iso.slice(0, 10);
    return iso.slice(0, 19) + 'Z';
  }

  private nextPosition(key: string): Position {
    const current = this.keyPositions.get(key) ?? Math.floor(this.random() * POSITIONS.length);
    const r = this.random();
    let next = current;
    if (r < 0.15) next = Math.max(0, current - 1);
    else if (r < 0.3) next = Math.min(POSITIONS.length - 1, current + 1);
    else if (r < 0.34) next = POSITIONS.length - 1 - current; // a full flop
    this.keyPositions.set(key, next);
    return POSITIONS[next];
  }

  /** A POST /v1/statements body as a client would send it: every field, already in the parser's normal form. */
  statementBody(
    options: { country?: Country; topicIndex?: number; target?: string | null; position?: Position; statedAt?: string; utteranceId?: string | null } = {},
  ): StatementContent {
    const country = options.country ?? this.pick(this.countries);
    const topicIndex = options.topicIndex ?? Math.floor(this.random() * this.topics.length);
    const topic = this.topics[topicIndex];
    const target = options.target !== undefined ? options.target : this.pickTarget(topicIndex);
    const position = options.position ?? this.nextPosition(`${country.code}|${topic.slug}|${target}`);
    const statedAt = options.statedAt ?? this.statedAt();
    const verb = this.pick(VERBS[position]);
    const about = target ? ` with regard to ${this.countries.find((c) => c.code === target)?.name ?? target}` : '';
    const hasQuote = this.random() < 0.4;
    const hasPerson = this.random() < 0.6;
    const n = this.sequence;
    this.sequence += 1;
    return {
      holder: country.code,
      actor: {
        country: country.code,
        body: this.pick(BODIES),
        person: hasPerson ? `${this.pick(GIVEN)} ${this.pick(FAMILY)}` : null,
        role: hasPerson ? this.pick(ROLES) : null,
      },
      topic: topic.slug,
      target,
      position,
      statedAt,
      attribution: attributionOf(n),
      modality: modalityOf(n),
      summary: `${country.name} ${verb} the ${topic.title}${about}.`,
      quote: hasQuote
        ? `"We have made our view on ${topic.title.toLowerCase()} clear to our partners: our government ${verb} it, and we will continue to say so in every forum where the question comes up," the ${this.pick(ROLES).toLowerCase()} told reporters.`
        : null,
      quoteLanguage: hasQuote ? this.pick(LANGUAGES) : null,
      sources: [
        {
          url: `https://news${n % 7}.example.com/${statedAt.slice(0, 4)}/${topic.slug}/${country.code.toLowerCase()}-${n}`,
          publisher: this.pick(PUBLISHERS),
          title: null,
          publishedAt: statedAt.length >= 10 && this.random() < 0.7 ? statedAt.slice(0, 10) : null,
        },
        ...rareSourceOf(n, country.name),
      ],
      cameoCode: this.random() < 0.85 ? this.pick(this.cameo) : null,
      utteranceId: options.utteranceId ?? null,
    };
  }

  private pickTarget(topicIndex: number): string | null {
    const targets = this.targetsOf(topicIndex);
    return this.random() < 0.4 ? null : targets[1 + Math.floor(this.random() * 3)];
  }

  private metadata() {
    return { recordedBy: this.recordedBy, correlationId: this.uuid(), causationId: null, schemaVersion: CURRENT_SCHEMA_VERSION };
  }

  /** The TopicRegistered events of all topics, one unit. */
  topicUnit(): AppendUnit {
    this.counts.topics += this.topics.length;
    return {
      items: this.topics.map((topic) => ({
        streamId: `topic-${topic.slug}`,
        expected: 'no_stream' as const,
        events: [{ eventId: this.uuid(), type: 'TopicRegistered', data: { ...topic }, metadata: this.metadata() }],
      })),
    };
  }

  /** A new statement as the API records it: parsed, decided, one item on its own stream. */
  recordItem(content: StatementContent = this.statementBody()): { item: AppendItem; tracked: Tracked } {
    // The domain's parser checks the first 5000 statements and one in 25 after that (it
    // costs ~50 µs each): each must come back exactly as generated, already normalised.
    if (this.counts.recorded < 5000 || this.counts.recorded % 25 === 0) {
      const parsed = parseRecordStatement(content, this.now);
      if (!parsed.ok) throw new Error(`generated an invalid statement: ${JSON.stringify(parsed.errors)} in ${JSON.stringify(content)}`);
      if (!isDeepStrictEqual(parsed.value.content, content))
        throw new Error(`generated a statement the parser normalises differently: ${JSON.stringify(content)}`);
    }
    const statementId = this.uuid();
    const events = decideStatement(
      { type: 'RecordStatement', statementId, content, topicRegistered: true, registeredActors: new Set() },
      initialStatementState,
    );
    const state = events.reduce((s, event) => evolveStatement(s, event), initialStatementState);
    this.counts.recorded += 1;
    return {
      item: { streamId: `statement-${statementId}`, expected: 'no_stream', events: events.map((event) => this.newEvent(event)) },
      tracked: { statementId, state },
    };
  }

  private newEvent(event: { type: string; data: object }): NewEvent {
    return { eventId: this.uuid(), type: event.type, data: event.data, metadata: this.metadata() };
  }

  /** A correction of a committed statement: a position change, a new date, a moved target, a fixed source… */
  private correctionItem(entry: Tracked): AppendItem | null {
    const content = entry.state.content!;
    const topicIndex = this.topics.findIndex((topic) => topic.slug === content.topic);
    const r = this.random();
    let changes: StatementChanges;
    if (r < 0.4) {
      const others = POSITIONS.filter((position) => position !== content.position);
      changes = { position: this.pick(others) };
    } else if (r < 0.55) changes = { statedAt: this.statedAt() };
    else if (r < 0.75) changes = { summary: `${content.summary ?? ''} (Corrected wording.)`.trim() };
    else if (r < 0.85) {
      const others = this.targetsOf(topicIndex).filter((target) => target !== content.target);
      changes = { target: this.pick(others) };
    } else if (r < 0.95) changes = { source: { publisher: this.pick(PUBLISHERS.filter((p) => p !== content.sources[0].publisher)) } };
    else changes = content.quote ? { quote: null, quoteLanguage: null } : { summary: `${content.summary ?? ''} (Clarified.)` };
    try {
      const events = decideStatement(
        {
          type: 'CorrectStatement',
          statementId: entry.statementId,
          changes,
          reason: this.pick(REASONS),
          expectedRevision: entry.state.revision,
          topicRegistered: true,
          registeredActors: new Set(),
          now: this.now,
        },
        entry.state,
      );
      const expected = entry.state.revision;
      entry.state = events.reduce((s, event) => evolveStatement(s, event), entry.state);
      this.counts.corrected += 1;
      return { streamId: `statement-${entry.statementId}`, expected, events: events.map((event) => this.newEvent(event)) };
    } catch {
      return null; // e.g. a correction that changes nothing: the domain refuses it, so do we
    }
  }

  private retractionItem(entry: Tracked): AppendItem {
    const events = decideStatement({ type: 'RetractStatement', statementId: entry.statementId, reason: this.pick(RETRACTION_REASONS) }, entry.state);
    const expected = entry.state.revision;
    entry.state = events.reduce((s, event) => evolveStatement(s, event), entry.state);
    this.counts.retracted += 1;
    return { streamId: `statement-${entry.statementId}`, expected, events: events.map((event) => this.newEvent(event)) };
  }

  private takeFromPool(): Tracked | null {
    if (this.pool.length === 0) return null;
    const index = Math.floor(this.random() * this.pool.length);
    const entry = this.pool[index];
    this.pool[index] = this.pool[this.pool.length - 1];
    this.pool.pop();
    return entry;
  }

  private returnToPool(entries: Tracked[]): void {
    for (const entry of entries) {
      if (entry.state.status !== 'active') continue;
      if (this.pool.length < this.poolLimit) this.pool.push(entry);
      else this.pool[Math.floor(this.random() * this.pool.length)] = entry;
    }
  }

  /**
   * About `size` events over distinct streams: ~88% new statements (some of them joint
   * utterances of several countries), ~9% corrections and ~3% retractions of statements
   * whose units have committed. Corrections carry their exact expected revision.
   */
  nextUnit(size: number): GeneratedUnit {
    const items: AppendItem[] = [];
    const touched: Tracked[] = [];
    let events = 0;
    while (events < size) {
      const r = this.random();
      if (r < 0.12 && this.pool.length > 0) {
        const entry = this.takeFromPool()!;
        const item = r < 0.09 ? this.correctionItem(entry) : this.retractionItem(entry);
        touched.push(entry);
        if (item) {
          items.push(item);
          events += item.events.length;
        }
      } else if (r < 0.2) {
        // A joint utterance: several countries, one topic, target, position and date.
        const utteranceId = this.uuid();
        const topicIndex = Math.floor(this.random() * this.topics.length);
        const target = this.pickTarget(topicIndex);
        const position = POSITIONS[Math.floor(this.random() * POSITIONS.length)];
        const statedAt = this.statedAt();
        const parties = 2 + Math.floor(this.random() * 3);
        for (let i = 0; i < parties && events < size; i++) {
          const { item, tracked } = this.recordItem(this.statementBody({ topicIndex, target, position, statedAt, utteranceId }));
          items.push(item);
          touched.push(tracked);
          events += 1;
        }
      } else {
        const { item, tracked } = this.recordItem();
        items.push(item);
        touched.push(tracked);
        events += 1;
      }
    }
    return { unit: { items }, eventCount: events, committed: () => this.returnToPool(touched) };
  }
}
