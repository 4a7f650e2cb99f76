// STUB: replaced by the real screen.
import { Alert } from 'antd';

export function VisitsPage() {
  return <Alert type="info" message="建设中" />;
}
