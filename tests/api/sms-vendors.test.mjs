// Each cloud SMS client against a local HTTPS stand-in of its vendor that checks the signature
// the way the vendor documents it: a code is delivered and signs in; a refused number and a
// wrong secret become clear errors; no code reaches the server log.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, request } from './harness.mjs';
import { makeCertificate, startVendor, aliyunSignature, tencentSignature } from './sms-vendor-stub.mjs';

const MEMBER = '13900000001';
const REFUSED = '13900000002';
const UNKNOWN = '13912345678';
const KEY_ID = 'LTAI-test-key-id';
const SECRET = 'test-secret-never-logged';

let tls;
before(() => { tls = makeCertificate(); });
after(() => tls?.cleanup());

test('the stand-ins reproduce the vendors\' published signatures', () => {
  assert.equal(aliyunSignature('GET', {
    AccessKeyId: 'testid', Action: 'DescribeRegions', Format: 'XML', SignatureMethod: 'HMAC-SHA1',
    SignatureNonce: '3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf', SignatureVersion: '1.0', Timestamp: '2016-02-23T12:46:24Z', Version: '2014-05-26',
  }, 'testsecret'), 'OLeaidS1JvxuMvnyHOwuJ+uX5qY=');
  const { signature } = tencentSignature({
    secretKey: 'Gu5t9xGARNpq86cd98joQYCN3EXAMPLE',
    headers: { 'content-type': 'application/json; charset=utf-8', host: 'cvm.tencentcloudapi.com' },
    body: '{"Limit": 1, "Filters": [{"Values": ["\\u672a\\u547d\\u540d"], "Name": "instance-name"}]}',
    timestamp: '1551113065', service: 'cvm',
  });
  assert.equal(signature, '72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168');
});

for (const vendor of ['aliyun', 'tencent']) {
  describe(`${vendor} SMS`, () => {
    let stub;
    let server;
    before(async () => {
      stub = await startVendor(vendor, { cert: tls.cert, key: tls.key, keyId: KEY_ID, secret: SECRET, refuse: REFUSED });
      server = await startServer({
        demo: true,
        env: {
          GONGHUI_SMS_PROVIDER: vendor, GONGHUI_SMS_KEY_ID: KEY_ID, GONGHUI_SMS_KEY_SECRET: SECRET,
          GONGHUI_SMS_SIGN_NAME: '工会服务', GONGHUI_SMS_APP_ID: '1400006666',
          GONGHUI_SMS_TEMPLATES: 'sign_in=SMS_100,reset_password=SMS_101,booking_reminder=SMS_102',
          GONGHUI_SMS_ENDPOINT: stub.url, GONGHUI_SMS_CA_FILE: tls.certFile,
        },
      });
    });
    after(async () => {
      await server?.stop();
      await stub?.close();
    });

    test('a code goes to the vendor signed, and signs the member in', async () => {
      const asked = await request(server, 'POST', '/api/v1/auth/code', { json: { phone: MEMBER, purpose: 'sign_in' } });
      assert.equal(asked.status, 200, asked.text);
      assert.equal(stub.received.length, 1);
      const sent = stub.received[0];
      assert.deepEqual([sent.phone, sent.sign, sent.template], [MEMBER, '工会服务', 'SMS_100']);
      const code = vendor === 'aliyun' ? sent.params.code : sent.params[0];
      assert.match(code, /^\d{6}$/);
      assert.ok(!asked.text.includes(code));
      const signedIn = await request(server, 'POST', '/api/v1/auth/login-code', { json: { phone: MEMBER, code } });
      assert.equal(signedIn.status, 200, signedIn.text);
      const { stderr, stdout } = server.logs();
      assert.ok(!stderr.includes(code) && !stdout.includes(code), 'the code is not in the server log');
      assert.ok(!stderr.includes(SECRET) && !stdout.includes(SECRET), 'the secret is not in the server log');
    });

    test('a number the vendor refuses is a clear error, and may ask again at once', async () => {
      const refused = await request(server, 'POST', '/api/v1/auth/code', { json: { phone: REFUSED, purpose: 'sign_in' } });
      assert.equal(refused.status, 503, refused.text);
      assert.equal(refused.body.error.code, 'sms_rejected');
      assert.match(refused.body.error.message, vendor === 'aliyun' ? /isv\.BUSINESS_LIMIT_CONTROL/ : /LimitExceeded\.PhoneNumberDailyLimit/);
      const again = await request(server, 'POST', '/api/v1/auth/code', { json: { phone: REFUSED, purpose: 'sign_in' } });
      assert.equal(again.status, 503, 'the failed code did not start the resend interval');
    });

    test('a number without an account sends nothing to the vendor', async () => {
      const before = stub.received.length;
      const asked = await request(server, 'POST', '/api/v1/auth/code', { json: { phone: UNKNOWN, purpose: 'reset_password' } });
      assert.equal(asked.status, 200, asked.text);
      assert.equal(stub.received.length, before);
    });

    test('nothing is kept in the outbox with a cloud provider', async () => {
      const login = await request(server, 'POST', '/api/v1/auth/login', { json: { phone: '13800000000', password: 'gonghui-demo' } });
      const outbox = await request(server, 'GET', '/api/v1/sms/outbox', { token: login.body.token });
      assert.equal(outbox.status, 200);
      assert.deepEqual(outbox.body, { kept: false, items: [] });
    });
  });
}

