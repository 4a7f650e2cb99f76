// The words of the demo history: what citizens and grid workers say, and what units, reviewers,
// visitors and supervisors write back. Built-in Chinese templates per subject by default, or the
// rows of a CSV of real messages (e.g. ../shared/data/teddy2020, never copied into the repository).
// Pure: the caller reads the file; this module only parses text and composes strings.
import { parse } from 'csv-parse/sync';

/** A draw in [0, 1): the planner's seeded generator, so the same seed gives the same words. */
export type Draw = () => number;

const pick = <T>(draw: Draw, items: readonly T[]): T => items[Math.floor(draw() * items.length)]!;

/** Where a ticket is, as the words need it. */
export interface Place {
  /** Full address text: 澜湖区青柳街道桃园路88号桃园花园. */
  address: string;
  /** A short name for titles: 桃园花园, 青柳街道. */
  short: string;
}

export interface SubjectWords {
  /** Names from the top of the subject tree down: ['城市管理', '市容环境', '暴露垃圾']. */
  names: readonly string[];
}

// ── Citizens' and grid workers' words ────────────────────────────────────────────────────────

// What is wrong, per subject leaf (the hot ones of seed 000 and 002 and their neighbours). Leaves
// not listed fall back to their second-level node, then to a generic sentence.
const PROBLEMS: Record<string, readonly string[]> = {
  暴露垃圾: ['路边有生活垃圾暴露堆放，一直无人清运', '绿化带里散落大量垃圾，天热已有异味', '河边空地被倾倒了成堆的生活垃圾'],
  垃圾满溢: ['垃圾桶已经满溢，垃圾散落一地', '垃圾收集点连续几天没有清运，垃圾堆到了路上'],
  道路不洁: ['路面泥土和污渍很多，清扫不及时', '人行道上积存落叶杂物，长期没人清扫'],
  乱堆物堆料: ['有人在人行道上长期堆放建材和杂物', '楼道口和路边堆满了废旧家具', '公共空地被堆放大量废品'],
  施工废弃料: ['装修产生的建筑垃圾被随意倾倒在路边', '工地的施工废料堆在路口，一直没有清运'],
  沿街晾挂: ['沿街商户在门前护栏上晾晒衣物', '居民在临街树木之间拉绳晾挂被褥，影响市容'],
  非法小广告: ['电线杆和墙面上贴满了小广告', '单元门口和公交站牌被喷涂办证小广告'],
  私搭乱建: ['有住户在楼顶私自搭建彩钢板房', '一楼住户擅自圈占公共绿地搭建棚屋', '小区内有人私自扩建院墙'],
  违章建筑: ['空地上有人未经审批建房，正在连夜施工', '小区里出现一处违章加层建筑'],
  破墙开店: ['一楼住宅被破墙改成门面经营'],
  无照经营游商: ['路口聚集了很多流动摊贩，占道叫卖', '早晚有无照游商在学校门口摆摊'],
  占道经营: ['商户把货物摆到人行道上经营，行人只能走机动车道'],
  店外经营: ['餐馆在店外摆放桌椅经营到深夜'],
  露天烧烤: ['夜间有露天烧烤摊，油烟很大', '路边烧烤摊经营到凌晨，烟熏火燎'],
  机动车乱停放: ['机动车长期停在人行道和消防通道上', '路口车辆乱停乱放，造成拥堵'],
  非机动车乱停放: ['共享单车在地铁口大量堆积，堵住通道'],
  停车收费: ['停车场收费标准不公示，存在乱收费'],
  停车位不足: ['小区停车位严重不足，晚上回家找不到车位'],
  道路破损: ['路面出现多处坑洼，雨天积水，电动车经过容易摔倒', '人行道地砖大面积松动破损'],
  井盖缺失破损: ['窨井盖破损缺失，存在很大的安全隐患', '路中间井盖松动，车辆经过声响很大'],
  路灯不亮: ['整条路的路灯晚上都不亮，行人出行不安全', '小区门口的路灯坏了很久'],
  排水不畅: ['下水道堵塞，一下雨就积水', '雨水井堵塞，路口积水严重'],
  护栏损坏: ['道路中间的护栏被撞坏，一直没有修复'],
  树木修剪: ['行道树枝叶过密，遮挡路灯和住户窗户', '树枝压到电线上，存在隐患'],
  绿地破坏: ['公共绿地被人毁绿种菜'],
  公园管理: ['公园里的健身器材损坏，没人维修'],
  施工噪音: ['附近工地夜间施工，噪音很大，影响休息', '工地凌晨还在浇筑混凝土，噪音扰民'],
  社会生活噪音: ['楼下商铺音响声音过大', '广场舞音响音量过大，影响周边居民休息'],
  交通噪音: ['高架桥上夜间大货车很多，噪音扰民'],
  工业噪音: ['附近工厂机器日夜运转，噪音很大'],
  停水: ['家里突然停水，事先没有接到任何通知', '小区停水已经一整天，没有说明什么时候恢复'],
  水压水质: ['自来水水压很低，高楼层经常没水', '自来水发黄，有异味'],
  管网漏水: ['路面有自来水管道破裂，水一直往外冒'],
  水费: ['这个月水费比平时高出很多，怀疑水表有问题'],
  停电: ['小区突然停电，几个小时了还没有恢复', '整栋楼停电，电梯里有人被困'],
  电压不稳: ['家里电压不稳，电器经常跳闸'],
  线路隐患: ['路边电线杆倾斜，电线垂得很低'],
  停气: ['小区停气，没有提前通知'],
  燃气安全: ['楼道里闻到很重的燃气味', '有餐馆违规使用液化气罐'],
  供暖温度: ['家里暖气不热，室温只有十几度'],
  物业服务: ['小区物业服务很差，垃圾不清运、门禁坏了没人修', '物业不作为，电梯经常故障'],
  物业收费: ['物业公司要求提前缴纳一年物业费，否则不给办理门禁卡'],
  维修资金: ['楼顶漏水，申请使用维修资金一直办不下来'],
  商品质量: ['在商场买的家电用了几天就坏了，商家拒绝退换'],
  预付卡: ['办了健身卡的健身房突然关门，预付卡余额无法退还', '孩子报的培训机构跑路了，剩下的课时费退不回来'],
  虚假宣传: ['商家宣传的优惠活动与实际不符'],
  价格: ['商户明码标价与结账价格不一致'],
  食品安全: ['在路边餐馆吃饭后腹泻，怀疑食品不卫生', '超市出售过期食品'],
  无证经营: ['有人在居民楼里开小作坊，没有任何证照'],
  讨薪: ['在工地干了几个月活，老板一直拖欠工资不发', '公司已经三个月没发工资了'],
  劳动合同: ['单位不签劳动合同，也不缴社保'],
  工伤: ['在工作中受伤，单位不给申报工伤'],
  交通拥堵: ['早晚高峰这个路口堵得很厉害', '学校门口接送孩子的车辆造成严重拥堵'],
  交通信号: ['路口红绿灯时间设置不合理，行人过街困难', '路口信号灯坏了'],
  交通设施: ['路口的交通标线已经模糊不清'],
  违法停车: ['大货车长期违法停放在路边'],
  公交线路: ['小区附近没有公交线路，出行很不方便'],
  公交服务: ['公交车不按站点停靠，司机态度差'],
  出租车网约车: ['出租车司机拒载、绕路'],
  道路施工: ['道路施工围挡时间太长，一直没有完工'],
  扬尘: ['附近工地没有覆盖防尘网，扬尘很大'],
  油烟: ['楼下餐馆油烟直排，家里不敢开窗'],
  焚烧: ['有人在空地上焚烧垃圾，烟很大'],
  河道污染: ['河道水体发黑发臭'],
  污水排放: ['有企业往河里偷排污水'],
  社会治安: ['小区附近夜间经常有人聚集闹事'],
  医疗纠纷: ['在医院看病被多收费用'],
  校外培训: ['有培训机构违规开展学科类培训'],
  土地承包: ['村里的土地承包费用分配不公开'],
  宅基地: ['邻居违规占用宅基地建房'],
  征地拆迁: ['拆迁补偿标准不明确，补偿款迟迟没有到位'],
};

