// The console's modules and which roles see them. The menu, the routes and the home page's
// shortcuts are all built from this one list.
import type { ReactNode } from 'react';
import {
  AlertOutlined,
  ApartmentOutlined,
  AuditOutlined,
  BookOutlined,
  CalendarOutlined,
  CustomerServiceOutlined,
  BarChartOutlined,
  FileTextOutlined,
  DashboardOutlined,
  FileDoneOutlined,
  HistoryOutlined,
  PhoneOutlined,
  ScissorOutlined,
  SendOutlined,
  TagsOutlined,
  TeamOutlined,
  TrophyOutlined,
  WarningOutlined,
} from '@ant-design/icons';
import type { Role } from './labels';

export interface NavItem {
  path: string;
  label: string;
  icon: ReactNode;
  roles: Role[];
  /** What the module is for; the placeholder page and the home page show it. */
  description: string;
  group?: 'admin';
}

export const ADMIN_ROLES: Role[] = ['admin', 'unit_admin'];

export const NAV: NavItem[] = [
  { path: '/intake', label: '受理', icon: <PhoneOutlined />, roles: ['operator'], description: '来电来信登记工单，知识库直接答复，查看来电人历史诉求' },
  { path: '/dispatch', label: '派单', icon: <SendOutlined />, roles: ['dispatcher'], description: '诉求分类与派单，审批退单、延期，合并重复工单' },
  { path: '/handling', label: '承办', icon: <FileDoneOutlined />, roles: ['handler'], description: '签收工单、联系诉求人、办理并反馈结果，申请退单或延期' },
  { path: '/review', label: '审核', icon: <AuditOutlined />, roles: ['reviewer'], description: '审核承办单位的办理答复，不合格的退回重办' },
  { path: '/visits', label: '回访', icon: <CustomerServiceOutlined />, roles: ['visitor'], description: '回访诉求人，记录联系、解决与满意情况' },
  { path: '/supervision', label: '督办', icon: <AlertOutlined />, roles: ['supervisor'], description: '催办、督办超期和重点工单，发布督办通报' },
  { path: '/knowledge', label: '知识库', icon: <BookOutlined />, roles: ['operator', 'dispatcher', 'handler', 'unit_admin', 'reviewer', 'admin'], description: '政策、办事指南、部门职责和常见问答：单位编写，热线审核发布，受理推荐与市民智能问答' },
  { path: '/leader', label: '领导首页', icon: <DashboardOutlined />, roles: ['leader'], description: '受理量、办结率、满意率等关键指标与预警' },
  { path: '/stats', label: '统计分析', icon: <BarChartOutlined />, roles: ['leader', 'supervisor', 'admin', 'dispatcher', 'unit_admin'], description: '任意期间、维度和指标的统计表、图表和区县地图，同比环比，点击数字查看工单，导出Excel；大屏入口' },
  { path: '/reports', label: '报表', icon: <FileTextOutlined />, roles: ['leader', 'supervisor', 'admin'], description: '年报、月报、周报与承办单位办件情况表：屏幕查看，导出 Word、PDF、Excel；定时生成送达，我的报表' },
  { path: '/evaluation', label: '考评', icon: <TrophyOutlined />, roles: ['admin', 'leader', 'supervisor', 'unit_admin', 'handler'], description: '成员单位月度考评：指标得分、扣分明细到工单、加分，排名、满分单位、黑榜与保证金，每月发布；年度综合考评；考评方案' },
  { path: '/warnings', label: '预警', icon: <WarningOutlined />, roles: ['leader', 'supervisor', 'admin', 'dispatcher', 'unit_admin', 'handler'], description: '热点聚集、诉求激增和敏感事项的三级预警：签收、跟进、办结，预警函' },
  { path: '/admin/units', label: '组织机构', icon: <ApartmentOutlined />, roles: ADMIN_ROLES, description: '承办单位树：区县、街道、社区、网格、市直部门', group: 'admin' },
  { path: '/admin/users', label: '用户', icon: <TeamOutlined />, roles: ADMIN_ROLES, description: '工作人员账号、角色、密码与解锁', group: 'admin' },
  { path: '/admin/catalogue', label: '诉求分类/字典', icon: <TagsOutlined />, roles: ADMIN_ROLES, description: '诉求分类树，诉求类型、来源渠道、紧急程度字典', group: 'admin' },
  { path: '/admin/calendar', label: '工作日历', icon: <CalendarOutlined />, roles: ADMIN_ROLES, description: '工作日、节假日与调休安排，办理时限按此计算', group: 'admin' },
  { path: '/admin/words', label: '分词词典', icon: <ScissorOutlined />, roles: ['admin'], description: '平台自有词语（小区、道路、品牌）与智能推荐模型：检索、推荐、热点都按此切词', group: 'admin' },
  { path: '/admin/audit', label: '操作日志', icon: <HistoryOutlined />, roles: ['admin'], description: '登录记录与组织、用户、分类字典、日历、派单目录、时限策略、平台设置的修改记录', group: 'admin' },
];

export function visibleNav(roles: readonly Role[]): NavItem[] {
  return NAV.filter((item) => item.roles.some((r) => roles.includes(r)));
}
