// `export default { fetch }`: the web Request in, a Response out.
export default {
  async fetch(request) {
    const url = new URL(request.url);
    const body = await request.text();
    return Response.json({ style: 'export default', method: request.method, path: url.pathname, query: url.search,
      body, type: request.headers.get('content-type') }, { status: url.pathname === '/created' ? 201 : 200,
      headers: { 'x-app': 'fetch' } });
  },
};
