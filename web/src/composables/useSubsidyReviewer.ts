// Which union of the 求学圆梦 review chain the signed-in admin acts for: the city union (the
// platform admin, or an admin of the federation itself), a district union (directly under the
// federation) or a base union. The console shows the matching queue and hides what only the city
// union may do (rounds, payments, the payout list); the server checks every action itself.
import { computed } from 'vue';
import type { ReviewStep } from '@/api/subsidies';
import { useOrgStore } from '@/stores/orgs';
import { holdsAnyRole, useSessionStore } from '@/stores/session';

export function useSubsidyReviewer() {
  const session = useSessionStore();
  const orgs = useOrgStore();

  // The unions the admin holds the org_admin role for, as far as the tree is loaded.
  const adminOrgs = computed(() =>
    (session.account?.roles ?? [])
      .filter((grant) => grant.role === 'org_admin' && grant.org_id)
      .flatMap((grant) => {
        const org = orgs.byId.get(grant.org_id ?? '');
        return org ? [org] : [];
      }),
  );

  const level = computed<ReviewStep | null>(() => {
    if (holdsAnyRole(session.account, ['platform_admin'])) return 'city';
    const depths = adminOrgs.value.map((org) => org.depth);
    if (depths.includes(0)) return 'city';
    if (depths.includes(1)) return 'district';
    return depths.length ? 'base' : null;
  });
  const isCity = computed(() => level.value === 'city');
  // The federation and the unions directly under it (the districts a round gives quotas to).
  const federation = computed(() => orgs.orgs.find((org) => org.parent_id === null) ?? null);
  // The union the admin reviews for: the highest one they administer, the federation for the
  // platform admin.
  const union = computed(() => [...adminOrgs.value].sort((a, b) => a.depth - b.depth)[0] ?? (isCity.value ? federation.value : null));

  const districts = computed(() => {
    const root = federation.value;
    return root ? orgs.orgs.filter((org) => org.parent_id === root.id) : [];
  });

  return { level, isCity, union, federation, districts, ensureLoaded: () => orgs.ensureLoaded() };
}
