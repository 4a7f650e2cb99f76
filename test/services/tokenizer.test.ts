// The platform's tokenizer: jieba with the platform's own words and word-list files, kept per platform.
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { forgetTokenizer, platformTokenizer, tokenizerFor } from '../../src/services/text/tokenizer.js';
import { Tokenizer } from '../../src/text/tokenizer.js';
import { testDatabase, type TestDatabase } from '../support/db.js';

const FIXTURE = path.resolve('test/fixtures/words.txt');

describe("the platform's tokenizer", () => {
  let t: TestDatabase;

  beforeAll(async () => {
    t = await testDatabase();
  });

  it("knows the catalogue's subjects, the units' names and the word files", async () => {
    const subject = await t.db.selectFrom('subjects').select('name').where('name', '=', '施工噪音').executeTakeFirstOrThrow();
    const unit = await t.db.selectFrom('units').select(['name', 'short_name']).where('code', '=', 'D01').executeTakeFirstOrThrow();
    const tokenizer = await platformTokenizer(t.db, 1, [FIXTURE]);
    const words = tokenizer.words(`${unit.name}桃花苑小区旁边的${subject.name}太吵了`);
    expect(words).toEqual(expect.arrayContaining([unit.name, '桃花苑小区', subject.name]));
    expect(Tokenizer.create().words(`${unit.name}桃花苑小区`)).not.toContain('桃花苑小区');
  });

  it("knows an administrator's words, and a kept tokenizer learns them once forgotten", async () => {
    await t.db.deleteFrom('text_words').where('word', '=', '锦绣江南里').execute();
    const before = await tokenizerFor(t.db, 1);
    expect(await tokenizerFor(t.db, 1)).toBe(before); // kept, not rebuilt
    expect(before.words('锦绣江南里停车难')).not.toContain('锦绣江南里');
    await t.db.insertInto('text_words').values({ platform_id: 1, word: '锦绣江南里', note: '新楼盘' }).execute();
    expect((await tokenizerFor(t.db, 1)).words('锦绣江南里停车难')).not.toContain('锦绣江南里');
    forgetTokenizer(1);
    expect((await tokenizerFor(t.db, 1)).words('锦绣江南里停车难')).toContain('锦绣江南里');
    // and a kept one is rebuilt after its time is up, so another instance's words arrive too
    const kept = await tokenizerFor(t.db, 1);
    expect(await tokenizerFor(t.db, 1, Date.now() + 11 * 60_000)).not.toBe(kept);
  });
});
