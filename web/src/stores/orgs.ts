// The unions the signed-in admin administers, as a flat list and as a tree, loaded once and
// kept fresh after every change made through the console.
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { listOrgs, type Org } from '@/api/orgs';

export interface OrgNode {
  org: Org;
  children: OrgNode[];
}

// Builds the tree from parent ids; unions whose parent is not in the list are the roots (an
// org admin sees their own union as the root).
export function buildOrgTree(orgs: readonly Org[]): OrgNode[] {
  const nodes = new Map<string, OrgNode>();
  for (const org of orgs) nodes.set(org.id, { org, children: [] });
  const roots: OrgNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.org.parent_id ? nodes.get(node.org.parent_id) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  return roots;
}

// The ids of a union and of every union under it.
export function subtreeIds(node: OrgNode): Set<string> {
  const ids = new Set<string>();
  const stack = [node];
  while (stack.length > 0) {
    const next = stack.pop();
    if (!next) break;
    ids.add(next.org.id);
    stack.push(...next.children);
  }
  return ids;
}

export const useOrgStore = defineStore('orgs', () => {
  const orgs = ref<Org[]>([]);
  const loaded = ref(false);
  const loading = ref(false);
  let pending: Promise<void> | null = null;

  const byId = computed(() => new Map(orgs.value.map((org) => [org.id, org])));
  const tree = computed(() => buildOrgTree(orgs.value));
  const openBaseUnions = computed(() => orgs.value.filter((org) => org.kind === 'base' && org.status === 'open'));

  async function reload(): Promise<void> {
    loading.value = true;
    try {
      orgs.value = await listOrgs();
      loaded.value = true;
    } finally {
      loading.value = false;
    }
  }

  // Loads the list once; later callers share the first load.
  function ensureLoaded(): Promise<void> {
    if (loaded.value) return Promise.resolve();
    pending ??= reload().finally(() => {
      pending = null;
    });
    return pending;
  }

  // Puts a union the API just answered with into the list (new, renamed, moved or closed).
  function remember(org: Org): void {
    const index = orgs.value.findIndex((candidate) => candidate.id === org.id);
    if (index >= 0) orgs.value.splice(index, 1, org);
    else orgs.value.push(org);
  }

  function forget(): void {
    orgs.value = [];
    loaded.value = false;
  }

  return { orgs, loaded, loading, byId, tree, openBaseUnions, reload, ensureLoaded, remember, forget };
});
