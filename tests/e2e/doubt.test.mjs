// The doubt sentence (www/yusuan-importer.js `doubt`): made from the audit's counts, in Chinese for
// the demo page and zh elements, and in English for elements and embeds with lang="en".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { doubt } from '../../www/yusuan-importer.js';

const warning = (message) => ({ severity: 'warning', check: 'import', message });

test('no errors and nothing unread: no doubt', () => {
  assert.equal(doubt({ counts: { error: 0, warning: 0 }, checks: {}, findings: [] }), null);
  assert.equal(doubt(null), null);
});

test('the same counts in Chinese and in English, singular and plural', () => {
  const d = doubt({
    counts: { error: 3, warning: 2 },
    checks: { cross_table: { error: 1 }, unit: { error: 2 } },
    findings: [warning('一般公共预算支出表：表中数字未导入'), warning('政府采购预算表：第 3 行未读取')],
  });
  assert.equal(d.sentence, '读取可能不完整：1 处数字前后不一致，2 处单位可能标错，1 张表未能读取，1 张表有行未能读取。');
  assert.equal(d.en, 'The read may be incomplete: 1 figure stated differently in two places, 2 units that may be wrong, 1 table not read, 1 table with rows not read.');
  assert.equal(d.errors, 3);
  assert.equal(d.unread, 2);
});

test('"at least" when more warnings exist than were listed', () => {
  const d = doubt({ counts: { error: 0, warning: 9 }, checks: {}, findings: [warning('收入预算表：表中数字未导入'), warning('支出预算表：表中数字未导入')] });
  assert.equal(d.sentence, '读取可能不完整：至少 2 张表未能读取。');
  assert.equal(d.en, 'The read may be incomplete: at least 2 tables not read.');
});
