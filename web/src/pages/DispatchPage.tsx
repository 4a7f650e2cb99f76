// STUB: replaced by the real screen.
import { Alert } from 'antd';

export function DispatchPage() {
  return <Alert type="info" message="建设中" />;
}
