/**
 * The township level of the simulated city: Tai'an's six districts and counties and their
 * streets (街道), towns (镇) and townships (乡), 86 in all (the brief's "about 88"). The names
 * follow Tai'an's administrative divisions as far as the author knows them and are
 * illustrative, like the communities and villages below them, which the simulation numbers.
 */

/** [slug, Chinese name]; the kind is the name's last character (街道, 镇 or 乡). */
type Township = readonly [slug: string, zh: string];

export interface DistrictNames {
  readonly slug: string;
  readonly zh: string;
  /** 区, 县级市 or 县. */
  readonly kind: string;
  readonly en: string;
  readonly townships: readonly Township[];
}

export const districtNames: readonly DistrictNames[] = [
  {
    slug: 'taishan',
    zh: '泰山区',
    kind: '区',
    en: 'Taishan District',
    townships: [
      ['daimiao', '岱庙街道'],
      ['caiyuan', '财源街道'],
      ['taiqian', '泰前街道'],
      ['shanggao', '上高街道'],
      ['xujialou', '徐家楼街道'],
      ['shengzhuang', '省庄镇'],
      ['qiujiadian', '邱家店镇'],
    ],
  },
  {
    slug: 'daiyue',
    zh: '岱岳区',
    kind: '区',
    en: 'Daiyue District',
    townships: [
      ['zhoudian', '粥店街道'],
      ['tianping', '天平街道'],
      ['beijipo', '北集坡街道'],
      ['shankou', '山口镇'],
      ['zhuyang', '祝阳镇'],
      ['fanzhen', '范镇'],
      ['jiaoyu', '角峪镇'],
      ['culai', '徂徕镇'],
      ['manzhuang', '满庄镇'],
      ['xiazhang', '夏张镇'],
      ['daolang', '道朗镇'],
      ['huangqian', '黄前镇'],
      ['dawenkou', '大汶口镇'],
      ['mazhuang', '马庄镇'],
      ['fangcun', '房村镇'],
      ['liangzhuang', '良庄镇'],
      ['xiagang', '下港镇'],
      ['huamawan', '化马湾乡'],
    ],
  },
  {
    slug: 'xintai',
    zh: '新泰市',
    kind: '县级市',
    en: 'Xintai City',
    townships: [
      ['qingyun', '青云街道'],
      ['xinwen', '新汶街道'],
      ['xinfu', '新甫街道'],
      ['dongdu', '东都镇'],
      ['xiaoxie', '小协镇'],
      ['zhaizhen', '翟镇'],
      ['quangou', '泉沟镇'],
      ['yangliu', '羊流镇'],
      ['guodu', '果都镇'],
      ['xizhangzhuang', '西张庄镇'],
      ['tianbao', '天宝镇'],
      ['loude', '楼德镇'],
      ['yucun', '禹村镇'],
      ['gongli', '宫里镇'],
      ['guli', '谷里镇'],
      ['shilai', '石莱镇'],
      ['fangcheng', '放城镇'],
      ['liudu', '刘杜镇'],
      ['wennan', '汶南镇'],
      ['longting', '龙廷镇'],
    ],
  },
  {
    slug: 'feicheng',
    zh: '肥城市',
    kind: '县级市',
    en: 'Feicheng City',
    townships: [
      ['xincheng', '新城街道'],
      ['laocheng', '老城街道'],
      ['wangguadian', '王瓜店街道'],
      ['yiyang', '仪阳街道'],
      ['chaoquan', '潮泉镇'],
      ['taoyuan', '桃园镇'],
      ['wangzhuang', '王庄镇'],
      ['hutun', '湖屯镇'],
      ['shiheng', '石横镇'],
      ['anlinzhan', '安临站镇'],
      ['sunbo', '孙伯镇'],
      ['anjiazhuang', '安驾庄镇'],
      ['wenyang', '汶阳镇'],
      ['bianyuan', '边院镇'],
    ],
  },
  {
    slug: 'ningyang',
    zh: '宁阳县',
    kind: '县',
    en: 'Ningyang County',
    townships: [
      ['wenmiao', '文庙街道'],
      ['baxianqiao', '八仙桥街道'],
      ['sidian', '泗店镇'],
      ['dongshu', '东疏镇'],
      ['fushan', '伏山镇'],
      ['gangcheng', '堽城镇'],
      ['jiangji', '蒋集镇'],
      ['ciyao', '磁窑镇'],
      ['huafeng', '华丰镇'],
      ['geshi', '葛石镇'],
      ['dongzhuang', '东庄镇'],
      ['heshan', '鹤山镇'],
      ['xiangyin', '乡饮乡'],
    ],
  },
  {
    slug: 'dongping',
    zh: '东平县',
    kind: '县',
    en: 'Dongping County',
    townships: [
      ['dongping', '东平街道'],
      ['zhoucheng', '州城街道'],
      ['pengji', '彭集街道'],
      ['shahezhan', '沙河站镇'],
      ['laohu', '老湖镇'],
      ['yinshan', '银山镇'],
      ['banjiudian', '斑鸠店镇'],
      ['jieshan', '接山镇'],
      ['dayang', '大羊镇'],
      ['timen', '梯门镇'],
      ['xinhu', '新湖镇'],
      ['daimiao', '戴庙镇'],
      ['shanglaozhuang', '商老庄乡'],
      ['jiuxian', '旧县乡'],
    ],
  },
];

/** 街道, 镇 or 乡, from a township's Chinese name. */
export function townshipKind(zh: string): string {
  if (zh.endsWith('街道')) return '街道';
  return zh.slice(-1);
}

const englishKind: Record<string, string> = { 街道: 'Subdistrict', 镇: 'Town', 乡: 'Township', 社区: 'Community', 村: 'Village' };

/** "Zhoudian Subdistrict" from the slug and the kind. */
export function englishName(slug: string, kind: string): string {
  return `${slug.charAt(0).toUpperCase()}${slug.slice(1)} ${englishKind[kind] ?? kind}`;
}
