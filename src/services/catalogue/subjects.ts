// The subject tree 诉求分类: read by everyone, edited and imported by administrators.
import { sql } from 'kysely';
import type { Actor } from '../../domain/actor.js';
import { fieldError, forbidden, notFound } from '../../domain/errors.js';
import { canEditCatalogue } from '../../domain/policies/admin.js';
import { buildTree, type TreeNode } from '../../domain/tree.js';
import type { Db } from '../../db/connection.js';
import { audit } from '../audit.js';
import { findColumn, readCsv, type RowError } from '../csv-import.js';
import { DEFAULT_SUBJECTS, type SubjectSpec } from './default-subjects.js';

export interface SubjectView {
  id: number;
  parentId: number | null;
  code: string;
  name: string;
  level: number;
  sortOrder: number;
  active: boolean;
}

const MAX_LEVEL = 5;
const MAX_NAME = 60;
const columns = ['id', 'parent_id', 'code', 'name', 'level', 'path', 'sort_order', 'active'] as const;
type Row = { id: number; parent_id: number | null; code: string; name: string; level: number; path: string; sort_order: number; active: boolean };
const toView = (r: Row): SubjectView => ({ id: r.id, parentId: r.parent_id, code: r.code, name: r.name, level: r.level, sortOrder: r.sort_order, active: r.active });

const loadAll = (db: Db, platformId: number) =>
  db.selectFrom('subjects').select(columns).where('platform_id', '=', platformId).orderBy('level').orderBy('sort_order').orderBy('id').execute();

export async function subjectTree(db: Db, platformId: number): Promise<TreeNode<SubjectView>[]> {
  return buildTree((await loadAll(db, platformId)).map(toView));
}

/** Codes read as the path of sibling numbers: '03', '03.02', '03.02.11'. */
const nextCode = (parentCode: string | null, siblingCodes: readonly string[]): string => {
  const numbers = siblingCodes.map((c) => Number(c.split('.').pop())).filter(Number.isFinite);
  const next = String((numbers.length ? Math.max(...numbers) : 0) + 1).padStart(2, '0');
  return parentCode ? `${parentCode}.${next}` : next;
};

/** In-memory view of the tree for building and importing: small (hundreds of nodes), loaded once. */
class SubjectIndex {
  private readonly byParent = new Map<number | null, Row[]>();
  constructor(rows: readonly Row[]) {
    for (const r of rows) this.add(r);
  }
  add(r: Row): void {
    const list = this.byParent.get(r.parent_id) ?? [];
    list.push(r);
    this.byParent.set(r.parent_id, list);
  }
  child(parentId: number | null, name: string): Row | undefined {
    return this.byParent.get(parentId)?.find((r) => r.name === name);
  }
  children(parentId: number | null): Row[] {
    return this.byParent.get(parentId) ?? [];
  }
}

/**
 * Plans new nodes in memory (temporary negative ids) and writes them in one statement: an import
 * of hundreds of subjects costs two queries, not two per node.
 */
class SubjectWriter {
  private readonly planned: (Row & { source: string })[] = [];
  private nextTemp = -1;
  constructor(private readonly index: SubjectIndex, private readonly platformId: number, private readonly now: Date) {}

  add(parent: Row | null, name: string, source: string): Row {
    const siblings = this.index.children(parent?.id ?? null);
    const row = {
      id: this.nextTemp--, parent_id: parent?.id ?? null, code: nextCode(parent?.code ?? null, siblings.map((s) => s.code)),
      name, level: (parent?.level ?? 0) + 1, path: '', sort_order: siblings.length + 1, active: true, source,
    };
    this.index.add(row);
    this.planned.push(row);
    return row;
  }

