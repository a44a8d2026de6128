'use strict';

// Smoke test: check the built bundle, serve the site on localhost, fetch the page and the
// bundle, then run the served bundle against a stub DOM and print what it renders.
const fs = require('fs');
const http = require('http');
const path = require('path');
const vm = require('vm');
const { start } = require('./server');

function get(port, urlPath) {
  return new Promise((resolve, reject) => {
    http.get({ host: '127.0.0.1', port, path: urlPath }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => { body += chunk; });
      res.on('end', () => resolve({ status: res.statusCode, type: res.headers['content-type'], body }));
    }).on('error', reject);
  });
}

(async () => {
  const bundle = path.join(__dirname, 'dist', 'app.js');
  console.log(`dist/app.js present: ${fs.existsSync(bundle)}`);
  const server = await start(8080, '127.0.0.1');
  const page = await get(8080, '/');
  console.log(`GET / -> ${page.status} ${page.type}`);
  process.stdout.write(page.body);
  const js = await get(8080, '/app.js');
  console.log(`GET /app.js -> ${js.status} ${js.type}`);
  const missing = await get(8080, '/nope');
  console.log(`GET /nope -> ${missing.status}`);
  server.close();

  const app = { innerHTML: '' };
  vm.runInNewContext(js.body, { document: { getElementById: (id) => (id === 'app' ? app : null) } });
  console.log('rendered #app:');
  console.log(app.innerHTML.replace(/<tr>/g, '\n<tr>').replace('</table>', '\n</table>'));
})().catch((err) => {
  console.error(err);
  process.exit(1);
});
