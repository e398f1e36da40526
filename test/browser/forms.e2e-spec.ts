import type { Page } from 'playwright-core';
import { TOKENS } from '../support/server.js';
import { openBrowserSession, seriousViolations as violationsOn, shot as shotOf, signIn as signInOn, type BrowserSession } from './harness.js';

/**
 * The editor forms in a real (headless) Chromium against the real server and database,
 * seeded with the demo (test/browser/harness.ts): record a statement, an invalid field marked
 * where it is with nothing written, correct (the form's diff as the merge patch, If-Match), a
 * stale revision, retract; a reader gets no form.
 */
let session: BrowserSession;
let page: Page;
/** The statement the editor records in the first editor test; corrected and retracted later. */
let recordedId: string;

const shot = (name: string) => shotOf(page, `forms-${name}`);
const seriousViolations = () => violationsOn(page);
/** The view (the header's time controls and legend have labels of their own: `Position` is also the legend's). */
const inMain = () => page.locator('main');
const api = (method: string, path: string, body?: unknown, headers?: Record<string, string>) => session.server.call(method, path, { body, headers });

const SUMMARY = 'Seoul would welcome a role in Pillar II projects on autonomy, the defence minister said.';

/** What the editor types, field by field: the record and the invalid-field tests start from it. */
const TYPED = {
  holder: 'KOR',
  topic: 'aukus-pillar-ii',
  position: 'supports',
  country: 'KOR',
  body: 'Ministry of National Defense',
  person: 'Shin Won-sik',
  role: 'Minister of National Defense',
  statedAt: '2024-09',
  attribution: 'reported',
  modality: 'hedged',
  summary: SUMMARY,
  quote: '필러2 참여를 긍정적으로 검토하고 있다',
  quoteLanguage: 'ko',
  sources: [
    { url: 'https://example.org/mnd-briefing', publisher: 'Yonhap', title: 'Defence minister on AUKUS', publishedAt: '2024-09-12' },
    { url: '', publisher: 'KBS Radio', title: '', publishedAt: '2024-09' },
  ],
};

async function statementCount(): Promise<number> {
  const list = await api('GET', '/v1/statements?limit=500');
  expect(list.status).toBe(200);
  return list.body.items.length;
}

/** Opens the record form from the header's link (an editor's) and waits for its pickers to load. */
async function openRecordForm(): Promise<void> {
  await page.goto(session.server.url + '/#/map');
  await page.getByRole('link', { name: 'Record a statement' }).click();
  await page.getByRole('heading', { name: 'Record a statement' }).waitFor();
  await page.locator('#f-topic option[value="aukus-pillar-ii"]').waitFor({ state: 'attached' });
}

/** Types TYPED (with `statedAt` as given) into the record form, as a user would: labels, the CAMEO search, "Add a source". */
async function fillRecordForm(statedAt: string): Promise<void> {
  await inMain().getByLabel('Holder', { exact: true }).fill(TYPED.holder);
  await inMain().getByLabel('Topic').selectOption(TYPED.topic);
  await inMain().getByLabel('Position').selectOption(TYPED.position);
  await inMain().getByLabel('Speaker’s country').fill(TYPED.country);
  await inMain().getByLabel('Speaker’s body').fill(TYPED.body);
  await inMain().getByLabel('Speaker (person)').fill(TYPED.person);
  await inMain().getByLabel('Speaker’s role').fill(TYPED.role);
  await inMain().getByLabel('Stated at').fill(statedAt);
  await inMain().getByLabel('Attribution').selectOption(TYPED.attribution);
  await inMain().getByLabel('Modality').selectOption(TYPED.modality);
  await inMain().getByLabel('Summary').fill(TYPED.summary);
  await inMain().getByLabel('Quote', { exact: true }).fill(TYPED.quote);
  await inMain().getByLabel('Quote language').fill(TYPED.quoteLanguage);
  // The CAMEO code by a search of the codebook's words, then a pick.
  await inMain().getByLabel('Search the CAMEO codebook').fill('cooperate militarily');
  await page.getByRole('button', { name: '0312 Express intent to cooperate militarily' }).click();
  expect(await inMain().getByLabel('CAMEO code', { exact: true }).inputValue()).toBe('0312');
  for (const [i, source] of TYPED.sources.entries()) {
    if (i > 0) await page.getByRole('button', { name: 'Add a source' }).click();
    await page.locator(`#f-sources-${i}-url`).fill(source.url);
    await page.locator(`#f-sources-${i}-publisher`).fill(source.publisher);
    await page.locator(`#f-sources-${i}-title`).fill(source.title);
    await page.locator(`#f-sources-${i}-publishedAt`).fill(source.publishedAt);
  }
}

