console.log('unit');
