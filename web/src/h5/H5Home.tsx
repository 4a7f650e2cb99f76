// The citizen's home page: what this is, three entries, and when to call 110 instead.
import { Link } from 'react-router-dom';
import { BulbOutlined, EditOutlined, PhoneOutlined, RightOutlined, SearchOutlined, StarOutlined, WarningOutlined } from '@ant-design/icons';
import { useCatalogue } from './shell';

const ENTRIES = [
  { to: '/h5/ask', icon: <BulbOutlined />, title: '智能问答', text: '常见问题自助查询，马上得到答复', tone: 'purple', testId: 'h5-entry-ask' },
  { to: '/h5/submit', icon: <EditOutlined />, title: '我要反映', text: '咨询、求助、投诉、举报、建议', tone: 'blue', testId: 'h5-entry-submit' },
  { to: '/h5/follow', icon: <SearchOutlined />, title: '进度查询', text: '凭工单编号和手机号查询办理进度', tone: 'green', testId: 'h5-entry-follow' },
  { to: '/h5/rate', icon: <StarOutlined />, title: '评价', text: '对办理结果是否满意', tone: 'orange', testId: 'h5-entry-rate' },
] as const;

export function H5Home() {
  const { catalogue } = useCatalogue();
  // 青澜市 → 青澜市12345; a name that already says 12345 stays as it is.
  const name = catalogue?.platformName ?? '';
  const title = name.includes('12345') ? name : `${name}12345`;
  return (
    <main className="ms-h5-home">
      <section className="ms-h5-hero">
        <span className="ms-h5-logo" aria-hidden>
          民
        </span>
        <div>
          <h1 data-testid="h5-title">{title}</h1>
          <p>政务服务便民热线 · 网上反映 · 进度可查</p>
        </div>
      </section>
      <nav className="ms-h5-entries" aria-label="市民服务">
        {ENTRIES.map((e) => (
          <Link key={e.to} to={e.to} className={`ms-h5-entry ms-h5-entry-${e.tone}`} data-testid={e.testId}>
            <span className="ms-h5-entry-icon" aria-hidden>
              {e.icon}
            </span>
            <span className="ms-h5-entry-text">
              <strong>{e.title}</strong>
              <small>{e.text}</small>
            </span>
            <RightOutlined className="ms-h5-entry-arrow" aria-hidden />
          </Link>
        ))}
      </nav>
      <section className="ms-h5-notes">
        <p>
          <WarningOutlined /> 火警、治安、急救等紧急情况，请直接拨打 <a href="tel:110">110</a>、<a href="tel:119">119</a>、<a href="tel:120">120</a>。
        </p>
        <p>
          <PhoneOutlined /> 也可拨打 <a href="tel:12345">12345</a> 热线，24 小时有人接听。
        </p>
        <p className="ms-h5-muted">提交的个人信息仅用于办理和回访；选择“保密”后，承办单位只能看到打码后的姓名和电话。</p>
      </section>
    </main>
  );
}
