// The member app's main pages, as its tab bar (MemberLayout) and the home page's shortcuts lead
// to them: the route's path, the Vant icon and the words (shorter on a tab where they differ).
export const memberPlaces = {
  home: { to: '/', icon: 'home-o', label: 'menu.home' },
  merchants: { to: '/merchants', icon: 'shop-o', label: 'menu.merchants', tabLabel: 'menu.merchantsTab' },
  campaigns: { to: '/campaigns', icon: 'gift-o', label: 'menu.campaigns' },
  me: { to: '/me', icon: 'user-o', label: 'menu.me' },
  points: { to: '/me/points', icon: 'points', label: 'menu.points' },
  vouchers: { to: '/me/vouchers', icon: 'coupon-o', label: 'menu.vouchers' },
  training: { to: '/training', icon: 'notes-o', label: 'menu.training' },
  subsidy: { to: '/subsidy', icon: 'award-o', label: 'menu.subsidy' },
  news: { to: '/news', icon: 'newspaper-o', label: 'menu.news' },
  modelWorkers: { to: '/model-workers', icon: 'medal-o', label: 'menu.modelWorkers' },
  jobs: { to: '/jobs', icon: 'bag-o', label: 'menu.jobs' },
  stations: { to: '/stations', icon: 'location-o', label: 'menu.stations' },
  jobFairs: { to: '/job-fairs', icon: 'manager-o', label: 'jobFair.title' },
  mentors: { to: '/mentors', icon: 'bulb-o', label: 'mentor.title' },
} as const;

export type MemberPlace = keyof typeof memberPlaces;

// The places named, each with its name and, on a tab, the tab's words as its label.
export function placesNamed(names: readonly MemberPlace[], onTab = false) {
  return names.map((name) => {
    const place: { to: string; icon: string; label: string; tabLabel?: string } = memberPlaces[name];
    return { name, to: place.to, icon: place.icon, label: (onTab && place.tabLabel) || place.label };
  });
}
