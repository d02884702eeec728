// The member's place from the browser, for distances: null when the browser has no
// geolocation, the member refuses, or no answer comes in time.
export interface Place {
  lat: number;
  lng: number;
}

export function locateMe(timeoutMs = 10000): Promise<Place | null> {
  if (!('geolocation' in navigator)) return Promise.resolve(null);
  return new Promise((resolve) => {
    navigator.geolocation.getCurrentPosition(
      (position) => resolve({ lat: position.coords.latitude, lng: position.coords.longitude }),
      () => resolve(null),
      { timeout: timeoutMs, maximumAge: 5 * 60 * 1000 },
    );
  });
}
