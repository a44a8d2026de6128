'use strict';

const express = require('express');

const app = express();

function primesBelow(limit) {
  const sieve = new Array(limit).fill(true);
  const primes = [];
  for (let n = 2; n < limit; n++) {
    if (!sieve[n]) continue;
    primes.push(n);
    for (let m = n * n; m < limit; m += n) sieve[m] = false;
  }
  return primes;
}

function collatz(n) {
  const steps = [n];
  while (n !== 1) {
    n = n % 2 === 0 ? n / 2 : 3 * n + 1;
    steps.push(n);
  }
  return steps;
}

app.get('/health', (req, res) => res.json({ status: 'ok', service: 'number-facts' }));

app.get('/primes', (req, res) => {
  const below = Number.parseInt(req.query.below ?? '100', 10);
  if (!Number.isInteger(below) || below < 2 || below > 100000) {
    return res.status(400).json({ error: 'below must be an integer in [2, 100000]' });
  }
  const primes = primesBelow(below);
  res.json({ below, count: primes.length, primes });
});

app.get('/collatz/:n', (req, res) => {
  const n = Number.parseInt(req.params.n, 10);
  if (!Number.isInteger(n) || n < 1 || n > 1e6) {
    return res.status(400).json({ error: 'n must be an integer in [1, 1000000]' });
  }
  const steps = collatz(n);
  res.json({ n, length: steps.length - 1, peak: Math.max(...steps), steps });
});

function start(port, host) {
  return new Promise((resolve) => {
    const server = app.listen(port, host, () => resolve(server));
  });
}

if (require.main === module) {
  const port = Number.parseInt(process.env.PORT || '3000', 10);
  start(port, '0.0.0.0').then(() => console.log(`number-facts listening on ${port}`));
}

module.exports = { app, start };