  async flush(db: Db): Promise<Row[]> {
    if (this.planned.length === 0) return [];
    const ids = await sql<{ id: number }>`select nextval(pg_get_serial_sequence('subjects', 'id'))::int as id from generate_series(1, ${this.planned.length})`.execute(db);
    const real = new Map(this.planned.map((p, i) => [p.id, ids.rows[i]!.id]));
    const paths = new Map<number, string>();
    const parentPaths = await db.selectFrom('subjects').select(['id', 'path']).where('platform_id', '=', this.platformId)
      .where('id', 'in', [0, ...this.planned.map((p) => p.parent_id).filter((id): id is number => id !== null && id > 0)]).execute();
    for (const p of parentPaths) paths.set(p.id, p.path);
    // Planned rows are in creation order, so a parent always precedes its children.
    const rows = this.planned.map((p) => {
      const id = real.get(p.id)!;
      const parentId = p.parent_id === null ? null : p.parent_id < 0 ? real.get(p.parent_id)! : p.parent_id;
      const path = `${parentId === null ? '/' : paths.get(parentId)}${id}/`;
      paths.set(id, path);
      return { ...p, id, parent_id: parentId, path };
    });
    for (let i = 0; i < rows.length; i += 1000) {
      await db.insertInto('subjects').values(rows.slice(i, i + 1000).map((r) => ({
        id: r.id, platform_id: this.platformId, parent_id: r.parent_id, code: r.code, name: r.name, level: r.level, path: r.path,
        sort_order: r.sort_order, source: r.source, created_at: this.now, updated_at: this.now,
      }))).execute();
    }
    this.planned.length = 0;
    return rows;
  }
}

/** Seeds the default tree into an empty catalogue (first start of a platform). */
export async function seedDefaultSubjects(db: Db, platformId: number, now: Date): Promise<number> {
  const existing = await loadAll(db, platformId);
  if (existing.length > 0) return 0;
  const writer = new SubjectWriter(new SubjectIndex([]), platformId, now);
  const walk = (specs: SubjectSpec[], parent: Row | null): void => {
    for (const [name, children] of specs) {
      const row = writer.add(parent, name, 'default');
      if (children) walk(children, row);
    }
  };
  walk(DEFAULT_SUBJECTS, null);
  return (await writer.flush(db)).length;
}

/**
 * The tree as the import format: one row per leaf, its names from the top (`一级分类,二级分类,…`),
 * so an export imports into another platform as the same tree. Disabled nodes are left out.
 */
export async function subjectPaths(db: Db, platformId: number): Promise<string[][]> {
  const rows = (await loadAll(db, platformId)).filter((r) => r.active);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const hasChild = new Set(rows.map((r) => r.parent_id));
  const names = (r: Row): string[] | null => {
    if (r.parent_id === null) return [r.name];
    const parent = byId.get(r.parent_id);
    const above = parent ? names(parent) : null;
    return above ? [...above, r.name] : null;
  };
  return rows.filter((r) => !hasChild.has(r.id)).sort((a, b) => a.code.localeCompare(b.code, 'en', { numeric: true }))
    .map(names).filter((p): p is string[] => p !== null);
}

export interface CreateSubjectInput {
  parentId?: number | null;
  name: string;
  sortOrder?: number;
}

function requireEditor(actor: Actor): void {
  if (!canEditCatalogue(actor)) throw forbidden('编辑诉求分类');
}

export async function createSubject(db: Db, actor: Actor, input: CreateSubjectInput, now: Date): Promise<SubjectView> {
  requireEditor(actor);
  return db.transaction().execute(async (tx) => {
    const index = new SubjectIndex(await loadAll(tx, actor.platformId));
    const parent = input.parentId == null ? null
      : (await tx.selectFrom('subjects').select(columns).where('platform_id', '=', actor.platformId).where('id', '=', input.parentId).executeTakeFirst()) ?? null;
    if (input.parentId != null && !parent) throw fieldError('parentId', '上级分类不存在', 'parent subject not found');
    if ((parent?.level ?? 0) >= MAX_LEVEL) throw fieldError('parentId', `分类最多 ${MAX_LEVEL} 级`, `subjects nest at most ${MAX_LEVEL} levels`);
    if (index.child(parent?.id ?? null, input.name)) throw fieldError('name', `同级已有分类“${input.name}”`, `a sibling named "${input.name}" exists`);
    const writer = new SubjectWriter(index, actor.platformId, now);
    writer.add(parent, input.name, 'admin');
    let row = (await writer.flush(tx))[0]!;
    if (input.sortOrder !== undefined) {
      row = await tx.updateTable('subjects').set({ sort_order: input.sortOrder }).where('id', '=', row.id).returning(columns).executeTakeFirstOrThrow();
    }
    await audit(tx, { platformId: actor.platformId, actor, action: 'subject.create', targetType: 'subject', targetId: row.id, details: { ...input }, at: now });
    return toView(row);
  });
}

export interface UpdateSubjectInput {
  name?: string;
  sortOrder?: number;
  active?: boolean;
}

