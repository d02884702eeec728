// Simplified Chinese, the default language; en.ts must have the same keys (checked by its type).
const zhCN = {
  locale: {
    name: '简体中文',
    switchTo: '切换语言',
  },
  app: {
    name: '工惠',
    memberTitle: '工惠',
    adminTitle: '工惠 · 管理后台',
    merchantTitle: '工惠 · 商家后台',
    adminShortTitle: '管理后台',
    merchantShortTitle: '商家后台',
  },
  menu: {
    home: '首页',
    settings: '设置',
    overview: '概览',
  },
  system: {
    serverStatus: '服务器状态',
    statusLabel: '状态',
    databaseLabel: '数据库',
    versionLabel: '版本',
    statusOk: '运行正常',
    statusDegraded: '异常',
    databases: {
      sqlite: 'SQLite',
      postgresql: 'PostgreSQL',
    },
    checking: '正在连接服务器…',
    unreachableTitle: '无法连接服务器',
    retry: '重试',
    refresh: '刷新',
  },
  member: {
    welcome: '欢迎使用工惠',
    tagline: '普惠服务与连工助农，一站直达',
  },
  console: {
    welcome: '欢迎使用工惠管理后台',
    merchantWelcome: '欢迎使用工惠商家后台',
  },
  settings: {
    language: '语言',
  },
  notFound: {
    title: '页面不存在',
    description: '您访问的页面不存在或已被移除。',
    backHome: '返回首页',
  },
  errors: {
    network_error: '无法连接服务器，请检查网络。',
    server_error: '服务器出错，请稍后再试。',
    unknown: '出错了，请稍后再试。',
    csrf_failed: '页面已过期，请刷新后重试。',
    unauthenticated: '请先登录。',
    session_expired: '登录已过期，请重新登录。',
    forbidden: '您没有权限执行此操作。',
    not_found: '找不到请求的内容。',
    too_many_attempts: '尝试次数过多，请稍后再试。',
    overloaded: '服务器繁忙，请稍后再试。',
    internal: '服务器内部错误，请稍后再试。',
  },
};

export type MessageSchema = typeof zhCN;
export default zhCN;
