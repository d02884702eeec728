// Local HTTPS stand-ins for Alibaba Cloud SMS and Tencent Cloud SMS: each recomputes the
// request's signature the way its vendor documents it and answers as the vendor does
// (success, a refused number, a signature that does not match). The certificate is made
// by openssl for localhost and 127.0.0.1; the server under test trusts it by sms_ca_file.
import { createServer } from 'node:https';
import { createHmac, createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// A self-signed certificate (also its own CA) for localhost: { dir, cert, key, certFile }.
export function makeCertificate() {
  const dir = mkdtempSync(join(tmpdir(), 'gonghui-sms-tls-'));
  const keyFile = join(dir, 'key.pem');
  const certFile = join(dir, 'cert.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyFile, '-out', certFile,
    '-days', '2', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1'], { stdio: 'ignore' });
  return { dir, certFile, cert: readFileSync(certFile), key: readFileSync(keyFile), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

// Alibaba Cloud's percent-encoding: RFC 3986 unreserved characters stay, the rest is %XX.
function aliyunEncode(text) {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

// The RPC signature: Base64(HMAC-SHA1(secret + "&", "POST&%2F&" + encode(sorted query))).
export function aliyunSignature(method, params, secret) {
  const canonical = Object.keys(params).sort().map((k) => `${aliyunEncode(k)}=${aliyunEncode(params[k])}`).join('&');
  const stringToSign = `${method}&${aliyunEncode('/')}&${aliyunEncode(canonical)}`;
  return createHmac('sha1', `${secret}&`).update(stringToSign).digest('base64');
}

// TC3-HMAC-SHA256 over the canonical request of the headers the client says it signed.
export function tencentSignature({ secretKey, headers, body, timestamp, service }) {
  const signed = ['content-type', 'host'];
  const canonicalHeaders = signed.map((h) => `${h}:${String(headers[h]).trim().toLowerCase()}\n`).join('');
  const canonicalRequest = ['POST', '/', '', canonicalHeaders, signed.join(';'), createHash('sha256').update(body).digest('hex')].join('\n');
  const date = new Date(Number(timestamp) * 1000).toISOString().slice(0, 10);
  const scope = `${date}/${service}/tc3_request`;
  const stringToSign = ['TC3-HMAC-SHA256', timestamp, scope, createHash('sha256').update(canonicalRequest).digest('hex')].join('\n');
  const hmac = (key, text) => createHmac('sha256', key).update(text).digest();
  const signing = hmac(hmac(hmac(`TC3${secretKey}`, date), service), 'tc3_request');
  return { date, signature: createHmac('sha256', signing).update(stringToSign).digest('hex') };
}

function readBody(req) {
  return new Promise((resolve) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => { body += chunk; });
    req.on('end', () => resolve(body));
  });
}

function answer(res, status, json) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(json));
}

// Starts a vendor stand-in: vendor 'aliyun' or 'tencent'; `refuse` is a phone number the
// vendor refuses (a daily limit). Returns { url, received: [{phone, params}], close() }.
export async function startVendor(vendor, { cert, key, keyId, secret, refuse }) {
  const received = [];
  const server = createServer({ cert, key }, async (req, res) => {
    const body = await readBody(req);
    if (vendor === 'aliyun') {
      const params = Object.fromEntries(new URLSearchParams(body));
      const { Signature: signature, ...rest } = params;
      if (params.AccessKeyId !== keyId || signature !== aliyunSignature(req.method, rest, secret)) {
        return answer(res, 400, { RequestId: 'stub', Code: 'SignatureDoesNotMatch', Message: 'Specified signature is not matched with our calculation.' });
      }
      const ok = params.Action === 'SendSms' && params.SignatureMethod === 'HMAC-SHA1' && params.SignatureVersion === '1.0' && params.Version === '2017-05-25';
      if (!ok) return answer(res, 400, { RequestId: 'stub', Code: 'InvalidParameter', Message: 'bad common parameters' });
      if (params.PhoneNumbers === refuse) {
        return answer(res, 200, { RequestId: 'stub', Code: 'isv.BUSINESS_LIMIT_CONTROL', Message: '触发天级流控Permits:10' });
      }
      received.push({ phone: params.PhoneNumbers, sign: params.SignName, template: params.TemplateCode, params: JSON.parse(params.TemplateParam) });
      return answer(res, 200, { RequestId: 'stub', BizId: '900619746936498440^0', Code: 'OK', Message: 'OK' });
    }
    const auth = /^TC3-HMAC-SHA256 Credential=([^/]+)\/([^/]+)\/([^/]+)\/tc3_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(req.headers.authorization || '');
    const computed = auth && tencentSignature({ secretKey: secret, headers: req.headers, body, timestamp: req.headers['x-tc-timestamp'], service: auth[3] });
    if (!auth || auth[1] !== keyId || auth[4] !== 'content-type;host' || computed.date !== auth[2] || computed.signature !== auth[5]) {
      return answer(res, 200, { Response: { Error: { Code: 'AuthFailure.SignatureFailure', Message: 'The provided credentials could not be validated.' }, RequestId: 'stub' } });
    }
    const payload = JSON.parse(body);
    const phone = payload.PhoneNumberSet[0].replace(/^\+86/, '');
    if (req.headers['x-tc-action'] !== 'SendSms' || req.headers['x-tc-version'] !== '2021-01-11' || auth[3] !== 'sms') {
      return answer(res, 200, { Response: { Error: { Code: 'InvalidAction', Message: 'bad action' }, RequestId: 'stub' } });
    }
    if (phone === refuse) {
      return answer(res, 200, { Response: { SendStatusSet: [{ SerialNo: '', PhoneNumber: payload.PhoneNumberSet[0], Fee: 0, Code: 'LimitExceeded.PhoneNumberDailyLimit', Message: 'the number of SMS messages sent from a single mobile number every day exceeds the upper limit', IsoCode: 'CN' }], RequestId: 'stub' } });
    }
    received.push({ phone, sign: payload.SignName, template: payload.TemplateId, appId: payload.SmsSdkAppId, params: payload.TemplateParamSet });
    return answer(res, 200, { Response: { SendStatusSet: [{ SerialNo: '5000:1045710669157053657849499619', PhoneNumber: payload.PhoneNumberSet[0], Fee: 1, SessionContext: '', Code: 'Ok', Message: 'send success', IsoCode: 'CN' }], RequestId: 'stub' } });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `https://localhost:${server.address().port}/`, received, close: () => new Promise((resolve) => server.close(resolve)) };
}