// Questions of consultations 咨询, per leaf; the rest ask about the subject in general.
const QUESTIONS: Record<string, readonly string[]> = {
  养老保险: ['灵活就业人员怎么缴纳养老保险', '养老保险断缴了几年还能补缴吗'],
  医疗保险: ['异地就医怎么备案报销', '新生儿怎么办理医保'],
  社保转移接续: ['从外地回来工作，社保怎么转移接续'],
  失业保险: ['失业金怎么申领，需要哪些材料'],
  就业服务: ['哪里可以参加免费的职业技能培训'],
  招生入学: ['孩子今年上小学，学区怎么划分', '随迁子女入学需要准备哪些材料'],
  入园: ['公办幼儿园怎么报名'],
  户口: ['新生儿落户需要哪些材料', '户口迁移怎么办理'],
  身份证: ['身份证丢了在哪里补办', '异地可以办理身份证吗'],
  居住证: ['居住证怎么申请'],
  护照签注: ['护照到期了怎么换发', '港澳通行证签注怎么办'],
  公租房: ['公租房申请条件是什么'],
  住房补贴: ['新就业大学生有没有租房补贴'],
  生育登记: ['生育登记在哪里办'],
  证照办理: ['营业执照变更需要哪些材料', '个体户注销怎么办理'],
  惠企政策: ['小微企业有哪些税费优惠政策'],
  税费: ['个人所得税汇算清缴怎么操作'],
  低保: ['低保申请需要什么条件'],
  高龄补贴: ['高龄补贴怎么领取'],
  登记办理: ['不动产登记需要预约吗'],
  预防接种: ['成人可以在哪里接种疫苗'],
  医保报销: ['门诊费用能报销多少'],
  停车收费: ['路边停车位的收费标准是多少'],
  公交线路: ['到火车站坐哪路公交'],
  停水: ['明天小区停水到几点'],
  停电: ['这片区域计划停电到什么时候'],
};