export async function updateSubject(db: Db, actor: Actor, id: number, input: UpdateSubjectInput, now: Date): Promise<SubjectView> {
  requireEditor(actor);
  return db.transaction().execute(async (tx) => {
    const current = await tx.selectFrom('subjects').select(columns).where('platform_id', '=', actor.platformId).where('id', '=', id).forUpdate().executeTakeFirst();
    if (!current) throw notFound('诉求分类', 'subject');
    if (input.name && input.name !== current.name) {
      let q = tx.selectFrom('subjects').select('id').where('platform_id', '=', actor.platformId).where('name', '=', input.name).where('id', '<>', id);
      q = current.parent_id === null ? q.where('parent_id', 'is', null) : q.where('parent_id', '=', current.parent_id);
      if (await q.executeTakeFirst()) throw fieldError('name', `同级已有分类“${input.name}”`, `a sibling named "${input.name}" exists`);
    }
    const row = await tx.updateTable('subjects').set({
      name: input.name ?? current.name, sort_order: input.sortOrder ?? current.sort_order, active: input.active ?? current.active, updated_at: now,
    }).where('id', '=', id).returning(columns).executeTakeFirstOrThrow();
    // Disabling a node disables its subtree: a retired class must not stay selectable below.
    if (input.active === false) {
      await tx.updateTable('subjects').set({ active: false, updated_at: now }).where('platform_id', '=', actor.platformId).where('path', 'like', `${current.path}%`).execute();
    }
    await audit(tx, { platformId: actor.platformId, actor, action: 'subject.update', targetType: 'subject', targetId: id, details: { ...input }, at: now });
    return toView(row);
  });
}

export interface ImportResult {
  rows: number;
  created: number;
  existing: number;
  rejected: RowError[];
}

const LEVEL_COLUMNS = [['一级分类', 'level1'], ['二级分类', 'level2'], ['三级分类', 'level3'], ['四级分类', 'level4'], ['五级分类', 'level5']] as const;

/**
 * Imports a subject CSV (header 一级分类,二级分类,三级分类[,四级分类…], or level1,level2…): creates
 * the nodes it lacks, keeps those it has, and reports each bad row by its line number.
 */
export async function importSubjectsCsv(db: Db, actor: Actor | null, platformId: number, text: string, now: Date): Promise<ImportResult> {
  if (actor) requireEditor(actor);
  const { header, records, lines } = readCsv(text);
  const levels = LEVEL_COLUMNS.map(([zh, en]) => findColumn(header, zh, en));
  if (!levels[0]) throw fieldError('file', '缺少“一级分类”列', 'the column 一级分类 (level1) is missing');
  return db.transaction().execute(async (tx) => {
    const index = new SubjectIndex(await loadAll(tx, platformId));
    const writer = new SubjectWriter(index, platformId, now);
    const result: ImportResult = { rows: records.length, created: 0, existing: 0, rejected: [] };
    for (const [i, record] of records.entries()) {
      const line = lines[i]!;
      const names = levels.map((col) => (col ? (record[col] ?? '').trim() : ''));
      const last = names.reduce((acc, n, k) => (n ? k : acc), -1);
      const gap = names.slice(0, last + 1).findIndex((n) => n === '');
      const reject = (level: number, message: string, message_en: string) =>
        result.rejected.push({ row: line, field: levels[level] ?? LEVEL_COLUMNS[level]![0], message, message_en });
      if (last < 0) { reject(0, '空行：没有分类名称', 'no subject name in the row'); continue; }
      if (gap >= 0) { reject(gap, `第 ${gap + 1} 级分类为空，但其下级不为空`, `level ${gap + 1} is empty but a lower level is not`); continue; }
      const long = names.findIndex((n) => n.length > MAX_NAME);
      if (long >= 0) { reject(long, `分类名称超过 ${MAX_NAME} 字：${names[long]!.slice(0, 20)}…`, `a name is longer than ${MAX_NAME} characters`); continue; }
      let parent: Row | null = null;
      let createdHere = false;
      for (const name of names.slice(0, last + 1)) {
        const found = index.child(parent?.id ?? null, name);
        if (found) { parent = found; continue; }
        parent = writer.add(parent, name, 'import');
        result.created += 1;
        createdHere = true;
      }
      if (!createdHere) result.existing += 1;
    }
    await writer.flush(tx);
    await audit(tx, { platformId, actor, action: 'subject.import', targetType: 'subject', details: { rows: result.rows, created: result.created, existing: result.existing, rejected: result.rejected.length }, at: now });
    return result;
  });
}
