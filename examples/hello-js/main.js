// Runs inside a WebAssembly sandbox: its files come from the source layer,
// not from the host's disk.
const fs = require('fs');
const { frame } = require('./lib/frame.js');

const template = fs.readFileSync(__dirname + '/data/greeting.txt', 'utf8').trim();
const name = process.argv[2] || process.env.GREETING_NAME || 'world';
console.log(frame(template.replace('{name}', name)));
console.log('files in the source layer: ' + ['main.js', 'lib/frame.js', 'data/greeting.txt']
  .filter((f) => fs.existsSync('/app/' + f)).join(', '));
