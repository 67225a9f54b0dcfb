/**
 * Demo area tree for 泰安市 (Tai'an, Shandong): the city, its six districts and counties, a few
 * streets/townships each and their communities and villages.
 *
 * Real: the city, the six districts/counties, and the streets and towns listed (岱庙, 泰前, 财源,
 * 粥店, 天平, 满庄, 青云, 新汶, 新城, 老城, 文庙, 八仙桥, 东平, 州城), plus the three communities
 * named in the domain brief: 花园社区 (岱庙街道), 科大社区 (泰前街道), 堰北社区 (粥店街道).
 * Every other community and village below is illustrative: a plausible name, not a checked one.
 */
import { area, levelOfDepth, type Area } from '#shared/domain/area';

export const CITY_ID = 'taian';

/** English for each kind of area, appended to the pinyin of the slug ("Huayuan Community"). */
const englishSuffix: Record<string, string> = {
  区: 'District',
  县级市: 'City',
  县: 'County',
  街道: 'Subdistrict',
  镇: 'Town',
  乡: 'Township',
  社区: 'Community',
  村: 'Village',
};

/** [id, Chinese name, kind, English name when the slug does not give it]. */
type Row = readonly [id: string, zh: string, kind: string, en?: string];

const rows: readonly Row[] = [
  [CITY_ID, '泰安市', '地级市', "Tai'an City"],

  ['taian.taishan', '泰山区', '区'],
  ['taian.taishan.daimiao', '岱庙街道', '街道'],
  ['taian.taishan.daimiao.huayuan', '花园社区', '社区'],
  ['taian.taishan.daimiao.daizong', '岱宗社区', '社区'],
  ['taian.taishan.daimiao.hongmen', '红门社区', '社区'],
  ['taian.taishan.daimiao.tongtian', '通天社区', '社区'],
  ['taian.taishan.taiqian', '泰前街道', '街道'],
  ['taian.taishan.taiqian.keda', '科大社区', '社区'],
  ['taian.taishan.taiqian.hushan', '虎山社区', '社区'],
  ['taian.taishan.taiqian.wangyue', '望岳社区', '社区'],
  ['taian.taishan.taiqian.qingnianlu', '青年路社区', '社区', 'Qingnian Road Community'],
  ['taian.taishan.caiyuan', '财源街道', '街道'],
  ['taian.taishan.caiyuan.shengping', '升平社区', '社区'],
  ['taian.taishan.caiyuan.dongyue', '东岳社区', '社区'],
  ['taian.taishan.caiyuan.yingsheng', '迎胜社区', '社区'],

  ['taian.daiyue', '岱岳区', '区'],
  ['taian.daiyue.zhoudian', '粥店街道', '街道'],
  ['taian.daiyue.zhoudian.yanbei', '堰北社区', '社区'],
  ['taian.daiyue.zhoudian.yannan', '堰南社区', '社区'],
  ['taian.daiyue.zhoudian.fengtai', '凤台社区', '社区'],
  ['taian.daiyue.zhoudian.lizhuang', '李庄村', '村'],
  ['taian.daiyue.tianping', '天平街道', '街道'],
  ['taian.daiyue.tianping.tianpinghu', '天平湖社区', '社区', 'Tianping Lake Community'],
  ['taian.daiyue.tianping.dianzi', '店子村', '村'],
  ['taian.daiyue.tianping.xiaozhuang', '肖庄村', '村'],
  ['taian.daiyue.manzhuang', '满庄镇', '镇'],
  ['taian.daiyue.manzhuang.nanliu', '南留村', '村'],
  ['taian.daiyue.manzhuang.beiliu', '北留村', '村'],

  ['taian.xintai', '新泰市', '县级市'],
  ['taian.xintai.qingyun', '青云街道', '街道'],
  ['taian.xintai.qingyun.pingyang', '平阳社区', '社区'],
  ['taian.xintai.qingyun.fuqian', '府前社区', '社区'],
  ['taian.xintai.qingyun.nanguan', '南关村', '村'],
  ['taian.xintai.xinwen', '新汶街道', '街道'],
  ['taian.xintai.xinwen.wenhe', '汶河社区', '社区'],
  ['taian.xintai.xinwen.xizhou', '西周村', '村'],

  ['taian.feicheng', '肥城市', '县级市'],
  ['taian.feicheng.xincheng', '新城街道', '街道'],
  ['taian.feicheng.xincheng.longshan', '龙山社区', '社区'],
  ['taian.feicheng.xincheng.kangwang', '康王社区', '社区'],
  ['taian.feicheng.xincheng.xiangyang', '向阳社区', '社区'],
  ['taian.feicheng.laocheng', '老城街道', '街道'],
  ['taian.feicheng.laocheng.dongguan', '东关社区', '社区'],
  ['taian.feicheng.laocheng.xiguan', '西关村', '村'],

  ['taian.ningyang', '宁阳县', '县'],
  ['taian.ningyang.wenmiao', '文庙街道', '街道'],
  ['taian.ningyang.wenmiao.fusheng', '复圣社区', '社区'],
  ['taian.ningyang.wenmiao.xuegong', '学宫社区', '社区'],
  ['taian.ningyang.baxianqiao', '八仙桥街道', '街道'],
  ['taian.ningyang.baxianqiao.qiaodong', '桥东社区', '社区'],
  ['taian.ningyang.baxianqiao.liuzhuang', '刘庄村', '村'],

  ['taian.dongping', '东平县', '县'],
  ['taian.dongping.dongping', '东平街道', '街道'],
  ['taian.dongping.dongping.xihu', '西湖社区', '社区'],
  ['taian.dongping.dongping.beiguan', '北关村', '村'],
  ['taian.dongping.zhoucheng', '州城街道', '街道'],
  ['taian.dongping.zhoucheng.gucheng', '古城社区', '社区'],
  ['taian.dongping.zhoucheng.nanzhuang', '南庄村', '村'],
];

function englishName(id: string, kind: string): string {
  const slug = id.slice(id.lastIndexOf('.') + 1);
  const suffix = englishSuffix[kind];
  if (!suffix) throw new Error(`No English suffix for area kind ${kind} (${id})`);
  return `${slug.charAt(0).toUpperCase()}${slug.slice(1)} ${suffix}`;
}

/** Parsed at module load, so a bad row fails the import rather than the first request. */
export const demoAreas: readonly Area[] = rows.map(([id, zh, kind, en]) =>
  area.parse({ id, level: levelOfDepth(id), name: { zh, en: en ?? englishName(id, kind) }, kind }),
);