const SUGGESTIONS = [
  '建议在路口增设人行横道和信号灯', '建议在小区周边增加公共停车位', '建议延长公交末班车时间',
  '建议在公园增设公共厕所', '建议对老旧小区加装电梯给予更多补贴', '建议在学校周边增设减速带',
];

const PRAISES = [
  '表扬相关单位工作人员处理问题及时，态度热情', '感谢工作人员上门解决了困扰已久的问题',
  '表扬社区网格员认真负责，帮忙协调解决了邻里纠纷',
];

const OPENINGS = ['来电人反映：', '市民来电反映：', '来电人称：', '群众反映：'];
const WHEN = ['近一周以来，', '最近一段时间，', '今天上午，', '这几天晚上，', '长期以来，', '', ''];
const IMPACTS = ['严重影响周边居民生活', '存在安全隐患', '影响市容环境', '给出行带来不便', '多次反映未得到解决', '影响正常休息'];
const REQUESTS = ['请相关部门尽快处理', '希望有关部门核实后依法查处', '请尽快派人到现场查看', '希望尽快解决并给予答复', '请相关单位督促整改'];
const GRID_OPENINGS = ['网格员巡查发现：', '日常巡查中发现：', '信息采集监督员上报：'];
const GRID_ENDINGS = ['现场已拍照取证，请相关单位尽快处置。', '已现场劝导，仍需责任单位处置。', '请责任单位及时处理。'];

