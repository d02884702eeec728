// Coordinates on the ground: the three systems Chinese map apps use, distance between two
// points, and whether a point lies in China.
//
// WGS-84 is what GPS and browsers' geolocation give and what gonghui stores. GCJ-02 (国测局坐标,
// "Mars coordinates") is WGS-84 shifted by an obfuscating function, used by AMap (高德), Tencent
// Maps and Apple Maps in mainland China; BD-09 is Baidu's further shift of GCJ-02. Outside the
// area the shift covers, GCJ-02 and BD-09 equal WGS-84. The conversions are the published
// formulas; GCJ-02 → WGS-84 has no closed form and is solved by iteration to under a millimetre.
#pragma once

namespace gonghui::geo {

struct LatLng {
  double lat = 0;  // degrees north
  double lng = 0;  // degrees east
};

// Whether the GCJ-02 shift applies at the point (a box around China, as the formulas define it).
bool in_shift_area(LatLng wgs84);

LatLng wgs84_to_gcj02(LatLng wgs84);
LatLng gcj02_to_wgs84(LatLng gcj02);
LatLng gcj02_to_bd09(LatLng gcj02);
LatLng bd09_to_gcj02(LatLng bd09);
LatLng wgs84_to_bd09(LatLng wgs84);
LatLng bd09_to_wgs84(LatLng bd09);

// Great-circle distance in metres (haversine on a sphere of the mean Earth radius).
double distance_m(LatLng a, LatLng b);

// Whether lat and lng are finite and in -90..90 and -180..180.
bool valid(LatLng point);

}  // namespace gonghui::geo
