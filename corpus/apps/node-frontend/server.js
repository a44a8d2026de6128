'use strict';

// Tiny static server for the built frontend: only Node's standard library at runtime.
const fs = require('fs');
const http = require('http');
const path = require('path');

const ROUTES = {
  '/': [path.join(__dirname, 'public', 'index.html'), 'text/html; charset=utf-8'],
  '/app.js': [path.join(__dirname, 'dist', 'app.js'), 'text/javascript; charset=utf-8'],
};

function handler(req, res) {
  const route = ROUTES[req.url.split('?')[0]];
  if (!route) {
    res.writeHead(404, { 'Content-Type': 'text/plain' });
    return res.end('not found\n');
  }
  fs.readFile(route[0], (err, data) => {
    if (err) {
      res.writeHead(500, { 'Content-Type': 'text/plain' });
      return res.end('unavailable\n');
    }
    res.writeHead(200, { 'Content-Type': route[1], 'Content-Length': data.length });
    res.end(data);
  });
}

function start(port, host) {
  return new Promise((resolve) => {
    const server = http.createServer(handler);
    server.listen(port, host, () => resolve(server));
  });
}

if (require.main === module) {
  const port = Number.parseInt(process.env.PORT || '8080', 10);
  start(port, '0.0.0.0').then(() => console.log(`serving on ${port}`));
}

module.exports = { start };
