// Strings of messages (消息中心), 开始提醒 and admins' notices in Simplified Chinese; merged
// into the app's messages by ../index.ts, so `menu` and `errors` add to those sections. en.ts
// must have the same keys.
const messagesZhCN = {
  menu: {
    messages: '消息',
    notices: '通知公告',
  },
  messages: {
    entry: '我的消息',
    readAll: '全部已读',
    allRead: '已全部标为已读',
    empty: '暂无消息',
    noMore: '没有更多了',
    loadFailed: '加载失败，点击重试',
    unread: '未读',
    kinds: {
      points: '积分',
      lottery_result: '抽奖',
      booking_reminder: '预约',
      voucher_expiring: '券',
      campaign_opening: '活动',
      application_status: '申请',
      notice: '通知',
      feedback_answer: '反馈',
    },
  },
  reminder: {
    remind: '开始提醒',
    reminded: '已设提醒',
    on: '活动开始时会发消息提醒您',
    off: '已取消提醒',
  },
  notices: {
    intro: '向所选工会及其下级工会的全体在册会员发送通知，会员在“我的 › 消息”中查看。',
    compose: '发送通知',
    org: '发送范围',
    orgPlaceholder: '默认为本工会',
    orgHint: '该工会及其下级工会的全体在册会员',
    title: '标题',
    titlePlaceholder: '例如：五一劳动节慰问活动通知',
    titleRequired: '请输入标题',
    body: '正文',
    bodyRequired: '请输入正文',
    link: '链接（选填）',
    linkPlaceholder: '会员端页面路径，如 /campaigns',
    preview: '预览触达人数',
    previewLine: '将发送给 {recipients} 名会员',
    previewNobody: '该范围内没有在册会员',
    back: '返回修改',
    send: '确认发送',
    sent: '通知已发送给 {delivered} 名会员',
    sending: '正在发送…',
    columns: {
      title: '标题',
      org: '范围',
      recipients: '触达',
      read: '已读',
      status: '状态',
      createdAt: '发送时间',
    },
    statuses: {
      running: '发送中',
      done: '已送达',
    },
    empty: '还没有发送过通知',
    more: '加载更多',
  },
  errors: {
    already_open: '活动已经开始，无需提醒',
    invalid_link: '链接须为会员端页面路径，以 / 开头',
  },
};

export type MessagesSchema = typeof messagesZhCN;
export default messagesZhCN;
