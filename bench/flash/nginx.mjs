// deploy/nginx.conf in front of the given gonghui ports for bench/flash/postgres.sh, started
// exactly as the multi-instance tests start it (tests/multi/nginx-harness.mjs: a temporary
// folder, a self-signed certificate, loopback only). Prints one line and keeps nginx up until
// it gets SIGTERM:
//   node bench/flash/nginx.mjs 18191 18192   →   NGINX https=https://127.0.0.1:PORT
import { startNginx } from '../../tests/multi/nginx-harness.mjs';

const ports = process.argv.slice(2).map(Number);
if (ports.length === 0 || ports.some((p) => !Number.isInteger(p) || p <= 0)) {
  console.error('usage: node bench/flash/nginx.mjs PORT [PORT…]');
  process.exit(2);
}
const nginx = await startNginx(ports);
console.log(`NGINX https=${nginx.https}`);
const stop = async () => {
  await nginx.stop();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
setInterval(() => {}, 1 << 30);
