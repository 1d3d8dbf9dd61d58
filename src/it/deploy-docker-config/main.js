const fs = require('fs');
console.log(fs.readFileSync(__dirname + '/data/greeting.txt', 'utf8').trim());
