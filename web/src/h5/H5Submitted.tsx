// After submitting: the ticket number, large, to note down; how the photos went; the way to follow it.
import { useLocation, useNavigate } from 'react-router-dom';
import { App, Button, Result } from 'antd';
import { CheckCircleFilled, CopyOutlined, ExclamationCircleOutlined, PictureOutlined, SearchOutlined } from '@ant-design/icons';
import { formatDateTime } from '../labels';
import type { SubmittedState } from './H5Submit';
import { H5Bar } from './shell';

export function H5Submitted() {
  const { state } = useLocation() as { state: SubmittedState | null };
  const navigate = useNavigate();
  const { message } = App.useApp();

  if (!state?.receipt) {
    // Reached by a reload or a shared link: the number is no longer in memory.
    return (
      <>
        <H5Bar title="提交成功" />
        <Result
          status="info"
          title="如已提交，请凭工单编号查询"
          subTitle="工单编号和手机号可查询办理进度。"
          extra={<Button type="primary" onClick={() => navigate('/h5/follow')}>进度查询</Button>}
        />
      </>
    );
  }

  const { receipt, phone, photos, place } = state;
  const failed = photos.filter((p) => p.error);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(receipt.number);
      message.success('已复制工单编号');
    } catch {
      message.info('请长按编号复制，或抄下来');
    }
  };

  return (
    <>
      <H5Bar title="提交成功" />
      <main className="ms-h5-page ms-h5-done" data-testid="h5-submitted">
        <CheckCircleFilled className="ms-h5-done-icon" />
        <h2>您的诉求已受理</h2>
        <p className="ms-h5-muted">{formatDateTime(receipt.acceptedAt)} · 工作人员会尽快核实办理</p>
        <div className="ms-h5-number-box">
          <div className="ms-h5-number-label">请记下工单编号</div>
          <div className="ms-h5-number" data-testid="h5-number">
            {receipt.number}
          </div>
          <Button icon={<CopyOutlined />} onClick={() => void copy()}>
            复制编号
          </Button>
        </div>
        <ul className="ms-h5-facts">
          {place ? <li>位置：{place}</li> : null}
          {photos.length > 0 ? (
            <li data-testid="h5-photo-result">
              <PictureOutlined /> 照片：已上传 {photos.length - failed.length} 张{failed.length > 0 ? `，${failed.length} 张未成功` : ''}
            </li>
          ) : null}
          {failed.map((p) => (
            <li key={p.name} className="ms-h5-warn">
              <ExclamationCircleOutlined /> {p.name}：{p.error}
            </li>
          ))}
          <li>凭工单编号和提交时的手机号，可随时查询办理进度、评价办理结果。</li>
        </ul>
        <Button type="primary" size="large" block icon={<SearchOutlined />} onClick={() => navigate('/h5/follow', { state: { number: receipt.number, phone } })} data-testid="h5-follow-link">
          查询办理进度
        </Button>
        <Button size="large" block onClick={() => navigate('/h5')} style={{ marginTop: 12 }}>
          返回首页
        </Button>
      </main>
    </>
  );
}