function problemOf(draw: Draw, s: SubjectWords): string {
  const leaf = s.names[s.names.length - 1] ?? '其他';
  const second = s.names[1] ?? s.names[0] ?? '其他';
  const list = PROBLEMS[leaf] ?? PROBLEMS[second];
  if (list) return pick(draw, list);
  const topic = leaf === '其他' ? second : leaf;
  return pick(draw, [`${topic}方面存在问题，一直没有得到解决`, `遇到${topic}问题，多次协调未果`, `${topic}问题比较突出`]);
}

function questionOf(draw: Draw, s: SubjectWords): string {
  const leaf = s.names[s.names.length - 1] ?? '其他';
  const list = QUESTIONS[leaf];
  if (list) return pick(draw, list);
  const topic = leaf === '其他' ? (s.names[1] ?? '相关') : leaf;
  return pick(draw, [`${topic}的相关政策是什么`, `${topic}怎么办理，需要哪些材料`, `${topic}在哪里办理`]);
}

/** Cuts a sentence to at most `n` characters (by code point, not UTF-16 unit). */
const clip = (text: string, n: number): string => {
  const chars = [...text];
  return chars.length <= n ? text : chars.slice(0, n).join('');
};

export interface TicketWords {
  title: string;
  content: string;
}

/** A ticket's title and content from the built-in templates. */
export function composeTicket(draw: Draw, s: SubjectWords, type: string, channel: string, place: Place | null): TicketWords {
  const leaf = s.names[s.names.length - 1] ?? '其他';
  const topic = leaf === '其他' ? (s.names[1] ?? '其他') : leaf;
  const at = place ? `${place.address}，` : '';
  if (channel === 'grid') {
    const problem = problemOf(draw, s);
    return { title: clip(`${place?.short ?? ''}${topic}`, 30), content: `${pick(draw, GRID_OPENINGS)}${at}${problem}。${pick(draw, GRID_ENDINGS)}` };
  }
  switch (type) {
    case 'consult': {
      const question = questionOf(draw, s);
      return { title: clip(`咨询${topic}`, 30), content: `来电人咨询：${question}？请相关部门予以解答。` };
    }
    case 'suggestion': {
      const text = pick(draw, SUGGESTIONS);
      return { title: clip(`关于${topic}的建议`, 30), content: `来电人建议：${at}${text}，方便群众。` };
    }
    case 'praise': {
      const text = pick(draw, PRAISES);
      return { title: '表扬', content: `来电人${text}，特此致谢。` };
    }
    default: {
      const problem = problemOf(draw, s);
      const request = type === 'report' ? '希望有关部门核实后依法查处' : pick(draw, REQUESTS);
      return {
        title: clip(`${place?.short ?? ''}${topic}问题`, 30),
        content: `${pick(draw, OPENINGS)}${pick(draw, WHEN)}${at}${problem}，${pick(draw, IMPACTS)}。${request}。`,
      };
    }
  }
}

// ── CSV of real messages ──────────────────────────────────────────────────────────────────────

export interface TextRow {
  title: string;
  content: string;
  /** A subject name the row is labelled with (一级标签), matched against the subject tree. */
  label: string | null;
}

export interface TextSource {
  rows: readonly TextRow[];
  /** Row indexes by label, for matching a ticket's subject. */
  byLabel: ReadonlyMap<string, readonly number[]>;
}

export interface CsvTextOptions {
  /** Title and content columns, e.g. ['留言主题', '留言详情']. */
  columns: readonly [string, string];
  /** The label column; default: 一级标签 or 标签 when the file has one. */
  labelColumn?: string | null;
}

const MOBILE = /1[3-9]\d{9}/g;

/**
 * Phone numbers inside real messages are masked like the platform masks them (138****5678): the
 * demo database must hold no plaintext phone number, whatever the source file says.
 */
export const scrubPhones = (text: string): string => text.replace(MOBILE, (m) => `${m.slice(0, 3)}****${m.slice(-4)}`);

