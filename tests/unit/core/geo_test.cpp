// WGS-84 ↔ GCJ-02 ↔ BD-09 against published reference pairs, and haversine distance.
#include "core/geo.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace gonghui::geo {
namespace {

struct Pair {
  LatLng from;
  LatLng to;
};

// WGS-84 → GCJ-02: the reference vectors published with the open eviltransform libraries
// (Shanghai, Shenzhen, Beijing), reproduced independently by several implementations.
const Pair kWgsToGcj[] = {
    {{31.1774276, 121.5272106}, {31.17530398364597, 121.531541859215}},
    {{22.543847, 113.912316}, {22.540796131694766, 113.9171764808363}},
    {{39.911954, 116.377817}, {39.91334545536069, 116.38404722455657}},
};

TEST(GeoTest, Wgs84ToGcj02MatchesReferencePairs) {
  for (const Pair& p : kWgsToGcj) {
    const LatLng g = wgs84_to_gcj02(p.from);
    EXPECT_NEAR(g.lat, p.to.lat, 1e-9) << p.from.lat;
    EXPECT_NEAR(g.lng, p.to.lng, 1e-9) << p.from.lng;
  }
}

TEST(GeoTest, Gcj02ToWgs84InvertsToUnderAMillimetre) {
  for (const Pair& p : kWgsToGcj) {
    const LatLng w = gcj02_to_wgs84(p.to);
    EXPECT_NEAR(w.lat, p.from.lat, 1e-8);
    EXPECT_NEAR(w.lng, p.from.lng, 1e-8);
    EXPECT_LT(distance_m(w, p.from), 0.001);
  }
}

TEST(GeoTest, Bd09RoundTrips) {
  // BD-09's inverse is itself an approximation of the forward formula (to about 0.1 m).
  for (const Pair& p : kWgsToGcj) {
    const LatLng bd = wgs84_to_bd09(p.from);
    const LatLng w = bd09_to_wgs84(bd);
    EXPECT_LT(distance_m(w, p.from), 0.2);
    EXPECT_GT(distance_m(bd, p.to), 100.0);  // BD-09 really is a further shift from GCJ-02
  }
}

TEST(GeoTest, Gcj02AndBd09MatchReferenceAt45N123E) {
  // gcoord's published vectors for GCJ-02 (45 N, 123 E).
  const LatLng bd = gcj02_to_bd09({45, 123});
  EXPECT_NEAR(bd.lng, 123.00636499, 1e-7);
  EXPECT_NEAR(bd.lat, 45.00636899, 1e-7);
  const LatLng w = gcj02_to_wgs84({45, 123});
  // The reference solved GCJ-02 → WGS-84 less tightly than we do: agree to 2 cm.
  EXPECT_NEAR(w.lng, 122.99395597, 2e-7);
  EXPECT_NEAR(w.lat, 44.99804071, 2e-7);
  EXPECT_LT(distance_m(wgs84_to_gcj02(w), {45, 123}), 0.001);
  const LatLng gcj = bd09_to_gcj02(bd);
  EXPECT_NEAR(gcj.lat, 45, 1e-6);  // BD-09's inverse formula is itself approximate (~0.1 m)
  EXPECT_NEAR(gcj.lng, 123, 1e-6);
}

TEST(GeoTest, OutsideTheShiftAreaNothingMoves) {
  const LatLng london{51.5007, -0.1246};
  EXPECT_FALSE(in_shift_area(london));
  EXPECT_DOUBLE_EQ(wgs84_to_gcj02(london).lat, london.lat);
  EXPECT_DOUBLE_EQ(gcj02_to_wgs84(london).lng, london.lng);
  EXPECT_TRUE(in_shift_area({30.27, 120.15}));
}

TEST(GeoTest, HaversineDistance) {
  // One degree of longitude on the equator is 2πR/360 with the mean radius 6371008.8 m.
  EXPECT_NEAR(distance_m({0, 0}, {0, 1}), 111195.08, 0.01);
  EXPECT_DOUBLE_EQ(distance_m({31.2, 121.5}, {31.2, 121.5}), 0);
  // Shanghai (People's Square) to Beijing (Tiananmen): about 1,068 km.
  EXPECT_NEAR(distance_m({31.2304, 121.4737}, {39.9087, 116.3975}) / 1000, 1068.1, 0.1);
  // Antipodes: half the circumference, no NaN.
  EXPECT_NEAR(distance_m({0, 0}, {0, 180}), 20015114.4, 1.0);
}

TEST(GeoTest, Valid) {
  EXPECT_TRUE(valid({31.2, 121.5}));
  EXPECT_FALSE(valid({91, 0}));
  EXPECT_FALSE(valid({0, -181}));
  EXPECT_FALSE(valid({std::nan(""), 0}));
}

}  // namespace
}  // namespace gonghui::geo
