// Strings of the membership card (电子会员卡), the merchant's 验证会员 page, sharing and the
// 优惠购 report figure in Simplified Chinese; en.ts has the same keys (checked by its type).
const cardZhCN = {
  menu: {
    memberCard: '会员卡',
  },
  consoleMenu: {
    memberCheck: '验证会员',
  },
  card: {
    title: '电子会员卡',
    entry: '电子会员卡',
    entryHint: '出示给商家，凭会员身份享受优惠',
    cardNo: '会员号',
    union: '所属工会',
    qrAlt: '会员身份二维码',
    refreshHint: '二维码每分钟自动更新，截图无效',
    refreshed: '{time} 更新',
  },
  memberCheck: {
    title: '验证会员',
    tokenPlaceholder: '扫码或粘贴会员码',
    check: '验证',
    scan: '扫码验证',
    hint: '请会员打开「我的 → 电子会员卡」出示二维码。',
    tokenRequired: '请先扫码或粘贴会员码',
    member: '会员',
    union: '所属工会',
    statuses: {
      valid: '有效',
      expired: '已过期',
      invalid: '无效',
    },
    expiredHint: '会员码已过期，请会员刷新后重新出示。',
    invalidHint: '该会员已冻结或离会，不能享受会员优惠。',
    forgedHint: '这不是有效的会员码。',
    offer: '使用的优惠',
    offerPlaceholder: '选择本店优惠',
    noOffers: '本店暂无有效优惠，请先在「优惠管理」中添加。',
    record: '登记优惠使用',
    recorded: '已登记：{offer}',
    recordedBefore: '该会员码已登记过此优惠',
    wrongMerchant: '这是其他商家的优惠，不能在本店登记。',
  },
  share: {
    share: '分享',
    title: '分享',
    copyLink: '复制链接',
    savePoster: '保存海报',
    copied: '链接已复制',
    copyFailed: '复制失败，请长按链接手动复制',
    posterTitle: '分享海报',
    posterHint: '长按图片保存，或点击下方按钮下载',
    download: '下载海报',
    posterFooter: '长按识别二维码查看',
    posterFailed: '海报生成失败，请稍后重试',
  },
  errors: {
    card_expired: '会员码已过期，请会员刷新后重新出示。',
    member_inactive: '该会员已冻结或离会，不能享受会员优惠。',
    offer_not_current: '该优惠已下架或不在有效期内。',
    invalid_path: '无法分享此页面。',
  },
};

export type CardSchema = typeof cardZhCN;
export default cardZhCN;
