// Text with the searched words marked (<mark>), longest words first so 公积金 wins over 公积.
import { Fragment } from 'react';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function MarkedWords({ text, words }: { text: string; words: readonly string[] }) {
  const list = [...new Set(words.filter((w) => w.length > 0))].sort((a, b) => b.length - a.length);
  if (list.length === 0) return <>{text}</>;
  const re = new RegExp(`(${list.map(escape).join('|')})`, 'gi');
  const lower = new Set(list.map((w) => w.toLowerCase()));
  return (
    <>
      {text.split(re).map((part, i) => (lower.has(part.toLowerCase()) ? <mark key={i} className="ms-mark">{part}</mark> : <Fragment key={i}>{part}</Fragment>))}
    </>
  );
}

/** 2026-01-01 至 2026-12-31, 长期有效, 2026-01-01 起. */
export function validityText(from: string | null, to: string | null): string {
  if (!from && !to) return '长期有效';
  if (from && to) return `${from} 至 ${to}`;
  return from ? `${from} 起` : `至 ${to}`;
}
