// What PlaceMap and NavigationLinks take: a place in WGS-84 with its name.
export interface MapPlace {
  // Handed back when its marker is tapped.
  id?: string;
  lat: number;
  lng: number;
  name: string;
}
