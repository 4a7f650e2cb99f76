// 答复质量: the server's scores of a unit's reply (relevance 相关性, completeness 完整性, explanation
// 解释性, each 0–1) and its flags (未联系诉求人, 仅称正在办理, 疑似敷衍 …), scored when the unit replied
// (src/text/reply-quality.ts, docs/reply-quality.md). The screen only shows them: the one rule of
// what a weak reply is lives on the server.
import { Progress, Tag, Tooltip, Typography } from 'antd';
import type { Assignment } from '../types';

type Quality = NonNullable<Assignment['replyQuality']>;

const SCORES: { key: 'relevance' | 'completeness' | 'explanation'; label: string; hint: string }[] = [
  { key: 'relevance', label: '相关性', hint: '答复是否针对诉求的事项、地点和对象' },
  { key: 'completeness', label: '完整性', hint: '办理结果、处理措施、政策依据、联系诉求人四项是否齐全' },
  { key: 'explanation', label: '解释性', hint: '是否说明原因、经过和具体事实（时间、数量、单位、下一步安排）' },
];

/** Red below 40%, orange below 70%, green above: the same bands for the three scores. */
const colorOf = (x: number) => (x < 0.4 ? '#cf1322' : x < 0.7 ? '#d48806' : '#389e0d');
const pct = (x: number) => Math.round(x * 100);

/** The flags as warning tags; 疑似敷衍 first and red. */
export function ReplyQualityFlags({ q, testId = 'reply-quality-flags' }: { q: Quality; testId?: string }) {
  if (q.flags.length === 0) return null;
  const ordered = [...q.flags].sort((a, b) => Number(b.code === 'perfunctory') - Number(a.code === 'perfunctory'));
  return (
    <span data-testid={testId}>
      {ordered.map((f) => (
        <Tag key={f.code} color={f.code === 'perfunctory' ? 'red' : 'orange'} data-flag={f.code} style={{ marginInlineEnd: 4, marginBottom: 2 }}>{f.label}</Tag>
      ))}
    </span>
  );
}

/** The three scores as labelled bars with percentages, and the flags below (unless the caller lists them itself). */
export function ReplyQuality({ a, flags = true }: { a: Assignment; flags?: boolean }) {
  const q = a.replyQuality;
  if (!q) {
    return <Typography.Text type="secondary" className="ms-small" data-testid="reply-quality" data-scored="false">答复质量：未评分（该反馈早于答复质量检查）</Typography.Text>;
  }
  return (
    <div data-testid="reply-quality" data-scored="true" aria-label="答复质量" style={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: '4px 14px', marginTop: 4 }}>
      {SCORES.map((s) => (
        <Tooltip key={s.key} title={`答复质量 · ${s.label}：${s.hint}`}>
          <span style={{ display: 'inline-flex', alignItems: 'center', gap: 6 }} data-testid={`reply-quality-${s.key}`} data-value={q[s.key]}>
            <Typography.Text type="secondary">{s.label}</Typography.Text>
            <Progress percent={pct(q[s.key])} size={[52, 6]} strokeColor={colorOf(q[s.key])} format={(p) => `${p}%`} style={{ margin: 0, width: 92 }} />
          </span>
        </Tooltip>
      ))}
      {flags && q.flags.length ? <div style={{ flexBasis: '100%' }}><ReplyQualityFlags q={q} /></div> : null}
    </div>
  );
}

/** For a queue's row: three small bars (相关/完整/解释) and the 疑似敷衍 (else 未联系) tag. */
export function ReplyQualityCell({ a }: { a: Assignment | null | undefined }) {
  const q = a?.replyQuality;
  if (!q) return <Typography.Text type="secondary">—</Typography.Text>;
  // One tag at most, so the column stays narrow: 疑似敷衍 first, else 未联系; the tooltip lists every flag.
  const shown = [q.flags.find((f) => f.code === 'perfunctory') ?? q.flags.find((f) => f.code === 'no_contact')].filter((f) => f !== undefined);
  return (
    <Tooltip title={<div>{SCORES.map((s) => <div key={s.key}>{s.label} {pct(q[s.key])}%</div>)}{q.flags.map((f) => <div key={f.code}>· {f.label}</div>)}</div>}>
      <span style={{ display: 'inline-flex', alignItems: 'center', gap: 6 }} data-testid="reply-quality-cell" data-perfunctory={q.perfunctory ? 'true' : 'false'}>
        <span style={{ display: 'inline-flex', alignItems: 'flex-end', gap: 2, height: 16 }} aria-label={SCORES.map((s) => `${s.label}${pct(q[s.key])}%`).join('，')}>
          {SCORES.map((s) => (
            <span key={s.key} style={{ width: 6, height: 16, background: '#f0f0f0', display: 'inline-flex', alignItems: 'flex-end' }}>
              <span style={{ width: 6, height: `${Math.max(8, pct(q[s.key]))}%`, background: colorOf(q[s.key]) }} />
            </span>
          ))}
        </span>
        {shown.map((f) => <Tag key={f.code} color={f.code === 'perfunctory' ? 'red' : 'orange'} style={{ margin: 0 }}>{f.code === 'perfunctory' ? '疑似敷衍' : '未联系'}</Tag>)}
      </span>
    </Tooltip>
  );
}
