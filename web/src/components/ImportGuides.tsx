// What to put in the units and users import files (POST /api/units/import, /api/users/import),
// and the templates the import dialogs offer, built from the signed-in user's own unit.
import { Alert } from 'antd';
import { CHILD_KINDS, UNIT_KINDS } from '../labels';
import type { Role, Unit, UnitKind } from '../labels';
import type { CsvTemplate } from './ImportButton';

export const UNIT_IMPORT_COLUMNS = ['单位编码', '单位名称', '简称', '类型', '上级编码'];
export const USER_IMPORT_COLUMNS = ['用户名', '姓名', '单位编码', '角色', '初始密码'];
export const PASSWORD_RULE = '至少 8 位，含字母和数字';

/** An example child of each kind: a code suffix in the demo city's style (D01 → D01S99) and a name. */
const EXAMPLE_CHILD: Record<UnitKind, [suffix: string, name: string]> = {
  platform: ['P99', '示例平台'],
  district: ['D99', '示例区'],
  street: ['S99', '示例街道'],
  community: ['C99', '示例社区'],
  grid: ['G99', '示例网格'],
  department: ['B99', '示例部门'],
  enterprise: ['E99', '示例公司'],
  committee: ['K99', '示例管委会'],
};

/** 单位编码,单位名称,简称,类型,上级编码 and one example child of `own` (none if it may have no children). */
export function unitsTemplate(own: Pick<Unit, 'code' | 'kind'> | undefined, kindName: (k: UnitKind) => string): CsvTemplate | undefined {
  if (!own?.code) return undefined;
  const kind = CHILD_KINDS[own.kind][0];
  const rows: (string | null)[][] = [UNIT_IMPORT_COLUMNS];
  if (kind) {
    const [suffix, name] = EXAMPLE_CHILD[kind];
    rows.push([`${own.code.slice(0, 32 - suffix.length)}${suffix}`, name, '示例', kindName(kind), own.code]);
  }
  return { fileName: '组织机构导入模板.csv', rows };
}

/** 用户名,姓名,单位编码,角色,初始密码 and one example handler in the user's own unit. */
export function usersTemplate(ownCode: string | null | undefined, roleName: (r: Role) => string): CsvTemplate | undefined {
  if (!ownCode) return undefined;
  return { fileName: '用户导入模板.csv', rows: [USER_IMPORT_COLUMNS, ['h_example', `示例${roleName('handler')}`, ownCode, roleName('handler'), 'Passw0rd1']] };
}

export function UnitsImportGuide({ ownCode, kindName }: { ownCode?: string | null; kindName: (k: UnitKind) => string }) {
  return (
    <ul className="ms-import-guide">
      <li>
        列依次为 <code>{UNIT_IMPORT_COLUMNS.join(',')}</code>，即“导出”文件的前五列：导出的文件可直接修改后导入，多出的列不读。
      </li>
      <li>
        类型：
        {UNIT_KINDS.filter((k) => k !== 'platform')
          .map((k) => kindName(k))
          .join('、')}
        。简称可留空。
      </li>
      <li>
        上级编码：本单位{ownCode ? <code>{ownCode}</code> : null}或其下级单位的编码，也可以是同一文件中新增的单位（上级写在下级之后也可以）。
      </li>
      <li>单位编码已存在的行不作修改，计为“已存在”；有错误的行不导入，导入后逐行列出原因，其余行照常保存。</li>
    </ul>
  );
}

export function UsersImportGuide({ ownCode, roleName }: { ownCode?: string | null; roleName: (r: Role) => string }) {
  return (
    <>
      <ul className="ms-import-guide">
        <li>
          列依次为 <code>{USER_IMPORT_COLUMNS.join(',')}</code>，每行一个用户。
        </li>
        <li>用户名：2–32 位小写字母、数字或 _ . -，不能与已有用户重复。</li>
        <li>单位编码：见“组织机构”页或其导出文件{ownCode ? <>（本单位为 <code>{ownCode}</code>）</> : null}。</li>
        <li>
          角色：填名称或代码，多个角色用“、”分隔，如 {roleName('handler')}、{roleName('unit_admin')}。
        </li>
        <li>有错误的行不导入，导入后逐行列出原因，其余行照常保存。</li>
      </ul>
      <Alert
        type="info"
        showIcon
        data-testid="password-rule"
        title={`初始密码${PASSWORD_RULE}`}
        description="文件中的密码是明文：导入后请删除该文件，并通过安全方式把初始密码告知本人。"
        style={{ marginBottom: 12 }}
      />
    </>
  );
}
