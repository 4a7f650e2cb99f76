// Bulk creation of units from a spreadsheet (the export's columns), for onboarding a district's
// streets and communities or a new batch of departments. Existing codes are left as they are.
import { sql } from 'kysely';
import type { Actor } from '../domain/actor.js';
import { AppError, fieldError, forbidden } from '../domain/errors.js';
import { canManageUnit, canManageUnits } from '../domain/policies/admin.js';
import { assertChildKind, childPath, UNIT_KIND_LABELS, UNIT_KINDS, type UnitKind } from '../domain/units.js';
import type { Db } from '../db/connection.js';
import { unitsInScope } from '../db/scope.js';
import { audit } from './audit.js';
import { findColumn, readCsv, type RowError } from './csv-import.js';

export interface UnitImportResult {
  rows: number;
  created: number;
  existing: number;
  rejected: RowError[];
}

const CODE = /^[A-Za-z0-9_.-]{1,32}$/;
const kindOf = (text: string): UnitKind | null =>
  (UNIT_KINDS as readonly string[]).includes(text) ? (text as UnitKind)
    : (Object.entries(UNIT_KIND_LABELS).find(([, label]) => label === text)?.[0] as UnitKind | undefined) ?? null;

interface Known { id: number; path: string; kind: UnitKind; code: string }
interface Planned { line: number; code: string; name: string; shortName: string | null; kind: UnitKind; parentCode: string }