test('a wrong secret fails the vendor\'s signature check with a clear error', async () => {
  for (const vendor of ['aliyun', 'tencent']) {
    const stub = await startVendor(vendor, { cert: tls.cert, key: tls.key, keyId: KEY_ID, secret: 'the-real-secret' });
    const server = await startServer({
      demo: true,
      env: {
        GONGHUI_SMS_PROVIDER: vendor, GONGHUI_SMS_KEY_ID: KEY_ID, GONGHUI_SMS_KEY_SECRET: 'a-wrong-secret',
        GONGHUI_SMS_SIGN_NAME: '工会服务', GONGHUI_SMS_APP_ID: '1400006666', GONGHUI_SMS_TEMPLATES: 'sign_in=SMS_100',
        GONGHUI_SMS_ENDPOINT: stub.url, GONGHUI_SMS_CA_FILE: tls.certFile,
      },
    });
    try {
      const asked = await request(server, 'POST', '/api/v1/auth/code', { json: { phone: MEMBER, purpose: 'sign_in' } });
      assert.equal(asked.status, 503, asked.text);
      assert.equal(asked.body.error.code, 'sms_rejected');
      assert.match(asked.body.error.message, vendor === 'aliyun' ? /SignatureDoesNotMatch/ : /AuthFailure\.SignatureFailure/);
    } finally {
      await server.stop();
      await stub.close();
    }
  }
});

test('an endpoint whose certificate is not trusted is refused', async () => {
  const stub = await startVendor('aliyun', { cert: tls.cert, key: tls.key, keyId: KEY_ID, secret: SECRET });
  const server = await startServer({
    demo: true,
    env: {
      GONGHUI_SMS_PROVIDER: 'aliyun', GONGHUI_SMS_KEY_ID: KEY_ID, GONGHUI_SMS_KEY_SECRET: SECRET,
      GONGHUI_SMS_SIGN_NAME: '工会服务', GONGHUI_SMS_TEMPLATES: 'sign_in=SMS_100', GONGHUI_SMS_ENDPOINT: stub.url,
    },
  });
  try {
    const asked = await request(server, 'POST', '/api/v1/auth/code', { json: { phone: MEMBER, purpose: 'sign_in' } });
    assert.equal(asked.status, 503, asked.text);
    assert.equal(asked.body.error.code, 'sms_unavailable');
    assert.equal(stub.received.length, 0);
  } finally {
    await server.stop();
    await stub.close();
  }
});
