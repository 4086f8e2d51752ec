import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readCsv, type CsvFile } from '../connectors/csv/read-csv.js';
import { ReviewDecision } from '../model/cip-records.js';
import { localDay } from '../util/calendar.js';
import { InputError, InputErrors, fileErrorCode } from '../util/errors.js';
import { CAMPAIGN_FILE, CampaignFile, DECISION_COLUMNS, FIXED_COLUMNS, WORKSHEET_COLUMNS, type CampaignItem } from './campaign-file.js';
import { csvCellValue } from '../util/escape.js';
import { cellReadBack, issuedCell } from './worksheet.js';

export interface ImportedDecision {
  item: CampaignItem;
  /** Absent when the reviewer left the line empty: not reviewed. */
  decision?: ReviewDecision;
  date?: string;
  comment?: string;
}

export interface ImportedCampaign {
  campaign: CampaignFile;
  decisions: ImportedDecision[];
}

type ReviewDecision = (typeof ReviewDecision.options)[number];

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const isCalendarDay = (s: string): boolean => {
  const m = DAY.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return mo >= 1 && mo <= 12 && d >= 1 && d <= new Date(Date.UTC(y, mo, 0)).getUTCDate();
};

export async function readCampaignFile(dir: string): Promise<CampaignFile> {
  const file = join(dir, CAMPAIGN_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new InputError(`cannot read the campaign: ${fileErrorCode(e)}`, { file }, 'give the directory demarc review create wrote');
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new InputError(`not JSON: ${(e as Error).message}`, { file });
  }
  const parsed = CampaignFile.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new InputError(`not a campaign file: ${issue.message}`, { file, path: issue.path.join('.') || undefined });
  }
  return parsed.data;
}

/**
 * Reads the completed worksheets of a campaign and holds each to what was issued: every issued row
 * once, in its reviewer's worksheet, with its fixed columns unchanged; a decision of keep, revoke or
 * unsure with its date (yyyy-mm-dd, between the campaign's creation and `now`), or no decision at all.
 * Every problem of every worksheet is reported, naming file, line and column; nothing is imported
 * unless all hold.
 */
export async function importCampaign(dir: string, now: Date): Promise<ImportedCampaign> {
  const campaign = await readCampaignFile(dir);
  const errors: InputError[] = [];
  const decisions: ImportedDecision[] = [];
  const ownerOf = new Map(campaign.items.map((it) => [it.row, it]));
  const worksheetOf = new Map(campaign.reviewers.map((r) => [r.id, r.csv]));
  const created = localDay(campaign.createdAt, campaign.timeZone);
  const today = localDay(now, campaign.timeZone);
  for (const reviewer of campaign.reviewers) {
    const path = join(dir, reviewer.csv);
    let file: CsvFile;
    try {
      file = await readCsv(path);
    } catch (e) {
      if (e instanceof InputError) errors.push(e);
      else throw e;
      continue;
    }
    const col = (name: string): number => file.header.indexOf(name) + 1;
    const missing = WORKSHEET_COLUMNS.filter((c) => !file.header.includes(c));
    const extra = file.header.filter((h) => !(WORKSHEET_COLUMNS as readonly string[]).includes(h));
    if (missing.length || extra.length) {
      errors.push(
        new InputError(
          [missing.length ? `missing column(s) ${missing.join(', ')}` : '', extra.length ? `unknown column(s) ${extra.join(', ')}` : '']
            .filter(Boolean)
            .join('; '),
          { file: path, line: 1, column: extra.length ? col(extra[0]!) : undefined },
          `the worksheet's header is: ${WORKSHEET_COLUMNS.join(',')}`,
        ),
      );
      continue;
    }
    const at = (line: number, column: string, message: string, hint?: string): InputError =>
      new InputError(message, { file: path, line, column: col(column), path: `column "${column}"` }, hint);
    const seen = new Map<string, number>();
    for (const { line, values } of file.rows) {
      const row = values.row ?? '';
      const item = ownerOf.get(row);
      if (!item) {
        errors.push(at(line, 'row', `row "${row}" was not issued in campaign ${campaign.campaign}`, 'add no lines to a worksheet'));
        continue;
      }
      if (item.reviewer !== reviewer.id) {
        errors.push(
          at(
            line,
            'row',
            `row ${row} was issued to ${item.reviewer} (${worksheetOf.get(item.reviewer)}), not to this worksheet's reviewer`,
          ),
        );
        continue;
      }
      const first = seen.get(row);
      if (first !== undefined) {
        errors.push(at(line, 'row', `row ${row} appears again (first on line ${first})`, 'each row is decided once'));
        continue;
      }
      seen.set(row, line);
      let changed = false;
      for (const c of FIXED_COLUMNS) {
        const expected = cellReadBack(issuedCell(campaign, item, c));
        if (csvCellValue(values[c] ?? '') === expected) continue;
        changed = true;
        errors.push(
          at(
            line,
            c,
            `expected "${expected}" as issued, found "${values[c] ?? ''}"`,
            `only ${DECISION_COLUMNS.join(', ')} may be filled in`,
          ),
        );
      }
      if (changed) continue;
      const d = decisionOf(values, (c, m, h) => errors.push(at(line, c, m, h)), created, today);
      if (d) decisions.push({ item, ...d });
    }
    for (const it of campaign.items)
      if (it.reviewer === reviewer.id && !seen.has(it.row))
        errors.push(
          new InputError(
            `row ${it.row} (${it.person}, ${it.source}:${it.entitlement}) is missing`,
            { file: path },
            'leave a line you have not reviewed with an empty decision rather than deleting it',
          ),
        );
  }
  if (errors.length) throw new InputErrors(errors);
  const order = new Map(campaign.items.map((it, i) => [it.row, i]));
  decisions.sort((x, y) => order.get(x.item.row)! - order.get(y.item.row)!);
  return { campaign, decisions };
}

function decisionOf(
  values: Record<string, string>,
  fail: (column: string, message: string, hint?: string) => void,
  created: string,
  today: string,
): Omit<ImportedDecision, 'item'> | undefined {
  const raw = values.decision ?? '';
  const date = values.date ?? '';
  const comment = values.comment ?? '';
  const decision = raw.toLowerCase();
  if (raw && !ReviewDecision.safeParse(decision).success) {
    fail('decision', `"${raw}" is not a decision`, 'write keep, revoke or unsure, or leave the cell empty (not reviewed)');
    return undefined;
  }
  if (!raw) {
    if (date) fail('date', 'a date without a decision', 'write the decision, or clear the date');
    return comment ? { comment } : {};
  }
  if (!date) {
    fail('date', 'a decision needs the date it was taken', 'write the date as yyyy-mm-dd');
    return undefined;
  }
  if (!isCalendarDay(date)) {
    fail('date', `"${date}" is not a date written yyyy-mm-dd`, 'a spreadsheet may have reformatted it: format the column as text');
    return undefined;
  }
  if (date < created || date > today) {
    fail('date', `${date} is outside the campaign (created ${created}, today ${today})`, 'a decision is dated when the reviewer took it');
    return undefined;
  }
  return { decision: decision as ReviewDecision, date, ...(comment ? { comment } : {}) };
}
