// The 优惠购 column as the member left it: category, "near me" (with where the browser said
// the member is, or why it would not say), the merchants read so far page by page, the last
// search, and the names of merchants met on the way (for search hits and vouchers, which name
// only a merchant id).
import { defineStore } from 'pinia';
import { computed, reactive, ref } from 'vue';
import { getMerchant, listMerchants, type Merchant, type MerchantCategory } from '@/api/merchants';
import { searchCatalogue, type SearchHit } from '@/api/search';

const pageSize = 20;

export interface Location {
  lat: number;
  lng: number;
}

// Why the browser gave no location.
export type LocationProblem = 'denied' | 'unavailable' | 'timeout' | 'unsupported' | 'insecure';

function locationProblem(error: GeolocationPositionError): LocationProblem {
  if (error.code === error.PERMISSION_DENIED) return 'denied';
  if (error.code === error.TIMEOUT) return 'timeout';
  return 'unavailable';
}

// Asks the browser where the member is. Browsers only answer on https (or localhost).
function currentLocation(): Promise<Location> {
  return new Promise((resolve, reject) => {
    if (!('geolocation' in navigator)) {
      reject(window.isSecureContext ? 'unsupported' : 'insecure');
      return;
    }
    navigator.geolocation.getCurrentPosition(
      (position) => resolve({ lat: position.coords.latitude, lng: position.coords.longitude }),
      (error) => reject(locationProblem(error)),
      { enableHighAccuracy: false, timeout: 15000, maximumAge: 300000 },
    );
  });
}

export const useCatalogueStore = defineStore('catalogue', () => {
  const category = ref<MerchantCategory | undefined>(undefined);
  const nearMe = ref(false);
  const location = ref<Location | null>(null);
  const locating = ref(false);
  const problem = ref<LocationProblem | null>(null);

  const merchants = ref<Merchant[]>([]);
  const nextCursor = ref<string | null>(null);
  const finished = ref(false);
  // Counts restarts, so that the list on screen knows to read its first page again.
  const generation = ref(0);
  // When the first page of the list was read (ms), to read it again once it is old.
  let listReadAt = 0;

  const query = ref('');
  const hits = ref<SearchHit[]>([]);
  // The text the hits are for ('' when no search has been made).
  const searchedFor = ref('');
  const searching = ref(false);
  let searchGeneration = 0;

  const names = reactive(new Map<string, string>());
  const namesAsked = new Map<string, Promise<void>>();

  const sortedByDistance = computed(() => nearMe.value && location.value !== null);

  function rememberNames(list: Pick<Merchant, 'id' | 'name'>[]): void {
    for (const merchant of list) names.set(merchant.id, merchant.name);
  }

  // Forgets the merchants read so far; the list reads them again from the first page.
  function restart(): void {
    generation.value += 1;
    merchants.value = [];
    nextCursor.value = null;
    finished.value = false;
  }

  async function loadMore(): Promise<void> {
    if (finished.value) return;
    const mine = generation.value;
    const page = await listMerchants(
      { category: category.value, near: sortedByDistance.value ? (location.value ?? undefined) : undefined },
      { limit: pageSize, cursor: nextCursor.value ?? undefined },
    );
    if (mine !== generation.value) return;
    if (!merchants.value.length) listReadAt = Date.now();
    rememberNames(page.items);
    const known = new Set(merchants.value.map((merchant) => merchant.id));
    merchants.value = [...merchants.value, ...page.items.filter((merchant) => !known.has(merchant.id))];
    nextCursor.value = page.next_cursor;
    finished.value = page.next_cursor === null;
  }

  function chooseCategory(value: MerchantCategory | undefined): void {
    if (category.value === value) return;
    category.value = value;
    restart();
  }

  // Turns "near me" on (asking the browser where the member is) or off.
  async function setNearMe(on: boolean): Promise<void> {
    problem.value = null;
    if (!on) {
      nearMe.value = false;
      restart();
      return;
    }
    locating.value = true;
    try {
      location.value = await currentLocation();
      nearMe.value = true;
      restart();
    } catch (reason) {
      nearMe.value = false;
      problem.value = reason as LocationProblem;
    } finally {
      locating.value = false;
    }
  }

  async function search(text: string): Promise<void> {
    const q = text.trim();
    const mine = ++searchGeneration;
    if (!q) {
      clearSearch();
      return;
    }
    searching.value = true;
    try {
      const found = await searchCatalogue(q);
      if (mine !== searchGeneration) return;
      for (const hit of found) if (hit.kind === 'merchant') names.set(hit.merchant_id, hit.name);
      hits.value = found;
      searchedFor.value = q;
    } finally {
      if (mine === searchGeneration) searching.value = false;
    }
  }

  function clearSearch(): void {
    searchGeneration += 1;
    query.value = '';
    hits.value = [];
    searchedFor.value = '';
    searching.value = false;
  }

  // Coming back to the column: the last search is asked again, so that an offer renamed or
  // withdrawn meanwhile shows as it is now, and a list read more than maxAgeMs ago is read
  // again from its first page.
  function refresh(maxAgeMs: number): void {
    if (searchedFor.value) void search(searchedFor.value).catch(() => undefined);
    if (merchants.value.length && Date.now() - listReadAt > maxAgeMs) restart();
  }

  // Makes sure the names of these merchants are known, reading the missing ones (once each).
  async function learnNames(ids: string[]): Promise<void> {
    const asks = [...new Set(ids)]
      .filter((id) => !names.has(id))
      .map((id) => {
        let asked = namesAsked.get(id);
        if (!asked) {
          asked = getMerchant(id).then(
            (merchant) => void names.set(id, merchant.name),
            // A merchant that is gone or suspended simply stays unnamed; ask again next time.
            () => void namesAsked.delete(id),
          );
          namesAsked.set(id, asked);
        }
        return asked;
      });
    await Promise.all(asks);
  }

  return {
    category,
    nearMe,
    location,
    locating,
    problem,
    merchants,
    finished,
    generation,
    sortedByDistance,
    query,
    hits,
    searchedFor,
    searching,
    names,
    rememberNames,
    restart,
    loadMore,
    chooseCategory,
    setNearMe,
    search,
    clearSearch,
    refresh,
    learnNames,
  };
});
