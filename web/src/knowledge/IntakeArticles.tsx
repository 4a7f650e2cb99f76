// The knowledge base's articles among intake's suggestions: title and extract with the caller's
// words marked, the owning unit and validity; 「引用」 puts the article's text into the direct answer
// and the answer then records the article (答复依据).
import { Button, Space, Tag, Tooltip } from 'antd';
import { BookOutlined, ImportOutlined } from '@ant-design/icons';
import type { IntakeArticle } from './api';
import { MarkedWords, validityText } from './Marked';

export function IntakeArticles({ articles, words, onUse }: { articles: IntakeArticle[]; words: string[]; onUse: (a: IntakeArticle) => void }) {
  if (articles.length === 0) return null;
  return (
    <ul className="ms-intake-list ms-intake-knowledge" data-testid="knowledge-articles">
      {articles.map((a) => (
        <li key={`article-${a.id}`} data-testid="knowledge-article" data-article-id={a.id}>
          <div className="ms-intake-item-head">
            <a href={`/knowledge?article=${a.id}`} target="_blank" rel="noopener" className="ms-intake-item-title" title={a.title}>
              <BookOutlined /> <MarkedWords text={a.title} words={words} />
            </a>
            <Space size={0}>
              <Tooltip title="把文章内容填入「直接答复」，答复记录依据此文章">
                <Button size="small" type="link" icon={<ImportOutlined />} onClick={() => onUse(a)} aria-label={`引用知识库文章《${a.title}》`}>
                  引用
                </Button>
              </Tooltip>
            </Space>
          </div>
          <div className="ms-intake-snippet">
            <MarkedWords text={a.snippet} words={a.matched.length ? a.matched : words} />
          </div>
          <div className="ms-intake-meta">
            <Tag color="purple" variant="filled">知识库 · {a.kindLabel}</Tag>
            <span>{a.unitName}</span>
            <span>{validityText(a.validFrom, a.validTo)}</span>
            {a.via === 'near' ? <Tag>相近写法</Tag> : null}
          </div>
        </li>
      ))}
    </ul>
  );
}
