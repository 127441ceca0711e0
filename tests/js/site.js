// The built shipped site the suites search: LOA_SITE_DIR when set (the Rust integration test sets
// it), else a fresh `loa build` of the repository into a temporary folder.
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync } = require('node:child_process');

const repo = path.join(__dirname, '..', '..');
let built = null;

function siteDir() {
  if (process.env.LOA_SITE_DIR) return path.resolve(process.env.LOA_SITE_DIR);
  if (built) return built;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'loa-site-'));
  built = path.join(tmp, 'public');
  execFileSync('cargo', ['run', '--quiet', '--', 'build', '--no-booklets', '--output', built], { cwd: repo, stdio: ['ignore', 'ignore', 'inherit'] });
  process.on('exit', () => fs.rmSync(tmp, { recursive: true, force: true }));
  return built;
}

module.exports = { repo, siteDir };
