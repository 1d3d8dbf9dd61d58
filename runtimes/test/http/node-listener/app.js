// addEventListener('fetch'): the service-worker style.
addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (url.pathname === '/throw') throw new Error('thrown by the listener');
  event.respondWith(event.request.text().then((body) => new Response(
    JSON.stringify({ style: 'listener', method: event.request.method, path: url.pathname, body }),
    { headers: { 'content-type': 'application/json', 'x-app': 'listener' } })));
});
