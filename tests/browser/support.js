// Shared by the browser tests: Debian's Chromium through playwright-core (never a downloaded
// browser), and a real nginx serving the built site under a sub-path on a free loopback port.
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const net = require('node:net');
const http = require('node:http');
const { spawn } = require('node:child_process');

const CHROMIUM = '/usr/bin/chromium';
const NGINX = fs.existsSync('/usr/sbin/nginx') ? '/usr/sbin/nginx' : 'nginx';
const HOW = 'run `./test`, which installs chromium, nginx and the node packages (or `sudo apt-get install chromium nginx` and `npm ci --prefix tests/browser`)';

function playwright() {
  try {
    return require('playwright-core');
  } catch (e) {
    throw new Error(`playwright-core is missing (tests/browser/node_modules): ${HOW}`);
  }
}

// A browser with a fresh profile; close() removes the profile.
async function launch() {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: ${HOW}`);
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'loa-chromium-'));
  const context = await playwright().chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  return {
    context,
    async close() {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function get(url) {
  return new Promise((resolve, reject) => {
    const req = http.get(url, (res) => {
      res.resume();
      resolve(res.statusCode);
    });
    req.on('error', reject);
    req.setTimeout(2000, () => req.destroy(new Error('timeout')));
  });
}

// nginx in the foreground with a temporary config: `/<prefix>/` aliases siteDir, and a missing
// address gets the site's 404.html. Resolves to {base, stop()} once it answers.
async function nginx(siteDir, prefix) {
  if (!fs.existsSync(NGINX) && NGINX !== 'nginx') throw new Error(`nginx is missing: ${HOW}`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loa-nginx-'));
  const port = await freePort();
  const user = process.getuid && process.getuid() === 0 ? 'user root;\n' : '';
  const conf = `${user}worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 64; }
http {
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  server {
    listen 127.0.0.1:${port};
    location /${prefix}/ { alias ${siteDir.replace(/\/?$/, '/')}; }
    # As an intranet host would: the site's 404.html for any missing address under the prefix.
    error_page 404 /${prefix}/404.html;
  }
}
`;
  fs.writeFileSync(path.join(dir, 'nginx.conf'), conf);
  const child = spawn(NGINX, ['-p', dir, '-c', path.join(dir, 'nginx.conf'), '-g', 'daemon off;'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  child.on('error', (e) => { stderr += String(e); });
  const base = `http://127.0.0.1:${port}/${prefix}/`;
  const stop = async () => {
    if (child.exitCode === null) child.kill('SIGQUIT');
    const timer = setTimeout(() => child.exitCode === null && child.kill('SIGKILL'), 3000);
    await exited;
    clearTimeout(timer);
    fs.rmSync(dir, { recursive: true, force: true });
  };
  for (let i = 0; i < 50; i++) {
    if (child.exitCode !== null) break;
    try {
      if ((await get(base + 'index.html')) === 200) return { base, stop };
    } catch (e) { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  await stop();
  throw new Error(`nginx did not serve ${base}: ${stderr}`);
}

// Output paths (`section/slug/index.html`) of the built site's pages whose HTML passes `test`,
// sorted, so tests do not hard-code slugs that follow the titles editors change.
function pagesWhere(siteDir, test) {
  const out = [];
  for (const section of fs.readdirSync(siteDir, { withFileTypes: true }).filter((e) => e.isDirectory())) {
    for (const e of fs.readdirSync(path.join(siteDir, section.name), { withFileTypes: true })) {
      const rel = `${section.name}/${e.name}/index.html`;
      const file = path.join(siteDir, rel);
      if (e.isDirectory() && fs.existsSync(file) && test(fs.readFileSync(file, 'utf8'))) out.push(rel);
    }
  }
  return out.sort();
}

// The first page of the built site whose HTML contains `marker`; `what` names it in the error.
function pageWith(siteDir, marker, what) {
  const found = pagesWhere(siteDir, (html) => html.includes(marker));
  if (!found.length) throw new Error(`no page of the built site has ${what}`);
  return found[0];
}

// The topic pages (`<article class="page page-topic">`); `withFigure` keeps those showing a figure.
function topics(siteDir, withFigure = false) {
  return pagesWhere(siteDir, (html) => /class="page page-topic"/.test(html) && (!withFigure || /<figure/.test(html)));
}

// axe-core's result for the page open in `page` (the script is added once per document).
async function axeRun(page) {
  if (!(await page.evaluate(() => !!window.axe))) {
    await page.addScriptTag({ content: fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8') });
  }
  return page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
}

// One line per axe-core violation on the page: "rule: help at target | target | target".
async function violations(page) {
  return (await axeRun(page)).violations.map((v) => `${v.id}: ${v.help} at ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
}

// A new tab that records the URL of every request it makes and every script error it throws.
async function watchedPage(browser) {
  const page = await browser.context.newPage();
  const requests = [];
  const errors = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('pageerror', (e) => errors.push(String(e)));
  return { page, requests, errors };
}

module.exports = { launch, nginx, topics, pageWith, HOW, axeRun, violations, watchedPage };
