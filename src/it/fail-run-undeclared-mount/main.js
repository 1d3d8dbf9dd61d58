console.log('args: ' + process.argv.slice(2).join('|'));
console.log('IT_GREETING: ' + process.env.IT_GREETING);
console.log('IT_SECRET: ' + process.env.IT_SECRET);