/** Parses a CSV of messages (UTF-8, with or without BOM) into text rows; empty rows are skipped. */
export function textSourceFromCsv(text: string, options: CsvTextOptions): TextSource {
  const records = parse(text, { columns: true, bom: true, skip_empty_lines: true, relax_column_count: true, trim: true }) as Record<string, string>[];
  const header = records.length ? Object.keys(records[0]!) : [];
  for (const c of options.columns) {
    if (!header.includes(c)) throw new Error(`column "${c}" not in the CSV (it has: ${header.join(', ')})`);
  }
  const labelColumn = options.labelColumn === undefined ? ['一级标签', '标签'].find((c) => header.includes(c)) ?? null : options.labelColumn;
  if (labelColumn && !header.includes(labelColumn)) throw new Error(`label column "${labelColumn}" not in the CSV`);
  const [titleCol, contentCol] = options.columns;
  const rows: TextRow[] = [];
  for (const r of records) {
    const content = scrubPhones((r[contentCol] ?? '').trim());
    const title = scrubPhones((r[titleCol] ?? '').trim());
    if (!content && !title) continue;
    rows.push({
      title: clip(title || content, 200) || '市民诉求',
      content: clip(content || title, 20000),
      label: labelColumn ? (r[labelColumn]?.trim() || null) : null,
    });
  }
  if (rows.length === 0) throw new Error('the CSV has no message rows');
  const byLabel = new Map<string, number[]>();
  rows.forEach((row, i) => {
    if (!row.label) return;
    const list = byLabel.get(row.label) ?? [];
    list.push(i);
    byLabel.set(row.label, list);
  });
  return { rows, byLabel };
}

/**
 * A row for a ticket: one labelled with a name on the ticket's subject path when the file has
 * such labels (城乡建设 for a 城乡建设/物业管理 ticket), otherwise any row.
 */
export function pickTextRow(draw: Draw, source: TextSource, s: SubjectWords): TextRow {
  for (const name of s.names) {
    const matches = source.byLabel.get(name);
    if (matches?.length) return source.rows[pick(draw, matches)]!;
  }
  return pick(draw, source.rows);
}

// ── What the platform and the units write ────────────────────────────────────────────────────

const MEASURES = ['已安排人员现场核查', '已联系相关责任人限期整改', '已协调环卫、执法等力量联合处置', '已督促物业公司落实整改', '已约谈经营者并责令改正'];
const RESULTS_DONE = ['问题已处理完毕', '现场已整改到位', '已清理完毕并加强日常巡查', '已恢复正常', '已依法查处并责令整改'];
const BASIS = ['《城市市容和环境卫生管理条例》', '《中华人民共和国环境噪声污染防治法》', '《物业管理条例》', '《消费者权益保护法》', '《保障农民工工资支付条例》', null, null];

export interface ReplyWords {
  result: string;
  measures: string | null;
  basis: string | null;
}

/** A unit's reply; `contacted` says whether it spoke to the citizen (seed 003: a reply without contact is no reply). */
export function replyWords(draw: Draw, s: SubjectWords, contacted: boolean): ReplyWords {
  const topic = s.names[s.names.length - 1] === '其他' ? (s.names[1] ?? '') : (s.names[s.names.length - 1] ?? '');
  const measure = pick(draw, MEASURES);
  const done = pick(draw, RESULTS_DONE);
  const contact = contacted ? '，已电话联系诉求人告知办理结果，诉求人表示认可' : '';
  return { result: `经核查，来电反映的${topic}问题属实。${measure}，${done}${contact}。`, measures: measure, basis: pick(draw, BASIS) };
}

/** What a child unit tells its parent, and an assisting unit tells the primary. */
export function partialReplyWords(draw: Draw, s: SubjectWords): ReplyWords {
  const topic = s.names[s.names.length - 1] ?? '';
  return { result: `我单位已按职责配合处理${topic}问题：${pick(draw, MEASURES)}，${pick(draw, RESULTS_DONE)}。`, measures: null, basis: null };
}

export const answerWords = (draw: Draw, s: SubjectWords): string =>
  `已根据知识库向来电人解答${s.names[s.names.length - 1] ?? ''}相关政策和办理流程，来电人表示清楚。${pick(draw, ['', '已告知可通过政务服务网在线办理。', '已告知办理地点和所需材料。'])}`;

