// One article of the knowledge base for citizens (/h5/ask/:id): the text, where it comes from and
// until when it holds, its files; and the way on to a ticket when it did not help.
import { Link, useNavigate, useParams } from 'react-router-dom';
import { Button, Result, Spin } from 'antd';
import { EditOutlined, PaperClipOutlined } from '@ant-design/icons';
import { useLoad } from '../hooks';
import { validityText } from '../knowledge/Marked';
import { askApi } from './AskApi';
import { H5Bar } from './shell';

export function AskArticle() {
  const { id } = useParams();
  const navigate = useNavigate();
  const { data, error } = useLoad((signal) => askApi.article(Number(id), signal), [id]);
  return (
    <>
      <H5Bar title="答案详情" back="/h5/ask" />
      <main className="ms-h5-page" data-testid="h5-ask-article">
        {error ? (
          <Result status="404" title="文章不存在或已过期" extra={<Link to="/h5/ask"><Button type="primary">返回智能问答</Button></Link>} />
        ) : !data ? (
          <div className="ms-h5-loading"><Spin /></div>
        ) : (
          <>
            <article className="ms-h5-card">
              <h2 className="ms-h5-ask-title">{data.title}</h2>
              <p className="ms-h5-ask-source">来源：{data.unitName} · {data.kindLabel} · 有效期 {validityText(data.validFrom, data.validTo)}</p>
              <div className="ms-h5-ask-body">{data.body}</div>
              {data.attachments.map((f) => (
                <p key={f.id}><a href={askApi.fileUrl(data.id, f.id)}><PaperClipOutlined /> {f.fileName}</a></p>
              ))}
            </article>
            <Button size="large" block icon={<EditOutlined />} onClick={() => navigate(`/h5/submit?content=${encodeURIComponent(data.title)}`)}>
              没有解决，我要反映
            </Button>
          </>
        )}
      </main>
    </>
  );
}
