// web/src/lib/geo.ts against the reference pairs the server's tests use
// (tests/unit/core/geo_test.cpp), so the web app and the server agree, and the navigation links
// carry the right system's coordinates. No browser: the module is transpiled and imported.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from '../../web/node_modules/typescript/lib/typescript.js';

const source = fileURLToPath(new URL('../../web/src/lib/geo.ts', import.meta.url));
let dir;
let geo;

before(async () => {
  const output = ts.transpileModule(readFileSync(source, 'utf8'), {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  });
  dir = mkdtempSync(join(tmpdir(), 'gonghui-geo-'));
  writeFileSync(join(dir, 'geo.mjs'), output.outputText);
  geo = await import(pathToFileURL(join(dir, 'geo.mjs')).href);
});

after(() => rmSync(dir, { recursive: true, force: true }));

// WGS-84 → GCJ-02 reference vectors (Shanghai, Shenzhen, Beijing), as in geo_test.cpp.
const pairs = [
  [
    { lat: 31.1774276, lng: 121.5272106 },
    { lat: 31.17530398364597, lng: 121.531541859215 },
  ],
  [
    { lat: 22.543847, lng: 113.912316 },
    { lat: 22.540796131694766, lng: 113.9171764808363 },
  ],
  [
    { lat: 39.911954, lng: 116.377817 },
    { lat: 39.91334545536069, lng: 116.38404722455657 },
  ],
];

function near(actual, expected, tolerance, what) {
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: ${actual} is not within ${tolerance} of ${expected}`);
}

test('WGS-84 ↔ GCJ-02 ↔ BD-09 match the server’s reference pairs', () => {
  for (const [wgs, gcj] of pairs) {
    const g = geo.wgs84ToGcj02(wgs);
    near(g.lat, gcj.lat, 1e-9, 'gcj lat');
    near(g.lng, gcj.lng, 1e-9, 'gcj lng');
    const w = geo.gcj02ToWgs84(gcj);
    near(w.lat, wgs.lat, 1e-8, 'wgs lat');
    near(w.lng, wgs.lng, 1e-8, 'wgs lng');
    assert.ok(geo.distanceM(w, wgs) < 0.001);
    const back = geo.toWgs84(geo.fromWgs84(wgs, 'bd09'), 'bd09');
    assert.ok(geo.distanceM(back, wgs) < 0.2);
  }
  const bd = geo.gcj02ToBd09({ lat: 45, lng: 123 });
  near(bd.lng, 123.00636499, 1e-7, 'bd lng');
  near(bd.lat, 45.00636899, 1e-7, 'bd lat');
  const w = geo.gcj02ToWgs84({ lat: 45, lng: 123 });
  near(w.lng, 122.99395597, 2e-7, 'wgs lng at 45N 123E');
  near(w.lat, 44.99804071, 2e-7, 'wgs lat at 45N 123E');
  const london = { lat: 51.5007, lng: -0.1246 };
  assert.deepEqual(geo.wgs84ToGcj02(london), london);
  near(geo.distanceM({ lat: 31.2304, lng: 121.4737 }, { lat: 39.9087, lng: 116.3975 }) / 1000, 1068.1, 0.1, 'Shanghai–Beijing km');
});

test('navigation links carry GCJ-02 (AMap, Tencent, Apple) and BD-09 (Baidu)', () => {
  const [wgs, gcj] = pairs[0];
  const bd = geo.gcj02ToBd09(gcj);
  const links = Object.fromEntries(geo.navigationLinks(wgs, '江北 驿站&1').map((link) => [link.app, new URL(link.url)]));
  assert.deepEqual(Object.keys(links), ['amap', 'tencent', 'baidu', 'apple']);
  const [amapLng, amapLat] = links.amap.searchParams.get('position').split(',').map(Number);
  near(amapLat, gcj.lat, 1e-9, 'amap lat');
  near(amapLng, gcj.lng, 1e-9, 'amap lng');
  assert.equal(links.amap.searchParams.get('name'), '江北 驿站&1');
  assert.equal(links.amap.searchParams.get('coordinate'), 'gaode');
  const marker = links.tencent.searchParams.get('marker');
  assert.equal(marker, `coord:${gcj.lat},${gcj.lng};title:江北 驿站&1`);
  const [baiduLat, baiduLng] = links.baidu.searchParams.get('location').split(',').map(Number);
  near(baiduLat, bd.lat, 1e-9, 'baidu lat');
  near(baiduLng, bd.lng, 1e-9, 'baidu lng');
  assert.equal(links.baidu.searchParams.get('coord_type'), 'bd09ll');
  assert.equal(links.apple.searchParams.get('ll'), `${gcj.lat},${gcj.lng}`);
  // The server's own coordinates are used as sent, not converted again.
  const given = { wgs84: wgs, gcj02: { lat: 1.5, lng: 2.5 }, bd09: { lat: 3.5, lng: 4.5 } };
  const fromServer = Object.fromEntries(geo.navigationLinks(given, 'x').map((link) => [link.app, new URL(link.url)]));
  assert.equal(fromServer.amap.searchParams.get('position'), '2.5,1.5');
  assert.equal(fromServer.baidu.searchParams.get('location'), '3.5,4.5');
});