export async function importUnitsCsv(db: Db, actor: Actor, text: string, now: Date): Promise<UnitImportResult> {
  if (!canManageUnits(actor)) throw forbidden('导入单位');
  const { header, records, lines } = readCsv(text);
  const col = {
    code: findColumn(header, '单位编码', 'code'), name: findColumn(header, '单位名称', 'name'), shortName: findColumn(header, '简称', 'shortName'),
    kind: findColumn(header, '类型', 'kind'), parentCode: findColumn(header, '上级编码', 'parentCode'),
  };
  const missing = (['code', 'name', 'kind', 'parentCode'] as const).filter((k) => !col[k]);
  if (missing.length) throw fieldError('file', `缺少列：${missing.join('、')}（应有 单位编码,单位名称,简称,类型,上级编码）`, `missing columns: ${missing.join(', ')}`);

  return db.transaction().execute(async (tx) => {
    // Everything the file may refer to, in one query: the units in the caller's scope.
    const inScope = await tx.selectFrom('units').select(['id', 'path', 'kind', 'code']).where(unitsInScope(actor)).execute();
    const known = new Map<string, Known>(inScope.map((u) => [u.code, { ...u, kind: u.kind as UnitKind }]));
    const taken = new Set((await tx.selectFrom('units').select('code').where('platform_id', '=', actor.platformId).execute()).map((r) => r.code));
    const siblingNames = new Set((await tx.selectFrom('units').select(['parent_id', 'name']).where(unitsInScope(actor)).execute()).map((r) => `${r.parent_id}/${r.name}`));
    const result: UnitImportResult = { rows: records.length, created: 0, existing: 0, rejected: [] };
    const reject = (line: number, field: string | null, message: string, message_en: string) =>
      result.rejected.push({ row: line, field: field ?? 'file', message, message_en });

    let pending: Planned[] = [];
    const seen = new Set<string>();
    const firstLineOfName = new Map<string, number>(); // parent code + name → line, so the earlier line wins
    for (const [i, r] of records.entries()) {
      const line = lines[i]!;
      const code = (r[col.code!] ?? '').trim();
      const name = (r[col.name!] ?? '').trim();
      const kind = kindOf((r[col.kind!] ?? '').trim());
      const parentCode = (r[col.parentCode!] ?? '').trim();
      const shortName = col.shortName ? (r[col.shortName] ?? '').trim() || null : null;
      if (!CODE.test(code)) { reject(line, col.code, '单位编码须为 1–32 位字母、数字、_ . -', 'code: 1–32 letters, digits, _ . -'); continue; }
      if (seen.has(code)) { reject(line, col.code, `单位编码“${code}”在文件中重复`, `code "${code}" repeats in the file`); continue; }
      seen.add(code);
      if (known.has(code)) { result.existing += 1; continue; }
      if (taken.has(code)) { reject(line, col.code, `单位编码“${code}”已被您管辖范围外的单位使用`, `code "${code}" belongs to a unit outside your scope`); continue; }
      if (!name || name.length > 100) { reject(line, col.name, '单位名称不能为空且不超过 100 字', 'name: 1–100 characters'); continue; }
      if (shortName && shortName.length > 50) { reject(line, col.shortName, '简称不超过 50 字', 'short name: at most 50 characters'); continue; }
      if (!kind || kind === 'platform') { reject(line, col.kind, `类型无效：${r[col.kind!] ?? ''}`, 'unknown or disallowed kind'); continue; }
      if (!parentCode) { reject(line, col.parentCode, '上级编码不能为空', 'parent code is required'); continue; }
      const first = firstLineOfName.get(`${parentCode}/${name}`);
      if (first !== undefined) { reject(line, col.name, `与第 ${first} 行同一上级下重名`, `same name under the same parent as line ${first}`); continue; }
      firstLineOfName.set(`${parentCode}/${name}`, line);
      pending.push({ line, code, name, shortName, kind, parentCode });
    }

    // Parents may come later in the file than their children: place rows in rounds until none fit.
    const placed: Planned[] = [];
    for (let progress = true; progress && pending.length > 0;) {
      progress = false;
      const next: Planned[] = [];
      for (const p of pending) {
        const parent = known.get(p.parentCode);
        if (!parent) { next.push(p); continue; }
        progress = true;
        const newInBatch = parent.id < 0; // checked when it was placed
        if (!newInBatch && !canManageUnit(actor, parent.path) && parent.path !== actor.unitPath) {
          reject(p.line, col.parentCode, `无权在“${p.parentCode}”下设立单位`, `you may not add units under ${p.parentCode}`);
          continue;
        }
        try {
          assertChildKind(parent.kind, p.kind);
        } catch (e) {
          if (e instanceof AppError) { reject(p.line, col.kind, e.message, e.messageEn); continue; }
          throw e;
        }
        if (!newInBatch && siblingNames.has(`${parent.id}/${p.name}`)) { reject(p.line, col.name, `“${p.parentCode}”下已有名为“${p.name}”的单位`, `a unit named "${p.name}" already exists under ${p.parentCode}`); continue; }
        // A temporary id until the batch draws real ones in one query.
        known.set(p.code, { id: -(placed.length + 1), path: '', kind: p.kind, code: p.code });
        placed.push(p);
      }
      pending = next;
    }
    for (const p of pending) reject(p.line, col.parentCode, `上级编码“${p.parentCode}”不存在或不在您的管辖范围内`, `parent code ${p.parentCode} is unknown or outside your scope`);

    if (placed.length > 0) {
      const ids = await sql<{ id: number }>`select nextval(pg_get_serial_sequence('units', 'id'))::int as id from generate_series(1, ${placed.length})`.execute(tx);
      // Placed rows come parents first, so a new parent has its real id and path before its children.
      const rows = placed.map((p, i) => {
        const self = known.get(p.code)!;
        const parent = known.get(p.parentCode)!;
        self.id = ids.rows[i]!.id;
        self.path = childPath(parent.path, self.id);
        return {
          id: self.id, platform_id: actor.platformId, parent_id: parent.id, kind: p.kind, code: p.code, name: p.name, short_name: p.shortName,
          path: self.path, depth: self.path.split('/').length - 3, sort_order: 1000 + i, created_at: now, updated_at: now,
        };
      });
      await tx.insertInto('units').values(rows).execute();
    }
    result.created = placed.length;
    result.rejected.sort((a, b) => a.row - b.row);
    await audit(tx, { platformId: actor.platformId, actor, action: 'unit.import', details: { rows: result.rows, created: result.created, existing: result.existing, rejected: result.rejected.length }, at: now });
    return result;
  });
}
