// 智能推荐 at intake: as the content is typed (debounced), the trained models' likely subjects and
// types as chips with their probability. A click, or Alt+1 / Alt+2 / Alt+3 (subjects) and Alt+T
// (the first type), fills the picker; the operator stays in charge. Without a trained model the
// row says so once, quietly, instead of disappearing without a word.
import { useEffect, useRef } from 'react';
import { Form, Tag, Tooltip, Typography } from 'antd';
import type { FormInstance } from 'antd';
import { BulbOutlined } from '@ant-design/icons';
import { useDebounced } from '../intake/panels';
import { percent, useSuggestions } from './api';
import './suggest.css';

/** Fewer characters than this say too little to guess from. */
const MIN_CHARS = 6;

export function IntakeSuggestions({ form }: { form: FormInstance }) {
  const title = (Form.useWatch('title', form) as string | undefined) ?? '';
  const content = (Form.useWatch('content', form) as string | undefined) ?? '';
  const address = (Form.useWatch('address', form) as string | undefined) ?? '';
  const subjectId = Form.useWatch('subjectId', form) as number | null | undefined;
  const type = Form.useWatch('type', form) as string | undefined;
  const text = useDebounced(`${title.trim()}\u0000${content.trim()}\u0000${address.trim()}`, 600);
  const [t, c, a] = text.split('\u0000');
  const enough = (t!.length + c!.length) >= MIN_CHARS;
  const { data, loading } = useSuggestions(enough ? { title: t || null, content: c || t, address: a || null } : null);

  const applySubject = (id: number) => {
    form.setFieldsValue({ subjectId: id });
    form.setFields([{ name: 'subjectId', errors: [] }]);
  };
  const applyType = (code: string) => {
    form.setFieldsValue({ type: code });
    form.setFields([{ name: 'type', errors: [] }]);
  };

  const keys = useRef({ data, applySubject, applyType });
  keys.current = { data, applySubject, applyType };
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
      const d = keys.current.data;
      if (!d) return;
      const n = { Digit1: 0, Digit2: 1, Digit3: 2 }[e.code];
      if (n !== undefined && d.subjects[n]) {
        e.preventDefault();
        keys.current.applySubject(d.subjects[n].subjectId);
      } else if (e.code === 'KeyT' && d.types[0]) {
        e.preventDefault();
        keys.current.applyType(d.types[0].code);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  if (!enough) return null;
  return (
    <div className="ms-suggest" data-testid="intake-suggestions" aria-live="polite" aria-busy={loading}>
      <span className="ms-suggest-label"><BulbOutlined /> 智能推荐</span>
      {data && !data.model ? (
        <Typography.Text type="secondary" className="ms-small">尚无训练好的模型（管理员可运行 minsheng train）</Typography.Text>
      ) : null}
      {data?.subjects.length ? (
        <span className="ms-suggest-group" data-testid="suggest-subjects">
          <span className="ms-suggest-kind">分类</span>
          {data.subjects.map((s, i) => (
            <Tooltip key={s.subjectId} title={`${s.levels.map((l) => `${l.name} ${percent(l.probability)}`).join(' › ')}（Alt+${i + 1}）`}>
              <Tag.CheckableTag
                checked={subjectId === s.subjectId}
                onChange={() => applySubject(s.subjectId)}
                className="ms-suggest-chip"
                data-testid="suggest-subject"
                data-subject-id={s.subjectId}
              >
                {s.path.slice(-2).join(' › ')} <span className="ms-suggest-p">{percent(s.probability)}</span>
              </Tag.CheckableTag>
            </Tooltip>
          ))}
        </span>
      ) : null}
      {data?.types.length ? (
        <span className="ms-suggest-group" data-testid="suggest-types">
          <span className="ms-suggest-kind">类型</span>
          {data.types.map((ty, i) => (
            <Tooltip key={ty.code} title={i === 0 ? 'Alt+T' : undefined}>
              <Tag.CheckableTag checked={type === ty.code} onChange={() => applyType(ty.code)} className="ms-suggest-chip" data-testid="suggest-type" data-code={ty.code}>
                {ty.name} <span className="ms-suggest-p">{percent(ty.probability)}</span>
              </Tag.CheckableTag>
            </Tooltip>
          ))}
        </span>
      ) : null}
    </div>
  );
}
