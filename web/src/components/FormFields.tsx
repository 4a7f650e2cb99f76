// Form fields that several dialogs share, so their labels, rules and hints stay the same.
import { Col, Form, Input, InputNumber, Switch } from 'antd';

/** 排序, and 启用 when editing: the last row of the unit and subject forms. */
export function SortAndActiveCols({ editing }: { editing: boolean }) {
  return (
    <>
      <Col span={6}>
        <Form.Item label="排序" name="sortOrder">
          <InputNumber min={0} precision={0} style={{ width: '100%' }} />
        </Form.Item>
      </Col>
      {editing ? (
        <Col span={6}>
          <Form.Item label="启用" name="active" valuePropName="checked">
            <Switch checkedChildren="启用" unCheckedChildren="停用" />
          </Form.Item>
        </Col>
      ) : null}
    </>
  );
}

/** A new password and its confirmation, with the server's password rule as the hint. */
export function NewPasswordFields({ name = 'password' }: { name?: string }) {
  return (
    <>
      <Form.Item label="新密码" name={name} rules={[{ required: true, message: '请输入新密码' }]} extra="至少 8 位，须同时包含字母和数字">
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Form.Item
        label="确认新密码"
        name="confirm"
        dependencies={[name]}
        rules={[
          { required: true, message: '请再次输入新密码' },
          ({ getFieldValue }) => ({
            validator: (_, value) => (!value || getFieldValue(name) === value ? Promise.resolve() : Promise.reject(new Error('两次输入的密码不一致'))),
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
    </>
  );
}
