'use strict';

// Smoke test: start the API on localhost, request a few routes, print the JSON, stop.
const http = require('http');
const { start } = require('./server');

function get(port, path) {
  return new Promise((resolve, reject) => {
    http.get({ host: '127.0.0.1', port, path }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => { body += chunk; });
      res.on('end', () => resolve({ status: res.statusCode, body }));
    }).on('error', reject);
  });
}

(async () => {
  const server = await start(3000, '127.0.0.1');
  for (const path of ['/health', '/primes?below=30', '/collatz/6', '/primes?below=x']) {
    const { status, body } = await get(3000, path);
    console.log(status, path, JSON.stringify(JSON.parse(body)));
  }
  server.close();
})().catch((err) => {
  console.error(err);
  process.exit(1);
});
