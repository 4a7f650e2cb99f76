// Scaffolding while the action forms are written; deleted once none uses it.
import { Alert } from 'antd';

export function Pending() {
  return <Alert type="info" message="该操作的表单建设中" />;
}
