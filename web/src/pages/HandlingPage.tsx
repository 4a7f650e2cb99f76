// STUB: replaced by the real screen.
import { Alert } from 'antd';

export function HandlingPage() {
  return <Alert type="info" message="建设中" />;
}
