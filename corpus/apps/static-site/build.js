'use strict';

// Build the site: every pages/*.md becomes site/<name>.html, plus an index.html listing them.
const fs = require('fs');
const path = require('path');
const { marked } = require('marked');

const [srcDir = 'pages', outDir = 'site'] = process.argv.slice(2);

const layout = (title, body) => `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>${title} | Field Notes</title></head>
<body>
<nav><a href="index.html">Field Notes</a></nav>
<main>
${body}</main>
</body>
</html>
`;

const escapeHtml = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

fs.mkdirSync(outDir, { recursive: true });
const pages = fs.readdirSync(srcDir).filter((f) => f.endsWith('.md')).sort().map((file) => {
  const markdown = fs.readFileSync(path.join(srcDir, file), 'utf8');
  const heading = markdown.match(/^#\s+(.+)$/m);
  const name = file.replace(/\.md$/, '');
  const title = heading ? heading[1].trim() : name;
  const words = markdown.split(/\s+/).filter(Boolean).length;
  fs.writeFileSync(path.join(outDir, `${name}.html`), layout(escapeHtml(title), marked.parse(markdown, { gfm: true })));
  return { name, title, words };
});

const list = pages.map((p) => `<li><a href="${p.name}.html">${escapeHtml(p.title)}</a> (${p.words} words)</li>`).join('\n');
fs.writeFileSync(path.join(outDir, 'index.html'), layout('Index', `<h1>Field Notes</h1>\n<ul>\n${list}\n</ul>\n`));
console.log(`built ${pages.length} pages into ${outDir}/`);
