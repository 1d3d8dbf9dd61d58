const fs = require('fs');
const greeting = fs.readFileSync(__dirname + '/data/greeting.txt', 'utf8').trim();
console.log(greeting + ' from ' + __filename);
