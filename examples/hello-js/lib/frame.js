// Draws a box around a line of text.
function frame(text) {
  const line = '+' + '-'.repeat(text.length + 2) + '+';
  return [line, '| ' + text + ' |', line].join('\n');
}

module.exports = { frame };