export const returnReason = (draw: Draw, unitName: string): string =>
  pick(draw, [`该事项不属于${unitName}职责范围，请改派相关职能部门`, '经现场核实，事发地不在本单位辖区', '该问题涉及多个部门职责，建议提交联席研判']);

export const returnRejectReason = (draw: Draw): string =>
  pick(draw, ['根据派单目录，该事项由你单位主办，请继续办理', '属地管理事项，请属地单位牵头处置']);

export const extensionReason = (draw: Draw): string =>
  pick(draw, ['需协调多个部门现场勘查，申请延期办理', '涉及资金审批程序，短期内无法办结', '整改工程量较大，需要更多时间施工', '需等待第三方检测结果']);

export const extensionRejectReason = (draw: Draw): string => pick(draw, ['事项简单，应在时限内办结', '延期理由不充分']);

export const suspendReason = (draw: Draw): string =>
  pick(draw, ['等待诉求人补充相关材料', '涉及司法诉讼程序，等待法院判决', '需待汛期结束后施工', '诉求人外出，暂时无法上门核实']);

export const suspendRejectReason = (draw: Draw): string => pick(draw, ['挂起理由不充分，请继续办理']);

export const resumeNote = (draw: Draw): string => pick(draw, ['挂起原因已消除，恢复办理', '诉求人已补充材料']);

export const sendbackReason = (draw: Draw): string =>
  pick(draw, ['答复内容为“正在办理中”，未说明办理结果', '未与诉求人取得联系即答复，请联系诉求人后重新答复', '答复内容不完整，未说明整改措施', '答复为“已呈报领导”，不是办理结果']);

export const urgeNote = (draw: Draw): string => pick(draw, ['工单即将超期，请抓紧办理', '工单已超期，请尽快办结并答复', '诉求人再次来电催问，请加快办理']);

export const supervisionReason = (draw: Draw): string =>
  pick(draw, ['工单超期未办结，群众反复来电', '诉求长期未解决，列入督办', '群众反映强烈，领导批示督办', '作风监督员明察暗访发现办理不力']);

export const supervisionAnswer = (draw: Draw): string =>
  pick(draw, ['已成立专班推进，近期办结', '已制定整改方案并落实责任人', '已完成现场整改，正在组织验收']);

export const supervisionResult = (draw: Draw): string => pick(draw, ['已按要求整改到位', '问题已基本解决，继续跟踪', '督办事项已办结']);

export const visitNote = (draw: Draw, satisfied: boolean): string | null =>
  satisfied ? pick(draw, [null, null, '诉求人对办理结果表示满意']) : pick(draw, ['诉求人认为问题未彻底解决', '诉求人对处理速度不满意', '诉求人要求进一步处理']);

export const reopenReason = (draw: Draw): string => pick(draw, ['回访不满意，问题未解决，重新办理', '诉求人反映问题反弹，重新交办']);

export const unreasonableExplanation = (draw: Draw): string =>
  pick(draw, ['诉求人要求超出政策规定，已做好解释工作', '诉求已依法依规处理，诉求人仍不认可，作办结处理']);

export const unresolvedExplanation = (draw: Draw): string => pick(draw, ['受客观条件限制暂无法解决，已向诉求人解释说明']);

export const unreachableExplanation = (draw: Draw): string => pick(draw, ['多次回访均无法联系诉求人', '回访电话无人接听，按规定办结']);

export const gridCloseExplanation = (draw: Draw): string => pick(draw, ['网格员现场核实：已整改到位', '网格员复核确认问题已处置']);

export const invalidReason = (draw: Draw): string => pick(draw, ['来电无实质内容', '骚扰电话', '重复测试来电', '与政务服务无关的恶意来电']);

export const mergeNote = (draw: Draw): string => pick(draw, ['同一事项重复来电，并入主工单', '与主工单反映同一问题']);