/** After a refused write: the summary is on the page and has the keyboard. */
async function summaryShown(): Promise<string> {
  await page.locator('#form-errors').waitFor();
  // Waited for through CSS (`:focus`): a string predicate would be evaluated by eval, which the page's CSP refuses.
  await page.locator('#form-errors:focus').waitFor();
  return (await page.locator('#form-errors').textContent()) ?? '';
}

async function fieldError(name: string): Promise<{ invalid: string | null; message: string }> {
  const id = `f-${name.replace(/[^A-Za-z0-9]+/g, '-')}`;
  const field = page.locator(`#${id}`);
  const describedBy = (await field.getAttribute('aria-describedby')) ?? '';
  expect(describedBy.split(' ')).toContain(`${id}-error`);
  return { invalid: await field.getAttribute('aria-invalid'), message: (await page.locator(`#${id}-error`).textContent()) ?? '' };
}

beforeAll(async () => {
  session = await openBrowserSession();
  page = session.page;
});

afterAll(async () => {
  await session?.close();
});

describe('the editor forms', () => {
  test('a reader who opens a form’s route sees “Editors only” and no form, and the header offers no record link', async () => {
    await signInOn(page, session.server, TOKENS.reader);
    await page.getByText('rita (reader)').waitFor();
    expect(await page.getByRole('link', { name: 'Record a statement' }).count()).toBe(0);
    for (const [route, title] of [
      ['#/record', 'Record a statement'],
      ['#/statement/664b4d6a-d7e3-51c9-88b8-b1bb93c6aef6/correct', 'Correct a statement'],
      ['#/statement/664b4d6a-d7e3-51c9-88b8-b1bb93c6aef6/retract', 'Retract a statement'],
    ]) {
      await page.goto(session.server.url + '/' + route);
      await page.getByRole('heading', { name: title }).waitFor();
      expect(await page.getByText('Editors only').count()).toBe(1);
      expect(await page.locator('main form').count()).toBe(0);
    }
    await shot('01-reader-editors-only');
    expect(await seriousViolations()).toEqual([]);
    await page.getByRole('button', { name: 'Sign out' }).click();
  });

  test('an editor records a statement with two sources and a CAMEO code picked by search: its key’s timeline opens, and the API has every field as typed', async () => {
    await signInOn(page, session.server, TOKENS.editor);
    await page.getByText('alice (editor)').waitFor();
    await openRecordForm();
    expect(await seriousViolations()).toEqual([]);
    // A form writes at now: no time-travel control that would mean nothing here.
    expect(await page.getByLabel('As of (said by)').count()).toBe(0);
    await fillRecordForm(TYPED.statedAt);
    await shot('02-record-filled');
    await page.getByRole('button', { name: 'Record the statement' }).click();

    // 201 → the key's timeline (no target: `none`), listing the new statement.
    await page.waitForURL(/#\/key\/KOR\/aukus-pillar-ii\/none$/);
    await page.locator('ol.statements > li', { hasText: SUMMARY }).waitFor();

    const list = await api('GET', '/v1/statements?holder=KOR&topic=aukus-pillar-ii&cameoCode=0312');
    const recorded = list.body.items.filter((item: { summary: string }) => item.summary === SUMMARY);
    expect(recorded).toHaveLength(1);
    recordedId = recorded[0].statementId;
    expect(recorded[0]).toMatchObject({
      revision: 0,
      status: 'active',
      holder: 'KOR',
      actor: { country: 'KOR', body: TYPED.body, person: TYPED.person, role: TYPED.role },
      topic: 'aukus-pillar-ii',
      target: null,
      position: 'supports',
      statedAt: '2024-09',
      attribution: 'reported',
      modality: 'hedged',
      summary: SUMMARY,
      quote: TYPED.quote,
      quoteLanguage: 'ko',
      cameoCode: '0312', // text: the leading zero kept
      sources: [
        { url: 'https://example.org/mnd-briefing', publisher: 'Yonhap', title: 'Defence minister on AUKUS', publishedAt: '2024-09-12' },
        { url: null, publisher: 'KBS Radio', title: null, publishedAt: '2024-09' },
      ],
      recordedBy: 'alice',
    });
    await shot('03-recorded-key-timeline');
  });

  test('an invalid statedAt (2024-13) and an empty source row are marked at their fields, the summary has the focus, every value stays, nothing is written', async () => {
    const before = await statementCount();
    await openRecordForm();
    await fillRecordForm('2024-13');
    await page.getByRole('button', { name: 'Add a source' }).click(); // a third row, left empty
    await page.getByRole('button', { name: 'Record the statement' }).click();

    const summary = await summaryShown();
    expect(summary).toContain('Stated at');
    expect(summary).toContain('Source 3: URL');
    const statedAt = await fieldError('statedAt');
    expect(statedAt.invalid).toBe('true');
    expect(statedAt.message.length).toBeGreaterThan(0);
    expect((await fieldError('sources/2/url')).invalid).toBe('true');
    expect(await page.locator('[aria-invalid="true"]').count()).toBe(2);

    // Nothing lost: what was typed is still there.
    expect(await inMain().getByLabel('Stated at').inputValue()).toBe('2024-13');
    expect(await inMain().getByLabel('Summary').inputValue()).toBe(SUMMARY);
    expect(await inMain().getByLabel('Speaker (person)').inputValue()).toBe(TYPED.person);
    expect(await inMain().getByLabel('CAMEO code', { exact: true }).inputValue()).toBe('0312');
    expect(await page.locator('#f-sources-1-publisher').inputValue()).toBe('KBS Radio');
    expect(await inMain().getByLabel('Position').inputValue()).toBe('supports');

    // The summary's link takes the keyboard to the field.
    await page.getByRole('link', { name: /^Stated at:/ }).click();
    expect(await page.evaluate('document.activeElement?.id')).toBe('f-statedAt');
    expect(await statementCount()).toBe(before);
    await shot('04-record-invalid');
    expect(await seriousViolations()).toEqual([]);
  });

  test('an unregistered holder (422) is told at the holder; the same statement again (409 duplicate) links to the one on record; nothing is written', async () => {
    const before = await statementCount();
    await page.getByRole('button', { name: 'Remove source 3' }).click();
    await inMain().getByLabel('Stated at').fill(TYPED.statedAt);
    await inMain().getByLabel('Holder', { exact: true }).fill('no-such-actor');
    await page.getByRole('button', { name: 'Record the statement' }).click();
    await page.locator('#form-errors', { hasText: 'not registered' }).waitFor();
    expect((await fieldError('holder')).invalid).toBe('true');
    expect((await fieldError('holder')).message).toContain('no-such-actor');
    expect(await page.locator('#f-statedAt').getAttribute('aria-invalid')).toBeNull(); // the earlier error is gone
    expect(await seriousViolations()).toEqual([]);

    await inMain().getByLabel('Holder', { exact: true }).fill(TYPED.holder);
    await page.getByRole('button', { name: 'Record the statement' }).click();
    await page.locator('#form-errors', { hasText: 'Already recorded' }).waitFor();
    expect(await page.getByRole('link', { name: 'Open that statement' }).getAttribute('href')).toBe(`#/statement/${recordedId}`);
    expect(await statementCount()).toBe(before);
    await shot('05-record-duplicate');
  });

  test('a correction, opened from the statement’s page, sends only the form’s diff (a cleared field as null) with If-Match; the page then shows it in the change log', async () => {
    await page.goto(`${session.server.url}/#/statement/${recordedId}`);
    await inMain().getByRole('link', { name: 'Correct this statement' }).click();
    await page.getByRole('heading', { name: 'Correct a statement' }).waitFor();
    await page.locator('#f-summary').waitFor();
    expect(await inMain().getByLabel('Summary').inputValue()).toBe(SUMMARY);
    expect(await inMain().getByLabel('CAMEO code', { exact: true }).inputValue()).toBe('0312');
    expect(await page.locator('#f-sources-1-publisher').inputValue()).toBe('KBS Radio');
    expect(await seriousViolations()).toEqual([]);

    // Nothing changed: the API's 422 is told.
    await inMain().getByLabel('Reason for the correction').fill('Checking.');
    await page.getByRole('button', { name: 'Correct the statement' }).click();
    expect(await summaryShown()).toContain('changes nothing');

    const reason = 'The ministry said it is considering Pillar II, not that it supports it.';
    await inMain().getByLabel('Position').selectOption('considering');
    await inMain().getByLabel('Speaker’s role').fill('');
    await inMain().getByLabel('Reason for the correction').fill(reason);
    const sent = page.waitForRequest((request) => request.url().endsWith(`/v1/statements/${recordedId}/corrections`) && request.method() === 'POST');
    await page.getByRole('button', { name: 'Correct the statement' }).click();
    const request = await sent;
    expect(request.headers()['if-match']).toBe('"0"');
    expect(request.postDataJSON()).toEqual({ changes: { position: 'considering', actor: { role: null } }, reason });
    await page.waitForURL(new RegExp(`#/statement/${recordedId}$`));
    // Back on the statement's page: the correction in its change log, with the reason and the field's old → new.
    const logged = page.locator('ol.change-log > li[data-type="StatementCorrected"]');
    await logged.waitFor();
    expect(await logged.textContent()).toContain(`Reason: ${reason}`);
    expect(await logged.locator('tr', { hasText: '/position' }).textContent()).toContain('supportsconsidering');
    await shot('05-corrected-change-log');

    const now = await api('GET', `/v1/statements/${recordedId}`);
    expect(now.headers.get('etag')).toBe('"1"');
    expect(now.body).toMatchObject({ revision: 1, position: 'considering', actor: { role: null, person: TYPED.person }, summary: SUMMARY });
    const changes = await api('GET', `/v1/audit/changes?statementId=${recordedId}&type=StatementCorrected`);
    expect(changes.body.items).toHaveLength(1);
    expect(changes.body.items[0]).toMatchObject({ reason, recordedBy: 'alice' });
  });

  test('a correction of a revision changed meanwhile is refused (412), told as such, nothing written; Reload keeps the edits, re-applied to the current version', async () => {
    await page.goto(`${session.server.url}/#/statement/${recordedId}/correct`);
    await page.locator('#f-summary').waitFor();
    // Someone else corrects it while the form is open.
    const elsewhere = await api('POST', `/v1/statements/${recordedId}/corrections`, { changes: { modality: 'firm' }, reason: 'Firm after all.' });
    expect(elsewhere.status).toBe(200);

    const typed = 'A summary typed over an old revision.';
    await inMain().getByLabel('Summary').fill(typed);
    await inMain().getByLabel('Reason for the correction').fill('Shorter summary.');
    await page.getByRole('button', { name: 'Correct the statement' }).click();
    expect(await summaryShown()).toContain('changed this statement after you opened it');
    expect((await api('GET', `/v1/statements/${recordedId}`)).body).toMatchObject({ revision: 2, summary: SUMMARY });
    await shot('06-correct-stale');
    expect(await seriousViolations()).toEqual([]);

    // Nothing typed is lost: the summary and the reason come back over revision 2, with the other's modality.
    await page.getByRole('button', { name: 'Reload, keeping my edits' }).click();
    await page.getByText('Revision 2.').waitFor();
    expect(await inMain().getByLabel('Summary').inputValue()).toBe(typed);
    expect(await inMain().getByLabel('Reason for the correction').inputValue()).toBe('Shorter summary.');
    expect(await inMain().getByLabel('Modality').inputValue()).toBe('firm');
    expect(await page.locator('.rebased[role="status"]').textContent()).toContain('Your edits are re-applied to revision 2: Summary.');
    expect(await seriousViolations()).toEqual([]);
    // Sent now, the patch is the user's edit alone, against revision 2.
    const sent = page.waitForRequest((request) => request.url().endsWith(`/v1/statements/${recordedId}/corrections`));
    await page.getByRole('button', { name: 'Correct the statement' }).click();
    const request = await sent;
    expect(request.headers()['if-match']).toBe('"2"');
    expect(JSON.parse(request.postData()!)).toEqual({ changes: { summary: typed }, reason: 'Shorter summary.' });
    await page.waitForURL(new RegExp(`#/statement/${recordedId}$`));
    expect((await api('GET', `/v1/statements/${recordedId}`)).body).toMatchObject({ revision: 3, summary: typed, modality: 'firm' });
  });

  test('a retraction with its reason lands (If-Match); retracting again is told as already retracted', async () => {
    await page.goto(`${session.server.url}/#/statement/${recordedId}`);
    await inMain().getByRole('link', { name: 'Retract it' }).click();
    await page.getByRole('heading', { name: 'Retract a statement' }).waitFor();
    await page.getByText('A summary typed over an old revision.').waitFor(); // the 412 test's correction
    expect(await seriousViolations()).toEqual([]);
    await shot('07-retract');
    const reason = 'Recorded from a paraphrase; the ministry issued no such statement.';
    await inMain().getByLabel('Reason for the retraction').fill(reason);
    const sent = page.waitForRequest((request) => request.url().endsWith(`/v1/statements/${recordedId}/retraction`));
    await page.getByRole('button', { name: 'Retract' }).click();
    expect((await sent).headers()['if-match']).toBe('"3"');
    await page.waitForURL(new RegExp(`#/statement/${recordedId}$`));
    expect((await api('GET', `/v1/statements/${recordedId}`)).body).toMatchObject({ status: 'retracted', revision: 4 });
    const retracted = await api('GET', `/v1/audit/changes?statementId=${recordedId}&type=StatementRetracted`);
    expect(retracted.body.items[0]).toMatchObject({ reason });

    await page.goto(`${session.server.url}/#/statement/${recordedId}/retract`);
    await page.getByText('retracted, revision 4').waitFor();
    await inMain().getByLabel('Reason for the retraction').fill('Again.');
    await page.getByRole('button', { name: 'Retract' }).click();
    expect(await summaryShown()).toContain('already retracted');
    expect((await api('GET', `/v1/statements/${recordedId}`)).body.revision).toBe(4);
    expect(await seriousViolations()).toEqual([]);
  });

  test('at 390 px the record form, with its errors shown, fits the width and stays accessible', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await openRecordForm();
    await inMain().getByLabel('Stated at').fill('2024-13');
    await page.getByRole('button', { name: 'Record the statement' }).click();
    await summaryShown();
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await shot('08-record-390px');
    expect(await seriousViolations()).toEqual([]);
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  test('the page reported no error all along but the refused writes’ own answers (no CSP refusal, no script error)', () => {
    const unexpected = session.pageErrors.filter((error) => !/^Failed to load resource: the server responded with a status of (400|409|412|422)\b/.test(error));
    expect(unexpected).toEqual([]);
    expect(session.pageErrors.length).toBeGreaterThan(0);
  });
});
