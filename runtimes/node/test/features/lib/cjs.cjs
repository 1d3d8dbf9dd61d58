// CommonJS next to ES modules: require of a package (its "require" condition),
// a directory index and JSON.
const dual = require('dual');
const dir = require('./dir');
exports.kind = 'cjs';
exports.fromCjs = [dual.flavour, dir.name, require('../data/x.json').answer].join(',');
