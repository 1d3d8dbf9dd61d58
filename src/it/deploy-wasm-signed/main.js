console.log('hello from a signed app');
