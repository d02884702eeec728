// Conversions between WGS-84, GCJ-02 and BD-09, and haversine distance.
#include "core/geo.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace gonghui::geo {
namespace {

constexpr double kPi = std::numbers::pi;
// The ellipsoid GCJ-02's shift is defined on (Krasovsky 1940).
constexpr double kKrasovskyA = 6378245.0;
constexpr double kKrasovskyEe = 0.00669342162296594323;
// BD-09's own constant.
constexpr double kBaiduXPi = kPi * 3000.0 / 180.0;
constexpr double kMeanEarthRadiusM = 6371008.8;

double shift_lat(double x, double y) {
  double out =
      -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * std::sqrt(std::abs(x));
  out += (20.0 * std::sin(6.0 * x * kPi) + 20.0 * std::sin(2.0 * x * kPi)) * 2.0 / 3.0;
  out += (20.0 * std::sin(y * kPi) + 40.0 * std::sin(y / 3.0 * kPi)) * 2.0 / 3.0;
  out += (160.0 * std::sin(y / 12.0 * kPi) + 320.0 * std::sin(y * kPi / 30.0)) * 2.0 / 3.0;
  return out;
}

double shift_lng(double x, double y) {
  double out = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * std::sqrt(std::abs(x));
  out += (20.0 * std::sin(6.0 * x * kPi) + 20.0 * std::sin(2.0 * x * kPi)) * 2.0 / 3.0;
  out += (20.0 * std::sin(x * kPi) + 40.0 * std::sin(x / 3.0 * kPi)) * 2.0 / 3.0;
  out += (150.0 * std::sin(x / 12.0 * kPi) + 300.0 * std::sin(x / 30.0 * kPi)) * 2.0 / 3.0;
  return out;
}

// The GCJ-02 offset (degrees) at a WGS-84 point.
LatLng offset(LatLng p) {
  const double rad_lat = p.lat / 180.0 * kPi;
  double magic = std::sin(rad_lat);
  magic = 1 - kKrasovskyEe * magic * magic;
  const double sqrt_magic = std::sqrt(magic);
  const double d_lat = shift_lat(p.lng - 105.0, p.lat - 35.0) * 180.0 /
                       ((kKrasovskyA * (1 - kKrasovskyEe)) / (magic * sqrt_magic) * kPi);
  const double d_lng = shift_lng(p.lng - 105.0, p.lat - 35.0) * 180.0 /
                       (kKrasovskyA / sqrt_magic * std::cos(rad_lat) * kPi);
  return {d_lat, d_lng};
}

}  // namespace

bool in_shift_area(LatLng p) {
  return p.lng >= 72.004 && p.lng <= 137.8347 && p.lat >= 0.8293 && p.lat <= 55.8271;
}

LatLng wgs84_to_gcj02(LatLng p) {
  if (!in_shift_area(p)) return p;
  const LatLng d = offset(p);
  return {p.lat + d.lat, p.lng + d.lng};
}

LatLng gcj02_to_wgs84(LatLng g) {
  if (!in_shift_area(g)) return g;
  // Fixed-point iteration: the shift changes slowly, so each step gains about three digits.
  LatLng w{g.lat - offset(g).lat, g.lng - offset(g).lng};
  for (int i = 0; i < 30; ++i) {
    const LatLng back = wgs84_to_gcj02(w);
    const double e_lat = g.lat - back.lat;
    const double e_lng = g.lng - back.lng;
    w.lat += e_lat;
    w.lng += e_lng;
    if (std::abs(e_lat) < 1e-12 && std::abs(e_lng) < 1e-12) break;
  }
  return w;
}

LatLng gcj02_to_bd09(LatLng g) {
  const double x = g.lng;
  const double y = g.lat;
  const double z = std::sqrt(x * x + y * y) + 0.00002 * std::sin(y * kBaiduXPi);
  const double theta = std::atan2(y, x) + 0.000003 * std::cos(x * kBaiduXPi);
  return {z * std::sin(theta) + 0.006, z * std::cos(theta) + 0.0065};
}

LatLng bd09_to_gcj02(LatLng b) {
  const double x = b.lng - 0.0065;
  const double y = b.lat - 0.006;
  const double z = std::sqrt(x * x + y * y) - 0.00002 * std::sin(y * kBaiduXPi);
  const double theta = std::atan2(y, x) - 0.000003 * std::cos(x * kBaiduXPi);
  return {z * std::sin(theta), z * std::cos(theta)};
}

LatLng wgs84_to_bd09(LatLng p) { return gcj02_to_bd09(wgs84_to_gcj02(p)); }
LatLng bd09_to_wgs84(LatLng b) { return gcj02_to_wgs84(bd09_to_gcj02(b)); }

double distance_m(LatLng a, LatLng b) {
  const double to_rad = kPi / 180.0;
  const double d_lat = (b.lat - a.lat) * to_rad;
  const double d_lng = (b.lng - a.lng) * to_rad;
  const double h = std::sin(d_lat / 2) * std::sin(d_lat / 2) +
                   std::cos(a.lat * to_rad) * std::cos(b.lat * to_rad) * std::sin(d_lng / 2) *
                       std::sin(d_lng / 2);
  return 2 * kMeanEarthRadiusM * std::asin(std::min(1.0, std::sqrt(h)));
}

bool valid(LatLng p) {
  return std::isfinite(p.lat) && std::isfinite(p.lng) && p.lat >= -90 && p.lat <= 90 &&
         p.lng >= -180 && p.lng <= 180;
}

}  // namespace gonghui::geo
