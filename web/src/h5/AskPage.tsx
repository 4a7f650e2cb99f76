// 智能问答 (/h5/ask): the citizen types a question and gets the best answers from the knowledge
// base — title, an extract with their words marked, and the source (owning unit, article, validity).
// When nothing answers, or the answer did not help, 「没有解决，我要反映」 records the hand-over and
// opens the submit page with the question filled in.
import { useState } from 'react';
import { Link, useLocation, useNavigate, useSearchParams } from 'react-router-dom';
import { Alert, Button, Input, Result } from 'antd';
import { BookOutlined, EditOutlined, RightOutlined, SearchOutlined } from '@ant-design/icons';
import { errorText } from '../api';
import { MarkedWords, validityText } from '../knowledge/Marked';
import { askApi } from './AskApi';
import type { AskAnswer } from './AskApi';
import { H5Bar } from './shell';

const EXAMPLES = ['停水了什么时候恢复', '公积金怎么提取', '楼下烧烤油烟太大', '社保怎么转到外地'];

export function AskPage() {
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const [text, setText] = useState(params.get('q') ?? '');
  // The answer travels in the history entry, so coming back from an article shows it again without
  // asking (and recording) the same question twice.
  const location = useLocation();
  const [asked, setAsked] = useState<{ q: string; answer: AskAnswer } | null>((location.state as { asked?: { q: string; answer: AskAnswer } } | null)?.asked ?? null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const ask = async (q: string) => {
    const question = q.trim();
    if ([...question].length < 2) {
      setError('请至少输入两个字，说明您想问的事情');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const answer = await askApi.ask(question);
      setAsked({ q: question, answer });
      setParams({ q: question }, { replace: true, state: { asked: { q: question, answer } } });
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  const handOver = async () => {
    if (asked) await askApi.handOver(asked.answer.token).catch(() => undefined); // recording must not stop the citizen
    navigate(`/h5/submit?content=${encodeURIComponent(asked?.q ?? text)}`);
  };

  const answer = asked?.answer;
  const handOverButton = answer ? (
    <div className="ms-h5-ask-handover">
      <Button size="large" block icon={<EditOutlined />} type={answer.answered ? 'default' : 'primary'} onClick={() => void handOver()} data-testid="ask-handover">
        {answer.answered ? '没有解决，我要反映' : '提交诉求，由工作人员办理'}
      </Button>
    </div>
  ) : null;
  return (
    <>
      <H5Bar title="智能问答" />
      <main className="ms-h5-page" data-testid="h5-ask">
        <form className="ms-h5-ask-form" onSubmit={(e) => { e.preventDefault(); void ask(text); }}>
          <Input.TextArea
            id="ask-q"
            value={text}
            onChange={(e) => setText(e.target.value)}
            autoSize={{ minRows: 2, maxRows: 5 }}
            maxLength={300}
            placeholder="请输入您想咨询的问题，如：停水了什么时候恢复？"
            aria-label="您的问题"
            onPressEnter={(e) => { if (!e.shiftKey) { e.preventDefault(); void ask(text); } }}
          />
          <Button type="primary" htmlType="submit" icon={<SearchOutlined />} loading={busy} block size="large" data-testid="ask-submit">
            查找答案
          </Button>
        </form>
        {error ? <Alert type="warning" showIcon title={error} style={{ marginTop: 12 }} /> : null}
        {!answer ? (
          <section className="ms-h5-ask-examples">
            <p className="ms-h5-muted">大家常问：</p>
            {EXAMPLES.map((x) => (
              <button type="button" key={x} className="ms-h5-ask-chip" onClick={() => { setText(x); void ask(x); }}>{x}</button>
            ))}
          </section>
        ) : (
          <section className="ms-h5-ask-results" data-testid="ask-results" data-answered={answer.answered}>
            {answer.answered ? (
              <p className="ms-h5-muted">为您找到以下答案，来自本市各部门发布的政策和办事指南：</p>
            ) : (
              <Result
                status="info"
                className="ms-h5-ask-none"
                title="抱歉，没有找到确切的答案"
                subTitle="您可以提交诉求，由 12345 工作人员为您办理；也可以换个说法再问。"
                data-testid="ask-none"
              />
            )}
            {/* No answer: the way on to a person comes first, above the weaker matches. */}
            {!answer.answered ? handOverButton : null}
            {answer.items.length > 0 && !answer.answered ? <p className="ms-h5-muted" style={{ marginTop: 16 }}>可能相关：</p> : null}
            {answer.items.map((a) => (
              <Link key={a.id} to={`/h5/ask/${a.id}`} className="ms-h5-card ms-h5-ask-item" data-testid="ask-item">
                <div className="ms-h5-card-title">
                  <BookOutlined /> <MarkedWords text={a.title} words={a.matched.length ? a.matched : answer.words} />
                </div>
                <p className="ms-h5-ask-extract"><MarkedWords text={a.snippet} words={a.matched.length ? a.matched : answer.words} /></p>
                <p className="ms-h5-ask-source" data-testid="ask-source">
                  来源：{a.unitName} ·《{a.title}》· {a.kindLabel} · 有效期 {validityText(a.validFrom, a.validTo)}
                </p>
                <RightOutlined className="ms-h5-ask-arrow" aria-hidden />
              </Link>
            ))}
            {answer.answered ? handOverButton : null}
          </section>
        )}
      </main>
    </>
  );
}
